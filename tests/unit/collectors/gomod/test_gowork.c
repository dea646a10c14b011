/* Unit tests: go.work directives and errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/gomod/gowork.h"

static void test_workfile(void **state)
{
	const char *t = "go 1.22\n"
			"toolchain go1.22.3\n"
			"godebug asynctimerchan=1\n"
			"use (\n\t./svc\n\t\"../lib\"\n)\n"
			"use ./tools // trailing\n"
			"replace example.com/x => ./x\n"
			"replace example.com/y v1.0.0 => example.com/y2 v1.1.0\n"
			"require example.com/z v1.0.0\n" /* 11: not a go.work directive */
			"use\n"				 /* 12 */
			"go 1.23\n";			 /* 13 */
	struct gowork w;
	char *cause = NULL;

	(void)state;
	assert_int_equal(gowork_parse(t, strlen(t), &w, &cause), 0);
	assert_string_equal(w.go, "1.22");
	assert_string_equal(w.toolchain, "go1.22.3");
	assert_int_equal(w.ngodebug, 1);
	assert_int_equal(w.nuse, 3);
	assert_string_equal(w.use[0].dir, "./svc");
	assert_string_equal(w.use[1].dir, "../lib");
	assert_int_equal(w.use[1].line, 6);
	assert_string_equal(w.use[2].dir, "./tools");
	assert_int_equal(w.nreplace, 2);
	assert_null(w.replace[0].old_version);
	assert_string_equal(w.replace[1].new_version, "v1.1.0");
	assert_int_equal(w.issues.n, 3);
	assert_string_equal(w.issues.v[0].msg, "unknown directive: require");
	assert_int_equal(w.issues.v[0].line, 11);
	assert_string_equal(w.issues.v[1].msg, "usage: use local/dir");
	assert_string_equal(w.issues.v[2].msg, "repeated go statement");
	gowork_free(&w);
	assert_int_equal(gowork_parse("use ./a\n", 8, &w, &cause), 0);
	assert_null(w.go);
	assert_non_null(strstr(w.issues.v[0].msg, "no go directive"));
	gowork_free(&w);
	gowork_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_workfile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
