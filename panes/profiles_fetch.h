/* profiles_fetch.h: the profiles pane's fetching, behind its drawing
 * (panes/profiles.c): the /debug/pprof/ index, one profile of a kind on a
 * key, the CPU profile on its own key with a countdown, the decode and the
 * views on the worker thread, and the journal.
 *
 * Gentle: nothing is fetched on the timer. The index on first entry; a
 * profile when Enter/r asks; the CPU profile only on `c`, which asks
 * for how many seconds (1..PROFILES_CPU_MAX_SECONDS; Enter keeps the last
 * choice, PROFILES_CPU_SECONDS at first) before anything starts (the service samples at 100 Hz
 * meanwhile; Go allows one CPU profile per process, and a second request's 500 "cpu profiling
 * already in use" is said plainly). heap is never fetched with gc=1.
 *
 * Caps: PROFILES_CAP_WIRE on the gzipped body (HTTP_CAP_PROFILE's 8 MiB is
 * for debug=1 text; a heap proto of a service with ~100k distinct stacks is
 * 5-15 MiB gzipped, so 64 MiB leaves room without letting a hostile
 * endpoint fill memory) and PROFILES_CAP_INFLATED on the protobuf after
 * gunzip (a gzip bomb stops there).
 *
 * Threads: decode and view builds run via ctx->run_job and read the
 * profiles in slot[]; while st->jobs > 0 no profile is freed (replaced ones
 * wait in the graveyard). Freeing a replaced profile or view runs on the
 * worker too (a 400k-sample profile took 50-180 ms to free, on the UI
 * thread, at the end of each decode). Everything else runs on the main
 * thread. */
#ifndef GOTRIAGE_PROFILES_FETCH_H
#define GOTRIAGE_PROFILES_FETCH_H

#include "pane.h"
#include "profiles_model.h"

#define PROFILES_CPU_SECONDS 10
#define PROFILES_CAP_WIRE ((size_t)64 * MIB)
#define PROFILES_CAP_INFLATED ((size_t)512 * MIB)

struct profiles_slot {
	struct pprof_profile *cur, *prev; /* the last two fetches of a kind */
	double cur_at, prev_at;		  /* now_wall() */
	size_t cur_bytes;
	double cur_seconds;
};

struct profiles_state {
	struct pane_ctx *ctx;
	struct profiles_ui ui;

	long counts[PK__COUNT]; /* from the index, -1 unknown */
	int index_id, index_tried;
	char *index_note;

	int fetch_id, fetch_kind; /* one non-CPU fetch at a time */
	double fetch_started;
	int cpu_id;
	double cpu_started; /* now_mono() */
	int cpu_seconds;    /* the duration chosen at the last c (0: default) */
	int cpu_running;    /* the duration of the one recording */

	struct profiles_slot slot[PK__COUNT];
	struct profiles_view *view;
	int jobs;	     /* worker jobs reading slot[] */
	int view_job;	     /* a view build runs */
	int rebuild_pending; /* another was asked for meanwhile */
	struct pprof_profile **grave;
	size_t ngrave, cgrave;
	struct profiles_view **vgrave; /* replaced views, freed with the grave */
	size_t nvgrave, cvgrave;

	char *func; /* the function peek and list show (picked in top) */
	char *note; /* the last outcome: an error, a cancel, why it is empty */
	int drawn;
};

/* First entry: the index. */
void profiles_fetch_index(struct profiles_state *st);
/* Enter/r on a kind; c for the CPU profile: asks for the seconds on the
 * prompt line, then starts (Esc: nothing starts). */
void profiles_fetch_kind(struct profiles_state *st, enum profiles_kind k);
void profiles_fetch_cpu(struct profiles_state *st);
/* The duration the next c offers. */
int profiles_cpu_default(const struct profiles_state *st);
/* Builds st->ui.view for st->ui.shown on the worker (queued after one
 * running). */
void profiles_rebuild(struct profiles_state *st);
/* Seconds left of the running CPU profile (of st->cpu_running), or -1. */
int profiles_cpu_left(const struct profiles_state *st);
void profiles_fetch_free(struct profiles_state *st);

#endif
