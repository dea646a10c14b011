/* frame_collect.c: the console's live facts and verdicts: collection on
 * a worker thread, merging, re-judging the catalog and journaling what
 * changed. */
#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"
#include "frame.h"
#include "jobs.h"
#include "tui/record/journal.h"
#include "attach_remote.h"

struct collect_job {
	struct frame *f;
	struct facts *tmp;
	unsigned parts;
};

static void collect_work(void *arg)
{
	struct collect_job *j = arg;

	facts_collect(j->tmp, j->parts);
}

const char *frame_collect_part_name(unsigned bit)
{
	switch (bit) {
	case FACT_PROC:
		return "process";
	case FACT_BINARY:
		return "buildinfo";
	case FACT_DUMP:
		return "goroutines";
	case FACT_REPO:
		return "repo scan";
	case FACT_MODULES:
		return "modules";
	case FACT_ROUTES:
		return "route probes";
	case FACT_GRPC:
		return "listeners and gRPC";
	case FACT_PROXY:
		return "GOPROXY probes";
	default:
		return "?";
	}
}

/* Re-judges every check; journals the verdicts that changed. */
static void rejudge(struct frame *f)
{
	for (size_t i = 0; i < catalog_len; i++) {
		struct verdict nv;
		int changed;

		verdict_init(&nv);
		catalog_run(&catalog[i], f->facts, &nv);
		changed = nv.kind != f->verdicts[i].kind ||
			  strcmp(nv.summary ? nv.summary : "",
				 f->verdicts[i].summary ? f->verdicts[i].summary : "") != 0;
		verdict_free(&f->verdicts[i]);
		f->verdicts[i] = nv;
		if (changed && f->journal != NULL)
			journal_verdict(f->journal, catalog[i].id, &f->verdicts[i],
					catalog[i].remedy);
	}
}

static void collect_done(void *arg)
{
	struct collect_job *j = arg;
	struct frame *f = j->f;
	double took = now_wall() - j->tmp->collected_at;

	(void)took;
	facts_merge(f->facts, j->tmp);
	f->collecting = 0;
	/* Over ssh the process part came with the document: the worker is
	 * done with it, so the target can take it here, on the main thread. */
	if (f->remote != NULL && (j->parts & FACT_PROC))
		remote_session_adopt_target(f->remote, f->target);
	if (f->remote != NULL)
		f->ctx.via = remote_session_via(f->remote);
	frame_record_parts(f, j->parts, 0);
	rejudge(f);
	f->dirty = 1;
	free(j);
	if (f->queued) {
		unsigned q = f->queued;

		f->queued = 0;
		frame_collect_start(f, q);
	}
}

/* The worker reads the target (debug_url, the probes' results) while it
 * collects, and a /debug/pprof/ probe's answer writes them on this
 * thread: a collection waits for running probes (each is bounded by its
 * curl timeout) and frame_collect_resume() starts it after. */
static int probes_running(const struct frame *f)
{
	return f->remote == NULL && f->target != NULL && f->target->probes_pending > 0;
}

void frame_collect_resume(struct frame *f)
{
	if (!f->collecting && f->queued && !probes_running(f)) {
		unsigned q = f->queued;

		f->queued = 0;
		frame_collect_start(f, q);
	}
}

void frame_collect_start(struct frame *f, unsigned parts)
{
	struct collect_job *j;

	if (f->collecting || probes_running(f)) {
		f->queued |= parts;
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->f = f;
	j->parts = parts;
	j->tmp = facts_new(f->target);
	j->tmp->allow_full_dump = f->facts->allow_full_dump;
	j->tmp->dump_confirm_over = f->facts->dump_confirm_over;
	free(j->tmp->expected_header);
	j->tmp->expected_header =
	    f->facts->expected_header ? xstrdup(f->facts->expected_header) : NULL;
	j->tmp->source = f->facts->source;
	j->tmp->http_via = f->facts->http_via;
	j->tmp->http_via_error = f->facts->http_via_error;
	f->collecting = parts;
	jobs_run(collect_work, collect_done, j);
}

static void ctx_collect(struct pane_ctx *ctx, unsigned parts)
{
	frame_collect_start(ctx->frame, parts);
}

static void ctx_adopt(struct pane_ctx *ctx, struct facts *part)
{
	struct frame *f = ctx->frame;
	unsigned parts = part->collected;

	part->collected_at = now_wall();
	facts_merge(f->facts, part);
	frame_record_parts(f, parts, 0);
	rejudge(f);
	f->dirty = 1;
}

static unsigned ctx_collecting(struct pane_ctx *ctx)
{
	struct frame *f = ctx->frame;

	return f->collecting | f->queued;
}

static void ctx_run_job(struct pane_ctx *ctx, void (*work)(void *), void (*done)(void *), void *arg)
{
	(void)ctx;
	jobs_run(work, done, arg);
}

void frame_collect_init(struct frame *f)
{
	f->ctx.collect = ctx_collect;
	f->ctx.collecting = ctx_collecting;
	f->ctx.adopt = ctx_adopt;
	f->ctx.run_job = ctx_run_job;
	f->facts = facts_new(f->target);
	if (f->opts.header != NULL) { /* --header: what the route probes look for */
		free(f->facts->expected_header);
		f->facts->expected_header = xstrdup(f->opts.header);
	}
	/* At attach only a small dump is fetched by itself; larger ones wait
	 * for the engineer (goroutines pane, or r on a step). */
	f->facts->allow_full_dump = 1;
	f->facts->dump_confirm_over = 1000;
	if (f->remote != NULL) {
		remote_session_use(f->remote, f->facts);
		f->ctx.remote = 1;
		f->ctx.via = remote_session_via(f->remote); /* NULL until the tunnel is up */
	}
	f->verdicts = xcalloc(catalog_len, sizeof *f->verdicts);
	f->ctx.facts = f->facts;
	f->ctx.verdicts = f->verdicts;
	f->ctx.nverdicts = catalog_len;
	if (jobs_init() != 0)
		fatal("cannot create the job pipe");
}

void frame_collect_free(struct frame *f)
{
	for (size_t i = 0; i < catalog_len; i++)
		verdict_free(&f->verdicts[i]);
	free(f->verdicts);
	f->verdicts = NULL;
	/* A worker still collecting (a slow proxy, say) reads the target and
	 * its facts: quitting must not wait for it, so leave both to exit. */
	if (!jobs_active()) {
		facts_free(f->facts);
		target_free(f->target);
	}
	f->facts = NULL;
	f->target = NULL;
}
