/* Unit tests: the Go lexer (token kinds, lines, automatic semicolons,
 * literals, malformed input, unquoting). The whole Go 1.19 tree was also
 * compared token for token with go/scanner (tests/it/scan.sh does it
 * again on a sample). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/repo/golex.h"

/* Renders the token stream as "KIND:text" words, SEMI as ";". */
static char *render(const char *src)
{
	struct golex lx;
	struct gotok t;
	struct buf b;

	buf_init(&b);
	golex_init(&lx, src, strlen(src));
	while (golex_next(&lx, &t) != GOTOK_EOF) {
		if (b.len > 0)
			buf_addc(&b, ' ');
		if (t.kind == GOTOK_SEMI)
			buf_adds(&b, t.len == 1 && src[t.off] == ';' ? ";" : "\\n");
		else
			buf_printf(&b, "%s:%.*s", golex_kind_name(t.kind), (int)t.len, src + t.off);
	}
	buf_add(&b, "", 0);
	return buf_steal(&b);
}

static void expect(const char *src, const char *want)
{
	char *got = render(src);

	if (strcmp(got, want) != 0)
		print_error("source [%s]\n got  [%s]\n want [%s]\n", src, got, want);
	assert_string_equal(got, want);
	free(got);
}

static void test_basic_tokens(void **state)
{
	(void)state;
	expect("package main\n", "KEYWORD:package IDENT:main \\n");
	expect("x := a.b(1, \"s\")\n",
	       "IDENT:x OP::= IDENT:a OP:. IDENT:b OP:( INT:1 OP:, STRING:\"s\" OP:) \\n");
	expect("a &^= b <<= c >>= d ... <- ~x",
	       "IDENT:a OP:&^= IDENT:b OP:<<= IDENT:c OP:>>= IDENT:d "
	       "OP:... OP:<- OP:~ IDENT:x \\n");
	expect("if x != y && !z || w {}",
	       "KEYWORD:if IDENT:x OP:!= IDENT:y OP:&& OP:! IDENT:z OP:|| "
	       "IDENT:w OP:{ OP:} \\n");
	expect("fallthrough\nbreak\ncontinue\nreturn\ngoto L\n",
	       "KEYWORD:fallthrough \\n KEYWORD:break \\n KEYWORD:continue \\n KEYWORD:return \\n "
	       "KEYWORD:goto IDENT:L \\n");
	expect("héllo := 1", "IDENT:héllo OP::= INT:1 \\n");
}

static void test_semicolons(void **state)
{
	(void)state;
	/* No semicolon after an operator or an opening brace at line end. */
	expect("a +\nb\n", "IDENT:a OP:+ IDENT:b \\n");
	expect("f(\n)\n", "IDENT:f OP:( OP:) \\n");
	expect("x++\ny--\n", "IDENT:x OP:++ \\n IDENT:y OP:-- \\n");
	expect("a[1]\n}\n", "IDENT:a OP:[ INT:1 OP:] \\n OP:} \\n");
	/* At EOF without a newline. */
	expect("return", "KEYWORD:return \\n");
	/* Before a comment that ends the line, not after it. */
	expect("x // c\ny", "IDENT:x \\n COMMENT:// c IDENT:y \\n");
	expect("x /* a */ + y", "IDENT:x COMMENT:/* a */ OP:+ IDENT:y \\n");
	expect("x /* a\n */ y", "IDENT:x \\n COMMENT:/* a\n */ IDENT:y \\n");
	expect("a; b", "IDENT:a ; IDENT:b \\n");
}

static void test_literals(void **state)
{
	(void)state;
	expect("0x1p-2 1_000 0b101 0o17 017 1e9 .5 1.5i 0x_1F 1.e+3 2i",
	       "FLOAT:0x1p-2 INT:1_000 INT:0b101 INT:0o17 INT:017 FLOAT:1e9 FLOAT:.5 IMAG:1.5i "
	       "INT:0x_1F FLOAT:1.e+3 IMAG:2i \\n");
	expect("'a' '\\'' '\\n' \"a\\\"b\" `raw\\`",
	       "CHAR:'a' CHAR:'\\'' CHAR:'\\n' STRING:\"a\\\"b\" "
	       "RAWSTRING:`raw\\` \\n");
	expect("x.y.z", "IDENT:x OP:. IDENT:y OP:. IDENT:z \\n");
}

static void test_lines(void **state)
{
	struct golex lx;
	struct gotok t;
	const char *src = "a\n`x\ny\nz` b\n/* 1\n2 */ c\n";
	uint32_t lines[16];
	int n = 0;

	(void)state;
	golex_init(&lx, src, strlen(src));
	while (golex_next(&lx, &t) != GOTOK_EOF && n < 16)
		if (t.kind != GOTOK_SEMI)
			lines[n++] = t.line;
	assert_int_equal(n, 5);
	assert_int_equal(lines[0], 1); /* a */
	assert_int_equal(lines[1], 2); /* `x..z` starts on line 2 */
	assert_int_equal(lines[2], 4); /* b after the raw string */
	assert_int_equal(lines[3], 5); /* the comment */
	assert_int_equal(lines[4], 6); /* c */
}

static void test_malformed(void **state)
{
	(void)state;
	/* An unterminated string stops at the newline; lexing resumes. */
	expect("x := \"abc\ny", "IDENT:x OP::= ILLEGAL:\"abc \\n IDENT:y \\n");
	expect("'ab\nz", "ILLEGAL:'ab \\n IDENT:z \\n");
	expect("`never closed\n\n", "ILLEGAL:`never closed\n\n \\n");
	expect("a /* open", "IDENT:a \\n COMMENT:/* open");
	expect("$ @ # ?", "ILLEGAL:$ ILLEGAL:@ ILLEGAL:# ILLEGAL:?");
	expect("\xEF\xBB\xBFpackage p", "KEYWORD:package IDENT:p \\n");
	{
		/* NUL bytes are stray bytes, not terminators. */
		const char src[] = {'a', 0, 'b'};
		struct golex lx;
		struct gotok t;
		int n = 0;

		golex_init(&lx, src, sizeof src);
		while (golex_next(&lx, &t) != GOTOK_EOF)
			n++;
		assert_int_equal(n, 4); /* a, ILLEGAL, b, ; */
	}
}

/* Every prefix of a realistic file, and pseudo-random bytes: the lexer
 * terminates, stays in bounds and moves forward. */
static void test_robust(void **state)
{
	const char *src =
	    "package main\n\nimport \"fmt\"\n\n// doc\nfunc main() {\n\tx := `r\naw`\n"
	    "\tfmt.Println(\"hi\\n\", 'c', 0x1p3, x) /* end */\n}\n";
	size_t n = strlen(src);
	uint32_t seed = 12345;
	char rnd[512];

	(void)state;
	for (size_t k = 0; k <= n; k++) {
		struct golex lx;
		struct gotok t;
		size_t last = 0, count = 0;

		golex_init(&lx, src, k);
		while (golex_next(&lx, &t) != GOTOK_EOF) {
			assert_true(t.off + t.len <= k);
			assert_true(t.off >= last || t.len == 0);
			last = t.off;
			assert_true(++count < 1000);
		}
	}
	for (int round = 0; round < 200; round++) {
		struct golex lx;
		struct gotok t;
		size_t count = 0;

		for (size_t i = 0; i < sizeof rnd; i++) {
			seed = seed * 1103515245u + 12345u;
			static const char alphabet[] = "a\"'`/*\n\\0x.e+-( ){}[];:=<>!&|^%$";

			rnd[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		golex_init(&lx, rnd, sizeof rnd);
		while (golex_next(&lx, &t) != GOTOK_EOF) {
			assert_true(t.off + t.len <= sizeof rnd);
			assert_true(++count <= 2 * sizeof rnd);
		}
	}
}

static void test_tokenize_and_is(void **state)
{
	struct golex_toks toks = {0};
	const char *src = "go f() // x\n";

	(void)state;
	golex_tokenize(src, strlen(src), 0, &toks);
	assert_int_equal(toks.n, 6); /* go f ( ) ; EOF */
	assert_int_equal(toks.v[0].kind, GOTOK_KEYWORD);
	assert_int_equal(toks.v[0].sub, GOKW_GO);
	assert_true(golex_is(src, &toks.v[1], "f"));
	assert_false(golex_is(src, &toks.v[1], "ff"));
	assert_int_equal(toks.v[5].kind, GOTOK_EOF);
	golex_tokenize(src, strlen(src), 1, &toks);
	assert_int_equal(toks.n, 7);
	golex_toks_free(&toks);
	golex_toks_free(NULL);
}

static void unq(const char *lit, int want_rc, const char *want)
{
	struct golex lx;
	struct gotok t;
	char out[64];
	size_t n = 0;
	int rc;

	golex_init(&lx, lit, strlen(lit));
	golex_next(&lx, &t);
	rc = golex_unquote(lit, &t, out, sizeof out, &n);
	assert_int_equal(rc, want_rc);
	if (rc == 0) {
		assert_int_equal(n, strlen(want));
		assert_memory_equal(out, want, n);
	}
}

static void test_unquote(void **state)
{
	(void)state;
	unq("\"plain\"", 0, "plain");
	unq("\"a\\tb\\n\\\\\\\"\"", 0, "a\tb\n\\\"");
	unq("\"\\x41\\101\\u00e9\\U0001F600\"", 0, "AA\xc3\xa9\xf0\x9f\x98\x80");
	unq("`a\r\nb`", 0, "a\nb");
	unq("\"\\q\"", -1, "");
	unq("\"\\x4\"", -1, "");
	unq("\"\\400\"", -1, "");
	unq("'c'", -1, "");
	{
		/* Too small a buffer fails instead of truncating. */
		const char *lit = "\"0123456789\"";
		struct golex lx;
		struct gotok t;
		char out[4];

		golex_init(&lx, lit, strlen(lit));
		golex_next(&lx, &t);
		assert_int_equal(golex_unquote(lit, &t, out, sizeof out, NULL), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic_tokens),    cmocka_unit_test(test_semicolons),
	    cmocka_unit_test(test_literals),	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_malformed),	    cmocka_unit_test(test_robust),
	    cmocka_unit_test(test_tokenize_and_is), cmocka_unit_test(test_unquote),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
