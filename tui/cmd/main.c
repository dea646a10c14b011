/* main.c: dispatch to a subcommand, or open the console. */
#include <locale.h>

#include "commands.h"

int main(int argc, char **argv)
{
	const struct command *c;

	/* Only the character set: ncursesw and wcwidth need it. LC_NUMERIC and
	 * LC_TIME stay "C" so every report, JSON document and journal prints
	 * 0.46s as go tool pprof does, never 0,46s under a decimal-comma locale
	 * (tests/it/profile_locale.sh). */
	setlocale(LC_CTYPE, "");
	if (argc > 1 && argv[1][0] != '-') {
		if ((c = commands_find(argv[1])) != NULL)
			return c->run(argc - 1, argv + 1);
		return commands_usage_error(NULL, "unknown subcommand %s", argv[1]);
	}
	return cmd_console(argc, argv);
}
