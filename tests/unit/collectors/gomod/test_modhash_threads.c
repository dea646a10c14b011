/* Unit tests: modhash called from several threads at once as the very
 * first use in the process, as modstate.c's verify_cache() does (one
 * worker per CPU). A binary of its own: the lazy library load must not
 * have happened before the threads start. Under make tsan a cache of the
 * loaded library written without a lock is a reported data race; in
 * every build each thread must get the hash one thread alone gets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/gomod/modhash.h"

#define NTHREADS 4

/* modfetch's emptyGoModHash is the h1 of an empty go.mod. */
static const char empty_h1[] = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

static pthread_barrier_t start;

static void *hash_one(void *arg)
{
	char **out = arg;

	pthread_barrier_wait(&start); /* all threads reach the first load together */
	*out = modhash_h1_gomod("", 0);
	return NULL;
}

static void test_first_use_on_threads(void **state)
{
	pthread_t t[NTHREADS];
	char *h[NTHREADS] = {0};

	(void)state;
	assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
	for (int i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hash_one, &h[i]), 0);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&start);
	for (int i = 0; i < NTHREADS; i++) {
		assert_non_null(h[i]);
		assert_string_equal(h[i], empty_h1);
		free(h[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_use_on_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
