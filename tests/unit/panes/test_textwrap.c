/* Unit tests for panes/textwrap.c, the panes' one word-wrap: rows never
 * exceed the width in code points, never split a UTF-8 sequence, break at
 * a space in the chunk's second half, and cut a long word hard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panes/textwrap.h"

/* The rows of s at cols, joined with '|'. */
static void rows(const char *s, size_t cols, char *out, size_t outlen)
{
	size_t o = 0;

	out[0] = '\0';
	for (const char *p = s; *p;) {
		size_t n = textwrap_cut(p, cols);

		o += (size_t)snprintf(out + o, outlen - o, "%s%.*s", o ? "|" : "", (int)n, p);
		p = textwrap_skip(p + n);
	}
}

static void test_breaks_at_spaces(void **state)
{
	char out[256];

	(void)state;
	rows("the quick brown fox jumps", 10, out, sizeof out);
	assert_string_equal(out, "the quick|brown fox|jumps");
	rows("fits", 10, out, sizeof out);
	assert_string_equal(out, "fits");
	/* A space exactly at the width ends the row there. */
	rows("abcde fghij", 5, out, sizeof out);
	assert_string_equal(out, "abcde|fghij");
}

static void test_long_word_cut_hard(void **state)
{
	char out[256];

	(void)state;
	/* The only space is in the first half: cut at the width instead. */
	rows("a verylongidentifier", 8, out, sizeof out);
	assert_string_equal(out, "a verylo|ngidenti|fier");
	rows("abcdefghij", 4, out, sizeof out);
	assert_string_equal(out, "abcd|efgh|ij");
}

static void test_utf8_counts_code_points(void **state)
{
	char out[256];
	const char *s = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"; /* 5 x e-acute */

	(void)state;
	assert_int_equal(textwrap_cp_bytes(s, 2), 4);
	assert_int_equal(textwrap_cp_bytes(s, 99), strlen(s));
	rows(s, 2, out, sizeof out);
	assert_string_equal(out, "\xc3\xa9\xc3\xa9|\xc3\xa9\xc3\xa9|\xc3\xa9");
	/* A width of 0 still makes progress. */
	assert_int_equal(textwrap_cut(s, 0), 2);
	assert_int_equal(textwrap_cut("", 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_breaks_at_spaces),
	    cmocka_unit_test(test_long_word_cut_hard),
	    cmocka_unit_test(test_utf8_counts_code_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
