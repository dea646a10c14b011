/* Unit tests: the facts document written and read back (round trip of
 * every part), secrets masked on the way out, and hostile documents:
 * not JSON, other formats and versions, mistyped fields, truncated and
 * oversized gzip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "collectors/base/redact.h"
#include "collectors/elf/buildinfo.h"
#include "collectors/facts_doc.h"
#include "collectors/gomod/goenv.h"
#include "collectors/runtime/gdump.h"

static const char dump_text[] = "goroutine 1 [running]:\n"
				"main.main()\n"
				"\t/src/main.go:10 +0x1d\n"
				"\n"
				"goroutine 7 [select]:\n"
				"example.com/demo/internal.loop()\n"
				"\t/src/internal/loop.go:20 +0x40\n"
				"created by main.main\n"
				"\t/src/main.go:9 +0x30\n";

static struct target *fake_target(void)
{
	struct target *t = xcalloc(1, sizeof *t);
	static const char env[] = "HOME=/srv\0API_TOKEN=sesame-open-42\0DEMO_ADDR=127.0.0.1:6060";

	t->pid = 4242;
	t->debug_url = xstrdup("http://127.0.0.1:6060");
	t->binary = xstrdup("/srv/demo");
	t->proc = xcalloc(1, sizeof *t->proc);
	t->proc->comm = xstrdup("demo");
	t->proc->state = 'S';
	t->proc->exe = xstrdup("/srv/demo");
	t->proc->exe_deleted = 1;
	t->proc->start_time = 1795690000;
	strlist_add(&t->proc->argv, "/srv/demo");
	strlist_add(&t->proc->argv, "-addr=127.0.0.1:6060");
	t->proc->environ_len = sizeof env;
	t->proc->environ = xmalloc(sizeof env);
	memcpy(t->proc->environ, env, sizeof env);
	t->listeners = xcalloc(1, sizeof *t->listeners);
	t->listeners->v = xcalloc(1, sizeof *t->listeners->v);
	t->listeners->n = 1;
	t->listeners->v[0].family = AF_INET;
	inet_pton(AF_INET, "127.0.0.1", t->listeners->v[0].addr);
	t->listeners->v[0].port = 6060;
	snprintf(t->listeners->v[0].local, sizeof t->listeners->v[0].local, "127.0.0.1:6060");
	snprintf(t->listeners->v[0].url, sizeof t->listeners->v[0].url, "http://127.0.0.1:6060");
	return t;
}

static struct facts *fake_facts(struct target *t)
{
	struct facts *f = facts_new(t);
	struct goenv_input in = {0};
	char *cause = NULL;

	f->running = xcalloc(1, sizeof *f->running);
	modinfo_init(&f->running->mod);
	f->running->go_version = xstrdup("go1.19.8");
	f->running->modinfo = xstrdup("path\texample.com/demo\nmod\texample.com/demo\t(devel)\t\n"
				      "dep\texample.com/demolib\tv1.0.0\th1:abc=\n"
				      "build\t-tags=prod\nbuild\tCGO_ENABLED=1\n");
	assert_int_equal(modinfo_parse(f->running->modinfo, strlen(f->running->modinfo),
				       &f->running->mod, &cause),
			 0);
	f->on_disk_error = xstrdup("gone");
	strlist_add(&f->func_names, "example.com/demo/internal.loop");
	strlist_add(&f->func_names, "main.main");
	f->func_names_known = 1;
	f->goroutine_total = 2;
	f->dump = xcalloc(1, sizeof *f->dump);
	assert_int_equal(gdump_parse(dump_text, strlen(dump_text), f->dump, &cause), 0);
	f->env = xcalloc(1, sizeof *f->env);
	goenv_resolve(&in, f->env);
	free(f->env->var[GOENV_GOPROXY].value);
	f->env->var[GOENV_GOPROXY].value = xstrdup("https://bob:pa55word@proxy.example");
	f->ngrpc = 1;
	f->grpc = xcalloc(1, sizeof *f->grpc);
	f->grpc[0].addr = xstrdup("127.0.0.1:6060");
	f->grpc[0].url = xstrdup("http://127.0.0.1:6060");
	f->grpc[0].proto = xstrdup("h2c");
	f->grpc[0].is_h2c = 1;
	f->grpc[0].health = 1;
	strlist_add(&f->grpc[0].services, "demo.Orders");
	f->collected = FACT_PROC | FACT_BINARY | FACT_DUMP | FACT_MODULES | FACT_GRPC;
	f->collected_at = 1795690100;
	return f;
}

static int parse_str(const char *s, struct facts_doc **d, char **cause)
{
	return facts_doc_parse(s, strlen(s), d, cause);
}

static void test_round_trip(void **state)
{
	struct target *t = fake_target(), *t2 = xcalloc(1, sizeof *t2);
	struct facts *f = fake_facts(t), *g = facts_new(t2);
	cJSON *doc;
	char *text, *cause = NULL;
	struct facts_doc *d = NULL;
	unsigned got;

	(void)state;
	redact_reset();
	redact_register_environ_block(t->proc->environ, t->proc->environ_len);
	doc = facts_doc_build(f, FACT_PROCESS_SIDE | FACT_MODULES, "web-3");
	text = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	/* Secrets are masked before they leave. */
	assert_null(strstr(text, "sesame-open-42"));
	assert_null(strstr(text, "pa55word"));
	assert_non_null(strstr(text, "API_TOKEN=[REDACTED]"));

	assert_int_equal(parse_str(text, &d, &cause), 0);
	assert_string_equal(d->host, "web-3");
	assert_int_equal(d->version, FACTS_DOC_VERSION);
	assert_int_equal(d->parts, FACT_PROC | FACT_BINARY | FACT_DUMP | FACT_MODULES | FACT_GRPC);
	facts_doc_apply_target(d, t2);
	assert_int_equal(t2->pid, 4242);
	assert_string_equal(t2->proc->comm, "demo");
	assert_int_equal(t2->proc->exe_deleted, 1);
	assert_string_equal(t2->proc->argv.v[1], "-addr=127.0.0.1:6060");
	assert_int_equal(t2->listeners->n, 1);
	assert_int_equal(t2->listeners->v[0].port, 6060);
	assert_int_equal(t2->listeners->v[0].addr[0], 127);
	assert_string_equal(t2->debug_url, "http://127.0.0.1:6060");
	/* The environment block is rebuilt NUL-separated. */
	assert_int_equal(t2->proc->environ_len, strlen("HOME=/srv") +
						    strlen("API_TOKEN=[REDACTED]") +
						    strlen("DEMO_ADDR=127.0.0.1:6060") + 3);

	got = facts_doc_apply(d, g, FACT_PROCESS_SIDE | FACT_MODULES | FACT_ROUTES);
	assert_int_equal(got, FACT_PROC | FACT_BINARY | FACT_DUMP | FACT_MODULES | FACT_GRPC);
	assert_string_equal(g->running->go_version, "go1.19.8");
	assert_string_equal(buildinfo_setting(g->running, "-tags"), "prod");
	assert_int_equal(g->running->mod.ndeps, 1);
	assert_string_equal(g->on_disk_error, "gone");
	assert_int_equal(facts_has_function(g, "main.main"), 1);
	assert_int_equal(facts_has_function(g, "example.com/demo/internal.loop"), 1);
	assert_int_equal(facts_has_function(g, "example.com/demo/internal.gone"), 0);
	assert_int_equal(g->goroutine_total, 2);
	assert_non_null(g->dump);
	assert_int_equal(g->dump->ng, 2);
	assert_non_null(g->buckets);
	assert_int_equal(g->ngrpc, 1);
	assert_string_equal(g->grpc[0].services.v[0], "demo.Orders");
	assert_int_equal(g->grpc[0].health, 1);
	assert_non_null(strstr(goenv_value(g->env, GOENV_GOPROXY), "proxy.example"));
	assert_null(strstr(goenv_value(g->env, GOENV_GOPROXY), "pa55word"));
	/* Absent parts: no proxy, no routes in this document. */
	assert_null(g->proxy);
	assert_int_equal(g->nprobes, 0);

	facts_doc_free(d);
	facts_free(f);
	facts_free(g);
	target_free(t);
	target_free(t2);
	free(text);
	redact_reset();
}

static void expect_refused(const char *doc, const char *needle)
{
	struct facts_doc *d = (struct facts_doc *)1;
	char *cause = NULL;

	assert_int_equal(parse_str(doc, &d, &cause), -1);
	assert_null(d);
	assert_non_null(cause);
	if (strstr(cause, needle) == NULL)
		fail_msg("cause '%s' lacks '%s'", cause, needle);
	assert_null(strchr(cause, '\n'));
	free(cause);
}

static void test_refused(void **state)
{
	(void)state;
	expect_refused("", "not a JSON object");
	expect_refused("[1,2]", "not a JSON object");
	expect_refused("{\"format\":\"gotriage-facts\",\"version\":1", "not a JSON object");
	expect_refused("{\"version\":1}", "format missing");
	expect_refused("{\"format\":\"pprof\",\"version\":1}", "format \"pprof\"");
	expect_refused("{\"format\":\"gotriage-facts\"}", "version -1 is not one");
	expect_refused("{\"format\":\"gotriage-facts\",\"version\":\"1\"}", "is not one");
	expect_refused("{\"format\":\"gotriage-facts\",\"version\":3,\"gotriage\":\"9.0\"}",
		       "version 3 is newer than this gotriage reads (2; written by gotriage 9.0)");
	expect_refused("{\"format\":\"gotriage-facts\",\"version\":0}", "version 0 is not one");
}

/* Mistyped and out-of-range fields read as absent, never as garbage. */
static void test_mistyped(void **state)
{
	const char *doc =
	    "{\"format\":\"gotriage-facts\",\"version\":1,\"host\":7,"
	    "\"parts\":{\"process\":{},\"buildinfo\":{},\"goroutines\":{},\"grpc\":{},"
	    "\"env\":{},\"routes\":{}},"
	    "\"process\":{\"pid\":-5,\"proc\":{\"comm\":1,\"argv\":[1,\"a\",null],"
	    "\"environ\":\"X=1\",\"uid\":1e300},"
	    "\"listeners\":[{\"addr\":\"not-an-ip\",\"port\":80},{\"addr\":\"::1\",\"family\":6,"
	    "\"port\":70000},7],\"pprof_probes\":[{\"url\":5},{\"url\":\"http://"
	    "x\",\"state\":99}]},"
	    "\"buildinfo\":{\"running\":{\"go_version\":\"go1.22\",\"modinfo\":"
	    "\"build\\tnoequals\\n\"},"
	    "\"functions\":{\"names\":[3,\"main.a\"]}},"
	    "\"goroutines\":{\"total\":\"many\",\"dump\":\"not a dump at all\\n\"},"
	    "\"grpc\":{\"listeners\":{\"a\":1}},"
	    "\"env\":{\"vars\":{\"GOPROXY\":{\"value\":9,\"layers\":[1,2,3,4,5,6,7]}}},"
	    "\"routes\":{\"probes\":[{\"path\":\"/a\",\"status\":-3},{\"method\":\"GET\"}]}}";
	struct facts_doc *d = NULL;
	struct target *t = xcalloc(1, sizeof *t);
	struct facts *f = facts_new(t);
	char *cause = NULL;

	(void)state;
	assert_int_equal(parse_str(doc, &d, &cause), 0);
	assert_string_equal(d->host, "unknown host");
	facts_doc_apply_target(d, t);
	assert_int_equal(t->pid, 0);
	assert_null(t->proc->comm);
	assert_int_equal(t->proc->argv.n, 1);
	assert_null(t->proc->environ);
	assert_int_equal(t->proc->have_uid, 1);
	assert_int_equal(t->listeners->n, 1); /* ::1, the bad address skipped */
	assert_int_equal(t->listeners->v[0].port, 0);
	assert_int_equal(t->nprobes, 1);
	assert_int_equal(t->probes[0].state, PROBE_FAILED);
	facts_doc_apply(d, f, FACT_PROCESS_SIDE | FACT_MODULES | FACT_ROUTES);
	/* A build line without "=" is malformed: the binary part says so. */
	assert_null(f->running);
	assert_non_null(strstr(f->running_error, "module text"));
	assert_int_equal(facts_has_function(f, "main.a"), 1);
	assert_int_equal(f->goroutine_total, -1);
	assert_int_equal(f->ngrpc, 0);
	assert_string_equal(goenv_value(f->env, GOENV_GOPROXY), "");
	assert_int_equal(f->nprobes, 1);
	assert_int_equal(f->probes[0].status, 0);
	facts_doc_free(d);
	facts_free(f);
	target_free(t);
}

static void gz(const void *in, size_t len, struct buf *out)
{
	z_stream z;
	unsigned char chunk[65536];
	int rc;

	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
			 Z_OK);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		rc = deflate(&z, Z_FINISH);
		buf_add(out, chunk, sizeof chunk - z.avail_out);
	} while (rc == Z_OK);
	assert_int_equal(rc, Z_STREAM_END);
	deflateEnd(&z);
}

static void test_gzip(void **state)
{
	const char *doc = "{\"format\":\"gotriage-facts\",\"version\":1,\"host\":\"h\"}";
	struct buf b, big;
	struct facts_doc *d = NULL;
	char *cause = NULL;
	char *zeros;

	(void)state;
	buf_init(&b);
	gz(doc, strlen(doc), &b);
	assert_int_equal(facts_doc_parse(b.data, b.len, &d, &cause), 0);
	assert_string_equal(d->host, "h");
	facts_doc_free(d);
	/* Cut short. */
	assert_int_equal(facts_doc_parse(b.data, b.len - 12, &d, &cause), -1);
	assert_non_null(strstr(cause, "gzip"));
	free(cause);
	cause = NULL;
	/* Corrupt. */
	b.data[12] ^= 0x55;
	b.data[13] ^= 0x55;
	assert_int_equal(facts_doc_parse(b.data, b.len, &d, &cause), -1);
	free(cause);
	cause = NULL;
	buf_free(&b);
	/* A bomb: more than the cap once inflated is refused, not inflated. */
	zeros = calloc(1, FACTS_DOC_CAP + 4096);
	assert_non_null(zeros);
	buf_init(&big);
	gz(zeros, FACTS_DOC_CAP + 4096, &big);
	free(zeros);
	assert_int_equal(facts_doc_parse(big.data, big.len, &d, &cause), -1);
	assert_non_null(strstr(cause, "larger than"));
	free(cause);
	buf_free(&big);
	facts_doc_free(NULL);
}

static void test_parts(void **state)
{
	unsigned p = 0;
	char *cause = NULL;

	(void)state;
	assert_int_equal(facts_doc_parse_parts("process,goroutines", &p, &cause), 0);
	assert_int_equal(p, FACT_PROC | FACT_DUMP);
	assert_int_equal(facts_doc_parse_parts("all", &p, &cause), 0);
	assert_int_equal(p, FACT_PROCESS_SIDE | FACT_MODULES);
	assert_int_equal(facts_doc_parse_parts("process,heap", &p, &cause), -1);
	assert_non_null(strstr(cause, "unknown part 'heap'"));
	free(cause);
	cause = NULL;
	assert_int_equal(facts_doc_parse_parts(",", &p, &cause), -1);
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip), cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_mistyped),   cmocka_unit_test(test_gzip),
	    cmocka_unit_test(test_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
