/* main.c: dispatch to a subcommand, or open the console. */
#include <locale.h>

#include "commands.h"

int main(int argc, char **argv)
{
	const struct command *c;

	setlocale(LC_ALL, "");
	if (argc > 1 && argv[1][0] != '-') {
		if ((c = commands_find(argv[1])) != NULL)
			return c->run(argc - 1, argv + 1);
		return commands_usage_error(NULL, "unknown subcommand %s", argv[1]);
	}
	return cmd_console(argc, argv);
}
