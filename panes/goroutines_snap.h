/* goroutines_snap.h: one debug=2 fetch of the goroutines pane, parsed and
 * bucketed, and the pure helpers the pane draws it with (no curses, no I/O).
 *
 * A snapshot owns its dump and two bucketings of it (loose and exact, so
 * `t` switches at once, each diffed against the previous fetch). It is
 * made by goroutines_snap_new() + goroutines_snap_build() on a worker
 * thread; the build reads the previous snapshot (it must stay alive and
 * unchanged until the build returns; the caller frees it afterwards, on
 * the main thread). After the build a snapshot is read on the main thread
 * only: goroutines_snap_match() keeps a filter cache in it.
 *
 * Rows: a bucketing shows its buckets (sorted by count) and then the
 * buckets of the previous fetch that are gone. Every string the helpers
 * return or write is raw target text: draw it with draw_text(), which
 * sanitises; but the stack lines (goroutines_snap_stack) come masked and
 * sanitised whole (textwrap_mask), since the pane scrolls them sideways
 * and a secret cut at the edge would pass draw_text(). goroutines_snap_free()
 * accepts NULL. */
#ifndef GOTRIAGE_GOROUTINES_SNAP_H
#define GOTRIAGE_GOROUTINES_SNAP_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "collectors/runtime/gbucket.h"
#include "collectors/runtime/gdump.h"

struct memstats;

/* Above this debug=1 total the pane asks before fetching debug=2. */
#define GOROUTINES_CONFIRM_OVER 10000
/* runtime/pprof's debug=2 write stops the world: 12.4 s for 100k
 * goroutines measured on Debian's Go 1.19. */
#define GOROUTINES_STW_PER_G 0.000124

enum goroutines_view {
	GOROUTINES_LOOSE = 0, /* arguments ignored (panicparse -aggressive) */
	GOROUTINES_EXACT = 1, /* arguments, offsets and thread locks count */
};

struct goroutines_snap {
	struct gdump d;
	struct gbuckets b[2]; /* by enum goroutines_view */
	size_t bytes;	      /* the body as decoded */
	size_t wire_bytes;    /* as received (gzip) */
	double fetch_seconds; /* the HTTP request, the runtime's write included */
	double parse_seconds; /* parse and both bucketings */
	double fetched_at;    /* now_wall() */
	long total_before;    /* the debug=1 total fetched just before, -1 */
	int cut_by_cap;	      /* our max_bytes cap was hit */
	/* per view, per gone bucket: the frame the pane showed for it in the
	 * previous fetch (gbucket's own label is the first frame) */
	char **gone_top[2];
	/* filter cache, main thread only */
	struct gbucket_filter *filt;
	char filt_text[128];
};

struct goroutines_snap *goroutines_snap_new(void);
/* Parses body (taken over, left empty), buckets both ways with module as
 * the main module, and diffs against prev when it is not NULL. Returns
 * -1 with *cause when the body is not a goroutine dump. */
int goroutines_snap_build(struct goroutines_snap *s, struct buf *body, const char *module,
			  const struct goroutines_snap *prev, char **cause);
void goroutines_snap_free(struct goroutines_snap *s);

/* Buckets and then gone buckets, in one row numbering. */
size_t goroutines_snap_rows(const struct goroutines_snap *s, enum goroutines_view v);
/* The bucket of a row, or NULL when the row is a gone bucket (then *gone
 * is set when gone is not NULL). */
const struct gbucket *goroutines_snap_bucket(const struct goroutines_snap *s,
					     enum goroutines_view v, size_t row,
					     const struct gbucket_gone **gone);
/* The function a gone row stood for (raw), or NULL for other rows. */
const char *goroutines_snap_gone_top(const struct goroutines_snap *s, enum goroutines_view v,
				     size_t row);
/* Whether a row's stack has a function or file name containing text
 * (case-insensitive); a gone row, whether its function does. */
int goroutines_snap_match(struct goroutines_snap *s, enum goroutines_view v, size_t row,
			  const char *text);
/* The row of the bucket holding goroutine id, or -1. */
long goroutines_snap_find_id(const struct goroutines_snap *s, enum goroutines_view v,
			     unsigned long long id);
/* The row of the bucket with this signature, or -1. */
long goroutines_snap_find_sig(const struct goroutines_snap *s, enum goroutines_view v,
			      uint64_t sig);

/* "goroutine profile: total N" at the start of a debug=1 body: 0 and
 * *total, or -1. */
int goroutines_snap_total(const char *buf, size_t len, long *total);
/* Seconds per goroutine the debug=2 write stops the world for: measured
 * on the last fetch when it had at least 1,000 goroutines (last may be
 * NULL), else GOROUTINES_STW_PER_G. */
double goroutines_snap_rate(const struct goroutines_snap *last);
/* Seconds the write is expected to take for n goroutines at rate. */
double goroutines_snap_stw(long n, double rate);
/* The question asked before a big fetch; long_form adds where the
 * estimate comes from (for wide terminals). */
void goroutines_snap_question(long n, double rate, int long_form, char *out, size_t size);
/* Where the estimate comes from: "about 0.12 ms per goroutine on Go 1.19". */
void goroutines_snap_rate_text(double rate, char *out, size_t size);

/* Whether func (n bytes) is in the main module: package main, or module
 * followed by '.' or '/' (gbucket's rule). */
int goroutines_snap_is_main(const char *func, size_t n, const char *module);
/* The frame to show for a bucket: the first main-module frame, else the
 * first frame outside package runtime, else the first frame; -1 when the
 * stack has none. *is_main says whether it is a main-module frame. */
int goroutines_snap_top(const struct gbuckets *b, const struct gbucket *k, const char *module,
			int *is_main);
/* "+3", "-2", "new", "=" after a diff; "" before one. */
void goroutines_snap_diff(const struct gbuckets *b, const struct gbucket *k, char *out,
			  size_t size);
/* "5m", "3m-2h", "0-7m", "" when no goroutine waited a minute. */
void goroutines_snap_wait(const struct gbucket *k, char *out, size_t size);

enum goroutines_note {
	GOROUTINES_NOTE_NONE = 0,
	GOROUTINES_NOTE_INFO, /* counts differ, nothing was cut */
	GOROUTINES_NOTE_WARN, /* the dump was cut: goroutines are missing */
};
/* What the pane says about completeness, comparing the dump with the
 * debug=1 total (s->total_before, else total). */
enum goroutines_note goroutines_snap_missing(const struct goroutines_snap *s, long total, char *out,
					     size_t size);

/* The memory strip, from heap?debug=1 and /debug/vars (either may be
 * NULL); "" when neither says anything. */
void goroutines_snap_memline(const struct memstats *heap, const struct memstats *vars, char *out,
			     size_t size);

/* The full stack of a bucket as lines to draw. */
enum goroutines_line_kind {
	GOROUTINES_L_INFO,	/* ids, labels, locks */
	GOROUTINES_L_FUNC,	/* a function line */
	GOROUTINES_L_FUNC_MAIN, /* ... of the main module */
	GOROUTINES_L_FILE,	/* its file:line */
	GOROUTINES_L_ELIDED,	/* "...frames elided..." */
	GOROUTINES_L_CREATED,	/* "created by ..." and its file:line */
	GOROUTINES_L_ANCESTOR,	/* "[originating from goroutine N]:" */
};
struct goroutines_line {
	enum goroutines_line_kind kind;
	char *text;
};
size_t goroutines_snap_stack(const struct gbuckets *b, const struct gbucket *k, const char *module,
			     struct goroutines_line **out);
void goroutines_snap_lines_free(struct goroutines_line *l, size_t n);

#endif
