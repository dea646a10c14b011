/* Unit tests: .git file formats, and gitrefs_load() on repositories laid
 * out by hand the way git writes them (tests/it/gitrefs.sh compares with
 * git itself). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/base/common.h"
#include "collectors/git/gitrefs.h"

#define H1 "0123456789abcdef0123456789abcdef01234567"
#define H2 "89abcdef0123456789abcdef0123456789abcdef"
#define H3 "fedcba9876543210fedcba9876543210fedcba98"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/gt-gitrefs-XXXXXX");
	return mkdtemp(root) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static struct gitrefs *load(const char *rel, char **cause)
{
	char path[512];
	struct gitrefs *g = NULL;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	if (gitrefs_load(path, &g, cause) < 0)
		return NULL;
	return g;
}

static void test_parse_head(void **state)
{
	char *ref = NULL, *cause = NULL, hash[GITREFS_HASH_MAX + 1];

	(void)state;
	assert_int_equal(gitrefs_parse_head("ref: refs/heads/main\n", 21, &ref, hash, &cause), 0);
	assert_string_equal(ref, "refs/heads/main");
	free(ref);
	assert_int_equal(gitrefs_parse_head(H1 "\n", 41, &ref, hash, &cause), 0);
	assert_null(ref);
	assert_string_equal(hash, H1);
	/* Upper case is accepted and normalised; SHA-256 names too. */
	assert_int_equal(
	    gitrefs_parse_head("0123456789ABCDEF0123456789ABCDEF01234567", 40, &ref, hash, &cause),
	    0);
	assert_string_equal(hash, H1);
	assert_int_equal(
	    gitrefs_parse_head(H1 H1 "01234567890123456789abcd", 104, &ref, hash, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(gitrefs_parse_head(H1 "0123456789abcdef01234567", 64, &ref, hash, &cause),
			 0);
	assert_int_equal(strlen(hash), 64);
}

static void test_parse_head_bad(void **state)
{
	static const char *const bad[] = {"",	   "ref:",	    "ref:   \n", "0123",
					  "zz" H1, H1 "\n" H2 "\n", "ref: a\nb"};
	char *ref = NULL, hash[GITREFS_HASH_MAX + 1];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		char *cause = NULL;

		assert_int_equal(gitrefs_parse_head(bad[i], strlen(bad[i]), &ref, hash, &cause),
				 -1);
		assert_null(ref);
		assert_non_null(cause);
		free(cause);
	}
	/* An embedded NUL. */
	{
		char *cause = NULL;

		assert_int_equal(gitrefs_parse_head("ref: a\0b", 8, &ref, hash, &cause), -1);
		free(cause);
	}
}

static void test_parse_gitfile_commondir(void **state)
{
	char *d = NULL, *cause = NULL;

	(void)state;
	assert_int_equal(gitrefs_parse_gitfile("gitdir: ../.git/worktrees/wt\n", 29, &d, &cause),
			 0);
	assert_string_equal(d, "../.git/worktrees/wt");
	free(d);
	assert_int_equal(gitrefs_parse_gitfile("gitdir:/abs/path", 16, &d, &cause), 0);
	assert_string_equal(d, "/abs/path");
	free(d);
	assert_int_equal(gitrefs_parse_gitfile("gitdir: \n", 9, &d, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(gitrefs_parse_gitfile("worktree: x\n", 12, &d, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(gitrefs_parse_commondir("../..\n", 6, &d, &cause), 0);
	assert_string_equal(d, "../..");
	free(d);
	assert_int_equal(gitrefs_parse_commondir("\n\n", 2, &d, &cause), -1);
	free(cause);
}

static void test_parse_packed(void **state)
{
	const char *p =
	    "# pack-refs with: peeled fully-peeled sorted \n" H1 " refs/heads/main\n" H2
	    " refs/heads/main2\n" H3 " refs/tags/v1\n^" H1 "\n"
	    "garbage line\n"
	    "nohash refs/heads/broken\r\n" H2 " refs/heads/crlf\r\n" H3 " refs/heads/last";
	char hash[GITREFS_HASH_MAX + 1], *cause = NULL;

	(void)state;
	assert_int_equal(gitrefs_parse_packed(p, strlen(p), "refs/heads/main", hash, &cause), 1);
	assert_string_equal(hash, H1);
	assert_int_equal(gitrefs_parse_packed(p, strlen(p), "refs/heads/main2", hash, &cause), 1);
	assert_string_equal(hash, H2);
	assert_int_equal(gitrefs_parse_packed(p, strlen(p), "refs/tags/v1", hash, &cause), 1);
	assert_string_equal(hash, H3);
	assert_int_equal(gitrefs_parse_packed(p, strlen(p), "refs/heads/crlf", hash, &cause), 1);
	assert_string_equal(hash, H2);
	assert_int_equal(gitrefs_parse_packed(p, strlen(p), "refs/heads/last", hash, &cause), 1);
	assert_int_equal(gitrefs_parse_packed(p, strlen(p), "refs/heads/mai", hash, &cause), 0);
	assert_int_equal(gitrefs_parse_packed(p, strlen(p), "refs/heads/none", hash, &cause), 0);
	assert_int_equal(gitrefs_parse_packed(p, strlen(p), "refs/heads/broken", hash, &cause), -1);
	assert_non_null(cause);
	free(cause);
	assert_int_equal(gitrefs_parse_packed("", 0, "refs/heads/main", hash, NULL), 0);
}

static void test_is_hash(void **state)
{
	(void)state;
	assert_true(gitrefs_is_hash(H1, 40));
	assert_false(gitrefs_is_hash(H1, 39));
	assert_false(gitrefs_is_hash("g123456789abcdef0123456789abcdef01234567", 40));
}

static void test_load_loose(void **state)
{
	struct gitrefs *g;
	char *cause = NULL;

	(void)state;
	put("loose/.git/HEAD", "ref: refs/heads/feature/x\n");
	put("loose/.git/refs/heads/feature/x", H1 "\n");
	put("loose/.git/packed-refs", H2 " refs/heads/feature/x\n"); /* loose wins */
	put("loose/src/pkg/a.go", "package pkg\n");
	g = load("loose/src/pkg", &cause); /* from a subdirectory, like git */
	assert_non_null(g);
	assert_string_equal(g->hash, H1);
	assert_string_equal(g->branch, "feature/x");
	assert_int_equal(g->source, GITREFS_LOOSE);
	assert_false(g->linked);
	assert_non_null(strstr(g->worktree, "/loose"));
	gitrefs_free(g);
	gitrefs_free(NULL);
}

static void test_load_packed_and_detached(void **state)
{
	struct gitrefs *g;
	char *cause = NULL;

	(void)state;
	put("packed/.git/HEAD", "ref: refs/heads/main\n");
	put("packed/.git/refs/heads/.keep", "");
	put("packed/.git/packed-refs", "# pack-refs with: peeled fully-peeled sorted \n" H2
				       " refs/heads/main\n" H3 " refs/tags/v1\n^" H1 "\n");
	g = load("packed", &cause);
	assert_non_null(g);
	assert_string_equal(g->hash, H2);
	assert_int_equal(g->source, GITREFS_PACKED);
	gitrefs_free(g);

	put("detached/.git/HEAD", H3 "\n");
	put("detached/.git/refs/heads/.keep", "");
	g = load("detached", &cause);
	assert_non_null(g);
	assert_string_equal(g->hash, H3);
	assert_null(g->ref);
	assert_null(g->branch);
	assert_int_equal(g->source, GITREFS_DETACHED);
	gitrefs_free(g);
}

static void test_load_worktree(void **state)
{
	struct gitrefs *g;
	char *cause = NULL;

	(void)state;
	/* Main repo with a linked worktree "wt" on branch "side" (packed). */
	put("main/.git/HEAD", "ref: refs/heads/main\n");
	put("main/.git/refs/heads/main", H1 "\n");
	put("main/.git/packed-refs", H3 " refs/heads/side\n");
	put("main/.git/worktrees/wt/HEAD", "ref: refs/heads/side\n");
	put("main/.git/worktrees/wt/commondir", "../..\n");
	put("main/.git/worktrees/wt/gitdir", "/elsewhere/wt/.git\n");
	put("wt/.git", "gitdir: ../main/.git/worktrees/wt\n");
	g = load("wt", &cause);
	assert_non_null(g);
	assert_true(g->linked);
	assert_string_equal(g->branch, "side");
	assert_string_equal(g->hash, H3);
	assert_int_equal(g->source, GITREFS_PACKED);
	gitrefs_free(g);

	/* A submodule-style .git file with an absolute path, detached. */
	put("modstore/HEAD", H2 "\n");
	{
		char text[256];

		snprintf(text, sizeof text, "gitdir: %s/modstore\n", root);
		put("sub/.git", text);
	}
	{
		char path[256];

		snprintf(path, sizeof path, "%s/modstore/refs", root);
		mkdir(path, 0755);
	}
	g = load("sub", &cause);
	assert_non_null(g);
	assert_string_equal(g->hash, H2);
	gitrefs_free(g);
}

static void test_load_unborn_symref_chain(void **state)
{
	struct gitrefs *g;
	char *cause = NULL;

	(void)state;
	put("unborn/.git/HEAD", "ref: refs/heads/main\n");
	put("unborn/.git/refs/heads/.keep", "");
	g = load("unborn", &cause);
	assert_non_null(g);
	assert_int_equal(g->source, GITREFS_UNBORN);
	assert_string_equal(g->hash, "");
	assert_string_equal(g->branch, "main");
	gitrefs_free(g);

	put("chain/.git/HEAD", "ref: refs/heads/alias\n");
	put("chain/.git/refs/heads/alias", "ref: refs/heads/real\n");
	put("chain/.git/refs/heads/real", H1 "\n");
	g = load("chain", &cause);
	assert_non_null(g);
	assert_string_equal(g->hash, H1);
	gitrefs_free(g);

	put("loop/.git/HEAD", "ref: refs/heads/a\n");
	put("loop/.git/refs/heads/a", "ref: refs/heads/a\n");
	assert_null(load("loop", &cause));
	assert_non_null(strstr(cause, "deeper"));
	free(cause);
}

static void test_load_hostile(void **state)
{
	struct gitrefs *g;
	char *cause = NULL;
	struct buf b;

	(void)state;
	/* A ref name that would climb out of .git is refused, not read. */
	put("evil/.git/HEAD", "ref: refs/../../../../etc/passwd\n");
	put("evil/.git/refs/heads/.keep", "");
	assert_null(load("evil", &cause));
	assert_non_null(strstr(cause, "refusing"));
	free(cause);
	cause = NULL;
	put("evil2/.git/HEAD", "ref: /etc/passwd\n");
	put("evil2/.git/refs/heads/.keep", "");
	assert_null(load("evil2", &cause));
	free(cause);
	cause = NULL;
	/* An oversized HEAD. */
	buf_init(&b);
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, 'a');
	put("huge/.git/HEAD", b.data);
	put("huge/.git/refs/heads/.keep", "");
	buf_free(&b);
	assert_null(load("huge", &cause));
	assert_non_null(strstr(cause, "larger than"));
	free(cause);
	cause = NULL;
	/* A loose ref holding garbage. */
	put("junk/.git/HEAD", "ref: refs/heads/main\n");
	put("junk/.git/refs/heads/main", "\x01\x02 not a hash");
	assert_null(load("junk", &cause));
	free(cause);
	cause = NULL;
	/* A .git file pointing nowhere. */
	put("dangling/.git", "gitdir: /nonexistent/x\n");
	assert_null(load("dangling", &cause));
	assert_non_null(strstr(cause, "not a directory"));
	free(cause);
	cause = NULL;
	/* reftable is reported, not misread. */
	put("rt/.git/HEAD", "ref: refs/heads/.invalid\n");
	put("rt/.git/refs/heads", "");
	put("rt/.git/reftable/tables.list", "");
	assert_null(load("rt", &cause));
	assert_non_null(strstr(cause, "reftable"));
	free(cause);
	cause = NULL;
	g = load("does-not-exist", &cause);
	assert_null(g);
	assert_non_null(strstr(cause, "--repo"));
	free(cause);
}

static void test_load_not_a_repo(void **state)
{
	char *cause = NULL;
	struct gitrefs *g = (struct gitrefs *)1;

	(void)state;
	/* /proc is never inside a repository. */
	assert_int_equal(gitrefs_load("/proc/self", &g, &cause), -1);
	assert_null(g);
	assert_non_null(strstr(cause, "no .git found"));
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_head),
	    cmocka_unit_test(test_parse_head_bad),
	    cmocka_unit_test(test_parse_gitfile_commondir),
	    cmocka_unit_test(test_parse_packed),
	    cmocka_unit_test(test_is_hash),
	    cmocka_unit_test(test_load_loose),
	    cmocka_unit_test(test_load_packed_and_detached),
	    cmocka_unit_test(test_load_worktree),
	    cmocka_unit_test(test_load_unborn_symref_chain),
	    cmocka_unit_test(test_load_hostile),
	    cmocka_unit_test(test_load_not_a_repo),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
