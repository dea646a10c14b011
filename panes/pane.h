/* pane.h: the interface every pane implements (tmux's window modes).
 *
 * A pane file exports one `const struct pane_ops`; panes/registry.c lists
 * them in one NULL-terminated array, in Tab order. The frame (tui/) owns
 * the terminal, the main loop and the session; a pane owns only its private
 * state (`data`, returned by init and passed back to every callback).
 *
 * Call order: init once after attach; enter each time the pane becomes
 * visible; tick on the refresh timer (every pane, visible or not, so the
 * cheap data stays fresh: a tick must never start an expensive fetch);
 * draw when the frame redraws; key for each action (and each raw key while
 * the pane has asked for text input); jump when another pane asks to show
 * something here; destroy at exit. Callbacks may be NULL.
 *
 * Panes never block: network work goes through ctx->http (asynchronous)
 * and results arrive in callbacks, after which the pane calls
 * ctx->dirty(ctx). Every string from the target passes the sanitiser (the
 * draw helpers in panes/draw.h do that). */
#ifndef GOTRIAGE_PANE_H
#define GOTRIAGE_PANE_H

#include <curses.h>

#include "action.h"
#include "collectors/facts.h"
#include "collectors/net/http.h"
#include "collectors/proc/target.h"
#include "checks/verdict.h"

struct cJSON;
struct pane_ctx;
struct fleet_pane_data;

struct pane_ops {
	const char *name;  /* used in keymaps, :goto and recordings */
	const char *title; /* shown in the tab bar */
	void *(*init)(struct pane_ctx *ctx);
	void (*enter)(void *data, struct pane_ctx *ctx);
	void (*tick)(void *data, struct pane_ctx *ctx, double now);
	void (*draw)(void *data, struct pane_ctx *ctx, WINDOW *w, int rows, int cols);
	/* Returns 1 when the pane used the action. `key` is the raw key. */
	int (*key)(void *data, struct pane_ctx *ctx, enum action a, int key);
	/* Non-zero while the pane wants raw keys (a filter box is open). */
	int (*wants_text)(void *data);
	/* Show the thing named by `what` (e.g. "code:FILE:LINE", "sym:NAME"). */
	int (*jump)(void *data, struct pane_ctx *ctx, const char *what);
	void (*destroy)(void *data);
	/* The actions key() answers, ACT_NONE-terminated (NULL: none). `?`
	 * lists their bindings first and the footer hint is made from them,
	 * so neither shows a key the pane ignores. */
	const enum action *answers;
};

/* What the frame offers panes. */
struct pane_ctx {
	struct target *target;
	struct http_client *http;
	/* The live facts and the catalog's verdicts on them (checks/catalog.h
	 * order), both owned by the frame and read on the main thread only.
	 * facts->generation changes whenever new facts were merged; the
	 * verdicts are recomputed by the frame right after. */
	struct facts *facts;
	struct verdict *verdicts;
	size_t nverdicts;
	int ascii;		 /* draw with ASCII only (non-UTF-8 locale) */
	int color;		 /* colours allowed (not NO_COLOR, terminal has them) */
	double refresh_interval; /* seconds between ticks */
	const char *record_path; /* the journal being written, NULL when none */
	const char *record_note; /* why there is none (NULL: --no-record) */
	void *frame;		 /* the frame's own state */

	void (*dirty)(struct pane_ctx *ctx);
	void (*status)(struct pane_ctx *ctx, const char *fmt, ...) PRINTF_LIKE(2, 3);
	/* Switches to the named pane and passes it `what` (may be NULL). */
	int (*go)(struct pane_ctx *ctx, const char *pane, const char *what);
	/* "KEY action  KEY action ..." for the current pane's answers, from
	 * the active bindings: the footer line. */
	void (*keys_hint)(struct pane_ctx *ctx, char *out, size_t outlen);
	/* Records an event in the session journal (payload is consumed). */
	void (*record)(struct pane_ctx *ctx, const char *kind, struct cJSON *payload);
	/* Opens the prompt line; done runs with the entered text (not on Esc). */
	void (*ask)(struct pane_ctx *ctx, const char *prompt,
		    void (*done)(const char *line, void *arg), void *arg);
	/* Puts a marker in the screen cast (a checklist step, say). */
	void (*marker)(struct pane_ctx *ctx, const char *label);
	/* Re-collects these FACT_* parts on a worker thread (queued when a
	 * collection is running); returns at once. */
	void (*collect)(struct pane_ctx *ctx, unsigned parts);
	/* Hands the frame facts a pane collected itself (e.g. the goroutines
	 * pane's own dump fetch, with progress and cancel): `part` is a
	 * facts_new() struct whose `collected` names the parts it holds; the
	 * frame merges it (taking ownership) and re-judges the checks. */
	void (*adopt)(struct pane_ctx *ctx, struct facts *part);
	/* FACT_* parts being collected right now (0 when idle). */
	unsigned (*collecting)(struct pane_ctx *ctx);
	/* Runs work(arg) on a worker thread and done(arg) back on the main
	 * thread; work must not touch curses or the live facts. */
	void (*run_job)(struct pane_ctx *ctx, void (*work)(void *arg), void (*done)(void *arg),
			void *arg);
	/* Records the engineer's note, attached to a check id or NULL. */
	void (*note)(struct pane_ctx *ctx, const char *check_id, const char *text);
	/* The service is on another host (--ssh) or only a document
	 * (--facts): HTTP to it goes to `via` (an ssh tunnel), or nowhere. */
	int remote;
	const char *via;
	/* Puts text on the terminal's clipboard (OSC 52, where the terminal
	 * takes it) and in a file under the state dir, and says where on the
	 * status line; `what` names it ("step stale-binary"). */
	void (*copy)(struct pane_ctx *ctx, const char *what, const char *text);
	/* gotriage fleet only (NULL otherwise): the judged fleet, and how the
	 * fleet pane opens one target: the console run as a child process on
	 * this terminal with argv (argv[0] ignored; this binary runs), the
	 * frame suspended until it quits; the frame's status line then says how
	 * it ended (with the child's last stderr line). Returns its exit status,
	 * or -1 when it could not start. */
	const struct fleet_pane_data *fleet;
	int (*spawn)(struct pane_ctx *ctx, const char *what, char *const *argv);
};

/* Where a pane sends HTTP for the service, or NULL: never this host's
 * loopback when the service runs elsewhere. */
static inline const char *pane_service_url(const struct pane_ctx *ctx)
{
	return ctx->remote ? ctx->via : ctx->target->debug_url;
}

extern const struct pane_ops *const pane_registry[];
/* The panes of `gotriage fleet` on a terminal. */
extern const struct pane_ops *const pane_fleet_registry[];

#endif
