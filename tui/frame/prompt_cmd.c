/* prompt_cmd.c: the ":" command language, parsed without side effects. */
#include "prompt_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"

static const struct {
	const char *word;
	enum prompt_cmd_kind kind;
	int needs_arg;
} commands[] = {
    {"quit", PROMPT_CMD_QUIT, 0},	{"q", PROMPT_CMD_QUIT, 0},
    {"goto", PROMPT_CMD_GOTO, 1},	{"check", PROMPT_CMD_CHECK, 1},
    {"note", PROMPT_CMD_NOTE, 1},	{"filter", PROMPT_CMD_FILTER, 0},
    {"refresh", PROMPT_CMD_REFRESH, 0},
};

void prompt_cmd_parse(const char *line, struct prompt_cmd *out)
{
	char *copy = xstrdup(line ? line : ""), *cmd = str_trim(copy), *rest;

	if (*cmd == ':')
		cmd++;
	rest = cmd + strcspn(cmd, " \t");
	if (*rest != '\0')
		*rest++ = '\0';
	rest = str_trim(rest);
	out->word = xstrdup(cmd);
	out->arg = xstrdup(rest);
	out->kind = *cmd == '\0' ? PROMPT_CMD_EMPTY : PROMPT_CMD_UNKNOWN;
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(cmd, commands[i].word) == 0) {
			out->kind = commands[i].needs_arg && *rest == '\0' ? PROMPT_CMD_NEEDS_ARG
									   : commands[i].kind;
			break;
		}
	free(copy);
}

void prompt_cmd_free(struct prompt_cmd *c)
{
	if (c == NULL)
		return;
	free(c->word);
	free(c->arg);
	c->word = c->arg = NULL;
}
