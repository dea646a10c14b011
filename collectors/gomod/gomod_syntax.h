/* gomod_syntax.h: the go.mod syntax layer, shared by go.mod and go.work.
 *
 * The lexer follows golang.org/x/mod/modfile (docs/formats.md section 5): `//`
 * comments only, punctuation ( ) [ ] { } , and `=>`, "quoted" and `raw`
 * strings, any directive groupable as `verb ( ... )`. Go stops at the first
 * lexical error; we report every malformed line as an issue (line number +
 * message in Go's wording where Go has one) and keep going, so one bad line
 * never hides the rest of the file.
 *
 * Ownership: gomod_syntax_parse() fills a caller-provided struct
 * gomod_syntax (zeroed first) whose lines, tokens, comments and verbs it
 * owns; gomod_syntax_free() releases them (NULL is fine). Issues are
 * appended to the caller's struct gomod_issues, released with
 * gomod_issues_free(). Call order: gomod_syntax_parse(), then read the
 * lines and unquote their tokens with gomod_unquote(), then free. gomod.c
 * and gowork.c parse with it; go.sum and modules.txt reuse the issue list.
 * Part of the gomod module (gomod.h includes it), hence the gomod_ prefix. */
#ifndef GOTRIAGE_GOMOD_SYNTAX_H
#define GOTRIAGE_GOMOD_SYNTAX_H

#include <stddef.h>

#include "collectors/base/common.h"

struct gomod_issue {
	int line;  /* 1-based; 0 when it concerns the whole file */
	char *msg; /* one line, may contain bytes from the file: sanitise */
};

struct gomod_issues {
	struct gomod_issue *v;
	size_t n, cap;
};

struct gomod_line {
	int line;	  /* line of the first token */
	const char *verb; /* the directive: first token, or the block's verb */
	char **tok;	  /* raw tokens after the verb (strings still quoted) */
	size_t ntok;
	char *suffix; /* text of a trailing // comment without "//", or NULL */
	char *before; /* whole-line comments directly above, joined by \n */
	int in_block;
};

struct gomod_syntax {
	struct gomod_line *v;
	size_t n, cap;
	char **verbs; /* owned copies the lines' verb pointers point into */
	size_t nverbs, capverbs;
};

/* Tokenises and groups into lines. Lexical errors become issues. */
void gomod_syntax_parse(const char *buf, size_t len, struct gomod_syntax *out,
			struct gomod_issues *issues);
void gomod_syntax_free(struct gomod_syntax *s);

/* Go's parseString: "quoted" strings are unquoted; other tokens must not
 * contain quotes. Returns a new string, or NULL and sets *err (static text).
 * A `raw` token is accepted (*backquoted set) since the lexer accepts it,
 * but Go's parser rejects it: callers report that. */
char *gomod_unquote(const char *tok, int *backquoted, const char **err);

void gomod_issue_add(struct gomod_issues *is, int line, const char *fmt, ...) PRINTF_LIKE(3, 4);
void gomod_issues_free(struct gomod_issues *is);

#endif
