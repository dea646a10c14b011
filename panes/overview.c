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
#include "overview_rows.h"
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
	double cpu0;	  /* the service's CPU (s) when it was asked, or -1 */
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
		pace_done(&o->pace, now_mono(),
			  pace_cost(r->t_total, o->cpu0,
				    o->ctx->remote ? -1 : target_cpu_seconds(o->ctx->target)),
			  o->fetch_error != NULL);
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
	o->cpu0 = ctx->remote ? -1 : target_cpu_seconds(ctx->target);
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
	static const enum draw_style styles[] = {
	    [OVERVIEW_NORMAL] = STYLE_NORMAL, [OVERVIEW_DIM] = STYLE_DIM,
	    [OVERVIEW_PASS] = STYLE_PASS,     [OVERVIEW_WARN] = STYLE_WARN,
	    [OVERVIEW_FAIL] = STYLE_FAIL,
	};
	struct overview_rows_in in = {
	    .t = ctx->target,
	    .goroutines = o->goroutines,
	    .fetch_seconds = o->fetch_seconds,
	    .fetch_bytes = o->fetch_bytes,
	    .fetch_age = now_wall() - o->fetched_at,
	    .fetch_error = o->fetch_error,
	    .record_path = ctx->record_path,
	    .record_note = ctx->record_note,
	    .width = cols - 15,
	    .ascii = ctx->ascii,
	};
	struct overview_rows r;
	int y = 1;

	o->drawn = 1;
	overview_rows_build(&in, &r);
	for (size_t i = 0; i < r.n && y < rows; i++) {
		if (r.v[i].label != NULL)
			row(w, y, cols, r.v[i].label, styles[r.v[i].tone], r.v[i].text);
		y++;
	}
	overview_rows_free(&r);
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
