/* Unit tests: build-constraint parsing and evaluation against go/build.
 *
 * The table below was answered by Debian's Go 1.19 `go list -e` (GoFiles,
 * IgnoredGoFiles, CgoFiles, TestGoFiles) for each context; tests/it/scan.sh
 * extracts the F(...) and C(...) lines, rebuilds the files and re-checks
 * every answer against `go list` live. Letters: G in the build, C in the
 * build as a cgo file, I ignored by a constraint, T test file, N not listed
 * (name starts with _ or .). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/repo/buildconstraint.h"

struct tfile {
	const char *name, *text;
};
struct tctx {
	const char *id, *goos, *goarch;
	int cgo;
	const char *tags, *env, *want;
};

/* TABLE-BEGIN */
#define F(name, text)                                                                              \
	{                                                                                          \
		name, text                                                                         \
	}
static const struct tfile tfiles[] = {
    F("plain.go", "package p\n"),
    F("prod_only.go", "//go:build prod\n\npackage p\n"),
    F("not_prod.go", "//go:build !prod\n\npackage p\n"),
    F("disagree.go", "//go:build prod\n// +build !prod\n\npackage p\n"),
    F("plus_only.go", "// +build linux,amd64 darwin\n\npackage p\n"),
    F("plus_noblank.go", "// +build ignore\npackage p\n"),
    F("plus_multi.go", "// +build linux\n// +build cgo\n\npackage p\n"),
    F("plus_after_doc.go", "// Copyright\n\n// +build prod\n\npackage p\n"),
    F("plus_in_doc.go", "// +build prod\n// Package p.\npackage p\n"),
    F("gobuild_nospace.go", "//go:buildprod\n\npackage p\n"),
    F("gobuild_in_doc.go", "// Package p.\n//go:build windows\npackage p\n"),
    F("block_first.go", "/* header */\n//go:build windows\n\npackage p\n"),
    F("in_block.go", "/*\n//go:build windows\n*/\npackage p\n"),
    F("after_package.go", "package p\n\n//go:build windows\n"),
    F("complex.go", "//go:build (linux || darwin) && !(arm64 || 386) && go1.18\n\npackage p\n"),
    F("future.go", "//go:build go1.99\n\npackage p\n"),
    F("unix.go", "//go:build unix\n\npackage p\n"),
    F("cgo_tag.go", "//go:build cgo\n\npackage p\n"),
    F("import_c.go", "package p\n\nimport \"C\"\n"),
    F("gccgo.go", "//go:build gccgo\n\npackage p\n"),
    F("gc.go", "//go:build gc\n\npackage p\n"),
    F("amd64v3.go", "//go:build amd64.v3\n\npackage p\n"),
    F("boring.go", "//go:build boringcrypto\n\npackage p\n"),
    F("regabi.go", "//go:build goexperiment.regabiargs\n\npackage p\n"),
    F("netgo.go", "//go:build netgo && !osusergo\n\npackage p\n"),
    F("x_windows.go", "package p\n"),
    F("x_linux.go", "package p\n"),
    F("x_linux_arm64.go", "package p\n"),
    F("x_arm64.go", "package p\n"),
    F("x_android.go", "package p\n"),
    F("x_solaris.go", "package p\n"),
    F("linux.go", "package p\n"),
    F("x_unix.go", "package p\n"),
    F("x_wasip1.go", "package p\n"),
    F("x_linux.pb.go", "package p\n"),
    F("x_windows_test.go", "package p\n"),
    F("y_test.go", "package p\n"),
    F("_hidden.go", "package p\n"),
    F(".dot.go", "package p\n"),
    F("plus_bangbang.go", "// +build !!linux\n\npackage p\n"),
    F("plus_bang.go", "// +build !\n\npackage p\n"),
    F("plus_neg.go", "// +build !windows,!prod\n\npackage p\n"),
};
#define C(id, goos, goarch, cgo, tags, env, want)                                                  \
	{                                                                                          \
		id, goos, goarch, cgo, tags, env, want                                             \
	}
/* tests/it/scan.sh reads these rows one per line. */
/* clang-format off */
static const struct tctx tctxs[] = {
    C("default", "linux", "amd64", 1, "", "", "GIGIGGGIGGIIGGGIGGCIGIIGIIGIIIIGGGGITNNIIG"),
    C("prod", "linux", "amd64", 1, "prod", "", "GGIGGGGGGGIIGGGIGGCIGIIGIIGIIIIGGGGITNNIII"),
    C("nocgo", "linux", "amd64", 0, "prod,netgo", "", "GGIGGGIGGGIIGGGIGIIIGIIGGIGIIIIGGGGITNNIII"),
    C("windows", "windows", "amd64", 0, "", "", "GIGIIGIIGGGGGGIIIIIIGIIGIGIIIIIGGGITTNNIII"),
    C("android", "android", "arm64", 1, "", "", "GIGIIGGIGGIIGGIIGGCIGIIGIIGGGGIGGGGITNNIIG"),
    C("darwin", "darwin", "arm64", 0, "netgo,osusergo", "", "GIGIGGIIGGIIGGIIGIIIGIIGIIIIGIIGGGIITNNIIG"),
    C("v3", "linux", "amd64", 1, "", "GOAMD64=v3", "GIGIGGGIGGIIGGGIGGCIGIIGIIGIIIIGGGGITNNIIG"),
    C("illumos", "illumos", "amd64", 0, "", "", "GIGIIGIIGGIIGGIIGIIIGIIGIIIIIIGGGGIITNNIIG"),
    C("boring", "linux", "amd64", 1, "", "GOEXPERIMENT=boringcrypto", "GIGIGGGIGGIIGGGIGGCIGIGGIIGIIIIGGGGITNNIIG"),
    C("i386", "linux", "386", 0, "", "", "GIGIIGIIGGIIGGIIGIIIGIIIIIGIIIIGGGGITNNIIG"),
    C("plan9", "plan9", "amd64", 0, "gccgo", "", "GIGIIGIIGGIIGGIIIIIGGIIGIIIIIIIGGGIITNNIIG"),
};
/* TABLE-END */
/* clang-format on */

static void ctx_for(const struct tctx *t, struct buildconstraint_ctx *c)
{
	buildconstraint_ctx_init(c, t->goos, t->goarch, 19);
	c->cgo = t->cgo;
	buildconstraint_ctx_add_tags(c, t->tags);
	if (strncmp(t->env, "GOAMD64=", 8) == 0)
		buildconstraint_ctx_set_arch_level(c, t->env + 8);
	if (strncmp(t->env, "GOEXPERIMENT=", 13) == 0)
		buildconstraint_ctx_set_experiments(c, t->env + 13);
}

static char letter(const char *name, const char *text, const struct buildconstraint_ctx *c)
{
	struct buildconstraint_result r;
	int imports_c = strstr(text, "import \"C\"") != NULL;
	char l;

	buildconstraint_file(name, text, strlen(text), imports_c, c, &r);
	if (r.included)
		l = imports_c ? 'C' : 'G';
	else if (r.reason == BCR_NAME_IGNORED)
		l = 'N';
	else if (r.reason == BCR_TEST)
		l = 'T';
	else if (r.reason == BCR_BAD_CONSTRAINT)
		l = 'X';
	else
		l = 'I';
	buildconstraint_result_free(&r);
	return l;
}

static void test_table_matches_go_list(void **state)
{
	(void)state;
	assert_int_equal(strlen(tctxs[0].want), ARRAY_LEN(tfiles));
	for (size_t k = 0; k < ARRAY_LEN(tctxs); k++) {
		struct buildconstraint_ctx c;
		char got[ARRAY_LEN(tfiles) + 1];

		ctx_for(&tctxs[k], &c);
		for (size_t i = 0; i < ARRAY_LEN(tfiles); i++)
			got[i] = letter(tfiles[i].name, tfiles[i].text, &c);
		got[ARRAY_LEN(tfiles)] = '\0';
		if (strcmp(got, tctxs[k].want) != 0) {
			for (size_t i = 0; i < ARRAY_LEN(tfiles); i++)
				if (got[i] != tctxs[k].want[i])
					print_error("context %s: %s: got %c, go list says %c\n",
						    tctxs[k].id, tfiles[i].name, got[i],
						    tctxs[k].want[i]);
		}
		assert_string_equal(got, tctxs[k].want);
		buildconstraint_ctx_free(&c);
	}
}

static void test_bad_constraints(void **state)
{
	struct buildconstraint_ctx c;
	struct buildconstraint_result r;
	const char *bad = "//go:build linux &&\n\npackage p\n";
	const char *two = "//go:build linux\n//go:build amd64\n\npackage p\n";

	(void)state;
	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	/* go list: InvalidGoFiles, "parsing //go:build line: unexpected end of expression". */
	assert_int_equal(buildconstraint_file("bad_expr.go", bad, strlen(bad), 0, &c, &r), 0);
	assert_int_equal(r.reason, BCR_BAD_CONSTRAINT);
	assert_non_null(strstr(r.setting, "unexpected end of expression"));
	buildconstraint_result_free(&r);
	/* go list: "multiple //go:build comments". */
	assert_int_equal(buildconstraint_file("two.go", two, strlen(two), 0, &c, &r), 0);
	assert_int_equal(r.reason, BCR_BAD_CONSTRAINT);
	assert_non_null(strstr(r.setting, "multiple //go:build"));
	buildconstraint_result_free(&r);
	buildconstraint_ctx_free(&c);
}

static void parse_fails(const char *expr, const char *msg)
{
	struct buildconstraint_expr x;
	char *cause = NULL;

	assert_int_equal(buildconstraint_parse_expr(expr, strlen(expr), &x, &cause), -1);
	if (strstr(cause, msg) == NULL)
		print_error("[%s]: %s, wanted %s\n", expr, cause, msg);
	assert_non_null(strstr(cause, msg));
	free(cause);
	buildconstraint_expr_free(&x);
}

static void roundtrip(const char *expr, const char *want)
{
	struct buildconstraint_expr x;
	char *cause = NULL, *s;

	assert_int_equal(buildconstraint_parse_expr(expr, strlen(expr), &x, &cause), 0);
	s = buildconstraint_expr_string(&x);
	assert_string_equal(s, want);
	free(s);
	buildconstraint_expr_free(&x);
}

static void test_parse(void **state)
{
	struct buildconstraint_expr x;
	char *s;
	const char *e;
	size_t n;

	(void)state;
	/* The messages of go/build/constraint's parser. */
	parse_fails("", "unexpected end of expression");
	parse_fails("a &&", "unexpected end of expression");
	parse_fails("!!a", "double negation not allowed");
	parse_fails("a & b", "invalid syntax at &");
	parse_fails("a | b", "invalid syntax at |");
	parse_fails("(a", "missing close paren");
	parse_fails("a)", "unexpected token");
	parse_fails("a b", "unexpected token");
	parse_fails("a=b", "invalid syntax");
	roundtrip("(linux || darwin) && !(arm64 || 386) && go1.18",
		  "(linux || darwin) && !(arm64 || 386) && go1.18");
	roundtrip("a||b&&c", "a || (b && c)"); /* as constraint.Expr.String prints it */
	roundtrip("(a||b)&&c", "(a || b) && c");
	roundtrip("!(a)", "!a");
	/* Go's own printer writes Not(Not(a)) as "!!a", which its parser
	 * refuses; ours keeps the parentheses so the text parses again. */
	roundtrip("!(!a)", "!(!a)");
	roundtrip("!(!(a && b))", "!(!(a && b))");
	roundtrip("!(!a) || b", "!(!a) || b");
	/* Legacy syntax: space = OR, comma = AND; invalid terms become "ignore". */
	buildconstraint_parse_plus("linux,amd64 darwin !cgo", 23, &x);
	s = buildconstraint_expr_string(&x);
	assert_string_equal(s, "(linux && amd64) || darwin || !cgo");
	free(s);
	buildconstraint_expr_free(&x);
	buildconstraint_parse_plus("a,b=c", 5, &x);
	s = buildconstraint_expr_string(&x);
	assert_string_equal(s, "a && ignore");
	free(s);
	buildconstraint_expr_free(&x);
	/* Line prefixes. */
	assert_true(buildconstraint_is_gobuild("//go:build a", 12, &e, &n));
	assert_int_equal(n, 1);
	assert_true(buildconstraint_is_gobuild("//go:build", 10, &e, &n));
	assert_false(buildconstraint_is_gobuild("//go:buildx", 11, &e, &n));
	assert_false(buildconstraint_is_gobuild("// go:build a", 13, &e, &n));
	assert_true(buildconstraint_is_plusbuild("//+build a", 10, &e, &n));
	assert_true(buildconstraint_is_plusbuild("//   +build a b", 15, &e, &n));
	assert_false(buildconstraint_is_plusbuild("// +builds a", 12, &e, &n));
}

/* Hostile nesting: refused with an error, no stack exhaustion. */
static void test_deep_nesting(void **state)
{
	struct buildconstraint_expr x;
	struct buildconstraint_ctx c;
	char deep[1100], chain[5000];
	char *cause = NULL;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 500; i++)
		deep[n++] = '(';
	deep[n++] = 'a';
	for (int i = 0; i < 500; i++)
		deep[n++] = ')';
	assert_int_equal(buildconstraint_parse_expr(deep, n, &x, &cause), -1);
	assert_non_null(strstr(cause, "nested too deeply"));
	free(cause);
	cause = NULL;
	buildconstraint_expr_free(&x);
	/* A long flat chain is fine and evaluates. */
	n = 0;
	for (int i = 0; i < 900; i++)
		n += (size_t)snprintf(chain + n, sizeof chain - n, "%sa%d", i ? "||" : "", i % 10);
	assert_int_equal(buildconstraint_parse_expr(chain, n, &x, &cause), 0);
	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	assert_int_equal(buildconstraint_eval(&x, &c, NULL, NULL), 0);
	buildconstraint_ctx_add_tags(&c, "a7");
	assert_int_equal(buildconstraint_eval(&x, &c, NULL, NULL), 1);
	buildconstraint_ctx_free(&c);
	buildconstraint_expr_free(&x);
	/* Oversized lines are refused. */
	memset(chain, 'a', sizeof chain);
	assert_int_equal(buildconstraint_parse_expr(chain, sizeof chain, &x, &cause), -1);
	free(cause);
	buildconstraint_expr_free(&x);
}

static void check_why(const char *name, const char *src, const struct buildconstraint_ctx *c,
		      const char *term, const char *setting)
{
	struct buildconstraint_result r;

	assert_int_equal(buildconstraint_file(name, src, strlen(src), 0, c, &r), 0);
	if (strcmp(r.term, term) != 0 || strstr(r.setting, setting) == NULL)
		print_error("%s: term [%s] setting [%s]\n", name, r.term, r.setting);
	assert_string_equal(r.term, term);
	assert_non_null(strstr(r.setting, setting));
	buildconstraint_result_free(&r);
}

/* Each excluded file knows which term excluded it and why. */
static void test_explanations(void **state)
{
	struct buildconstraint_ctx c;
	struct buildconstraint_result r;
	char *d;
	const char *src = "//go:build !prod\n\npackage p\n";

	(void)state;
	buildconstraint_ctx_init(&c, "darwin", "arm64", 19);
	buildconstraint_ctx_add_tags(&c, "prod netgo");
	check_why("a.go", "//go:build !prod\n\npackage p\n", &c, "!prod",
		  "tag prod is set via -tags");
	check_why("b.go", "//go:build (linux || darwin) && !(arm64 || 386)\n\npackage p\n", &c,
		  "!(arm64 || 386)", "GOARCH is arm64");
	check_why("c.go", "//go:build linux || windows\n\npackage p\n", &c, "linux || windows",
		  "GOOS is darwin, not linux; GOOS is darwin, not windows");
	check_why("d.go", "// +build cgo,!netgo\n\npackage p\n", &c, "!netgo",
		  "tag netgo is set via -tags");
	check_why("x_windows.go", "package p\n", &c, "_windows", "GOOS is darwin, not windows");
	check_why("x_linux_arm64.go", "package p\n", &c, "_linux_arm64",
		  "GOOS is darwin, not linux");
	c.cgo = 0;
	check_why("d.go", "// +build cgo,!netgo\n\npackage p\n", &c, "cgo", "CGO_ENABLED=0");
	assert_int_equal(buildconstraint_file("c.go", "package p\nimport \"C\"\n", 22, 1, &c, &r),
			 0);
	assert_int_equal(r.reason, BCR_CGO);
	assert_string_equal(r.setting, "CGO_ENABLED=0");
	buildconstraint_result_free(&r);
	buildconstraint_ctx_free(&c);

	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	buildconstraint_ctx_add_tags(&c, "prod");
	assert_int_equal(buildconstraint_file("dev.go", src, strlen(src), 0, &c, &r), 0);
	d = buildconstraint_result_describe(&r);
	assert_string_equal(
	    d, "excluded by //go:build !prod (line 1): !prod is false: tag prod is set via -tags");
	free(d);
	{
		cJSON *j = buildconstraint_result_to_json(&r);
		char *txt = cJSON_PrintUnformatted(j);

		assert_non_null(strstr(txt, "\"term\":\"!prod\""));
		free(txt);
		cJSON_Delete(j);
	}
	buildconstraint_result_free(&r);
	buildconstraint_ctx_free(&c);
}

/* Tags that depend on the Go version (from the Go source; go list of 1.19
 * cannot confirm the newer rows). */
static void test_versions(void **state)
{
	struct buildconstraint_ctx c;

	(void)state;
	buildconstraint_ctx_init(&c, "linux", "amd64", 18);
	assert_false(buildconstraint_ctx_match(&c, "unix", 4, NULL)); /* unix arrived in go1.19 */
	assert_true(buildconstraint_ctx_match(&c, "go1.18", 6, NULL));
	assert_false(buildconstraint_ctx_match(&c, "go1.19", 6, NULL));
	assert_false(buildconstraint_ctx_match(&c, "go1.018", 7, NULL));
	buildconstraint_ctx_free(&c);

	buildconstraint_ctx_init(&c, "linux", "amd64", 21);
	buildconstraint_ctx_set_arch_level(&c, "v3");
	assert_true(buildconstraint_ctx_match(&c, "amd64.v1", 8, NULL));
	assert_true(buildconstraint_ctx_match(&c, "amd64.v3", 8, NULL));
	assert_false(buildconstraint_ctx_match(&c, "amd64.v4", 8, NULL));
	assert_true(buildconstraint_known_os("wasip1", 6, 21));
	assert_false(buildconstraint_known_os("wasip1", 6, 19));
	buildconstraint_ctx_free(&c);

	buildconstraint_ctx_init(&c, "linux", "arm64", 23);
	buildconstraint_ctx_set_arch_level(&c, "v9.0");
	assert_true(buildconstraint_ctx_match(&c, "arm64.v9.0", 10, NULL));
	assert_true(buildconstraint_ctx_match(&c, "arm64.v8.5", 10, NULL)); /* v9.0 includes v8.5 */
	assert_false(buildconstraint_ctx_match(&c, "arm64.v8.6", 10, NULL));
	buildconstraint_ctx_free(&c);

	buildconstraint_ctx_init(&c, "linux", "arm", 21);
	buildconstraint_ctx_set_arch_level(&c, "6");
	assert_true(buildconstraint_ctx_match(&c, "arm.5", 5, NULL));
	assert_false(buildconstraint_ctx_match(&c, "arm.7", 5, NULL));
	buildconstraint_ctx_free(&c);

	assert_int_equal(buildconstraint_go_minor("go1.19.8"), 19);
	assert_int_equal(buildconstraint_go_minor("devel go1.22-abcdef"), 22);
	assert_int_equal(buildconstraint_go_minor("go2"), -1);
	assert_int_equal(buildconstraint_go_minor(NULL), -1);
}

static void test_ctx(void **state)
{
	struct buildconstraint_ctx c;

	(void)state;
	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	buildconstraint_ctx_add_tags(&c, " a, b c,,d ");
	assert_int_equal(c.tags.n, 4);
	assert_string_equal(c.tags.v[3], "d");
	assert_true(buildconstraint_ctx_match(&c, "goexperiment.regabiargs", 23, NULL));
	buildconstraint_ctx_set_experiments(&c, "noregabi,boringcrypto");
	assert_false(buildconstraint_ctx_match(&c, "goexperiment.regabiargs", 23, NULL));
	assert_true(buildconstraint_ctx_match(&c, "boringcrypto", 12, NULL));
	buildconstraint_ctx_free(&c);
	buildconstraint_ctx_free(NULL);
	buildconstraint_result_free(NULL);
}

/* The header reader on truncated and binary input. */
static void test_header_robust(void **state)
{
	const char *src =
	    "// Copyright\n\n/* x\n*/\n// +build linux\n\n//go:build linux && !prod\n\npackage p\n";
	struct buildconstraint_ctx c;
	char junk[300];

	(void)state;
	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	for (size_t k = 0; k <= strlen(src); k++) {
		struct buildconstraint_result r;
		int in = buildconstraint_file("f.go", src, k, 0, &c, &r);

		/* Whatever the cut, the answer agrees with its reason. */
		assert_int_equal(in, r.reason == BCR_INCLUDED);
		buildconstraint_result_free(&r);
	}
	/* The whole header: //go:build wins over // +build, "prod" decides. */
	{
		struct buildconstraint_result r;

		assert_int_equal(buildconstraint_file("f.go", src, strlen(src), 0, &c, &r), 1);
		buildconstraint_result_free(&r);
		buildconstraint_ctx_add_tags(&c, "prod");
		assert_int_equal(buildconstraint_file("f.go", src, strlen(src), 0, &c, &r), 0);
		assert_int_equal(r.reason, BCR_GOBUILD);
		assert_string_equal(r.term, "!prod");
		buildconstraint_result_free(&r);
	}
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 37 + 11);
	for (size_t k = 0; k <= sizeof junk; k += 7) {
		struct buildconstraint_result r;

		buildconstraint_file("f.go", junk, k, 0, &c, &r);
		buildconstraint_result_free(&r);
	}
	buildconstraint_ctx_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_matches_go_list),
	    cmocka_unit_test(test_bad_constraints),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_deep_nesting),
	    cmocka_unit_test(test_explanations),
	    cmocka_unit_test(test_versions),
	    cmocka_unit_test(test_ctx),
	    cmocka_unit_test(test_header_robust),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
