/* Unit tests for the subcommand table (tui/cmd/commands.c) and the option
 * parser made from it (tui/cmd/cmdopt.c): --help lists exactly what the
 * parser accepts, bad input gives one clear line, gotriage.1 keeps up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/net/http.h"
#include "tui/cmd/cmdopt.h"
#include "tui/cmd/commands.h"

#define MAXARGV 8

/* Parses the words of `line` (split on spaces) as argv after `cmd`. */
static int parse_line(const struct command *c, const char *line, struct cmdargs *a, char **cause,
		      char **store)
{
	static char *argv[MAXARGV + 2]; /* a.pos points into it */
	char *save = NULL, *w;
	int argc = 0;

	*store = xstrdup(line);
	argv[argc++] = (char *)(c->name ? c->name : "gotriage");
	for (w = strtok_r(*store, " ", &save); w != NULL && argc <= MAXARGV;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	return cmdopt_parse(c->name ? c->name : "gotriage", c->opts, c->max_args, argc, argv, a,
			    cause);
}

static char *help_text(const struct command *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	commands_help(f, c);
	fclose(f);
	return text;
}

/* The options --help lists ("  --name ARG  help" lines), as "name ARG". */
static size_t listed(const char *help, char out[][64], size_t max)
{
	size_t n = 0;

	for (const char *p = help; (p = strstr(p, "\n  -")) != NULL && n < max; p++) {
		const char *s = p + 3, *e;

		if (s[1] != '-' && s[2] == ',' && s[3] == ' ') /* "-j, --jobs N" */
			s += 4;
		if (s[1] != '-')
			continue;
		s += 2;
		e = strstr(s, "  ");
		const char *nl = strchr(s, '\n');

		if (e == NULL || (nl != NULL && nl < e))
			e = nl;
		snprintf(out[n++], 64, "%.*s", (int)(e - s), s);
	}
	return n;
}

static const struct command *all_commands(size_t i)
{
	size_t n = 0;

	while (commands_table[n].name != NULL)
		n++;
	return i == 0 ? &commands_console : i <= n ? &commands_table[i - 1] : NULL;
}

static void test_help_lists_exactly_what_parses(void **state)
{
	(void)state;
	for (size_t k = 0; all_commands(k) != NULL; k++) {
		const struct command *c = all_commands(k);
		char *help = help_text(c), got[CMDOPT_MAX][64];
		size_t n = listed(help, got, CMDOPT_MAX);

		assert_int_equal(n, cmdopt_count(c->opts) + 1); /* + --help */
		assert_string_equal(got[n - 1], "help");
		for (size_t i = 0; i + 1 < n; i++) {
			struct cmdargs a;
			char *cause = NULL, *store, line[96], *sp = strchr(got[i], ' ');

			/* "name ARG" as help shows it: the parser takes it with a value. */
			snprintf(line, sizeof line, "--%.*s%s", sp ? (int)(sp - got[i]) : 63,
				 got[i], sp ? " 1" : "");
			if (parse_line(c, line, &a, &cause, &store) != 0)
				fail_msg("%s: --help lists '%s' but the parser said: %s",
					 c->name ? c->name : "console", got[i], cause);
			assert_non_null(a.val[i]);
			free(store);
			/* Without its value it is refused. */
			if (sp != NULL) {
				snprintf(line, sizeof line, "--%.*s", (int)(sp - got[i]), got[i]);
				assert_int_equal(parse_line(c, line, &a, &cause, &store), -1);
				assert_non_null(strstr(cause, "needs a value"));
				free(cause);
				free(store);
			}
		}
		/* Any other command's option this one does not list is refused. */
		for (size_t j = 0; all_commands(j) != NULL; j++)
			for (size_t i = 0; all_commands(j)->opts[i] != NULL; i++) {
				const struct cmdopt *o = all_commands(j)->opts[i];
				char line[96], *cause = NULL, *store, want[80];
				struct cmdargs a;
				int known = 0;

				for (size_t m = 0; m + 1 < n; m++)
					known |= strncmp(got[m], o->name, strlen(o->name)) == 0 &&
						 (got[m][strlen(o->name)] == '\0' ||
						  got[m][strlen(o->name)] == ' ');
				if (known)
					continue;
				snprintf(line, sizeof line, "--%s", o->name);
				assert_int_equal(parse_line(c, line, &a, &cause, &store), -1);
				snprintf(want, sizeof want, "unknown option --%s;", o->name);
				assert_non_null(strstr(cause, want));
				free(cause);
				free(store);
			}
		free(help);
	}
}

/* The drift issue 11 found: options the parsers took that no help named. */
static void test_named_drift_is_gone(void **state)
{
	static const char *const want[][2] = {
	    {"goroutines", "--max-mb N"}, {"goroutines", "--ids N"},
	    {"modules", "--jobs N"},	  {"modules", "--probe-timeout MS"},
	    {"check", "--header NAME"},	  {"listeners", "--timeout MS"},
	    {"scan", "--experiment X,X"}};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		char *help = help_text(commands_find(want[i][0]));

		if (strstr(help, want[i][1]) == NULL)
			fail_msg("gotriage %s --help lacks %s", want[i][0], want[i][1]);
		free(help);
	}
}

static void test_errors_are_one_line(void **state)
{
	static const char *const cases[][3] = {
	    {"goroutines", "--bogus x", "unknown option --bogus; goroutines --help lists them"},
	    {"goroutines", "x --grep", "--grep needs a value (REGEX); "},
	    {"goroutines", "--jso x", "unknown option --jso;"}, /* no abbreviations */
	    {"goroutines", "--json=yes x", "--json takes no value;"},
	    {"goroutines", "-q x", "unknown option -q;"},
	    {"listeners", "1 2", "unexpected argument 2;"},
	    {"report", "--format=md --bogus=1 j", "unknown option --bogus;"},
	    {"replay", "--json j", "unknown option --json;"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct cmdargs a;
		char *cause = NULL, *store;

		assert_int_equal(
		    parse_line(commands_find(cases[i][0]), cases[i][1], &a, &cause, &store), -1);
		if (strstr(cause, cases[i][2]) == NULL)
			fail_msg("'%s %s': got '%s', want '%s'", cases[i][0], cases[i][1], cause,
				 cases[i][2]);
		assert_null(strchr(cause, '\n'));
		free(cause);
		free(store);
	}
}

static void test_values_positionals_and_numbers(void **state)
{
	struct cmdargs a;
	char *cause = NULL, *store;
	long n = 7;

	(void)state;
	assert_int_equal(parse_line(commands_find("goroutines"),
				    "--grep=Serve dump.txt --max-mb 64 --ids 3 --json", &a, &cause,
				    &store),
			 0);
	assert_string_equal(cmdargs_get(&a, "grep"), "Serve");
	assert_int_equal(a.npos, 1);
	assert_string_equal(a.pos[0], "dump.txt");
	assert_true(cmdargs_has(&a, "json"));
	assert_false(cmdargs_has(&a, "loose"));
	assert_int_equal(cmdargs_long(&a, "max-mb", 1, 4096, &n, &cause), 1);
	assert_int_equal(n, 64);
	assert_int_equal(cmdargs_long(&a, "ids", 5, 10, &n, &cause), -1);
	assert_string_equal(cause, "--ids 3: give a whole number from 5 to 10");
	free(cause);
	cause = NULL;
	n = 7;
	assert_int_equal(cmdargs_long(&a, "module", 1, 2, &n, &cause), 0); /* absent */
	assert_int_equal(n, 7);
	free(store);
	/* --help wins over everything else on the line. */
	assert_int_equal(parse_line(commands_find("replay"), "a b --help", &a, &cause, &store), 0);
	assert_true(a.help);
	free(store);
	/* "--" ends the options: a file named like one. */
	assert_int_equal(parse_line(commands_find("buildinfo"), "-- --json", &a, &cause, &store),
			 0);
	assert_false(cmdargs_has(&a, "json"));
	assert_string_equal(a.pos[0], "--json");
	free(store);
}

/* Every option the console and check declare lands somewhere in struct
 * options; a new one without a home fails here, not at a user's prompt. */
static void test_console_and_check_options_land(void **state)
{
	const struct command *cs[] = {&commands_console, commands_find("check")};

	(void)state;
	for (size_t k = 0; k < ARRAY_LEN(cs); k++)
		for (size_t i = 0; cs[k]->opts[i] != NULL; i++) {
			struct options o;

			if (commands_is_net_option(cs[k]->opts[i]))
				continue; /* test_net_limits_apply */
			char *cause = NULL;
			const char *v = strcmp(cs[k]->opts[i]->name, "pid") == 0	  ? "42"
					: strcmp(cs[k]->opts[i]->name, "refresh") == 0	  ? "1.5"
					: strcmp(cs[k]->opts[i]->name, "idle-pause") == 0 ? "600"
					: cs[k]->opts[i]->arg != NULL			  ? "X-Ok"
											  : "";

			options_init(&o);
			if (options_set(&o, cs[k]->opts[i]->name, v, &cause) != 0)
				fail_msg("--%s: %s", cs[k]->opts[i]->name, cause);
		}
}

/* --timeout and friends reach the process-wide HTTP limits; a bad value
 * is a usage error. */
static void test_net_limits_apply(void **state)
{
	struct cmdargs a;
	int status = -1;
	char *argv[] = {"check", "--timeout", "7.5", "--connect-timeout=3", NULL};
	char *bad[] = {"goroutines", "x", "--low-speed-time", "0", NULL};

	(void)state;
	assert_int_equal(commands_parse("check", 4, argv, &a, &status), 1);
	assert_int_equal(http_limits_get()->total_ms, 7500);
	assert_int_equal(http_limits_get()->connect_ms, 3000);
	assert_int_equal(commands_parse("goroutines", 4, bad, &a, &status), 0);
	assert_int_equal(status, 2);
}

static void test_table_is_well_formed(void **state)
{
	(void)state;
	for (size_t k = 0; all_commands(k) != NULL; k++) {
		const struct command *c = all_commands(k);

		assert_non_null(c->summary);
		assert_non_null(c->run);
		assert_null(strchr(c->summary, '\n'));
		assert_true(strlen(c->summary) <= 76);
		if (c != &commands_console)
			assert_ptr_equal(commands_find(c->name), c);
		for (size_t i = 0; c->opts[i] != NULL; i++) {
			assert_null(strchr(c->opts[i]->help, '\n'));
			assert_string_not_equal(c->opts[i]->name, "help");
			for (size_t j = i + 1; c->opts[j] != NULL; j++)
				assert_string_not_equal(c->opts[i]->name, c->opts[j]->name);
		}
	}
}

/* gotriage.1 names every subcommand and every option of the table, and no
 * option the table does not have. */
static void test_man_page_follows_the_table(void **state)
{
	struct buf b;
	char *cause = NULL;

	(void)state;
	buf_init(&b);
	if (read_file_capped("gotriage.1", 1 << 20, &b, NULL, &cause) < 0)
		fail_msg("%s (run from the repository root)", cause);
	for (size_t k = 0; all_commands(k) != NULL; k++) {
		const struct command *c = all_commands(k);
		char want[96];

		if (c->name != NULL) {
			snprintf(want, sizeof want, ".SS \"%s", c->name);
			if (strstr(b.data, want) == NULL)
				fail_msg("gotriage.1 lacks a section for %s", c->name);
		}
		for (size_t i = 0; c->opts[i] != NULL; i++) {
			snprintf(want, sizeof want, "\\-\\-%s", c->opts[i]->name);
			for (char *p = want + 4; *p; p++)
				if (*p == '-') { /* roff escapes every minus */
					memmove(p + 1, p, strlen(p) + 1);
					*p++ = '\\';
				}
			if (strstr(b.data, want) == NULL)
				fail_msg("gotriage.1 lacks --%s (%s)", c->opts[i]->name,
					 c->name ? c->name : "console");
		}
	}
	for (const char *p = b.data; (p = strstr(p, ".B \\-\\-")) != NULL; p++) {
		char name[64];
		size_t n = 0, found = 0;

		for (const char *q = p + 7; (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') ||
					    *q == '\\' || *q == '-';
		     q++)
			if (*q != '\\' && n + 1 < sizeof name)
				name[n++] = *q;
		name[n] = '\0';
		for (size_t k = 0; all_commands(k) != NULL; k++)
			for (size_t i = 0; all_commands(k)->opts[i] != NULL; i++)
				found |= strcmp(all_commands(k)->opts[i]->name, name) == 0;
		if (!found && strcmp(name, "help") != 0)
			fail_msg("gotriage.1 documents --%s, which no parser takes", name);
	}
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_help_lists_exactly_what_parses),
	    cmocka_unit_test(test_named_drift_is_gone),
	    cmocka_unit_test(test_errors_are_one_line),
	    cmocka_unit_test(test_values_positionals_and_numbers),
	    cmocka_unit_test(test_console_and_check_options_land),
	    cmocka_unit_test(test_net_limits_apply),
	    cmocka_unit_test(test_table_is_well_formed),
	    cmocka_unit_test(test_man_page_follows_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
