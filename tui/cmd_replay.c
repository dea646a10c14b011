/* cmd_replay.c: placeholder until its issue lands; the owner replaces this file. */
#include <stdio.h>

#include "commands.h"

int cmd_replay(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "gotriage replay: not built yet\n");
	return 2;
}
