/* Unit tests: where the persisting ssh master's control socket lives. The
 * directory must be private (anyone reaching the socket runs commands on
 * the host as us), the name stable per destination and config (the next
 * run finds the master) and the path short enough for a socket. */
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

#include "collectors/base/common.h"
#include "collectors/remote/ssh_ctlpath.h"

static char base[] = "/tmp/gt-ctl-XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (mkdtemp(base) == NULL)
		return -1;
	setenv("XDG_RUNTIME_DIR", base, 1);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", base);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static void test_dir_made_private(void **state)
{
	char *cause = NULL, *dir = ssh_ctl_dir(&cause), *want = xasprintf("%s/gotriage-ssh", base);
	struct stat st;

	(void)state;
	assert_non_null(dir);
	assert_string_equal(dir, want);
	assert_int_equal(lstat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	free(dir);
	/* the second call finds it and accepts it */
	dir = ssh_ctl_dir(&cause);
	assert_non_null(dir);
	rmdir(dir);
	free(dir);
	free(want);
}

static void expect_refused(const char *want)
{
	char *cause = NULL, *dir = ssh_ctl_dir(&cause);

	assert_null(dir);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("'%s' lacks '%s'", cause, want);
	free(cause);
}

static void test_dir_refused(void **state)
{
	char *dir = xasprintf("%s/gotriage-ssh", base), *other = xasprintf("%s/other", base);

	(void)state;
	/* open to others: someone could reach the socket */
	assert_int_equal(mkdir(dir, 0700), 0);
	chmod(dir, 0755);
	expect_refused("open to others");
	chmod(dir, 0710);
	expect_refused("open to others");
	rmdir(dir);
	/* a symlink planted at the name, even to a private dir of ours */
	assert_int_equal(mkdir(other, 0700), 0);
	assert_int_equal(symlink(other, dir), 0);
	expect_refused("symlink");
	unlink(dir);
	/* a file */
	fclose(fopen(dir, "w"));
	expect_refused("not a directory");
	unlink(dir);
	/* not ours: only root can make one to test with */
	if (geteuid() == 0) {
		assert_int_equal(mkdir(dir, 0700), 0);
		assert_int_equal(chown(dir, 65534, 65534), 0);
		expect_refused("not us");
		rmdir(dir);
	}
	rmdir(other);
	free(dir);
	free(other);
}

static void test_dir_fallback(void **state)
{
	char *cause = NULL, *dir,
	     *want = xasprintf("%s/gotriage-ssh-%u", base, (unsigned)geteuid());

	(void)state;
	unsetenv("XDG_RUNTIME_DIR");
	setenv("TMPDIR", base, 1);
	dir = ssh_ctl_dir(&cause);
	assert_non_null(dir);
	assert_string_equal(dir, want);
	rmdir(dir);
	free(dir);
	/* a relative XDG_RUNTIME_DIR is ignored (the spec wants it absolute) */
	setenv("XDG_RUNTIME_DIR", "rel", 1);
	dir = ssh_ctl_dir(&cause);
	assert_non_null(dir);
	assert_string_equal(dir, want);
	rmdir(dir);
	free(dir);
	free(want);
	setenv("XDG_RUNTIME_DIR", base, 1);
	unsetenv("TMPDIR");
}

static void test_name(void **state)
{
	char *a = ssh_ctl_name("deploy", "web-3", 22, NULL, NULL);
	char *names[] = {
	    ssh_ctl_name("deploy", "web-3", 22, NULL, NULL),
	    ssh_ctl_name(NULL, "web-3", 22, NULL, NULL),
	    ssh_ctl_name("deploy", "web-4", 22, NULL, NULL),
	    ssh_ctl_name("deploy", "web-3", 2222, NULL, NULL),
	    ssh_ctl_name("deploy", "web-3", 22, "/etc/alt_config", NULL),
	    ssh_ctl_name("deploy", "web-3", 22, NULL, "1234"),
	    ssh_ctl_name("deplo", "yweb-3", 22, NULL, NULL), /* fields do not run together */
	};

	(void)state;
	assert_int_equal(strlen(a), 16);
	assert_int_equal(strspn(a, "0123456789abcdef"), 16);
	assert_string_equal(a, names[0]); /* stable: the next run finds the master */
	for (size_t i = 1; i < sizeof names / sizeof *names; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				fail_msg("names %zu and %zu collide: %s", i, j, names[i]);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		free(names[i]);
	free(a);
}

static void test_path_length(void **state)
{
	char *cause = NULL, *p, longdir[128];

	(void)state;
	p = ssh_ctl_path("/run/user/1000/gotriage-ssh", "0123456789abcdef", &cause);
	assert_non_null(p);
	assert_string_equal(p, "/run/user/1000/gotriage-ssh/0123456789abcdef");
	free(p);
	/* ssh binds PATH.<16 chars> first: that too must fit in sun_path */
	memset(longdir, 'd', sizeof longdir);
	longdir[0] = '/';
	longdir[SSH_CTL_PATH_MAX - 17] = '\0';
	p = ssh_ctl_path(longdir, "0123456789abcdef", &cause);
	assert_non_null(p);
	assert_int_equal(strlen(p), SSH_CTL_PATH_MAX);
	free(p);
	/* what ssh's option parser would misread */
	p = ssh_ctl_path("/tmp/a b", "0123456789abcdef", &cause);
	assert_null(p);
	assert_non_null(strstr(cause, "misread"));
	free(cause);
	cause = NULL;
	p = ssh_ctl_path("/tmp/100%", "0123456789abcdef", &cause);
	assert_null(p);
	free(cause);
	cause = NULL;
	longdir[SSH_CTL_PATH_MAX - 17] = 'd';
	longdir[SSH_CTL_PATH_MAX - 16] = '\0';
	p = ssh_ctl_path(longdir, "0123456789abcdef", &cause);
	assert_null(p);
	assert_non_null(strstr(cause, "longer than"));
	free(cause);
}

static void test_persist(void **state)
{
	(void)state;
	unsetenv("GOTRIAGE_SSH_PERSIST");
	assert_int_equal(ssh_ctl_persist(), 60);
	setenv("GOTRIAGE_SSH_PERSIST", "0", 1);
	assert_int_equal(ssh_ctl_persist(), 0);
	setenv("GOTRIAGE_SSH_PERSIST", "5", 1);
	assert_int_equal(ssh_ctl_persist(), 5);
	setenv("GOTRIAGE_SSH_PERSIST", "5s", 1); /* not a number: the default */
	assert_int_equal(ssh_ctl_persist(), 60);
	setenv("GOTRIAGE_SSH_PERSIST", "-1", 1);
	assert_int_equal(ssh_ctl_persist(), 60);
	unsetenv("GOTRIAGE_SSH_PERSIST");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dir_made_private), cmocka_unit_test(test_dir_refused),
	    cmocka_unit_test(test_dir_fallback),     cmocka_unit_test(test_name),
	    cmocka_unit_test(test_path_length),	     cmocka_unit_test(test_persist),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
