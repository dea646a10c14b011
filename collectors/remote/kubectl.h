/* kubectl.h: a service in a Kubernetes pod, reached through the kubectl
 * the engineer already has (its kubeconfig, contexts and credentials
 * apply; gotriage adds nothing and writes nothing in the pod).
 *
 *   kube_pod_parse("[k8s://][CONTEXT/]NAMESPACE/POD[/CONTAINER]", &pod, &cause)
 *   p = kube_exec(&pod, words, &cause)
 *       kubectl [--context C] exec -i -n NS POD [-c CONTAINER] -- WORDS...
 *       as a struct ssh_proc (collectors/remote/ssh.h): the same reading,
 *       writing and reaping as ssh; its failures in kubectl's terms
 *       (kube_explain())
 *   kube_forward_open(&pod, 6060, timeout_ms, &fw, &lport, &cause)
 *       kubectl [--context C] port-forward -n NS pod/POD :6060
 *       (kubectl picks the local port, read from its first
 *       "Forwarding from 127.0.0.1:NNNNN -> 6060" line within timeout_ms;
 *       a kubectl that exits or says nothing in time is killed, and the
 *       cause is one line: its own last words or the timeout)
 *   kube_forward_revive(fw, ...)  kubectl ended meanwhile: again, same port
 *   kube_forward_close(fw)  SIGTERM to kubectl's process group, then
 *                           SIGKILL, and reaped: nothing is left running
 *
 * kubectl's output goes to an unlinked temporary file, not a pipe: a
 * port-forward prints "Handling connection for 6060" per connection for
 * as long as it runs, and a pipe nobody drains would stall it. */
#ifndef GOTRIAGE_KUBECTL_H
#define GOTRIAGE_KUBECTL_H

#include <stddef.h>
#include <sys/types.h>

#include "collectors/base/common.h"

#define KUBE_FWD_CAP (64 * 1024) /* of kubectl's output read for the line */

struct ssh_proc;

struct kube_pod {
	char *context;	 /* NULL: kubectl's current context */
	char *ns, *pod;	 /* both set */
	char *container; /* NULL: the pod's default container */
	char *name;	 /* "[CONTEXT/]NS/POD[/CONTAINER]", for messages */
};

/* 2 parts are NS/POD, 4 CONTEXT/NS/POD/CONTAINER; 3 are NS/POD/CONTAINER
 * unless the first is no Kubernetes name ("admin@prod": a context) or
 * the spec ends in '/' ("prod/shop/api-1/": context prod, no container).
 * Names are checked (nothing kubectl could take for an option). Returns
 * 0, or -1 with *cause. */
int kube_pod_parse(const char *spec, struct kube_pod *p, char **cause);
/* The one parser of k8s:// specs (--k8s, fleet target lines): as
 * kube_pod_parse(), and with KUBE_NS_ONLY also a namespace without a pod
 * ("NAMESPACE", or "CONTEXT/NAMESPACE/": the trailing '/' says no pod
 * follows), for a label selector to list the pods of: p->pod is then
 * NULL. */
#define KUBE_NS_ONLY 1u
/* Whether s is a Kubernetes name kubectl takes as one (RFC 1123: a-z,
 * 0-9, '-', '.'; no leading '-'), e.g. a container= value. */
int kube_name_ok(const char *s);
int kube_ref_parse(const char *spec, unsigned flags, struct kube_pod *p, char **cause);
void kube_pod_clear(struct kube_pod *p);

/* Whether kubectl is an executable in a $PATH directory. */
int kube_on_path(void);

/* The exec argv (program first) into *argv. */
void kube_exec_argv(const struct kube_pod *p, const char *const *words, struct strlist *argv);
struct ssh_proc *kube_exec(const struct kube_pod *p, const char *const *words, char **cause);
/* One line for a kubectl exec that failed (its stderr and exit status). */
char *kube_explain(const struct ssh_proc *p);

/* From kubectl port-forward's output (at most KUBE_FWD_CAP bytes): the
 * local port of the first "Forwarding from 127.0.0.1:N -> RPORT" (or
 * [::1]) line. Returns the port, or 0 when there is no such line yet. */
int kube_forward_parse(const char *text, size_t len, int rport);

struct kube_forward;
int kube_forward_open(const struct kube_pod *p, int rport, int timeout_ms,
		      struct kube_forward **out, int *lport, char **cause);
/* The kubectl pid (tests), or -1. */
pid_t kube_forward_pid(const struct kube_forward *f);
/* A port-forward whose kubectl ended (the pod restarted, the API server
 * dropped the stream) is started again on the same local port, so a base
 * URL handed out stays right. Returns 0 (forwarding), or -1 with *cause. */
int kube_forward_revive(struct kube_forward *f, int timeout_ms, char **cause);
/* SIGKILL to kubectl's process group now, and no revive after: for
 * another thread's exit path while a worker may use f (close() still
 * frees it). */
void kube_forward_kill(struct kube_forward *f);
void kube_forward_close(struct kube_forward *f);

#endif
