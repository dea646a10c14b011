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
	int pid;	     /* 0: none given */
	const char *url;     /* debug endpoint base URL, or NULL */
	const char *binary;  /* path to the binary, or NULL */
	const char *repo;    /* source repository, or NULL */
	const char *rev;     /* --rev: judge this revision's tree, or NULL */
	const char *against; /* --against: what the build is compared with (HEAD) */
};

enum probe_state { PROBE_PENDING, PROBE_PPROF, PROBE_NOT_PPROF, PROBE_FAILED };

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
	double attached_at;  /* now_wall() */
	double refreshed_at; /* last /proc refresh */
};

int target_attach(const struct target_opts *o, struct target **out, char **cause);
void target_free(struct target *t);

/* Starts the /debug/pprof/ probes (the URL given, then each listener). */
void target_probe_start(struct target *t, struct http_client *c);
/* Re-reads /proc for the process (cheap; for the refresh timer). */
int target_refresh(struct target *t, char **cause);

/* Pure: does this response look like Go's net/http/pprof index? A 200 is
 * not enough (caddy answers 200 with its own page for every path). */
int target_is_pprof_index(long status, const char *content_type, const char *body, size_t len);
/* "pid 1234 (demo) http://127.0.0.1:6060" for titles and file names. */
char *target_describe(const struct target *t);
struct cJSON *target_to_json(const struct target *t);

#endif
