/* overview.c: everything attach learned, refreshed on the timer, and the
 * cheap goroutine total (debug=1, which does not stop the world). */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/catalog.h"
#include "collectors/net/pace.h"
#include "draw.h"
#include "pane.h"
#include "pollrec.h"

struct overview {
	int fetch_id;	   /* running debug=1 fetch, 0 when none */
	long goroutines;   /* -1 until known */
	double fetched_at; /* now_wall() of the last answer */
	double fetch_seconds;
	size_t fetch_bytes;
	char *fetch_error;
	struct pace pace; /* the debug=1 refresh: cost-scaled, backs off */
	int drawn;	  /* drawn since the last tick: the pane is visible */
	struct pane_ctx *ctx;
	int scroll; /* first line shown */
};

static void *overview_init(struct pane_ctx *ctx)
{
	struct overview *o = xcalloc(1, sizeof *o);

	o->goroutines = -1;
	o->ctx = ctx;
	pace_init(&o->pace, ctx->refresh_interval);
	return o;
}

static void total_done(struct http_response *r, void *arg)
{
	struct overview *o = arg;
	const char *p;

	o->fetch_id = 0;
	free(o->fetch_error);
	o->fetch_seconds = r->t_total;
	o->fetch_bytes = r->body.len;
	/* A cut answer is not read: its total would be a guess. */
	if ((o->fetch_error = http_problem(r)) != NULL) {
		if (r->error != NULL && !r->cancelled) {
			/* Say why a live process may not answer: stopped, traced. */
			char *clause = target_state_clause(o->ctx->target);

			if (clause != NULL) {
				char *e = xasprintf("%s; %s", o->fetch_error, clause);

				free(o->fetch_error);
				o->fetch_error = e;
				free(clause);
			}
		}
		if (!r->cancelled)
			o->ctx->status(o->ctx, "goroutine total: %s", o->fetch_error);
	} else if ((p = strstr(r->body.data, "goroutine profile: total ")) != NULL) {
		o->goroutines = atol(p + strlen("goroutine profile: total "));
		o->fetched_at = now_wall();
	} else {
		o->fetch_error = xstrdup("answer is not a goroutine profile");
	}
	if (!r->cancelled)
		pace_done(&o->pace, now_mono(), r->t_total, o->fetch_error != NULL);
	/* The numbers, compactly: a series the report can draw. */
	pollrec_total(o->ctx, r, o->goroutines, o->fetch_error);
	o->ctx->dirty(o->ctx);
	http_response_free(r);
}

static void overview_tick(void *data, struct pane_ctx *ctx, double now)
{
	struct overview *o = data;
	struct http_request rq = {0};
	char *url;

	/* Only while visible, and only as often as its cost allows. */
	if (!o->drawn)
		return;
	o->drawn = 0;
	if (o->fetch_id != 0 || pane_service_url(ctx) == NULL || !pace_due(&o->pace, now))
		return;
	url = xasprintf("%s/debug/pprof/goroutine?debug=1", pane_service_url(ctx));
	rq.url = url;
	rq.label = "goroutine total (debug=1)";
	rq.timeout_ms = 5000;
	rq.max_bytes = HTTP_CAP_PROFILE;
	o->fetch_id = http_start(ctx->http, &rq, total_done, o);
	free(url);
}

static void overview_enter(void *data, struct pane_ctx *ctx)
{
	((struct overview *)data)->drawn = 1;
	overview_tick(data, ctx, now_mono());
}

static int row(WINDOW *w, int y, int cols, const char *label, enum draw_style s, const char *value)
{
	draw_text(w, y, 1, 12, STYLE_TITLE, label);
	draw_text(w, y, 14, cols - 15, s, value);
	return y + 1;
}

/* The checklist's verdicts, failed first, then warned and unknown. */
static int draw_verdict_summary(struct pane_ctx *ctx, WINDOW *w, int y, int rows, int cols)
{
	static const enum verdict_kind order[] = {VERDICT_FAIL, VERDICT_WARN, VERDICT_UNKNOWN};
	static const char *const tags[] = {"FAIL", "WARN", "????"};
	static const enum draw_style styles[] = {STYLE_FAIL, STYLE_WARN, STYLE_UNKNOWN};
	size_t pass = 0, shown = 0;

	if (y >= rows)
		return y;
	for (size_t i = 0; i < ctx->nverdicts; i++)
		pass += ctx->verdicts[i].kind == VERDICT_PASS;
	draw_textf(w, y++, 1, cols - 2, STYLE_TITLE, "Verdicts%s",
		   ctx->collecting(ctx) ? " (collecting...)" : "");
	for (size_t o = 0; o < ARRAY_LEN(order); o++)
		for (size_t i = 0; i < ctx->nverdicts && y < rows; i++) {
			const struct verdict *v = &ctx->verdicts[i];

			if (v->kind != order[o])
				continue;
			draw_textf(w, y, 1, 7, styles[o], "[%s]", tags[o]);
			draw_text(w, y, 8, 25, STYLE_NORMAL, catalog[i].id);
			draw_text(w, y++, 34, cols - 35, STYLE_NORMAL,
				  v->summary ? v->summary : "");
			shown++;
		}
	if (y < rows)
		draw_textf(w, y++, 1, cols - 2, STYLE_DIM, "%zu passed; %s", pass,
			   shown ? "open the checklist (1) for the evidence"
				 : "nothing failed so far");
	return y;
}

static void overview_draw_all(struct overview *o, struct pane_ctx *ctx, WINDOW *w, int rows,
			      int cols, int *height);

/* The overview is drawn whole onto a pad and shown from the scroll offset,
 * so a target with many listeners or verdicts scrolls instead of losing
 * its last lines. */
#define OVERVIEW_MAX_LINES 400

static void overview_draw(void *data, struct pane_ctx *ctx, WINDOW *w, int rows, int cols)
{
	struct overview *o = data;
	WINDOW *pad = newpad(OVERVIEW_MAX_LINES, cols > 0 ? cols : 1);
	int height = 0, body = rows > 1 ? rows - 1 : 1, max;

	if (pad == NULL) {
		overview_draw_all(o, ctx, w, rows, cols, &height);
		return;
	}
	overview_draw_all(o, ctx, pad, OVERVIEW_MAX_LINES, cols, &height);
	if (height <= rows)
		body = rows;
	max = height > body ? height - body : 0;
	if (o->scroll > max)
		o->scroll = max;
	if (o->scroll < 0)
		o->scroll = 0;
	copywin(pad, w, o->scroll, 0, 0, 0, body - 1, cols - 1, FALSE);
	delwin(pad);
	if (body < rows)
		draw_textf(w, rows - 1, 0, cols, STYLE_DIM, "lines %d-%d of %d  Down/PgDn scroll%s",
			   o->scroll + 1, o->scroll + body < height ? o->scroll + body : height,
			   height, o->scroll < max ? ", more below" : "");
}

static int overview_key(void *data, struct pane_ctx *ctx, enum action a, int key)
{
	struct overview *o = data;

	(void)ctx;
	(void)key;
	switch (a) {
	case ACT_DOWN:
		o->scroll++;
		return 1;
	case ACT_UP:
		o->scroll--;
		return 1;
	case ACT_PAGE_DOWN:
		o->scroll += 10;
		return 1;
	case ACT_PAGE_UP:
		o->scroll -= 10;
		return 1;
	case ACT_TOP:
		o->scroll = 0;
		return 1;
	default:
		return 0;
	}
}

static void overview_draw_all(struct overview *o, struct pane_ctx *ctx, WINDOW *w, int rows,
			      int cols, int *height)
{
	const struct target *t = ctx->target;
	const struct procinfo *p = t->proc;
	char line[1024], tbuf[64], dur[32], *silence;
	int y = 1;

	o->drawn = 1;
	if (p != NULL) {
		time_t st = (time_t)p->start_time;
		struct tm tm;

		snprintf(line, sizeof line, "%d (%s)  user %s  %s", t->pid, p->comm ? p->comm : "?",
			 p->user ? p->user : "?", procfs_state_words(p->state));
		y = row(w, y, cols, "Process",
			procfs_state_silent(p->state) ? STYLE_FAIL : STYLE_NORMAL, line);
		if (p->exe != NULL) {
			snprintf(line, sizeof line, "%s%s", p->exe,
				 p->exe_deleted ? "  (deleted: replaced on disk, the process "
						  "still runs the old image)"
						: "");
			y = row(w, y, cols, "Executable",
				p->exe_deleted ? STYLE_FAIL : STYLE_NORMAL, line);
		} else {
			y = row(w, y, cols, "Executable", STYLE_WARN,
				p->exe_error ? p->exe_error : "unreadable");
		}
		gmtime_r(&st, &tm);
		strftime(tbuf, sizeof tbuf, "%Y-%m-%d %H:%M:%S UTC", &tm);
		draw_duration(dur, sizeof dur, p->uptime);
		snprintf(line, sizeof line, "%s (up %s)", tbuf, dur);
		y = row(w, y, cols, "Started", STYLE_NORMAL, line);
		{
			struct buf b;

			buf_init(&b);
			for (size_t i = 0; i < p->argv.n; i++)
				buf_printf(&b, "%s%s", i ? " " : "", p->argv.v[i]);
			y = row(w, y, cols, "Command", STYLE_NORMAL, b.data ? b.data : "");
			buf_free(&b);
		}
		if (p->denied != NULL)
			y = row(w, y, cols, "Access", STYLE_WARN, p->denied);
	} else {
		y = row(w, y, cols, "Process", STYLE_DIM,
			"not attached to a process (pass --pid, or a loopback --url)");
	}
	if (t->binary != NULL && (p == NULL || p->exe == NULL || strcmp(t->binary, p->exe) != 0))
		y = row(w, y, cols, "Binary", STYLE_NORMAL, t->binary);

	y++;
	if (t->listeners != NULL && t->listeners->n > 0) {
		for (size_t i = 0; i < t->listeners->n && y < rows - 6; i++) {
			const struct listener *l = &t->listeners->v[i];
			const char *note = "";
			enum draw_style s = STYLE_NORMAL;

			for (size_t k = 0; k < t->nprobes; k++)
				if (strcmp(t->probes[k].url, l->url) == 0) {
					note = t->probes[k].note ? t->probes[k].note : "probing...";
					if (t->probes[k].state == PROBE_PPROF)
						s = STYLE_PASS;
				}
			snprintf(line, sizeof line, "%-28s %s", l->local, note);
			y = row(w, y, cols, i == 0 ? "Listeners" : "", s, line);
		}
	} else if (t->pid != 0) {
		y = row(w, y, cols, "Listeners", STYLE_WARN,
			t->listeners_error ? t->listeners_error : "no listening TCP sockets");
	}
	for (size_t k = 0; k < t->nprobes; k++) {
		const struct target_probe *pr = &t->probes[k];

		if (t->url_given == NULL || strcmp(pr->url, t->url_given) != 0)
			continue;
		snprintf(line, sizeof line, "%s  %s", pr->url,
			 pr->note == NULL ? "probing /debug/pprof/..." : pr->note);
		y = row(w, y, cols, "URL given", pr->state == PROBE_PPROF ? STYLE_PASS : STYLE_WARN,
			line);
	}
	if (t->debug_url == NULL && (silence = target_silence(t)) != NULL) {
		y = row(w, y, cols, "Debug URL", STYLE_FAIL, silence);
		free(silence);
	} else if (t->debug_url != NULL)
		y = row(w, y, cols, "Debug URL", STYLE_PASS, t->debug_url);
	else if (t->probes_pending > 0)
		y = row(w, y, cols, "Debug URL", STYLE_DIM,
			"probing listeners for /debug/pprof/...");
	else
		y = row(
		    w, y, cols, "Debug URL", STYLE_WARN,
		    "none found: no listener serves net/http/pprof; import _ \"net/http/pprof\" "
		    "and serve it on a loopback-only listener");

	if (o->goroutines >= 0) {
		char sz[32], age[32];

		draw_size(sz, sizeof sz, (double)o->fetch_bytes);
		draw_duration(age, sizeof age, now_wall() - o->fetched_at);
		snprintf(line, sizeof line, "%ld  (debug=1: %.0f ms, %s, %s ago)%s%s",
			 o->goroutines, o->fetch_seconds * 1000, sz, age,
			 o->fetch_error ? "  last fetch: " : "",
			 o->fetch_error ? o->fetch_error : "");
		y = row(w, y, cols, "Goroutines", STYLE_NORMAL, line);
	} else if (o->fetch_error != NULL) {
		y = row(w, y, cols, "Goroutines", STYLE_WARN, o->fetch_error);
	}

	y++;
	if (t->repo != NULL) {
		y = row(w, y, cols, "Repo", STYLE_NORMAL, t->repo);
		if (t->git != NULL && t->git->hash[0])
			snprintf(line, sizeof line, "%s (%s)", t->git->hash,
				 t->git->branch ? t->git->branch : "detached");
		else
			snprintf(line, sizeof line, "%s", t->repo_note ? t->repo_note : "unknown");
		y = row(w, y, cols, "HEAD", STYLE_NORMAL, line);
	} else {
		y = row(w, y, cols, "Repo", STYLE_DIM, "none (pass --repo DIR for source checks)");
	}
	if (ctx->record_path != NULL)
		y = row(w, y, cols, "Recording", STYLE_NORMAL, ctx->record_path);
	else
		y = row(w, y, cols, "Recording", STYLE_WARN,
			ctx->record_note ? ctx->record_note : "off (--no-record)");
	y = draw_verdict_summary(ctx, w, y + 1, rows, cols);
	*height = y;
}

static void overview_destroy(void *data)
{
	struct overview *o = data;

	free(o->fetch_error);
	free(o);
}

/* The actions the key callback answers: `?` and the footer list them. */
static const enum action overview_answers[] = {ACT_DOWN,    ACT_UP,  ACT_PAGE_DOWN,
					       ACT_PAGE_UP, ACT_TOP, ACT_NONE};

const struct pane_ops overview_pane = {
    .name = "overview",
    .title = "Overview",
    .init = overview_init,
    .enter = overview_enter,
    .tick = overview_tick,
    .draw = overview_draw,
    .key = overview_key,
    .destroy = overview_destroy,
    .answers = overview_answers,
};
