/* buildinfo.h: what a Go binary says about how it was built: the Go
 * version, the module info (main module, dependencies and replacements,
 * build settings) and the Go build ID. The equivalent of `go version -m`.
 *
 * Sources, best first (docs/formats.md section 1):
 *  - the `.go.buildinfo` blob: the inline layout of Go 1.18+ or the older
 *    one with pointers to string headers (32/64-bit, either byte order);
 *    without section headers, the first writable segment, as Go does;
 *  - when there is no blob (stripped or repacked binaries, such as the npm
 *    esbuild one), a scan: the module text between its 16-byte markers and
 *    the Go version from the runtime.buildVersion string header. `missing`
 *    then says what was not there.
 * The build ID comes from the `.note.go.buildid` note.
 *
 * The module text is parsed by modinfo.h (runtime/debug's rules and Go's
 * quoting); buildinfo_format() prints exactly what Go 1.19's
 * `go version -m FILE` prints. Strings are raw bytes from the
 * binary: sanitize_str() them before they reach a terminal
 * (buildinfo_to_json() already does).
 *
 * Ownership: a struct buildinfo owns every string in it and is released
 * with buildinfo_free() (accepts NULL). It does not keep the file open.
 * Call order: buildinfo_load() (or _from_image / _parse) -> getters ->
 * buildinfo_free(). */
#ifndef GOTRIAGE_BUILDINFO_H
#define GOTRIAGE_BUILDINFO_H

#include <stddef.h>

#include <cJSON.h>

#include "collectors/base/common.h"
#include "elfimage.h"
#include "modinfo.h"

/* Caps on what hostile input can make us allocate. */
#define BUILDINFO_MODINFO_CAP MODINFO_CAP
#define BUILDINFO_VERSION_CAP 256
#define BUILDINFO_BUILDID_CAP 1024

/* Where the facts came from. */
enum buildinfo_source {
	BUILDINFO_SRC_SECTION, /* the .go.buildinfo section */
	BUILDINFO_SRC_SEGMENT, /* the blob, found in the first writable segment */
	BUILDINFO_SRC_SCAN,    /* no blob: markers and runtime.buildVersion */
};

enum buildinfo_layout {
	BUILDINFO_LAYOUT_NONE,	  /* no blob (SRC_SCAN) */
	BUILDINFO_LAYOUT_POINTER, /* before Go 1.18: pointers to string headers */
	BUILDINFO_LAYOUT_INLINE,  /* Go 1.18+: uvarint-prefixed strings after the header */
};

struct buildinfo {
	char *go_version;   /* "go1.19.8"; set on success */
	struct modinfo mod; /* path, main module, deps, build settings */
	char *modinfo;	    /* module text without markers, "" when none */
	char *build_id;	    /* .note.go.buildid, NULL when absent */
	enum buildinfo_source source;
	enum buildinfo_layout layout;
	int ptrsize; /* from the blob or the ELF class */
	int big_endian;
	struct strlist missing; /* one sentence per fact not found, and why */
};

/* Reads a file (or /proc/PID/exe). -1 with *cause naming the file and what
 * was missing for non-ELF, truncated, malformed and non-Go input. */
int buildinfo_load(const char *path, struct buildinfo **out, char **cause);
/* The same over an image already open; nothing is kept from it. */
int buildinfo_from_image(const struct elfimage *img, struct buildinfo **out, char **cause);
/* The same over ELF bytes in memory (tests, fuzzers). */
int buildinfo_parse(const void *buf, size_t len, const char *name, struct buildinfo **out,
		    char **cause);
void buildinfo_free(struct buildinfo *bi);

/* The Go build ID of an image, malloc'd, or NULL when it has none. */
char *buildinfo_build_id(const struct elfimage *img);

/* The value of a build setting ("-tags", "vcs.revision", ...) or NULL. */
const char *buildinfo_setting(const struct buildinfo *bi, const char *key);

/* Exactly what `go version -m FILE` prints (Go 1.19), malloc'd. */
char *buildinfo_format(const struct buildinfo *bi, const char *file);

/* Appends one line per difference between two builds (version, build ID,
 * main module, settings, dependencies) to out; returns how many. */
size_t buildinfo_diff(const struct buildinfo *a, const struct buildinfo *b, struct strlist *out);

/* A JSON object with every field; target strings are sanitised. */
cJSON *buildinfo_to_json(const struct buildinfo *bi);

const char *buildinfo_source_name(enum buildinfo_source s);
const char *buildinfo_layout_name(enum buildinfo_layout l);

#endif
