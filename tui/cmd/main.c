/* main.c: dispatch to a subcommand, or open the console. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "tui/frame/console.h"
#include "tui/frame/options.h"

/* The console's options, then one line per subcommand from the table. */
static void usage_all(FILE *out)
{
	options_usage(out);
	fprintf(out, "\nSubcommands:\n");
	for (const struct command *c = commands_table; c->name != NULL; c++)
		fprintf(out, "  gotriage %s\n", c->usage);
	fprintf(out,
		"\nExit status: 0 nothing failed, 1 a check failed, 2 usage or attach error.\n");
}

int main(int argc, char **argv)
{
	const struct command *c;

	setlocale(LC_ALL, "");
	if (argc > 1 && argv[1][0] != '-' && (c = commands_find(argv[1])) != NULL)
		return c->run(argc - 1, argv + 1);
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage_all(stdout);
			return 0;
		}
	return cmd_console(argc, argv);
}
