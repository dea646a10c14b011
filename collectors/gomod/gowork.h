/* gowork.h: go.work parsing (go, toolchain, godebug, use, replace).
 *
 * Same syntax as go.mod (gomod.h's syntax layer). `go` is required and at
 * most once; `use` names a module directory relative to the go.work file;
 * `replace` has go.mod's form and overrides the workspace modules' own
 * replacements. Where a go.work is found, and whether GOWORK=off disables
 * it, is modstate's business; this only parses.
 *
 * gowork_parse() is pure and owns what it puts in *out; gowork_free()
 * releases it (NULL is fine). */
#ifndef GOTRIAGE_GOWORK_H
#define GOTRIAGE_GOWORK_H

#include <stddef.h>

#include "gomod.h"

struct gowork_use {
	char *dir; /* as written: "./svc", "../lib" */
	int line;
};

struct gowork {
	char *go;
	int go_line;
	char *toolchain;
	struct gowork_use *use;
	size_t nuse;
	struct gomod_replace *replace;
	size_t nreplace;
	struct gomod_kv *godebug;
	size_t ngodebug;
	struct gomod_issues issues;
};

int gowork_parse(const char *buf, size_t len, struct gowork *out, char **cause);
int gowork_load(const char *path, struct gowork *out, char **cause);
void gowork_free(struct gowork *w);

#endif
