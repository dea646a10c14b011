/* Unit tests: the profiles pane's curses-free logic (panes/profiles_model.c):
 * Go 1.19's /debug/pprof/ index, the empty block/mutex explanation, main-
 * module names, views built from a real heap profile (rows and names line
 * up with pprof's top, cum sort reorders, peek of the selected function),
 * and the keys: the kinds list, fetch and CPU effects, sort, diff, views,
 * and the flame graph's walk, zoom and back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "panes/profiles_model.h"

/* Captured from the profiles fixture (Go 1.19 net/http/pprof). */
static const char index_html[] =
    "<table>\n<thead><td>Count</td><td>Profile</td></thead>\n"
    "<tr><td>32</td><td><a href='allocs?debug=1'>allocs</a></td></tr>\n"
    "<tr><td>6</td><td><a href='block?debug=1'>block</a></td></tr>\n"
    "<tr><td>0</td><td><a href='cmdline?debug=1'>cmdline</a></td></tr>\n"
    "<tr><td>11</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>\n"
    "<tr><td>32</td><td><a href='heap?debug=1'>heap</a></td></tr>\n"
    "<tr><td>1</td><td><a href='mutex?debug=1'>mutex</a></td></tr>\n"
    "<tr><td>0</td><td><a href='profile?debug=1'>profile</a></td></tr>\n"
    "<tr><td>7</td><td><a href='threadcreate?debug=1'>threadcreate</a></td></tr>\n"
    "<tr><td>0</td><td><a href='trace?debug=1'>trace</a></td></tr>\n"
    "</table>\n";

static void test_index(void **st)
{
	long c[PK__COUNT];

	(void)st;
	assert_int_equal(profiles_index_parse(index_html, sizeof index_html - 1, c), 7);
	assert_int_equal(c[PK_HEAP], 32);
	assert_int_equal(c[PK_ALLOCS], 32);
	assert_int_equal(c[PK_BLOCK], 6);
	assert_int_equal(c[PK_MUTEX], 1);
	assert_int_equal(c[PK_GOROUTINE], 11);
	assert_int_equal(c[PK_THREADCREATE], 7);
	assert_int_equal(c[PK_CPU], 0);
	/* Not an index; a cut one ends cleanly. */
	assert_int_equal(profiles_index_parse("404 page not found\n", 19, c), 0);
	assert_int_equal(c[PK_HEAP], -1);
	assert_int_equal(profiles_index_parse(index_html, 120, c), 1);
	assert_int_equal(c[PK_ALLOCS], 32);
}

static void test_notes_and_main(void **st)
{
	(void)st;
	assert_non_null(strstr(profiles_empty_note(PK_BLOCK), "SetBlockProfileRate"));
	assert_non_null(strstr(profiles_empty_note(PK_MUTEX), "SetMutexProfileFraction"));
	assert_null(profiles_empty_note(PK_HEAP));
	assert_true(profiles_is_main("main.allocLoop", NULL));
	assert_true(profiles_is_main("example.com/app/internal/db.(*Pool).Get", "example.com/app"));
	assert_true(profiles_is_main("example.com/app.Run", "example.com/app"));
	assert_false(profiles_is_main("example.com/application.Run", "example.com/app"));
	assert_false(profiles_is_main("runtime.mallocgc", "example.com/app"));
	assert_false(profiles_is_main(NULL, "example.com/app"));
}

static void load(struct pprof_profile *p)
{
	char *cause = NULL;

	if (pprof_load("tests/fuzz/corpus/pprof/cpu.pb.gz", p, &cause) != 0)
		fail_msg("load: %s", cause);
}

static void test_views(void **st)
{
	struct pprof_profile p;
	struct profiles_req rq = {0};
	struct profiles_view *flat, *cum, *peek, *fl;
	char *cause = NULL;

	(void)st;
	load(&p);
	rq.p = &p;
	rq.which = PV_TOP;
	rq.sample = -1;
	flat = profiles_view_build(&rq, &cause);
	assert_non_null(flat);
	assert_null(flat->error);
	assert_true(flat->lines.n > 3);
	assert_int_equal(flat->lines.n, flat->names.n);
	/* The header ends with pprof's column line; each row ends with its name. */
	assert_non_null(strstr(flat->head.v[flat->head.n - 1], "flat%"));
	for (size_t i = 0; i < flat->lines.n; i++) {
		const char *l = flat->lines.v[i], *n = flat->names.v[i];

		assert_non_null(strstr(l, n));
	}
	assert_string_equal(flat->sample_name, "cpu");
	rq.cum = 1;
	cum = profiles_view_build(&rq, &cause);
	assert_string_not_equal(cum->names.v[0], flat->names.v[0]);
	/* Peek of the flat leader: its own line, marked with "|". */
	rq.which = PV_PEEK;
	rq.func = flat->names.v[0];
	peek = profiles_view_build(&rq, &cause);
	assert_null(peek->error);
	{
		int found = 0;

		for (size_t i = 0; i < peek->lines.n; i++)
			if (strstr(peek->lines.v[i], "| ") != NULL &&
			    strstr(peek->lines.v[i], rq.func) != NULL)
				found = 1;
		assert_true(found);
	}
	rq.which = PV_FLAME;
	fl = profiles_view_build(&rq, &cause);
	assert_true(fl->has_flame);
	assert_int_equal(fl->total, flat->total);
	profiles_view_free(flat);
	profiles_view_free(cum);
	profiles_view_free(peek);
	profiles_view_free(fl);
	profiles_view_free(NULL);
	pprof_free(&p);
}

static void test_keys(void **st)
{
	struct pprof_profile p;
	struct profiles_req rq = {0};
	struct profiles_view *top, *fl;
	struct profiles_ui ui;
	char *cause = NULL;
	uint32_t child;

	(void)st;
	load(&p);
	rq.p = &p;
	rq.which = PV_TOP;
	rq.sample = -1;
	top = profiles_view_build(&rq, &cause);
	rq.which = PV_FLAME;
	fl = profiles_view_build(&rq, &cause);

	profiles_ui_init(&ui);
	assert_int_equal(ui.view, PV_KINDS);
	assert_int_equal(ui.kind_sel, PK_HEAP);
	assert_int_equal(profiles_ui_key(&ui, NULL, 0, ACT_DOWN), PE_USED);
	assert_int_equal(ui.kind_sel, PK_ALLOCS);
	assert_int_equal(profiles_ui_key(&ui, NULL, 0, ACT_OPEN), PE_FETCH);
	assert_int_equal(profiles_ui_key(&ui, NULL, 0, ACT_CPU_PROFILE), PE_CPU);
	assert_int_equal(profiles_ui_key(&ui, NULL, 0, ACT_QUIT), PE_NONE);
	/* Nothing fetched: t and f stay on the list. */
	assert_int_equal(profiles_ui_key(&ui, NULL, 0, ACT_FLAME), PE_USED);
	assert_int_equal(ui.view, PV_KINDS);

	/* A fetch arrived (what decode_done sets). */
	ui.shown = PK_CPU;
	ui.view = PV_TOP;
	assert_int_equal(profiles_ui_key(&ui, top, 2, ACT_DOWN), PE_USED);
	assert_int_equal(ui.sel, 1);
	assert_string_equal(profiles_ui_func(&ui, top), top->names.v[1]);
	assert_int_equal(profiles_ui_key(&ui, top, 2, ACT_SORT), PE_REBUILD);
	assert_true(ui.cum);
	assert_int_equal(ui.sel, 0);
	assert_int_equal(profiles_ui_key(&ui, top, 2, ACT_SAMPLE_TYPE), PE_REBUILD);
	assert_int_equal(ui.sample, (top->sample + 1) % 2);
	assert_int_equal(profiles_ui_key(&ui, top, 2, ACT_DIFF), PE_REBUILD);
	assert_true(ui.diff);
	assert_int_equal(profiles_ui_key(&ui, top, 2, ACT_REFRESH), PE_CPU); /* r again */
	assert_int_equal(profiles_ui_key(&ui, top, 2, ACT_OPEN), PE_REBUILD);
	assert_int_equal(ui.view, PV_PEEK);
	assert_int_equal(profiles_ui_key(&ui, NULL, 2, ACT_TOGGLE), PE_REBUILD);
	assert_int_equal(ui.view, PV_LIST);
	assert_int_equal(profiles_ui_key(&ui, NULL, 2, ACT_BACK), PE_REBUILD);
	assert_int_equal(ui.view, PV_TOP);

	/* The flame: Down to the largest child, Enter zooms, back unzooms,
	 * back at the root returns to top. */
	assert_int_equal(profiles_ui_key(&ui, top, 2, ACT_FLAME), PE_REBUILD);
	assert_int_equal(ui.view, PV_FLAME);
	assert_int_equal(profiles_ui_key(&ui, fl, 2, ACT_DOWN), PE_USED);
	child = ui.fsel;
	assert_int_equal(child, fl->flame.n[0].first_child);
	assert_int_equal(profiles_ui_key(&ui, fl, 2, ACT_PAGE_DOWN), PE_USED);
	assert_int_equal(ui.fsel, fl->flame.n[child].next_sibling);
	assert_int_equal(profiles_ui_key(&ui, fl, 2, ACT_PAGE_UP), PE_USED);
	assert_int_equal(ui.fsel, child);
	assert_int_equal(profiles_ui_key(&ui, fl, 2, ACT_OPEN), PE_USED);
	assert_int_equal(ui.zoom, child);
	assert_int_equal(profiles_ui_key(&ui, fl, 2, ACT_UP), PE_USED);
	assert_int_equal(ui.fsel, child); /* not above the zoom */
	assert_int_equal(profiles_ui_key(&ui, fl, 2, ACT_BACK), PE_USED);
	assert_int_equal(ui.zoom, 0);
	assert_int_equal(ui.view, PV_FLAME);
	assert_int_equal(profiles_ui_key(&ui, fl, 2, ACT_BACK), PE_REBUILD);
	assert_int_equal(ui.view, PV_TOP);
	assert_int_equal(profiles_ui_key(&ui, top, 2, ACT_BACK), PE_USED);
	assert_int_equal(ui.view, PV_KINDS);
	profiles_view_free(top);
	profiles_view_free(fl);
	pprof_free(&p);
}

/* c's question: Enter keeps the last duration, "30"/"30s" set it, anything
 * else (0, 301, words, a sign, trailing junk) starts nothing. */
static void test_cpu_seconds(void **st)
{
	const char *why = NULL;
	int secs = -1;

	(void)st;
	assert_int_equal(profiles_cpu_seconds_parse("", 10, &secs, &why), 0);
	assert_int_equal(secs, 10);
	assert_int_equal(profiles_cpu_seconds_parse("  ", 25, &secs, &why), 0);
	assert_int_equal(secs, 25);
	assert_int_equal(profiles_cpu_seconds_parse("30", 10, &secs, &why), 0);
	assert_int_equal(secs, 30);
	assert_int_equal(profiles_cpu_seconds_parse("5s", 10, &secs, &why), 0);
	assert_int_equal(secs, 5);
	assert_int_equal(profiles_cpu_seconds_parse("1", 10, &secs, &why), 0);
	assert_int_equal(secs, 1);
	assert_int_equal(profiles_cpu_seconds_parse("300", 10, &secs, &why), 0);
	assert_int_equal(secs, 300);
	secs = -1;
	for (const char *const *b = (const char *const[]){"0", "301", "-5", "ten", "10x", "1e3",
							  "99999999999999999999", NULL};
	     *b != NULL; b++) {
		why = NULL;
		assert_int_equal(profiles_cpu_seconds_parse(*b, 10, &secs, &why), -1);
		assert_non_null(why);
		assert_int_equal(secs, -1);
	}
}

/* goroutineleak (Go 1.26 experiment): counted when the index lists it (a
 * row as Go's index prints any registered profile), absent otherwise; the
 * kinds list reaches its row only when ui.nkinds says it is there. */
static void test_goroutineleak(void **st)
{
	static const char leak_html[] =
	    "<tr><td>32</td><td><a href='heap?debug=1'>heap</a></td></tr>\n"
	    "<tr><td>3</td><td><a href='goroutineleak?debug=1'>goroutineleak</a></td></tr>\n";
	long counts[PK__COUNT];
	struct profiles_ui ui;

	(void)st;
	assert_int_equal(profiles_index_parse(leak_html, sizeof leak_html - 1, counts), 2);
	assert_int_equal(counts[PK_GOROUTINELEAK], 3);
	profiles_index_parse(index_html, sizeof index_html - 1, counts);
	assert_int_equal(counts[PK_GOROUTINELEAK], -1);
	assert_string_equal(profiles_kinds[PK_GOROUTINELEAK].path, "goroutineleak");

	profiles_ui_init(&ui);
	for (int i = 0; i < PK__COUNT + 2; i++)
		profiles_ui_key(&ui, NULL, 0, ACT_DOWN);
	assert_int_equal(ui.kind_sel, PK__COUNT - 2); /* threadcreate, the last row */
	ui.nkinds = PK__COUNT;
	profiles_ui_key(&ui, NULL, 0, ACT_DOWN);
	assert_int_equal(ui.kind_sel, PK_GOROUTINELEAK);
	assert_int_equal(profiles_ui_key(&ui, NULL, 0, ACT_OPEN), PE_FETCH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_index),	cmocka_unit_test(test_notes_and_main),
	    cmocka_unit_test(test_views),	cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_cpu_seconds), cmocka_unit_test(test_goroutineleak),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
