/* Unit tests for the catalog: the table is whole and in docs/failure-modes.md
 * order, --only parses, and every check reaches a verdict on empty facts
 * (saying what is missing) without collecting anything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"

static const char *const walk_order[] = {
    "stale-binary",
    "devel-build",
    "route-excluded-by-build",
    "route-not-served",
    "grpc-service-missing",
    "listener-missing",
    "ticker-without-consumer",
    "config-reload-no-effect",
    "middleware-order",
    "init-goroutine",
    "sumdb-disabled",
    "gosum-mismatch",
    "goproxy-unreachable",
    "vendor-inconsistent",
    "cgo-disabled",
    "workspace-shadowing",
    "plugin-mismatch",
    "embed-path",
};

static void test_table_is_whole_and_ordered(void **state)
{
	(void)state;
	assert_int_equal(catalog_len, sizeof walk_order / sizeof walk_order[0]);
	for (size_t i = 0; i < catalog_len; i++) {
		const struct check *c = &catalog[i];

		assert_string_equal(c->id, walk_order[i]);
		assert_non_null(c->run);
		assert_true(strlen(c->title) > 5);
		assert_true(c->question[strlen(c->question) - 1] == '?');
		assert_true(strlen(c->by_hand) > 3);
		assert_true(strlen(c->remedy) > 40);
		assert_true(c->needs != 0);
		assert_true(c->chapter >= 0 && c->chapter <= 3);
		assert_true(i == 0 || catalog[i - 1].chapter <= c->chapter);
		assert_ptr_equal(catalog_find(c->id), c);
	}
	assert_null(catalog_find("no-such-check"));
	assert_int_equal(catalog_index(walk_order[catalog_len - 1]), catalog_len - 1);
}

static void test_select(void **state)
{
	unsigned char sel[64];
	char *cause = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(catalog_select(NULL, sel, &cause), 0);
	for (size_t i = 0; i < catalog_len; i++)
		n += sel[i];
	assert_int_equal(n, catalog_len);
	assert_int_equal(catalog_select("embed-path, stale-binary", sel, &cause), 0);
	assert_int_equal(sel[0], 1);
	assert_int_equal(sel[catalog_index("embed-path")], 1);
	assert_int_equal(sel[1], 0);
	assert_int_equal(catalog_select("stale-binary,bogus", sel, &cause), -1);
	assert_non_null(strstr(cause, "'bogus'"));
	free(cause);
}

/* Nothing attached, nothing collected: every check must still conclude,
 * and an unknown must say what is missing. */
static void test_every_check_concludes_on_empty_facts(void **state)
{
	struct target t;
	struct facts *f;

	(void)state;
	memset(&t, 0, sizeof t);
	t.repo = "/nonexistent";
	f = facts_new(&t);
	for (size_t i = 0; i < catalog_len; i++) {
		struct verdict v;

		verdict_init(&v);
		catalog_run(&catalog[i], f, &v);
		if (v.kind == VERDICT_NONE)
			fail_msg("%s reached no verdict", catalog[i].id);
		if (v.kind == VERDICT_UNKNOWN && (v.missing == NULL || strlen(v.missing) < 10))
			fail_msg("%s is unknown without saying what is missing", catalog[i].id);
		if (v.kind == VERDICT_PASS || v.kind == VERDICT_FAIL)
			fail_msg("%s judged %s without evidence", catalog[i].id,
				 verdict_name(v.kind));
		verdict_free(&v);
	}
	facts_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_is_whole_and_ordered),
	    cmocka_unit_test(test_select),
	    cmocka_unit_test(test_every_check_concludes_on_empty_facts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
