/* jobproc.c: the process behind a fleet job (contract in jobproc.h). */
#include "jobproc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct fleet_child *jobproc_spawn(char *const *argv, char **cause)
{
	int po[2] = {-1, -1}, pe[2] = {-1, -1};
	struct fleet_child *c;
	pid_t pid;

	if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		err_set(cause, "pipe: %s", strerror(errno));
		goto fail;
	}
	pid = fork();
	if (pid < 0) {
		err_set(cause, "fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		setsid(); /* no terminal: kubectl must never prompt */
		dup2(null, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		closefrom(3); /* no other job's pipe ends, no console sockets */
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	fcntl(po[0], F_SETFL, O_NONBLOCK);
	fcntl(pe[0], F_SETFL, O_NONBLOCK);
	c = xcalloc(1, sizeof *c);
	c->pid = pid;
	c->out_fd = po[0];
	c->err_fd = pe[0];
	buf_init(&c->out);
	buf_init(&c->err);
	return c;
fail:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	return NULL;
}

void jobproc_drain(int *fd, struct buf *b, size_t cap)
{
	char chunk[65536];

	while (*fd >= 0) {
		ssize_t r = read(*fd, chunk, sizeof chunk);

		if (r > 0) {
			if (b->len < cap)
				buf_add(b, chunk, (size_t)r);
			continue;
		}
		if (r < 0 && (errno == EINTR))
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		close(*fd);
		*fd = -1;
	}
}

void jobproc_child_free(struct fleet_child *c)
{
	if (c == NULL)
		return;
	if (!c->exited) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, &c->status, 0);
	}
	if (c->out_fd >= 0)
		close(c->out_fd);
	if (c->err_fd >= 0)
		close(c->err_fd);
	buf_free(&c->out);
	buf_free(&c->err);
	free(c);
}

/* ---- the job's view of its process (child or ssh) -------------------------- */

int *jobproc_out_fd(struct fleet_job *j)
{
	return j->sp ? &j->sp->out_fd : &j->ch->out_fd;
}

int *jobproc_err_fd(struct fleet_job *j)
{
	return j->sp ? &j->sp->err_fd : &j->ch->err_fd;
}

struct buf *jobproc_out(struct fleet_job *j)
{
	return j->sp ? &j->sp->out : &j->ch->out;
}

struct buf *jobproc_err(struct fleet_job *j)
{
	return j->sp ? &j->sp->err : &j->ch->err;
}

void jobproc_pump(struct fleet_job *j)
{
	jobproc_drain(jobproc_err_fd(j), jobproc_err(j), 64 * 1024);
	jobproc_drain(jobproc_out_fd(j), jobproc_out(j), FLEET_DOC_CAP + 1);
}

/* Waits (briefly: stdout has ended, so the process is ending) for the exit
 * status. Returns it, or -1 when the process is still there. */
int jobproc_reap(struct fleet_job *j, int wait_ms)
{
	pid_t pid = j->sp ? j->sp->pid : j->ch->pid;
	int *exited = j->sp ? &j->sp->exited : &j->ch->exited;
	int *status = j->sp ? &j->sp->status : &j->ch->status;

	for (int i = 0; !*exited && i <= wait_ms / 10; i++) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid || (r < 0 && errno == ECHILD))
			*exited = 1;
		else if (i < wait_ms / 10)
			usleep(10000);
	}
	return *exited ? *status : -1;
}

/* A job with a process of its own (members of a carrier have none). */
int jobproc_has(const struct fleet_job *j)
{
	return j->sp != NULL || j->ch != NULL;
}

void jobproc_stop(struct fleet_job *j)
{
	if (j->sp != NULL) {
		ssh_proc_kill(j->sp);
		ssh_proc_free(j->sp);
		j->sp = NULL;
	}
	jobproc_child_free(j->ch);
	j->ch = NULL;
}
