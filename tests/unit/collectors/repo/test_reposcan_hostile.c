/* Unit tests: hostile inputs that once hung the repo scan (each the
 * minimized input, failing before its fix): an unclosed struct{ in a
 * table literal (reposcan_table.c restarted its loop at token 0 for
 * ever), and helpers fanning out ten calls a level for six levels (the
 * summary pass compared each new instance with every earlier one, and
 * reported each instance dropped at the cap: minutes and 900000 identical
 * entries for 868 bytes). An alarm turns a hang into a failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/repo/reposcan.h"

/* Generous (valgrind runs these too); the hangs never ended. */
#define HANG_SECONDS 120

static struct reposcan *scan1(const char *text)
{
	struct buildconstraint_ctx c;
	struct reposcan *s;

	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	s = reposcan_new(NULL, &c);
	s->module = xstrdup("example.com/svc");
	reposcan_source(s, "main.go", text, strlen(text));
	reposcan_finish(s);
	buildconstraint_ctx_free(&c);
	return s;
}

static void test_unclosed_struct_table(void **state)
{
	static const char *const srcs[] = {
	    "package main\nvar routes = []struct{ path string\n",
	    "package main\nvar routes = map[string]interface{ M()\n",
	    "package main\nvar routes = []struct{ path string }{{\"/a\"}, {\"/b\"\n",
	};

	(void)state;
	alarm(HANG_SECONDS);
	for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
		struct reposcan *s = scan1(srcs[i]);

		assert_int_equal(s->nroutes, 0); /* an unfinished literal is no table */
		reposcan_free(s);
	}
	alarm(0);
}

static void test_helper_fanout(void **state)
{
	char src[4096];
	int n;
	struct reposcan *s;

	(void)state;
	n = snprintf(src, sizeof src,
		     "package main\nimport \"net/http\"\n"
		     "func f0(p string) { http.HandleFunc(p, nil) }\n");
	for (int l = 1; l <= 6; l++) {
		n += snprintf(src + n, sizeof src - (size_t)n, "func f%d(p string) {", l);
		for (int j = 0; j < 10; j++)
			n += snprintf(src + n, sizeof src - (size_t)n, " f%d(p+\"/%c\");", l - 1,
				      'a' + j);
		n += snprintf(src + n, sizeof src - (size_t)n, " }\n");
	}
	assert_true(n > 0 && (size_t)n < sizeof src);
	alarm(HANG_SECONDS);
	s = scan1(src);
	alarm(0);
	/* f6 has no caller: nothing to probe, and one entry saying why */
	assert_int_equal(s->nroutes, 0);
	assert_int_equal(s->nunresolved, 1);
	assert_string_equal(s->unresolved[0].why, "too many helper instances to follow");
	reposcan_free(s);
}

/* A fan-out that ends in literals still yields its routes (the cap is per
 * registration, far above what a real service makes). */
static void test_helper_fanout_small(void **state)
{
	struct reposcan *s = scan1("package main\nimport \"net/http\"\n"
				   "func f0(p string) { http.HandleFunc(p, nil) }\n"
				   "func f1(p string) { f0(p+\"/a\"); f0(p+\"/b\") }\n"
				   "func f2(p string) { f1(p+\"/a\"); f1(p+\"/b\") }\n"
				   "func main() { f2(\"/x\"); f2(\"/y\") }\n");

	(void)state;
	assert_int_equal(s->nroutes, 8);
	assert_int_equal(s->nunresolved, 0);
	reposcan_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unclosed_struct_table),
	    cmocka_unit_test(test_helper_fanout),
	    cmocka_unit_test(test_helper_fanout_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
