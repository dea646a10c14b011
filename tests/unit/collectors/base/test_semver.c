/* Unit tests: module versions (x/mod/semver) and Go versions (go/version). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "collectors/base/semver.h"

static void test_module_versions(void **state)
{
	char *c;

	(void)state;
	assert_true(semver_valid("v1.2.3"));
	assert_true(semver_valid("v1.2.3-pre.1+build"));
	assert_true(semver_valid("v0.0.0-20230101120000-abcdefabcdef"));
	assert_true(semver_valid("v1"));
	assert_false(semver_valid("v1.2-pre"));
	assert_false(semver_valid("1.2.3"));
	assert_false(semver_valid("v01.2.3"));
	assert_false(semver_valid("v1.2.3-01"));
	assert_false(semver_valid("v1.2.3-"));
	c = semver_canonical("v1.2");
	assert_string_equal(c, "v1.2.0");
	free(c);
	c = semver_canonical("v2.0.0+incompatible");
	assert_string_equal(c, "v2.0.0+incompatible");
	free(c);
	c = semver_canonical("v1.0.0+meta");
	assert_string_equal(c, "v1.0.0");
	free(c);
	assert_true(semver_compare("v1.2.3", "v1.10.0") < 0);
	assert_true(semver_compare("v1.0.0-rc.1", "v1.0.0") < 0);
	assert_true(semver_compare("v1.0.0-alpha", "v1.0.0-alpha.1") < 0);
	assert_true(semver_compare("v1.0.0-2", "v1.0.0-alpha") < 0);
	assert_true(semver_compare("v1.0.0-11", "v1.0.0-2") > 0);
	assert_int_equal(semver_compare("v1.2", "v1.2.0"), 0);
	assert_true(semver_compare("bad", "v0.0.1") < 0);
}

static void test_go_versions(void **state)
{
	(void)state;
	assert_true(semver_go_compare("1.13", "1.14") < 0);
	assert_true(semver_go_compare("1.21", "1.21rc1") < 0);
	assert_true(semver_go_compare("1.21rc1", "1.21.0") < 0);
	assert_true(semver_go_compare("1.21.10", "1.21.9") > 0);
	assert_true(semver_go_compare("", "1.14") < 0);
	assert_true(semver_go_valid("1.21"));
	assert_true(semver_go_valid("1.21.0"));
	assert_true(semver_go_valid("1.21rc1"));
	assert_false(semver_go_valid("1"));
	assert_false(semver_go_valid("1.021"));
	assert_false(semver_go_valid("v1.21"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_module_versions),
	    cmocka_unit_test(test_go_versions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
