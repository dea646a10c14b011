/* modtxt.h: vendor/modules.txt, read exactly as the go command reads it.
 *
 * Go's readVendorList (modload/vendor.go): a `# path version [=> new [ver]]`
 * line starts a module (`# path => new [ver]` is a wildcard replacement);
 * `## a; b` lines annotate the current module (`explicit`, `go 1.N`; union
 * over repeated lines); a single-field line that is a valid import path is a
 * package of the current module, and only modules with packages are in the
 * build list ("vendor list"), at the highest version seen per path. Anything
 * else Go ignores silently; we note it as an issue so it is visible. The
 * file is for a workspace when its first line's annotations say `workspace`.
 *
 * Entries are merged by (path, version) exactly like Go's vendorMeta map.
 * modtxt_parse() is pure and owns everything in *out; modtxt_free()
 * releases it (NULL is fine). */
#ifndef GOTRIAGE_MODTXT_H
#define GOTRIAGE_MODTXT_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "gomod.h"

#define MODTXT_MAX_BYTES (64 * 1024 * 1024)

struct modtxt_module {
	char *path;
	char *version;	    /* NULL for a wildcard replacement line */
	int explicit_;	    /* "## explicit" */
	char *go_version;   /* "## go 1.N", or NULL */
	char *repl_path;    /* "=> new": replacement, or NULL */
	char *repl_version; /* NULL for a directory replacement */
	struct strlist packages;
	int line; /* the first `# ` line for this key */
};

struct modtxt {
	int workspace; /* first line is "## workspace" (annotations contain it) */
	struct modtxt_module *v;
	size_t n, cap;
	size_t *list; /* indexes into v: the vendor list, in Go's order */
	size_t nlist, caplist;
	size_t *replaced; /* indexes into v: Go's vendorReplaced, in order */
	size_t nreplaced, capreplaced;
	struct gomod_issues issues;
};

int modtxt_parse(const char *buf, size_t len, struct modtxt *out, char **cause);
int modtxt_load(const char *path, struct modtxt *out, char **cause);
void modtxt_free(struct modtxt *t);

/* The entry for exactly (path, version); version NULL finds the wildcard. */
const struct modtxt_module *modtxt_find(const struct modtxt *t, const char *path,
					const char *version);
/* Go's vendorVersion[path]: the selected vendored version, or NULL. */
const char *modtxt_vendor_version(const struct modtxt *t, const char *path);

/* module.CheckImportPath, close enough for deciding what a package line is. */
int modtxt_valid_import_path(const char *p);

#endif
