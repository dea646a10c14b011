/* Unit tests: bucketing modes, the argument heuristics they share with
 * panicparse, main-module frames, filters, diffs and JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/runtime/gbucket.h"

#define DUMPS "tests/fixtures/goroutines/dumps/"

static void parse_file(const char *name, struct gdump *d)
{
	char *cause = NULL;

	if (gdump_load(name, 64 * MIB, d, NULL, &cause) != 0)
		fail_msg("%s (run from the repository root)", cause);
}

static void parse_str(const char *s, struct gdump *d)
{
	char *cause = NULL;

	assert_int_equal(gdump_parse(s, strlen(s), d, &cause), 0);
}

static const char *top(const struct gbuckets *b, const struct gbucket *k)
{
	const struct gdump_goroutine *g = gbucket_rep(b, k);

	return g->nframes ? gdump_str(b->d, gdump_gframes(b->d, g)[0].func) : "";
}

/* Counts, order and membership hold for every mode. */
static void check_invariants(const struct gbuckets *b)
{
	const struct gdump *d = b->d;
	size_t sum = 0;
	unsigned char *seen = calloc(d->ng + 1, 1);

	for (size_t i = 0; i < b->n; i++) {
		const struct gbucket *k = &b->v[i];
		const uint32_t *m = gbucket_members(b, k);

		sum += k->count;
		if (i > 0)
			assert_true(b->v[i - 1].count >= k->count);
		assert_int_equal(m[0], k->rep);
		for (uint32_t j = 0; j < k->count; j++) {
			const struct gdump_goroutine *g = &d->g[m[j]], *r = gbucket_rep(b, k);

			assert_false(seen[m[j]]);
			seen[m[j]] = 1;
			assert_int_equal(g->state, r->state);
			assert_int_equal(g->nframes, r->nframes);
			for (uint32_t f = 0; f < g->nframes; f++)
				assert_int_equal(gdump_gframes(d, g)[f].func,
						 gdump_gframes(d, r)[f].func);
			if (j > 0)
				assert_true(m[j] > m[j - 1]); /* dump order */
			assert_true(g->wait_minutes >= k->wait_min &&
				    g->wait_minutes <= k->wait_max);
		}
	}
	assert_int_equal(sum, d->ng);
	free(seen);
}

static const struct gbucket *find_top(const struct gbuckets *b, const char *func, size_t nth)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(top(b, &b->v[i]), func) == 0 && nth-- == 0)
			return &b->v[i];
	return NULL;
}

static size_t count_top(const struct gbuckets *b, const char *func)
{
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++)
		n += strcmp(top(b, &b->v[i]), func) == 0;
	return n;
}

static void test_modes_on_real_dump(void **st)
{
	struct gdump d;
	struct gbuckets ex, ptr, lo;
	const struct gbucket *k;

	(void)st;
	parse_file(DUMPS "go119-debug2.txt", &d);
	gbucket_build(&d, GBUCKET_EXACT, NULL, &ex);
	gbucket_build(&d, GBUCKET_POINTERS, NULL, &ptr);
	gbucket_build(&d, GBUCKET_LOOSE, NULL, &lo);
	check_invariants(&ex);
	check_invariants(&ptr);
	check_invariants(&lo);
	assert_true(lo.n < ptr.n);
	assert_true(ptr.n <= ex.n);
	/* Five producers differ only in an integer argument (1000..1004); two
	 * more block in the same function under the layerA..D calls. */
	assert_int_equal(count_top(&ptr, "main.producer"), 6);
	assert_int_equal(count_top(&lo, "main.producer"), 2);
	k = find_top(&lo, "main.producer", 0);
	assert_int_equal(k->count, 5);
	assert_int_equal(gbucket_rep(&lo, k)->nframes, 1);
	/* Two goroutines locked to their threads, same stack: one bucket. */
	k = find_top(&ptr, "main.lockedWaiter", 0);
	assert_non_null(k);
	assert_int_equal(k->count, 2);
	assert_int_equal(k->locked, 2);
	/* Without a module only package main counts as the main module. */
	k = find_top(&ptr, "example.com/gorofix/internal/work.(*Refresher).loop", 0);
	assert_non_null(k);
	assert_int_equal(k->main_frame, -1);
	gbuckets_free(&ptr);
	gbucket_build(&d, GBUCKET_POINTERS, "example.com/gorofix", &ptr);
	k = find_top(&ptr, "example.com/gorofix/internal/work.(*Refresher).loop", 0);
	assert_int_equal(k->main_frame, 0);
	assert_true(gbucket_is_main(&ptr, gdump_find_str(&d, "main.main")));
	assert_false(gbucket_is_main(&ptr, gdump_find_str(&d, "internal/poll.runtime_pollWait")));
	/* The IO-wait reader under main.connReader: runtime frames first. */
	k = find_top(&ptr, "internal/poll.runtime_pollWait", 0);
	assert_non_null(k);
	assert_true(k->main_frame > 0);
	gbuckets_free(&ex);
	gbuckets_free(&ptr);
	gbuckets_free(&lo);
	gbuckets_free(NULL);
	gdump_free(&d);
}

#define G(id, fn, args)                                                                            \
	"goroutine " #id " [chan receive]:\nmain." fn "(" args ")\n\t/src/main.go:10 +0x1d\n"      \
	"created by main.main\n\t/src/main.go:5 +0x2a\n\n"

static void test_argument_heuristics(void **st)
{
	/* Pairs that panicparse's AnyPointer merges, and pairs it keeps apart. */
	static const char *const same[][2] = {
	    {"0xc000010000", "0xc000020000"},
	    {"0xc000010000, 0x1", "0xc000099000, 0x1"},
	    {"0x0?", "0x0"},
	    {"{0xc000010000, 0x2}, 0x3", "{0xc0000a0000, 0x2}, 0x3"},
	    {"0x80001", "0xffffff"}, /* just above 512 KiB: both pointers */
	};
	static const char *const apart[][2] = {
	    {"0x1", "0x2"},
	    {"0x80000", "0x80001"}, /* 512 KiB itself is not a pointer */
	    {"_", "0x1"},
	    {"0x1, ...", "0x1"},
	    {"{0x1}", "0x1"},
	    {"0xc000010000", "0x7fffffffffffffff"}, /* the ceiling is not either */
	};

	(void)st;
	for (size_t pass = 0; pass < 2; pass++) {
		size_t n = pass == 0 ? ARRAY_LEN(same) : ARRAY_LEN(apart);

		for (size_t i = 0; i < n; i++) {
			const char *a = pass == 0 ? same[i][0] : apart[i][0];
			const char *c = pass == 0 ? same[i][1] : apart[i][1];
			char *text = xasprintf(G(1, "f", "%s") G(2, "f", "%s"), a, c);
			struct gdump d;
			struct gbuckets ex, ptr, lo;

			parse_str(text, &d);
			assert_int_equal(d.ng, 2);
			gbucket_build(&d, GBUCKET_EXACT, NULL, &ex);
			gbucket_build(&d, GBUCKET_POINTERS, NULL, &ptr);
			gbucket_build(&d, GBUCKET_LOOSE, NULL, &lo);
			if (ptr.n != (pass == 0 ? 1u : 2u))
				fail_msg("pointers mode: [%s] vs [%s] gave %zu buckets", a, c,
					 ptr.n);
			assert_int_equal(ex.n, strcmp(a, c) == 0 ? 1 : 2);
			assert_int_equal(lo.n, 1);
			gbuckets_free(&ex);
			gbuckets_free(&ptr);
			gbuckets_free(&lo);
			gdump_free(&d);
			free(text);
		}
	}
}

static void test_key_parts(void **st)
{
	struct gdump d;
	struct gbuckets b;
	const char *text =
	    /* same stack, different states: two buckets */
	    "goroutine 1 [chan receive]:\nmain.f()\n\t/a.go:1 +0x1\n\n"
	    "goroutine 2 [chan send]:\nmain.f()\n\t/a.go:1 +0x1\n\n"
	    /* same stack, other creator line: two buckets */
	    "goroutine 3 [select]:\nmain.f()\n\t/a.go:1 +0x1\ncreated by main.a\n\t/a.go:7 +0x1\n\n"
	    "goroutine 4 [select]:\nmain.f()\n\t/a.go:1 +0x1\ncreated by main.a\n\t/a.go:8 +0x1\n\n"
	    /* locked differs: one bucket except in exact mode; minutes merge */
	    "goroutine 5 [sleep, 3 minutes]:\nmain.f()\n\t/a.go:1 +0x1\n\n"
	    "goroutine 6 [sleep, 9 minutes, locked to thread]:\nmain.f()\n\t/a.go:1 +0x1\n\n"
	    "goroutine 7 [sleep]:\nmain.f()\n\t/a.go:1 +0x1\n\n"
	    /* offsets differ: one bucket except in exact mode */
	    "goroutine 8 [IO wait]:\nmain.f()\n\t/a.go:1 +0x1\n\n"
	    "goroutine 9 [IO wait]:\nmain.f()\n\t/a.go:1 +0x2\n\n"
	    /* the line differs: always two */
	    "goroutine 10 [semacquire]:\nmain.f()\n\t/a.go:1 +0x1\n\n"
	    "goroutine 11 [semacquire]:\nmain.f()\n\t/a.go:2 +0x1\n\n";
	const struct gbucket *k;

	(void)st;
	parse_str(text, &d);
	assert_int_equal(d.ng, 11);
	gbucket_build(&d, GBUCKET_LOOSE, NULL, &b);
	check_invariants(&b);
	assert_int_equal(b.n, 8);
	k = &b.v[0]; /* the largest: the three sleepers */
	assert_int_equal(k->count, 3);
	assert_string_equal(gdump_str(&d, k->state), "sleep");
	assert_int_equal(k->wait_min, 0);
	assert_int_equal(k->wait_max, 9);
	assert_int_equal(k->locked, 1);
	gbuckets_free(&b);
	gbucket_build(&d, GBUCKET_EXACT, NULL, &b);
	check_invariants(&b);
	assert_int_equal(b.n, 10); /* locked and +0x2 split off */
	gbuckets_free(&b);
	gdump_free(&d);
}

static void test_diff_and_signature(void **st)
{
	const char *before = G(1, "a", "0x1") G(2, "a", "0x1") G(3, "a", "0x1") G(4, "b", "");
	/* The new dump meets the functions in another order, so string ids
	 * differ; signatures must not. */
	const char *after = G(9, "c", "") G(10, "c", "") G(5, "a", "0x1") G(6, "a", "0x1")
	    G(7, "a", "0x1") G(8, "a", "0x1") G(11, "a", "0x1");
	struct gdump d1, d2;
	struct gbuckets b1, b2;
	cJSON *j, *arr;
	char *s;

	(void)st;
	parse_str(before, &d1);
	parse_str(after, &d2);
	gbucket_build(&d1, GBUCKET_POINTERS, NULL, &b1);
	gbucket_build(&d2, GBUCKET_POINTERS, NULL, &b2);
	assert_int_not_equal(gdump_find_str(&d1, "main.a"), gdump_find_str(&d2, "main.a"));
	assert_int_equal(b1.v[0].sig, b2.v[0].sig); /* main.a in both */
	assert_int_equal(b2.v[0].prev, -1);
	gbucket_diff(&b2, &b1);
	gbuckets_free(&b1);
	gdump_free(&d1); /* the diff keeps no pointer into the old dump */
	assert_int_equal(b2.n, 2);
	assert_string_equal(top(&b2, &b2.v[0]), "main.a");
	assert_int_equal(b2.v[0].count, 5);
	assert_int_equal(b2.v[0].prev, 3);
	assert_string_equal(top(&b2, &b2.v[1]), "main.c");
	assert_int_equal(b2.v[1].prev, 0);
	assert_int_equal(b2.ngone, 1);
	assert_string_equal(b2.gone[0].top, "main.b");
	assert_string_equal(b2.gone[0].state, "chan receive");
	assert_int_equal(b2.gone[0].count, 1);

	j = gbuckets_to_json(&b2, NULL, 2);
	arr = cJSON_GetObjectItem(j, "buckets");
	assert_int_equal(cJSON_GetArraySize(arr), 2);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "delta")->valueint, 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "ids")),
			 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "gone")), 1);
	s = cJSON_PrintUnformatted(j);
	assert_non_null(strstr(s, "\"mode\":\"pointers\""));
	free(s);
	cJSON_Delete(j);
	gbuckets_free(&b2);
	gdump_free(&d2);
}

static void test_filters(void **st)
{
	struct gdump d;
	struct gbuckets b;
	struct gbucket_filter *f;
	char *cause = NULL;
	const struct gbucket *first;
	size_t hits = 0;
	cJSON *j;

	(void)st;
	parse_file(DUMPS "go119-debug2.txt", &d);
	gbucket_build(&d, GBUCKET_LOOSE, "example.com/gorofix", &b);
	f = gbucket_filter_new(&d, "Refresher|HandleFunc|ServeHTTP", GBUCKET_FILTER_REGEX, &cause);
	assert_non_null(f);
	for (size_t i = 0; i < b.n; i++)
		hits += gbucket_matches(&b, &b.v[i], f);
	assert_int_equal(hits, 2); /* the ticker loop, and pprof's own handler */
	j = gbuckets_to_json(&b, f, 10);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "buckets")), 2);
	cJSON_Delete(j);
	gbucket_filter_free(f);
	/* File names match too, and the type-ahead mode ignores case. */
	f = gbucket_filter_new(&d, "WORK.GO", GBUCKET_FILTER_SUBSTR, &cause);
	hits = 0;
	for (size_t i = 0; i < b.n; i++)
		hits += gbucket_matches(&b, &b.v[i], f);
	assert_true(hits >= 3); /* worker, refresher loop, init goroutine */
	gbucket_filter_free(f);
	assert_null(gbucket_filter_new(&d, "(unclosed", GBUCKET_FILTER_REGEX, &cause));
	assert_non_null(strstr(cause, "(unclosed"));
	free(cause);
	gbucket_filter_free(NULL);

	assert_int_equal(
	    gbucket_count_func(&b, "example.com/gorofix/internal/work.(*Refresher).loop", &first),
	    1);
	assert_non_null(first);
	assert_int_equal(gbucket_count_func(&b, "main.waitOn", NULL), 2); /* main.waitOn[...] */
	assert_int_equal(gbucket_count_func(&b, "main.wait", NULL), 0);
	assert_int_equal(gbucket_count_func(&b, "main.nosuch", &first), 0);
	assert_null(first);
	gbuckets_free(&b);
	gdump_free(&d);
}

static void test_empty(void **st)
{
	struct gdump d;
	struct gbuckets b;
	cJSON *j;

	(void)st;
	parse_str("nothing here\n", &d);
	gbucket_build(&d, GBUCKET_POINTERS, NULL, &b);
	assert_int_equal(b.n, 0);
	j = gbuckets_to_json(&b, NULL, 5);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "buckets")), 0);
	cJSON_Delete(j);
	gbuckets_free(&b);
	gdump_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_modes_on_real_dump),
	    cmocka_unit_test(test_argument_heuristics),
	    cmocka_unit_test(test_key_parts),
	    cmocka_unit_test(test_diff_and_signature),
	    cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
