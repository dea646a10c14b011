/* gomod.h: go.mod parsing, and the go.mod syntax layer go.work reuses.
 *
 * The lexer follows golang.org/x/mod/modfile (FORMATS.md section 5): `//`
 * comments only, punctuation ( ) [ ] { } , and `=>`, "quoted" and `raw`
 * strings, any directive groupable as `verb ( ... )`. Go stops at the first
 * lexical error; we report every malformed line as an issue (line number +
 * message in Go's wording where Go has one) and keep going, so one bad line
 * never hides the rest of the file.
 *
 * Ownership: gomod_parse() fills a caller-provided struct gomod whose strings
 * and arrays it owns; gomod_free() releases them (NULL is fine) and leaves
 * the struct zeroed. gomod_parse() is pure; gomod_load() only reads the file
 * with a size cap and calls it. Version syntax (module and Go versions) is
 * semver.h's job. */
#ifndef GOTRIAGE_GOMOD_H
#define GOTRIAGE_GOMOD_H

#include <stddef.h>

#include "common.h"

/* go.mod files are small; Go itself has no cap, 16 MiB is far beyond any. */
#define GOMOD_MAX_BYTES (16 * 1024 * 1024)

struct gomod_issue {
	int line;  /* 1-based; 0 when it concerns the whole file */
	char *msg; /* one line, may contain bytes from the file: sanitise */
};

struct gomod_issues {
	struct gomod_issue *v;
	size_t n, cap;
};

/* ---- syntax layer (shared with go.work) ---- */

struct gomod_line {
	int line;         /* line of the first token */
	const char *verb; /* the directive: first token, or the block's verb */
	char **tok;       /* raw tokens after the verb (strings still quoted) */
	size_t ntok;
	char *suffix;     /* text of a trailing // comment without "//", or NULL */
	char *before;     /* whole-line comments directly above, joined by \n */
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

void gomod_issue_add(struct gomod_issues *is, int line, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
void gomod_issues_free(struct gomod_issues *is);

/* ---- go.mod ---- */

struct gomod_require {
	char *path, *version;
	int indirect;
	int line;
};

struct gomod_replace {
	char *old_path, *old_version; /* old_version NULL: wildcard */
	char *new_path, *new_version; /* new_version NULL: directory replacement */
	int line;
};

struct gomod_pathver {
	char *path, *version;
	int line;
};

struct gomod_retract {
	char *low, *high; /* equal for a single version */
	char *rationale;  /* may be NULL */
	int line;
};

struct gomod_kv {
	char *key, *value;
	int line;
};

struct gomod {
	char *module;
	int module_line;
	char *go;        /* "1.21" or NULL when absent */
	int go_line;
	char *toolchain; /* "go1.22.1" or NULL */
	struct gomod_require *require;
	size_t nrequire;
	struct gomod_replace *replace;
	size_t nreplace;
	struct gomod_pathver *exclude;
	size_t nexclude;
	struct gomod_retract *retract;
	size_t nretract;
	struct gomod_kv *godebug;
	size_t ngodebug;
	struct gomod_pathver *tool;   /* version unused (NULL) */
	size_t ntool;
	struct gomod_pathver *ignore; /* version unused (NULL) */
	size_t nignore;
	struct gomod_issues issues;
};

/* Returns 0, or -1 with *cause when len exceeds GOMOD_MAX_BYTES. */
int gomod_parse(const char *buf, size_t len, struct gomod *out, char **cause);
int gomod_load(const char *path, struct gomod *out, char **cause);
void gomod_free(struct gomod *m);

/* Shared by go.mod and go.work: parses one replace line's tokens. Returns 0
 * or -1 after adding an issue. */
int gomod_parse_replace(const struct gomod_line *l, struct gomod_replace *r,
			struct gomod_issues *issues);
void gomod_replace_clear(struct gomod_replace *r);

/* Go's modfile.IsDirectoryPath. */
int gomod_is_dir_path(const char *s);

#endif
