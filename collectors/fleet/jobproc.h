/* jobproc.h: the process behind one fleet job (collectors/fleet/run.c's
 * helper, not for use elsewhere): a local child (gotriage itself for
 * `local`, kubectl for k8s://) with stdout and stderr piped and
 * non-blocking, or an ssh_proc (collectors/remote/ssh.h). The accessors
 * let the poll loop treat both alike. */
#ifndef GOTRIAGE_FLEET_JOBPROC_H
#define GOTRIAGE_FLEET_JOBPROC_H

#include "collectors/remote/ssh.h"
#include "run.h"

struct fleet_child {
	pid_t pid;
	int out_fd, err_fd;
	struct buf out, err;
	int exited, status;
};

/* Forks argv[0] (PATH searched) in its own session, stdin /dev/null. */
struct fleet_child *jobproc_spawn(char *const *argv, char **cause);
/* Reads what is there without blocking, keeping at most cap bytes;
 * closes *fd (-1) at end of file. */
void jobproc_drain(int *fd, struct buf *b, size_t cap);
/* Kills (if running), reaps, frees. NULL fine. */
void jobproc_child_free(struct fleet_child *c);

int *jobproc_out_fd(struct fleet_job *j);
int *jobproc_err_fd(struct fleet_job *j);
struct buf *jobproc_out(struct fleet_job *j);
struct buf *jobproc_err(struct fleet_job *j);
void jobproc_pump(struct fleet_job *j);
/* The exit status once the process ended (waits up to wait_ms), or -1. */
int jobproc_reap(struct fleet_job *j, int wait_ms);
/* Whether the job has a process of its own (a carrier's members do not). */
int jobproc_has(const struct fleet_job *j);
/* Kills and frees the job's process, if any. */
void jobproc_stop(struct fleet_job *j);

#endif
