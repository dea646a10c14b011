/* cmd_check.c: placeholder until its issue lands; the owner replaces this file. */
#include <stdio.h>

#include "commands.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "gotriage check: not built yet\n");
	return 2;
}
