/* Unit tests: the fleet pane's lines (panes/fleet_rows.c): groups
 * collapsed to one line naming a few members, a group expanded lists each
 * target with its revision and numbers, target lines carry the row (what
 * Enter attaches to), the old build's group is drawn as failing, skew,
 * outliers and environment differences follow; no data at all says how
 * to get a fleet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "panes/fleet_rows.h"

static const char *const ids[] = {"stale-binary"};
static const enum verdict_kind pass1[] = {VERDICT_PASS};
static const enum verdict_kind fail1[] = {VERDICT_FAIL};

static struct fleet_row row(const char *name, const enum verdict_kind *k, const char *rev,
			    double gor)
{
	struct fleet_row r = {0};

	r.name = name;
	r.kinds = k;
	r.ids = ids;
	r.nchecks = 1;
	r.revision = rev;
	r.build_id = rev;
	r.go_version = "go1.19";
	r.goroutines = gor;
	r.rss = 20 * 1024 * 1024;
	return r;
}

static size_t find(const struct fleet_rows *r, const char *text)
{
	for (size_t i = 0; i < r->n; i++)
		if (strstr(r->v[i].text, text) != NULL)
			return i;
	fail_msg("no line holds [%s]", text);
	return 0;
}

static void test_lines(void **state)
{
	struct fleet_row rows[5];
	struct fleet_pane_data d = {0};
	struct fleet_view *v;
	struct fleet_rows *r;
	unsigned char open[8] = {0};
	size_t i, g_old;

	(void)state;
	rows[0] = row("web-01:1", pass1, "bbbbbbbbbbbb", 10);
	rows[1] = row("web-02:2", pass1, "bbbbbbbbbbbb", 12);
	rows[2] = row("web-03:3", pass1, "bbbbbbbbbbbb", 900);
	rows[3] = row("web-07:4", fail1, "a61a5c4aaaaa", 11);
	rows[4] = (struct fleet_row){.name = "web-11:6",
				     .state = "timed out",
				     .error = "no answer within 3 s",
				     .goroutines = -1,
				     .rss = -1};
	strlist_add(&rows[0].env, "GOSUMDB=off");
	v = fleet_view_build(rows, 5);
	d.rows = rows;
	d.n = 5;
	d.view = v;

	r = fleet_rows_build(&d, NULL);
	assert_int_equal(r->v[0].kind, FLEET_LINE_TITLE);
	i = find(r, "+ 3 targets (web-01:1, web-02:2, web-03:3): all pass, running bbbbbbb");
	assert_int_equal(r->v[i].kind, FLEET_LINE_GROUP);
	assert_int_equal(r->v[i].tone, FLEET_TONE_GOOD);
	i = find(r, "1 target (web-07:4): stale-binary fail, running a61a5c4");
	assert_int_equal(r->v[i].tone, FLEET_TONE_BAD);
	g_old = r->v[i].group;
	assert_int_equal(fleet_rows_group_of(&d, 3), g_old);
	i = find(r, "(web-11:6): timed out");
	assert_int_equal(r->v[i].tone, FLEET_TONE_WARN);
	/* Collapsed: no target line of the group; the outlier is one. */
	assert_int_equal(fleet_rows_find_target(r, g_old, 3), (size_t)-1);
	find(r, "Versions (skew)");
	find(r, "a61a5c4aaaaa: 1 replica, go1.19");
	i = find(r, "web-03:3: 900 goroutines against");
	assert_int_equal(r->v[i].kind, FLEET_LINE_TARGET);
	assert_int_equal(r->v[i].row, 2);
	find(r, "Environment that differs");
	find(r, "off on 1 target (web-01:1)");
	fleet_rows_free(r);

	/* The old build's group expanded: its target, attachable. */
	open[g_old] = 1;
	r = fleet_rows_build(&d, open);
	i = find(r, "- 1 target: stale-binary fail");
	assert_true(r->v[i].expanded);
	i = fleet_rows_find_target(r, g_old, 3);
	assert_int_not_equal(i, (size_t)-1);
	assert_string_equal(r->v[i].text, "web-07:4  rev a61a5c4  11 goroutines  20.0 MiB RSS");
	assert_int_equal(r->v[i].tone, FLEET_TONE_BAD);
	assert_int_equal(r->v[i - 1].kind, FLEET_LINE_GROUP);
	fleet_rows_free(r);
	fleet_view_free(v);
	for (size_t k = 0; k < 5; k++)
		strlist_free(&rows[k].env);
}

static void test_unjudged_text(void **state)
{
	struct fleet_row r = {.name = "gt-hung:1", .state = "timed out", .error = "no answer"};
	char *t = fleet_rows_target_text(&r);

	(void)state;
	assert_string_equal(t, "gt-hung:1  timed out: no answer");
	free(t);
}

static void test_no_fleet(void **state)
{
	struct fleet_rows *r = fleet_rows_build(NULL, NULL);

	(void)state;
	assert_int_equal(r->n, 1);
	assert_non_null(strstr(r->v[0].text, "gotriage fleet --targets"));
	fleet_rows_free(r);
	fleet_rows_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_unjudged_text),
	    cmocka_unit_test(test_no_fleet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
