/* Unit tests for the refresh pacing of repeated fetches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collectors/net/pace.h"

static void test_cheap_fetch_keeps_base(void **state)
{
	struct pace p;

	(void)state;
	pace_init(&p, 2.0);
	assert_true(pace_due(&p, 100.0));
	pace_done(&p, 100.0, 0.005, 0);
	assert_false(pace_due(&p, 101.9));
	assert_true(pace_due(&p, 102.0));
}

/* A fetch that took 300 ms waits 30 s, not 2 s. */
static void test_costly_fetch_scales(void **state)
{
	struct pace p;

	(void)state;
	pace_init(&p, 2.0);
	pace_done(&p, 100.0, 0.3, 0);
	assert_false(pace_due(&p, 110.0));
	assert_false(pace_due(&p, 100.0 + 0.3 * PACE_COST_FACTOR - 0.1));
	assert_true(pace_due(&p, 100.0 + 0.3 * PACE_COST_FACTOR));
	/* Never longer than the maximum interval. */
	pace_done(&p, 200.0, 60.0, 0);
	assert_true(pace_due(&p, 200.0 + PACE_MAX_INTERVAL));
}

/* A failed or cut fetch backs off, doubling, up to the maximum; a good one
 * ends the back-off. */
static void test_failure_backs_off(void **state)
{
	struct pace p;

	(void)state;
	pace_init(&p, 2.0);
	pace_done(&p, 0.0, 0.005, 1);
	assert_false(pace_due(&p, 3.9));
	assert_true(pace_due(&p, 4.0));
	pace_done(&p, 4.0, 0.005, 1);
	assert_false(pace_due(&p, 11.9));
	assert_true(pace_due(&p, 12.0));
	for (int i = 0; i < 20; i++)
		pace_done(&p, 12.0, 0.005, 1);
	assert_true(pace_due(&p, 12.0 + PACE_MAX_BACKOFF));
	assert_false(pace_due(&p, 12.0 + PACE_MAX_BACKOFF - 1));
	pace_done(&p, 1000.0, 0.005, 0);
	assert_true(pace_due(&p, 1002.0));
}

/* A poll's cost is the larger of its wall time and the service's CPU
 * meanwhile; an unknown CPU reading (-1) leaves the wall time. */
static void test_cost_is_service_cpu_when_larger(void **state)
{
	struct pace p;

	(void)state;
	assert_true(pace_cost(0.37, 10.0, 10.75) > 0.74);
	assert_true(pace_cost(0.37, 10.0, 10.75) < 0.76);
	assert_true(pace_cost(0.5, 10.0, 10.1) == 0.5);
	assert_true(pace_cost(0.5, -1, 10.1) == 0.5);
	assert_true(pace_cost(0.5, 10.0, -1) == 0.5);
	/* 0.75 s of the service's CPU for a 0.37 s fetch: the next poll waits
	 * PACE_COST_FACTOR times the CPU, not the wall time */
	pace_init(&p, 2.0);
	pace_done(&p, 0.0, pace_cost(0.37, 10.0, 10.75), 0);
	assert_false(pace_due(&p, 0.74 * PACE_COST_FACTOR));
	assert_true(pace_due(&p, 0.76 * PACE_COST_FACTOR));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cheap_fetch_keeps_base),
	    cmocka_unit_test(test_costly_fetch_scales),
	    cmocka_unit_test(test_failure_backs_off),
	    cmocka_unit_test(test_cost_is_service_cpu_when_larger),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
