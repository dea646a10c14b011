/* goroutines_fetch.c: the goroutines pane's fetches (see goroutines_fetch.h):
 * the debug=1 total, the question, the debug=2 dump parsed on a worker and
 * handed to the frame, and heap?debug=1 + /debug/vars for the memory strip. */
#include "goroutines_fetch.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collectors/runtime/memstats.h"
#include "pollrec.h"

#define DUMP_CAP HTTP_CAP_DUMP
#define DUMP_TIMEOUT_MS 60000
#define TOTAL_CAP HTTP_CAP_PROFILE
#define TOTAL_TIMEOUT_MS 10000
#define VARS_CAP HTTP_DEFAULT_CAP

static void set_str(char **dst, char *s)
{
	free(*dst);
	*dst = s;
}

static void record_fetch(struct goroutines_state *p, const char *what, const char *summary,
			 const char *error)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "what", what);
	if (summary != NULL)
		cJSON_AddStringToObject(o, "summary", summary);
	if (error != NULL)
		cJSON_AddStringToObject(o, "error", error);
	p->ctx->record(p->ctx, "fetch", o);
}

/* ---- the memory strip ------------------------------------------------ */

struct mem_job {
	struct goroutines_state *p;
	struct http_response *r;
	int expvar;
	struct memstats *m;
	char *cause;
};

static void mem_work(void *arg)
{
	struct mem_job *j = arg;
	int rc;

	j->m = xcalloc(1, sizeof *j->m);
	rc = j->expvar ? memstats_parse_expvar(j->r->body.data, j->r->body.len, j->m, &j->cause)
		       : memstats_parse_heap(j->r->body.data, j->r->body.len, j->m, &j->cause);
	if (rc != 0) {
		memstats_free(j->m);
		free(j->m);
		j->m = NULL;
	}
}

static void mem_done(void *arg)
{
	struct mem_job *j = arg;
	struct goroutines_state *p = j->p;
	struct memstats **slot = j->expvar ? &p->vars : &p->heap;

	if (j->m != NULL) {
		memstats_free(*slot);
		free(*slot);
		*slot = j->m;
		set_str(j->expvar ? &p->vars_error : &p->heap_error, NULL);
	} else {
		set_str(j->expvar ? &p->vars_error : &p->heap_error, j->cause);
		j->cause = NULL;
	}
	free(j->cause);
	http_response_free(j->r);
	free(j);
	p->ctx->dirty(p->ctx);
}

static void mem_fetched(struct goroutines_state *p, struct http_response *r, int expvar)
{
	char **err = expvar ? &p->vars_error : &p->heap_error;

	if (expvar)
		p->vars_id = 0;
	else
		p->heap_id = 0;
	if (r->cancelled || r->error != NULL || r->status != 200 || r->truncated) {
		set_str(err, r->status == 404 && r->error == NULL
				 ? xstrdup(expvar ? "not served (no expvar)" : "not served")
				 : http_problem(r));
		http_response_free(r);
		p->ctx->dirty(p->ctx);
		return;
	}
	{
		struct mem_job *j = xcalloc(1, sizeof *j);

		j->p = p;
		j->r = r;
		j->expvar = expvar;
		p->ctx->run_job(p->ctx, mem_work, mem_done, j);
	}
}

static void heap_fetched(struct http_response *r, void *arg)
{
	mem_fetched(arg, r, 0);
}

static void vars_fetched(struct http_response *r, void *arg)
{
	mem_fetched(arg, r, 1);
}

static int get(struct goroutines_state *p, const char *path, const char *label, size_t cap,
	       long timeout, http_done_fn done)
{
	struct http_request rq = {0};
	char *url = xasprintf("%s%s", pane_service_url(p->ctx), path);
	int id;

	rq.url = url;
	rq.label = label;
	rq.max_bytes = cap;
	rq.timeout_ms = timeout;
	id = http_start(p->ctx->http, &rq, done, p);
	free(url);
	return id;
}

static void start_memory(struct goroutines_state *p)
{
	if (p->heap_id == 0)
		p->heap_id = get(p, "/debug/pprof/heap?debug=1", "heap profile (debug=1)",
				 MEMSTATS_MAX_BYTES, TOTAL_TIMEOUT_MS, heap_fetched);
	if (p->vars_id == 0)
		p->vars_id = get(p, "/debug/vars", "expvar (/debug/vars)", VARS_CAP,
				 TOTAL_TIMEOUT_MS, vars_fetched);
}

/* ---- fetching the dump ------------------------------------------------ */

struct parse_job {
	struct goroutines_state *p;
	struct http_response *r;
	const struct goroutines_snap *prev; /* read only while the job runs */
	struct target *target;
	char *module;
	long total;
	struct goroutines_snap *snap;
	struct facts *part;
	char *cause;
};

/* Worker: our parse (taking the body over), then the frame's own copy. */
static void parse_work(void *arg)
{
	struct parse_job *j = arg;
	struct goroutines_snap *s = goroutines_snap_new();
	struct facts *part;

	s->total_before = j->total;
	s->fetch_seconds = j->r->t_total;
	s->wire_bytes = j->r->wire_bytes;
	s->cut_by_cap = j->r->truncated;
	if (goroutines_snap_build(s, &j->r->body, j->module, j->prev, &j->cause) != 0) {
		goroutines_snap_free(s);
		return;
	}
	s->fetched_at = now_wall();
	j->snap = s;
	part = facts_new(j->target);
	part->collected = FACT_DUMP;
	part->goroutine_total = j->total;
	part->dump_bytes = s->bytes;
	part->dump_seconds = s->fetch_seconds;
	part->dump_truncated = s->cut_by_cap || s->d.runtime_cap;
	part->dump = xcalloc(1, sizeof *part->dump);
	if (gdump_parse(s->d.text, s->d.len, part->dump, &part->dump_error) == 0) {
		part->buckets = xcalloc(1, sizeof *part->buckets);
		gbucket_build(part->dump, GBUCKET_EXACT, j->module, part->buckets);
	} else {
		free(part->dump);
		part->dump = NULL;
	}
	j->part = part;
}

static void parse_done(void *arg)
{
	struct parse_job *j = arg;
	struct goroutines_state *p = j->p;

	p->job = 0;
	p->st = GOROUTINES_IDLE;
	if (j->snap == NULL) {
		set_str(&p->note, xasprintf("debug=2: %s", j->cause ? j->cause : "not a dump"));
		record_fetch(p, "goroutine dump (debug=2)", NULL, p->note);
	} else {
		p->ctx->status(p->ctx,
			       "goroutine dump: %zu goroutines in %zu buckets, parsed in %.1f ms",
			       j->snap->d.ng, j->snap->b[p->view].n, j->snap->parse_seconds * 1000);
		goroutines_show(p, j->snap);
		if (j->part != NULL)
			p->ctx->adopt(p->ctx, j->part);
		j->part = NULL;
	}
	facts_free(j->part);
	free(j->cause);
	free(j->module);
	http_response_free(j->r);
	free(j);
	p->ctx->dirty(p->ctx);
}

static void dump_fetched(struct http_response *r, void *arg)
{
	struct goroutines_state *p = arg;
	struct parse_job *j;

	p->dump_id = 0;
	/* A dump cut at our cap (larger than the runtime ever writes) is
	 * parsed as the prefix it is and shown as cut (snap->cut_by_cap). */
	if (r->cancelled || r->error != NULL || r->status != 200) {
		char *why = http_problem(r);

		p->st = GOROUTINES_IDLE;
		set_str(&p->note,
			r->cancelled	   ? xstrdup("dump fetch cancelled (the service may still "
							   "be writing it: the runtime cannot stop)")
			: r->status == 404 ? xstrdup("debug=2 answered 404: net/http/pprof is "
						     "not served there")
					   : xasprintf("debug=2: %s", why));
		free(why);
		record_fetch(p, "goroutine dump (debug=2)", NULL, p->note);
		http_response_free(r);
		p->ctx->dirty(p->ctx);
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->p = p;
	j->r = r;
	j->prev = p->snap;
	j->target = p->ctx->target;
	j->module = goroutines_module(p) != NULL ? xstrdup(goroutines_module(p)) : NULL;
	j->total = p->dump_total;
	p->st = GOROUTINES_PARSING;
	p->job = 1;
	p->ctx->run_job(p->ctx, parse_work, parse_done, j);
	p->ctx->dirty(p->ctx);
}

static void start_dump(struct goroutines_state *p)
{
	p->dump_total = p->total;
	p->dump_started = now_mono();
	p->st = GOROUTINES_DUMP;
	set_str(&p->note, NULL);
	p->dump_id = get(p, "/debug/pprof/goroutine?debug=2", "goroutine dump (debug=2)", DUMP_CAP,
			 DUMP_TIMEOUT_MS, dump_fetched);
}

static void answered(const char *line, void *arg)
{
	struct goroutines_state *p = arg;

	if (p->st != GOROUTINES_ASKING)
		return;
	if (strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") == 0) {
		start_dump(p);
	} else {
		p->st = GOROUTINES_IDLE;
		set_str(&p->note, xasprintf("not fetched: %ld goroutines (you answered no); r asks "
					    "again",
					    p->total));
		record_fetch(p, "goroutine dump (debug=2)", NULL, "declined by the engineer");
	}
	p->ctx->dirty(p->ctx);
}

void goroutines_fetch_ask(struct goroutines_state *p)
{
	char q[256];

	p->st = GOROUTINES_ASKING;
	goroutines_snap_question(p->total, goroutines_snap_rate(p->snap), p->cols >= 120, q,
				 sizeof q);
	p->ctx->ask(p->ctx, q, answered, p);
}

static void total_fetched(struct http_response *r, void *arg)
{
	struct goroutines_state *p = arg;
	int then = p->total_then_dump;
	long n;

	p->total_id = 0;
	p->total_then_dump = 0;
	p->total_seconds = r->t_total;
	p->total_bytes = r->body.len;
	/* Cut at its cap, the profile is not read (its total would be a guess). */
	if (r->cancelled || r->error != NULL || r->status != 200 || r->truncated)
		set_str(&p->total_error, http_problem(r));
	else if (goroutines_snap_total(r->body.data, r->body.len, &n) != 0)
		set_str(&p->total_error, xstrdup("the answer is not a goroutine profile"));
	else {
		set_str(&p->total_error, NULL);
		p->total = n;
		p->total_at = now_wall();
		goroutines_hist_add(p, n);
	}
	if (!r->cancelled)
		pace_done(&p->total_pace, now_mono(),
			  pace_cost(r->t_total, p->total_cpu0,
				    p->ctx->remote ? -1 : target_cpu_seconds(p->ctx->target)),
			  p->total_error != NULL);
	if (!r->cancelled)
		pollrec_total(p->ctx, r, p->total, p->total_error);
	http_response_free(r);
	if (then && p->st == GOROUTINES_TOTAL) {
		if (p->total_error != NULL) {
			p->st = GOROUTINES_IDLE;
			set_str(&p->note,
				xasprintf("debug=1 failed (%s), so the dump was not fetched; "
					  "r retries",
					  p->total_error));
		} else if (p->total > GOROUTINES_CONFIRM_OVER) {
			goroutines_fetch_ask(p);
		} else {
			start_dump(p);
		}
	}
	p->ctx->dirty(p->ctx);
}

static void start_total(struct goroutines_state *p, int then_dump)
{
	p->total_then_dump = then_dump;
	p->total_cpu0 = p->ctx->remote ? -1 : target_cpu_seconds(p->ctx->target);
	p->total_id = get(p, "/debug/pprof/goroutine?debug=1", "goroutine total (debug=1)",
			  TOTAL_CAP, TOTAL_TIMEOUT_MS, total_fetched);
}

void goroutines_fetch_start(struct goroutines_state *p)
{
	struct pane_ctx *ctx = p->ctx;

	if (pane_service_url(ctx) == NULL) {
		p->want = 1;
		return;
	}
	p->want = 0;
	start_memory(p);
	if (p->st == GOROUTINES_DUMP || p->st == GOROUTINES_PARSING || p->st == GOROUTINES_TOTAL) {
		ctx->status(ctx, "the goroutine dump is already being %s",
			    p->st == GOROUTINES_PARSING ? "parsed" : "fetched (x cancels)");
		return;
	}
	p->tried = 1;
	set_str(&p->note, NULL);
	p->st = GOROUTINES_TOTAL;
	if (p->total_id != 0)
		p->total_then_dump = 1; /* the timer's debug=1 fetch will do */
	else
		start_total(p, 1);
}

void goroutines_fetch_total(struct goroutines_state *p)
{
	if (pane_service_url(p->ctx) == NULL || p->total_id != 0 ||
	    !pace_due(&p->total_pace, now_mono()))
		return;
	start_total(p, 0);
}

void goroutines_hist_add(struct goroutines_state *st, long n)
{
	if (n < 0)
		return;
	if (st->nhist == GOROUTINES_HIST_MAX) {
		for (size_t i = 0; i < GOROUTINES_HIST_MAX / 2; i++)
			st->hist[i] = st->hist[2 * i + 1];
		st->nhist = GOROUTINES_HIST_MAX / 2;
	}
	st->hist[st->nhist++] = n;
}

void goroutines_fetch_free(struct goroutines_state *p)
{
	/* A parse still running reads the current snapshot: leave it. */
	if (!p->job)
		goroutines_snap_free(p->snap);
	p->snap = NULL;
	memstats_free(p->heap);
	memstats_free(p->vars);
	free(p->heap);
	free(p->vars);
	free(p->heap_error);
	free(p->vars_error);
	free(p->total_error);
	free(p->note);
}
