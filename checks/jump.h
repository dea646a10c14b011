/* jump.h: the jump targets one part of the console hands another, parsed
 * in one place.
 *
 *   code:FILE:LINE   a place in the repository (FILE may hold ':')
 *   sym:NAME         a function in the binary's table
 *   goroutine:ID     one goroutine of the dump
 *   filter:TEXT      a filter to type into a pane's list
 *   check:ID         a step of the checklist
 *
 * Checks write the first three at the start of evidence lines ("code:a.go:12
 * route /x ..."), the prompt writes the last two (":filter", ":check"),
 * and panes take them in their jump callback. */
#ifndef GOTRIAGE_JUMP_H
#define GOTRIAGE_JUMP_H

#include <stddef.h>

enum jump_kind { JUMP_NONE, JUMP_CODE, JUMP_SYM, JUMP_GOROUTINE, JUMP_FILTER, JUMP_CHECK };

struct jump {
	enum jump_kind kind;
	const char *arg;       /* after the prefix: FILE for code:, else the rest */
	size_t arg_len;	       /* of arg; for code: the FILE part only */
	int line;	       /* code: */
	unsigned long long id; /* goroutine: */
};

/* Parses a whole jump string ("sym:main.run"). Only the text up to the
 * first space counts for code: and goroutine:; sym:, filter: and check:
 * take the rest. Returns 0, or -1 (j->kind JUMP_NONE) for an unknown
 * prefix or a malformed target (code: without :LINE, goroutine: without
 * a number, an empty name). */
int jump_parse(const char *what, struct jump *j);

/* The length of a jump prefix that may open an evidence line ("code:",
 * "sym:", "goroutine:"), 0 for none. */
size_t jump_evidence_prefix(const char *line);

/* The pane a kind of target opens whatever the check (sym: the buildinfo
 * pane, goroutine: the goroutines pane); NULL when the check decides
 * (code:, see struct check's evidence_pane) or nothing does. */
const char *jump_default_pane(enum jump_kind kind);

#endif
