/* attach_remote.h: attaching to a service whose process side is elsewhere:
 * a facts document (--facts FILE) or a host reached over ssh (--ssh
 * [USER@]HOST[:PORT]). The repo side (--repo) is always read here.
 *
 * remote_args_from() takes the two options from the parsed ones
 * (tui/cmd/commands.c declares them for the console and check).
 * remote_attach() builds the target: its repo side from this host, its
 * process side from the document (or the first document the host sent),
 * and, for --ssh with route checks wanted, an ssh -L tunnel to the
 * service's URL (for --k8s, a kubectl port-forward to its port, ended
 * by remote_session_free()). remote_session_use() points a struct facts at it, so
 * facts_collect() takes the process-side parts from there. */
#ifndef GOTRIAGE_ATTACH_REMOTE_H
#define GOTRIAGE_ATTACH_REMOTE_H

#include "collectors/facts.h"
#include "options.h"

struct facts_doc;
struct facts_remote;

struct remote_args {
	const char *facts; /* --facts FILE */
	const char *ssh;   /* --ssh DEST */
	const char *k8s;   /* --k8s [CTX/]NS/POD[/C]: as --ssh, over kubectl */
};

/* The three options from the parsed ones; -1 with *cause when two are given. */
int remote_args_from(const struct options *o, struct remote_args *a, char **cause);

struct remote_session {
	struct facts_doc *doc;	     /* --facts */
	struct facts_remote *remote; /* --ssh */
	struct facts_source source;  /* over one of them */
	char *via, *via_error;	     /* the tunnel's base URL, or why none */
	char status[256];	     /* "facts of HOST taken at TIME" */
	int failed;		     /* status holds the last ssh failure */
};

/* `needs` is the FACT_* mask the caller will collect. Returns 0, or -1
 * with one line in *cause. */
int remote_attach(const struct remote_args *a, const struct options *o, unsigned needs,
		  struct target **t, struct remote_session **s, char **cause);
void remote_session_use(struct remote_session *s, struct facts *f);
/* After a collect with FACT_PROC over ssh: the target takes the process
 * part of the latest document (main thread, no worker running). */
void remote_session_adopt_target(struct remote_session *s, struct target *t);
/* The tunnel's base URL for the panes' own requests once it is up (the
 * first collect waits for it), else NULL. Main thread, no worker running. */
const char *remote_session_via(const struct remote_session *s);
/* Refreshes the status line text (RTT and bytes for --ssh). */
const char *remote_session_status(struct remote_session *s);
void remote_session_free(struct remote_session *s);

#endif
