/* Unit tests: the ":" command language (tui/frame/prompt_cmd.c) and the
 * prompt itself (tui/frame/prompt.c) driven key by key as the frame drives
 * it: real readline, Tab completion from the completion words, history
 * recall with Up, Esc closing without a line, history saved to
 * $XDG_STATE_HOME/gotriage/history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "tui/frame/prompt.h"
#include "tui/frame/prompt_cmd.h"

static void expect(const char *line, enum prompt_cmd_kind kind, const char *word, const char *arg)
{
	struct prompt_cmd c;

	prompt_cmd_parse(line, &c);
	if (c.kind != kind || strcmp(c.word, word) != 0 || strcmp(c.arg, arg) != 0)
		print_error("[%s] -> kind %d word [%s] arg [%s]\n", line ? line : "(null)", c.kind,
			    c.word, c.arg);
	assert_int_equal(c.kind, kind);
	assert_string_equal(c.word, word);
	assert_string_equal(c.arg, arg);
	prompt_cmd_free(&c);
}

static void test_commands(void **state)
{
	(void)state;
	expect("quit", PROMPT_CMD_QUIT, "quit", "");
	expect(":q", PROMPT_CMD_QUIT, "q", "");
	expect("  :goto   goroutines  ", PROMPT_CMD_GOTO, "goto", "goroutines");
	expect("check stale-binary", PROMPT_CMD_CHECK, "check", "stale-binary");
	expect("check\tstale-binary", PROMPT_CMD_CHECK, "check", "stale-binary");
	/* A note keeps its inner spaces, not its outer ones. */
	expect("note  deploy at 10:02,  two pods  ", PROMPT_CMD_NOTE, "note",
	       "deploy at 10:02,  two pods");
	expect("filter http", PROMPT_CMD_FILTER, "filter", "http");
	expect("filter", PROMPT_CMD_FILTER, "filter", ""); /* clears the filter */
	expect("refresh", PROMPT_CMD_REFRESH, "refresh", "");
}

static void test_missing_args_and_unknown(void **state)
{
	(void)state;
	expect("goto", PROMPT_CMD_NEEDS_ARG, "goto", "");
	expect(":check   ", PROMPT_CMD_NEEDS_ARG, "check", "");
	expect("note", PROMPT_CMD_NEEDS_ARG, "note", "");
	expect("frobnicate now", PROMPT_CMD_UNKNOWN, "frobnicate", "now");
	expect("QUIT", PROMPT_CMD_UNKNOWN, "QUIT", ""); /* words are case-sensitive */
	expect("quitx", PROMPT_CMD_UNKNOWN, "quitx", "");
	expect("", PROMPT_CMD_EMPTY, "", "");
	expect("   ", PROMPT_CMD_EMPTY, "", "");
	expect(":", PROMPT_CMD_EMPTY, "", "");
	expect(NULL, PROMPT_CMD_EMPTY, "", "");
	prompt_cmd_free(NULL);
}

/* ---- the readline-driven prompt ----------------------------------------- */

static char got[256];
static int ngot;

static void done(const char *line, void *arg)
{
	(void)arg;
	snprintf(got, sizeof got, "%s", line);
	ngot++;
}

static void type(const char *s)
{
	for (; *s; s++)
		prompt_key((unsigned char)*s);
}

static char statedir[] = "/tmp/gotriage-prompt.XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (mkdtemp(statedir) == NULL)
		return -1;
	setenv("XDG_STATE_HOME", statedir, 1);
	prompt_init();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", statedir);
	return system(cmd);
}

static void test_completion_and_history(void **state)
{
	const char *words[] = {"check", "note", "goto", "goroutines", "stale-binary"};
	char path[256], line[256];
	FILE *f;
	int found = 0;

	(void)state;
	const char *ids[] = {"stale-binary", "devel-build"};

	prompt_set_words(words, ARRAY_LEN(words));
	prompt_set_arg_words("check", ids, ARRAY_LEN(ids));

	/* One match: Tab completes the word. */
	prompt_open(":", done, NULL);
	assert_true(prompt_is_open());
	type("no");
	prompt_key('\t');
	type("first finding");
	assert_int_equal(prompt_key('\r'), 0);
	assert_false(prompt_is_open());
	assert_int_equal(ngot, 1);
	assert_string_equal(got, "note first finding");

	/* One match after a space; then two ("goto", "goroutines"): Tab
	 * completes only their common part. */
	prompt_open(":", done, NULL);
	type("check st");
	prompt_key('\t');
	prompt_key('\n');
	assert_string_equal(got, "check stale-binary ");
	/* After a command with no argument words, Tab adds nothing. */
	prompt_open(":", done, NULL);
	type("goto st");
	prompt_key('\t');
	prompt_key('\n');
	assert_string_equal(got, "goto st");
	prompt_open(":", done, NULL);
	type("g");
	prompt_key('\t');
	prompt_key('\n');
	assert_string_equal(got, "go");

	/* Esc closes without a line. */
	prompt_open(":", done, NULL);
	type("quit");
	assert_int_equal(prompt_key(27), 0);
	assert_false(prompt_is_open());
	assert_int_equal(ngot, 4);

	/* Up recalls the previous line; Backspace edits it. */
	prompt_open(":", done, NULL);
	prompt_key(KEY_UP);
	prompt_key(KEY_BACKSPACE);
	prompt_key('s');
	prompt_key('\n');
	assert_string_equal(got, "gs");

	/* History is written where the contract says. */
	prompt_shutdown();
	snprintf(path, sizeof path, "%s/gotriage/history", statedir);
	assert_string_equal(prompt_history_path(), path);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL)
		if (strcmp(line, "note first finding\n") == 0)
			found = 1;
	fclose(f);
	assert_true(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_commands),
	    cmocka_unit_test(test_missing_args_and_unknown),
	    cmocka_unit_test_setup_teardown(test_completion_and_history, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
