/* gosum.h: go.sum (and go.work.sum) parsing.
 *
 * Each line is `<module> <version>[/go.mod] <hash>`; blank lines are
 * skipped; a line without exactly three fields is an issue (Go refuses the
 * whole file: "malformed go.sum ... wrong number of fields"); the old
 * empty-go.mod hash Go drops is dropped too. Several lines may name the
 * same module version: Go keeps all, and two different h1: hashes for one
 * key is something gosum-mismatch reports.
 *
 * gosum_parse() is pure and owns everything it puts in *out; gosum_free()
 * releases it (NULL is fine). */
#ifndef GOTRIAGE_GOSUM_H
#define GOTRIAGE_GOSUM_H

#include <stddef.h>

#include "gomod.h"

#define GOSUM_MAX_BYTES (64 * 1024 * 1024)

struct gosum_entry {
	char *path;
	char *version; /* without the /go.mod suffix */
	int gomod;     /* the line hashes only the go.mod file */
	char *hash;    /* "h1:..." (other algorithms are kept, never compared) */
	int line;
};

struct gosum {
	struct gosum_entry *v;
	size_t n, cap;
	struct gomod_issues issues;
};

int gosum_parse(const char *buf, size_t len, struct gosum *out, char **cause);
int gosum_load(const char *path, struct gosum *out, char **cause);
void gosum_free(struct gosum *s);

/* The first line for this key, or NULL. */
const struct gosum_entry *gosum_find(const struct gosum *s, const char *path, const char *version,
				     int gomod);
/* The first line for this key whose h1: hash differs from the first one,
 * or NULL: Go would fail with a checksum mismatch on one of them. */
const struct gosum_entry *gosum_conflict(const struct gosum *s, const char *path,
					 const char *version, int gomod);

#endif
