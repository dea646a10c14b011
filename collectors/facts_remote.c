/* facts_remote.c: facts documents over ssh (contract in facts_remote.h). */
#include "facts_remote.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/net/http.h"
#include "collectors/remote/kubectl.h"
#include "collectors/remote/ssh.h"

/* A request written on the stream and not yet answered (the host answers
 * in order, one document a line). */
struct pending {
	unsigned parts;
	double at; /* now_mono() when asked */
};
#define PENDING_MAX 8

struct facts_remote {
	struct ssh_link *link; /* ssh; NULL over kubectl */
	struct kube_pod pod;   /* kubectl: pod.name set */
	struct kube_forward *kfwd;
	char *kfwd_error; /* why the port-forward could not be started again */
	struct ssh_proc *proc;
	struct facts_doc *doc; /* the latest with the process part */
	int fresh;	       /* doc not yet used by a fill() */
	unsigned fresh_parts;  /* what doc was asked for */
	struct pending pend[PENDING_MAX];
	int npend;
	int timeout_ms;
	double rtt;
	char *host;
	char *error;	      /* of the last fill(), NULL when it worked */
	struct strlist argv;  /* the remote command, for reconnecting */
	char *prefetch_error; /* a request prefetch() could not send */
	struct ssh_proc *fwd; /* ssh -O forward still running, or NULL */
	char *fwd_error;      /* why the tunnel failed, or NULL */
	/* What the UI thread may read while a fill() runs on the worker:
	 * the round trip and bytes, and the ssh child to kill at exit. The
	 * worker publishes them under the lock (publish()); the ssh_proc
	 * itself (its counters, its replacement on reconnect) is the
	 * worker's alone. */
	pthread_mutex_t lock;
	size_t shown_bytes;
	double shown_rtt;
	pid_t live_pid; /* 0 when no ssh child runs */
};

/* Worker (or opener) side: copies what the UI thread may read. */
static void publish(struct facts_remote *r)
{
	pthread_mutex_lock(&r->lock);
	if (r->proc != NULL)
		r->shown_bytes = r->proc->bytes_in + r->proc->bytes_out;
	r->shown_rtt = r->rtt;
	r->live_pid = r->proc != NULL && !r->proc->exited ? r->proc->pid : 0;
	pthread_mutex_unlock(&r->lock);
}

/* "process,buildinfo,..." for a mask (the stream's request syntax). */
static char *parts_list(unsigned parts)
{
	struct buf b;

	buf_init(&b);
	for (unsigned bit = 1; bit <= FACT_PROXY; bit <<= 1) {
		const char *n = (parts & bit) ? facts_doc_part_name(bit) : NULL;

		if (n != NULL)
			buf_printf(&b, "%s%s", b.len ? "," : "", n);
	}
	if (b.len == 0)
		buf_adds(&b, "process");
	return buf_steal(&b);
}

static const char *remote_name(const struct facts_remote *r)
{
	return r->link ? ssh_link_name(r->link) : r->pod.name;
}

/* The remote command, over ssh or kubectl exec. */
static struct ssh_proc *run_remote(struct facts_remote *r, const char *const *argv, char **cause)
{
	return r->link ? ssh_link_run(r->link, argv, cause) : kube_exec(&r->pod, argv, cause);
}

/* Reads the next line: a document, or the reason there is none. */
static int read_doc(struct facts_remote *r, struct facts_doc **out, char **cause)
{
	struct buf line;
	char *why = NULL;
	int rc;

	buf_init(&line);
	if (ssh_proc_read_line(r->proc, r->timeout_ms, FACTS_DOC_CAP, &line, cause) != 0) {
		buf_free(&line);
		return -1;
	}
	rc = facts_doc_parse(line.data ? line.data : "", line.len, out, &why);
	buf_free(&line);
	if (r->npend > 0) { /* answered: the oldest request */
		r->rtt = now_mono() - r->pend[0].at;
		memmove(r->pend, r->pend + 1, (size_t)(r->npend - 1) * sizeof *r->pend);
		r->npend--;
	}
	publish(r);
	if (rc != 0) {
		err_set(cause,
			"%s %s: the host's gotriage answered something this one cannot read: %s",
			r->link ? "ssh" : "kubectl", remote_name(r), why);
		free(why);
		return -1;
	}
	return 0;
}

/* Writes "collect PARTS" and remembers it as pending. */
static int request(struct facts_remote *r, unsigned parts, char **cause)
{
	char *list = parts_list(parts), *req = xasprintf("collect %s\n", list);
	int rc;

	free(list);
	if (r->npend >= PENDING_MAX) {
		free(req);
		return err_set(cause, "%s %s: too many requests in flight",
			       r->link ? "ssh" : "kubectl", remote_name(r));
	}
	rc = ssh_proc_write(r->proc, req, cause);
	free(req);
	if (rc != 0) {
		/* the write failed: the reason is in ssh's stderr, if it ended */
		ssh_proc_pump(r->proc);
		if (r->proc->out_fd < 0) {
			free(*cause);
			*cause = ssh_explain(r->proc);
		}
		return -1;
	}
	r->pend[r->npend++] = (struct pending){parts, now_mono()};
	publish(r);
	return 0;
}

/* Whether an answer on its way carries all of `parts`. */
static int pending_covers(const struct facts_remote *r, unsigned parts)
{
	for (int i = 0; i < r->npend; i++)
		if ((r->pend[i].parts & parts) == parts)
			return 1;
	return 0;
}

/* Starts `ssh HOST gotriage collect --stream` with the command in r->argv;
 * its first document is pending. */
static int spawn_session(struct facts_remote *r, unsigned first, char **cause)
{
	const char **argv = xcalloc(r->argv.n + 1, sizeof *argv);

	for (size_t i = 0; i < r->argv.n; i++)
		argv[i] = r->argv.v[i];
	r->npend = 0;
	r->proc = run_remote(r, argv, cause);
	publish(r);
	free(argv);
	if (r->proc == NULL)
		return -1;
	r->pend[r->npend++] = (struct pending){first, now_mono()};
	return 0;
}

int facts_remote_start(const struct facts_remote_opts *o, struct facts_remote **out, char **cause)
{
	struct facts_remote *r = xcalloc(1, sizeof *r);
	const char *cmd = o->cmd ? o->cmd : getenv("GOTRIAGE_REMOTE");
	const char *argv[24];
	unsigned want = (o->parts ? o->parts : FACT_PROCESS_SIDE | FACT_MODULES) &
			(FACT_PROCESS_SIDE | FACT_MODULES);
	unsigned first = (want & FACT_SOURCE_FIRST) | FACT_PROC, rest = want & ~first;
	char pid[16], *parts = parts_list(first);
	size_t n = 0;

	*out = NULL;
	pthread_mutex_init(&r->lock, NULL);
	r->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 60000;
	if (o->k8s != NULL && !kube_on_path()) {
		free(parts);
		pthread_mutex_destroy(&r->lock);
		free(r);
		return err_set(cause,
			       "--k8s %s: kubectl is not on PATH: the pod is reached with "
			       "the kubectl the cluster is used with",
			       o->k8s);
	}
	if (o->k8s != NULL ? kube_pod_parse(o->k8s, &r->pod, cause) != 0
			   : (r->link = ssh_link_new(o->dest, cause)) == NULL) {
		free(parts);
		pthread_mutex_destroy(&r->lock);
		free(r);
		return -1;
	}
	argv[n++] = cmd && cmd[0] ? cmd : "gotriage";
	argv[n++] = "collect";
	argv[n++] = "--stream";
	argv[n++] = "--parts";
	argv[n++] = parts;
	if (o->pid > 0) {
		snprintf(pid, sizeof pid, "%d", o->pid);
		argv[n++] = "--pid";
		argv[n++] = pid;
	}
	if (o->url != NULL) {
		argv[n++] = "--url";
		argv[n++] = o->url;
	}
	if (o->binary != NULL) {
		argv[n++] = "--binary";
		argv[n++] = o->binary;
	}
	if (o->module != NULL && o->module[0] != '\0') {
		argv[n++] = "--module";
		argv[n++] = o->module;
	}
	if (o->header != NULL) {
		argv[n++] = "--header";
		argv[n++] = o->header;
	}
	if (o->full_dump)
		argv[n++] = "--full-dump";
	argv[n] = NULL;
	for (size_t i = 0; i < n; i++)
		strlist_add(&r->argv, argv[i]);
	free(parts);
	/* The first document is the cheap parts the repo side waits for; the
	 * slow ones are asked for now, behind it in the pipe, so the host
	 * collects them while this side scans the repo. */
	if (spawn_session(r, first, cause) != 0 || (rest && request(r, rest, cause) != 0)) {
		facts_remote_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

int facts_remote_wait(struct facts_remote *r, char **cause)
{
	unsigned asked = r->npend > 0 ? r->pend[0].parts : 0;
	struct facts_doc *d = NULL;

	if (read_doc(r, &d, cause) != 0)
		return -1;
	facts_doc_free(r->doc);
	r->doc = d;
	r->fresh = 1;
	r->fresh_parts = asked;
	free(r->host);
	r->host = xstrdup(d->host);
	return 0;
}

int facts_remote_open(const struct facts_remote_opts *o, struct facts_remote **out, char **cause)
{
	if (facts_remote_start(o, out, cause) != 0)
		return -1;
	if (facts_remote_wait(*out, cause) != 0) {
		facts_remote_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

const struct facts_doc *facts_remote_doc(const struct facts_remote *r)
{
	return r->doc;
}

const char *facts_remote_host(const struct facts_remote *r)
{
	return r->host ? r->host : remote_name(r);
}

/* The next document answering `want` (asked for now unless an answer is
 * on its way). Answers to older requests that do not cover it are read
 * and dropped (the process part is kept for the target). */
static int answer(struct facts_remote *r, unsigned want, struct facts_doc **out, char **cause)
{
	*out = NULL;
	if (!pending_covers(r, want) && request(r, want, cause) != 0)
		return -1;
	for (;;) {
		unsigned asked = r->npend > 0 ? r->pend[0].parts : 0;
		struct facts_doc *d = NULL;

		if (read_doc(r, &d, cause) != 0)
			return -1;
		if (d->parts & FACT_PROC) {
			facts_doc_free(r->doc);
			r->doc = d;
		}
		if ((asked & want) == want) {
			*out = d;
			return 0;
		}
		if (d != r->doc)
			facts_doc_free(d);
	}
}

int facts_remote_refresh(struct facts_remote *r, unsigned parts, char **cause)
{
	struct facts_doc *d;

	if (answer(r, parts, &d, cause) != 0)
		return -1;
	if (d != r->doc)
		facts_doc_free(d);
	r->fresh = 0;
	return 0;
}

/* A new ssh session with the same command, after the last one ended
 * (the master may be gone too: ssh then connects afresh). */
static int reconnect(struct facts_remote *r, char **cause)
{
	unsigned first = r->npend > 0 ? r->pend[0].parts : r->fresh_parts;

	struct ssh_proc *old = r->proc;

	r->proc = NULL;
	publish(r); /* nothing to kill until the new child runs */
	ssh_proc_free(old);
	if (spawn_session(r, first ? first : FACT_SOURCE_FIRST, cause) != 0)
		return -1;
	return facts_remote_wait(r, cause);
}

int facts_remote_alive(const struct facts_remote *r)
{
	return r->proc != NULL && r->proc->out_fd >= 0 && r->proc->in_fd >= 0 && !r->proc->exited;
}

/* Route probes go through the tunnel: it must be up (or known failed). */
static void tunnel_ready(struct facts_remote *r, struct facts *f)
{
	if (r->fwd != NULL) {
		if (ssh_control_finish(r->fwd, 10000, &r->fwd_error) != 0 && r->fwd_error == NULL)
			r->fwd_error = xstrdup("the ssh tunnel to the service failed");
		r->fwd = NULL;
	}
	if (r->fwd_error != NULL && f->http_via != NULL) {
		f->http_via = NULL;
		f->http_via_error = r->fwd_error;
	}
}

static void remote_prefetch(void *arg, unsigned parts)
{
	struct facts_remote *r = arg;
	unsigned want = parts & (FACT_PROCESS_SIDE | FACT_MODULES);
	unsigned ask[2] = {want & FACT_SOURCE_FIRST, want & ~(unsigned)FACT_SOURCE_FIRST};
	char *cause = NULL;

	if (!facts_remote_alive(r))
		return; /* fill() reconnects and says why */
	for (int i = 0; i < 2; i++) {
		if (ask[i] == 0 || pending_covers(r, ask[i]) ||
		    (r->fresh && (r->fresh_parts & ask[i]) == ask[i]))
			continue;
		if (request(r, ask[i], &cause) != 0) {
			/* the drop is fill()'s to report, before any reconnect */
			free(r->prefetch_error);
			r->prefetch_error = cause;
			return;
		}
	}
}

static int remote_fill(void *arg, struct facts *f, unsigned parts, char **cause)
{
	struct facts_remote *r = arg;
	unsigned want = parts & (FACT_PROCESS_SIDE | FACT_MODULES), got;
	struct facts_doc *d;

	if (parts & FACT_ROUTES)
		tunnel_ready(r, f);
	/* A port-forward whose kubectl ended (the pod restarted) is started
	 * again on its port, or the probes say why instead of reporting a
	 * refused connection as the service's. */
	if ((parts & FACT_ROUTES) && r->kfwd != NULL) {
		free(r->kfwd_error);
		r->kfwd_error = NULL;
		if (kube_forward_revive(r->kfwd, KUBE_FORWARD_WAIT_MS, &r->kfwd_error) != 0) {
			f->http_via = NULL;
			f->http_via_error = r->kfwd_error;
		}
	}
	if (want == 0)
		return 0;
	free(r->error);
	r->error = NULL;
	if (r->prefetch_error != NULL) {
		*cause = r->prefetch_error;
		r->prefetch_error = NULL;
		r->error = xstrdup(*cause);
		return -1;
	}
	/* A session that ended is started again (the console's r). */
	if (!facts_remote_alive(r) && reconnect(r, cause) != 0) {
		r->error = xstrdup(*cause);
		return -1;
	}
	/* The first document answers the first collect. */
	if (r->fresh && (r->fresh_parts & want) == want) {
		r->fresh = 0;
		return (int)facts_doc_apply(r->doc, f, parts);
	}
	r->fresh = 0;
	if (answer(r, want, &d, cause) != 0) {
		r->error = xstrdup(*cause);
		return -1;
	}
	got = facts_doc_apply(d, f, parts);
	if (d != r->doc)
		facts_doc_free(d);
	return (int)got;
}

void facts_remote_source(struct facts_remote *r, struct facts_source *s)
{
	s->fill = remote_fill;
	s->prefetch = remote_prefetch;
	s->arg = r;
	s->host = facts_remote_host(r);
}

static int url_for_ssh(const char *url, char **scheme, char **host, int *port, char **cause)
{
	if (http_url_parts(url, scheme, host, port) != 0)
		return err_set(cause, "%s: not a URL to forward", url);
	if ((*host)[0] == '[') { /* ssh wants a bare v6 address in -L */
		memmove(*host, *host + 1, strlen(*host));
		(*host)[strcspn(*host, "]")] = '\0';
	}
	return 0;
}

int facts_remote_tunnel(struct facts_remote *r, const char *url, char **via, char **cause)
{
	char *scheme = NULL, *host = NULL;
	int port = 0, lport = 0, rc;

	*via = NULL;
	if (url_for_ssh(url, &scheme, &host, &port, cause) != 0)
		return -1;
	/* kubectl port-forward reaches the pod's own network namespace: the
	 * port is the service's, whatever address it listens on there. */
	if (r->link == NULL) {
		kube_forward_close(r->kfwd);
		r->kfwd = NULL;
		rc =
		    kube_forward_open(&r->pod, port, KUBE_FORWARD_WAIT_MS, &r->kfwd, &lport, cause);
	} else {
		rc = ssh_link_forward(r->link, host, port, &lport, cause);
	}
	if (rc == 0)
		*via = xasprintf("%s://127.0.0.1:%d", scheme, lport);
	free(scheme);
	free(host);
	return rc;
}

int facts_remote_tunnel_start(struct facts_remote *r, const char *url, char **via, char **cause)
{
	char *scheme = NULL, *host = NULL;
	int port = 0, lport = 0;

	*via = NULL;
	if (r->link == NULL) /* kubectl: its port-forward says when it is up */
		return facts_remote_tunnel(r, url, via, cause);
	if (r->fwd != NULL)
		return err_set(cause, "a tunnel is already being set up");
	if (url_for_ssh(url, &scheme, &host, &port, cause) != 0)
		return -1;
	r->fwd = ssh_link_forward_start(r->link, host, port, &lport, cause);
	if (r->fwd != NULL)
		*via = xasprintf("%s://127.0.0.1:%d", scheme, lport);
	free(scheme);
	free(host);
	return r->fwd != NULL ? 0 : -1;
}

int facts_remote_tunnel_pending(const struct facts_remote *r)
{
	return r->fwd != NULL;
}

const char *facts_remote_tunnel_error(const struct facts_remote *r)
{
	return r->fwd_error;
}

void facts_remote_stats(struct facts_remote *r, size_t *bytes, double *rtt)
{
	pthread_mutex_lock(&r->lock);
	*bytes = r->shown_bytes;
	*rtt = r->shown_rtt;
	pthread_mutex_unlock(&r->lock);
}

const char *facts_remote_error(const struct facts_remote *r)
{
	return r->error;
}

void facts_remote_kill(struct facts_remote *r)
{
	pid_t pid;

	pthread_mutex_lock(&r->lock);
	pid = r->live_pid;
	pthread_mutex_unlock(&r->lock);
	if (pid > 0)
		kill(pid, SIGKILL);
	kube_forward_kill(r->kfwd);
}

void facts_remote_close(struct facts_remote *r)
{
	if (r == NULL)
		return;
	if (r->fwd != NULL)
		ssh_control_finish(r->fwd, 1000, NULL);
	ssh_proc_free(r->proc);
	/* The master ends in the background: quitting does not wait for it. */
	ssh_link_free_nowait(r->link);
	kube_forward_close(r->kfwd);
	free(r->kfwd_error);
	kube_pod_clear(&r->pod);
	facts_doc_free(r->doc);
	free(r->fwd_error);
	free(r->prefetch_error);
	free(r->host);
	free(r->error);
	strlist_free(&r->argv);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
