/* Unit tests: --ssh destinations (and what is refused: anything ssh could
 * take for an option), shell quoting of the remote command, and the one
 * line ssh_explain() gives for each way ssh fails, from real ssh stderr. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collectors/remote/ssh.h"

static void test_dest(void **state)
{
	struct ssh_dest d;
	char *cause = NULL;

	(void)state;
	assert_int_equal(ssh_dest_parse("web-3", &d, &cause), 0);
	assert_null(d.user);
	assert_string_equal(d.host, "web-3");
	assert_int_equal(d.port, 0);
	ssh_dest_clear(&d);
	assert_int_equal(ssh_dest_parse("deploy@10.0.0.7:2222", &d, &cause), 0);
	assert_string_equal(d.user, "deploy");
	assert_string_equal(d.host, "10.0.0.7");
	assert_int_equal(d.port, 2222);
	ssh_dest_clear(&d);
	assert_int_equal(ssh_dest_parse("root@[::1]:22", &d, &cause), 0);
	assert_string_equal(d.host, "::1");
	assert_int_equal(d.port, 22);
	ssh_dest_clear(&d);
	assert_int_equal(ssh_dest_parse("fe80::1", &d, &cause), 0); /* bare v6: no port */
	assert_string_equal(d.host, "fe80::1");
	ssh_dest_clear(&d);
	static const char *const bad[] = {"-oProxyCommand=x", "a@-b",	    "-l@host", "",
					  "host:0",	      "host:99999", "host:2x", "[::1",
					  "[::1]x",	      "ho st",	    "a b@c",   "@host",
					  "host;rm"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (ssh_dest_parse(bad[i], &d, &cause) == 0)
			fail_msg("accepted '%s'", bad[i]);
		assert_non_null(cause);
		free(cause);
		cause = NULL;
	}
}

static void test_quote(void **state)
{
	char *q;

	(void)state;
	q = ssh_shell_quote("http://127.0.0.1:6060/a b");
	assert_string_equal(q, "'http://127.0.0.1:6060/a b'");
	free(q);
	q = ssh_shell_quote("it's $(x)");
	assert_string_equal(q, "'it'\\''s $(x)'");
	free(q);
}

static char *explain(const char *err, int exited, int status)
{
	struct ssh_link *l;
	struct ssh_proc p;
	char *cause = NULL, *msg;

	l = ssh_link_new("web-3", &cause);
	assert_non_null(l);
	memset(&p, 0, sizeof p);
	buf_init(&p.err);
	buf_adds(&p.err, err);
	p.exited = exited;
	p.status = status;
	p.link = l;
	msg = ssh_explain(&p);
	buf_free(&p.err);
	ssh_link_free(l);
	assert_null(strchr(msg, '\n'));
	return msg;
}

static void expect(const char *err, int exited, int status, const char *want)
{
	char *m = explain(err, exited, status);

	if (strstr(m, want) == NULL)
		fail_msg("for [%s]: '%s' lacks '%s'", err, m, want);
	free(m);
}

static void test_explain(void **state)
{
	(void)state;
	/* stderr lines as OpenSSH 9.2 prints them */
	expect("No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict "
	       "checking.\r\nHost key verification failed.\r\n",
	       1, 255 << 8, "host key is unknown or does not match");
	expect("root@127.0.0.1: Permission denied (publickey).\r\n", 1, 255 << 8,
	       "refused the key");
	expect("ssh: connect to host 127.0.0.1 port 1: Connection refused\r\n", 1, 255 << 8,
	       "cannot connect (connection refused)");
	expect("ssh: Could not resolve hostname nohost: Name or service not known\r\n", 1, 255 << 8,
	       "unknown host name");
	expect("bash: line 1: gotriage: command not found\n", 1, 127 << 8,
	       "no gotriage on the host's PATH");
	expect("gotriage: unknown option 'collect' (see --help)\n", 1, 2 << 8, "too old");
	expect("", 1, SIGKILL, "dropped (ssh was killed)");
	expect("Connection to 127.0.0.1 closed by remote host.\r\n", 1, 255 << 8,
	       "the connection dropped");
	expect("gotriage collect: --pid 9: no such process\n", 1, 2 << 8,
	       "remote gotriage failed (exit 2): gotriage collect: --pid 9: no such process");
}

/* A child that cannot run its program ends with _exit(127): what this
 * process had buffered for stdout must not come out of it (its fd 1 is
 * the pipe read here). ThreadSanitizer's _exit flushes the child's copy
 * of stdout: `check --ssh` printed the tail of its JSON twice under make
 * tsan until the spawns flushed before fork(). (A plain build's _exit
 * flushes nothing: this test can only fail under make tsan.) */
static void test_spawn_no_buffer_copy(void **state)
{
	static const char held[] = "spawn test: stdout held this";
	char *argv[] = {"/nonexistent/gotriage-no-such-program", NULL};
	struct ssh_proc *p;
	struct buf line;
	char *cause = NULL;

	(void)state;
	fputs(held, stdout); /* no newline: still buffered at the spawn */
	p = ssh_proc_spawn("test", argv, &cause);
	assert_non_null(p);
	buf_init(&line);
	assert_int_equal(ssh_proc_read_line(p, 10000, 4096, &line, &cause), -1); /* it ended */
	free(cause);
	if (line.len > 0 || p->out.len > 0)
		fail_msg("the child wrote [%.*s%.*s] on stdout", (int)line.len,
			 line.data ? line.data : "", (int)p->out.len,
			 p->out.data ? p->out.data : "");
	buf_free(&line);
	ssh_proc_free(p);
	fputs("\n", stdout);
}

/* ---- what a spawned child inherits ----------------------------------------- */

/* The fds the child runs with once it is `sleep` (exec done), as
 * "0 1 2 ..." ascending; "" when it never got there. The dynamic loader
 * holds an fd for a moment after exec (ld.so.cache, libc), so the list
 * is read again until it is "0 1 2" or 2 s passed: an inherited fd stays
 * for good and still shows. */
static void list_fds(pid_t pid, char *out, size_t cap);
static void child_fds(pid_t pid, char *out, size_t cap)
{
	for (int i = 0; i < 200; i++) {
		list_fds(pid, out, cap);
		if (strcmp(out, "0 1 2") == 0)
			return;
		usleep(10000);
	}
}

static void list_fds(pid_t pid, char *out, size_t cap)
{
	char path[64], comm[32] = "";
	int have[1024] = {0};

	out[0] = '\0';
	for (int i = 0; i < 500 && strcmp(comm, "sleep\n") != 0; i++) {
		FILE *f;

		snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
		f = fopen(path, "r");
		if (f == NULL || fgets(comm, sizeof comm, f) == NULL)
			comm[0] = '\0';
		if (f != NULL)
			fclose(f);
		if (strcmp(comm, "sleep\n") != 0)
			usleep(10000);
	}
	if (strcmp(comm, "sleep\n") != 0)
		return;
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	DIR *d = opendir(path);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] != '.' && fd >= 0 && fd < 1024)
			have[fd] = 1;
	}
	closedir(d);
	for (int fd = 0; fd < 1024; fd++)
		if (have[fd])
			snprintf(out + strlen(out), cap - strlen(out), "%s%d", out[0] ? " " : "",
				 fd);
}

/* The console holds fds without close-on-exec (its journal, libcurl's
 * sockets): an ssh child (and the ControlPersist master it becomes) must
 * hold none of them, only its three pipes. The ssh here is a stand-in on
 * PATH that becomes `sleep`, so the fds are ssh_link_run()'s alone. */
static void test_child_fds(void **state)
{
	char dir[] = "/tmp/gt-sshfd-XXXXXX", script[128], *path, fds[256], *cause = NULL;
	const char *remote[] = {"gotriage", "collect", NULL};
	char *const local[] = {"sleep", "30", NULL};
	int leak_file = open("/dev/null", O_RDONLY), leak_sock = socket(AF_INET, SOCK_STREAM, 0);
	struct ssh_link *l;
	struct ssh_proc *p;
	FILE *f;

	(void)state;
	assert_true(leak_file >= 0 && leak_sock >= 0);
	assert_int_equal(dup2(leak_file, 77), 77); /* a high one too */
	assert_non_null(mkdtemp(dir));
	snprintf(script, sizeof script, "%s/ssh", dir);
	f = fopen(script, "w");
	assert_non_null(f);
	fputs("#!/bin/sh\nexec sleep 30\n", f);
	fclose(f);
	chmod(script, 0755);
	path = xasprintf("%s:%s", dir, getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	setenv("PATH", path, 1);

	l = ssh_link_new("web-01", &cause);
	assert_non_null(l);
	p = ssh_link_run(l, remote, &cause);
	assert_non_null(p);
	child_fds(p->pid, fds, sizeof fds);
	assert_string_equal(fds, "0 1 2");
	ssh_proc_kill(p);
	ssh_proc_free(p);
	ssh_link_free(l);

	/* the same for another transport's program (kubectl exec) */
	p = ssh_proc_spawn("pod", local, &cause);
	assert_non_null(p);
	child_fds(p->pid, fds, sizeof fds);
	assert_string_equal(fds, "0 1 2");
	ssh_proc_kill(p);
	ssh_proc_free(p);

	unlink(script);
	rmdir(dir);
	close(77);
	close(leak_file);
	close(leak_sock);
	free(path);
}

/* A link refuses a control directory others can enter: whoever reaches
 * the socket runs commands on the host as us. */
static void test_link_refuses_open_dir(void **state)
{
	char *cause = NULL, *dir = xasprintf("%s/gotriage-ssh", getenv("XDG_RUNTIME_DIR"));
	struct ssh_link *l;

	(void)state;
	l = ssh_link_new("web-3", &cause);
	assert_non_null(l);
	ssh_link_free(l);
	assert_int_equal(chmod(dir, 0777), 0);
	l = ssh_link_new("web-3", &cause);
	assert_null(l);
	assert_non_null(strstr(cause, "open to others"));
	free(cause);
	chmod(dir, 0700);
	free(dir);
}

/* The links' control directory goes under a private XDG_RUNTIME_DIR, not
 * the user's. */
static char rundir[] = "/tmp/gt-sshrun-XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (mkdtemp(rundir) == NULL)
		return -1;
	setenv("XDG_RUNTIME_DIR", rundir, 1);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", rundir);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dest),      cmocka_unit_test(test_quote),
	    cmocka_unit_test(test_explain),   cmocka_unit_test(test_spawn_no_buffer_copy),
	    cmocka_unit_test(test_child_fds), cmocka_unit_test(test_link_refuses_open_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
