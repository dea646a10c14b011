/* Unit tests: gosum-mismatch and vendor-inconsistent on real repository
 * files read by modstate_load() (go.mod, go.sum, vendor/modules.txt written
 * to a scratch directory), with the binary's dependency list passed the way
 * the console passes it from buildinfo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/module_checks.h"

static char dir[] = "/tmp/gotriage-modchk.XXXXXX";

static void put(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	char path[512];

	(void)state;
	strcpy(dir, "/tmp/gotriage-modchk.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/vendor", dir);
	return mkdir(path, 0700);
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static struct modstate *load(const struct modstate_dep *deps, size_t ndeps, struct goenv *env)
{
	char *shell[] = {"GOFLAGS=", "GOWORK=off", NULL};
	struct goenv_input in = {.shell_environ = shell};
	struct modstate_opts o = {.dir = dir, .deps = deps, .ndeps = ndeps, .env = env};
	struct modstate *ms = NULL;
	char *cause = NULL;

	goenv_resolve(&in, env);
	if (modstate_load(&o, &ms, &cause) != 0)
		fail_msg("modstate_load: %s", cause);
	return ms;
}

static const char *evidence_with(const struct verdict *v, const char *needle)
{
	for (size_t i = 0; i < v->evidence.n; i++)
		if (strstr(v->evidence.v[i], needle))
			return v->evidence.v[i];
	return NULL;
}

#define GOMOD "module example.com/app\n\ngo 1.19\n\nrequire example.com/dep v1.0.0\n"
#define H_MOD_A "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
#define H_MOD_B "h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB="
#define H_ZIP_A "h1:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC="
#define H_ZIP_B "h1:DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD="

/* Two hashes for one module version: go refuses the build ("checksum
 * mismatch"), so the check fails, and the evidence names both lines. */
static void test_gosum_conflict_fails_and_cites_both_lines(void **state)
{
	struct goenv env;
	struct modstate *ms;
	struct verdict v;
	const char *e;

	(void)state;
	put("go.mod", GOMOD);
	/* lines: 1 zip A, 2 go.mod A, 3 blank, 4 zip B */
	put("go.sum", "example.com/dep v1.0.0 " H_ZIP_A "\n"
		      "example.com/dep v1.0.0/go.mod " H_MOD_A "\n"
		      "\n"
		      "example.com/dep v1.0.0 " H_ZIP_B "\n");
	ms = load(NULL, 0, &env);
	verdict_init(&v);
	check_gosum_mismatch(ms, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_non_null(strstr(v.summary, "1 go.sum conflict(s)"));
	e = evidence_with(&v, "two different hashes");
	assert_non_null(e);
	assert_non_null(strstr(e, "example.com/dep v1.0.0 has"));
	assert_non_null(strstr(e, "go.sum:1: " H_ZIP_A));
	assert_non_null(strstr(e, "go.sum:4: " H_ZIP_B));
	/* Not the /go.mod line, which agrees with itself. */
	assert_null(strstr(e, "go.sum:2"));
	verdict_free(&v);
	modstate_free(ms);
	goenv_free(&env);

	/* The same on the /go.mod hash. */
	put("go.sum", "example.com/dep v1.0.0/go.mod " H_MOD_A "\n"
		      "example.com/dep v1.0.0 " H_ZIP_A "\n"
		      "example.com/dep v1.0.0/go.mod " H_MOD_B "\n");
	ms = load(NULL, 0, &env);
	verdict_init(&v);
	check_gosum_mismatch(ms, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	e = evidence_with(&v, "two different hashes");
	assert_non_null(e);
	assert_non_null(strstr(e, "example.com/dep v1.0.0/go.mod has"));
	assert_non_null(strstr(e, "go.sum:1: " H_MOD_A));
	assert_non_null(strstr(e, "go.sum:3: " H_MOD_B));
	verdict_free(&v);
	modstate_free(ms);
	goenv_free(&env);

	/* One hash each, repeated identically: Go accepts it, so do we. */
	put("go.sum", "example.com/dep v1.0.0 " H_ZIP_A "\n"
		      "example.com/dep v1.0.0/go.mod " H_MOD_A "\n"
		      "example.com/dep v1.0.0 " H_ZIP_A "\n");
	ms = load(NULL, 0, &env);
	verdict_init(&v);
	check_gosum_mismatch(ms, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_null(evidence_with(&v, "two different hashes"));
	verdict_free(&v);
	modstate_free(ms);
	goenv_free(&env);
}

/* A direct requirement without its zip hash: go build says "missing go.sum
 * entry"; the check warns and names the go.mod line. No go.sum at all with
 * requirements warns too. */
static void test_gosum_missing_lines_warn(void **state)
{
	struct goenv env;
	struct modstate *ms;
	struct verdict v;
	char path[512];

	(void)state;
	put("go.mod", GOMOD);
	put("go.sum", "example.com/dep v1.0.0/go.mod " H_MOD_A "\n");
	ms = load(NULL, 0, &env);
	verdict_init(&v);
	check_gosum_mismatch(ms, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_non_null(strstr(v.summary, "1 requirement(s) lack go.sum lines"));
	assert_non_null(
	    evidence_with(&v, "go.mod:5: example.com/dep v1.0.0: go.sum has no zip hash"));
	verdict_free(&v);
	modstate_free(ms);
	goenv_free(&env);

	snprintf(path, sizeof path, "%s/go.sum", dir);
	unlink(path);
	ms = load(NULL, 0, &env);
	verdict_init(&v);
	check_gosum_mismatch(ms, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	verdict_free(&v);
	modstate_free(ms);
	goenv_free(&env);
}

#define MODTXT                                                                                     \
	"# example.com/dep v1.0.0\n"                                                               \
	"## explicit; go 1.19\n"                                                                   \
	"example.com/dep\n"

/* The binary's version of a vendored module against vendor/modules.txt:
 * equal passes, different warns with both versions in the evidence. */
static void test_vendor_binary_versions(void **state)
{
	struct goenv env;
	struct modstate *ms;
	struct verdict v;
	const struct modstate_dep same[] = {{.path = "example.com/dep", .version = "v1.0.0"}};
	const struct modstate_dep older[] = {{.path = "example.com/dep", .version = "v0.9.0"}};

	(void)state;
	put("go.mod", GOMOD);
	put("go.sum", "example.com/dep v1.0.0 " H_ZIP_A "\n"
		      "example.com/dep v1.0.0/go.mod " H_MOD_A "\n");
	put("vendor/modules.txt", MODTXT);

	ms = load(same, 1, &env);
	assert_string_equal(ms->buildmod, "vendor");
	verdict_init(&v);
	check_vendor_inconsistent(ms, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_null(evidence_with(&v, "binary has"));
	verdict_free(&v);
	modstate_free(ms);
	goenv_free(&env);

	ms = load(older, 1, &env);
	verdict_init(&v);
	check_vendor_inconsistent(ms, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_non_null(strstr(v.summary, "not built from this vendor/"));
	assert_non_null(
	    evidence_with(&v, "binary has example.com/dep v0.9.0, vendor/modules.txt v1.0.0"));
	verdict_free(&v);
	modstate_free(ms);
	goenv_free(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_gosum_conflict_fails_and_cites_both_lines, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_gosum_missing_lines_warn, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vendor_binary_versions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
