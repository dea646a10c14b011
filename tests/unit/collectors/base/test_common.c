/* Unit tests: buffers, capped reads, the sanitiser and redaction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/base/common.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

static void test_buf_grows(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
	assert_int_equal(b.data[b.len], '\0');
	buf_free(&b);
}

static void test_read_capped(void **state)
{
	char path[] = "/tmp/gt-unit-XXXXXX";
	int fd = mkstemp(path), trunc = 0;
	struct buf b;
	char *cause = NULL;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	close(fd);
	buf_init(&b);
	assert_int_equal(read_file_capped(path, 4, &b, &trunc, &cause), 0);
	assert_int_equal(b.len, 4);
	assert_int_equal(trunc, 1);
	assert_int_equal(read_file_capped(path, 100, &b, &trunc, &cause), 0);
	assert_int_equal(b.len, 10);
	assert_int_equal(trunc, 0);
	unlink(path);
	assert_int_equal(read_file_capped(path, 100, &b, &trunc, &cause), -1);
	assert_non_null(strstr(cause, "No such file"));
	free(cause);
	buf_free(&b);
}

static void test_sanitize_escapes(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	sanitize_append(&b, "a\x1b[2Jb\x07\xff\xc3\xa9\xc2\x9b", 12, 0);
	assert_string_equal(b.data, "a\\x1b[2Jb\\x07\xef\xbf\xbd\xc3\xa9\\x9b");
	buf_reset(&b);
	sanitize_append(&b, "\xc3\xa9t\xe2\x80\xae", 6, 1);
	assert_string_equal(b.data, "?t?");
	buf_reset(&b);
	/* Overlong NUL and a surrogate are invalid UTF-8. */
	sanitize_append(&b, "\xc0\x80\xed\xa0\x80", 5, 0);
	assert_int_equal(strncmp(b.data, "\xef\xbf\xbd\xef\xbf\xbd", 6), 0);
	buf_free(&b);
}

static void test_redact(void **state)
{
	char *s;

	(void)state;
	redact_reset();
	assert_true(redact_is_secret_name("GITHUB_TOKEN"));
	assert_true(redact_is_secret_name("db_password"));
	assert_false(redact_is_secret_name("GOPRIVATE"));
	assert_false(redact_is_secret_name("HOME"));
	redact_register_environ_block("HOME=/root\0API_TOKEN=s3cr3tvalue\0", 33);
	s = redact_text("got s3cr3tvalue twice: s3cr3tvalue");
	assert_string_equal(s, "got " REDACTED " twice: " REDACTED);
	free(s);
	s = redact_text("GOPROXY=https://bob:hunter2@proxy.corp/,direct");
	assert_string_equal(s, "GOPROXY=https://bob:" REDACTED "@proxy.corp/,direct");
	free(s);
	s = redact_text("AWS_SECRET_ACCESS_KEY=abc HOME=/x");
	assert_string_equal(s, "AWS_SECRET_ACCESS_KEY=" REDACTED " HOME=/x");
	free(s);
	/* A secret that is a substring of the mask must not loop. */
	redact_register_value("DACT");
	s = redact_text("xDACTx");
	assert_string_equal(s, "x" REDACTED "x");
	free(s);
	redact_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_grows),
	    cmocka_unit_test(test_read_capped),
	    cmocka_unit_test(test_sanitize_escapes),
	    cmocka_unit_test(test_redact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
