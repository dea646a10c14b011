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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_register_while_redacting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
