/* Unit tests: go.mod lexer and parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/gomod/gomod.h"

static const char *issue_text(const struct gomod *m, int line)
{
	for (size_t i = 0; i < m->issues.n; i++)
		if (m->issues.v[i].line == line)
			return m->issues.v[i].msg;
	return NULL;
}

static void parse(const char *text, struct gomod *m)
{
	char *cause = NULL;

	assert_int_equal(gomod_parse(text, strlen(text), m, &cause), 0);
	assert_null(cause);
}

static void test_full_file(void **state)
{
	const char *text = "// header comment\n"
			   "module \"example.com/svc\" // trailing\n"
			   "\n"
			   "go 1.21\n"
			   "toolchain go1.22.1\n"
			   "godebug default=go1.21\n"
			   "godebug (\n\tpanicnil=1\n)\n"
			   "require example.com/a v1.2.3\n"
			   "require (\n"
			   "\texample.com/b v0.1.0 // indirect\n"
			   "\t\"example.com/c\" v2.0.0+incompatible // indirect; via b\n"
			   "\texample.com/d v1.0.0 // indirectly not\n"
			   "\n"
			   "\t// comment inside\n"
			   "\texample.com/e v1.5 \n"
			   ")\n"
			   "exclude example.com/a v1.2.2\n"
			   "replace example.com/a => ../a\n"
			   "replace (\n"
			   "\texample.com/b v0.1.0 => example.com/b2 v0.2.0\n"
			   ")\n"
			   "// Bad release.\n"
			   "retract v1.0.1\n"
			   "retract [v1.1.0, v1.1.9] // broken range\n"
			   "tool example.com/a/cmd/gen\n"
			   "ignore ./node_modules\n";
	struct gomod m;

	(void)state;
	parse(text, &m);
	assert_int_equal(m.issues.n, 0);
	assert_string_equal(m.module, "example.com/svc");
	assert_int_equal(m.module_line, 2);
	assert_string_equal(m.go, "1.21");
	assert_int_equal(m.go_line, 4);
	assert_string_equal(m.toolchain, "go1.22.1");
	assert_int_equal(m.ngodebug, 2);
	assert_string_equal(m.godebug[1].key, "panicnil");
	assert_int_equal(m.nrequire, 5);
	assert_string_equal(m.require[0].path, "example.com/a");
	assert_int_equal(m.require[0].indirect, 0);
	assert_int_equal(m.require[1].indirect, 1);
	assert_int_equal(m.require[1].line, 12);
	assert_string_equal(m.require[2].path, "example.com/c");
	assert_string_equal(m.require[2].version, "v2.0.0+incompatible");
	assert_int_equal(m.require[2].indirect, 1);
	assert_int_equal(m.require[3].indirect, 0);
	assert_string_equal(m.require[4].version, "v1.5.0"); /* canonicalised */
	assert_int_equal(m.nexclude, 1);
	assert_int_equal(m.nreplace, 2);
	assert_null(m.replace[0].old_version);
	assert_string_equal(m.replace[0].new_path, "../a");
	assert_null(m.replace[0].new_version);
	assert_string_equal(m.replace[1].old_version, "v0.1.0");
	assert_string_equal(m.replace[1].new_version, "v0.2.0");
	assert_int_equal(m.nretract, 2);
	assert_string_equal(m.retract[0].rationale, "Bad release.");
	assert_string_equal(m.retract[1].low, "v1.1.0");
	assert_string_equal(m.retract[1].high, "v1.1.9");
	assert_string_equal(m.retract[1].rationale, "broken range");
	assert_int_equal(m.ntool, 1);
	assert_int_equal(m.nignore, 1);
	assert_string_equal(m.ignore[0].path, "./node_modules");
	gomod_free(&m);
	gomod_free(NULL);
}

static void test_malformed_lines_do_not_abort(void **state)
{
	const char *text = "module example.com/m\n"
			   "go 1.x\n"					    /* 2 */
			   "require example.com/a\n"			    /* 3 */
			   "require example.com/b notaversion\n"	    /* 4 */
			   "frobnicate x\n"				    /* 5 */
			   "replace example.com/c => example.com/d\n"	    /* 6 */
			   "/* block comment */\n"			    /* 7 */
			   "require \"unterminated\n"			    /* 8 */
			   "require example.com/ok v1.0.0\n"		    /* 9 */
			   "require `example.com/raw` v1.0.0\n"		    /* 10 */
			   "require 'q' v1.0.0\n"			    /* 11 */
			   "replace example.com/e v1.0.0 => ./dir v1.0.0\n" /* 12 */
			   "module example.com/again\n"			    /* 13 */
			   "require example.com/ctl\x01 v1.0.0\n"	    /* 14 */
			   "retract v1.0.0 extra\n";			    /* 15 */
	struct gomod m;

	(void)state;
	parse(text, &m);
	assert_string_equal(issue_text(&m, 2),
			    "invalid go version '1.x': must match format 1.23.0");
	assert_string_equal(issue_text(&m, 3), "usage: require module/path v1.2.3");
	assert_string_equal(
	    issue_text(&m, 4),
	    "require example.com/b: version \"notaversion\" invalid: must be of the form v1.2.3");
	assert_string_equal(issue_text(&m, 5), "unknown directive: frobnicate");
	assert_non_null(strstr(issue_text(&m, 6), "without version must be directory path"));
	assert_string_equal(issue_text(&m, 7),
			    "mod files must use // comments (not /* */ comments)");
	assert_string_equal(issue_text(&m, 8), "unexpected newline in string");
	assert_non_null(strstr(issue_text(&m, 10), "unquoted string cannot contain quote"));
	assert_string_equal(issue_text(&m, 11),
			    "invalid quoted string: unquoted string cannot contain quote");
	assert_non_null(strstr(issue_text(&m, 12), "cannot have version"));
	assert_string_equal(issue_text(&m, 13), "repeated module statement");
	assert_non_null(strstr(issue_text(&m, 14), "unexpected input character"));
	assert_non_null(strstr(issue_text(&m, 15), "unexpected token after version"));
	/* The good lines survived; the backquoted one is read, with its issue. */
	assert_int_equal(m.nrequire, 2);
	assert_string_equal(m.require[0].path, "example.com/ok");
	assert_string_equal(m.require[1].path, "example.com/raw");
	assert_string_equal(m.module, "example.com/m");
	gomod_free(&m);
}

static void test_blocks_and_eof(void **state)
{
	struct gomod m;

	(void)state;
	parse("module m\nrequire (\n\tx.org/a v1.0.0\n", &m);
	assert_int_equal(m.nrequire, 1);
	assert_non_null(strstr(m.issues.v[0].msg, "unterminated block started at line 2"));
	gomod_free(&m);
	parse("module m\nrequire ( )\nrequire (\n) junk\nfoo (\n\ta\n)\n", &m);
	assert_int_equal(m.nrequire, 0);
	assert_string_equal(issue_text(&m, 4),
			    "syntax error (expected newline after closing paren)");
	assert_string_equal(issue_text(&m, 6), "unknown block type: foo");
	gomod_free(&m);
	/* CRLF line endings, no final newline, escapes in strings. */
	parse("module \"ex\\x61mple.com/m\"\r\ngo 1.22.0\r\nrequire a.org/b v1.0.0 // indirect\r\n",
	      &m);
	assert_string_equal(m.module, "example.com/m");
	assert_string_equal(m.go, "1.22.0");
	assert_int_equal(m.require[0].indirect, 1);
	assert_int_equal(m.issues.n, 0);
	gomod_free(&m);
}

static void test_hostile_input(void **state)
{
	struct gomod m;
	char *cause = NULL;
	static char big[GOMOD_MAX_BYTES + 2];
	char bin[512];

	(void)state;
	memset(big, 'a', sizeof big - 1);
	assert_int_equal(gomod_parse(big, sizeof big - 1, &m, &cause), -1);
	assert_non_null(strstr(cause, "cap"));
	free(cause);
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 131 + 7);
	parse("", &m);
	gomod_free(&m);
	assert_int_equal(gomod_parse(bin, sizeof bin, &m, &cause), 0);
	assert_true(m.issues.n > 0);
	gomod_free(&m);
	/* NULs inside and a truncated string at EOF. */
	assert_int_equal(gomod_parse("module a\0b\nrequire \"x", 22, &m, &cause), 0);
	assert_true(m.issues.n >= 1);
	gomod_free(&m);
	/* Go stops identifiers at "//" */
	parse("module a//b\n", &m);
	assert_string_equal(m.module, "a");
	gomod_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_file),
	    cmocka_unit_test(test_malformed_lines_do_not_abort),
	    cmocka_unit_test(test_blocks_and_eof),
	    cmocka_unit_test(test_hostile_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
