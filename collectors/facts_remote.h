/* facts_remote.h: the process-side facts of a service on another host,
 * read over ssh (collectors/remote/ssh.h) or in a Kubernetes pod over
 * `kubectl exec -i` (collectors/remote/kubectl.h) from `gotriage collect
 * --stream` running there, as facts documents (facts_doc.h).
 *
 *   facts_remote_open(&opts, &r, &cause)   starts ssh and waits (bounded) for
 *                                          the first document (or _start, then
 *                                          _wait, to work while ssh connects)
 *   facts_remote_doc(r)                    that document (apply the target)
 *   facts_remote_source(r, &src); f->source = &src;
 *                                          every facts_collect() then asks the
 *                                          host for the parts it wants (the
 *                                          first call uses the first document)
 *   facts_remote_tunnel(r, url, &via, ...) a local base URL forwarding to the
 *                                          service's URL as seen from the host
 *                                          (ssh -O forward -L; for a pod, a
 *                                          kubectl port-forward child, started
 *                                          again on its port by a fill() with
 *                                          FACT_ROUTES if it ended, ended by
 *                                          close() or kill())
 *   facts_remote_close(r)
 * A session that ended (dropped connection) is started again by the next
 * fill(). One remote per host; several can run in parallel (fleet). fill() blocks
 * for at most opts.timeout_ms: call it from a worker thread or a
 * subcommand, never the UI loop. */
#ifndef GOTRIAGE_FACTS_REMOTE_H
#define GOTRIAGE_FACTS_REMOTE_H

#include "facts.h"
#include "facts_doc.h"

/* How long kubectl port-forward may take to say "Forwarding from". */
#define KUBE_FORWARD_WAIT_MS 15000

struct facts_remote_opts {
	const char *dest;   /* [USER@]HOST[:PORT] */
	const char *k8s;    /* instead of dest: [CONTEXT/]NS/POD[/CONTAINER] over kubectl */
	int pid;	    /* on the host, or 0 */
	const char *url;    /* the service's URL as the host sees it, or NULL */
	const char *binary; /* on the host, or NULL */
	const char *module; /* for the GOPROXY probes (the local go.mod's), or NULL */
	int full_dump;
	const char *header;
	unsigned parts;	 /* of the first document */
	int timeout_ms;	 /* per document; 0: 60 s */
	const char *cmd; /* the remote gotriage; NULL: $GOTRIAGE_REMOTE or "gotriage" */
};

struct facts_remote;

int facts_remote_open(const struct facts_remote_opts *o, struct facts_remote **out, char **cause);
/* facts_remote_open() in two steps, so the caller works while ssh
 * connects: start() runs ssh and asks for the first document (the cheap
 * FACT_SOURCE_FIRST parts) and, behind it, the slow ones of opts.parts;
 * wait() reads the first (bounded by opts.timeout_ms). */
int facts_remote_start(const struct facts_remote_opts *o, struct facts_remote **out, char **cause);
int facts_remote_wait(struct facts_remote *r, char **cause);
const struct facts_doc *facts_remote_doc(const struct facts_remote *r);
void facts_remote_source(struct facts_remote *r, struct facts_source *s);
/* Asks for a fresh document of `parts` now (the console's refresh);
 * on success it replaces the one facts_remote_doc() returns. */
int facts_remote_refresh(struct facts_remote *r, unsigned parts, char **cause);
int facts_remote_tunnel(struct facts_remote *r, const char *url, char **via, char **cause);
/* The same, without waiting for ssh: *via is known at once, the forward
 * is ready by the time a fill() with FACT_ROUTES returns (it waits), or
 * that fill() points the probes at why it failed. */
int facts_remote_tunnel_start(struct facts_remote *r, const char *url, char **via, char **cause);
/* Whether the tunnel of facts_remote_tunnel_start() is still being set
 * up, and why it failed (NULL: up, or none). Read when no fill() runs. */
int facts_remote_tunnel_pending(const struct facts_remote *r);
const char *facts_remote_tunnel_error(const struct facts_remote *r);
/* Bytes moved both ways, and the last request's round trip (s), as of
 * the last finished request: safe on the UI thread while a fill() runs
 * on a worker (a lock, not the live ssh counters). */
void facts_remote_stats(struct facts_remote *r, size_t *bytes, double *rtt);
const char *facts_remote_host(const struct facts_remote *r);
/* Why the last fill() failed, or NULL (read it when no fill runs). */
const char *facts_remote_error(const struct facts_remote *r);
/* Whether the ssh session still runs (after a drop, the next fill()
 * reconnects). */
int facts_remote_alive(const struct facts_remote *r);
/* Kills the ssh (or kubectl exec) child and the kubectl port-forward
 * (the console's exit while a worker may still use r; no revive after). */
void facts_remote_kill(struct facts_remote *r);
void facts_remote_close(struct facts_remote *r);

#endif
