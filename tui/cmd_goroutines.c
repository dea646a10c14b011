/* cmd_goroutines.c: placeholder until its issue lands; the owner replaces this file. */
#include <stdio.h>

#include "commands.h"

int cmd_goroutines(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "gotriage goroutines: not built yet\n");
	return 2;
}
