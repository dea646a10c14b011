/* Unit tests for secret masking: names, flags, URL userinfo, learned
 * values, and the registry under two threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/redact.h"

static void assert_masked(const char *in, const char *secret)
{
	char *r = redact_text(in);

	if (strstr(r, secret) != NULL || strstr(r, REDACTED) == NULL)
		fail_msg("not masked: [%s] -> [%s]", in, r);
	free(r);
}

static void assert_kept(const char *in)
{
	char *r = redact_text(in);

	if (strcmp(r, in) != 0)
		fail_msg("changed: [%s] -> [%s]", in, r);
	free(r);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(redact_is_secret_name("DB_PASS"));
	assert_true(redact_is_secret_name("GITHUB_PAT"));
	assert_true(redact_is_secret_name("DATABASE_DSN"));
	assert_true(redact_is_secret_name("SENTRY_DSN"));
	assert_true(redact_is_secret_name("AWS_CREDENTIALS_FILE"));
	assert_true(redact_is_secret_name("BASIC_AUTH"));
	assert_true(redact_is_secret_name("SSH_PRIVATE"));
	assert_true(redact_is_secret_name("SIGNINGKEY"));
	assert_true(redact_is_secret_name("--api-token"));
	assert_true(redact_is_secret_name("-password"));
	assert_true(redact_is_secret_name("api_key"));
	/* Not secrets: GODEBUG settings, PATH, module patterns. */
	assert_false(redact_is_secret_name("x509keypairleaf"));
	assert_false(redact_is_secret_name("httpcookiemaxnum"));
	assert_false(redact_is_secret_name("PATH"));
	assert_false(redact_is_secret_name("GOPATH"));
	assert_false(redact_is_secret_name("PASSIVE_MODE"));
	assert_false(redact_is_secret_name("GOPRIVATE"));
}

static void test_godebug_kept(void **state)
{
	(void)state;
	assert_kept("GODEBUG=x509keypairleaf=0,httpcookiemaxnum=3000");
	assert_kept("ssh://git@github.com/org/repo");
}

static void test_url_userinfo(void **state)
{
	(void)state;
	redact_reset();
	assert_masked("GOPROXY=https://ghp_Zq81TokenOnly9@proxy.example/", "ghp_Zq81TokenOnly9");
	assert_masked("https://bob:hunter2pass@db.example/x", "hunter2pass");
	/* Learned: the token is masked wherever it appears later. */
	assert_masked("note: I pasted ghp_Zq81TokenOnly9 into the ticket", "ghp_Zq81TokenOnly9");
	assert_masked("the password was hunter2pass", "hunter2pass");
	redact_reset();
	assert_kept("the password was hunter2pass");
}

static void test_argv(void **state)
{
	const char *argv[] = {
	    "/srv/app",	 "-api-token",	  "tok-1234-abcd", "--password=pw-9876-zyx",
	    "-password", "second-pw-555", "-verbose",	   "-addr",
	    ":8080"};

	(void)state;
	redact_reset();
	redact_register_argv(argv, 9);
	assert_masked("/srv/app -api-token tok-1234-abcd --password=pw-9876-zyx", "tok-1234-abcd");
	assert_masked("--password=pw-9876-zyx", "pw-9876-zyx");
	assert_masked("-password second-pw-555", "second-pw-555");
	assert_kept("-addr :8080 -verbose");
	redact_reset();
}

static void *reader(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++)
		free(redact_text("some text with secret-value-0001 and https://u:p4ss@h/"));
	return NULL;
}

/* Values are learned on a worker while the main thread masks (run under
 * -fsanitize=thread or valgrind --tool=helgrind to see races). */
static void test_threads(void **state)
{
	pthread_t t;
	char v[32];

	(void)state;
	redact_reset();
	pthread_create(&t, NULL, reader, NULL);
	for (int i = 0; i < 2000; i++) {
		snprintf(v, sizeof v, "secret-value-%04d", i);
		redact_register_value(v);
	}
	pthread_join(t, NULL);
	assert_masked("secret-value-1999", "secret-value-1999");
	redact_reset();
}

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

/* A name is a label only where it labels a value: a file named passwd in
 * an error (Go's "OP PATH: ERR", a path's last element) is not one;
 * the same word starting a config line, a flag or a query field is. */
static void test_labels_only_where_they_label(void **state)
{
	(void)state;
	/* Not labels: each keeps its words. */
	assert_kept("open /etc/passwd: permission denied");
	assert_kept("stat /run/secrets/db_password: no such file or directory");
	assert_kept("config: open passwd: permission denied");
	assert_kept("lstat token: no such file or directory");
	assert_kept("rename /tmp/a /home/u/.secret: file exists");
	assert_kept("C:\\Users\\u\\password: access denied");
	assert_kept("GET /v1/token=abc is not a route");
	/* Labels: masked, whatever precedes them. */
	assert_masked("passwd: hunter2", "hunter2");
	assert_masked("  password: hunter2\n  user: bob", "hunter2");
	assert_masked("db:\n  passwd: hunter2", "hunter2");
	assert_masked("password=hunter2", "hunter2");
	assert_masked("login failed, password=hunter2", "hunter2");
	assert_masked("app --password=hunter2 -v", "hunter2");
	assert_masked("GET /login?user=bob&password=hunter2", "hunter2");
	assert_masked("spring.datasource.password: hunter2", "hunter2");
	assert_masked("db passwd: hunter2", "hunter2");
	assert_masked("{token: hunter2}", "hunter2");
	/* An error on one line and a secret on the next: only the secret goes. */
	{
		char *r = redact_text("open /etc/passwd: permission denied\npasswd: hunter2");

		assert_non_null(strstr(r, "open /etc/passwd: permission denied\n"));
		assert_null(strstr(r, "hunter2"));
		free(r);
	}
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

/* A JSON document written whole (the facts document): every string at any
 * depth masked by value and by form; names, numbers, booleans and nulls
 * untouched, and clean strings left as they were. */
static void test_json_strings(void **state)
{
	static const char doc[] =
	    "{\"process\":{\"argv\":[\"/srv/app\",\"-api-token\",\"tokVal-8c7b6a5f\"],"
	    "\"auth\":true,\"pid\":42,\"exe\":null},"
	    "\"buildinfo\":{\"settings\":\"-ldflags=-X main.stamp=tokVal-8c7b6a5f\"},"
	    "\"proxy\":\"https://ghpUserOnlyTok1234567@proxy.example/\",\"plain\":\"hello\"}";
	const char *const argv[] = {"/srv/app", "-api-token", "tokVal-8c7b6a5f"};
	cJSON *o = cJSON_Parse(doc);
	char *s;

	(void)state;
	assert_non_null(o);
	redact_register_argv(argv, 3);
	redact_json_strings(o);
	s = cJSON_PrintUnformatted(o);
	assert_null(strstr(s, "tokVal"));
	assert_null(strstr(s, "ghpUserOnlyTok"));
	assert_non_null(strstr(s, "\"-api-token\",\"[REDACTED]\""));
	assert_non_null(strstr(s, "main.stamp=[REDACTED]"));
	assert_non_null(strstr(s, "\"auth\":true,\"pid\":42,\"exe\":null"));
	assert_non_null(strstr(s, "\"plain\":\"hello\""));
	free(s);
	cJSON_Delete(o);
	redact_json_strings(NULL);
	redact_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_godebug_kept),
	    cmocka_unit_test(test_url_userinfo),
	    cmocka_unit_test(test_argv),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_register_while_redacting),
	    cmocka_unit_test(test_headers),
	    cmocka_unit_test(test_named_values_and_urls),
	    cmocka_unit_test(test_registered_values),
	    cmocka_unit_test(test_labels_only_where_they_label),
	    cmocka_unit_test(test_json_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
