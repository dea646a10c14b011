/* cmd_console.c: `gotriage [options]`: the console's options from the
 * table, then the console (tui/frame/console.c). */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "tui/frame/console.h"

int cmd_console(int argc, char **argv)
{
	struct cmdargs a;
	struct options o;
	char *cause = NULL;
	int status;

	if (!commands_parse(NULL, argc, argv, &a, &status))
		return status;
	if (commands_options(&a, &o, &cause) != 0) {
		fprintf(stderr, "gotriage: %s\n", cause);
		free(cause);
		return 2;
	}
	if (o.version) {
		printf("gotriage %s\n", GOTRIAGE_VERSION);
		return 0;
	}
	return console_run(&o);
}
