/* Unit tests for checks/profile_evidence.c: which hot or growing functions
 * of a fetched profile become evidence on a step, and which do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "checks/profile_evidence.h"

static const char *const loops[] = {"example.com/svc/cache.(*Cache).refresh",
				    "example.com/svc/stats.flush"};

static size_t judge(const struct profile_fn *fns, size_t n, struct verdict *v)
{
	struct profile_evidence_inputs in = {0};

	in.fns = fns;
	in.nfns = n;
	in.targets = loops;
	in.ntargets = 2;
	in.what = "a ticker loop";
	return check_profile_evidence(&in, v);
}

static void test_hot_cpu_ties_to_loop(void **state)
{
	struct profile_fn fns[] = {
	    {"example.com/svc/cache.(*Cache).refresh", PROFILE_FN_CPU, 42.5, 4.25, "4.25s"},
	    {"example.com/svc/api.handle", PROFILE_FN_CPU, 30.0, 3.0, "3s"}, /* no step's */
	};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	verdict_set(&v, VERDICT_PASS, "all 2 ticker loops running");
	assert_int_equal(judge(fns, 2, &v), 1);
	assert_int_equal(v.evidence.n, 1);
	assert_non_null(strstr(v.evidence.v[0], "sym:example.com/svc/cache.(*Cache).refresh "));
	assert_non_null(strstr(v.evidence.v[0], "hot in the CPU profile"));
	assert_non_null(strstr(v.evidence.v[0], "42.5%"));
	assert_non_null(strstr(v.evidence.v[0], "a ticker loop"));
	assert_non_null(strstr(v.evidence.v[0], PROFILE_EVIDENCE_MARK));
	/* Evidence only: the step's own verdict stands. */
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_string_equal(v.summary, "all 2 ticker loops running");
	verdict_free(&v);
}

static void test_closure_ties_prefix_does_not(void **state)
{
	struct profile_fn fns[] = {
	    {"example.com/svc/stats.flush.func1", PROFILE_FN_CPU, 9.0, 1, "0.90s"},
	    /* a different function sharing the prefix */
	    {"example.com/svc/stats.flushAll", PROFILE_FN_CPU, 50.0, 5, "5s"},
	};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	assert_int_equal(judge(fns, 2, &v), 1);
	assert_non_null(strstr(v.evidence.v[0], "stats.flush.func1"));
	verdict_free(&v);
}

static void test_thresholds(void **state)
{
	struct profile_fn fns[] = {
	    /* cold: under PROFILE_HOT_CPU_PCT */
	    {"example.com/svc/cache.(*Cache).refresh", PROFILE_FN_CPU, 4.9, 0.49, "0.49s"},
	    /* grew 20% of the base but only 200 kB */
	    {"example.com/svc/stats.flush", PROFILE_FN_HEAP_GROWTH, 20, 200e3, "195.31kB"},
	    /* shrank */
	    {"example.com/svc/stats.flush", PROFILE_FN_HEAP_GROWTH, -30, -8e6, "-7.63MB"},
	};
	struct profile_fn grew[] = {
	    {"example.com/svc/stats.flush", PROFILE_FN_HEAP_GROWTH, 12.5, 8e6, "7.63MB"},
	};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	assert_int_equal(judge(fns, 3, &v), 0);
	assert_int_equal(v.evidence.n, 0);
	assert_int_equal(judge(grew, 1, &v), 1);
	assert_non_null(strstr(v.evidence.v[0], "grew between two heap fetches"));
	assert_non_null(strstr(v.evidence.v[0], "7.63MB"));
	verdict_free(&v);
}

static void test_escapes_sanitised(void **state)
{
	static const char *const t[] = {"main.tick\x1b[2J"};
	struct profile_fn fns[] = {{"main.tick\x1b[2J", PROFILE_FN_CPU, 80, 8, "8s"}};
	struct profile_evidence_inputs in = {fns, 1, t, 1, NULL, NULL};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	assert_int_equal(check_profile_evidence(&in, &v), 1);
	assert_null(strchr(v.evidence.v[0], '\x1b'));
	verdict_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hot_cpu_ties_to_loop),
	    cmocka_unit_test(test_closure_ties_prefix_does_not),
	    cmocka_unit_test(test_thresholds),
	    cmocka_unit_test(test_escapes_sanitised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
