/* Unit tests: the stale-binary and devel-build checks, over hand-made
 * build info (docs/failure-modes.md chapter 0). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/binary_checks.h"
#include "collectors/elf/buildinfo.h"
#include "collectors/elf/modinfo.h"

#define REV "0123456789abcdef0123456789abcdef01234567"
#define REV2 "fedcba9876543210fedcba9876543210fedcba98"

static struct buildinfo *mk(const char *vers, const char *text, const char *id)
{
	struct buildinfo *bi = calloc(1, sizeof *bi);

	modinfo_init(&bi->mod);
	assert_int_equal(modinfo_parse(text, strlen(text), &bi->mod, NULL), 0);
	bi->go_version = xstrdup(vers);
	bi->modinfo = xstrdup(text);
	bi->build_id = id ? xstrdup(id) : NULL;
	return bi;
}

static const char vcs_clean[] = "path\tex.com/app\nmod\tex.com/app\t(devel)\t\n"
				"build\t-ldflags=\"-X main.version=1.2.3\"\n"
				"build\tvcs=git\nbuild\tvcs.revision=" REV "\n"
				"build\tvcs.time=2024-05-01T10:00:00Z\nbuild\tvcs.modified=false\n";

static int has_evidence(const struct verdict *v, const char *needle)
{
	for (size_t i = 0; i < v->evidence.n; i++)
		if (strstr(v->evidence.v[i], needle) != NULL)
			return 1;
	return 0;
}

static void test_stale_deleted_exe_fails(void **state)
{
	struct buildinfo *run = mk("go1.19.8", vcs_clean, "aaa/bbb/ccc/ddd");
	struct buildinfo *disk = mk("go1.19.8", vcs_clean, "eee/fff/ggg/hhh");
	struct stale_inputs in = {.pid = 42,
				  .exe_path = "/srv/app",
				  .exe_deleted = 1,
				  .start_time = 1000,
				  .file_mtime = 5000,
				  .running = run,
				  .on_disk = disk};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	check_stale_binary(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_non_null(strstr(v.summary, "deleted binary"));
	assert_true(has_evidence(&v, "/proc/42/exe -> /srv/app (deleted)"));
	assert_true(has_evidence(&v, "build ID running: aaa/bbb/ccc/ddd"));
	assert_true(has_evidence(&v, "build ID on disk: eee/fff/ggg/hhh"));
	assert_true(has_evidence(&v, "modified 1970-01-01T01:23:20Z"));
	verdict_free(&v);

	/* deleted with nothing at the path any more */
	in.on_disk = NULL;
	in.on_disk_error = "/srv/app: No such file or directory";
	check_stale_binary(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	verdict_free(&v);
	buildinfo_free(run);
	buildinfo_free(disk);
}

static void test_stale_same_build_passes(void **state)
{
	struct buildinfo *run = mk("go1.19.8", vcs_clean, "aaa/bbb/ccc/ddd");
	struct buildinfo *disk = mk("go1.19.8", vcs_clean, "aaa/bbb/ccc/ddd");
	struct stale_inputs in = {.pid = 7,
				  .exe_path = "/srv/app",
				  .start_time = 1000,
				  .file_mtime = 900,
				  .running = run,
				  .on_disk = disk,
				  .repo_head = REV,
				  .repo_dir = "/src/app"};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	check_stale_binary(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_true(has_evidence(&v, "same build as the running image"));
	assert_true(has_evidence(&v, "matches the repo's HEAD " REV));
	verdict_free(&v);

	/* an abbreviated HEAD still matches */
	in.repo_head = "0123456789ab";
	check_stale_binary(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);

	/* the file is newer than the process but holds the same build: warn */
	in.file_mtime = 1010;
	check_stale_binary(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_non_null(strstr(v.summary, "changed after the process started"));
	verdict_free(&v);
	/* within the start time's one-second grain: not suspicious */
	in.file_mtime = 1001.5;
	check_stale_binary(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);
	buildinfo_free(run);
	buildinfo_free(disk);
}

static void test_stale_differences_fail(void **state)
{
	struct buildinfo *run = mk("go1.19.8", vcs_clean, NULL);
	char other[sizeof vcs_clean];
	struct verdict v;

	(void)state;
	memcpy(other, vcs_clean, sizeof other);
	memcpy(strstr(other, "1.2.3"), "1.2.4", 5);
	struct buildinfo *disk = mk("go1.19.8", other, NULL);
	struct stale_inputs in = {
	    .pid = 7, .exe_path = "/srv/app", .running = run, .on_disk = disk};
	verdict_init(&v);
	check_stale_binary(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_true(has_evidence(&v, "running != on disk: build -ldflags"));
	verdict_free(&v);

	/* revision != HEAD, and the file on disk is the running build: a
	 * restart would change nothing, so it says rebuild and deploy. */
	in.on_disk = run;
	in.repo_head = REV2;
	check_stale_binary(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_non_null(strstr(v.summary,
			       "rebuild and deploy, not restart: /srv/app is the running "
			       "build (0123456); the repo's HEAD is fedcba9"));
	assert_true(has_evidence(&v, "a restart would run the same build again"));
	verdict_free(&v);
	/* With the history: how many commits HEAD is ahead. */
	{
		struct gitlog log = {.lacks = 3};
		struct changes ch = {
		    .relation = CHANGES_BEHIND, .log = &log, .against_name = "HEAD (main)"};

		memcpy(ch.against, REV2, sizeof REV2);
		in.changes = &ch;
		check_stale_binary(&in, &v);
		assert_int_equal(v.kind, VERDICT_FAIL);
		assert_string_equal(
		    v.summary, "rebuild and deploy, not restart: /srv/app is the running build "
			       "(0123456) and HEAD (main) (fedcba9) is 3 commits ahead of it");
		verdict_free(&v);
		/* A file on disk that differs: restarting is the remedy, no rebuild. */
		in.on_disk = disk;
		check_stale_binary(&in, &v);
		assert_null(strstr(v.summary, "rebuild"));
		verdict_free(&v);
		in.changes = NULL;
	}
	buildinfo_free(run);
	buildinfo_free(disk);
}

static void test_stale_vcs_warnings_and_unknown(void **state)
{
	struct buildinfo *dirty = mk("go1.19.8",
				     "mod\tm\t(devel)\t\nbuild\tvcs.revision=" REV "\n"
				     "build\tvcs.modified=true\n",
				     NULL);
	struct buildinfo *novcs = mk("go1.19.8", "mod\tm\t(devel)\t\n", NULL);
	struct stale_inputs in = {.running = dirty};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	check_stale_binary(&in, &v); /* a file, not a process */
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_true(has_evidence(&v, "vcs.modified=true"));
	verdict_free(&v);

	in.running = novcs;
	check_stale_binary(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_true(has_evidence(&v, "-buildvcs=false"));
	verdict_free(&v);

	struct stale_inputs denied = {.pid = 1, .exe_error = "Permission denied"};
	check_stale_binary(&denied, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_non_null(strstr(v.missing, "/proc/1/exe (Permission denied)"));
	verdict_free(&v);

	struct stale_inputs nothing = {0};
	check_stale_binary(&nothing, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	verdict_free(&v);
	buildinfo_free(dirty);
	buildinfo_free(novcs);
}

static void test_devel_build(void **state)
{
	static const struct {
		const char *text;
		enum verdict_kind want;
		const char *evidence;
	} cases[] = {
	    {"mod\tm\tv1.2.3\th1:x\n", VERDICT_PASS, "main module m v1.2.3"},
	    {"mod\tm\t(devel)\t\n", VERDICT_WARN, "no -ldflags"},
	    {"mod\tm\t(devel)\t\nbuild\t-ldflags=\"-s -w\"\n", VERDICT_WARN,
	     "-ldflags=-s -w has no -X"},
	    {"mod\tm\t(devel)\t\nbuild\t-trimpath=true\n", VERDICT_WARN, "-trimpath omits it"},
	    {"mod\tm\t(devel)\t\nbuild\t-ldflags=\"-X main.v=1\"\n", VERDICT_PASS,
	     "stamps a version"},
	    {"mod\tm\tv1.0.0\t\ndep\ta/b\tv1.0.0\n=>\t../b\t\t\n", VERDICT_WARN,
	     "dep a/b v1.0.0 => ../b"},
	    {"mod\tm\tv1.0.0\t\ndep\ta/b\tv1.0.0\n=>\tc/d\tv1.1.0\th1:y\n", VERDICT_PASS,
	     "main module"},
	    {"mod\tm\tv1.2.4-0.20240101000000-abcdef123456+dirty\t\n", VERDICT_WARN, "+dirty"},
	    {"path\tgithub.com/prometheus/prometheus/cmd/prometheus\n", VERDICT_UNKNOWN, NULL},
	};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buildinfo *bi = mk("go1.19.8", cases[i].text, NULL);
		struct devel_inputs in = {.bi = bi, .binary = "/srv/app"};
		check_devel_build(&in, &v);
		if (v.kind != cases[i].want)
			fail_msg("case %zu: %s (%s)", i, verdict_name(v.kind), v.summary);
		if (cases[i].evidence && !has_evidence(&v, cases[i].evidence))
			fail_msg("case %zu: no evidence [%s]", i, cases[i].evidence);
		verdict_free(&v);
		buildinfo_free(bi);
	}
	struct devel_inputs none = {.binary = "/x", .bi_error = "not a Go executable"};
	check_devel_build(&none, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_non_null(strstr(v.missing, "not a Go executable"));
	verdict_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stale_deleted_exe_fails),
	    cmocka_unit_test(test_stale_same_build_passes),
	    cmocka_unit_test(test_stale_differences_fail),
	    cmocka_unit_test(test_stale_vcs_warnings_and_unknown),
	    cmocka_unit_test(test_devel_build),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
