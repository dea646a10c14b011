/* Unit tests: the module checks as pure functions, and the GOPROXY walk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/module_checks.h"

static void env_with(struct goenv *e, char **shell)
{
	struct goenv_input in = {.shell_environ = shell};

	goenv_resolve(&in, e);
}

static int has_evidence(const struct verdict *v, const char *needle)
{
	for (size_t i = 0; i < v->evidence.n; i++)
		if (strstr(v->evidence.v[i], needle))
			return 1;
	return 0;
}

static void test_sumdb(void **state)
{
	struct goenv e;
	struct verdict v;
	char *off[] = {"GOSUMDB=off", NULL};
	char *priv[] = {"GOPRIVATE=github.com", NULL};
	char *corp[] = {"GOPRIVATE=*.corp.example", "GOINSECURE=git.corp.example", NULL};

	(void)state;
	env_with(&e, off);
	verdict_init(&v);
	check_sumdb_disabled(&e, NULL, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_non_null(strstr(v.summary, "still enforced")); /* the real behaviour */
	assert_true(has_evidence(&v, "GOSUMDB=off (shell: environment)"));
	verdict_free(&v);
	goenv_free(&e);
	env_with(&e, priv);
	verdict_init(&v);
	check_sumdb_disabled(&e, NULL, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_true(has_evidence(&v, "GONOSUMDB matches public paths such as github.com/x/y"));
	verdict_free(&v);
	goenv_free(&e);
	env_with(&e, corp);
	verdict_init(&v);
	check_sumdb_disabled(&e, NULL, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_true(has_evidence(&v, "does not turn off checksum verification"));
	/* Where the evidence came from, and what it cannot say. */
	assert_non_null(strstr(v.summary, "the build's own environment is not recorded"));
	assert_true(has_evidence(&v, "read from this shell's environment"));
	assert_true(has_evidence(&v, "cannot know: a Go binary records neither GOSUMDB"));
	verdict_free(&v);
	goenv_free(&e);
}

static void walk(const char *goproxy, const enum proxyprobe_outcome *out, const long *status,
		 struct proxyprobe *p)
{
	char *cause = NULL;

	assert_int_equal(proxyprobe_parse(goproxy, "", p, &cause), 0);
	for (size_t i = 0; i < p->n; i++) {
		p->v[i].outcome = out[i];
		p->v[i].status = status[i];
		if (out[i] == PROXYPROBE_ERROR)
			p->v[i].error = xstrdup(status[i] ? "HTTP 500" : "timeout");
	}
	p->module = xstrdup("a.org/x");
	proxyprobe_decide(p, 0);
}

static void test_proxy_rules(void **state)
{
	struct proxyprobe p;
	struct verdict v;
	char *cause = NULL;

	(void)state;
	/* ',' after a 404 falls through. */
	walk("https://a,https://b",
	     (enum proxyprobe_outcome[]){PROXYPROBE_NOT_FOUND, PROXYPROBE_OK}, (long[]){404, 200},
	     &p);
	assert_true(p.served);
	assert_int_equal(p.served_by, 1);
	proxyprobe_free(&p);
	/* ',' after a 500 stops. */
	walk("https://a,https://b", (enum proxyprobe_outcome[]){PROXYPROBE_ERROR, PROXYPROBE_OK},
	     (long[]){500, 200}, &p);
	assert_false(p.served);
	verdict_init(&v);
	check_goproxy_unreachable(&p, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	verdict_free(&v);
	proxyprobe_free(&p);
	/* '|' after a timeout falls through, with a warning about the dead entry. */
	walk("https://a|https://b", (enum proxyprobe_outcome[]){PROXYPROBE_ERROR, PROXYPROBE_OK},
	     (long[]){0, 200}, &p);
	assert_true(p.served);
	assert_true(p.dead_first);
	verdict_init(&v);
	check_goproxy_unreachable(&p, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	verdict_free(&v);
	proxyprobe_free(&p);
	/* Parsing: bare hosts get https, direct ends the list, noproxy first. */
	assert_int_equal(
	    proxyprobe_parse(" proxy.corp , direct, https://ignored", "*.corp", &p, &cause), 0);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.v[0].kind, PROXYPROBE_NOPROXY);
	assert_string_equal(p.v[1].url, "https://proxy.corp");
	assert_int_equal(p.v[2].kind, PROXYPROBE_DIRECT);
	proxyprobe_free(&p);
	assert_int_equal(proxyprobe_parse("ftp://x", "", &p, &cause), -1);
	assert_non_null(strstr(cause, "invalid proxy URL scheme"));
	free(cause);
	cause = NULL;
	proxyprobe_decide(&p, 0);
	assert_non_null(strstr(p.decision, "go fails before fetching"));
	proxyprobe_free(&p);
	assert_int_equal(proxyprobe_parse("off", "", &p, &cause), 0);
	proxyprobe_decide(&p, 0);
	assert_non_null(strstr(p.decision, "GOPROXY=off"));
	proxyprobe_free(&p);
	verdict_init(&v);
	check_goproxy_unreachable(NULL, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	verdict_free(&v);
}

static void test_plugin(void **state)
{
	struct strlist syms = {0};
	const char *wanted[] = {"Greet", "Missing"};
	struct modstate_dep host[] = {{"a.org/x", "v1.0.0", NULL, NULL}};
	struct modstate_dep plug[] = {{"a.org/x", "v1.1.0", NULL, NULL}};
	struct plugin_facts pf = {"p.so", "go1.19.8", "go1.19.8", host, 1,
				  plug,	  1,	      wanted,	  2,	&syms};
	const struct plugin_facts *all[] = {&pf};
	struct verdict v;

	(void)state;
	strlist_add(&syms, "example.com/plg.Greet");
	strlist_add(&syms, "example.com/plg.(*T).Missing");
	verdict_init(&v);
	check_plugin_mismatch(all, 1, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_true(has_evidence(&v, "p.so: a.org/x v1.1.0, host v1.0.0"));
	assert_true(has_evidence(&v, "sym:Missing not exported by p.so"));
	assert_false(has_evidence(&v, "sym:Greet"));
	verdict_free(&v);
	pf.plugin_deps = host;
	pf.nwanted = 1;
	pf.plugin_go = "go1.20";
	verdict_init(&v);
	check_plugin_mismatch(all, 1, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_non_null(strstr(v.summary, "different Go version"));
	verdict_free(&v);
	pf.plugin_go = "go1.19.8";
	verdict_init(&v);
	check_plugin_mismatch(all, 1, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);
	verdict_init(&v);
	check_plugin_mismatch(NULL, 0, &v);
	assert_int_equal(v.kind, VERDICT_SKIP);
	verdict_free(&v);
	strlist_free(&syms);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sumdb),
	    cmocka_unit_test(test_proxy_rules),
	    cmocka_unit_test(test_plugin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
