/* gbucket.h: goroutines of a parsed dump grouped into buckets of the same
 * stack, sorted by count, and diffed against an earlier bucketing.
 *
 * A bucket key is always the state, the function and file:line of every
 * frame, the creator's function and file:line, and whether the stack was
 * elided or unavailable. The modes differ in how arguments count; they are
 * panicparse's similarity levels (maruel/panicparse stack/bucket.go):
 *   GBUCKET_EXACT    arguments byte for byte, +0x offsets, and the
 *                    "locked to thread" flag              (ExactFlags)
 *   GBUCKET_POINTERS arguments, except that values that look like pointers
 *                    (> 512 KiB and < 2^63-1, as panicparse guesses) match
 *                    any other pointer, and a trailing '?' is ignored
 *                    (AnyPointer: panicparse's default)
 *   GBUCKET_LOOSE    no arguments at all                  (AnyValue:
 *                    panicparse -aggressive)
 * Offsets and the locked flag only count in GBUCKET_EXACT, as in
 * panicparse; every bucket still says how many of its goroutines are locked.
 *
 * A bucket's signature is a hash of the key's text (not of string ids), so
 * the same stack has the same signature in the next dump: gbucket_diff()
 * matches buckets on it.
 *
 * Ownership: a struct gbuckets borrows the struct gdump it was built from
 * (keep the dump alive and unchanged) and owns everything else; free it
 * with gbuckets_free(), which accepts NULL and a zeroed struct. Call order:
 * gdump_parse(), gbucket_build(), optionally gbucket_diff(new, old), then
 * read b->v[0..n), which is sorted by count, largest first. */
#ifndef GOTRIAGE_GBUCKET_H
#define GOTRIAGE_GBUCKET_H

#include <stddef.h>
#include <stdint.h>

#include "gdump.h"

struct cJSON;

enum gbucket_mode {
	GBUCKET_POINTERS = 0,
	GBUCKET_EXACT,
	GBUCKET_LOOSE,
};

struct gbucket {
	uint64_t sig; /* stable signature, see above */
	uint32_t rep; /* index in d->g of the first goroutine */
	uint32_t count;
	uint32_t member0;	     /* first entry in gbuckets.members */
	uint32_t state;		     /* string id */
	uint32_t wait_min, wait_max; /* minutes */
	uint32_t locked;	     /* members locked to a thread */
	int32_t main_frame;	     /* index into rep's frames of the first frame in the
				      * main module, -1 when none */
	int64_t prev;		     /* count in the previous bucketing: -1 before
				      * gbucket_diff(), 0 for a new bucket */
};

/* A bucket of the previous bucketing that has no counterpart any more. */
struct gbucket_gone {
	uint64_t sig;
	uint32_t count;
	char *state; /* sanitised copies: the old dump may be gone */
	char *top;   /* main-module frame, else the first frame */
};

struct gbuckets {
	const struct gdump *d; /* borrowed */
	enum gbucket_mode mode;
	struct gbucket *v;
	size_t n;
	uint32_t *members;	/* goroutine indices, grouped by bucket */
	unsigned char *in_main; /* per string id: a function of the main module */
	char *module;		/* the module path given, or NULL */
	struct gbucket_gone *gone;
	size_t ngone;
	int diffed;
	double seconds; /* time gbucket_build() took */
};

/* Buckets every goroutine of d. module is the main module's path (from
 * buildinfo or go.mod), or NULL: functions of package main always count
 * as main-module functions. */
void gbucket_build(const struct gdump *d, enum gbucket_mode mode, const char *module,
		   struct gbuckets *out);
void gbuckets_free(struct gbuckets *b);

/* Sets cur->v[i].prev from prev and records prev's vanished buckets in
 * cur->gone. prev may be freed afterwards. Both must use the same mode. */
void gbucket_diff(struct gbuckets *cur, const struct gbuckets *prev);

/* The goroutine indices (into d->g) of a bucket's members, count of them. */
static inline const uint32_t *gbucket_members(const struct gbuckets *b, const struct gbucket *k)
{
	return b->members + k->member0;
}
static inline const struct gdump_goroutine *gbucket_rep(const struct gbuckets *b,
							const struct gbucket *k)
{
	return &b->d->g[k->rep];
}
/* Whether a function (string id) belongs to the main module. */
static inline int gbucket_is_main(const struct gbuckets *b, uint32_t func)
{
	return func < b->d->nstr && b->in_main[func];
}
/* Filters over function and file names, for --grep and the pane's "/".
 * Each distinct string is tested once when the filter is built, so a
 * goroutine test is a few array lookups. */
enum gbucket_filter_kind {
	GBUCKET_FILTER_REGEX,  /* POSIX extended regex, case-sensitive */
	GBUCKET_FILTER_ICASE,  /* POSIX extended regex, case-insensitive */
	GBUCKET_FILTER_SUBSTR, /* plain substring, case-insensitive (type-ahead) */
};
struct gbucket_filter;
struct gbucket_filter *gbucket_filter_new(const struct gdump *d, const char *pattern,
					  enum gbucket_filter_kind kind, char **cause);
void gbucket_filter_free(struct gbucket_filter *f);
/* Whether a string id (function, file or state) matches. */
int gbucket_filter_str(const struct gbucket_filter *f, uint32_t id);
/* Whether any frame, the creator or the state of g matches. */
int gbucket_filter_goroutine(const struct gbucket_filter *f, const struct gdump *d,
			     const struct gdump_goroutine *g);

/* Whether a bucket's stack matches a filter (see gbucket_filter_goroutine). */
int gbucket_matches(const struct gbuckets *b, const struct gbucket *k,
		    const struct gbucket_filter *f);
/* Goroutines in buckets whose stack holds the function (exact name, or a
 * closure or instantiation of it: "F.func1", "F[...]"). */
size_t gbucket_count_func(const struct gbuckets *b, const char *func, const struct gbucket **first);

const char *gbucket_mode_name(enum gbucket_mode m);
/* {"mode", "module", "buckets": [...], "gone": [...] (after a diff)}: only
 * the buckets matching f when f is not NULL, at most max_ids goroutine ids
 * each; strings sanitised. */
struct cJSON *gbuckets_to_json(const struct gbuckets *b, const struct gbucket_filter *f,
			       size_t max_ids);

#endif
