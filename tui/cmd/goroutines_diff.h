/* goroutines_diff.h: `gotriage goroutines --diff OLD NEW`: two bucketings
 * of saved dumps compared bucket by bucket (gbucket_diff() matches them on
 * their stable signatures): the buckets that appeared, vanished, grew and
 * shrank, largest change first, one line each. */
#ifndef GOTRIAGE_GOROUTINES_DIFF_H
#define GOTRIAGE_GOROUTINES_DIFF_H

#include "collectors/runtime/gbucket.h"

/* cur has been through gbucket_diff(cur, old); names are shown sanitised.
 * Prints to stdout; returns the number of buckets that changed. */
size_t goroutines_diff_print(const struct gbuckets *cur, const struct gbuckets *old,
			     const char *old_name, const char *new_name);

#endif
