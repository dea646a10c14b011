/* Unit tests: the checklist pane's key handling through its pane_ops, with
 * a recording pane_ctx (no terminal): `r` re-collects exactly the selected
 * step's fact parts (and asks first before a stop-the-world dump of a
 * large service), the filter narrows the steps by id, title or verdict,
 * n/p walk the steps, c/d mark them, and :check names a step or says it
 * does not exist. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"
#include "panes/pane.h"

extern const struct pane_ops checklist_pane;

/* What the pane asked the frame for. */
static unsigned collected;
static int ncollect;
static char status[256], asked[256], last_kind[32], last_mark[32], last_marker[128];
static void (*ask_done)(const char *line, void *arg);
static void *ask_arg;

static void c_collect(struct pane_ctx *ctx, unsigned parts)
{
	(void)ctx;
	collected = parts;
	ncollect++;
}

static void c_status(struct pane_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(status, sizeof status, fmt, ap);
	va_end(ap);
}

static void c_ask(struct pane_ctx *ctx, const char *prompt,
		  void (*done)(const char *line, void *arg), void *arg)
{
	(void)ctx;
	snprintf(asked, sizeof asked, "%s", prompt);
	ask_done = done;
	ask_arg = arg;
}

static void c_record(struct pane_ctx *ctx, const char *kind, cJSON *payload)
{
	cJSON *m = cJSON_GetObjectItem(payload, "mark");

	(void)ctx;
	snprintf(last_kind, sizeof last_kind, "%s", kind);
	snprintf(last_mark, sizeof last_mark, "%s", cJSON_IsString(m) ? m->valuestring : "");
	cJSON_Delete(payload);
}

static void c_marker(struct pane_ctx *ctx, const char *label)
{
	(void)ctx;
	snprintf(last_marker, sizeof last_marker, "%s", label);
}

static void c_note(struct pane_ctx *ctx, const char *id, const char *text)
{
	(void)ctx;
	(void)id;
	(void)text;
}

struct fixture {
	struct pane_ctx ctx;
	struct facts *facts;
	struct verdict *v;
	void *pane;
};

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof *x);

	x->facts = facts_new(NULL);
	x->v = calloc(catalog_len, sizeof *x->v);
	for (size_t i = 0; i < catalog_len; i++)
		verdict_init(&x->v[i]);
	verdict_set(&x->v[catalog_index("gosum-mismatch")], VERDICT_FAIL, "two hashes");
	verdict_set(&x->v[catalog_index("stale-binary")], VERDICT_PASS, "same build");
	x->ctx.facts = x->facts;
	x->ctx.verdicts = x->v;
	x->ctx.nverdicts = catalog_len;
	x->ctx.collect = c_collect;
	x->ctx.status = c_status;
	x->ctx.ask = c_ask;
	x->ctx.record = c_record;
	x->ctx.marker = c_marker;
	x->ctx.note = c_note;
	x->pane = checklist_pane.init(&x->ctx);
	collected = 0;
	ncollect = 0;
	status[0] = asked[0] = last_kind[0] = last_mark[0] = last_marker[0] = '\0';
	ask_done = NULL;
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;

	checklist_pane.destroy(x->pane);
	for (size_t i = 0; i < catalog_len; i++)
		verdict_free(&x->v[i]);
	free(x->v);
	facts_free(x->facts);
	free(x);
	return 0;
}

static int key(struct fixture *x, enum action a)
{
	return checklist_pane.key(x->pane, &x->ctx, a, 0);
}

static void test_refresh_recollects_the_selected_step(void **state)
{
	struct fixture *x = *state;
	size_t i = catalog_index("gosum-mismatch");

	assert_int_equal(checklist_pane.jump(x->pane, &x->ctx, "check:gosum-mismatch"), 0);
	{
		char want[64];

		snprintf(want, sizeof want, "step %zu: gosum-mismatch", i + 1);
		assert_string_equal(last_marker, want);
	}
	assert_int_equal(key(x, ACT_REFRESH), 1);
	assert_int_equal(ncollect, 1);
	assert_int_equal(collected, catalog[i].needs);
	assert_non_null(strstr(status, "re-collecting the evidence of gosum-mismatch"));
}

static void test_refresh_asks_before_a_big_dump(void **state)
{
	struct fixture *x = *state;
	long dump_step = -1;

	for (size_t i = 0; i < catalog_len; i++)
		if (catalog[i].needs & FACT_DUMP) {
			dump_step = (long)i;
			break;
		}
	assert_true(dump_step >= 0);
	x->facts->goroutine_total = 50000;
	{
		char what[96];

		snprintf(what, sizeof what, "check:%s", catalog[dump_step].id);
		assert_int_equal(checklist_pane.jump(x->pane, &x->ctx, what), 0);
	}
	assert_int_equal(key(x, ACT_REFRESH), 1);
	assert_non_null(strstr(asked, "full dump of 50000 goroutines"));
	/* Whatever else the step needs is collected now; never the dump. */
	assert_int_equal(collected & FACT_DUMP, 0);
	assert_non_null(ask_done);
	ask_done("n", ask_arg);
	assert_int_equal(collected & FACT_DUMP, 0);
	assert_non_null(strstr(status, "not fetched"));
	ask_done("y", ask_arg);
	assert_int_equal(collected, FACT_DUMP);
	assert_int_equal(x->facts->allow_full_dump, 2);
}

static void test_filter_and_walk(void **state)
{
	struct fixture *x = *state;

	/* By verdict name: only the failing step is left, and it is selected. */
	assert_int_equal(checklist_pane.jump(x->pane, &x->ctx, "filter:fail"), 0);
	assert_int_equal(key(x, ACT_TOP), 1);
	assert_int_equal(key(x, ACT_OPEN), 1);
	assert_string_equal(last_kind, "step");
	assert_non_null(strstr(last_marker, "gosum-mismatch"));
	/* By id fragment. */
	assert_int_equal(key(x, ACT_BACK), 1);
	assert_int_equal(checklist_pane.jump(x->pane, &x->ctx, "filter:vendor-in"), 0);
	assert_int_equal(key(x, ACT_OPEN), 1);
	assert_non_null(strstr(last_marker, "vendor-inconsistent"));
	/* n walks on to the next step of the catalog, p back. */
	assert_int_equal(key(x, ACT_NEXT_STEP), 1);
	assert_non_null(strstr(last_marker, catalog[catalog_index("vendor-inconsistent") + 1].id));
	assert_int_equal(key(x, ACT_PREV_STEP), 1);
	assert_non_null(strstr(last_marker, "vendor-inconsistent"));
}

static void test_marks_and_unknown_check(void **state)
{
	struct fixture *x = *state;

	assert_int_equal(checklist_pane.jump(x->pane, &x->ctx, "check:devel-build"), 0);
	assert_int_equal(key(x, ACT_CONFIRM), 1);
	assert_string_equal(last_kind, "mark");
	assert_string_equal(last_mark, "confirmed");
	assert_int_equal(key(x, ACT_CONFIRM), 1); /* toggles off */
	assert_string_equal(last_mark, "none");
	assert_int_equal(key(x, ACT_DISMISS), 1);
	assert_string_equal(last_mark, "dismissed");
	assert_int_equal(checklist_pane.jump(x->pane, &x->ctx, "check:no-such-check"), -1);
	assert_string_equal(status, "no check named 'no-such-check'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_refresh_recollects_the_selected_step, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_refresh_asks_before_a_big_dump, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_filter_and_walk, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_marks_and_unknown_check, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
