/* profiles_fetch.c: the profiles pane's fetches, decodes on the worker and
 * journal entries (see profiles_fetch.h). */
#include "profiles_fetch.h"

#include <cJSON.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"
#include "checks/profile_evidence.h"
#include "collectors/base/sanitize.h"
#include "profiles_hot.h"

#define INDEX_TIMEOUT_MS 10000
#define FETCH_TIMEOUT_MS 60000

static void set_note(struct profiles_state *st, char *s)
{
	free(st->note);
	st->note = s;
}

/* Replaced profiles and views wait here; free_grave() hands them to a
 * worker job once no job reads the profiles (freeing a profile of 400k
 * samples takes tens of ms, too long for the UI thread). */
static void bury(struct profiles_state *st, struct pprof_profile *p)
{
	if (p == NULL)
		return;
	st->grave = xgrow(st->grave, &st->cgrave, st->ngrave + 1, sizeof *st->grave);
	st->grave[st->ngrave++] = p;
}

static void bury_view(struct profiles_state *st, struct profiles_view *v)
{
	if (v == NULL)
		return;
	st->vgrave = xgrow(st->vgrave, &st->cvgrave, st->nvgrave + 1, sizeof *st->vgrave);
	st->vgrave[st->nvgrave++] = v;
}

struct reap_job {
	struct pprof_profile **p;
	struct profiles_view **v;
	size_t np, nv;
};

static void reap_free(struct reap_job *r)
{
	for (size_t i = 0; i < r->np; i++) {
		pprof_free(r->p[i]);
		free(r->p[i]);
	}
	for (size_t i = 0; i < r->nv; i++)
		profiles_view_free(r->v[i]);
	free(r->p);
	free(r->v);
}

static void reap_work(void *arg)
{
	reap_free(arg);
}

static void reap_done(void *arg)
{
	free(arg);
}

/* On the worker, or here when sync (the pane's end). */
static void free_grave(struct profiles_state *st, int sync)
{
	struct reap_job *r;

	if (st->jobs > 0 || (st->ngrave == 0 && st->nvgrave == 0))
		return;
	r = xcalloc(1, sizeof *r);
	r->p = st->grave;
	r->np = st->ngrave;
	r->v = st->vgrave;
	r->nv = st->nvgrave;
	st->grave = NULL;
	st->vgrave = NULL;
	st->ngrave = st->cgrave = st->nvgrave = st->cvgrave = 0;
	if (sync) {
		reap_free(r);
		free(r);
		return;
	}
	st->ctx->run_job(st->ctx, reap_work, reap_done, r);
}

static void job_finished(struct profiles_state *st)
{
	st->jobs--;
}

static char *service_url(struct profiles_state *st, const char *path)
{
	const char *base = pane_service_url(st->ctx);

	return base != NULL ? xasprintf("%s/debug/pprof/%s", base, path) : NULL;
}

/* ---- the index -------------------------------------------------------- */

static void index_fetched(struct http_response *r, void *arg)
{
	struct profiles_state *st = arg;

	st->index_id = 0;
	free(st->index_note);
	st->index_note = NULL;
	if (r->cancelled || r->error != NULL || r->status != 200 || r->truncated)
		st->index_note = http_problem(r);
	else if (profiles_index_parse(r->body.data, r->body.len, st->counts) == 0)
		st->index_note = xstrdup("/debug/pprof/ is not Go's pprof index");
	/* goroutineleak has a row only where the service's Go serves it. */
	st->ui.nkinds = st->counts[PK_GOROUTINELEAK] >= 0 ? PK__COUNT : PK__COUNT - 1;
	if (st->ui.kind_sel >= st->ui.nkinds)
		st->ui.kind_sel = PK_HEAP;
	http_response_free(r);
	st->ctx->dirty(st->ctx);
}

void profiles_fetch_index(struct profiles_state *st)
{
	struct http_request rq = {0};
	char *url = service_url(st, "");

	st->index_tried = 1;
	if (url == NULL || st->index_id != 0) {
		free(url);
		return;
	}
	rq.url = url;
	rq.label = "pprof index";
	rq.max_bytes = HTTP_CAP_INDEX;
	rq.timeout_ms = INDEX_TIMEOUT_MS;
	st->index_id = http_start(st->ctx->http, &rq, index_fetched, st);
	free(url);
}

/* ---- a profile: fetch, decode on the worker, journal -------------------- */

struct decode_job {
	struct profiles_state *st;
	enum profiles_kind kind;
	struct http_response *r;
	struct pprof_profile *p;
	struct profiles_view *view;
	double started, seconds;
	char *cause;
	/* For the checklist: the main module's functions (profiles_hot.h). */
	int hot_kind; /* 0 CPU, 1 heap growth against base, -1 none */
	const struct pprof_profile *base;
	char *module;
	struct facts_prof_fn *hot;
	size_t nhot;
};

static void decode_work(void *arg)
{
	struct decode_job *j = arg;
	struct pprof_limits lim = {PROFILES_CAP_WIRE, PROFILES_CAP_INFLATED};
	struct profiles_req rq = {0};

	if (getenv("GT_IDLE")) {
		struct sched_param sp = {0};
		sched_setscheduler(0, SCHED_IDLE, &sp);
	}
	j->p = xcalloc(1, sizeof *j->p);
	if (pprof_decode(j->r->body.data, j->r->body.len, &lim, j->p, &j->cause) < 0) {
		free(j->p);
		j->p = NULL;
		return;
	}
	rq.p = j->p;
	rq.which = PV_TOP;
	rq.sample = -1;
	j->view = profiles_view_build(&rq, &j->cause);
	if (j->view != NULL && j->hot_kind >= 0)
		j->hot = profiles_hot_build(j->p, j->base, j->module, j->hot_kind, &j->nhot);
	/* The body is no longer needed: free it here, not on the UI thread. */
	buf_free(&j->r->body);
}

static void record(struct profiles_state *st, const struct decode_job *j, const char *error)
{
	cJSON *o = cJSON_CreateObject();

	/* "kind" is the journal's own (the event's): the profile's is "profile". */
	cJSON_AddStringToObject(o, "what", "profile");
	cJSON_AddStringToObject(o, "profile", profiles_kinds[j->kind].label);
	cJSON_AddNumberToObject(o, "bytes", (double)j->r->wire_bytes);
	cJSON_AddNumberToObject(o, "seconds", j->seconds);
	if (j->kind == PK_CPU)
		cJSON_AddNumberToObject(o, "profile_seconds", st->cpu_running);
	if (error != NULL)
		sanitize_json_add(o, "error", error);
	if (j->view != NULL) {
		cJSON *rows = cJSON_CreateArray();

		sanitize_json_add(o, "sample_type", j->view->sample_name);
		cJSON_AddNumberToObject(o, "total", (double)j->view->total);
		for (size_t i = 0; i < j->view->lines.n && i < 10; i++)
			cJSON_AddItemToArray(rows, cJSON_CreateString(j->view->lines.v[i]));
		cJSON_AddItemToObject(o, "top", rows);
	}
	st->ctx->record(st->ctx, "fetch", o);
}

/* The fetched profile's main-module functions go to the facts, the
 * checks judge them anew, and the evidence lines they drew from it are
 * journaled (a changed evidence line alone is not a verdict event). */
static void to_checklist(struct profiles_state *st, struct decode_job *j)
{
	struct pane_ctx *ctx = st->ctx;
	cJSON *o, *lines;
	size_t n = 0;

	if (ctx->facts == NULL || ctx->adopt == NULL)
		return;
	profiles_hot_adopt(ctx->facts, j->hot_kind, j->hot, j->nhot);
	j->hot = NULL;
	j->nhot = 0;
	ctx->adopt(ctx, facts_new(ctx->facts->target)); /* no parts: re-judge */
	o = cJSON_CreateObject();
	lines = cJSON_CreateArray();
	for (size_t i = 0; i < ctx->nverdicts && i < catalog_len; i++) {
		const struct verdict *v = &ctx->verdicts[i];

		for (size_t e = 0; e < v->evidence.n; e++) {
			cJSON *l;

			if (strstr(v->evidence.v[e], PROFILE_EVIDENCE_MARK) == NULL)
				continue;
			l = cJSON_CreateObject();
			cJSON_AddStringToObject(l, "check", catalog[i].id);
			sanitize_json_add(l, "evidence", v->evidence.v[e]);
			cJSON_AddItemToArray(lines, l);
			n++;
		}
	}
	cJSON_AddStringToObject(o, "profile", profiles_kinds[j->kind].label);
	cJSON_AddItemToObject(o, "evidence", lines);
	if (n > 0) {
		ctx->record(ctx, "profile_evidence", o);
		ctx->status(ctx, "%s profile: evidence on %zu checklist line%s (see the Checklist)",
			    profiles_kinds[j->kind].label, n, n == 1 ? "" : "s");
	} else {
		cJSON_Delete(o);
	}
}

static void decode_done(void *arg)
{
	struct decode_job *j = arg;
	struct profiles_state *st = j->st;
	struct profiles_slot *s = &st->slot[j->kind];
	int empty;

	job_finished(st);
	if (j->p == NULL || j->view == NULL) {
		set_note(st, xasprintf("%s: %s", profiles_kinds[j->kind].label,
				       j->cause != NULL ? j->cause : "not a profile"));
		record(st, j, st->note);
		if (j->p != NULL)
			bury(st, j->p);
	} else {
		bury(st, s->prev);
		s->prev = s->cur;
		s->prev_at = s->cur_at;
		s->cur = j->p;
		s->cur_at = now_wall();
		s->cur_bytes = j->r->wire_bytes;
		s->cur_seconds = j->seconds;
		if (st->ui.shown != (int)j->kind) {
			st->ui.sample = -1;
			st->ui.diff = 0;
		}
		record(st, j, NULL); /* before j->view is handed over or freed */
		empty = j->view->total == 0;
		st->ui.shown = (int)j->kind;
		st->ui.kind_sel = j->kind;
		st->ui.sel = 0;
		/* The new profile's top at once; then, when the engineer chose a
		 * sample type, cum or diff, that view again on the worker. */
		bury_view(st, st->view);
		st->view = j->view;
		st->ui.view = PV_TOP;
		st->ui.zoom = st->ui.fsel = 0;
		if (st->ui.sample >= 0 || st->ui.diff || st->ui.cum)
			profiles_rebuild(st);
		set_note(st, empty && profiles_empty_note(j->kind) != NULL
				 ? xstrdup(profiles_empty_note(j->kind))
				 : NULL);
		st->ctx->status(st->ctx, "%s profile: %zu samples, %zu bytes, fetched in %.1f s",
				profiles_kinds[j->kind].label, j->p->nsamples, j->r->wire_bytes,
				j->seconds);
		j->view = NULL;
		if (j->hot_kind >= 0)
			to_checklist(st, j);
	}
	profiles_hot_free(j->hot, j->nhot);
	free(j->module);
	bury_view(st, j->view);
	free(j->cause);
	http_response_free(j->r);
	free(j);
	free_grave(st, 0);
	st->ctx->dirty(st->ctx);
}

struct fetch_arg {
	struct profiles_state *st;
	enum profiles_kind kind;
	double started;
};

/* Go's answer to a second CPU profile: 500 "Could not enable CPU
 * profiling: cpu profiling already in use" (net/http/pprof Profile). */
static char *fetch_problem(const struct fetch_arg *a, const struct http_response *r)
{
	const char *body = r->body.data != NULL ? r->body.data : "";
	char *why, *s;

	if (r->cancelled)
		return a->kind == PK_CPU
			   ? xstrdup("CPU profile cancelled: the service stops "
				     "sampling when the connection closes")
			   : xasprintf("%s fetch cancelled", profiles_kinds[a->kind].label);
	if (a->kind == PK_CPU && r->status == 500 &&
	    memmem(body, r->body.len, "already in use", 14))
		return xstrdup("another CPU profile is running in the service (Go allows one at a "
			       "time, perhaps someone's go tool pprof): try again when it ends");
	if (r->status == 404)
		return xasprintf("%s: 404, the service does not serve it (no net/http/pprof, or "
				 "its Go is too old for this kind)",
				 profiles_kinds[a->kind].label);
	why = http_problem(r);
	if (r->status >= 400 && r->body.len > 0) {
		char *t;

		s = sanitize_str(body);
		s[strcspn(s, "\n")] = '\0';
		if (strlen(s) > 120)
			s[120] = '\0';
		t = xasprintf("%s: %s: %s", profiles_kinds[a->kind].label, why, s);
		free(s);
		free(why);
		return t;
	}
	s = xasprintf("%s: %s", profiles_kinds[a->kind].label, why);
	free(why);
	return s;
}

static void profile_fetched(struct http_response *r, void *arg)
{
	struct fetch_arg *a = arg;
	struct profiles_state *st = a->st;
	struct decode_job *j;

	if (a->kind == PK_CPU)
		st->cpu_id = 0;
	else
		st->fetch_id = 0;
	if (r->cancelled || r->error != NULL || r->status != 200 || r->truncated) {
		struct decode_job rec = {0};

		rec.st = st;
		rec.kind = a->kind;
		rec.r = r;
		rec.started = a->started;
		rec.seconds = r->t_total;

		set_note(st, fetch_problem(a, r));
		record(st, &rec, st->note);
		http_response_free(r);
		free(a);
		st->ctx->dirty(st->ctx);
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->st = st;
	j->kind = a->kind;
	j->r = r;
	j->started = a->started;
	j->seconds = now_mono() - a->started;
	/* A CPU profile, or a heap fetch after an earlier one (the diff's
	 * base stays alive: this job counts in st->jobs), for the checklist. */
	j->hot_kind = a->kind == PK_CPU					    ? 0
		      : a->kind == PK_HEAP && st->slot[PK_HEAP].cur != NULL ? 1
									    : -1;
	j->base = j->hot_kind == 1 ? st->slot[PK_HEAP].cur : NULL;
	j->module = st->ctx->facts != NULL && st->ctx->facts->module_path != NULL
			? xstrdup(st->ctx->facts->module_path)
			: NULL;
	free(a);
	st->jobs++;
	set_note(st, xasprintf("decoding %s profile (%zu bytes)...", profiles_kinds[j->kind].label,
			       r->wire_bytes));
	st->ctx->run_job(st->ctx, decode_work, decode_done, j);
	st->ctx->dirty(st->ctx);
}

static int start(struct profiles_state *st, enum profiles_kind k, const char *path,
		 const char *label, long timeout_ms)
{
	struct http_request rq = {0};
	struct fetch_arg *a = xcalloc(1, sizeof *a);
	char *url = service_url(st, path);
	int id;

	if (url == NULL) {
		free(a);
		set_note(st, xstrdup("no pprof endpoint known for this service yet"));
		return 0;
	}
	a->st = st;
	a->kind = k;
	a->started = now_mono();
	rq.url = url;
	rq.label = label;
	rq.max_bytes = PROFILES_CAP_WIRE;
	rq.timeout_ms = timeout_ms;
	id = http_start(st->ctx->http, &rq, profile_fetched, a);
	free(url);
	return id;
}

void profiles_fetch_kind(struct profiles_state *st, enum profiles_kind k)
{
	if (k == PK_CPU) {
		/* Never on Enter: the CPU profile has its own key. */
		st->ctx->status(st->ctx,
				"c records a CPU profile (asks for the seconds; %d s last)",
				profiles_cpu_default(st));
		return;
	}
	if (st->fetch_id != 0) {
		st->ctx->status(st->ctx, "a %s fetch is running (x cancels)",
				profiles_kinds[st->fetch_kind].label);
		return;
	}
	st->fetch_kind = k;
	st->fetch_started = now_mono();
	set_note(st, NULL);
	st->fetch_id =
	    start(st, k, profiles_kinds[k].path, profiles_kinds[k].label, FETCH_TIMEOUT_MS);
}

int profiles_cpu_default(const struct profiles_state *st)
{
	return st->cpu_seconds > 0 ? st->cpu_seconds : PROFILES_CPU_SECONDS;
}

static void cpu_answered(const char *line, void *arg)
{
	struct profiles_state *st = arg;
	char path[64], label[64];
	const char *why = NULL;
	int secs;

	if (st->cpu_id != 0)
		return; /* started meanwhile (a replayed key) */
	if (profiles_cpu_seconds_parse(line, profiles_cpu_default(st), &secs, &why) < 0) {
		st->ctx->status(st->ctx, "no CPU profile started: %s", why);
		return;
	}
	st->cpu_seconds = st->cpu_running = secs;
	snprintf(path, sizeof path, "profile?seconds=%d", secs);
	snprintf(label, sizeof label, "CPU profile (%d s)", secs);
	set_note(st, NULL);
	st->cpu_started = now_mono();
	/* The status line shows the fetch's label and elapsed time. */
	st->cpu_id = start(st, PK_CPU, path, label, (secs + 20) * 1000L);
	st->ctx->dirty(st->ctx);
}

void profiles_fetch_cpu(struct profiles_state *st)
{
	char q[128];

	if (st->cpu_id != 0) {
		st->ctx->status(st->ctx,
				"the CPU profile is still recording, %d s left (x cancels)",
				profiles_cpu_left(st));
		return;
	}
	/* Nothing costs the service until the engineer answers. */
	snprintf(q, sizeof q, "CPU profile: seconds of sampling (1-%d, Enter: %d, Esc: none)? ",
		 PROFILES_CPU_MAX_SECONDS, profiles_cpu_default(st));
	st->ctx->ask(st->ctx, q, cpu_answered, st);
}

int profiles_cpu_left(const struct profiles_state *st)
{
	double left;

	if (st->cpu_id == 0)
		return -1;
	left = st->cpu_running - (now_mono() - st->cpu_started);
	return left > 0 ? (int)(left + 0.999) : 0;
}

/* ---- views ------------------------------------------------------------ */

struct view_job {
	struct profiles_state *st;
	struct profiles_req rq;
	char *func;
	char *repo;
	struct profiles_view *view;
	char *cause;
};

static void view_work(void *arg)
{
	struct view_job *j = arg;

	j->view = profiles_view_build(&j->rq, &j->cause);
}

static void view_done(void *arg)
{
	struct view_job *j = arg;
	struct profiles_state *st = j->st;

	st->view_job = 0;
	job_finished(st);
	if (j->view != NULL) {
		bury_view(st, st->view);
		st->view = j->view;
		if (st->ui.sel >= st->view->lines.n)
			st->ui.sel = 0;
	} else {
		set_note(st, j->cause);
		j->cause = NULL;
	}
	free(j->cause);
	free(j->func);
	free(j->repo);
	free(j);
	if (st->rebuild_pending) {
		st->rebuild_pending = 0;
		profiles_rebuild(st);
	}
	free_grave(st, 0);
	st->ctx->dirty(st->ctx);
}

void profiles_rebuild(struct profiles_state *st)
{
	struct profiles_slot *s;
	struct view_job *j;
	const char *func;

	if (st->ui.shown < 0 || st->ui.view == PV_KINDS)
		return;
	if (st->view_job) {
		st->rebuild_pending = 1;
		return;
	}
	s = &st->slot[st->ui.shown];
	if (s->cur == NULL)
		return;
	if (st->ui.diff && s->prev == NULL) {
		st->ui.diff = 0;
		st->ctx->status(st->ctx, "nothing to diff against: fetch %s once more first",
				profiles_kinds[st->ui.shown].label);
	}
	j = xcalloc(1, sizeof *j);
	j->st = st;
	j->rq.p = s->cur;
	j->rq.base = st->ui.diff ? s->prev : NULL;
	j->rq.which = st->ui.view;
	j->rq.sample = st->ui.sample;
	j->rq.cum = st->ui.cum;
	/* Leaving top: remember its selected function for peek and list. */
	func = profiles_ui_func(&st->ui, st->view);
	if (func != NULL) {
		free(st->func);
		st->func = xstrdup(func);
	}
	j->func = st->func != NULL ? xstrdup(st->func) : NULL;
	j->rq.func = j->func;
	j->repo = st->ctx->target != NULL && st->ctx->target->repo != NULL
		      ? xstrdup(st->ctx->target->repo)
		      : NULL;
	j->rq.repo = j->repo;
	st->view_job = 1;
	st->jobs++;
	st->ctx->run_job(st->ctx, view_work, view_done, j);
}

void profiles_fetch_free(struct profiles_state *st)
{
	/* A job still running reads the profiles: leave them (exit only). */
	if (st->jobs == 0) {
		for (int k = 0; k < PK__COUNT; k++) {
			bury(st, st->slot[k].cur);
			bury(st, st->slot[k].prev);
		}
		bury_view(st, st->view);
		free_grave(st, 1);
	}
	free(st->index_note);
	free(st->func);
	free(st->note);
}
