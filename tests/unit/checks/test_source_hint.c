/* Unit tests for source_hint: the clone URL from a module path, and the
 * text every source-less unknown carries (commit, module, URL, dirty). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/source_hint.h"

static void test_clone_url(void **state)
{
	char out[128];

	(void)state;
	assert_int_equal(source_hint_clone_url("github.com/acme/svc", out, sizeof out), 1);
	assert_string_equal(out, "https://github.com/acme/svc");
	/* A major-version suffix or a nested module lives in the same repository. */
	assert_int_equal(source_hint_clone_url("github.com/acme/svc/v2", out, sizeof out), 1);
	assert_string_equal(out, "https://github.com/acme/svc");
	assert_int_equal(source_hint_clone_url("gitlab.com/g/r/tools", out, sizeof out), 1);
	assert_string_equal(out, "https://gitlab.com/g/r");
	/* Unknown layouts, short paths, hostile bytes: no URL. */
	assert_int_equal(source_hint_clone_url("example.com/demo", out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(source_hint_clone_url("github.com/acme", out, sizeof out), 0);
	assert_int_equal(source_hint_clone_url("github.com//svc", out, sizeof out), 0);
	assert_int_equal(source_hint_clone_url("github.com/a/b;rm -rf", out, sizeof out), 0);
	assert_int_equal(source_hint_clone_url("github.com/a/b\x1b[2J", out, sizeof out), 0);
	assert_int_equal(source_hint_clone_url("githubXcom/a/b", out, sizeof out), 0);
	assert_int_equal(source_hint_clone_url(NULL, out, sizeof out), 0);
	assert_int_equal(source_hint_clone_url("github.com/acme/svc", out, 10), 0);
	assert_string_equal(out, "");
}

static void test_hint_with_revision(void **state)
{
	struct source_hint_in in = {.module = "github.com/acme/svc",
				    .vcs = "git",
				    .revision = "a61a5c4e0f9d2b7c8a1e3f5d6b7c8d9e0f1a2b3c",
				    .modified = "false"};
	char *s;

	(void)state;
	s = source_hint(&in);
	assert_non_null(strstr(s, "clone the repository that holds commit a61a5c4"));
	assert_non_null(strstr(s, "git clone --mirror https://github.com/acme/svc"));
	assert_non_null(strstr(s, "pass --repo DIR"));
	assert_null(strstr(s, "uncommitted"));
	free(s);
	in.modified = "true";
	s = source_hint(&in);
	assert_non_null(strstr(s, "uncommitted changes (vcs.modified=true)"));
	free(s);
	/* A host whose layout is unknown: Go's own lookup is named. */
	in.module = "example.com/demo";
	s = source_hint(&in);
	assert_non_null(strstr(s, "git clone --mirror URL"));
	assert_non_null(strstr(s, "https://example.com/demo?go-get=1"));
	free(s);
	in.module = NULL;
	s = source_hint(&in);
	assert_non_null(strstr(s, "commit a61a5c4, e.g. git clone --mirror URL"));
	free(s);
}

static void test_hint_without_revision(void **state)
{
	struct source_hint_in in = {.module = "example.com/demo"};
	char *s;

	(void)state;
	s = source_hint(&in);
	assert_non_null(strstr(s, "pass --repo DIR, a checkout of module example.com/demo"));
	assert_non_null(strstr(s, "no vcs.revision"));
	assert_null(strstr(s, "holds commit"));
	free(s);
	in.module = "";
	s = source_hint(&in);
	assert_non_null(strstr(s, "pass --repo DIR, a checkout;"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clone_url),
	    cmocka_unit_test(test_hint_with_revision),
	    cmocka_unit_test(test_hint_without_revision),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
