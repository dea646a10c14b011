/* console.c: the interactive console (being built; see issue 2). */
#include <stdio.h>

#include "commands.h"

int cmd_console(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "gotriage: the console is not built yet\n");
	return 2;
}
