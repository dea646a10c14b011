/* Unit tests: srctree over both backends (the working tree on disk and a
 * commit's tree from git objects) must list, read and stat alike; paths
 * that climb out are refused; caps are kept. The repository is made with
 * git itself (skipped when git is absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/base/common.h"
#include "collectors/base/srctree.h"
#include "collectors/git/gitlog.h"
#include "collectors/git/gitrepo.h"

static char root[64];
static char head[GITREPO_HEX];

static int sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/gt-srctree-XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	return sh("cd %s && export GIT_CONFIG_NOSYSTEM=1 HOME=%s GIT_AUTHOR_NAME=a "
		  "GIT_AUTHOR_EMAIL=a@a GIT_COMMITTER_NAME=a GIT_COMMITTER_EMAIL=a@a "
		  "GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z && "
		  "git init -q -b main r && cd r && mkdir -p svc/pkg svc/static && "
		  "printf 'module m\\n' > svc/go.mod && printf 'package pkg\\n' > svc/pkg/a.go && "
		  "printf 'x' > svc/static/.hidden && printf 'y' > svc/static/b.txt && "
		  "ln -s pkg svc/link && git add -A && git commit -qm one && "
		  "printf 'package pkg // two\\n' > svc/pkg/a.go && git commit -qam two && "
		  "printf 'dirty\\n' > svc/pkg/a.go",
		  root, root);
}

static int teardown(void **state)
{
	(void)state;
	return sh("rm -rf '%s'", root);
}

/* The same assertions over either backend; `a_go` is what pkg/a.go holds. */
static void same_shape(struct srctree *t, const char *a_go)
{
	struct srctree_ent *e;
	size_t n, size = 0;
	struct buf b;
	int trunc = 0, seen = 0;
	char *cause = NULL;

	assert_int_equal(srctree_list(t, "", &e, &n, &cause), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(e[i].name, "pkg") == 0)
			seen |= 1, assert_int_equal(e[i].kind, SRCTREE_DIR);
		if (strcmp(e[i].name, "go.mod") == 0)
			seen |= 2, assert_int_equal(e[i].kind, SRCTREE_FILE);
		if (strcmp(e[i].name, "link") == 0)
			seen |= 4, assert_int_equal(e[i].kind, SRCTREE_LINK);
	}
	srctree_ents_free(e, n);
	assert_int_equal(seen, 7);
	buf_init(&b);
	assert_int_equal(srctree_read(t, "pkg/a.go", 1024, &b, &trunc, &cause), 0);
	assert_string_equal(b.data, a_go);
	assert_false(trunc);
	assert_int_equal(srctree_read(t, "pkg/a.go", 3, &b, &trunc, &cause), 0);
	assert_int_equal(b.len, 3);
	assert_true(trunc);
	assert_int_equal(srctree_read_whole(t, "pkg/a.go", 3, &b, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(srctree_stat(t, "go.mod", &size), SRCTREE_FILE);
	assert_int_equal(size, 9);
	assert_int_equal(srctree_stat(t, "pkg", NULL), SRCTREE_DIR);
	assert_int_equal(srctree_stat(t, "nope", NULL), SRCTREE_NONE);
	/* Climbing out, absolute paths and a symlink read are refused. */
	assert_int_equal(srctree_read(t, "../go.mod", 1024, &b, NULL, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(srctree_read(t, "/etc/passwd", 1024, &b, NULL, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(srctree_list(t, "pkg/..", &e, &n, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(srctree_read(t, "missing.go", 1024, &b, NULL, &cause), -1);
	assert_non_null(cause);
	free(cause);
	buf_free(&b);
	/* go:embed-style globs: '*' matches dot files, as Go's Glob does. */
	assert_int_equal(srctree_glob_count(t, "", "static/*"), 2);
	assert_int_equal(srctree_glob_count(t, "", "pkg/*.go"), 1);
	assert_int_equal(srctree_glob_count(t, "", "nothing/*"), 0);
	assert_int_equal(srctree_glob_count(t, "", "/abs"), -1);
}

static void test_dir_backend(void **state)
{
	char dir[128];
	struct srctree *t;

	(void)state;
	snprintf(dir, sizeof dir, "%s/r/svc", root);
	t = srctree_open_dir(dir, NULL);
	assert_non_null(t);
	assert_false(t->is_git);
	same_shape(t, "dirty\n");
	srctree_free(t);
	srctree_free(NULL);
}

static void test_git_backend(void **state)
{
	char dir[128], hex[GITREPO_HEX], *cause = NULL;
	struct gitrepo *r;
	struct srctree *t;

	(void)state;
	snprintf(dir, sizeof dir, "%s/r/svc", root);
	assert_int_equal(gitrepo_open(dir, &r, &cause), 0);
	assert_string_equal(r->prefix, "svc");
	assert_int_equal(gitrepo_commit(r, "HEAD", head, &cause), 1);
	/* The committed text, not the dirty working file. */
	t = gitrepo_tree(r, head, "commit", &cause);
	assert_non_null(t);
	assert_true(t->is_git);
	same_shape(t, "package pkg // two\n");
	srctree_free(t);
	assert_int_equal(gitrepo_commit(r, "HEAD~1", hex, &cause), 1);
	t = gitrepo_tree(r, hex, "older", &cause);
	gitrepo_free(r); /* the tree keeps the repository alive */
	same_shape(t, "package pkg\n");
	srctree_free(t);
}

static void test_commit_lookup_and_log(void **state)
{
	char dir[128], hex[GITREPO_HEX], old[GITREPO_HEX], *cause = NULL;
	struct gitrepo *r;
	struct gitlog *l;

	(void)state;
	snprintf(dir, sizeof dir, "%s/r", root);
	assert_int_equal(gitrepo_open(dir, &r, &cause), 0);
	assert_int_equal(gitrepo_commit(r, "0123456789abcdef0123456789abcdef01234567", hex, &cause),
			 0);
	assert_non_null(strstr(cause, "not in the repository"));
	free(cause);
	cause = NULL;
	assert_int_equal(gitrepo_commit(r, "--upload-pack=x", hex, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(gitrepo_commit(r, "HEAD~1", old, &cause), 1);
	assert_int_equal(gitrepo_commit(r, "main", hex, &cause), 1);
	assert_int_equal(gitlog_lacks(r, old, hex, 0, &l, &cause), 0);
	assert_int_equal(l->lacks, 1);
	assert_int_equal(l->ahead, 0);
	assert_string_equal(l->v[0].subject, "two");
	assert_int_equal(l->v[0].nfiles, 1);
	assert_string_equal(l->v[0].files[0].path, "svc/pkg/a.go");
	assert_int_equal(l->v[0].files[0].status, 'M');
	gitlog_free(l);
	assert_int_equal(gitlog_lacks(r, hex, old, 0, &l, &cause), 0);
	assert_int_equal(l->lacks, 0);
	assert_int_equal(l->ahead, 1);
	gitlog_free(l);
	gitlog_free(NULL);
	gitrepo_free(r);
	gitrepo_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dir_backend),
	    cmocka_unit_test(test_git_backend),
	    cmocka_unit_test(test_commit_lookup_and_log),
	};

	if (system("git --version >/dev/null 2>&1") != 0) {
		printf("skipped: git is not installed\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
