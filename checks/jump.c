/* jump.c: one parser for code:/sym:/goroutine:/filter:/check: targets. */
#include "jump.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	enum jump_kind kind;
	const char *prefix;
	int evidence;	  /* may open an evidence line */
	const char *pane; /* opened whatever the check */
} kinds[] = {
    {JUMP_CODE, "code:", 1, NULL},
    {JUMP_SYM, "sym:", 1, "buildinfo"},
    {JUMP_GOROUTINE, "goroutine:", 1, "goroutines"},
    {JUMP_FILTER, "filter:", 0, NULL},
    {JUMP_CHECK, "check:", 0, NULL},
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

/* code:FILE:LINE: the line is the digits after the last ':' before the
 * first space, so a FILE with ':' in it still parses. */
static int parse_code(const char *s, struct jump *j)
{
	const char *p, *colon = NULL;
	long n = 0;

	for (p = s; *p && !isspace((unsigned char)*p); p++)
		if (*p == ':')
			colon = p;
	if (colon == NULL || colon == s || !isdigit((unsigned char)colon[1]))
		return -1;
	for (p = colon + 1; isdigit((unsigned char)*p); p++) {
		n = n * 10 + (*p - '0');
		if (n > 100000000)
			return -1;
	}
	if (*p != '\0' && !isspace((unsigned char)*p))
		return -1;
	j->arg = s;
	j->arg_len = (size_t)(colon - s);
	j->line = (int)n;
	return 0;
}

static int parse_goroutine(const char *s, struct jump *j)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	j->id = strtoull(s, &end, 10);
	if (errno != 0 || (*end != '\0' && !isspace((unsigned char)*end)))
		return -1;
	j->arg = s;
	j->arg_len = (size_t)(end - s);
	return 0;
}

int jump_parse(const char *what, struct jump *j)
{
	memset(j, 0, sizeof *j);
	if (what == NULL)
		return -1;
	for (size_t i = 0; i < NKINDS; i++) {
		size_t n = strlen(kinds[i].prefix);
		const char *s = what + n;
		int r = 0;

		if (strncmp(what, kinds[i].prefix, n) != 0)
			continue;
		if (kinds[i].kind == JUMP_CODE)
			r = parse_code(s, j);
		else if (kinds[i].kind == JUMP_GOROUTINE)
			r = parse_goroutine(s, j);
		else if (*s == '\0' && kinds[i].kind != JUMP_FILTER)
			r = -1; /* an empty filter clears it; an empty name is nothing */
		else {
			j->arg = s;
			j->arg_len = strlen(s);
		}
		if (r != 0) {
			memset(j, 0, sizeof *j);
			return -1;
		}
		j->kind = kinds[i].kind;
		return 0;
	}
	return -1;
}

size_t jump_evidence_prefix(const char *line)
{
	for (size_t i = 0; i < NKINDS; i++) {
		size_t n = strlen(kinds[i].prefix);

		if (kinds[i].evidence && strncmp(line, kinds[i].prefix, n) == 0)
			return n;
	}
	return 0;
}

const char *jump_default_pane(enum jump_kind kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (kinds[i].kind == kind)
			return kinds[i].pane;
	return NULL;
}
