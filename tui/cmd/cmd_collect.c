/* cmd_collect.c: `gotriage collect`: the process-side facts of one service
 * as a document (collectors/facts_doc.h), for `check --facts`, the
 * console's --facts, a postmortem, or the other end of `--ssh`.
 *
 *   gotriage collect [--pid N] [--url URL] [--binary PATH] [--repo DIR]
 *                    [--parts LIST] [--module PATH] [--full-dump]
 *                    [-o FILE] [--stream]
 *
 * -o FILE writes it gzip-compressed; without -o it goes to stdout as one
 * line of JSON. --stream (what --ssh runs) writes one document, then
 * reads request lines on stdin: "collect PARTS" answers with a fresh
 * document of those parts (one line), "ping" with "pong", end of input
 * ends it. Nothing is ever written on the host but stdout.
 * Exit 0, or 2 with one line on stderr. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/redact.h"
#include "collectors/facts_doc.h"
#include "collectors/fleet/findcomm.h"
#include "collectors/runtime/memstats.h"
#include "commands.h"
#include "tui/frame/options.h"

/* The options collect adds to the common ones. */
struct collect_args {
	const char *parts;
	const char *out;
	const char *module;
	const char *list_comm;
	int stream;
};

/* Returns 1 to go on, or 0 with the exit status in *status. */
static int parse_args(int argc, char **argv, struct options *o, struct collect_args *c, int *status)
{
	static const char *const common[] = {"pid", "url", "binary", "repo", "full-dump", "header"};
	struct cmdargs a;
	char *cause = NULL;

	memset(c, 0, sizeof *c);
	options_init(o);
	if (!commands_parse("collect", argc, argv, &a, status))
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(common); i++) {
		const char *v = cmdargs_get(&a, common[i]);

		if (v != NULL && options_set(o, common[i], v, &cause) != 0) {
			*status = commands_usage_error("collect", "%s", cause);
			free(cause);
			return 0;
		}
	}
	c->parts = cmdargs_get(&a, "parts");
	c->out = cmdargs_get(&a, "output");
	c->module = cmdargs_get(&a, "module");
	c->stream = cmdargs_has(&a, "stream");
	c->list_comm = cmdargs_get(&a, "list-comm");
	return 1;
}

/* The runtime's MemStats, from the heap profile's debug=1 text (which
 * net/http/pprof always serves; cheap, no stop-the-world), for the
 * postmortem: {"taken_at", "error"} plus the fields memstats_to_json gives. */
static cJSON *memstats_part(const struct target *t)
{
	cJSON *o;
	struct http_request rq = {0};
	struct http_response *r;
	struct memstats m;
	char *url, *cause = NULL;

	if (t->debug_url == NULL)
		return NULL;
	url = xasprintf("%s/debug/pprof/heap?debug=1", t->debug_url);
	rq.url = url;
	rq.max_bytes = 16 * MIB;
	rq.timeout_ms = 5000;
	rq.connect_timeout_ms = 1000;
	rq.label = "heap?debug=1";
	r = http_run_sync(&rq);
	free(url);
	memset(&m, 0, sizeof m);
	if (r->error == NULL && r->status == 200 &&
	    memstats_parse_heap(r->body.data, r->body.len, &m, &cause) == 0) {
		o = memstats_to_json(&m);
		cJSON_AddNullToObject(o, "error");
	} else {
		o = cJSON_CreateObject();
		if (cause == NULL)
			cause = r->error ? xasprintf("heap?debug=1: %s", r->error)
					 : xasprintf("heap?debug=1 answered HTTP %ld", r->status);
		cJSON_AddStringToObject(o, "error", cause);
	}
	cJSON_AddNumberToObject(o, "taken_at", now_wall());
	memstats_free(&m);
	free(cause);
	http_response_free(r);
	return o;
}

static int emit(struct facts *f, unsigned parts, const char *out, char **cause)
{
	cJSON *doc = facts_doc_build(f, parts, NULL), *ms;
	int rc;

	/* MemStats travel with the goroutines, outside the parts the checks read. */
	if ((parts & FACT_DUMP) && (ms = memstats_part(f->target)) != NULL)
		cJSON_AddItemToObject(doc, "memstats", ms);
	rc = facts_doc_write(doc, out ? out : "-", cause);

	cJSON_Delete(doc);
	return rc;
}

static struct facts *collect_once(struct target *t, const struct options *o,
				  const struct collect_args *a, unsigned parts)
{
	struct facts *f = facts_new(t);
	char *cause = NULL;

	if (parts & FACT_PROC) {
		if (target_refresh(t, &cause) != 0) {
			free(t->listeners_error);
			t->listeners_error = cause;
		}
	}
	f->allow_full_dump = o->full_dump ? 2 : 1;
	f->probe_module = a->module;
	if (o->header != NULL) {
		free(f->expected_header);
		f->expected_header = xstrdup(o->header);
	}
	/* Route probes need the repo's routes, GOPROXY probes a module to ask
	 * for: without them those parts are left to the judging side. */
	if (t->repo == NULL)
		parts &= ~(unsigned)FACT_ROUTES;
	if (t->repo == NULL && a->module == NULL)
		parts &= ~(unsigned)FACT_PROXY;
	facts_collect(f, parts & ~(unsigned)FACT_PROC);
	return f;
}

/* --stream: answer "collect PARTS" lines until stdin ends. */
static int serve_stream(struct target *t, const struct options *o, const struct collect_args *a)
{
	char line[512];

	while (fgets(line, sizeof line, stdin) != NULL) {
		unsigned parts = 0;
		char *cause = NULL;
		struct facts *f;

		line[strcspn(line, "\r\n")] = '\0';
		if (strcmp(line, "ping") == 0) {
			fputs("pong\n", stdout);
			fflush(stdout);
			continue;
		}
		if (strncmp(line, "collect ", 8) != 0 ||
		    facts_doc_parse_parts(line + 8, &parts, &cause) != 0) {
			fprintf(stderr, "gotriage collect: bad request '%s': %s\n", line,
				cause ? cause : "want 'collect PARTS' or 'ping'");
			free(cause);
			return 2;
		}
		f = collect_once(t, o, a, parts);
		if (emit(f, parts, NULL, &cause) != 0) {
			fprintf(stderr, "gotriage collect: %s\n", cause);
			free(cause);
			facts_free(f);
			return 2;
		}
		facts_free(f);
	}
	return 0;
}

/* --list-comm NAME: the PIDs a fleet comm=NAME target expands to, one a
 * line (collectors/fleet/findcomm.h); nothing else is read. */
static int list_comm(const char *comm)
{
	int *pids;
	size_t n;
	char *cause = NULL;

	if (findcomm(comm, &pids, &n, &cause) != 0) {
		fprintf(stderr, "gotriage collect: %s\n", cause);
		free(cause);
		return 2;
	}
	for (size_t i = 0; i < n; i++)
		printf("%d\n", pids[i]);
	free(pids);
	return 0;
}

int cmd_collect(int argc, char **argv)
{
	struct collect_args a;
	struct options o;
	struct target *t = NULL;
	struct facts *f;
	struct http_client *c;
	unsigned parts = FACT_PROCESS_SIDE | FACT_MODULES | FACT_ROUTES;
	char *cause = NULL;
	int rc;

	if (!parse_args(argc, argv, &o, &a, &rc))
		return rc;
	if (a.list_comm != NULL)
		return list_comm(a.list_comm);
	if (a.parts != NULL && facts_doc_parse_parts(a.parts, &parts, &cause) != 0) {
		rc = commands_usage_error("collect", "%s", cause);
		free(cause);
		return rc;
	}
	redact_register_own_environ();
	if (target_attach(&o.target, &t, &cause) != 0) {
		fprintf(stderr, "gotriage collect: %s\n", cause);
		free(cause);
		return 2;
	}
	if (t->proc != NULL && t->proc->environ != NULL)
		redact_register_environ_block(t->proc->environ, t->proc->environ_len);
	/* -api-token X: the X alone, wherever it shows in the document. */
	if (t->proc != NULL)
		redact_register_argv((const char *const *)t->proc->argv.v, t->proc->argv.n);
	c = http_client_new();
	target_probe_start(t, c);
	http_wait(c);
	http_client_free(c);
	f = collect_once(t, &o, &a, parts);
	rc = emit(f, parts, a.out, &cause) == 0 ? 0 : 2;
	if (rc != 0) {
		fprintf(stderr, "gotriage collect: %s\n", cause);
		free(cause);
	}
	facts_free(f);
	if (rc == 0 && a.stream && a.out == NULL)
		rc = serve_stream(t, &o, &a);
	target_free(t);
	return rc;
}
