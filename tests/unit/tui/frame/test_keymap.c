/* Unit tests for key binding files: names, sections, errors, fallback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "panes/pane.h"
#include "tui/frame/keymap.h"

static void test_defaults_bind_core_keys(void **state)
{
	struct keymap km = {0};

	(void)state;
	keymap_load_defaults(&km);
	assert_int_equal(keymap_lookup(&km, "overview", 'q'), ACT_QUIT);
	assert_int_equal(keymap_lookup(&km, "overview", '\t'), ACT_NEXT_PANE);
	assert_int_equal(keymap_lookup(&km, "overview", KEY_BTAB), ACT_PREV_PANE);
	assert_int_equal(keymap_lookup(&km, "overview", '?'), ACT_HELP);
	assert_int_equal(keymap_lookup(&km, "overview", '3'), ACT_PANE_3);
	/* Enter arrives as CR in nonl() mode. */
	assert_int_equal(keymap_lookup(&km, "overview", '\r'), ACT_OPEN);
	/* Pane sections win over [global]. */
	assert_int_equal(keymap_lookup(&km, "checklist", 'n'), ACT_NEXT_STEP);
	assert_int_equal(keymap_lookup(&km, "overview", 'n'), ACT_NONE);
	keymap_free(&km);
}

static void test_user_file_overrides(void **state)
{
	struct keymap km = {0};
	const char *user = "# mine\n[global]\nj down\nC-c quit\nq none\n[goroutines]\nF5 refresh\n";
	char *cause = NULL;
	char keys[64];

	(void)state;
	keymap_load_defaults(&km);
	assert_int_equal(keymap_parse(&km, user, strlen(user), "keys", &cause), 0);
	assert_int_equal(keymap_lookup(&km, "overview", 'j'), ACT_DOWN);
	assert_int_equal(keymap_lookup(&km, "overview", 3), ACT_QUIT);
	assert_int_equal(keymap_lookup(&km, "overview", 'q'), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, "goroutines", KEY_F(5)), ACT_REFRESH);
	keymap_keys_for(&km, "overview", ACT_QUIT, keys, sizeof keys);
	assert_string_equal(keys, "C-c");
	keymap_free(&km);
}

static void expect_error_n(const char *text, size_t len, const char *want)
{
	struct keymap km = {0};
	char *cause = NULL;

	keymap_load_defaults(&km);
	assert_int_equal(keymap_parse(&km, text, len, "my.keys", &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("error '%s' lacks '%s'", cause, want);
	/* The defaults are untouched by a bad file. */
	assert_int_equal(keymap_lookup(&km, "overview", 'q'), ACT_QUIT);
	free(cause);
	keymap_free(&km);
}

static void expect_error(const char *text, const char *want)
{
	expect_error_n(text, strlen(text), want);
}

static void test_errors_name_file_line_and_token(void **state)
{
	(void)state;
	expect_error("q quit\nCtrl-x quit\n", "my.keys:2: unknown key 'Ctrl-x'");
	expect_error("\n\nq explode\n", "my.keys:3: unknown action 'explode'");
	expect_error("q\n", "my.keys:1: expected 'KEY ACTION'");
	expect_error("q quit extra\n", "my.keys:1: expected");
	expect_error("[global\nq quit\n", "my.keys:1: bad section header");
	/* A misspelt pane is an error like a misspelt action, not dead lines. */
	expect_error("[routes]\nq quit\n[routs]\nx refresh\n",
		     "my.keys:3: unknown section [routs]");
	{
		struct keymap km = {0};
		const char *t = "[checklist]\nz quit\n[replay]\nz quit\n[goroutines]\nz quit\n";
		char *cause = NULL;

		assert_int_equal(keymap_parse(&km, t, strlen(t), "f", &cause), 0);
		keymap_free(&km);
	}
	expect_error_n("q quit\nx\0y cancel\n", 17, "my.keys:2: NUL byte");
	/* A good first line is not merged when a later line is bad. */
	{
		struct keymap km = {0};
		const char *t = "z quit\nbad key words here\n";
		char *cause = NULL;

		keymap_load_defaults(&km);
		assert_int_equal(keymap_parse(&km, t, strlen(t), "f", &cause), -1);
		assert_int_equal(keymap_lookup(&km, "overview", 'z'), ACT_NONE);
		free(cause);
		keymap_free(&km);
	}
}

static void test_oversized_and_long_lines(void **state)
{
	struct keymap km = {0};
	size_t n = KEYMAP_MAX_FILE + 10;
	char *big = malloc(n), *cause = NULL;

	(void)state;
	memset(big, '#', n);
	assert_int_equal(keymap_parse(&km, big, n, "big", &cause), -1);
	assert_non_null(strstr(cause, "larger than"));
	free(cause);
	cause = NULL;
	memset(big, 'a', 1000);
	assert_int_equal(keymap_parse(&km, big, 1000, "long", &cause), -1);
	assert_non_null(strstr(cause, "line too long"));
	free(cause);
	free(big);
	keymap_free(&km);
}

static void test_key_names_round_trip(void **state)
{
	const char *names[] = {"Space", "Tab", "BTab", "Enter", "Esc", "Up", "PgDn",
			       "F1",	"F12", "C-a",  "C-z",	"x",   "?",  "/"};

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char back[16];
		int code = keymap_key_code(names[i]);

		assert_true(code >= 0);
		keymap_key_name(code, back, sizeof back);
		assert_string_equal(back, names[i]);
	}
	assert_int_equal(keymap_key_code("F13"), -1);
	assert_int_equal(keymap_key_code("C-"), -1);
	assert_int_equal(keymap_key_code(""), -1);
	assert_int_equal(keymap_key_code("\x01"), -1);
}

static void test_vim_keymap_file_loads(void **state)
{
	struct keymap km = {0};
	char *cause = NULL;

	(void)state;
	keymap_load_defaults(&km);
	if (keymap_load_file(&km, "keymaps/vim.keys", &cause) != 0)
		fail_msg("vim.keys: %s", cause);
	assert_int_equal(keymap_lookup(&km, "overview", 'j'), ACT_DOWN);
	assert_int_equal(keymap_lookup(&km, "overview", 'G'), ACT_BOTTOM);
	keymap_free(&km);
}

static const struct pane_ops *pane_named(const char *name)
{
	for (size_t i = 0; pane_registry[i] != NULL; i++)
		if (strcmp(pane_registry[i]->name, name) == 0)
			return pane_registry[i];
	return NULL;
}

static int answers(const struct pane_ops *p, enum action a)
{
	for (size_t i = 0; p->answers != NULL && p->answers[i] != ACT_NONE; i++)
		if (p->answers[i] == a)
			return 1;
	return 0;
}

/* A key bound in a pane's own section must do something in that pane. */
static void test_pane_sections_bind_what_the_pane_answers(void **state)
{
	struct keymap km = {0};
	char *cause = NULL;

	(void)state;
	keymap_load_defaults(&km);
	if (keymap_load_file(&km, "keymaps/vim.keys", &cause) != 0)
		fail_msg("%s", cause);
	for (size_t i = 0; i < km.n; i++) {
		const struct pane_ops *p = pane_named(km.v[i].section);

		if (p != NULL && km.v[i].action != ACT_NONE && !answers(p, km.v[i].action))
			fail_msg("[%s] binds %s, which the pane does not answer", p->name,
				 action_name(km.v[i].action));
	}
	keymap_free(&km);
}

/* The footer hint lists the pane's answers with their keys, and nothing
 * for a pane that answers no keys of its own (the overview). */
static void test_hint_is_made_from_bindings(void **state)
{
	struct keymap km = {0};
	const char *user = "[checklist]\nx confirm\n";
	char hint[256], *cause = NULL;

	(void)state;
	keymap_load_defaults(&km);
	keymap_hint(&km, "checklist", pane_named("checklist")->answers, hint, sizeof hint);
	assert_non_null(strstr(hint, "n next-step"));
	assert_non_null(strstr(hint, "c confirm"));
	assert_null(strstr(hint, "toggle"));
	/* The overview scrolls, and offers nothing to filter or open. */
	keymap_hint(&km, "overview", pane_named("overview")->answers, hint, sizeof hint);
	assert_non_null(strstr(hint, "PgDn page-down"));
	assert_null(strstr(hint, "filter"));
	assert_null(strstr(hint, "open"));
	/* Rebinding shows in the hint. */
	assert_int_equal(keymap_parse(&km, user, strlen(user), "u", &cause), 0);
	keymap_hint(&km, "checklist", pane_named("checklist")->answers, hint, sizeof hint);
	assert_non_null(strstr(hint, "confirm"));
	/* A tiny buffer is cut between entries, never mid-way. */
	keymap_hint(&km, "checklist", pane_named("checklist")->answers, hint, 12);
	assert_true(strlen(hint) < 12);
	keymap_free(&km);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults_bind_core_keys),
	    cmocka_unit_test(test_user_file_overrides),
	    cmocka_unit_test(test_errors_name_file_line_and_token),
	    cmocka_unit_test(test_oversized_and_long_lines),
	    cmocka_unit_test(test_key_names_round_trip),
	    cmocka_unit_test(test_vim_keymap_file_loads),
	    cmocka_unit_test(test_pane_sections_bind_what_the_pane_answers),
	    cmocka_unit_test(test_hint_is_made_from_bindings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
