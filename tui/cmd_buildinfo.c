/* cmd_buildinfo.c: placeholder until its issue lands; the owner replaces this file. */
#include <stdio.h>

#include "commands.h"

int cmd_buildinfo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "gotriage buildinfo: not built yet\n");
	return 2;
}
