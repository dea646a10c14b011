/* Unit tests: the session journal writer (lines, redaction, paths, kills). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collectors/base/common.h"
#include "tui/record/journal.h"
#include "tui/record/journalread.h"
#include "collectors/base/redact.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/gt-journal-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	redact_reset();
	return 0;
}

static char *slurp(const char *path)
{
	struct buf b;
	char *cause = NULL;

	buf_init(&b);
	assert_int_equal(read_file_capped(path, 64 * MIB, &b, NULL, &cause), 0);
	return buf_steal(&b);
}

/* Every line ends in a newline and is a JSON object with t, ts and kind. */
static size_t check_lines(const char *text)
{
	size_t n = 0;
	const char *p = text;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		cJSON *o;

		assert_non_null(nl);
		o = cJSON_ParseWithLength(p, (size_t)(nl - p));
		assert_non_null(o);
		assert_true(cJSON_IsObject(o));
		assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "t")));
		assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "kind")));
		cJSON_Delete(o);
		n++;
		p = nl + 1;
	}
	return n;
}

static void test_write_and_read_back(void **state)
{
	char *path = xasprintf("%s/sub/dir/s.jsonl", dir), *cause = NULL, *text;
	struct journal_info info = {"host1", "alice", "http://127.0.0.1:8080"};
	struct journal *j;
	struct journalread jr;
	struct verdict v;
	struct journal_attach at = {.target = "http://127.0.0.1:8080",
				    .binary = "/usr/bin/demo",
				    .revision = "abc123",
				    .pid = 4242};
	struct journal_fetch f = {.what = "goroutines",
				  .url = "http://127.0.0.1:8080/x",
				  .summary = "12 goroutines",
				  .size = 2048,
				  .duration = 0.0123,
				  .status = 200};
	cJSON *extra = cJSON_CreateObject();
	struct stat st;

	(void)state;
	/* An explicit path's directory is not created: a typo is an error. */
	assert_int_equal(journal_open(path, &info, &j, &cause), -1);
	assert_null(j);
	assert_non_null(strstr(cause, "does not exist"));
	free(cause);
	cause = NULL;
	{
		char *sub = xasprintf("%s/sub", dir), *subdir = xasprintf("%s/sub/dir", dir);
		struct stat sst;

		assert_int_equal(stat(sub, &sst), -1); /* nothing was created */
		assert_int_equal(mkdir(sub, 0700), 0);
		assert_int_equal(mkdir(subdir, 0700), 0);
		free(sub);
		free(subdir);
	}
	assert_int_equal(journal_open(path, &info, &j, &cause), 0);
	assert_string_equal(journal_path(j), path);
	assert_int_equal(journal_attach(j, &at), 0);
	assert_int_equal(journal_fetch(j, &f), 0);
	verdict_init(&v);
	verdict_set(&v, VERDICT_FAIL, "pprof is exposed on %s", "0.0.0.0:6060");
	verdict_evidence(&v, "GET /debug/pprof/ -> 200 text/html");
	verdict_evidence(&v, "code:main.go:12 import _ \"net/http/pprof\"");
	assert_int_equal(journal_verdict(j, "pprof-exposed", &v, "bind it to 127.0.0.1"), 0);
	verdict_free(&v);
	assert_int_equal(journal_pane(j, "goroutines"), 0);
	assert_int_equal(journal_key(j, "refresh", "goroutines"), 0);
	assert_int_equal(journal_command(j, "grep semacquire"), 0);
	assert_int_equal(journal_note(j, "line 1\nline \"2\"", "pprof-exposed"), 0);
	assert_int_equal(journal_resize(j, 120, 40), 0);
	/* Payload fields named like the envelope are ignored. */
	cJSON_AddStringToObject(extra, "kind", "forged");
	cJSON_AddNumberToObject(extra, "t", -5);
	cJSON_AddStringToObject(extra, "x", "y");
	assert_int_equal(journal_event(j, "custom", extra), 0);
	cJSON_Delete(extra);
	assert_int_equal(journal_events(j), 9);
	assert_null(journal_error(j));
	assert_int_equal(journal_close(j, "SIGHUP"), 0);

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = slurp(path);
	assert_int_equal(check_lines(text), 11);
	free(text);

	assert_int_equal(journalread_load(path, &jr, &cause), 0);
	assert_non_null(jr.header);
	assert_int_equal(jr.format, JOURNAL_FORMAT);
	assert_string_equal(journalread_str(jr.header, "tool_version"), GOTRIAGE_VERSION);
	assert_string_equal(journalread_str(jr.header, "host"), "host1");
	assert_string_equal(journalread_str(jr.header, "user"), "alice");
	assert_string_equal(journalread_str(jr.header, "target"), "http://127.0.0.1:8080");
	assert_non_null(journalread_str(jr.header, "started"));
	assert_int_equal(jr.n_events, 10);
	assert_int_equal(jr.garbage, 0);
	assert_int_equal(jr.unknown, 1); /* "custom" */
	assert_string_equal(journalread_kind(jr.events[0]), "attach");
	assert_true(journalread_num(jr.events[0], "pid", 0) == 4242);
	assert_string_equal(journalread_str(jr.events[1], "summary"), "12 goroutines");
	assert_true(journalread_num(jr.events[1], "size", 0) == 2048);
	assert_string_equal(journalread_str(jr.events[2], "verdict"), "fail");
	assert_string_equal(journalread_str(jr.events[2], "remedy"), "bind it to 127.0.0.1");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(jr.events[2], "evidence")), 2);
	/* The key line waited in memory; the command wrote it first. */
	assert_string_equal(journalread_kind(jr.events[4]), "key");
	assert_string_equal(journalread_kind(jr.events[5]), "command");
	assert_true(journalread_t(jr.events[4]) <= journalread_t(jr.events[5]));
	assert_string_equal(journalread_str(jr.events[6], "text"), "line 1\nline \"2\"");
	assert_string_equal(journalread_str(jr.events[6], "check"), "pprof-exposed");
	assert_string_equal(journalread_kind(jr.events[8]), "custom");
	assert_string_equal(journalread_str(jr.events[8], "x"), "y");
	assert_true(journalread_t(jr.events[8]) >= 0);
	assert_string_equal(journalread_kind(jr.events[9]), "end");
	assert_string_equal(journalread_str(jr.events[9], "reason"), "SIGHUP");
	for (size_t i = 1; i < jr.n_events; i++)
		assert_true(journalread_t(jr.events[i]) >= journalread_t(jr.events[i - 1]));
	journalread_free(&jr);
	free(path);
}

static void test_secrets_never_written(void **state)
{
	char *path = xasprintf("%s/secret.jsonl", dir), *cause = NULL, *text;
	const char *secret = "hunter2-Zq9-very-secret";
	const char *quoted = "pa\"ss\\wo rd";
	struct journal_info info = {"h", "u", "https://bob:topsecretpw@example.com/"};
	struct journal *j;
	struct journalread jr;
	cJSON *o = cJSON_CreateObject();
	struct journal_fetch f = {.what = "vars",
				  .url = "http://admin:adminpw1@10.0.0.1/debug/vars",
				  .summary = "env has hunter2-Zq9-very-secret",
				  .size = -1};

	(void)state;
	redact_register_value(secret);
	redact_register_value(quoted);
	assert_int_equal(journal_open(path, &info, &j, &cause), 0);
	assert_int_equal(journal_note(j, "the token was hunter2-Zq9-very-secret, oops", NULL), 0);
	assert_int_equal(journal_command(j, "set GITHUB_TOKEN=ghp_abcdefgh123"), 0);
	assert_int_equal(journal_fetch(j, &f), 0);
	assert_int_equal(journal_note(j, "quoted: pa\"ss\\wo rd end", NULL), 0);
	cJSON_AddStringToObject(o, "API_KEY", "k-123456789");
	cJSON_AddNumberToObject(o, "db_password", 987654321987.0);
	cJSON_AddItemToObject(o, "nested", cJSON_CreateStringArray((const char *[]){secret}, 1));
	assert_int_equal(journal_event(j, "custom", o), 0);
	cJSON_Delete(o);
	assert_int_equal(journal_close(j, NULL), 0);

	text = slurp(path);
	assert_null(strstr(text, secret));
	assert_null(strstr(text, "topsecretpw"));
	assert_null(strstr(text, "adminpw1"));
	assert_null(strstr(text, "ghp_abcdefgh123"));
	assert_null(strstr(text, "k-123456789"));
	assert_null(strstr(text, "987654321987"));
	assert_null(strstr(text, "pa\\\"ss\\\\wo rd")); /* its JSON-escaped form */
	assert_non_null(strstr(text, REDACTED));
	check_lines(text);
	free(text);

	/* Decoded, too: nothing in any string field holds a secret. */
	assert_int_equal(journalread_load(path, &jr, &cause), 0);
	for (size_t i = 0; i < jr.n_events; i++) {
		char *s = cJSON_PrintUnformatted(jr.events[i]);
		const cJSON *txt = cJSON_GetObjectItem(jr.events[i], "text");

		assert_null(strstr(s, secret));
		if (cJSON_IsString(txt))
			assert_null(strstr(txt->valuestring, quoted));
		free(s);
	}
	assert_string_equal(journalread_str(jr.events[0], "text"),
			    "the token was [REDACTED], oops");
	journalread_free(&jr);
	free(path);
}

static void test_default_path(void **state)
{
	char *state_home = xasprintf("%s/state", dir), *cause = NULL, *d1, *d2;
	struct journal_info info = {"web-01.example", "u", "http://10.1.2.3:6060/"};
	struct journal *a, *b;
	struct stat st;

	(void)state;
	setenv("XDG_STATE_HOME", state_home, 1);
	assert_int_equal(journal_open(NULL, &info, &a, &cause), 0);
	assert_int_equal(journal_open(NULL, &info, &b, &cause), 0);
	d1 = xstrdup(journal_path(a));
	d2 = xstrdup(journal_path(b));
	assert_true(str_has_prefix(d1, state_home));
	assert_non_null(strstr(d1, "/gotriage/sessions/"));
	assert_non_null(strstr(d1, "Z-web-01.example-10.1.2.3_6060"));
	assert_true(str_has_suffix(d1, ".jsonl"));
	/* Two sessions in the same second never share a file. */
	assert_string_not_equal(d1, d2);
	assert_int_equal(journal_close(a, NULL), 0);
	assert_int_equal(journal_close(b, NULL), 0);
	*strrchr(d1, '/') = '\0';
	assert_int_equal(stat(d1, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(d1);
	free(d2);

	/* A relative XDG_STATE_HOME is ignored, as the XDG spec says. */
	setenv("XDG_STATE_HOME", "relative/path", 1);
	setenv("HOME", state_home, 1);
	d1 = journal_default_dir();
	assert_true(str_has_prefix(d1, state_home));
	assert_true(str_has_suffix(d1, "/.local/state/gotriage/sessions"));
	free(d1);
	unsetenv("XDG_STATE_HOME");
	free(state_home);
}

static void test_appends_to_explicit_path(void **state)
{
	char *path = xasprintf("%s/twice.jsonl", dir), *cause = NULL;
	struct journal *j;
	struct journalread jr;

	(void)state;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(journal_open(path, NULL, &j, &cause), 0);
		assert_int_equal(journal_pane(j, "overview"), 0);
		assert_int_equal(journal_close(j, "quit"), 0);
	}
	assert_int_equal(journalread_load(path, &jr, &cause), 0);
	assert_int_equal(jr.extra_headers, 1);
	assert_int_equal(jr.n_events, 5);
	journalread_free(&jr);
	free(path);
}

static void test_write_errors(void **state)
{
	struct journal *j = NULL;
	char *cause = NULL;

	(void)state;
	/* /dev/full accepts the open and fails every write with ENOSPC. */
	assert_int_equal(journal_open("/dev/full", NULL, &j, &cause), -1);
	assert_null(j);
	assert_non_null(strstr(cause, "No space"));
	free(cause);
	cause = NULL;
	assert_int_equal(journal_open("/proc/definitely/not/here.jsonl", NULL, &j, &cause), -1);
	assert_non_null(cause);
	free(cause);
	assert_int_equal(journal_close(NULL, "quit"), 0);
	assert_int_equal(journal_event(NULL, "x", NULL), -1);
}

/* Complete lines in the file at path so far (0 while it does not exist). */
static size_t lines_in(const char *path)
{
	char chunk[4096];
	size_t n = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	while ((got = read(fd, chunk, sizeof chunk)) > 0)
		for (ssize_t i = 0; i < got; i++)
			n += chunk[i] == '\n';
	close(fd);
	return n;
}

/* SIGKILL at an arbitrary moment leaves only complete lines behind.
 * The kill waits until the child has written its header and a few
 * notes (each line is fsync'ed, which a busy disk or a
 * ThreadSanitizer build can make slow), so it lands inside the
 * writing loop whatever the machine's speed, not before the first
 * line. */
static void test_survives_sigkill(void **state)
{
	char *path = xasprintf("%s/killed.jsonl", dir), *cause = NULL, *text;
	struct journalread jr;
	double deadline;
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct journal *j;

		if (journal_open(path, NULL, &j, NULL) < 0)
			_exit(1);
		for (int i = 0;; i++)
			journal_note(j, "a note that is long enough to take a moment to write out",
				     NULL);
	}
	deadline = now_mono() + 60;
	while (lines_in(path) < 4 && now_mono() < deadline && waitpid(pid, &status, WNOHANG) == 0)
		usleep(10 * 1000);
	usleep((useconds_t)(getpid() % 7) * 1000); /* somewhere in a write */
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	assert_true(WIFSIGNALED(status));
	text = slurp(path);
	assert_true(check_lines(text) >= 2);
	free(text);
	assert_int_equal(journalread_load(path, &jr, &cause), 0);
	assert_non_null(jr.header);
	assert_true(jr.n_events >= 1);
	assert_int_equal(jr.garbage, 0);
	assert_int_equal(jr.truncated_tail, 0);
	journalread_free(&jr);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_write_and_read_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_secrets_never_written, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_default_path, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_appends_to_explicit_path, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_write_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_survives_sigkill, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
