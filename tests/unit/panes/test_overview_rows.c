/* Unit tests: the overview pane's rows (panes/overview_rows.c) from facts
 * as the collectors fill them: the process part read by procfs_load()
 * from a real child (sh waiting on a pipe, a secret flag on its command
 * line, then stopped with SIGSTOP), listeners and probes as target.c
 * records them, a repo with and without HEAD, and hostile or long values:
 * escapes sanitised, secrets masked, long values cut with an ellipsis. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collectors/base/redact.h"
#include "panes/overview_rows.h"

#define SECRET "hunter2-db-secret"

static pid_t child;
static int child_in = -1;

/* sh -c 'read x' svc --db-password=SECRET: a live process whose command
 * line carries a secret, waiting on our pipe. */
static void start_child(void)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		dup2(p[0], 0);
		close(p[0]);
		close(p[1]);
		execl("/bin/sh", "sh", "-c", "read x", "svc", "--db-password=" SECRET,
		      (char *)NULL);
		_exit(127);
	}
	close(p[0]);
	child_in = p[1];
	/* Until the exec happened: the command line is sh's. */
	for (int i = 0; i < 200; i++) {
		char path[64], buf[256] = "";
		FILE *f;

		snprintf(path, sizeof path, "/proc/%d/cmdline", (int)child);
		if ((f = fopen(path, "r")) != NULL) {
			size_t n = fread(buf, 1, sizeof buf - 1, f);

			fclose(f);
			if (n > 2 && strcmp(buf, "sh") == 0)
				break;
		}
		usleep(10000);
	}
}

static void stop_child(void)
{
	kill(child, SIGKILL);
	close(child_in);
	waitpid(child, NULL, 0);
}

static const struct overview_row *row(const struct overview_rows *r, const char *needle)
{
	long i = overview_rows_find(r, needle);

	if (i < 0) {
		for (size_t k = 0; k < r->n; k++)
			print_error("  %-10s %s\n", r->v[k].label ? r->v[k].label : "(blank)",
				    r->v[k].text);
		fail_msg("no row contains [%s]", needle);
	}
	return &r->v[i];
}

static size_t cps(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Every value fits its column and carries no control byte. */
static void assert_clean(const struct overview_rows *r, int width)
{
	for (size_t i = 0; i < r->n; i++) {
		const unsigned char *s = (const unsigned char *)r->v[i].text;

		if (cps(r->v[i].text) > (size_t)width)
			fail_msg("row %zu is %zu wide, not <= %d: %s", i, cps(r->v[i].text), width,
				 r->v[i].text);
		for (; *s; s++)
			if (*s < 0x20 || *s == 0x7f)
				fail_msg("row %zu has byte 0x%02x: %s", i, *s, r->v[i].text);
		assert_null(strstr(r->v[i].text, "\xe2\x80\xae")); /* U+202E */
	}
}

/* A live service: process, listeners probed, debug URL, the goroutine
 * total, a repo on a branch, a recording. The secret flag's value is
 * masked in the Command row, as the console registers it at attach. */
static void test_live_service(void **state)
{
	struct listener ls[2] = {{.local = "0.0.0.0:8080", .url = "http://127.0.0.1:8080"},
				 {.local = "127.0.0.1:6060", .url = "http://127.0.0.1:6060"}};
	struct listeners lst = {.v = ls, .n = 2};
	struct target_probe probes[2] = {
	    {.url = "http://127.0.0.1:8080", .state = PROBE_NOT_PPROF, .note = "404 text/plain"},
	    {.url = "http://127.0.0.1:6060",
	     .state = PROBE_PPROF,
	     .note = "200 text/html, pprof index"}};
	struct gitrefs git = {.branch = "main"};
	struct target t = {.listeners = &lst, .probes = probes, .nprobes = 2};
	struct overview_rows_in in = {.t = &t,
				      .goroutines = 1234,
				      .fetch_seconds = 0.012,
				      .fetch_bytes = 2048,
				      .fetch_age = 75,
				      .record_path = "/var/tmp/gotriage/svc.jsonl",
				      .width = 120};
	struct overview_rows r;
	const struct overview_row *x;
	char *cause = NULL, want[64];

	(void)state;
	start_child();
	t.pid = child;
	assert_int_equal(procfs_load(child, &t.proc, &cause), 0);
	redact_register_argv((const char *const *)t.proc->argv.v, t.proc->argv.n);
	t.binary = t.proc->exe; /* as target_attach() sets it without --binary */
	t.debug_url = "http://127.0.0.1:6060";
	t.repo = "/src/svc";
	snprintf(git.hash, sizeof git.hash, "%s", "0123456789abcdef0123456789abcdef01234567");
	t.git = &git;
	overview_rows_build(&in, &r);
	assert_clean(&r, in.width);

	snprintf(want, sizeof want, "%d (sh)  user ", (int)child);
	x = row(&r, want);
	assert_string_equal(x->label, "Process");
	assert_int_equal(x->tone, OVERVIEW_NORMAL);
	assert_non_null(strstr(row(&r, "Executable")->text, "sh")); /* /usr/bin/sh, dash... */
	assert_non_null(strstr(row(&r, "Started")->text, " UTC (up "));
	x = row(&r, "Command");
	assert_non_null(strstr(x->text, "sh -c read x svc --db-password="));
	assert_null(strstr(x->text, SECRET));
	assert_non_null(strstr(x->text, REDACTED));
	assert_true(overview_rows_find(&r, "Binary") < 0); /* the exe itself: not repeated */

	x = row(&r, "Listeners");
	assert_non_null(strstr(x->text, "0.0.0.0:8080"));
	assert_non_null(strstr(x->text, "404 text/plain"));
	assert_int_equal(x->tone, OVERVIEW_NORMAL);
	x = row(&r, "127.0.0.1:6060 ");
	assert_string_equal(x->label, "");
	assert_int_equal(x->tone, OVERVIEW_PASS);
	assert_non_null(strstr(x->text, "pprof index"));
	x = row(&r, "Debug URL");
	assert_int_equal(x->tone, OVERVIEW_PASS);
	assert_string_equal(x->text, "http://127.0.0.1:6060");
	x = row(&r, "Goroutines");
	assert_string_equal(x->text, "1234  (debug=1: 12 ms, 2.0 KB, 1m15s ago)");
	assert_string_equal(row(&r, "Repo")->text, "/src/svc");
	assert_string_equal(row(&r, "HEAD")->text,
			    "0123456789abcdef0123456789abcdef01234567 (main)");
	assert_string_equal(row(&r, "Recording")->text, "/var/tmp/gotriage/svc.jsonl");
	overview_rows_free(&r);

	/* Stopped: the process row and the debug URL say it will not answer. */
	kill(child, SIGSTOP);
	for (int i = 0; i < 200; i++) {
		procinfo_free(t.proc);
		assert_int_equal(procfs_load(child, &t.proc, &cause), 0);
		if (t.proc->state == 'T')
			break;
		usleep(10000);
	}
	t.binary = t.proc->exe;
	t.debug_url = NULL;
	overview_rows_build(&in, &r);
	assert_int_equal(row(&r, "Process")->tone, OVERVIEW_FAIL);
	x = row(&r, "Debug URL");
	assert_int_equal(x->tone, OVERVIEW_FAIL);
	snprintf(want, sizeof want, "PID %d does not answer", (int)child);
	assert_non_null(strstr(x->text, want));
	overview_rows_free(&r);
	procinfo_free(t.proc);
	stop_child();
	redact_reset();
}

/* No process (--binary, or a remote --url): no listener row, the binary
 * shown, no repo, recording off; the goroutine fetch failed. */
static void test_no_process_no_repo(void **state)
{
	struct target t = {.binary = "/srv/svc/bin/svc", .repo_note = NULL};
	struct overview_rows_in in = {.t = &t,
				      .goroutines = -1,
				      .fetch_error = "answered HTTP 404",
				      .record_note = "off: /var/tmp is read-only",
				      .width = 100};
	struct overview_rows r;
	const struct overview_row *x;

	(void)state;
	overview_rows_build(&in, &r);
	assert_clean(&r, in.width);
	x = row(&r, "Process");
	assert_int_equal(x->tone, OVERVIEW_DIM);
	assert_non_null(strstr(x->text, "not attached to a process"));
	assert_string_equal(row(&r, "Binary")->text, "/srv/svc/bin/svc");
	assert_true(overview_rows_find(&r, "Listeners") < 0);
	x = row(&r, "Debug URL");
	assert_int_equal(x->tone, OVERVIEW_WARN);
	assert_non_null(strstr(x->text, "import _ \"net/http/pprof\""));
	x = row(&r, "Goroutines");
	assert_int_equal(x->tone, OVERVIEW_WARN);
	assert_string_equal(x->text, "answered HTTP 404");
	x = row(&r, "Repo");
	assert_int_equal(x->tone, OVERVIEW_DIM);
	assert_true(overview_rows_find(&r, "HEAD") < 0);
	x = row(&r, "Recording");
	assert_int_equal(x->tone, OVERVIEW_WARN);
	assert_string_equal(x->text, "off: /var/tmp is read-only");
	overview_rows_free(&r);

	/* Probing still: the debug URL says so instead of "none found". */
	t.probes_pending = 1;
	overview_rows_build(&in, &r);
	assert_int_equal(row(&r, "Debug URL")->tone, OVERVIEW_DIM);
	assert_non_null(strstr(row(&r, "Debug URL")->text, "probing listeners"));
	overview_rows_free(&r);
}

/* Hostile bytes from the target (a comm with an escape sequence, an exe
 * path with a right-to-left override, a replaced binary) and values too
 * long for the column: sanitised, and cut with a visible ellipsis. */
static void test_hostile_and_long(void **state)
{
	char longpath[300];
	struct procinfo p = {.comm = "svc\x1b[2J",
			     .state = 'S',
			     .user = "app",
			     .exe_deleted = 1,
			     .start_time = 1700000000,
			     .uptime = 90061};
	struct target t = {
	    .pid = 4242, .proc = &p, .repo = "/src/svc", .repo_note = "HEAD unknown: no .git"};
	struct overview_rows_in in = {.t = &t, .goroutines = -1, .width = 60};
	struct overview_rows r;
	const struct overview_row *x;

	(void)state;
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[sizeof longpath - 1] = '\0';
	memcpy(longpath,
	       "/srv/\xe2\x80\xae"
	       "gnp.svc/",
	       14);
	p.exe = longpath;
	overview_rows_build(&in, &r);
	assert_clean(&r, in.width);
	x = row(&r, "Process");
	assert_non_null(strstr(x->text, "4242 (svc"));
	assert_null(strchr(x->text, '\x1b'));
	assert_non_null(strstr(x->text, "[2J)"));
	x = row(&r, "Executable");
	assert_int_equal(x->tone, OVERVIEW_FAIL); /* replaced on disk */
	assert_int_equal(cps(x->text), 60);
	assert_non_null(strstr(x->text, "/srv/"));
	assert_null(strstr(x->text, "\xe2\x80\xae"));
	assert_string_equal(x->text + strlen(x->text) - 3, "\u2026");
	assert_string_equal(row(&r, "Started")->text, "2023-11-14 22:13:20 UTC (up 1d01h)");
	assert_string_equal(row(&r, "HEAD")->text, "HEAD unknown: no .git");
	overview_rows_free(&r);

	/* ASCII terminals get '~'; a value that fits exactly is not cut. */
	in.ascii = 1;
	overview_rows_build(&in, &r);
	x = row(&r, "Executable");
	assert_int_equal(cps(x->text), 60);
	assert_int_equal(x->text[strlen(x->text) - 1], '~');
	overview_rows_free(&r);
	{
		char *s = overview_rows_fit("0123456789", 10, 0),
		     *c = overview_rows_fit("01234567890", 10, 0);

		assert_string_equal(s, "0123456789");
		assert_string_equal(c, "012345678\u2026");
		free(s);
		free(c);
	}
	/* Unreadable exe: said why, as a warning; detached HEAD named. */
	{
		struct gitrefs git = {.branch = NULL};

		snprintf(git.hash, sizeof git.hash, "%s",
			 "fedcba9876543210fedcba9876543210fedcba98");
		t.git = &git;
		p.exe = NULL;
		p.exe_error = "permission denied (run as the service's user or root)";
		in.ascii = 0;
		overview_rows_build(&in, &r);
		x = row(&r, "Executable");
		assert_int_equal(x->tone, OVERVIEW_WARN);
		assert_string_equal(x->text,
				    "permission denied (run as the service's user or root)");
		assert_string_equal(row(&r, "HEAD")->text,
				    "fedcba9876543210fedcba9876543210fedcba98 (detached)");
		overview_rows_free(&r);
	}
}

/* A process with hundreds of sockets: the rows stop at the cap and say
 * how many more there are, where to see them. */
static void test_many_listeners(void **state)
{
	size_t n = OVERVIEW_ROWS_MAX_LISTENERS + 5;
	struct listener *ls = calloc(n, sizeof *ls);
	struct listeners lst = {.v = ls, .n = n};
	struct target t = {.pid = 77, .listeners = &lst};
	struct overview_rows_in in = {.t = &t, .goroutines = -1, .width = 80};
	struct overview_rows r;
	size_t shown = 0;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		snprintf(ls[i].local, sizeof ls[i].local, "127.0.0.1:%zu", 10000 + i);
		snprintf(ls[i].url, sizeof ls[i].url, "http://127.0.0.1:%zu", 10000 + i);
	}
	overview_rows_build(&in, &r);
	for (size_t i = 0; i < r.n; i++)
		shown += strncmp(r.v[i].text, "127.0.0.1:", 10) == 0;
	assert_int_equal(shown, OVERVIEW_ROWS_MAX_LISTENERS);
	assert_non_null(strstr(row(&r, "... and 5 more")->text, "--pid 77"));
	overview_rows_free(&r);
	/* A process with none: a warning, or the collector's reason. */
	lst.n = 0;
	t.listeners_error = "/proc/77/net/tcp: permission denied";
	overview_rows_build(&in, &r);
	assert_int_equal(row(&r, "Listeners")->tone, OVERVIEW_WARN);
	assert_string_equal(row(&r, "Listeners")->text, "/proc/77/net/tcp: permission denied");
	overview_rows_free(&r);
	overview_rows_free(NULL);
	free(ls);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_live_service),
	    cmocka_unit_test(test_no_process_no_repo),
	    cmocka_unit_test(test_hostile_and_long),
	    cmocka_unit_test(test_many_listeners),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
