/* Unit tests: drop_frames / keep_frames (collectors/runtime/pprof_prune.c)
 * on a hand-built profile, with the numbers google/pprof's Prune gives
 * (worked out by hand from prune.go; tests/it/profile_prune.sh checks the
 * same against `go tool pprof` on a generated profile). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "collectors/base/protobuf.h"
#include "collectors/runtime/pprof.h"
#include "collectors/runtime/pprof_report.h"
#include "collectors/runtime/pprof_view.h"

static void put_msg(struct buf *b, uint32_t num, struct buf *m)
{
	protobuf_put_bytes(b, num, m->data != NULL ? m->data : "", m->len);
	buf_free(m);
	buf_init(m);
}

/* Strings 1.. : the names below, then drop and keep (when given). */
static const char *const names[] = {
    "",		 "cpu",	      "nanoseconds", "main.main",
    "main.work", "main.leaf", "main.rec",    "(anonymous namespace)::f(int)"};

/* Functions 1..5 = main.main, main.work, main.leaf, main.rec, the C++ one.
 * Locations: 1 main, 2 work, 3 {leaf inlined into work}, 4 rec, 5 C++.
 * Samples (leaf first): [2 1] 10, [3 1] 30, [4 4 1] 20, [5 1] 5. */
static void build(struct buf *b, const char *drop, const char *keep)
{
	struct buf m, l;
	uint64_t fl[][3] = {{1}, {2}, {3, 2}, {4}, {5}};
	size_t nl[] = {1, 1, 2, 1, 1};
	uint64_t st[][3] = {{2, 1}, {3, 1}, {4, 4, 1}, {5, 1}};
	size_t ns[] = {2, 2, 3, 2};
	int64_t v[] = {10, 30, 20, 5};
	uint64_t next = ARRAY_LEN(names);

	buf_init(b);
	buf_init(&m);
	buf_init(&l);
	protobuf_put_uint(&m, 1, 1);
	protobuf_put_uint(&m, 2, 2);
	put_msg(b, 1, &m);
	for (size_t s = 0; s < ARRAY_LEN(st); s++) {
		for (size_t k = 0; k < ns[s]; k++)
			protobuf_put_varint(&l, st[s][k]);
		put_msg(&m, 1, &l);
		protobuf_put_varint(&l, (uint64_t)v[s]);
		put_msg(&m, 2, &l);
		put_msg(b, 2, &m);
	}
	for (size_t i = 0; i < ARRAY_LEN(nl); i++) {
		protobuf_put_uint(&m, 1, i + 1);
		for (size_t k = 0; k < nl[i]; k++) {
			protobuf_put_uint(&l, 1, fl[i][k]);
			protobuf_put_uint(&l, 2, 10 + k);
			put_msg(&m, 4, &l);
		}
		put_msg(b, 4, &m);
	}
	for (uint64_t f = 1; f <= 5; f++) {
		protobuf_put_uint(&m, 1, f);
		protobuf_put_uint(&m, 2, f + 2);
		put_msg(b, 5, &m);
	}
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		protobuf_put_string(b, 6, names[i]);
	if (drop != NULL) {
		protobuf_put_string(b, 6, drop);
		protobuf_put_uint(b, 7, next++);
	}
	if (keep != NULL) {
		protobuf_put_string(b, 6, keep);
		protobuf_put_uint(b, 8, next++);
	}
}

struct want {
	const char *name;
	int64_t flat, cum; /* -1: no such node */
};

static void check(const char *drop, const char *keep, const struct want *w, size_t n)
{
	struct buf b;
	struct pprof_profile p;
	struct pprof_graph g;
	char *cause = NULL;

	build(&b, drop, keep);
	if (pprof_decode(b.data, b.len, NULL, &p, &cause) != 0)
		fail_msg("%s", cause);
	buf_free(&b);
	assert_int_equal(pprof_graph_build(&g, &p, NULL, -1, NULL, PPROF_GRAN_FUNCTIONS, NULL), 0);
	assert_int_equal(g.total, 65); /* pruning moves values, never drops them */
	for (size_t i = 0; i < n; i++) {
		size_t j;

		for (j = 0; j < g.nnodes; j++)
			if (strcmp(g.nodes[j].func, w[i].name) == 0)
				break;
		if (w[i].flat < 0) {
			if (j < g.nnodes)
				fail_msg("drop %s: %s should be gone", drop, w[i].name);
			continue;
		}
		if (j == g.nnodes)
			fail_msg("drop %s: no node %s", drop ? drop : "-", w[i].name);
		if (g.nodes[j].flat != w[i].flat || g.nodes[j].cum != w[i].cum)
			fail_msg("drop %s keep %s: %s flat %lld cum %lld, want %lld %lld",
				 drop ? drop : "-", keep ? keep : "-", w[i].name,
				 (long long)g.nodes[j].flat, (long long)g.nodes[j].cum,
				 (long long)w[i].flat, (long long)w[i].cum);
	}
	pprof_graph_free(&g);
	pprof_free(&p);
}

static void test_none(void **st)
{
	const struct want w[] = {
	    {"main.main", 0, 65}, {"main.work", 10, 40}, {"main.leaf", 30, 30}};

	(void)st;
	check(NULL, NULL, w, ARRAY_LEN(w));
}

/* A matching outermost line prunes the location and everything leafwards;
 * the inlined leaf goes with its caller's location. */
static void test_drop_location(void **st)
{
	const struct want w[] = {{"main.main", 40, 65},
				 {"main.work", -1, -1},
				 {"main.leaf", -1, -1},
				 {"main.rec", 20, 20}};

	(void)st;
	check("main\\.work", NULL, w, ARRAY_LEN(w));
	/* anchored: "work" alone matches nothing */
	const struct want none[] = {{"main.work", 10, 40}};
	check("work", NULL, none, ARRAY_LEN(none));
}

/* A matching inner (inlined) line: the lines from it inwards go, the
 * location stays as the new leaf. */
static void test_drop_beneath(void **st)
{
	const struct want w[] = {
	    {"main.main", 0, 65}, {"main.work", 40, 40}, {"main.leaf", -1, -1}};

	(void)st;
	check("main\\.leaf", NULL, w, ARRAY_LEN(w));
}

/* keep_frames spares what it matches; frames before the first "user" frame
 * (from the root) are never pruned. */
static void test_keep_and_root(void **st)
{
	const struct want kept[] = {
	    {"main.main", 40, 65}, {"main.rec", 20, 20}, {"main.work", -1, -1}};
	const struct want root[] = {{"main.main", 0, 65}, {"main.work", 10, 40}};

	(void)st;
	check("main\\..*", "main\\.(main|rec)", kept, ARRAY_LEN(kept));
	check("main\\.main", NULL, root, ARRAY_LEN(root));
}

/* Names are simplified as pprof's simplifyFunc does before matching; a bad
 * regex prunes nothing (pprof ignores RemoveUninteresting's error). */
static void test_simplify_and_bad_regex(void **st)
{
	const struct want cxx[] = {{"main.main", 5, 65}, {"(anonymous namespace)::f(int)", -1, -1}};
	const struct want bad[] = {{"main.work", 10, 40}};

	(void)st;
	check("\\(anonymous namespace\\)::f", NULL, cxx, ARRAY_LEN(cxx));
	check("main\\.(work", NULL, bad, ARRAY_LEN(bad));
	check("main\\.work", "(", bad, ARRAY_LEN(bad));
}

/* -traces merges samples by the stack as read (pprof merges before it
 * prunes): two samples that prune to the same stack print twice. */
static void test_traces_merge_before_prune(void **st)
{
	struct buf b, out;
	struct pprof_profile p;
	char *cause = NULL;
	const char *s;
	int n = 0;

	(void)st;
	build(&b, "main\\.(work|rec)", NULL);
	if (pprof_decode(b.data, b.len, NULL, &p, &cause) != 0)
		fail_msg("%s", cause);
	buf_init(&out);
	pprof_report_traces(&p, -1, &out);
	for (s = out.data; (s = strstr(s, "main.main")) != NULL; s++)
		n++;
	assert_int_equal(n, 4);
	buf_free(&out);
	buf_free(&b);
	pprof_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_none),
	    cmocka_unit_test(test_drop_location),
	    cmocka_unit_test(test_drop_beneath),
	    cmocka_unit_test(test_keep_and_root),
	    cmocka_unit_test(test_simplify_and_bad_regex),
	    cmocka_unit_test(test_traces_merge_before_prune),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
