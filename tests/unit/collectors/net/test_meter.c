/* Unit tests for the load meter: the totals and the last minute's share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>

#include "collectors/net/meter.h"

static void *adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < 10000; i++)
		meter_add(0.001, 10);
	return NULL;
}

/* Requests ended on worker threads all count. */
static void test_totals_threads(void **state)
{
	struct meter_totals a, b;
	pthread_t t[4];

	(void)state;
	meter_read(&a);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, adder, NULL), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	meter_add(-1, 5); /* a clock step never takes time away */
	meter_read(&b);
	assert_int_equal(b.requests - a.requests, 40001);
	assert_int_equal(b.bytes - a.bytes, 400005);
	assert_true(b.seconds - a.seconds > 39.99 && b.seconds - a.seconds < 40.01);
}

static struct meter_totals tot(unsigned long r, double s, unsigned long long b)
{
	struct meter_totals t = {r, s, b};

	return t;
}

/* Only what the last minute added counts; older requests drop out. */
static void test_window_last_minute(void **state)
{
	static struct meter_window w;
	struct meter_totals cur, d;
	double span;

	(void)state;
	meter_window_init(&w);
	cur = tot(0, 0, 0);
	assert_true(meter_window_last(&w, 100.0, &cur, &d) == 0);
	assert_int_equal(d.requests, 0);
	/* At 100 s: 50 requests already made (at attach). */
	cur = tot(50, 5.0, 5000);
	meter_window_sample(&w, 100.0, &cur);
	/* One request every 2 s from then on, 0.3 s and 1000 bytes each. */
	for (int i = 1; i <= 60; i++) {
		cur.requests++;
		cur.seconds += 0.3;
		cur.bytes += 1000;
		meter_window_sample(&w, 100.0 + 2 * i, &cur);
	}
	/* Now 220 s: the window starts at the sample of 160 s. */
	span = meter_window_last(&w, 220.0, &cur, &d);
	assert_true(span == 60.0);
	assert_int_equal(d.requests, 30);
	assert_true(d.seconds > 8.99 && d.seconds < 9.01);
	assert_int_equal(d.bytes, 30000);
	/* Young: just after attach the window is what there is. */
	meter_window_init(&w);
	cur = tot(3, 0.5, 300);
	meter_window_sample(&w, 10.0, &cur);
	cur = tot(5, 0.7, 500);
	span = meter_window_last(&w, 15.0, &cur, &d);
	assert_true(span == 5.0);
	assert_int_equal(d.requests, 2);
	/* Nothing sampled in the last minute: nothing to say. */
	span = meter_window_last(&w, 100.0, &cur, &d);
	assert_true(span == 0);
	assert_int_equal(d.requests, 0);
}

/* Samples closer than a second are one; the ring wraps without losing
 * the window. */
static void test_window_ring(void **state)
{
	static struct meter_window w;
	struct meter_totals cur = tot(0, 0, 0), d;

	(void)state;
	meter_window_init(&w);
	meter_window_sample(&w, 1.0, &cur);
	meter_window_sample(&w, 1.5, &cur);
	assert_int_equal(w.n, 1);
	for (int i = 2; i < 3 * METER_SAMPLES; i++) {
		cur.requests++;
		meter_window_sample(&w, (double)i, &cur);
	}
	assert_int_equal(w.n, METER_SAMPLES);
	assert_true(meter_window_last(&w, 3.0 * METER_SAMPLES - 1, &cur, &d) == 60.0);
	assert_int_equal(d.requests, 60);
	/* A current total below a sample is refused, not wrapped around. */
	cur.requests = 0;
	assert_true(meter_window_last(&w, 3.0 * METER_SAMPLES - 1, &cur, &d) == 0);
	assert_int_equal(d.requests, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_totals_threads),
	    cmocka_unit_test(test_window_last_minute),
	    cmocka_unit_test(test_window_ring),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
