/* Unit tests: the journal reader on cut, garbled, foreign and oversized input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/record/journalread.h"

#define HEADER                                                                                     \
	"{\"kind\":\"header\",\"format\":1,\"tool\":\"gotriage\",\"t\":0,\"ts\":1700000000}\n"

static int parse(const char *s, struct journalread *jr)
{
	char *cause = NULL;
	int rc = journalread_parse(s, strlen(s), jr, &cause);

	free(cause);
	return rc;
}

static void test_clean_journal(void **state)
{
	struct journalread jr;
	const char *s =
	    HEADER "{\"t\":0.5,\"ts\":1700000000.5,\"kind\":\"attach\",\"target\":\"x\"}\n"
		   "{\"t\":1.25,\"kind\":\"note\",\"text\":\"hi\"}\n";

	(void)state;
	assert_int_equal(parse(s, &jr), 0);
	assert_non_null(jr.header);
	assert_int_equal(jr.format, 1);
	assert_int_equal(jr.n_events, 2);
	assert_string_equal(journalread_kind(jr.events[0]), "attach");
	assert_string_equal(journalread_str(jr.events[1], "text"), "hi");
	assert_true(journalread_t(jr.events[1]) == 1.25);
	assert_int_equal(jr.garbage, 0);
	assert_int_equal(jr.truncated_tail, 0);
	assert_int_equal(jr.unknown, 0);
	assert_int_equal(jr.lines, 3);
	journalread_free(&jr);
}

static void test_truncated_tail(void **state)
{
	struct journalread jr;
	const char *s = HEADER "{\"t\":1,\"kind\":\"note\",\"text\":\"a\"}\n{\"t\":2,\"kind\":\"no";

	(void)state;
	assert_int_equal(parse(s, &jr), 0);
	assert_int_equal(jr.n_events, 1);
	assert_int_equal(jr.truncated_tail, 1);
	assert_int_equal(jr.garbage, 0);
	journalread_free(&jr);

	/* A complete last line without its newline is not a cut line. */
	assert_int_equal(parse(HEADER "{\"t\":1,\"kind\":\"end\"}", &jr), 0);
	assert_int_equal(jr.n_events, 1);
	assert_int_equal(jr.truncated_tail, 0);
	journalread_free(&jr);
}

static void test_garbage_lines(void **state)
{
	struct journalread jr;
	const char *s = HEADER "{\"t\":1,\"kind\":\"note\"}\n"
			       "this is not json\n"
			       "[1,2,3]\n"
			       "{\"t\":2,\"no_kind\":1}\n"
			       "{\"t\":3,\"kind\":\"pane\"} trailing\n"
			       "{\"t\":4,\"kind\":7}\n"
			       "\n   \n"
			       "{\"t\":5,\"kind\":\"end\"}\r\n";

	(void)state;
	assert_int_equal(parse(s, &jr), 0);
	assert_int_equal(jr.n_events, 2);
	assert_int_equal(jr.garbage, 5);
	assert_int_equal(jr.first_garbage, 3);
	assert_string_equal(journalread_kind(jr.events[1]), "end");
	journalread_free(&jr);
}

static void test_newer_version_unknown_kinds(void **state)
{
	struct journalread jr;
	const char *s = "{\"kind\":\"header\",\"format\":3,\"t\":0}\n"
			"{\"t\":1,\"kind\":\"hologram\",\"x\":1}\n"
			"{\"t\":2,\"kind\":\"note\",\"text\":\"n\"}\n"
			"{\"t\":3,\"kind\":\"hologram\"}\n"
			"{\"t\":4,\"kind\":\"telepathy\"}\n";

	(void)state;
	assert_int_equal(parse(s, &jr), 0);
	assert_int_equal(jr.format, 3);
	assert_true(jr.format > JOURNAL_FORMAT);
	assert_int_equal(jr.n_events, 4); /* unknown kinds are kept */
	assert_int_equal(jr.unknown, 3);
	assert_int_equal(jr.unknown_kinds.n, 2);
	assert_string_equal(jr.unknown_kinds.v[0], "hologram");
	assert_string_equal(jr.unknown_kinds.v[1], "telepathy");
	journalread_free(&jr);
}

static void test_oversized_line(void **state)
{
	struct journalread jr;
	struct buf b;
	char *cause = NULL;

	(void)state;
	buf_init(&b);
	buf_adds(&b, HEADER "{\"t\":1,\"kind\":\"note\",\"text\":\"");
	for (size_t i = 0; i < JOURNALREAD_MAX_LINE; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "\"}\n{\"t\":2,\"kind\":\"end\"}\n");
	assert_int_equal(journalread_parse(b.data, b.len, &jr, &cause), 0);
	assert_int_equal(jr.oversized, 1);
	assert_int_equal(jr.garbage, 1);
	assert_int_equal(jr.n_events, 1);
	journalread_free(&jr);
	buf_free(&b);
}

static void test_rejects_nothing_usable(void **state)
{
	struct journalread jr;
	char *cause = NULL;
	const char bin[] = "\x7f"
			   "ELF\0\0\x01\x02\n\xff\xfe{\"kind\n\0\0";

	(void)state;
	assert_int_equal(journalread_parse("", 0, &jr, &cause), -1);
	assert_non_null(strstr(cause, "empty"));
	free(cause);
	cause = NULL;
	journalread_free(&jr);
	assert_int_equal(journalread_parse(bin, sizeof bin - 1, &jr, &cause), -1);
	assert_non_null(strstr(cause, "no line"));
	free(cause);
	journalread_free(&jr);
}

static void test_nul_inside_line(void **state)
{
	struct journalread jr;
	const char s[] =
	    HEADER "{\"t\":1,\"kind\":\"note\",\"text\":\"a\0b\"}\n{\"t\":2,\"kind\":\"end\"}\n";
	char *cause = NULL;

	(void)state;
	assert_int_equal(journalread_parse(s, sizeof s - 1, &jr, &cause), 0);
	assert_int_equal(jr.n_events + jr.garbage, 2);
	journalread_free(&jr);
}

static void test_no_header_and_extra_header(void **state)
{
	struct journalread jr;

	(void)state;
	assert_int_equal(parse("{\"t\":1,\"kind\":\"note\"}\n" HEADER, &jr), 0);
	assert_null(jr.header);
	assert_int_equal(jr.extra_headers, 1);
	assert_int_equal(jr.n_events, 2);
	journalread_free(&jr);
	assert_int_equal(parse(HEADER "{\"t\":1,\"kind\":\"end\"}\n" HEADER, &jr), 0);
	assert_non_null(jr.header);
	assert_int_equal(jr.extra_headers, 1);
	journalread_free(&jr);
}

static void test_times(void **state)
{
	struct journalread jr;

	(void)state;
	assert_int_equal(parse("{\"t\":-1,\"kind\":\"a\"}\n{\"t\":1e300,\"kind\":\"b\"}\n"
			       "{\"t\":\"x\",\"kind\":\"c\"}\n{\"t\":7.5,\"kind\":\"d\"}\n",
			       &jr),
			 0);
	assert_true(journalread_t(jr.events[0]) == -1);
	assert_true(journalread_t(jr.events[1]) == -1);
	assert_true(journalread_t(jr.events[2]) == -1);
	assert_true(journalread_t(jr.events[3]) == 7.5);
	assert_true(journalread_num(jr.events[3], "missing", 42) == 42);
	assert_null(journalread_str(jr.events[3], "t"));
	journalread_free(&jr);
}

static void test_load_capped_and_missing(void **state)
{
	char path[] = "/tmp/gt-jr-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	struct journalread jr;
	char *cause = NULL;
	size_t n = 0;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(HEADER, f);
	while (n < JOURNALREAD_MAX_FILE + 4096) {
		n += (size_t)fprintf(
		    f, "{\"t\":%zu,\"kind\":\"note\",\"text\":\"padding padding\"}\n", n);
	}
	fclose(f);
	assert_int_equal(journalread_load(path, &jr, &cause), 0);
	assert_int_equal(jr.capped, 1);
	assert_true(jr.n_events > 1000);
	assert_int_equal(jr.garbage, 0);
	journalread_free(&jr);
	unlink(path);
	assert_int_equal(journalread_load(path, &jr, &cause), -1);
	assert_non_null(strstr(cause, path));
	free(cause);
	journalread_free(&jr);
	journalread_free(NULL);
}

static void test_known_kinds(void **state)
{
	(void)state;
	assert_true(journalread_kind_known("verdict"));
	assert_true(journalread_kind_known("end"));
	assert_false(journalread_kind_known("hologram"));
	assert_false(journalread_kind_known(NULL));
	assert_non_null(strstr(journalread_known_kinds(), "resize"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean_journal),
	    cmocka_unit_test(test_truncated_tail),
	    cmocka_unit_test(test_garbage_lines),
	    cmocka_unit_test(test_newer_version_unknown_kinds),
	    cmocka_unit_test(test_oversized_line),
	    cmocka_unit_test(test_rejects_nothing_usable),
	    cmocka_unit_test(test_nul_inside_line),
	    cmocka_unit_test(test_no_header_and_extra_header),
	    cmocka_unit_test(test_times),
	    cmocka_unit_test(test_load_capped_and_missing),
	    cmocka_unit_test(test_known_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
