/* Unit tests: vendor/modules.txt read as Go's readVendorList reads it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/gomod/modtxt.h"

static void test_modules_txt(void **state)
{
	const char *t = "## workspace\n"
			"# a.org/x v1.0.0\n"
			"## explicit\n"
			"## go 1.19\n"
			"a.org/x\n"
			"a.org/x/sub\n"
			"# b.org/y v0.2.0 => ./local/y\n"
			"## explicit; go 1.21\n"
			"b.org/y\n"
			"# c.org/z v1.1.0 => d.org/z v1.2.0\n"
			"# a.org/x v1.2.0\n"
			"a.org/x/other\n"
			"# e.org/w => ./w\n"
			"# broken\n"
			"# f.org/q notaversion\n"
			"f.org/ignored\n"
			"two fields\n";
	struct modtxt m;
	const struct modtxt_module *e;
	char *cause = NULL;

	(void)state;
	assert_int_equal(modtxt_parse(t, strlen(t), &m, &cause), 0);
	assert_true(m.workspace);
	e = modtxt_find(&m, "a.org/x", "v1.0.0");
	assert_non_null(e);
	assert_true(e->explicit_);
	assert_string_equal(e->go_version, "1.19");
	assert_int_equal(e->packages.n, 2);
	e = modtxt_find(&m, "b.org/y", "v0.2.0");
	assert_string_equal(e->repl_path, "./local/y");
	assert_null(e->repl_version);
	assert_string_equal(e->go_version, "1.21");
	e = modtxt_find(&m, "c.org/z", "v1.1.0");
	assert_string_equal(e->repl_version, "v1.2.0");
	assert_int_equal(e->packages.n, 0);
	e = modtxt_find(&m, "e.org/w", NULL);
	assert_non_null(e);
	assert_string_equal(e->repl_path, "./w");
	/* The vendor list: modules with packages, at the highest version. */
	assert_int_equal(m.nlist, 3);
	assert_string_equal(modtxt_vendor_version(&m, "a.org/x"), "v1.2.0");
	assert_null(modtxt_vendor_version(&m, "c.org/z"));
	assert_int_equal(m.nreplaced, 3);
	assert_true(m.issues.n >= 3);
	modtxt_free(&m);
	modtxt_free(NULL);
}

static void test_import_paths(void **state)
{
	(void)state;
	assert_true(modtxt_valid_import_path("golang.org/x/text/unicode"));
	assert_true(modtxt_valid_import_path("gopkg.in/yaml.v3"));
	assert_false(modtxt_valid_import_path("/abs"));
	assert_false(modtxt_valid_import_path("a//b"));
	assert_false(modtxt_valid_import_path("a/../b"));
	assert_false(modtxt_valid_import_path("a/b."));
	assert_false(modtxt_valid_import_path("a b"));
	assert_false(modtxt_valid_import_path(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_modules_txt),
	    cmocka_unit_test(test_import_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
