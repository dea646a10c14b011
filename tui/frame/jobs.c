/* jobs.c: one thread per job, completion signalled through a pipe. */
#include "jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "collectors/base/common.h"

struct job {
	job_fn work, done;
	void *arg;
};

static int done_pipe[2] = {-1, -1};
static int active;

int jobs_init(void)
{
	if (done_pipe[0] >= 0)
		return 0;
	return pipe2(done_pipe, O_CLOEXEC);
}

int jobs_fd(void)
{
	return done_pipe[0];
}

/* Linux keeps a nice value per thread: a job (a profile decode, a dump
 * parse) yields the CPU to the UI thread, to the terminal that shows its
 * keys and, on a production host, to the service. Best effort. */
static void lower_own_priority(void)
{
	id_t tid = (id_t)syscall(SYS_gettid);
	int nice_now;

	errno = 0;
	nice_now = getpriority(PRIO_PROCESS, tid);
	if (errno == 0 && nice_now + JOBS_NICE_STEP <= 19)
		(void)setpriority(PRIO_PROCESS, tid, nice_now + JOBS_NICE_STEP);
}

static void *thread_main(void *p)
{
	struct job *j = p;
	ssize_t n;

	lower_own_priority();
	j->work(j->arg);
	/* A pointer is smaller than PIPE_BUF, so the write is atomic. */
	do
		n = write(done_pipe[1], &j, sizeof j);
	while (n < 0 && errno == EINTR);
	return NULL;
}

void jobs_run(job_fn work, job_fn done, void *arg)
{
	struct job *j = xmalloc(sizeof *j);
	pthread_attr_t at;
	pthread_t t;
	int rc;

	if (jobs_init() != 0)
		fatal("pipe: %s", strerror(errno));
	j->work = work;
	j->done = done;
	j->arg = arg;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &at, thread_main, j);
	pthread_attr_destroy(&at);
	if (rc != 0)
		fatal("cannot start a worker thread: %s", strerror(rc));
	active++;
}

int jobs_reap(void)
{
	struct pollfd p = {done_pipe[0], POLLIN, 0};
	int n = 0;

	while (done_pipe[0] >= 0 && poll(&p, 1, 0) == 1) {
		struct job *j;

		if (read(done_pipe[0], &j, sizeof j) != (ssize_t)sizeof j)
			break;
		active--;
		if (j->done != NULL)
			j->done(j->arg);
		free(j);
		n++;
	}
	return n;
}

int jobs_active(void)
{
	return active;
}

void jobs_drain(void)
{
	while (active > 0) {
		struct pollfd p = {done_pipe[0], POLLIN, 0};

		poll(&p, 1, 1000);
		jobs_reap();
	}
}
