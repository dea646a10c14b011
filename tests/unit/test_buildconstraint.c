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

#include "buildconstraint.h"

struct tfile {
	const char *name, *text;
};
struct tctx {
	const char *id, *goos, *goarch;
	int cgo;
	const char *tags, *env, *want;
};

/* TABLE-BEGIN */
#define F(name, text) { name, text }
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
#define C(id, goos, goarch, cgo, tags, env, want) { id, goos, goarch, cgo, tags, env, want }
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
					print_error("context %s: %s: got %c, go list says %c\n", tctxs[k].id,
						    tfiles[i].name, got[i], tctxs[k].want[i]);
		}
		assert_string_equal(got, tctxs[k].want);
		buildconstraint_ctx_free(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_go_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
