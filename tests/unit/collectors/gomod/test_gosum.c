/* Unit tests: go.sum lines, conflicts, malformed and hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/gomod/gosum.h"

static void test_lines(void **state)
{
	const char *t = "a.org/b v1.0.0 h1:AAA=\n"
			"a.org/b v1.0.0/go.mod h1:BBB=\n"
			"\n"
			"bad line\n"
			"a.org/b v1.0.0 h1:CCC=\r\n"
			"c.org/d v0.1.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n"
			"e.org/f v1.0.0 h2:zzz\n"
			"x y z w\n"
			"last v1.0.0 h1:DDD=";
	struct gosum s;
	char *cause = NULL;
	const struct gosum_entry *e;

	(void)state;
	assert_int_equal(gosum_parse(t, strlen(t), &s, &cause), 0);
	assert_int_equal(s.n, 5); /* the empty-go.mod hash line is dropped, like Go */
	e = gosum_find(&s, "a.org/b", "v1.0.0", 0);
	assert_string_equal(e->hash, "h1:AAA=");
	assert_int_equal(e->line, 1);
	e = gosum_find(&s, "a.org/b", "v1.0.0", 1);
	assert_string_equal(e->hash, "h1:BBB=");
	e = gosum_conflict(&s, "a.org/b", "v1.0.0", 0);
	assert_non_null(e);
	assert_string_equal(e->hash, "h1:CCC=");
	assert_int_equal(e->line, 5);
	assert_null(gosum_conflict(&s, "a.org/b", "v1.0.0", 1));
	assert_null(gosum_find(&s, "c.org/d", "v0.1.0", 1));
	assert_null(gosum_find(&s, "e.org/f", "v1.0.0", 0)); /* not h1 */
	assert_non_null(gosum_find(&s, "last", "v1.0.0", 0));
	assert_int_equal(s.issues.n, 3);
	assert_int_equal(s.issues.v[0].line, 4);
	assert_string_equal(s.issues.v[0].msg, "wrong number of fields 2");
	assert_int_equal(s.issues.v[2].line, 8);
	gosum_free(&s);
	gosum_free(NULL);
}

static void test_hostile(void **state)
{
	struct gosum s;
	char *cause = NULL;
	char bin[300];

	(void)state;
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 37);
	assert_int_equal(gosum_parse(bin, sizeof bin, &s, &cause), 0);
	gosum_free(&s);
	assert_int_equal(gosum_parse("a\0b c d\n", 8, &s, &cause), 0);
	assert_int_equal(s.n, 0);
	gosum_free(&s);
	assert_int_equal(gosum_parse("x", (size_t)GOSUM_MAX_BYTES + 1, &s, &cause), -1);
	assert_non_null(strstr(cause, "cap"));
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
