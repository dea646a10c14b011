/* gomod.h: go.mod parsing: the directives (module, go, toolchain, require,
 * replace, exclude, retract, godebug, tool, ignore) read from the lines
 * gomod_syntax.h groups, every malformed one reported as an issue in Go's
 * wording where Go has one, without stopping.
 *
 * Ownership: gomod_parse() fills a caller-provided struct gomod whose strings
 * and arrays it owns; gomod_free() releases them (NULL is fine) and leaves
 * the struct zeroed. gomod_parse() is pure; gomod_load() only reads the file
 * with a size cap and calls it. Version syntax (module and Go versions) is
 * semver.h's job. */
#ifndef GOTRIAGE_GOMOD_H
#define GOTRIAGE_GOMOD_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "gomod_syntax.h"

/* go.mod files are small; Go itself has no cap, 16 MiB is far beyond any. */
#define GOMOD_MAX_BYTES (16 * 1024 * 1024)

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
	char *go; /* "1.21" or NULL when absent */
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
	struct gomod_pathver *tool; /* version unused (NULL) */
	size_t ntool;
	struct gomod_pathver *ignore; /* version unused (NULL) */
	size_t nignore;
	struct gomod_issues issues;
};

/* Returns 0, or -1 with *cause when len exceeds GOMOD_MAX_BYTES. */
int gomod_parse(const char *buf, size_t len, struct gomod *out, char **cause);
int gomod_load(const char *path, struct gomod *out, char **cause);
void gomod_free(struct gomod *m);

/* ---- what go.mod and go.work share (gomod.c) ---------------------------- */

/* The size cap and the syntax pass both files start with; `what` names
 * the file in the message ("go.mod"). Returns 0, or -1 with *cause. */
int gomod_syntax_begin(const char *what, const char *buf, size_t len, struct gomod_syntax *syn,
		       struct gomod_issues *issues, char **cause);
/* Whether a `verb ( ... )` block of l's verb is allowed: one of `verbs`
 * (NULL-terminated); otherwise reports "unknown block type" and returns 0. */
int gomod_block_allowed(const struct gomod_line *l, const char *const *verbs,
			struct gomod_issues *issues);
/* Reads a file of either kind under GOMOD_MAX_BYTES into b (text, NUL-ended).
 * Returns 0, or -1 with *cause. */
int gomod_read(const char *path, struct buf *b, char **cause);

/* Where the go, toolchain and godebug directives of either file go. */
struct gomod_common {
	char **go;
	int *go_line;
	char **toolchain;
	struct gomod_kv **godebug;
	size_t *ngodebug;
	size_t capgodebug;
	int check_toolchain; /* go.mod: the toolchain must read go1... or default */
};
/* Reads l when it is a go, toolchain or godebug directive (storing it or
 * reporting its issue in Go's wording) and returns 1; else returns 0. */
int gomod_common_line(const struct gomod_line *l, struct gomod_common *c,
		      struct gomod_issues *issues);

/* Shared by go.mod and go.work: parses one replace line's tokens. Returns 0
 * or -1 after adding an issue. */
int gomod_parse_replace(const struct gomod_line *l, struct gomod_replace *r,
			struct gomod_issues *issues);
void gomod_replace_clear(struct gomod_replace *r);

/* Go's modfile.IsDirectoryPath. */
int gomod_is_dir_path(const char *s);

#endif
