/* targets.h: the target list of `gotriage fleet` (--targets FILE|-,
 * --ssh-hosts FILE --comm NAME). These are bytes from outside: capped at
 * FLEET_TARGETS_CAP, every line checked, errors named FILE:LINE.
 *
 * One target a line; blank lines and '#' comments are skipped:
 *   [ssh://][USER@]HOST[:PORT] pid=N|url=URL|comm=NAME [label=VALUE ...]
 *   local|localhost            ...   this host, no ssh
 *   k8s://[CONTEXT/]NAMESPACE/POD[/CONTAINER] ...   through kubectl exec
 *            (3 parts are NS/POD/CONTAINER unless the first is no
 *            Kubernetes name, or the spec ends in '/': then a context)
 *   k8s://NAMESPACE|k8s://[CONTEXT/]NAMESPACE/ selector=LABELS [container=NAME] ...
 *            every Running pod `kubectl get pods -l LABELS` lists (an
 *            equality-based selector: app=web,tier!=db; no spaces)
 * Exactly one of pid=, url=, comm= (comm= is every Go process of that name
 * on the host, found when the fleet runs). Any other KEY=VALUE is a label,
 * carried to the outputs (role=canary). A --ssh-hosts file holds one
 * destination a line (the first word; '#' comments), each with comm=NAME.
 *
 * Ownership: fleet_targets_free() frees everything parsed (NULL fine). */
#ifndef GOTRIAGE_FLEET_TARGETS_H
#define GOTRIAGE_FLEET_TARGETS_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "collectors/remote/kubectl.h"

#define FLEET_TARGETS_CAP (4 * MIB)
#define FLEET_TARGETS_MAX 10000 /* targets in one file */
#define FLEET_LINE_MAX 4096
#define FLEET_LABELS_MAX 32
#define FLEET_ERRORS_SHOWN 20 /* bad lines named in *cause */

enum fleet_transport { FLEET_LOCAL, FLEET_SSH, FLEET_K8S };
enum fleet_select { FLEET_PID, FLEET_URL, FLEET_COMM };

struct fleet_target {
	enum fleet_transport transport;
	char *host; /* ssh: the destination "[USER@]HOST[:PORT]"; "local"; k8s: POD */
	/* k8s only: context, ns, pod, container as kube_ref_parse()
	 * (collectors/remote/kubectl.h) reads them, the one parser of k8s://
	 * specs; container= sets pod.container */
	struct kube_pod pod;
	char *k8s_selector; /* selector=: pod.pod is NULL, the pods are listed */
	enum fleet_select select;
	int pid;
	char *url, *comm;
	struct strlist labels; /* "key=value" */
	char *where;	       /* "FILE:LINE", for messages */
};

struct fleet_targets {
	struct fleet_target *v;
	size_t n, cap;
};

/* Parses a target list. `file` names it in errors. Returns 0, or -1 with
 * *cause: one "FILE:LINE: why" line per bad line (at most
 * FLEET_ERRORS_SHOWN, then "... and N more"), nothing added to *out. */
int fleet_targets_parse(const char *buf, size_t len, const char *file, struct fleet_targets *out,
			char **cause);
/* A --ssh-hosts list: each destination gets comm=NAME. */
int fleet_hosts_parse(const char *buf, size_t len, const char *file, const char *comm,
		      struct fleet_targets *out, char **cause);
/* Reads `path` ("-": standard input) up to FLEET_TARGETS_CAP. */
int fleet_targets_read(const char *path, struct buf *out, char **cause);
void fleet_targets_free(struct fleet_targets *ts);

/* "web-07", "web-07:1234", "local:1234", "pod/container": for rows. The
 * pid is the one found (comm=) or given; 0 leaves it out. malloc'd. */
char *fleet_target_name(const struct fleet_target *t, int pid);

#endif
