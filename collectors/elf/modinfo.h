/* modinfo.h: the module text a Go binary carries (the `path`, `mod`,
 * `dep`, `=>` and `build` lines; docs/formats.md section 1), parsed and printed
 * exactly as runtime/debug does it, with Go's string quoting.
 *
 * Pure functions over bytes, no I/O: buildinfo.h finds the text in a
 * binary and keeps the parsed result in a struct modinfo. modinfo_parse()
 * follows ParseBuildInfo: unknown lines are ignored, malformed ones fail
 * with Go's message and line number. modinfo_format() is BuildInfo.String()
 * without its `go` line.
 *
 * Ownership: a struct modinfo owns its strings; modinfo_init() before use,
 * modinfo_clear() after (safe on an initialised or cleared struct). */
#ifndef GOTRIAGE_MODINFO_H
#define GOTRIAGE_MODINFO_H

#include <stddef.h>

#include "collectors/base/common.h"

#define MODINFO_CAP (16 * MIB) /* larger module text is refused */

struct modinfo_module {
	char *path;
	char *version;
	char *sum;			/* "" when absent */
	struct modinfo_module *replace; /* the `=>` line, NULL when not replaced */
};

struct modinfo_setting {
	char *key;   /* unquoted */
	char *value; /* unquoted */
};

struct modinfo {
	char *path;		    /* main package, "" when absent */
	struct modinfo_module main; /* all "" when there is no mod line */
	struct modinfo_module *deps;
	size_t ndeps;
	struct modinfo_setting *settings;
	size_t nsettings;
};

void modinfo_init(struct modinfo *m);
void modinfo_clear(struct modinfo *m);

/* Parses text[0..len) (markers already removed) into m, which must be
 * initialised; on failure m holds what was parsed before the bad line. */
int modinfo_parse(const char *text, size_t len, struct modinfo *m, char **cause);

/* The lines Go prints for it (path, mod, dep, =>, build), malloc'd; "" when
 * there is nothing to print. */
char *modinfo_format(const struct modinfo *m);

/* The value of a build setting or NULL. */
const char *modinfo_setting(const struct modinfo *m, const char *key);

/* Whether the main module line is absent (Go then prints no mod line). */
int modinfo_main_empty(const struct modinfo *m);

/* Go's strconv.Quote of len bytes, malloc'd. Non-ASCII printability is
 * approximated (unassigned code points are kept, Go escapes them). */
char *modinfo_quote(const char *s, size_t len);

/* Go's strconv.Unquote of a whole literal ("..." or `...`), malloc'd, or
 * NULL when it is not exactly one valid literal. */
char *modinfo_unquote(const char *s, size_t len);

#endif
