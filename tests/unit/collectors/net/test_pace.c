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
	assert_false(pace_due(&p, 129.9));
	assert_true(pace_due(&p, 130.0));
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
	pace_done(&p, 0.0, 0.01, 1);
	assert_false(pace_due(&p, 3.9));
	assert_true(pace_due(&p, 4.0));
	pace_done(&p, 4.0, 0.01, 1);
	assert_false(pace_due(&p, 11.9));
	assert_true(pace_due(&p, 12.0));
	for (int i = 0; i < 20; i++)
		pace_done(&p, 12.0, 0.01, 1);
	assert_true(pace_due(&p, 12.0 + PACE_MAX_BACKOFF));
	assert_false(pace_due(&p, 12.0 + PACE_MAX_BACKOFF - 1));
	pace_done(&p, 1000.0, 0.01, 0);
	assert_true(pace_due(&p, 1002.0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cheap_fetch_keeps_base),
	    cmocka_unit_test(test_costly_fetch_scales),
	    cmocka_unit_test(test_failure_backs_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
