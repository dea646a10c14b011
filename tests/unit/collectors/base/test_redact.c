/* Unit tests for collectors/base/redact.c: the three masking rules, and
 * registering on one thread while another redacts (the console registers
 * the target's environment on its worker thread; run under `make tsan` this
 * test reports the race if the registry loses its lock). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collectors/base/redact.h"

static void test_rules(void **state)
{
	static const char env[] = "HOME=/root\0API_TOKEN=tok-1234abcd\0PATH=/bin\0";
	char *s;

	(void)state;
	redact_reset();
	redact_register_environ_block(env, sizeof env - 1);
	s = redact_text("auth failed with tok-1234abcd for /root");
	assert_string_equal(s, "auth failed with " REDACTED " for /root");
	free(s);
	s = redact_text("GOPROXY=https://bob:hunter22@proxy.example/");
	assert_null(strstr(s, "hunter22"));
	free(s);
	s = redact_text("DB_PASSWORD=swordfish other=1");
	assert_string_equal(s, "DB_PASSWORD=" REDACTED " other=1");
	free(s);
	redact_reset();
}

#define NVALUES 3000

static void *register_many(void *arg)
{
	char v[32];

	(void)arg;
	for (int i = 0; i < NVALUES; i++) {
		snprintf(v, sizeof v, "secret-%05d", i);
		redact_register_value(v);
	}
	return NULL;
}

static void test_register_while_redacting(void **state)
{
	pthread_t t;
	char line[64];

	(void)state;
	redact_reset();
	assert_int_equal(pthread_create(&t, NULL, register_many, NULL), 0);
	for (int i = 0; i < 400; i++) {
		char *s = redact_text("nothing to hide here, secret-00000 maybe");

		assert_non_null(s);
		free(s);
	}
	pthread_join(t, NULL);
	for (int i = 0; i < NVALUES; i += 97) {
		char *s;

		snprintf(line, sizeof line, "x secret-%05d y", i);
		s = redact_text(line);
		assert_string_equal(s, "x " REDACTED " y");
		free(s);
	}
	redact_reset();
}

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
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_register_while_redacting),
	    cmocka_unit_test(test_headers),
	    cmocka_unit_test(test_named_values_and_urls),
	    cmocka_unit_test(test_registered_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
