/* cmd_profile.c: `gotriage profile URL|FILE`: pprof's text reports (top,
 * peek, list, traces, diff) from a saved profile or a live endpoint,
 * without a Go toolchain. Exit 0, or 2 with one line on a bad file/URL. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"
#include "collectors/net/http.h"
#include "collectors/runtime/pprof.h"
#include "collectors/runtime/pprof_report.h"
#include "collectors/runtime/pprof_view.h"
#include "commands.h"

struct profile_args {
	const char *src, *kind, *sample, *diff, *focus, *ignore, *tagfocus, *tagignore;
	const char *peek, *list, *repo, *source_path, *trim_path;
	int seconds, top, cum, json, traces;
};

static int usage(const char *why)
{
	fprintf(stderr, "gotriage profile: %s\n", why);
	fprintf(stderr,
		"usage: gotriage profile URL|FILE [--kind cpu|heap|allocs|block|mutex|"
		"goroutine|threadcreate] [--seconds N] [--top N] [--cum] [--sample TYPE] "
		"[--diff BASE] [--focus RE] [--ignore RE] [--tagfocus K=RE] [--tagignore K=RE] "
		"[--peek RE] [--list RE] [--repo DIR] [--traces] [--json]\n");
	return 2;
}

/* All argv handling in one place (the command table may become declarative). */
static int parse_args(int argc, char **argv, struct profile_args *a)
{
	memset(a, 0, sizeof *a);
	a->seconds = 30;
	a->top = -1;
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char **s = NULL;
		int *n = NULL;

		if (strcmp(o, "--cum") == 0)
			a->cum = 1;
		else if (strcmp(o, "--json") == 0)
			a->json = 1;
		else if (strcmp(o, "--traces") == 0)
			a->traces = 1;
		else if (strcmp(o, "--kind") == 0)
			s = &a->kind;
		else if (strcmp(o, "--sample") == 0)
			s = &a->sample;
		else if (strcmp(o, "--diff") == 0)
			s = &a->diff;
		else if (strcmp(o, "--focus") == 0)
			s = &a->focus;
		else if (strcmp(o, "--ignore") == 0)
			s = &a->ignore;
		else if (strcmp(o, "--tagfocus") == 0)
			s = &a->tagfocus;
		else if (strcmp(o, "--tagignore") == 0)
			s = &a->tagignore;
		else if (strcmp(o, "--peek") == 0)
			s = &a->peek;
		else if (strcmp(o, "--list") == 0)
			s = &a->list;
		else if (strcmp(o, "--repo") == 0)
			s = &a->repo;
		else if (strcmp(o, "--source-path") == 0)
			s = &a->source_path;
		else if (strcmp(o, "--trim-path") == 0)
			s = &a->trim_path;
		else if (strcmp(o, "--seconds") == 0)
			n = &a->seconds;
		else if (strcmp(o, "--top") == 0)
			n = &a->top;
		else if (o[0] == '-' && o[1] != '\0')
			return usage("unknown option (see usage)");
		else if (a->src == NULL)
			a->src = o;
		else
			return usage("more than one profile given");
		if (s != NULL || n != NULL) {
			char *end;

			if (++i >= argc)
				return usage("an option needs a value");
			if (s != NULL)
				*s = argv[i];
			else if ((*n = (int)strtol(argv[i], &end, 10)) < 0 || *end != '\0')
				return usage("a number option needs a non-negative number");
		}
	}
	if (a->src == NULL)
		return usage("no profile given (a URL or a file)");
	if (a->seconds < 1 || a->seconds > 3600)
		return usage("--seconds must be 1..3600");
	return 0;
}

static char *profile_url(const char *src, const char *kind, int seconds)
{
	size_t n = strlen(src);

	if (strstr(src, "/debug/pprof/") != NULL)
		return xstrdup(src);
	if (kind == NULL)
		kind = "heap";
	while (n > 0 && src[n - 1] == '/')
		n--;
	if (strcmp(kind, "cpu") == 0)
		return xasprintf("%.*s/debug/pprof/profile?seconds=%d", (int)n, src, seconds);
	return xasprintf("%.*s/debug/pprof/%s", (int)n, src, kind);
}

static int fetch(const struct profile_args *a, const char *src, struct pprof_profile *p)
{
	char *url = profile_url(src, a->kind, a->seconds), *cause = NULL;
	struct http_request rq = {0};
	struct http_response *r;
	int cpu = strstr(url, "/debug/pprof/profile") != NULL;

	rq.url = url;
	rq.timeout_ms = (long)(cpu ? a->seconds + 15 : 60) * 1000;
	rq.max_bytes = PPROF_MAX_WIRE;
	rq.label = "profile";
	r = http_run_sync(&rq);
	if (r->error != NULL || r->status != 200) {
		const char *body = r->body.data != NULL ? r->body.data : "";

		if (cpu && strstr(body, "already in use") != NULL)
			fprintf(stderr,
				"gotriage profile: only one CPU profile may run per process, "
				"and another one is running now; try again when it ends\n");
		else if (r->error != NULL)
			fprintf(stderr, "gotriage profile: %s: %s\n", url, r->error);
		else {
			char *s = sanitize_str(body);

			s[strcspn(s, "\n")] = '\0';
			fprintf(stderr, "gotriage profile: %s: HTTP %ld %s\n", url, r->status, s);
			free(s);
		}
		http_response_free(r);
		free(url);
		return -1;
	}
	if (r->truncated || pprof_decode(r->body.data, r->body.len, NULL, p, &cause) < 0) {
		fprintf(stderr, "gotriage profile: %s: %s\n", url,
			cause != NULL ? cause : "over the size cap");
		free(cause);
		http_response_free(r);
		free(url);
		return -1;
	}
	http_response_free(r);
	free(url);
	return 0;
}

static int load(const struct profile_args *a, const char *src, struct pprof_profile *p)
{
	char *cause = NULL;

	if (strncmp(src, "http://", 7) == 0 || strncmp(src, "https://", 8) == 0)
		return fetch(a, src, p);
	if (pprof_load(src, p, &cause) < 0) {
		char *s = sanitize_str(cause);

		fprintf(stderr, "gotriage profile: %s\n", s);
		free(s);
		free(cause);
		return -1;
	}
	return 0;
}

static void print_json(struct pprof_graph *g, const struct pprof_profile *p, int cum, int top)
{
	struct pprof_top t;
	cJSON *o = cJSON_CreateObject(), *rows = cJSON_CreateArray();
	char *s;

	pprof_top(g, cum, top, 0.005, &t);
	sanitize_json_add(o, "kind", pprof_kind(p));
	sanitize_json_add(o, "sample_type", g->type);
	sanitize_json_add(o, "unit", g->unit);
	cJSON_AddNumberToObject(o, "total", (double)g->total);
	cJSON_AddNumberToObject(o, "nodes", (double)t.orig_count);
	for (size_t i = 0; i < t.nrows; i++) {
		const struct pprof_node *n = &g->nodes[t.rows[i]];
		cJSON *r = cJSON_CreateObject();

		sanitize_json_add(r, "name", n->name);
		cJSON_AddNumberToObject(r, "flat", (double)n->flat);
		cJSON_AddNumberToObject(r, "cum", (double)n->cum);
		cJSON_AddItemToArray(rows, r);
	}
	cJSON_AddItemToObject(o, "rows", rows);
	s = cJSON_Print(o);
	puts(s);
	free(s);
	cJSON_Delete(o);
	pprof_top_free(&t);
}

int cmd_profile(int argc, char **argv)
{
	struct profile_args a;
	struct pprof_profile p, base;
	struct pprof_filter f;
	struct pprof_graph g;
	struct buf out;
	char *cause = NULL;
	int idx, rc = 2;

	if (parse_args(argc, argv, &a) != 0)
		return 2;
	memset(&base, 0, sizeof base);
	if (load(&a, a.src, &p) < 0)
		return 2;
	if (a.diff != NULL && load(&a, a.diff, &base) < 0) {
		pprof_free(&p);
		return 2;
	}
	buf_init(&out);
	if ((idx = pprof_sample_index(&p, a.sample, &cause)) < 0 && a.sample != NULL)
		goto fail;
	if (a.traces) {
		pprof_report_traces(&p, idx, &out);
		rc = 0;
		goto done;
	}
	f = (struct pprof_filter){a.focus, a.ignore, a.tagfocus, a.tagignore};
	if (pprof_graph_build(&g, &p, a.diff != NULL ? &base : NULL, idx, &f,
			      a.list != NULL ? PPROF_GRAN_LINES : PPROF_GRAN_FUNCTIONS, &cause) < 0)
		goto fail;
	if (a.json)
		print_json(&g, &p, a.cum, a.top < 0 ? 0 : a.top);
	else if (a.peek != NULL)
		rc = pprof_report_peek(&g, &p, a.diff != NULL ? &base : NULL, a.peek, &out, &cause);
	else if (a.list != NULL) {
		struct pprof_source_opts so = {a.source_path, a.trim_path, a.repo};

		rc = pprof_report_list(&g, a.list, &so, &out, &cause);
	} else
		pprof_report_top(&g, &p, a.diff != NULL ? &base : NULL, a.cum,
				 a.top < 0 ? 0 : a.top, &out);
	pprof_graph_free(&g);
	if (rc < 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "gotriage profile: %s\n", cause != NULL ? cause : "failed");
	free(cause);
	rc = 2;
done:
	if (out.data != NULL)
		fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
	pprof_free(&p);
	pprof_free(&base);
	return rc;
}
