/* jobs.h: run slow local work (fact collection, parsing a 100 MB dump) on
 * a worker thread so the main loop never waits for it.
 *
 * jobs_run() starts `work(arg)` on a new thread; when it returns, the
 * thread writes to a pipe that the main loop polls (jobs_fd()), and
 * jobs_reap() then calls `done(arg)` on the main thread. `work` must not
 * touch curses, the journal or anything the main thread mutates; it owns
 * `arg` until `done` runs. */
#ifndef GOTRIAGE_JOBS_H
#define GOTRIAGE_JOBS_H

typedef void (*job_fn)(void *arg);

/* How much nicer than the UI thread a job's thread runs. */
#define JOBS_NICE_STEP 5

int jobs_init(void);
/* The fd to poll for POLLIN. */
int jobs_fd(void);
void jobs_run(job_fn work, job_fn done, void *arg);
/* Calls done() for every finished job; returns how many. */
int jobs_reap(void);
/* Jobs started and not yet reaped. */
int jobs_active(void);
/* Waits for every job to finish and reaps them (at exit). */
void jobs_drain(void);

#endif
