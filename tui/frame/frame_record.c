/* frame_record.c: the console's recording: the session journal, the
 * screen cast through the pty tee, and the frame's record/marker/note
 * offers to panes. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "attach_remote.h"
#include "clipboard.h"
#include "tui/record/cast.h"
#include "tui/record/casttee.h"
#include "frame.h"
#include "tui/record/journal.h"
#include "tui/record/jsnap.h"

static void ctx_record(struct pane_ctx *ctx, const char *kind, cJSON *payload)
{
	struct frame *f = ctx->frame;

	if (f->journal != NULL) {
		cJSON *o = payload;

		/* Events are objects; wrap a bare value. */
		if (o != NULL && !cJSON_IsObject(o)) {
			o = cJSON_CreateObject();
			cJSON_AddItemToObject(o, "value", payload);
		}
		journal_event(f->journal, kind, o);
		payload = o;
	}
	cJSON_Delete(payload);
}

static void ctx_marker(struct pane_ctx *ctx, const char *label)
{
	struct frame *f = ctx->frame;

	if (f->cast != NULL)
		cast_marker(f->cast, label);
}

static void ctx_note(struct pane_ctx *ctx, const char *check_id, const char *text)
{
	struct frame *f = ctx->frame;

	if (f->journal != NULL && journal_note(f->journal, text, check_id) != 0) {
		/* Said at once: the engineer must not believe it is on disk. */
		frame_status(ctx, "NOT RECORDING, note kept in memory: %s",
			     journal_error(f->journal) ? journal_error(f->journal)
						       : "write failed");
		f->journal_failing = 1;
		return;
	}
	frame_status(ctx, "note saved%s%s", check_id ? " on " : "", check_id ? check_id : "");
}

/* y on a step: the terminal's clipboard where it takes OSC 52, and a
 * file always, named on the status line. */
static void ctx_copy(struct pane_ctx *ctx, const char *what, const char *text)
{
	char *cause = NULL, *path = clipboard_save(what, text, &cause);
	size_t len = strlen(text);
	int osc = clipboard_osc52_allowed() && len <= CLIPBOARD_OSC52_MAX;

	if (osc) {
		char *seq = clipboard_osc52(text, len);

		fflush(stdout);
		fputs(seq, stdout);
		fflush(stdout);
		free(seq);
	}
	if (path != NULL) {
		const char *home = getenv("HOME");
		size_t hl = home != NULL ? strlen(home) : 0;
		int tilde = hl > 1 && strncmp(path, home, hl) == 0 && path[hl] == '/';

		/* The path is what a narrow screen must not cut: it comes first. */
		frame_status(ctx, "%s%s: Markdown of %s%s", tilde ? "~" : "",
			     path + (tilde ? hl : 0), what,
			     osc ? ", also on the terminal clipboard" : " (no OSC 52 here)");
	} else
		frame_status(ctx, "%s %s; %s", what,
			     osc ? "copied to the terminal clipboard" : "not copied", cause);
	free(path);
	free(cause);
}

static struct frame *the_frame;

/* On fatal(): give the terminal back first, whatever state it is in. */
static void fatal_cleanup(void)
{
	screen_end();
	if (the_frame != NULL && the_frame->tee != NULL) {
		casttee_stop(the_frame->tee);
		the_frame->tee = NULL;
	}
}

int frame_record_open(struct frame *f)
{
	char *cause = NULL, *desc = f->opts.fleet ? xstrdup("fleet") : target_describe(f->target);
	/* Over --ssh/--facts the journal names the service's host. */
	struct journal_info info = {f->remote ? f->remote->source.host : NULL, NULL, desc};

	f->tty_fd = STDIN_FILENO;
	if (!f->opts.no_record) {
		if (journal_open(f->opts.record, &info, &f->journal, &cause) != 0) {
			/* --record names a place: not recording there is an error. */
			if (f->opts.record != NULL) {
				fprintf(stderr, "gotriage: %s\n", cause);
				free(cause);
				free(desc);
				return -1;
			}
			f->journal_note = cause;
			f->ctx.record_note = cause;
			frame_status(&f->ctx, "not recording: %s", cause);
			cause = NULL;
		} else {
			struct journal_attach a = {0};

			a.target = desc;
			a.url = f->target->url_given;
			a.binary = f->target->binary;
			a.pid = f->target->pid;
			journal_attach(f->journal, &a);
			/* The path is on the overview and in the quit message; the
			 * status line stays free for what needs saying now (a bad
			 * keymap, say). */
			f->ctx.record_path = journal_path(f->journal);
		}
	}
	if (f->opts.cast != NULL) {
		struct winsize ws;
		int cols = 80, rows = 24;

		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
			cols = ws.ws_col;
			rows = ws.ws_row;
		}
		if (cast_open(f->opts.cast, cols, rows, &f->cast, &cause) != 0 ||
		    casttee_start(f->cast, STDIN_FILENO, STDOUT_FILENO, &f->tee, &cause) != 0) {
			frame_status(&f->ctx, "no screen cast: %s", cause);
			free(cause);
			cause = NULL;
			if (f->cast != NULL)
				cast_close(f->cast);
			f->cast = NULL;
		} else {
			f->tty_fd = fileno(casttee_in(f->tee));
		}
	}
	free(desc);
	return 0;
}

void frame_record_watch(struct frame *f, int retry)
{
	const char *err;

	if (f->journal == NULL)
		return;
	if (retry && journal_held(f->journal) > 0)
		(void)journal_retry(f->journal);
	err = journal_error(f->journal);
	if (err != NULL && !f->journal_failing) {
		f->journal_failing = 1;
		frame_status(&f->ctx, "NOT RECORDING: %s; events kept in memory, retrying", err);
	} else if (err == NULL && f->journal_failing) {
		f->journal_failing = 0;
		frame_status(&f->ctx, "recording again: %zu held event%s written to %s",
			     journal_late(f->journal), journal_late(f->journal) == 1 ? "" : "s",
			     journal_path(f->journal));
	}
}

void frame_record_close(struct frame *f, const char *reason)
{
	if (f->tee != NULL) {
		casttee_stop(f->tee);
		f->tee = NULL;
	}
	if (f->cast != NULL) {
		cast_close(f->cast);
		f->cast = NULL;
	}
	f->ctx.record_path = NULL;
	f->ctx.record_note = NULL;
	if (f->journal != NULL) {
		free(f->journal_lost);
		f->journal_lost = NULL;
		journal_close_lost(f->journal, reason, &f->journal_lost);
		f->journal = NULL;
	}
	free(f->journal_note);
	f->journal_note = NULL;
}

/* One journal line per part that landed: enough to rebuild the key facts. */
void frame_record_parts(struct frame *f, unsigned parts, double seconds)
{
	const struct facts *x = f->facts;

	if (f->journal == NULL)
		return;
	for (unsigned bit = 1; bit <= FACT_PROXY; bit <<= 1) {
		struct journal_fetch jf = {0};
		char summary[256] = "";

		if (!(parts & bit))
			continue;
		jf.what = frame_collect_part_name(bit);
		jf.size = -1;
		jf.duration = seconds;
		switch (bit) {
		case FACT_DUMP:
			if (x->goroutine_total >= 0)
				snprintf(summary, sizeof summary, "%ld goroutines (debug=1)%s",
					 x->goroutine_total, x->dump ? ", full dump parsed" : "");
			jf.size = (long long)x->dump_bytes;
			jf.error = x->dump_error;
			break;
		case FACT_ROUTES:
			snprintf(summary, sizeof summary, "%zu routes probed", x->nprobes);
			jf.error = x->probes_error;
			break;
		case FACT_GRPC:
			snprintf(summary, sizeof summary, "%zu listeners sniffed", x->ngrpc);
			jf.error = x->grpc_error;
			break;
		case FACT_BINARY:
			jf.error = x->running_error;
			break;
		case FACT_REPO:
			jf.error = x->scan_error;
			break;
		case FACT_MODULES:
			jf.error = x->mods_error;
			break;
		case FACT_PROXY:
			jf.error = x->proxy_error;
			break;
		default:
			break;
		}
		jf.summary = summary[0] ? summary : NULL;
		journal_fetch(f->journal, &jf);
		if (bit == FACT_DUMP && x->dump != NULL && x->buckets != NULL) {
			/* The stacks, bounded: what goroutines --diff JOURNAL reads. */
			cJSON *o = jsnap_payload(x->buckets);

			journal_event(f->journal, "goroutines", o);
			cJSON_Delete(o);
		}
	}
}

void frame_record_init(struct frame *f)
{
	f->ctx.record = ctx_record;
	f->ctx.marker = ctx_marker;
	f->ctx.note = ctx_note;
	f->ctx.copy = ctx_copy;
	the_frame = f;
	fatal_hook = fatal_cleanup;
}
