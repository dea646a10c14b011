/* Unit tests: the fleet view: groups of identical answers (largest
 * first, revisions in the key once the fleet is skewed), version skew,
 * outliers against the median, a listener missing on one replica of a
 * build, differing Go environment variables; unreachable rows kept apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/fleet/view.h"

static const char *const ids[] = {"stale-binary", "go-env"};
static const enum verdict_kind pass2[] = {VERDICT_PASS, VERDICT_PASS};
static const enum verdict_kind stale[] = {VERDICT_FAIL, VERDICT_PASS};

static struct fleet_row row(const char *name, const enum verdict_kind *k, const char *rev,
			    double gor)
{
	struct fleet_row r = {0};

	r.name = name;
	r.kinds = k;
	r.ids = ids;
	r.nchecks = 2;
	r.revision = rev;
	r.build_id = rev; /* one build per revision here */
	r.go_version = "go1.19";
	r.goroutines = gor;
	r.rss = 20e6;
	strlist_add(&r.listeners, "tcp :8080");
	strlist_add(&r.listeners, "tcp :9090");
	return r;
}

static void test_view(void **state)
{
	struct fleet_row rows[6];
	struct fleet_view *v;
	char *m;

	(void)state;
	rows[0] = row("web-01:1", pass2, "bbbbbbbbbbbb", 10);
	rows[1] = row("web-02:2", pass2, "bbbbbbbbbbbb", 12);
	rows[2] = row("web-03:3", pass2, "bbbbbbbbbbbb", 900); /* leaks goroutines */
	rows[3] = row("web-07:4", stale, "a61a5c4aaaaa", 11);
	rows[4] = row("web-09:5", stale, "a61a5c4aaaaa", 9);
	rows[5] = (struct fleet_row){.name = "web-11:6",
				     .state = "timed out",
				     .error = "no answer within 3 s",
				     .goroutines = -1,
				     .rss = -1};
	strlist_free(&rows[1].listeners); /* web-02 never bound :9090 */
	strlist_add(&rows[1].listeners, "tcp :8080");
	strlist_add(&rows[0].env, "GOSUMDB=off");

	v = fleet_view_build(rows, 6);
	assert_int_equal(v->nrows, 6);
	assert_int_equal(v->judged, 5);
	assert_int_equal(v->failing, 2);
	/* Groups: largest first, revision in the key since builds differ. */
	assert_int_equal(v->ngroups, 3);
	assert_string_equal(v->groups[0].key, "all pass, running bbbbbbb");
	assert_int_equal(v->groups[0].n, 3);
	assert_string_equal(v->groups[1].key, "stale-binary fail, running a61a5c4");
	assert_int_equal(v->groups[1].n, 2);
	assert_string_equal(v->groups[2].key, "timed out");
	m = fleet_view_members(rows, v->groups[1].rows, v->groups[1].n, 10);
	assert_string_equal(m, "2 targets (web-07:4, web-09:5)");
	free(m);
	m = fleet_view_members(rows, v->groups[0].rows, v->groups[0].n, 2);
	assert_string_equal(m, "3 targets (web-01:1, web-02:2, +1 more)");
	free(m);
	/* Skew: two revisions, most replicas first, the timed-out row in none. */
	assert_int_equal(v->nversions, 2);
	assert_string_equal(v->versions[0].revision, "bbbbbbbbbbbb");
	assert_int_equal(v->versions[0].n, 3);
	assert_string_equal(v->versions[1].revision, "a61a5c4aaaaa");
	assert_int_equal(v->versions[1].n, 2);
	/* Outliers: web-03's goroutines against a median of 11. */
	assert_int_equal(v->noutliers, 1);
	assert_int_equal(v->outliers[0].row, 2);
	assert_string_equal(v->outliers[0].metric, "goroutines");
	assert_true(v->median_goroutines == 11);
	/* The listener gap: :9090 on 2 of 3 replicas of build bbbb. */
	assert_int_equal(v->ngaps, 1);
	assert_string_equal(v->gaps[0].listener, "tcp :9090");
	assert_int_equal(v->gaps[0].have, 2);
	assert_int_equal(v->gaps[0].of, 3);
	assert_int_equal(v->gaps[0].nmissing, 1);
	assert_int_equal(v->gaps[0].missing[0], 1);
	/* GOSUMDB differs; nothing else does. */
	assert_int_equal(v->nenv, 1);
	assert_string_equal(v->env[0].name, "GOSUMDB");
	assert_int_equal(v->env[0].nvalues, 2);
	assert_string_equal(v->env[0].values[0].value, "off");
	assert_string_equal(v->env[0].values[1].value, "(unset)");
	assert_int_equal(v->env[0].values[1].n, 4);
	fleet_view_free(v);
	fleet_view_free(NULL);
	for (int i = 0; i < 6; i++) {
		strlist_free(&rows[i].listeners);
		strlist_free(&rows[i].env);
	}
}

/* One build everywhere: no revision in the keys, no skew, no outlier
 * when the difference is small, even at 3x the median. */
static void test_uniform(void **state)
{
	struct fleet_row rows[3];
	struct fleet_view *v;

	(void)state;
	rows[0] = row("a:1", pass2, "cccc", 4);
	rows[1] = row("b:2", pass2, "cccc", 4);
	rows[2] = row("c:3", pass2, "cccc", 12);
	v = fleet_view_build(rows, 3);
	assert_int_equal(v->ngroups, 1);
	assert_string_equal(v->groups[0].key, "all pass");
	assert_int_equal(v->nversions, 1);
	assert_int_equal(v->noutliers, 0);
	assert_int_equal(v->ngaps, 0);
	assert_int_equal(v->nenv, 0);
	fleet_view_free(v);
	for (int i = 0; i < 3; i++)
		strlist_free(&rows[i].listeners);
	double vals[] = {5, -1, 1, 3};
	assert_true(fleet_median(vals, 4) == 3);
	assert_true(fleet_median(vals, 0) == -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_view),
	    cmocka_unit_test(test_uniform),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
