/* commands.c: the table of subcommands (one line each). */
#include "commands.h"

#include <string.h>

const struct command commands_table[] = {
	{ NULL, NULL, NULL },
};

const struct command *commands_find(const char *name)
{
	for (const struct command *c = commands_table; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
