/* Unit tests: target_attach()'s decisions against this very process (its {
 * /proc entry and a loopback listener it opens), real directories and
 * closed ports: what attaches, what the URL alone finds, and the one-line
 * errors that say what to pass instead. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collectors/proc/target.h"

/* A listening socket on 127.0.0.1 with a kernel-chosen port. */
static int listen_loopback(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t al = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void attach_fails(const struct target_opts *o, const char *want1, const char *want2)
{
	struct target *t = (struct target *)1;
	char *cause = NULL;

	assert_int_equal(target_attach(o, &t, &cause), -1);
	assert_null(t);
	assert_non_null(cause);
	if (strstr(cause, want1) == NULL || (want2 && strstr(cause, want2) == NULL))
		print_error("cause: %s\n", cause);
	assert_non_null(strstr(cause, want1));
	if (want2 != NULL)
		assert_non_null(strstr(cause, want2));
	assert_null(strchr(cause, '\n')); /* one line */
	free(cause);
}

static void test_nothing_and_bad_pids(void **state)
{
	struct target_opts none = {0}, neg = {.pid = -5}, gone = {.pid = 1073741000};

	(void)state;
	attach_fails(&none, "nothing to attach to", "--pid N");
	attach_fails(&neg, "--pid -5: not a process id", "pgrep");
	attach_fails(&gone, "--pid 1073741000", "--url");
}

/* This test program is C, not Go: attaching to it by PID, or by a loopback
 * URL whose port it owns, is refused with the PID named, so an engineer who
 * passed the wrapper's PID learns which process to pass instead. (The
 * listener and binary discovery of a Go target: tests/it/attach.sh.) */
static void test_pid_of_self(void **state)
{
	struct target_opts o = {.pid = getpid()};
	char want[64];
	int port, fd = listen_loopback(&port);

	(void)state;
	snprintf(want, sizeof want, "PID %d (", getpid());
	attach_fails(&o, want, "is not a Go program");
	close(fd);
}

static void test_url_alone_finds_the_port_owner(void **state)
{
	int port, fd = listen_loopback(&port);
	char url[64], want[64];
	struct target_opts o = {.url = url};

	(void)state;
	snprintf(url, sizeof url, "http://127.0.0.1:%d/debug/pprof/", port);
	/* The owner of the loopback port is found: this (non-Go) process. */
	snprintf(want, sizeof want, "PID %d (", getpid());
	attach_fails(&o, want, "is not a Go program");
	close(fd);

	/* The same port, closed now: refused, and the error says what to pass. */
	attach_fails(&o, "cannot connect to 127.0.0.1", "--pid");
}

static void test_bad_urls(void **state)
{
	struct target_opts ftp = {.url = "ftp://127.0.0.1:21"}, junk = {.url = "not a url"};

	(void)state;
	attach_fails(&ftp, "only http and https", NULL);
	attach_fails(&junk, "not a URL", "--url http://127.0.0.1:6060");
}

static void test_binary_and_repo(void **state)
{
	char dir[] = "/tmp/gotriage-target.XXXXXX", gomod[64], real[PATH_MAX];
	struct target_opts nobin = {.binary = "/nonexistent/svc"}, repo = {.repo = dir};
	struct target_opts notdir = {.repo = "/nonexistent/src"};
	struct target *t = NULL;
	char *cause = NULL;
	FILE *f;

	(void)state;
	attach_fails(&nobin, "--binary /nonexistent/svc", "No such file");
	attach_fails(&notdir, "--repo /nonexistent/src: not a directory", "go.mod");
	assert_non_null(mkdtemp(dir));
	attach_fails(&repo, "no readable go.mod there", NULL);
	snprintf(gomod, sizeof gomod, "%s/go.mod", dir);
	f = fopen(gomod, "w");
	assert_non_null(f);
	fputs("module example.com/svc\n\ngo 1.19\n", f);
	fclose(f);
	assert_int_equal(target_attach(&repo, &t, &cause), 0);
	assert_non_null(realpath(dir, real));
	assert_string_equal(t->repo, real);
	/* No .git: the repo attaches, and says why HEAD is unknown. */
	assert_null(t->git);
	assert_non_null(t->repo_note);
	assert_non_null(strstr(t->repo_note, "HEAD unknown"));
	assert_int_equal(t->pid, 0);
	target_free(t);
	target_free(NULL);
	unlink(gomod);
	rmdir(dir);
}

/* A real Go process: gofmt from the Go toolchain, waiting on its stdin.
 * Attached by PID alone, the target reads the binary the process runs
 * (its /proc/PID/exe), so buildinfo, symbols and stale-binary have a file;
 * --binary names another file instead. Skips without a Go toolchain. */
static void test_pid_reads_its_exe(void **state)
{
	const char *gofmt = getenv("GOTRIAGE_TEST_GOFMT");
	char real[PATH_MAX], other[PATH_MAX];
	struct target *t = NULL;
	char *cause = NULL;
	int in[2];
	pid_t pid;

	(void)state;
	if (gofmt == NULL)
		gofmt = "/usr/lib/go/bin/gofmt";
	if (realpath(gofmt, real) == NULL || access(real, X_OK) != 0) {
		print_message("no gofmt at %s: install golang-go (tests/deps.sh)\n", gofmt);
		skip();
		return;
	}
	assert_int_equal(pipe(in), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
		execl(real, "gofmt", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	/* Wait until the child is gofmt, not this program before exec. */
	for (int i = 0; i < 200; i++) {
		char exe[64], now[PATH_MAX];
		ssize_t n;

		snprintf(exe, sizeof exe, "/proc/%d/exe", (int)pid);
		n = readlink(exe, now, sizeof now - 1);
		if (n > 0 && (now[n] = '\0', strcmp(now, real) == 0))
			break;
		usleep(10000);
	}
	{
		struct target_opts o = {.pid = pid};

		if (target_attach(&o, &t, &cause) != 0)
			fail_msg("attach to gofmt (PID %d): %s", (int)pid, cause);
		assert_int_equal(t->pid, pid);
		assert_non_null(t->binary);
		assert_string_equal(t->binary, real);
		target_free(t);
	}
	{
		/* --binary (another Go binary) wins over the exe. */
		struct target_opts o = {.pid = pid, .binary = other};

		snprintf(other, sizeof other, "%s", real);
		strcpy(strrchr(other, '/') + 1, "go"); /* gofmt's sibling */
		if (target_attach(&o, &t, &cause) != 0)
			fail_msg("attach with --binary %s: %s", other, cause);
		assert_string_equal(t->binary, other);
		target_free(t);
	}
	close(in[1]); /* gofmt reads EOF, prints nothing and exits */
	waitpid(pid, NULL, 0);
}

static void test_pprof_index(void **state)
{
	const char *go = "<html><a href='goroutine?debug=1'>full goroutine stack dump</a>";
	const char *other = "<html>/debug/pprof/ goroutine heap</html>";

	(void)state;
	assert_true(target_is_pprof_index(200, "text/html; charset=utf-8", go, strlen(go)));
	assert_true(target_is_pprof_index(200, NULL, other, strlen(other)));
	assert_false(target_is_pprof_index(404, "text/html", go, strlen(go)));
	assert_false(target_is_pprof_index(200, "application/json", go, strlen(go)));
	assert_false(target_is_pprof_index(200, "text/html", "hello", 5));
	assert_false(target_is_pprof_index(200, "text/html", NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nothing_and_bad_pids),
	    cmocka_unit_test(test_pid_of_self),
	    cmocka_unit_test(test_url_alone_finds_the_port_owner),
	    cmocka_unit_test(test_bad_urls),
	    cmocka_unit_test(test_binary_and_repo),
	    cmocka_unit_test(test_pid_reads_its_exe),
	    cmocka_unit_test(test_pprof_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
