/* target.h: what gotriage is attached to, and what attach discovered.
 *
 * target_attach() validates the user's input with local, bounded work only
 * (/proc, the repo's files, a TCP connect to a loopback URL) and fails with
 * one line naming what was tried and what to pass instead. Discovery that
 * needs HTTP (which listener serves /debug/pprof/) is asynchronous:
 * target_probe_start() queues one bounded request per candidate on the
 * caller's http client, and the results land in t->probes and
 * t->debug_url as they arrive, so a listener that never answers cannot
 * stall start-up. The target owns everything it points to. */
#ifndef GOTRIAGE_TARGET_H
#define GOTRIAGE_TARGET_H

#include "collectors/base/common.h"
#include "collectors/git/gitrefs.h"
#include "collectors/net/http.h"
#include "procfs.h"
#include "procnet.h"

struct target_opts {
	int pid;	      /* 0: none given */
	const char *url;      /* debug endpoint base URL, or NULL */
	const char *binary;   /* path to the binary, or NULL */
	const char *repo;     /* source repository, or NULL */
	const char *rev;      /* --rev: judge this revision's tree, or NULL */
	const char *against;  /* --against: what the build is compared with (HEAD) */
	int repo_mismatch_ok; /* --repo-mismatch-ok: judge a repo of another module */
};

/* PROBE_SILENT: the connection was accepted but no answer came in time
 * (a stopped or hung process), not a verdict on net/http/pprof. */
enum probe_state { PROBE_PENDING, PROBE_PPROF, PROBE_NOT_PPROF, PROBE_FAILED, PROBE_SILENT };

struct target_probe {
	char *url; /* base URL probed */
	enum probe_state state;
	long status;
	char *note; /* "200 text/html, pprof index" / "timed out after 1.5 s" */
	double duration;
};

struct target {
	int pid;
	char *url_given;	     /* --url as given, normalised to scheme://host:port */
	char *debug_url;	     /* where /debug/pprof/ answered, or NULL (yet) */
	char *binary;		     /* --binary, else the running exe's path */
	char *repo;		     /* absolute path of the repo, or NULL */
	char *repo_note;	     /* why the repo's HEAD is unknown, or NULL */
	struct procinfo *proc;	     /* NULL without a PID */
	struct listeners *listeners; /* NULL without a PID */
	char *listeners_error;
	struct gitrefs *git; /* NULL without a repo or .git */
	char *rev;	     /* --rev, or NULL */
	char *against;	     /* --against, or NULL (HEAD) */
	struct target_probe *probes;
	size_t nprobes;
	int probes_pending;
	char *binary_module; /* the binary's main module path, or NULL (unknown) */
	char *repo_module;   /* the repo's go.mod module path, or NULL */
	/* One sentence naming both module paths when the repo is not the
	 * binary's main module nor a module it contains; NULL when they fit
	 * or when either is unknown. The caller refuses or asks. */
	char *repo_mismatch;
	double next_probe_at; /* now_mono() of the next re-probe (target_watch.c) */
	double probe_backoff; /* seconds; doubles up to 30 while nothing answers */
	double attached_at;   /* now_wall() */
	double refreshed_at;  /* last /proc refresh */
};

/* Fails (-1, one line in *cause) on bad input, and for a PID whose image
 * is not a Go program: the line names the process and its children. A repo
 * of another module does not fail here: see repo_mismatch. */
int target_attach(const struct target_opts *o, struct target **out, char **cause);
void target_free(struct target *t);

/* target_watch.c: a stopped, hung or restarted service.
 *
 * target_silence(): when the process is stopped (T), in D, a zombie, or
 * a probe's connection was accepted but never answered, one sentence
 * saying so ("http://...: accepted the connection but did not answer
 * within 1.5 s; the process is stopped (SIGSTOP)"), malloc'd; NULL when
 * nothing says the target is silent. It reads /proc/PID/stat afresh.
 * target_state_clause(): "the process is stopped (SIGSTOP)" or NULL.
 * target_reprobe_due()/target_reprobe(): while no debug URL is known and
 * no probe runs, the probes are re-run with back-off (2 s doubling to 30 s),
 * so the console recovers by itself when the service answers again;
 * target_reprobe_now() re-probes at once (r, :refresh) and resets the
 * back-off. Call only when no worker reads the target.
 * target_follow(): the process is gone; if another process now listens on
 * the port the target was reached by, attach to it (proc, listeners,
 * probes reset). Returns the old PID and sets *note ("PID 1 exited; PID 2
 * (demo) now listens on 127.0.0.1:6060: followed it"), or 0 when there is
 * nothing to follow. */
char *target_silence(const struct target *t);
char *target_state_clause(const struct target *t);
/* The CPU the process has used (user + system, s) from /proc/PID/stat, or
 * -1 when unknown (no PID, gone, unreadable). Only for a local PID. */
double target_cpu_seconds(const struct target *t);
int target_reprobe_due(const struct target *t, double now);
void target_reprobe(struct target *t, struct http_client *c, double now);
void target_reprobe_now(struct target *t, struct http_client *c, double now);
int target_follow(struct target *t, char **note);

/* target_verify.c, called by target_attach(): -1 with *cause when the PID's
 * image is not a Go program (names the children); sets repo_module,
 * binary_module and repo_mismatch. */
int target_verify_go(const struct target *t, char **cause);
void target_verify_repo(struct target *t);

/* Starts the /debug/pprof/ probes (the URL given, then each listener). */
void target_probe_start(struct target *t, struct http_client *c);
/* Runs every known probe again; each keeps its last result until then. */
void target_probe_again(struct target *t, struct http_client *c);
/* Re-reads /proc for the process (cheap; for the refresh timer). */
int target_refresh(struct target *t, char **cause);

/* Pure: does this response look like Go's net/http/pprof index? A 200 is
 * not enough (caddy answers 200 with its own page for every path). */
int target_is_pprof_index(long status, const char *content_type, const char *body, size_t len);
/* "pid 1234 (demo) http://127.0.0.1:6060" for titles and file names. */
char *target_describe(const struct target *t);
struct cJSON *target_to_json(const struct target *t);

#endif
