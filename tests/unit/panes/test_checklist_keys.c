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
#include "tests/unit/panes/leakcheck.h"
#include "tests/unit/panes/screenshot.h"

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

static void c_keys_hint(struct pane_ctx *ctx, char *out, size_t outlen)
{
	(void)ctx;
	snprintf(out, outlen, "Esc back");
}

static unsigned c_collecting(struct pane_ctx *ctx)
{
	(void)ctx;
	return 0;
}

/* A secret that the step's detail wraps over two lines (in the summary,
 * in an evidence line, in the engineer's note) must show on no line of
 * the screen: the detail is wrapped from the masked text, not masked row
 * by row by draw_text() (which would see only halves). Three forms: a
 * value learned from the target's environment, a --password= flag, and a
 * token as URL userinfo. Drawn on a real curses window, read back. */
static void test_detail_masks_before_wrapping(void **state)
{
	static const char known[] = "Hq7vK2mZp9xR4tLw8nB3cY6dJ1fG5sA0";
	static const char flagv[] = "Zq9xWv8uT7sR6pQ5oN4mL3kJ";
	static const char token[] = "ghpAb12Cd34Ef56Gh78Ij90Kl12Mn34Op56";
	const char *secrets[] = {known, flagv, token};
	struct fixture *x = *state;
	struct verdict *v = &x->v[catalog_index("stale-binary")];
	struct shot s;
	char note[128];
	int seen_mask = 0;

	x->ctx.keys_hint = c_keys_hint;
	x->ctx.collecting = c_collecting;
	redact_register_value(known);
	verdict_set(v, VERDICT_FAIL, "the service was started with the key %s and still runs",
		    known);
	verdict_evidence(v, "started as /srv/app --password=%s --port 8080", flagv);
	verdict_evidence(v, "GOPROXY=https://%s@proxy.corp.example/go,direct", token);
	assert_int_equal(checklist_pane.jump(x->pane, &x->ctx, "check:stale-binary"), 0);
	assert_int_equal(key(x, ACT_NOTE), 1);
	assert_non_null(ask_done);
	snprintf(note, sizeof note, "rotated: the old key was %s", known);
	ask_done(note, ask_arg);
	if (shot_open(&s, 60, 40) < 0) {
		shot_close(&s);
		skip();
	}
	checklist_pane.draw(x->pane, &x->ctx, s.w, s.rows, s.cols);
	for (int y = 0; y < s.rows; y++) {
		char *row = shot_row(&s, y);

		seen_mask += strstr(row, "[REDACTED]") != NULL;
		for (size_t k = 0; k < 3; k++) {
			long at = leak_piece_in(row, secrets[k]);

			if (at >= 0) {
				shot_close(&s);
				fail_msg("row %d shows \"%.6s\" of a secret: %s", y,
					 secrets[k] + at, row);
			}
		}
		free(row);
	}
	shot_close(&s);
	/* The secrets were on the screen, masked (not scrolled off). */
	assert_true(seen_mask >= 4);
	redact_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_refresh_recollects_the_selected_step, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_refresh_asks_before_a_big_dump, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_filter_and_walk, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_marks_and_unknown_check, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_detail_masks_before_wrapping, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
