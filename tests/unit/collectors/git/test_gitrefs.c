/* Unit tests: gitrefs_load() (libgit2 underneath) on repositories laid
 * out by hand the way git writes them, hostile ones included
 * (tests/it/gitrefs.sh compares with git itself). */
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
	if (strstr(rel, ".git/HEAD") != NULL || strstr(rel, "modstore/HEAD") != NULL) {
		char obj[600];

		snprintf(obj, sizeof obj, "%.*s/objects", (int)(strrchr(path, '/') - path), path);
		mkdir(obj, 0755);
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
	assert_non_null(cause);
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
	assert_non_null(cause);
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
	assert_non_null(cause);
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
	assert_non_null(cause);
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
