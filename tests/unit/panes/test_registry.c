/* Unit tests: the check catalog's jump targets against panes/registry.c.
 * A check's .evidence_pane must name a registered pane that takes code:
 * jumps (the routes pane resolves a code: line to its route, listener,
 * gRPC service or middleware Use); the panes jump_default_pane() names
 * for sym: and goroutine: must exist and take their kind; and the checks
 * whose code: evidence is a registration (a route, a listener, a gRPC
 * service, a middleware Use, a commit's added or removed registration)
 * name that pane, so Enter on the line opens where the fact is shown. */
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
#include "checks/jump.h"
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

static const struct pane_ops *pane_named(const char *name)
{
	for (size_t p = 0; pane_registry[p] != NULL; p++)
		if (strcmp(pane_registry[p]->name, name) == 0)
			return pane_registry[p];
	return NULL;
}

/* Whether a fresh pane takes the jump (its jump callback returns 0). */
static int takes(struct fixture *x, const struct pane_ops *ops, const char *what)
{
	void *d;
	int r;

	if (ops->jump == NULL)
		return 0;
	d = ops->init ? ops->init(&x->ctx) : NULL;
	r = ops->jump(d, &x->ctx, what);
	if (ops->destroy)
		ops->destroy(d);
	return r == 0;
}

static void test_evidence_panes_take_code_jumps(void **state)
{
	struct fixture *x = *state;
	size_t named = 0;

	for (size_t i = 0; i < catalog_len; i++) {
		const struct check *c = &catalog[i];
		const struct pane_ops *ops;

		if (c->evidence_pane == NULL)
			continue;
		named++;
		ops = pane_named(c->evidence_pane);
		if (ops == NULL)
			fail_msg("check %s: evidence_pane \"%s\" is not a registered pane", c->id,
				 c->evidence_pane);
		if (!takes(x, ops, "code:internal/api/refunds.go:12"))
			fail_msg("check %s: pane %s does not take code: jumps", c->id, ops->name);
	}
	assert_true(named > 0);
}

static void test_default_panes_take_their_kind(void **state)
{
	struct fixture *x = *state;
	static const struct {
		enum jump_kind kind;
		const char *what;
	} kinds[] = {{JUMP_SYM, "sym:main.main"}, {JUMP_GOROUTINE, "goroutine:1"}};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		const char *name = jump_default_pane(kinds[i].kind);
		const struct pane_ops *ops = name != NULL ? pane_named(name) : NULL;

		if (ops == NULL)
			fail_msg("%s: default pane %s is not registered", kinds[i].what,
				 name ? name : "(none)");
		if (!takes(x, ops, kinds[i].what))
			fail_msg("pane %s does not take %s", ops->name, kinds[i].what);
	}
	/* And a pane that shows no source does not claim code: lines. */
	assert_false(takes(x, pane_named("goroutines"), "code:a.go:1"));
	assert_false(takes(x, pane_named("buildinfo"), "code:a.go:1"));
}

/* The checks whose code: lines are registrations the routes pane lists
 * (repo_checks.c, serve_checks.c, and stale_binary.c: per-commit
 * registrations); every other check's code: lines (go statements, imports
 * "C", plugin.Open, //go:embed, WatchConfig) are shown by no pane and
 * leave evidence_pane NULL, so Enter puts the location on the status line. */
static void test_registration_evidence_opens_routes(void **state)
{
	static const char *const registrations[] = {
	    "stale-binary",	    "route-excluded-by-build", "route-not-served",
	    "grpc-service-missing", "listener-missing",	       "middleware-order",
	};
	size_t want = sizeof registrations / sizeof registrations[0];

	(void)state;
	for (size_t i = 0; i < catalog_len; i++) {
		const struct check *c = &catalog[i];
		int reg = 0;

		for (size_t k = 0; k < want; k++)
			reg |= strcmp(registrations[k], c->id) == 0;
		if (reg && (c->evidence_pane == NULL || strcmp(c->evidence_pane, "routes") != 0))
			fail_msg("check %s: its code: lines are registrations shown in the routes "
				 "pane, but evidence_pane is %s",
				 c->id, c->evidence_pane ? c->evidence_pane : "NULL");
		if (!reg && c->evidence_pane != NULL)
			fail_msg("check %s: evidence_pane %s, but no pane shows its code: lines",
				 c->id, c->evidence_pane);
	}
	for (size_t k = 0; k < want; k++)
		if (catalog_find(registrations[k]) == NULL)
			fail_msg("%s is not in the catalog", registrations[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_evidence_panes_take_code_jumps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_default_panes_take_their_kind, setup, teardown),
	    cmocka_unit_test(test_registration_evidence_opens_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
