/* test_jobs.c: a job runs on its own thread, nicer than the UI thread, and
 * its done() runs on the caller's thread at reap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tui/frame/jobs.h"

struct seen {
	int work_nice, ui_nice;
	pid_t work_tid, done_tid;
};

static int own_nice(void)
{
	errno = 0;
	int n = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
	assert_int_equal(errno, 0);
	return n;
}

static void work(void *arg)
{
	struct seen *s = arg;

	s->work_nice = own_nice();
	s->work_tid = (pid_t)syscall(SYS_gettid);
}

static void done(void *arg)
{
	struct seen *s = arg;

	s->done_tid = (pid_t)syscall(SYS_gettid);
}

static void test_job_runs_nicer_than_ui(void **state)
{
	struct seen s = {0};

	(void)state;
	assert_int_equal(jobs_init(), 0);
	s.ui_nice = own_nice();
	jobs_run(work, done, &s);
	jobs_drain();
	assert_int_not_equal(s.work_tid, 0);
	assert_int_not_equal(s.work_tid, (pid_t)syscall(SYS_gettid));
	assert_int_equal(s.done_tid, (pid_t)syscall(SYS_gettid));
	if (s.ui_nice + JOBS_NICE_STEP <= 19)
		assert_int_equal(s.work_nice, s.ui_nice + JOBS_NICE_STEP);
	/* The UI thread itself keeps its priority. */
	assert_int_equal(own_nice(), s.ui_nice);
	assert_int_equal(jobs_active(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_job_runs_nicer_than_ui),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
