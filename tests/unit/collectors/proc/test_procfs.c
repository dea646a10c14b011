/* Unit tests: /proc/PID/stat, /proc/stat btime, status Uid, fd links, and
 * procfs_load() on real processes (ourselves, a deleted binary, and one we
 * may not read). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "collectors/base/common.h"
#include "collectors/proc/procfs.h"

#define STAT_TAIL                                                                                  \
	" 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 987654 1000 200 18446744073709551615"

static void test_stat_plain(void **state)
{
	const char *s = "4242 (bash) S 1" STAT_TAIL " 0 0\n";
	struct procfs_stat st;
	char *cause = NULL;

	(void)state;
	assert_int_equal(procfs_parse_stat(s, strlen(s), &st, &cause), 0);
	assert_string_equal(st.comm, "bash");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.ppid, 1);
	assert_int_equal(st.utime, 5);
	assert_int_equal(st.stime, 3);
	assert_int_equal(st.starttime, 987654);
}

/* utime + stime of a live process grow with the CPU it burns: what the
 * console's pacing reads to know what a poll cost the service. */
static void test_stat_cpu_of_self_grows(void **state)
{
	struct procfs_stat a, b;
	volatile unsigned long spin = 0;
	long hz = sysconf(_SC_CLK_TCK);
	double t0 = now_mono();
	struct timespec c0, c1;

	(void)state;
	assert_int_equal(procfs_read_stat(getpid(), &a, NULL, NULL), 0);
	/* burn 0.3 s of CPU (not of wall time: the machine may be busy) */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	do {
		for (int i = 0; i < 100000; i++)
			spin++;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	} while ((double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9 < 0.3 &&
		 now_mono() - t0 < 30);
	assert_int_equal(procfs_read_stat(getpid(), &b, NULL, NULL), 0);
	/* the kernel's tick accounting shows most of it */
	assert_true((double)(b.utime + b.stime - a.utime - a.stime) / (double)hz >= 0.2);
}

/* Field 9 (flags) is read: PF_KTHREAD names a kernel thread, state Z a
 * zombie, and neither is mistaken for a permission problem. */
static void test_stat_kthread_and_zombie(void **state)
{
	const char *kt = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 2 0 0 "
			 "18446744073709551615 0 0\n";
	const char *z = "4243 (sleep) Z 4242" STAT_TAIL " 0 0\n";
	const char *plain = "4242 (bash) S 1" STAT_TAIL " 0 0\n";
	struct procfs_stat st;
	char *cause = NULL, *why;

	(void)state;
	assert_int_equal(procfs_parse_stat(kt, strlen(kt), &st, &cause), 0);
	assert_int_equal(st.flags, 2129984UL);
	assert_true(st.flags & PROCFS_PF_KTHREAD);
	why = procfs_unattachable(2, &st);
	assert_non_null(why);
	assert_non_null(strstr(why, "PID 2 (kthreadd) is a kernel thread"));
	assert_null(strstr(why, "root"));
	free(why);
	assert_int_equal(procfs_parse_stat(z, strlen(z), &st, &cause), 0);
	assert_int_equal(st.flags, 4194560UL);
	why = procfs_unattachable(4243, &st);
	assert_non_null(why);
	assert_non_null(strstr(why, "zombie"));
	assert_non_null(strstr(why, "parent (PID 4242)"));
	free(why);
	assert_int_equal(procfs_parse_stat(plain, strlen(plain), &st, &cause), 0);
	assert_null(procfs_unattachable(4242, &st));
}

static void test_stat_comm_with_paren_and_spaces(void **state)
{
	/* comm "a) b (c))" would fool a parser that stops at the first ')'. */
	const char *s = "77 (a) b (c))) R 5" STAT_TAIL "\n";
	struct procfs_stat st;
	char *cause = NULL;

	(void)state;
	assert_int_equal(procfs_parse_stat(s, strlen(s), &st, &cause), 0);
	assert_string_equal(st.comm, "a) b (c))");
	assert_int_equal(st.state, 'R');
	assert_int_equal(st.ppid, 5);
	assert_int_equal(st.starttime, 987654);
}

static void test_stat_malformed(void **state)
{
	static const char *const bad[] = {
	    "",
	    "4242 bash S 1 2 3",		      /* no parentheses */
	    "4242 (bash S 1" STAT_TAIL,		      /* no ')' */
	    "4242 (bash)",			      /* nothing after comm */
	    "4242 (bash) S",			      /* no ppid */
	    "4242 (bash) S x" STAT_TAIL,	      /* ppid not a number */
	    "4242 (bash) SS 1" STAT_TAIL,	      /* state is one char */
	    "4242 (bash) S 1 4242 4242 0 -1 4194560", /* fewer than 22 fields */
	    "4242 (bash) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 x",
	    "4242 (bash) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 "
	    "99999999999999999999999999",	   /* starttime overflows */
	    "4242 (bash) S 99999999999" STAT_TAIL, /* ppid > INT_MAX */
	};
	struct procfs_stat st;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		char *cause = NULL;

		assert_int_equal(procfs_parse_stat(bad[i], strlen(bad[i]), &st, &cause), -1);
		assert_non_null(cause);
		free(cause);
	}
}

static void test_stat_not_nul_terminated_and_binary(void **state)
{
	char buf[256];
	const char *s = "1 (x) S 0" STAT_TAIL;
	size_t n = strlen(s);
	struct procfs_stat st;
	char *cause = NULL;

	(void)state;
	/* Bytes after len must never be read: cut inside starttime and fill
	 * the rest with digits, which an overread would append. */
	memset(buf, '9', sizeof buf);
	n = (size_t)(strstr(s, "987654") - s) + 4;
	memcpy(buf, s, n);
	assert_int_equal(procfs_parse_stat(buf, n, &st, &cause), 0);
	assert_int_equal(st.starttime, 9876);
	/* Random binary with NULs, ( and ). */
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)((i * 131 + 7) % 256);
	buf[3] = '(';
	buf[200] = ')';
	free(cause);
	cause = NULL;
	assert_int_equal(procfs_parse_stat(buf, sizeof buf, &st, &cause), -1);
	free(cause);
}

static void test_stat_long_comm_truncated(void **state)
{
	struct buf b;
	struct procfs_stat st;
	char *cause = NULL;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "9 (");
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, i % 2 ? ')' : 'x');
	buf_adds(&b, ") Z 3" STAT_TAIL);
	assert_int_equal(procfs_parse_stat(b.data, b.len, &st, &cause), 0);
	assert_int_equal(strlen(st.comm), sizeof st.comm - 1);
	assert_int_equal(st.state, 'Z');
	buf_free(&b);
}

static void test_btime(void **state)
{
	const char *s = "cpu  1 2 3\nintr 5\nbtime 1700000000\nprocesses 9\n";
	long long bt = 0;
	char *cause = NULL;

	(void)state;
	assert_int_equal(procfs_parse_btime(s, strlen(s), &bt, &cause), 0);
	assert_int_equal(bt, 1700000000LL);
	assert_int_equal(procfs_parse_btime("cpu 1\n", 6, &bt, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(procfs_parse_btime("btime x\n", 8, &bt, &cause), -1);
	free(cause);
	cause = NULL;
	/* "btime" must start a line. */
	assert_int_equal(procfs_parse_btime("xbtime 5\n", 9, &bt, &cause), -1);
	free(cause);
	/* The real file parses. */
	assert_int_equal(procfs_boot_time(&bt, NULL), 0);
	assert_true(bt > 1000000000LL);
}

static void test_status_uid(void **state)
{
	const char *s = "Name:\tsleep\nUmask:\t0022\nUid:\t1000\t1001\t1000\t1000\nGid:\t0\n";
	uid_t u, e;
	char *cause = NULL;

	(void)state;
	assert_int_equal(procfs_parse_status_uid(s, strlen(s), &u, &e, &cause), 0);
	assert_int_equal(u, 1000);
	assert_int_equal(e, 1001);
	assert_int_equal(procfs_parse_status_uid("Name: x\n", 8, &u, &e, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(procfs_parse_status_uid("Uid:\t5\n", 7, &u, &e, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(procfs_parse_status_uid("Uid:\t99999999999\t1\n", 20, &u, &e, &cause), -1);
	free(cause);
}

static void test_socket_link(void **state)
{
	unsigned long long ino = 0;

	(void)state;
	assert_int_equal(procfs_parse_socket_link("socket:[12345]", 14, &ino), 0);
	assert_int_equal(ino, 12345);
	assert_int_equal(procfs_parse_socket_link("pipe:[12345]", 12, &ino), -1);
	assert_int_equal(procfs_parse_socket_link("socket:[]", 9, &ino), -1);
	assert_int_equal(procfs_parse_socket_link("socket:[12a]", 12, &ino), -1);
	assert_int_equal(procfs_parse_socket_link("socket:[1", 9, &ino), -1);
	assert_int_equal(procfs_parse_socket_link("socket:[99999999999999999999999]", 32, &ino),
			 -1);
	assert_int_equal(procfs_parse_socket_link("anon_inode:[eventpoll]", 22, &ino), -1);
}

static void test_strip_deleted_and_split(void **state)
{
	char a[] = "/usr/bin/svc (deleted)", b[] = "/usr/bin/svc";
	struct strlist l = {0};

	(void)state;
	assert_int_equal(procfs_strip_deleted(a), 1);
	assert_string_equal(a, "/usr/bin/svc");
	assert_int_equal(procfs_strip_deleted(b), 0);
	procfs_split_nul("svc\0-addr\0:6060\0", 16, &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[2], ":6060");
	strlist_free(&l);
	procfs_split_nul("a\0b", 3, &l); /* no final NUL */
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1], "b");
	strlist_free(&l);
	procfs_split_nul("", 0, &l);
	assert_int_equal(l.n, 0);
	strlist_free(&l);
}

static void test_load_self(void **state)
{
	struct procinfo *p = NULL;
	char *cause = NULL, exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct stat st;
	int found = 0;

	(void)state;
	assert_true(n > 0);
	exe[n] = '\0';
	assert_true(s >= 0);
	assert_int_equal(fstat(s, &st), 0);
	assert_int_equal(procfs_load(getpid(), &p, &cause), 0);
	assert_null(cause);
	assert_string_equal(p->exe, exe);
	assert_false(p->exe_deleted);
	assert_int_equal(p->ppid, getppid());
	assert_true(p->argv.n >= 1);
	assert_true(p->have_uid);
	assert_int_equal(p->uid, getuid());
	assert_non_null(p->user);
	assert_true(p->uptime >= 0 && p->uptime < 3600);
	assert_true(p->start_time > now_wall() - 3600 && p->start_time <= now_wall() + 2);
	for (size_t i = 0; i < p->nsocks; i++)
		if (p->socks[i].inode == st.st_ino && p->socks[i].fd == s)
			found = 1;
	assert_true(found);
	assert_null(p->denied);
	assert_non_null(p->environ);
	procinfo_free(p);
	close(s);
	procinfo_free(NULL);
}

static void test_load_missing(void **state)
{
	struct procinfo *p = (struct procinfo *)1;
	char *cause = NULL;
	enum procfs_err kind;
	struct procfs_stat st;

	(void)state;
	assert_int_equal(procfs_load(0x3ffffff0, &p, &cause), -1);
	assert_null(p);
	assert_non_null(strstr(cause, "no process with PID"));
	free(cause);
	cause = NULL;
	assert_int_equal(procfs_read_stat(0x3ffffff0, &st, &kind, &cause), -1);
	assert_int_equal(kind, PROCFS_NOPROC);
	free(cause);
	cause = NULL;
	assert_int_equal(procfs_load(-3, &p, &cause), -1);
	free(cause);
}

/* Runs a copy of /bin/sleep, then deletes the copy: exe must say so. */
static void test_load_deleted_exe(void **state)
{
	char dir[] = "/tmp/gt-procfs-XXXXXX", path[64];
	struct procinfo *p = NULL;
	char *cause = NULL;
	pid_t pid;
	struct buf b;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/svc", dir);
	buf_init(&b);
	assert_int_equal(read_file_capped("/bin/sleep", 64 * MIB, &b, NULL, NULL), 0);
	{
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);

		assert_true(fd >= 0);
		assert_int_equal(write(fd, b.data, b.len), (ssize_t)b.len);
		close(fd);
	}
	buf_free(&b);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl(path, "svc", "30", (char *)NULL);
		_exit(127);
	}
	/* Wait until the child really runs the copy (exec may lag under load). */
	for (int i = 0; i < 500; i++) {
		char link[128], self[64];
		ssize_t n;

		snprintf(self, sizeof self, "/proc/%d/exe", (int)pid);
		n = readlink(self, link, sizeof link - 1);
		if (n > 0 && (size_t)n == strlen(path) && memcmp(link, path, (size_t)n) == 0)
			break;
		usleep(10 * 1000);
	}
	unlink(path);
	rmdir(dir);
	assert_int_equal(procfs_load(pid, &p, &cause), 0);
	assert_true(p->exe_deleted);
	assert_string_equal(p->exe, path);
	assert_int_equal(p->argv.n, 2);
	assert_string_equal(p->argv.v[1], "30");
	procinfo_free(p);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* As root: a child that drops to nobody may see stat but not exe/fd/environ
 * of a root process, and must be told what to do. */
static void test_load_denied(void **state)
{
	pid_t target, checker;
	int status;

	(void)state;
	if (geteuid() != 0) {
		skip(); /* needs two users */
		return;
	}
	target = fork();
	if (target == 0) {
		execl("/bin/sleep", "sleep", "30", (char *)NULL);
		_exit(127);
	}
	usleep(100 * 1000);
	checker = fork();
	if (checker == 0) {
		struct procinfo *p = NULL;
		char *cause = NULL;
		struct procfs_sock *socks;
		size_t n;
		enum procfs_err kind;

		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(10);
		if (procfs_load(target, &p, &cause) != 0)
			_exit(11);
		if (p->exe != NULL || p->exe_error == NULL || p->denied == NULL)
			_exit(12);
		if (strstr(p->denied, "run gotriage as that user or as root") == NULL)
			_exit(13);
		if (procfs_socket_inodes(target, &socks, &n, &kind, &cause) != -1 ||
		    kind != PROCFS_DENIED || strstr(cause, "permission denied") == NULL)
			_exit(14);
		procinfo_free(p);
		_exit(0);
	}
	assert_int_equal(waitpid(checker, &status, 0), checker);
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_state_words(void **state)
{
	(void)state;
	assert_string_equal(procfs_state_words('T'), "stopped (T)");
	assert_string_equal(procfs_state_words('Z'), "zombie (Z)");
	assert_string_equal(procfs_state_words('S'), "sleeping (S)");
	assert_string_equal(procfs_state_words('D'), "in uninterruptible sleep (D)");
	assert_string_equal(procfs_state_words('q'), "state q");
	assert_true(procfs_state_silent('T'));
	assert_true(procfs_state_silent('D'));
	assert_true(procfs_state_silent('Z'));
	assert_false(procfs_state_silent('S'));
	assert_false(procfs_state_silent('R'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stat_plain),
	    cmocka_unit_test(test_stat_cpu_of_self_grows),
	    cmocka_unit_test(test_stat_kthread_and_zombie),
	    cmocka_unit_test(test_stat_comm_with_paren_and_spaces),
	    cmocka_unit_test(test_stat_malformed),
	    cmocka_unit_test(test_stat_not_nul_terminated_and_binary),
	    cmocka_unit_test(test_stat_long_comm_truncated),
	    cmocka_unit_test(test_btime),
	    cmocka_unit_test(test_status_uid),
	    cmocka_unit_test(test_socket_link),
	    cmocka_unit_test(test_strip_deleted_and_split),
	    cmocka_unit_test(test_load_self),
	    cmocka_unit_test(test_load_missing),
	    cmocka_unit_test(test_load_deleted_exe),
	    cmocka_unit_test(test_load_denied),
	    cmocka_unit_test(test_state_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
