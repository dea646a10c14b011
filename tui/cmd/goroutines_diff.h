/* goroutines_diff.h: `gotriage goroutines --diff OLD NEW`: two bucketings
 * of saved dumps compared bucket by bucket (gbucket_diff() matches them on
 * their stable signatures): the buckets that appeared, vanished, grew and
 * shrank, largest change first, one line each. */
#ifndef GOTRIAGE_GOROUTINES_DIFF_H
#define GOTRIAGE_GOROUTINES_DIFF_H

#include "collectors/runtime/gbucket.h"
#include "tui/record/jsnap.h"

/* cur has been through gbucket_diff(cur, old); names are shown sanitised;
 * the totals are the goroutines each side held (a journal's snapshot may
 * keep fewer stacks than it counted). Prints to stdout; returns the
 * number of buckets that changed. */
size_t goroutines_diff_print(const struct gbuckets *cur, const struct gbuckets *old,
			     const char *old_name, const char *new_name,
			     unsigned long long old_total, unsigned long long new_total);

/* One side of --diff read from a session journal: "PATH" (its last
 * goroutine snapshot) or "PATH@N" (the Nth, 1-based). A file is a
 * journal when it starts with '{' (a dump never does). */
struct goroutines_jside {
	struct jsnap s;
	char *label; /* "PATH@N (snapshot N of M, +MM:SS into the session)" */
};
/* Returns 1 and fills *out when src names a journal and its snapshot was
 * read, 0 when src is not a journal (read it as a dump), or -1 with
 * *cause (a malformed journal or snapshot, no such snapshot). */
int goroutines_jside_load(const char *src, struct goroutines_jside *out, char **cause);
void goroutines_jside_free(struct goroutines_jside *j);

#endif
