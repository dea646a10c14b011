/* Unit tests for panes/textwrap.c, the panes' one word-wrap: rows never
 * exceed the width in code points, never split a UTF-8 sequence, break at
 * a space in the chunk's second half, and cut a long word hard; and the
 * wrap masks the whole text before it cuts, so a secret split over two
 * rows (a registered value, a --password=X flag, a TOKEN@host URL) shows
 * on neither. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panes/textwrap.h"
#include "tests/unit/panes/leakcheck.h"

/* The rows of s at cols, joined with '|'. */
static void rows(const char *s, size_t cols, char *out, size_t outlen)
{
	struct textwrap tw;
	const char *p;
	size_t o = 0, n;

	out[0] = '\0';
	textwrap_begin(&tw, s);
	while ((p = textwrap_next(&tw, cols, &n)) != NULL)
		o += (size_t)snprintf(out + o, outlen - o, "%s%.*s", o ? "|" : "", (int)n, p);
	textwrap_end(&tw);
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
	struct textwrap tw;
	size_t n = 99;

	(void)state;
	assert_int_equal(textwrap_cp_bytes(s, 2), 4);
	assert_int_equal(textwrap_cp_bytes(s, 99), strlen(s));
	rows(s, 2, out, sizeof out);
	assert_string_equal(out, "\xc3\xa9\xc3\xa9|\xc3\xa9\xc3\xa9|\xc3\xa9");
	/* A width of 0 still makes progress. */
	textwrap_begin(&tw, s);
	assert_non_null(textwrap_next(&tw, 0, &n));
	assert_int_equal(n, 2);
	textwrap_end(&tw);
	/* An empty text is one empty row, then the end. */
	textwrap_begin(&tw, "");
	assert_non_null(textwrap_next(&tw, 5, &n));
	assert_int_equal(n, 0);
	assert_null(textwrap_next(&tw, 5, &n));
	textwrap_end(&tw);
}

/* Wraps text at each width from 8 to 40 and fails when any row, as
 * draw_text() would show it, holds a piece of secret. Returns how many
 * wraps split the secret's place over two rows or more (the test is only
 * worth something when some did). */
static int assert_no_piece(const char *text, const char *secret)
{
	int split = 0;

	for (size_t cols = 8; cols <= 40; cols++) {
		struct textwrap tw;
		const char *p;
		size_t n;
		int nrows = 0;

		textwrap_begin(&tw, text);
		while ((p = textwrap_next(&tw, cols, &n)) != NULL) {
			char *row = strndup(p, n);
			long at = leak_shown(row, secret);

			if (at >= 0)
				fail_msg("at %zu columns, row %d shows \"%.6s\" of the secret: %s",
					 cols, nrows, secret + at, row);
			free(row);
			nrows++;
		}
		textwrap_end(&tw);
		split += nrows > 1;
	}
	return split;
}

static void test_masks_before_it_cuts(void **state)
{
	/* A value learned at start-up (the target's DB_PASSWORD, say). */
	static const char known[] = "Hq7vK2mZp9xR4tLw8nB3cY6dJ1fG5sA0";
	/* A flag value and a URL user that are masked by their form only. */
	static const char flagv[] = "Zq9xWv8uT7sR6pQ5oN4mL3kJ";
	static const char token[] = "ghpAb12Cd34Ef56Gh78Ij90Kl12Mn34Op56";
	char text[512];

	(void)state;
	redact_register_value(known);
	snprintf(text, sizeof text, "the service was started with the key %s and then restarted",
		 known);
	assert_true(assert_no_piece(text, known) > 0);
	snprintf(text, sizeof text, "exec /srv/app --password=%s --port 8080", flagv);
	assert_true(assert_no_piece(text, flagv) > 0);
	snprintf(text, sizeof text, "GOPROXY=https://%s@proxy.corp.example/go,direct", token);
	assert_true(assert_no_piece(text, token) > 0);
	/* Masked text wraps like any other, and keeps the mask whole. */
	{
		char out[256];

		snprintf(text, sizeof text, "key %s end", known);
		rows(text, 14, out, sizeof out);
		assert_string_equal(out, "key [REDACTED]|end");
	}
	redact_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_breaks_at_spaces),
	    cmocka_unit_test(test_long_word_cut_hard),
	    cmocka_unit_test(test_utf8_counts_code_points),
	    cmocka_unit_test(test_masks_before_it_cuts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
