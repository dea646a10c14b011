/* run.h: collecting the facts documents of a whole fleet, in parallel.
 *
 * Every target becomes one or more jobs: a job runs `gotriage collect`
 * for one process where the process lives, and keeps the one line of JSON
 * it prints (the facts document, facts_doc.h):
 *   local   this gotriage binary (/proc/self/exe), no ssh
 *   ssh     ssh HOST gotriage collect ... through collectors/remote/ssh.h;
 *           one ssh_link (ControlMaster) per host: the host's first job
 *           runs alone and opens the master, its other jobs then share it
 *           (a host that cannot be reached costs one connect, and every
 *           job of that host is reported unreachable with its reason)
 *   k8s     kubectl [--context C] exec -n NS POD [-c C] -- gotriage collect
 * comm=NAME first runs `gotriage collect --list-comm NAME` on the host and
 * adds a job per PID it prints. A k8s selector= target first runs
 * `kubectl get pods -n NS -l LABELS -o json` (collectors/fleet/k8spods.h)
 * and adds a job per Running pod.
 * Several PIDs of one ssh host are collected by one session (a carrier
 * job running `sh -c 'for p in ...; do gotriage collect --pid "$p"; done'`,
 * at most FLEET_BATCH each): a remote login costs far more than a collect
 * (shell start-up, rc files), on the host as much as here. The per-target
 * timeout then runs from the previous document; when it expires, the PID
 * being collected is timed out and the PIDs after it are collected by
 * jobs of their own (so one hung collect delays its host's others by one
 * timeout at most, and never costs their rows).
 *
 * At most opts.jobs run at once; a job still running after
 * opts.timeout_s is killed and marked timed out; nothing a target does
 * stops the run (partial results). The loop is poll(2)-based, one thread;
 * fleet_run() blocks until every job is settled (a subcommand's call,
 * never the UI loop).
 *
 * Ownership: fleet_run() returns a struct fleet_run freed with
 * fleet_run_free() (NULL fine); jobs point into the targets, which must
 * outlive it. */
#ifndef GOTRIAGE_FLEET_RUN_H
#define GOTRIAGE_FLEET_RUN_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "targets.h"

#define FLEET_DOC_CAP (64 * MIB) /* one document, as printed */
#define FLEET_BATCH 8		 /* PIDs per ssh session at most */

struct fleet_run;
struct fleet_host;
struct fleet_child;
struct ssh_proc;
struct ssh_link;

enum fleet_state {
	FLEET_WAITING,
	FLEET_RUNNING,
	FLEET_OK,	   /* doc holds the document */
	FLEET_TIMEOUT,	   /* killed after timeout_s */
	FLEET_UNREACHABLE, /* the host (or kubectl) could not be reached */
	FLEET_FAILED,	   /* reached, but collect failed: error says why */
	FLEET_EXPANDED,	   /* a comm= listing, replaced by its PIDs' jobs */
};

struct fleet_job {
	size_t target; /* index into the targets */
	int pid;       /* the process (given or found by comm=), 0 for url= */
	char *name;    /* "web-07:1234" */
	enum fleet_state state;
	char *error; /* one line, for every state but OK */
	struct buf doc;
	double started, took; /* monotonic; took is seconds */
	char *pod;	      /* a pod a k8s selector listed, or NULL (the target's) */
	/* private to run.c */
	int listing;
	int podlist;	 /* kubectl get pods -l: replaced by a job per pod */
	int in_batch;	 /* collected by a carrier job (one ssh session) */
	size_t *members; /* a carrier: the jobs it collects, in turn */
	size_t nmembers;
	double last; /* a carrier: its start or its last document */
	size_t host;
	struct ssh_proc *sp;
	struct fleet_child *ch;
};

struct fleet_run_opts {
	int jobs;	    /* parallel jobs, >= 1 */
	double timeout_s;   /* per job */
	const char *parts;  /* for collect --parts, or NULL (collect's default) */
	const char *self;   /* the local gotriage (default /proc/self/exe) */
	const char *remote; /* gotriage on hosts/pods (default $GOTRIAGE_REMOTE or "gotriage") */
	/* Called after every change and about twice a second (progress). */
	void (*progress)(const struct fleet_run *r, void *arg);
	void *arg;
	/* Called on every turn of the loop, after jobs settled: work that may
	 * start as soon as a job is OK (a tunnel to its service). Must not
	 * block. NULL: none. */
	void (*tick)(const struct fleet_run *r, void *arg);
	void *tick_arg;
};

struct fleet_run {
	const struct fleet_targets *targets;
	struct fleet_job *jobs;
	size_t n, cap;
	double started, took;
	/* private */
	struct fleet_host *hosts;
	size_t nhosts;
	const struct fleet_run_opts *o;
};

int fleet_run(const struct fleet_targets *ts, const struct fleet_run_opts *o,
	      struct fleet_run **out, char **cause);
/* Frees the run; each host's master connection is ended without waiting
 * (ssh_link_free_nowait()). */
void fleet_run_free(struct fleet_run *r);

/* Counts of jobs in each state (EXPANDED not counted anywhere). */
void fleet_run_counts(const struct fleet_run *r, size_t *done, size_t *failing, size_t *running,
		      size_t *waiting);
const char *fleet_state_name(enum fleet_state s);
/* The ssh link (one master connection) of job i's host, or NULL (not an
 * ssh target, or never connected). Valid until fleet_run_free(). */
struct ssh_link *fleet_run_link(const struct fleet_run *r, size_t i);

#endif
