/* cmd_listeners.c: placeholder until its issue lands; the owner replaces this file. */
#include <stdio.h>

#include "commands.h"

int cmd_listeners(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "gotriage listeners: not built yet\n");
	return 2;
}
