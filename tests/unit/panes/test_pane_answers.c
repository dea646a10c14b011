/* Unit tests over every pane in panes/registry.c, through its pane_ops and
 * a recording pane_ctx (no terminal, no network): `?` and the footer list
 * exactly a pane's `.answers`, so every action listed there must be
 * answered (key() returns 1) in the pane's first state or, for a pane
 * with two views, after Tab switches them, and an action a
 * pane does not list must not be swallowed. Also the routes pane's own
 * keys: r re-collects exactly its parts, / opens a filter that takes raw
 * keys until Esc, and a code: jump before the scan waits for it. */
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

static unsigned collected;
static int ncollect;
static char status[256];

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
	(void)ctx, (void)prompt, (void)done, (void)arg;
}

static void c_record(struct pane_ctx *ctx, const char *kind, cJSON *payload)
{
	(void)ctx, (void)kind;
	cJSON_Delete(payload);
}

static void c_marker(struct pane_ctx *ctx, const char *label)
{
	(void)ctx, (void)label;
}

static void c_note(struct pane_ctx *ctx, const char *id, const char *text)
{
	(void)ctx, (void)id, (void)text;
}

static void c_dirty(struct pane_ctx *ctx)
{
	(void)ctx;
}

static int c_go(struct pane_ctx *ctx, const char *pane, const char *what)
{
	(void)ctx, (void)pane, (void)what;
	return 0;
}

static void c_hint(struct pane_ctx *ctx, char *out, size_t outlen)
{
	(void)ctx;
	if (outlen > 0)
		out[0] = '\0';
}

static void c_adopt(struct pane_ctx *ctx, struct facts *part)
{
	(void)ctx;
	facts_free(part);
}

static unsigned c_collecting(struct pane_ctx *ctx)
{
	(void)ctx;
	return 0;
}

static void c_run_job(struct pane_ctx *ctx, void (*work)(void *), void (*done)(void *), void *arg)
{
	(void)ctx;
	work(arg);
	done(arg);
}

struct fixture {
	struct pane_ctx ctx;
	struct target target;
	struct facts *facts;
	struct verdict *v;
};

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof *x);

	x->facts = facts_new(&x->target);
	x->v = calloc(catalog_len, sizeof *x->v);
	for (size_t i = 0; i < catalog_len; i++)
		verdict_init(&x->v[i]);
	x->ctx.target = &x->target;
	x->ctx.facts = x->facts;
	x->ctx.verdicts = x->v;
	x->ctx.nverdicts = catalog_len;
	x->ctx.refresh_interval = 2;
	x->ctx.remote = 1; /* no service URL: nothing may reach the network */
	x->ctx.dirty = c_dirty;
	x->ctx.status = c_status;
	x->ctx.go = c_go;
	x->ctx.keys_hint = c_hint;
	x->ctx.record = c_record;
	x->ctx.ask = c_ask;
	x->ctx.marker = c_marker;
	x->ctx.collect = c_collect;
	x->ctx.adopt = c_adopt;
	x->ctx.collecting = c_collecting;
	x->ctx.run_job = c_run_job;
	x->ctx.note = c_note;
	collected = 0;
	ncollect = 0;
	status[0] = '\0';
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;

	for (size_t i = 0; i < catalog_len; i++)
		verdict_free(&x->v[i]);
	free(x->v);
	facts_free(x->facts);
	free(x);
	return 0;
}

static int listed(const enum action *ans, enum action a)
{
	for (size_t i = 0; ans != NULL && ans[i] != ACT_NONE; i++)
		if (ans[i] == a)
			return 1;
	return 0;
}

/* Whether a fresh pane answers `a` (after `first`, unless ACT_NONE). */
static int answered(struct fixture *x, const struct pane_ops *ops, enum action a, enum action first)
{
	void *d = ops->init ? ops->init(&x->ctx) : NULL;
	int r;

	if (first != ACT_NONE)
		ops->key(d, &x->ctx, first, 0);
	r = ops->key(d, &x->ctx, a, 0);
	if (ops->destroy)
		ops->destroy(d);
	return r == 1;
}

/* Actions that open something the pane then owns (a filter box, a
 * detail view, a prompt) change its state: each is tried on a fresh pane. */
static void test_every_listed_action_is_answered(void **state)
{
	struct fixture *x = *state;
	size_t npanes = 0;

	for (size_t p = 0; pane_registry[p] != NULL; p++) {
		const struct pane_ops *ops = pane_registry[p];

		npanes++;
		assert_non_null(ops->name);
		if (ops->key == NULL) {
			assert_null(ops->answers);
			continue;
		}
		if (ops->answers == NULL)
			fail_msg("pane %s answers keys but lists none for ? and the footer",
				 ops->name);
		for (size_t i = 0; ops->answers[i] != ACT_NONE; i++) {
			/* Back closes what is open and cancel stops what runs; in
			 * a first state neither exists (test_routes_keys,
			 * test_checklist_keys and test_goroutines_pane open and
			 * start things). */
			if (ops->answers[i] == ACT_BACK || ops->answers[i] == ACT_CANCEL)
				continue;
			/* Sideways scrolling needs an open stack (goroutines);
			 * tests/e2e/goroutines_hscroll.sh presses it there. */
			if (ops->answers[i] == ACT_SCROLL_LEFT ||
			    ops->answers[i] == ACT_SCROLL_RIGHT)
				continue;
			/* The profiles pane's view keys need a fetched profile;
			 * test_profiles_model presses them on a real one. */
			if (ops->answers[i] == ACT_SORT || ops->answers[i] == ACT_SAMPLE_TYPE ||
			    ops->answers[i] == ACT_DIFF || ops->answers[i] == ACT_FLAME)
				continue;
			if (!answered(x, ops, ops->answers[i], ACT_NONE) &&
			    !(listed(ops->answers, ACT_TOGGLE) &&
			      answered(x, ops, ops->answers[i], ACT_TOGGLE)))
				fail_msg("pane %s lists action %s but answers it in neither view",
					 ops->name, action_name(ops->answers[i]));
		}
		/* Quit, help and pane switching belong to the frame: no pane
		 * may swallow them. */
		for (enum action a = ACT_QUIT; a <= ACT_PREV_PANE; a++) {
			void *d = ops->init ? ops->init(&x->ctx) : NULL;

			if (!listed(ops->answers, a) && ops->key(d, &x->ctx, a, 0) != 0)
				fail_msg("pane %s swallows %s", ops->name, action_name(a));
			if (ops->destroy)
				ops->destroy(d);
		}
	}
	assert_true(npanes >= 6);
}

static const struct pane_ops *pane_named(const char *name)
{
	for (size_t p = 0; pane_registry[p] != NULL; p++)
		if (strcmp(pane_registry[p]->name, name) == 0)
			return pane_registry[p];
	fail_msg("no pane %s", name);
	return NULL;
}

static void test_routes_keys(void **state)
{
	struct fixture *x = *state;
	const struct pane_ops *r = pane_named("routes");
	void *d = r->init(&x->ctx);

	assert_int_equal(r->key(d, &x->ctx, ACT_REFRESH, 'r'), 1);
	assert_int_equal(ncollect, 1);
	assert_int_equal(collected, FACT_REPO | FACT_ROUTES | FACT_GRPC);
	assert_non_null(strstr(status, "re-scanning"));

	/* "/" opens the filter: raw keys go to it until Esc. */
	assert_int_equal(r->wants_text(d), 0);
	assert_int_equal(r->key(d, &x->ctx, ACT_FILTER, '/'), 1);
	assert_int_equal(r->wants_text(d), 1);
	assert_int_equal(r->key(d, &x->ctx, ACT_BACK, 27), 1);
	assert_int_equal(r->wants_text(d), 0);

	/* A code: jump before the repo was scanned lands when the scan does. */
	status[0] = '\0';
	assert_int_equal(r->jump(d, &x->ctx, "code:internal/api/refunds.go:12"), 0);
	assert_non_null(strstr(status, "internal/api/refunds.go:12 is selected when it lands"));
	assert_int_equal(r->jump(d, &x->ctx, "sym:main.main"), -1);
	r->destroy(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_every_listed_action_is_answered, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_routes_keys, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
