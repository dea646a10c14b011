/* Unit tests: slash-path helpers against Go's path/filepath and
 * cmd/go's ShortPath results for the same inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "collectors/base/filepath.h"

static void check(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

static void test_join(void **state)
{
	(void)state;
	check(filepath_join("/a", "b"), "/a/b");
	check(filepath_join("/a/", "b/c"), "/a/b/c");
	check(filepath_join("/a", "/abs"), "/abs");
	check(filepath_join("/a", "../b"), "/a/../b"); /* not cleaned */
}

static void test_clean(void **state)
{
	(void)state;
	check(filepath_clean(""), ".");
	check(filepath_clean("a/../b"), "b");
	check(filepath_clean("a/b/../.."), ".");
	check(filepath_clean("../../a"), "../../a");
	check(filepath_clean("/../a"), "/a");
	check(filepath_clean("//a//./b/"), "/a/b");
	check(filepath_clean("/r/app/../x"), "/r/x");
}

static void test_rel(void **state)
{
	(void)state;
	check(filepath_rel("/a/b", "/a/b"), ".");
	check(filepath_rel("/a/b", "/a/b/c/d"), "c/d");
	check(filepath_rel("/a/b/c", "/a/b"), "..");
	check(filepath_rel("/a/b", "/a/c"), "../c");
	check(filepath_rel("/a", "/ab"), "../ab");
	check(filepath_rel("/", "/x/y"), "x/y");
}

static void test_short(void **state)
{
	(void)state;
	check(filepath_short("/r", "/r/app/go.mod"), "app/go.mod");
	check(filepath_short("/r", "/r"), ".");
	check(filepath_short("/r/app", "/r/go.work"), "/r/go.work");
	check(filepath_short("/r/app", "/s"), "/s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_join),
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_rel),
	    cmocka_unit_test(test_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
