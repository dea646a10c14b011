/* frame.h: the console's own state, shared by the files of the frame
 * (console.c: loop, keys, drawing; frame_collect.c: facts and verdicts;
 * frame_record.c: journal and cast; frame_prompt.c: ":" commands). Not for
 * panes: they see only struct pane_ctx. Everything here runs on the main
 * thread. */
#ifndef GOTRIAGE_FRAME_H
#define GOTRIAGE_FRAME_H

#include "collectors/facts.h"
#include "collectors/net/meter.h"
#include "keymap.h"
#include "options.h"
#include "panes/pane.h"
#include "screen.h"

struct journal;
struct cast;
struct casttee;

struct remote_session;

struct frame {
	struct options opts;
	struct target *target;
	struct http_client *http;
	struct keymap keymap;
	struct screen screen;
	struct pane_ctx ctx;
	size_t npanes, cur;
	void **data;
	int dirty, help, quit;
	int help_scroll; /* first line of the help overlay */
	char status[400];
	struct journal *journal;
	char *journal_note;  /* why we are not recording, or NULL */
	int journal_failing; /* the status line said NOT RECORDING */
	char *journal_lost;  /* after close: what never reached the disk */
	struct cast *cast;
	struct casttee *tee;
	int tty_fd;		  /* where keys come from (0, or the tee's pty) */
	struct facts *facts;	  /* live facts, main thread only */
	struct verdict *verdicts; /* catalog order */
	unsigned collecting;	  /* parts in flight on the worker */
	unsigned queued;	  /* parts asked for while collecting */
	int started;		  /* the first collection was started */
	int had_debug_url;	  /* a debug URL was known at the last collection */
	double status_at;
	double next_tick;
	struct remote_session *remote; /* --facts / --ssh, else NULL */
	int opts_ssh;		       /* the process side is asked over ssh */
	/* frame_load.c: the idle pause and the load on the service */
	double last_key_at;
	int paused;
	struct meter_window meter;
	const struct pane_ops *const *panes; /* pane_registry, or pane_fleet_registry */
};

/* console.c */
void frame_status(struct pane_ctx *ctx, const char *fmt, ...) PRINTF_LIKE(2, 3);
int frame_go(struct pane_ctx *ctx, const char *pane, const char *what);
/* r and :refresh: re-read /proc (following a restart) and re-probe a
 * silent debug endpoint at once. */
void frame_reattach(struct frame *f);

/* frame_collect.c */
void frame_collect_init(struct frame *f);
void frame_collect_start(struct frame *f, unsigned parts);
/* Starts what was queued while probes ran (the loop calls it each turn). */
void frame_collect_resume(struct frame *f);
void frame_collect_free(struct frame *f);
const char *frame_collect_part_name(unsigned bit);

/* frame_record.c */
void frame_record_init(struct frame *f);
/* -1 (said on stderr) when an explicit --record cannot be opened. */
int frame_record_open(struct frame *f);
/* Says NOT RECORDING (and the reason) the moment the journal fails, and
 * "recording again" when it recovers; retry: write the held events now. */
void frame_record_watch(struct frame *f, int retry);
void frame_record_close(struct frame *f, const char *reason);
void frame_record_parts(struct frame *f, unsigned parts, double seconds);

/* frame_load.c */
void frame_load_init(struct frame *f, double now);
/* Samples the load meter; pauses (and journals it) once no key came for
 * opts.idle_pause seconds. Returns 1 while paused: poll nothing. */
int frame_load_paused(struct frame *f, double now);
/* A key came: 1 when it ends a pause (the caller refreshes at once). */
int frame_load_key(struct frame *f, double now);
/* "last min 3 req 0.41s 27.1 KB | ": what the console asked of the service
 * in the last minute, for the status line. */
void frame_load_status(struct frame *f, double now, char *out, size_t n);
/* frame_spawn.c: the fleet pane's ctx->spawn: the console on one target,
 * run as a child on this terminal while the frame waits. */
int frame_spawn(struct pane_ctx *ctx, const char *what, char *const *argv);

/* frame_prompt.c */
void frame_prompt_command(const char *line, void *arg);
void frame_prompt_note(const char *line, void *arg);
void frame_prompt_words(struct frame *f);

#endif
