/* jsnap.h: goroutine snapshots in the session journal, so that
 * `gotriage goroutines --diff` can compare two sessions (or two moments of
 * one) as it compares two saved dumps.
 *
 * Written (jsnap_payload): each time the console parses a full debug=2
 * dump, one "goroutines" event (docs/formats.md section 14):
 *   total     goroutines in the dump
 *   buckets   distinct stacks in it (exact bucketing: arguments, offsets)
 *   other     goroutines in the buckets that were not kept
 *   stacks    [{"n": count, "text": the bucket's first goroutine exactly as
 *              the dump printed it, header line to its last frame, with
 *              each line's leading tab written as four spaces: the
 *              journal escapes control characters}]
 * Buckets are kept largest first, at most JSNAP_MAX_STACKS of them and
 * JSNAP_MAX_TEXT bytes of text in all; a stanza longer than
 * JSNAP_MAX_STANZA is cut after its last whole frame under that size.
 * So an event stays far under the reader's 1 MiB line cap whatever the
 * dump. The counts of what was left out are in "other" and "buckets".
 *
 * Read (jsnap_pick, jsnap_load): the stanzas are one goroutine each, so
 * their concatenation is a dump the ordinary parser reads (gdump.h);
 * jsnap_weigh() then gives each bucket the recorded counts of its members,
 * in any bucketing mode (an exact bucket never straddles a looser one).
 * Every count and length from the journal is checked; a malformed event
 * is refused with a cause naming it, never half-used. */
#ifndef GOTRIAGE_JSNAP_H
#define GOTRIAGE_JSNAP_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "collectors/runtime/gbucket.h"
#include "collectors/runtime/gdump.h"
#include "journalread.h"

#define JSNAP_MAX_STACKS 300
#define JSNAP_MAX_STANZA ((size_t)16 * 1024)
#define JSNAP_MAX_TEXT ((size_t)256 * 1024)
/* A recorded count above this is refused as malformed. */
#define JSNAP_MAX_COUNT 100000000.0

/* The "goroutines" event's payload for an exact bucketing b of its dump
 * (b->d). A new object the caller frees (cJSON_Delete). */
cJSON *jsnap_payload(const struct gbuckets *b);

/* The snapshot `at` (1-based, in file order; 0 means the last) of jr:
 * *ev points into jr, *count is how many the journal holds, *t is its
 * time in the session (-1 unknown). Returns 0, or -1 with *cause (no
 * snapshot, or fewer than at). */
int jsnap_pick(const struct journalread *jr, size_t at, const cJSON **ev, size_t *count, double *t,
	       char **cause);

/* What one snapshot holds, ready for gbucket_build(): d (caller frees
 * with jsnap_free), the recorded count of each goroutine of d, and the
 * event's totals. */
struct jsnap {
	struct gdump d;
	uint32_t *weight; /* per goroutine of d */
	uint64_t total;	  /* "total" */
	uint64_t other;	  /* "other": goroutines in buckets not kept */
	uint64_t buckets; /* "buckets" */
	size_t kept;	  /* stacks kept (= d.ng) */
};
/* Returns 0, or -1 with *cause when the event is malformed (stacks not an
 * array of {n, text}, a count out of range, a text that is not exactly
 * one goroutine, totals that do not add up). */
int jsnap_load(const cJSON *ev, struct jsnap *out, char **cause);
void jsnap_free(struct jsnap *s);

/* Sets each bucket's count to the sum of its members' recorded counts and
 * sorts b->v again, largest first. b was built from s->d. Afterwards a
 * bucket's count is no longer the length of its member list: do not list
 * goroutine ids of a weighed bucketing (gbucket_members). A stanza cut at
 * JSNAP_MAX_STANZA keeps fewer frames than the dump had, so its bucket
 * will not match the same stack in a dump. */
void jsnap_weigh(struct gbuckets *b, const struct jsnap *s);

#endif
