/* Unit tests: Go environment layering, provenance and redaction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/gomod/goenv.h"
#include "collectors/base/redact.h"

static void test_layers(void **state)
{
	static const char proc[] = "HOME=/home/svc\0GOPROXY=https://corp.example/proxy|direct\0"
				   "GOPROXY=second-ignored\0GOFLAGS=\0GOPRIVATE=*.corp.example\0";
	char *shell[] = {"HOME=/root", "GOFLAGS=-mod=vendor", "GOSUMDB=", "GOINSECURE=x.io", NULL};
	static const char file[] = "# comment\nGOSUMDB=off\nbad line\ngoproxy=lower\nGOWORK=off\n"
				   "GOSUMDB=sum.example\n";
	static const char goroot_env[] =
	    "GOPROXY=https://proxy.golang.org,direct\nGOTOOLCHAIN=auto\n";
	struct goenv_input in = {
	    .pid = 42,
	    .proc_environ = proc,
	    .proc_len = sizeof proc - 1,
	    .shell_environ = shell,
	    .env_file_path = "/home/svc/.config/go/env",
	    .env_file_text = file,
	    .env_file_len = sizeof file - 1,
	    .goroot = "/usr/lib/go",
	    .goroot_env_text = goroot_env,
	    .goroot_env_len = sizeof goroot_env - 1,
	};
	struct goenv e;
	const struct goenv_var *v;

	(void)state;
	goenv_resolve(&in, &e);
	v = goenv_get(&e, GOENV_GOPROXY);
	assert_string_equal(v->value, "https://corp.example/proxy|direct"); /* first wins */
	assert_int_equal(v->source, GOENV_SRC_PROCESS);
	assert_string_equal(v->where, "/proc/42/environ");
	assert_string_equal(v->layer[GOENV_SRC_GOROOT], "https://proxy.golang.org,direct");
	/* Empty in the process, so the shell's value wins. */
	v = goenv_get(&e, GOENV_GOFLAGS);
	assert_string_equal(v->value, "-mod=vendor");
	assert_int_equal(v->source, GOENV_SRC_SHELL);
	/* Empty in the shell: the file's last line wins. */
	v = goenv_get(&e, GOENV_GOSUMDB);
	assert_string_equal(v->value, "sum.example");
	assert_int_equal(v->source, GOENV_SRC_FILE);
	assert_string_equal(v->where, "/home/svc/.config/go/env");
	assert_string_equal(goenv_value(&e, GOENV_GOWORK), "off");
	assert_string_equal(goenv_value(&e, GOENV_GOTOOLCHAIN), "auto");
	assert_int_equal(goenv_get(&e, GOENV_GOTOOLCHAIN)->source, GOENV_SRC_GOROOT);
	/* Derived defaults. */
	assert_string_equal(goenv_value(&e, GOENV_GONOSUMDB), "*.corp.example");
	assert_string_equal(goenv_get(&e, GOENV_GONOSUMDB)->where, "default: GOPRIVATE");
	assert_string_equal(goenv_value(&e, GOENV_GOPATH), "/home/svc/go");
	assert_string_equal(goenv_value(&e, GOENV_GOMODCACHE), "/home/svc/go/pkg/mod");
	goenv_free(&e);
	goenv_free(NULL);
}

static void test_defaults_without_anything(void **state)
{
	struct goenv_input in = {0};
	struct goenv e;

	(void)state;
	goenv_resolve(&in, &e);
	assert_string_equal(goenv_value(&e, GOENV_GOPROXY), "https://proxy.golang.org,direct");
	assert_string_equal(goenv_value(&e, GOENV_GOSUMDB), "sum.golang.org");
	assert_string_equal(goenv_value(&e, GOENV_GOTOOLCHAIN), "local");
	assert_string_equal(goenv_value(&e, GOENV_GOPATH), "");
	assert_int_equal(e.pid, 0);
	goenv_free(&e);
}

static void test_file_path(void **state)
{
	int off = 0;
	char *p;

	(void)state;
	p = goenv_file_path("/etc/goenv", "/x", "/h", &off);
	assert_string_equal(p, "/etc/goenv");
	free(p);
	assert_null(goenv_file_path("off", "/x", "/h", &off));
	assert_int_equal(off, 1);
	p = goenv_file_path(NULL, "/xdg", "/h", &off);
	assert_string_equal(p, "/xdg/go/env");
	free(p);
	p = goenv_file_path(NULL, "relative", "/h", &off);
	assert_string_equal(p, "/h/.config/go/env");
	free(p);
	assert_null(goenv_file_path(NULL, NULL, NULL, &off));
}

static void test_goflags_and_patterns(void **state)
{
	char *v;

	(void)state;
	v = goenv_goflag("-trimpath -mod=vendor --tags=x", "mod");
	assert_string_equal(v, "vendor");
	free(v);
	v = goenv_goflag("--mod=mod -mod=readonly", "mod");
	assert_string_equal(v, "readonly");
	free(v);
	assert_null(goenv_goflag("-modcacherw", "mod"));
	assert_null(goenv_goflag("", "mod"));
	assert_true(goenv_match_patterns("*.corp.example,github.com/acme", "git.corp.example/x/y"));
	assert_true(goenv_match_patterns(" github.com/acme ", "github.com/acme/lib"));
	assert_false(goenv_match_patterns("github.com/acme", "github.com/acmeco/lib"));
	assert_true(goenv_match_patterns("github.com", "github.com/anyone/anything"));
	assert_true(goenv_match_patterns("*", "golang.org/x/text"));
	assert_false(goenv_match_patterns("github.com/a/b/c", "github.com/a/b"));
	assert_false(goenv_match_patterns(",,", "github.com/a"));
}

static void test_redacted_display(void **state)
{
	char *d;

	(void)state;
	d = goenv_display("https://bob:s3cretTok@proxy.corp/,direct");
	assert_null(strstr(d, "s3cretTok"));
	assert_non_null(strstr(d, "proxy.corp"));
	free(d);
}

static void test_collect_self(void **state)
{
	struct goenv e;
	char *cause = NULL;

	/* /proc/self/environ keeps the exec-time value; setenv changes only
	 * the shell layer. */
	const char *orig = getenv("GOPROXY");
	int had = orig != NULL && *orig;

	(void)state;
	setenv("GOPROXY", "https://unit.example/p", 1);
	assert_int_equal(goenv_collect(getpid(), &e, &cause), 0);
	assert_int_equal(goenv_get(&e, GOENV_GOPROXY)->source,
			 had ? GOENV_SRC_PROCESS : GOENV_SRC_SHELL);
	assert_string_equal(goenv_get(&e, GOENV_GOPROXY)->layer[GOENV_SRC_SHELL],
			    "https://unit.example/p");
	goenv_free(&e);
	assert_int_equal(goenv_collect(999999999, &e, &cause), -1);
	assert_non_null(cause);
	free(cause);
	goenv_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layers),
	    cmocka_unit_test(test_defaults_without_anything),
	    cmocka_unit_test(test_file_path),
	    cmocka_unit_test(test_goflags_and_patterns),
	    cmocka_unit_test(test_redacted_display),
	    cmocka_unit_test(test_collect_self),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
