/* goroutines_fetch.h: the goroutines pane's fetching, behind its drawing
 * (panes/goroutines.c): the debug=1 total, the y/N question before a big
 * dump, the debug=2 dump parsed on a worker and handed to the frame, and
 * the memory strip's two fetches.
 *
 * Gentle by design: writing debug=2 stops the target's world (12.4 s for
 * 100k goroutines on Go 1.19), so the dump is fetched only when the pane
 * asks (goroutines_fetch_start: first entry and r), never on the timer,
 * and only after the cheap debug=1 total says it is at most
 * GOROUTINES_CONFIRM_OVER or the engineer said yes. The timer refreshes
 * the total only (goroutines_fetch_total).
 *
 * The state below belongs to the pane; this file changes the fetch fields
 * and calls goroutines_show() (panes/goroutines.c) with each new snapshot,
 * which then owns it. All of it runs on the main thread except the parse
 * and MemStats jobs, which own their own structs; a parse reads the
 * current snapshot (the diff's "previous"), so st->job says it must stay
 * alive. */
#ifndef GOTRIAGE_GOROUTINES_FETCH_H
#define GOTRIAGE_GOROUTINES_FETCH_H

#include "collectors/net/pace.h"
#include "goroutines_snap.h"
#include "listview.h"
#include "pane.h"

struct memstats;

enum goroutines_fetch {
	GOROUTINES_IDLE,
	GOROUTINES_TOTAL,   /* debug=1 first, the dump follows */
	GOROUTINES_ASKING,  /* the y/N question is open (or was closed with Esc) */
	GOROUTINES_DUMP,    /* debug=2 running */
	GOROUTINES_PARSING, /* on the worker */
};

#define GOROUTINES_HIST_MAX 512

struct goroutines_state {
	struct pane_ctx *ctx;
	enum goroutines_fetch st;
	int want;  /* a fetch was asked for before the debug URL was known */
	int tried; /* a fetch was started or declined at least once */

	/* debug=1 */
	int total_id;
	int total_then_dump; /* the running debug=1 fetch leads to the dump */
	long total;	     /* -1 until known */
	double total_at;     /* now_wall() */
	double total_seconds;
	size_t total_bytes;
	char *total_error;
	struct pace total_pace; /* the timer's refresh: cost-scaled, backs off */
	double total_cpu0;	/* the service's CPU (s) when it was asked, or -1 */

	/* debug=2 */
	int dump_id;
	double dump_started; /* now_mono() */
	long dump_total;     /* the debug=1 total the dump followed */
	char *note;	     /* why the last attempt gave no dump, or NULL */
	int job;	     /* a parse runs on the worker */
	struct goroutines_snap *snap;

	/* memory strip */
	int heap_id, vars_id;
	struct memstats *heap, *vars;
	char *heap_error, *vars_error;

	/* the list and the stack view (panes/goroutines.c) */
	enum goroutines_view view;
	struct listview lv;
	int open; /* a stack is shown */
	uint64_t open_sig;
	size_t open_row;
	struct goroutines_line *lines;
	size_t nlines, scroll;
	size_t hscroll; /* characters of every stack line scrolled off the left */
	int page;
	unsigned long long jump_id; /* a goroutine:ID jump waiting for a dump */

	int drawn; /* drawn since the last tick: the pane is visible */
	int cols;

	/* The goroutine count over the session: every debug=1 total the
	 * frame's poll (facts) or this pane fetched, oldest first, for the
	 * sparkline; halved (every other point dropped) when full. */
	long hist[GOROUTINES_HIST_MAX];
	size_t nhist;
	unsigned hist_gen; /* facts generation last sampled */
};

/* Appends a count to the session history. */
void goroutines_hist_add(struct goroutines_state *st, long n);

/* The main module's path, for highlighting, or NULL. */
static inline const char *goroutines_module(const struct goroutines_state *st)
{
	return st->ctx->facts != NULL ? st->ctx->facts->module_path : NULL;
}

/* First entry and r: the memory strip, the total, then the dump (maybe
 * after asking). Before the debug URL is known it only sets st->want. */
void goroutines_fetch_start(struct goroutines_state *st);
/* The y/N question again (r after Esc closed it). */
void goroutines_fetch_ask(struct goroutines_state *st);
/* The timer: the debug=1 total alone. */
void goroutines_fetch_total(struct goroutines_state *st);
/* Frees the fetch fields (not the list); the snapshot only when no parse
 * reads it. */
void goroutines_fetch_free(struct goroutines_state *st);

/* In panes/goroutines.c: shows a new snapshot (taking it over) in place of
 * the current one. */
void goroutines_show(struct goroutines_state *st, struct goroutines_snap *snap);

#endif
