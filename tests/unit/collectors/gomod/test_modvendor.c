/* Unit tests: Go's vendor consistency rules, replacement lookup and default
 * -mod, over parsed inputs (the integration test compares the text with Go
 * 1.19's). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/gomod/modvendor.h"

static char *check(const char *gomod, const char *modtxt, const char *gowork, struct strlist *lines)
{
	struct gomod m;
	struct modtxt t;
	struct gowork w;
	char *cause = NULL, *msg;
	const struct gomod *mods[1] = {&m};
	const char *roots[1] = {"/r/app"};

	assert_int_equal(gomod_parse(gomod, strlen(gomod), &m, &cause), 0);
	assert_int_equal(modtxt_parse(modtxt, strlen(modtxt), &t, &cause), 0);
	if (gowork)
		assert_int_equal(gowork_parse(gowork, strlen(gowork), &w, &cause), 0);
	msg = modvendor_check(mods, roots, 1, gowork ? &w : NULL, gowork ? "/r/go.work" : NULL, &t,
			      gowork ? "/r" : "/r/app", lines);
	gomod_free(&m);
	modtxt_free(&t);
	if (gowork)
		gowork_free(&w);
	return msg;
}

static void test_consistent(void **state)
{
	struct strlist l = {0};

	(void)state;
	assert_null(
	    check("module m\ngo 1.19\nrequire a.org/x v1.0.0\nreplace a.org/x => ./x\n",
		  "# a.org/x v1.0.0 => ./x\n## explicit; go 1.19\na.org/x\n# a.org/x => ./x\n",
		  NULL, &l));
	assert_int_equal(l.n, 0);
}

static void test_each_rule(void **state)
{
	struct strlist l = {0};
	char *msg;

	(void)state;
	msg = check(
	    "module m\ngo 1.19\nrequire (\n\ta.org/x v1.1.0\n)\nreplace b.org/y v1.0.0 => ./y\n",
	    "# a.org/x v1.0.0\n## explicit\na.org/x\n# c.org/z v1.0.0 => ./z\nc.org/z\n", NULL, &l);
	assert_non_null(msg);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0],
			    "a.org/x@v1.1.0: is explicitly required in go.mod, but not marked "
			    "as explicit in vendor/modules.txt");
	assert_string_equal(l.v[1],
			    "b.org/y@v1.0.0: is replaced in go.mod, but not marked as replaced "
			    "in vendor/modules.txt");
	assert_string_equal(l.v[2],
			    "a.org/x@v1.0.0: is marked as explicit in vendor/modules.txt, but "
			    "not explicitly required in go.mod");
	assert_string_equal(l.v[3],
			    "c.org/z@v1.0.0: is marked as replaced in vendor/modules.txt, but "
			    "not replaced in go.mod");
	assert_true(
	    str_has_prefix(msg, "go: inconsistent vendoring in /r/app:\n\ta.org/x@v1.1.0: "));
	assert_true(str_has_suffix(
	    msg, "\n\n\tTo ignore the vendor directory, use -mod=readonly or "
		 "-mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo mod vendor"));
	free(msg);
	strlist_free(&l);
	/* A changed replacement names both sides. */
	msg = check("module m\ngo 1.19\nrequire a.org/x v1.0.0\nreplace a.org/x => ./new\n",
		    "# a.org/x v1.0.0 => ./old\n## explicit\na.org/x\n# a.org/x => ./old\n", NULL,
		    &l);
	assert_string_equal(l.v[0],
			    "a.org/x: is replaced by ./new in go.mod, but marked as replaced "
			    "by ./old in vendor/modules.txt");
	free(msg);
	strlist_free(&l);
}

static void test_pre114_and_workspace(void **state)
{
	struct strlist l = {0};
	char *msg;

	(void)state;
	/* go 1.13: only version contradictions count. */
	assert_null(check("module m\ngo 1.13\nrequire a.org/x v1.0.0\n",
			  "# a.org/x v1.0.0\na.org/x\n", NULL, &l));
	msg = check("module m\ngo 1.13\nrequire a.org/x v1.1.0\n", "# a.org/x v1.0.0\na.org/x\n",
		    NULL, &l);
	assert_string_equal(l.v[0], "a.org/x@v1.1.0: is explicitly required in go.mod, but "
				    "vendor/modules.txt indicates a.org/x@v1.0.0");
	free(msg);
	strlist_free(&l);
	/* Workspace: go.work replacements, paths relative to the go.work dir, "go work vendor". */
	msg = check("module example.com/app\ngo 1.22\nrequire a.org/x v1.0.0\n",
		    "## workspace\n# a.org/x v1.0.0 => ./old\n## explicit\na.org/x\n# a.org/y "
		    "v2.0.0\n## explicit\na.org/y\n# a.org/x => ./old\n",
		    "go 1.22\nuse ./app\nreplace a.org/x => ./x\n", &l);
	assert_non_null(msg);
	assert_string_equal(l.v[0],
			    "a.org/x: is replaced by ./x in go.work, but marked as replaced "
			    "by ./old in vendor/modules.txt");
	assert_string_equal(l.v[1],
			    "a.org/y@v2.0.0: is marked as explicit in vendor/modules.txt, but "
			    "not explicitly required in a go.mod");
	assert_true(str_has_suffix(msg, "go work vendor"));
	free(msg);
	strlist_free(&l);
}

/* replacementFrom: an exact version beats the wildcard, go.work beats
 * go.mod, and a main module is never replaced. */
static void test_replacement(void **state)
{
	const char *gm = "module example.com/app\ngo 1.22\n"
			 "replace a.org/x v1.0.0 => b.org/x v1.0.1\n"
			 "replace a.org/x => ./x\n"
			 "replace c.org/z => ./z\n";
	const char *gw = "go 1.22\nuse ./app\nreplace c.org/z => d.org/z v2.0.0\n";
	struct gomod m;
	struct gowork w;
	char *cause = NULL, *from;
	const struct gomod *mods[1] = {&m};
	const char *roots[1] = {"/r/app"}, *nv, *np;

	(void)state;
	assert_int_equal(gomod_parse(gm, strlen(gm), &m, &cause), 0);
	assert_int_equal(gowork_parse(gw, strlen(gw), &w, &cause), 0);
	np = modvendor_replacement(mods, roots, 1, NULL, NULL, "a.org/x", "v1.0.0", &nv, &from);
	assert_string_equal(np, "b.org/x");
	assert_string_equal(nv, "v1.0.1");
	assert_string_equal(from, "/r/app/go.mod");
	free(from);
	np = modvendor_replacement(mods, roots, 1, NULL, NULL, "a.org/x", "v1.2.0", &nv, &from);
	assert_string_equal(np, "./x");
	assert_null(nv);
	free(from);
	np = modvendor_replacement(mods, roots, 1, &w, "/r/go.work", "c.org/z", NULL, &nv, &from);
	assert_string_equal(np, "d.org/z");
	assert_string_equal(nv, "v2.0.0");
	assert_string_equal(from, "/r/go.work");
	free(from);
	assert_null(
	    modvendor_replacement(mods, roots, 1, NULL, NULL, "example.com/app", NULL, &nv, &from));
	assert_null(from);
	assert_null(
	    modvendor_replacement(mods, roots, 1, NULL, NULL, "e.org/none", "v1.0.0", &nv, &from));
	assert_null(from);
	gomod_free(&m);
	gowork_free(&w);
}

static void test_buildmod(void **state)
{
	const char *why;
	int ex;

	(void)state;
	assert_string_equal(modvendor_buildmod(NULL, 0, "1.19", 1, 0, &why, &ex), "vendor");
	assert_string_equal(why,
			    "Go version in go.mod is at least 1.14 and vendor directory exists.");
	assert_false(ex);
	assert_string_equal(modvendor_buildmod(NULL, 0, "1.13", 1, 0, &why, &ex), "readonly");
	assert_string_equal(modvendor_buildmod(NULL, 0, NULL, 1, 0, &why, &ex), "readonly");
	assert_string_equal(
	    why, "Go version in go.mod is unspecified, so vendor directory was not used.");
	assert_string_equal(modvendor_buildmod(NULL, 0, "1.21", 0, 0, &why, &ex), "readonly");
	assert_string_equal(modvendor_buildmod(NULL, 0, "1.22", 1, 1, &why, &ex), "readonly");
	assert_string_equal(why,
			    "Outside workspace mode, but vendor directory is for a workspace.");
	assert_string_equal(modvendor_buildmod(NULL, 1, "1.22", 1, 1, &why, &ex), "vendor");
	assert_string_equal(modvendor_buildmod("mod", 0, "1.19", 1, 0, &why, &ex), "mod");
	assert_true(ex);
	modvendor_buildmod("mod", 1, "1.22", 1, 1, &why, &ex);
	assert_non_null(strstr(why, "may only be set to readonly or vendor"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_consistent),
	    cmocka_unit_test(test_each_rule),
	    cmocka_unit_test(test_pre114_and_workspace),
	    cmocka_unit_test(test_replacement),
	    cmocka_unit_test(test_buildmod),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
