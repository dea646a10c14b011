/* Unit tests for collectors/runtime/textline.c, the line and number
 * reading gprofile.c and memstats.c share: CRLF and a missing last newline,
 * decimals at the edge of uint64_t, literals that run past the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "collectors/runtime/textline.h"

static void test_lines(void **state)
{
	const char buf[] = "a\r\n\nbc\nlast";
	const char *t = buf, *end = buf + strlen(buf), *s;
	size_t n;

	(void)state;
	assert_true(textline_next(&t, end, &s, &n));
	assert_int_equal(n, 1);
	assert_memory_equal(s, "a", 1);
	assert_true(textline_next(&t, end, &s, &n));
	assert_int_equal(n, 0);
	assert_true(textline_next(&t, end, &s, &n));
	assert_int_equal(n, 2);
	assert_memory_equal(s, "bc", 2);
	assert_true(textline_next(&t, end, &s, &n));
	assert_int_equal(n, 4);
	assert_memory_equal(s, "last", 4);
	assert_false(textline_next(&t, end, &s, &n));
	t = buf;
	assert_false(textline_next(&t, buf, &s, &n)); /* empty input: no line */
}

static void test_decimals(void **state)
{
	const char *max = "18446744073709551615", *over = "18446744073709551616";
	uint64_t v = 7;
	size_t i = 0;

	(void)state;
	assert_true(textline_dec(max, strlen(max), &i, &v));
	assert_true(v == UINT64_MAX);
	assert_int_equal(i, strlen(max));
	i = 0;
	v = 7;
	assert_false(textline_dec(over, strlen(over), &i, &v));
	assert_int_equal(i, 0);
	assert_true(v == 7);
	assert_false(textline_dec("x1", 2, &i, &v));
	i = 1;
	assert_true(textline_dec("x12y", 4, &i, &v));
	assert_true(v == 12);
	assert_int_equal(i, 3);
	i = 0; /* the length bounds the digits, not the NUL */
	assert_true(textline_dec("123", 2, &i, &v));
	assert_true(v == 12);
}

static void test_literals(void **state)
{
	size_t i = 0;

	(void)state;
	assert_true(textline_lit("heap profile: 1", 15, &i, "heap profile: "));
	assert_int_equal(i, 14);
	assert_false(textline_lit("heap profile: 1", 15, &i, "1 more"));
	assert_int_equal(i, 14);
	i = 0;
	assert_false(textline_lit("hea", 3, &i, "heap"));
	assert_int_equal(i, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_decimals),
	    cmocka_unit_test(test_literals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
