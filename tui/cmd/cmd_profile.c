/* cmd_profile.c: `gotriage profile URL|FILE`: pprof's text reports (top,
 * peek, list, traces, diff) from a saved profile or a live endpoint,
 * without a Go toolchain. Exit 0, or 2 with one line on a bad file/URL. */
#include <cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"
#include "collectors/net/http.h"
#include "collectors/runtime/pprof.h"
#include "collectors/runtime/pprof_flame.h"
#include "collectors/runtime/pprof_report.h"
#include "collectors/runtime/pprof_view.h"
#include "commands.h"

struct profile_args {
	const char *src, *kind, *sample, *diff, *focus, *ignore, *tagfocus, *tagignore;
	const char *peek, *list, *repo, *source_path, *trim_path;
	int seconds, top, cum, json, traces, flame;
};

/* Returns 1 to go on, or 0 with the exit status in *status. */
/* One line on stderr, masked (a URL's userinfo, a registered value) and
 * made safe, whatever it quotes. */
static void say(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void say(const char *fmt, ...)
{
	va_list ap;
	char *t, *r, *c;

	va_start(ap, fmt);
	t = xvasprintf(fmt, ap);
	va_end(ap);
	r = redact_text(t);
	c = sanitize_str(r);
	fprintf(stderr, "gotriage profile: %s\n", c);
	free(c);
	free(r);
	free(t);
}

/* The kinds net/http/pprof serves (--kind): the path after /debug/pprof/,
 * cpu being profile?seconds=N. Anything else never reaches a URL. */
static const char *const known_kinds[] = {
    "cpu", "heap", "allocs", "block", "mutex", "goroutine", "threadcreate", "goroutineleak", NULL};

static int kind_known(const char *kind)
{
	for (size_t i = 0; known_kinds[i] != NULL; i++)
		if (strcmp(kind, known_kinds[i]) == 0)
			return 1;
	return 0;
}

static int parse_args(int argc, char **argv, struct profile_args *a, int *status)
{
	struct cmdargs c;
	long seconds = 30, top = -1;
	char *cause = NULL;

	memset(a, 0, sizeof *a);
	if (!commands_parse("profile", argc, argv, &c, status))
		return 0;
	if (cmdargs_long(&c, "seconds", 1, 3600, &seconds, &cause) < 0 ||
	    cmdargs_long(&c, "top", 0, 1000000, &top, &cause) < 0) {
		*status = commands_usage_error("profile", "%s", cause);
		free(cause);
		return 0;
	}
	if (c.npos != 1) {
		*status = commands_usage_error("profile", "no profile given (a URL or a file)");
		return 0;
	}
	a->src = c.pos[0];
	a->seconds = (int)seconds;
	a->top = (int)top;
	a->cum = cmdargs_has(&c, "cum");
	a->json = cmdargs_has(&c, "json");
	a->traces = cmdargs_has(&c, "traces");
	a->flame = cmdargs_has(&c, "flame");
	a->kind = cmdargs_get(&c, "kind");
	if (a->kind != NULL && !kind_known(a->kind)) {
		char *k = sanitize_str(a->kind);

		*status = commands_usage_error("profile",
					       "unknown --kind '%s': cpu, heap, allocs, block, "
					       "mutex, goroutine, threadcreate or goroutineleak",
					       k);
		free(k);
		return 0;
	}
	a->sample = cmdargs_get(&c, "sample");
	a->diff = cmdargs_get(&c, "diff");
	a->focus = cmdargs_get(&c, "focus");
	a->ignore = cmdargs_get(&c, "ignore");
	a->tagfocus = cmdargs_get(&c, "tagfocus");
	a->tagignore = cmdargs_get(&c, "tagignore");
	a->peek = cmdargs_get(&c, "peek");
	a->list = cmdargs_get(&c, "list");
	a->repo = cmdargs_get(&c, "repo");
	a->source_path = cmdargs_get(&c, "source-path");
	a->trim_path = cmdargs_get(&c, "trim-path");
	return 1;
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
			say("%s: %s", url, r->error);
		else {
			char *s = sanitize_str(body);

			s[strcspn(s, "\n")] = '\0';
			say("%s: HTTP %ld %s", url, r->status, s);
			free(s);
		}
		http_response_free(r);
		free(url);
		return -1;
	}
	if (r->truncated || pprof_decode(r->body.data, r->body.len, NULL, p, &cause) < 0) {
		say("%s: %s", url, cause != NULL ? cause : "over the size cap");
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

		say("%s", s);
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
	/* Names can carry what a service was given (a closure named after a
	 * tenant, a label): every string masked, the one path out. */
	redact_json_strings(o);
	s = cJSON_Print(o);
	puts(s);
	free(s);
	cJSON_Delete(o);
	pprof_top_free(&t);
}

/* --flame: the icicle as text, $COLUMNS wide (80 when unset or odd). */
static int print_flame(const struct pprof_profile *p, int idx, struct buf *out, char **cause)
{
	struct pprof_flame fl;
	const char *cols = getenv("COLUMNS");
	long width = cols != NULL ? strtol(cols, NULL, 10) : 0;

	if (width < 20 || width > 1000)
		width = 80;
	if (pprof_flame_build(&fl, p, idx, cause) < 0)
		return -1;
	pprof_flame_text(&fl, 0, (int)width, 0, out);
	pprof_flame_free(&fl);
	return 0;
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

	if (!parse_args(argc, argv, &a, &rc))
		return rc;
	redact_register_own_environ();
	rc = 2;
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
	if (a.flame) {
		rc = print_flame(&p, idx, &out, &cause);
		if (rc < 0)
			goto fail;
		goto done;
	}
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
	say("%s", cause != NULL ? cause : "failed");
	free(cause);
	rc = 2;
done:
	if (out.data != NULL) {
		/* Labels (pprof.Do) and comments carry values: the report is
		 * masked whole before it is written. */
		char *red = redact_text(out.data);

		fputs(red, stdout);
		free(red);
	}
	buf_free(&out);
	pprof_free(&p);
	pprof_free(&base);
	return rc;
}
