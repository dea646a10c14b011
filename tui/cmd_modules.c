/* cmd_modules.c: placeholder until its issue lands; the owner replaces this file. */
#include <stdio.h>

#include "commands.h"

int cmd_modules(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "gotriage modules: not built yet\n");
	return 2;
}
