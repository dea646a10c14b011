/* Unit tests: redact_text() on the shapes secrets take in what gotriage
 * shows and records: HTTP headers (with an authentication scheme before
 * the credential), cookies, NAME=value, URLs with a password, and values
 * registered from the target's environment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/redact.h"

static void masks(const char *in, const char *want)
{
	char *s = redact_text(in);

	if (strcmp(s, want) != 0)
		print_error("[%s] -> [%s]\n", in, s);
	assert_string_equal(s, want);
	free(s);
}

static void test_headers(void **state)
{
	(void)state;
	redact_reset();
	/* The scheme and the credential after it go together (the credential
	 * used to stay visible: only "Bearer" was masked). */
	masks("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig x",
	      "Authorization: " REDACTED " x");
	masks("authorization: basic dXNlcjpwYXNz", "authorization: " REDACTED);
	masks("Proxy-Authorization: Negotiate YII=", "Proxy-Authorization: " REDACTED);
	/* A bare credential after the name is masked whole. */
	masks("X-Api-Key: k-7777", "X-Api-Key: " REDACTED);
	masks("Cookie: session=abc123; theme=dark", "Cookie: " REDACTED "; theme=dark");
	/* Names that are not secret keep their values. */
	masks("Content-Length: 1234", "Content-Length: 1234");
	masks("Host: 127.0.0.1:8080", "Host: 127.0.0.1:8080");
}

static void test_named_values_and_urls(void **state)
{
	(void)state;
	redact_reset();
	masks("DB_PASSWORD=hunter2 PORT=5432", "DB_PASSWORD=" REDACTED " PORT=5432");
	masks("GOPRIVATE=*.corp.example", "GOPRIVATE=*.corp.example");
	masks("GOPROXY=https://bob:hunter2@proxy.corp/,direct",
	      "GOPROXY=https://bob:" REDACTED "@proxy.corp/,direct");
	masks("https://proxy.corp/path", "https://proxy.corp/path");
}

static void test_registered_values(void **state)
{
	(void)state;
	redact_reset();
	redact_register_value("abc"); /* too short to mask safely */
	redact_register_environ_block("HOME=/root\0SESSION_SECRET=s3cr3tvalue\0", 38);
	masks("got s3cr3tvalue in a log line abc", "got " REDACTED " in a log line abc");
	redact_reset();
	masks("got s3cr3tvalue", "got s3cr3tvalue");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_headers),
	    cmocka_unit_test(test_named_values_and_urls),
	    cmocka_unit_test(test_registered_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
