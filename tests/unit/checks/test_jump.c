/* Unit tests for the jump-target parser (checks/jump.c) and the catalog's
 * evidence panes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "checks/catalog.h"
#include "checks/jump.h"
#include "checks/verdict.h"

static void test_each_kind(void **state)
{
	struct jump j;

	(void)state;
	assert_int_equal(jump_parse("code:cmd/svc/main.go:42", &j), 0);
	assert_int_equal(j.kind, JUMP_CODE);
	assert_int_equal(j.arg_len, strlen("cmd/svc/main.go"));
	assert_memory_equal(j.arg, "cmd/svc/main.go", j.arg_len);
	assert_int_equal(j.line, 42);
	/* A FILE with ':' in it: the line is after the last ':'. */
	assert_int_equal(jump_parse("code:C:/src/a.go:7 rest", &j), 0);
	assert_int_equal(j.arg_len, strlen("C:/src/a.go"));
	assert_int_equal(j.line, 7);

	assert_int_equal(jump_parse("sym:main.(*srv).run", &j), 0);
	assert_int_equal(j.kind, JUMP_SYM);
	assert_string_equal(j.arg, "main.(*srv).run");

	assert_int_equal(jump_parse("goroutine:18446744073709551615", &j), 0);
	assert_int_equal(j.kind, JUMP_GOROUTINE);
	assert_true(j.id == 18446744073709551615ULL);

	assert_int_equal(jump_parse("filter:fail", &j), 0);
	assert_int_equal(j.kind, JUMP_FILTER);
	assert_string_equal(j.arg, "fail");
	assert_int_equal(jump_parse("filter:", &j), 0); /* clears the filter */
	assert_string_equal(j.arg, "");

	assert_int_equal(jump_parse("check:stale-binary", &j), 0);
	assert_int_equal(j.kind, JUMP_CHECK);
	assert_string_equal(j.arg, "stale-binary");
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {NULL,
					  "",
					  "codex:a.go:1",
					  "code:a.go",
					  "code::12",
					  "code:a.go:",
					  "code:a.go:1x",
					  "code:a.go:999999999999",
					  "goroutine:",
					  "goroutine:x1",
					  "goroutine:12x",
					  "goroutine:99999999999999999999999",
					  "sym:",
					  "check:",
					  "Sym:main",
					  "pane:routes"};
	struct jump j;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (jump_parse(bad[i], &j) != -1)
			fail_msg("'%s' parsed", bad[i] ? bad[i] : "(null)");
		assert_int_equal(j.kind, JUMP_NONE);
	}
}

static void test_evidence_prefixes_and_panes(void **state)
{
	char jump[64];

	(void)state;
	assert_int_equal(jump_evidence_prefix("code:a.go:1 x"), 5);
	assert_int_equal(jump_evidence_prefix("goroutine:1 x"), 10);
	assert_int_equal(jump_evidence_prefix("filter:x"), 0); /* not evidence */
	assert_string_equal(verdict_evidence_text("sym:main.f is missing", jump, sizeof jump),
			    "is missing");
	assert_string_equal(jump, "sym:main.f");
	assert_string_equal(verdict_evidence_text("check:x y", jump, sizeof jump), "check:x y");
	assert_string_equal(jump, "");
	assert_string_equal(jump_default_pane(JUMP_SYM), "buildinfo");
	assert_string_equal(jump_default_pane(JUMP_GOROUTINE), "goroutines");
	assert_null(jump_default_pane(JUMP_CODE));
	/* The checks whose code: evidence is a route, listener or service open
	 * the routes pane; a field of each check, no string test on ids. */
	assert_string_equal(catalog_find("route-not-served")->evidence_pane, "routes");
	assert_string_equal(catalog_find("listener-missing")->evidence_pane, "routes");
	assert_null(catalog_find("embed-path")->evidence_pane);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_kind),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_evidence_prefixes_and_panes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
