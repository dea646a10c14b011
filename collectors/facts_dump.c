/* facts_dump.c: FACT_DUMP: the cheap debug=1 goroutine total, then (when
 * allowed) the full debug=2 dump, parsed and bucketed.
 *
 * debug=2 stops the world while the runtime writes it (12 s for 100k
 * goroutines on Go 1.19), so it is fetched only when f->allow_full_dump
 * says so: never (0), when the debug=1 total is at most
 * f->dump_confirm_over (1), or always (2). */
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "facts_parts.h"
#include "collectors/runtime/gbucket.h"
#include "collectors/runtime/gdump.h"
#include "collectors/runtime/gprofile.h"

#define TOTAL_CAP HTTP_CAP_PROFILE
#define DUMP_CAP HTTP_CAP_DUMP

void facts_free_dump(struct facts *f)
{
	if (f->dump != NULL) {
		gdump_free(f->dump);
		free(f->dump);
	}
	if (f->buckets != NULL) {
		gbuckets_free(f->buckets);
		free(f->buckets);
	}
	free(f->dump_error);
	f->dump = NULL;
	f->buckets = NULL;
	f->dump_error = NULL;
	f->goroutine_total = -1;
	f->dump_bytes = 0;
	f->dump_seconds = 0;
	f->dump_truncated = 0;
}

static struct http_response *get(const char *base, const char *path, size_t cap, long timeout_ms)
{
	struct http_request rq = {0};
	char *url = xasprintf("%s%s", base, path);
	struct http_response *r;

	rq.url = url;
	rq.max_bytes = cap;
	rq.timeout_ms = timeout_ms;
	rq.label = path;
	r = http_run_sync(&rq);
	free(url);
	return r;
}

static int fetch_total(struct facts *f, const char *base)
{
	struct http_response *r = get(base, "/debug/pprof/goroutine?debug=1", TOTAL_CAP, 10000);
	struct gprofile p;
	char *cause = NULL;
	int rc = -1;

	memset(&p, 0, sizeof p);
	/* A profile cut at its cap is not read: its total would be a guess. */
	if ((cause = http_problem(r)) != NULL)
		f->dump_error = xasprintf("goroutine?debug=1: %s", cause);
	else if (gprofile_parse(r->body.data, r->body.len, &p, &cause) != 0)
		f->dump_error = xasprintf("goroutine?debug=1: %s", cause);
	else {
		f->goroutine_total = (long)p.total;
		rc = 0;
	}
	free(cause);
	gprofile_free(&p);
	http_response_free(r);
	return rc;
}

void facts_collect_dump(struct facts *f)
{
	const char *base = f->target->debug_url;
	struct http_response *r;
	char *cause = NULL, *silence;

	facts_free_dump(f);
	if (base == NULL && (silence = target_silence(f->target)) != NULL) {
		/* Stopped or hung: say so, never "add the import". */
		f->dump_error = xasprintf("no answer from the service: %s", silence);
		free(silence);
		return;
	}
	if (base == NULL) {
		f->dump_error =
		    xstrdup("no pprof endpoint: the service does not serve "
			    "net/http/pprof on any listener we found; import _ "
			    "\"net/http/pprof\" and serve http.DefaultServeMux on a "
			    "loopback-only listener (e.g. 127.0.0.1:6060), or pass --url");
		return;
	}
	if (fetch_total(f, base) != 0) {
		char *clause = target_state_clause(f->target);

		if (clause != NULL) {
			char *e = xasprintf("%s; %s", f->dump_error, clause);

			free(f->dump_error);
			f->dump_error = e;
			free(clause);
		}
		return;
	}
	if (f->allow_full_dump == 0 ||
	    (f->allow_full_dump == 1 && f->goroutine_total > f->dump_confirm_over)) {
		f->dump_error =
		    xasprintf("the full dump (debug=2) was not fetched: %ld goroutines, "
			      "and writing it stops the world; fetch it from the "
			      "goroutines pane (r) or with --full-dump",
			      f->goroutine_total);
		return;
	}
	r = get(base, "/debug/pprof/goroutine?debug=2", DUMP_CAP, 60000);
	f->dump_seconds = r->t_total;
	f->dump_bytes = r->body.len;
	f->dump_truncated = r->truncated;
	if (r->error != NULL || r->status != 200) {
		cause = http_problem(r);
		f->dump_error = xasprintf("goroutine?debug=2: %s", cause);
		free(cause);
		http_response_free(r);
		return;
	}
	f->dump = xcalloc(1, sizeof *f->dump);
	if (gdump_parse_buf(&r->body, f->dump, &cause) != 0) {
		f->dump_error = cause;
		free(f->dump);
		f->dump = NULL;
		http_response_free(r);
		return;
	}
	http_response_free(r);
	if (f->dump->runtime_cap)
		f->dump_truncated = 1;
	f->buckets = xcalloc(1, sizeof *f->buckets);
	gbucket_build(f->dump, GBUCKET_EXACT, f->module_path, f->buckets);
}
