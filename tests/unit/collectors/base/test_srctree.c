/* Unit tests for collectors/base/srctree.c, the directory backend: a root
 * reached through a symlink is accepted (the user named it), links inside
 * the tree are reported and never followed, and a file is not a root. */
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

#include "collectors/base/srctree.h"

static char dir[64];

static void put(const char *rel, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", dir, rel);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_symlinked_root_and_inner_links(void **state)
{
	char real[128], link[128], p[256], *cause = NULL;
	struct srctree *t;
	struct buf b;
	size_t size = 0;

	(void)state;
	snprintf(real, sizeof real, "%s/real", dir);
	snprintf(link, sizeof link, "%s/link", dir);
	assert_int_equal(mkdir(real, 0700), 0);
	assert_int_equal(symlink(real, link), 0);
	put("real/go.mod", "module x\n");
	put("secret", "outside the tree\n");
	snprintf(p, sizeof p, "%s/real/escape", dir);
	assert_int_equal(symlink("../secret", p), 0);

	t = srctree_open_dir(link, &cause);
	assert_non_null(t);
	assert_int_equal(srctree_stat(t, "", NULL), SRCTREE_DIR);
	assert_int_equal(srctree_stat(t, "go.mod", &size), SRCTREE_FILE);
	assert_int_equal(size, 9);
	assert_int_equal(srctree_stat(t, "escape", &size), SRCTREE_LINK);
	buf_init(&b);
	assert_int_equal(srctree_read_whole(t, "go.mod", 1024, &b, &cause), 0);
	assert_string_equal(b.data, "module x\n");
	buf_free(&b);
	srctree_free(t);
}

static void test_file_is_not_a_root(void **state)
{
	char p[128], *cause = NULL;

	(void)state;
	put("plain", "x");
	snprintf(p, sizeof p, "%s/plain", dir);
	assert_null(srctree_open_dir(p, &cause));
	assert_non_null(strstr(cause, "not a directory"));
	free(cause);
	cause = NULL;
	snprintf(p, sizeof p, "%s/absent", dir);
	assert_null(srctree_open_dir(p, &cause));
	free(cause);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_srctree.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_symlinked_root_and_inner_links),
	    cmocka_unit_test(test_file_is_not_a_root),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
