/* facts_remote.c: facts documents over ssh (contract in facts_remote.h). */
#include "facts_remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/net/http.h"
#include "collectors/remote/kubectl.h"
#include "collectors/remote/ssh.h"

struct facts_remote {
	struct ssh_link *link; /* ssh; NULL over kubectl */
	struct kube_pod pod;   /* kubectl: pod.name set */
	struct kube_forward *fwd;
	char *fwd_error; /* why the port-forward could not be started again */
	struct ssh_proc *proc;
	struct facts_doc *doc;
	int fresh; /* doc not yet used by a fill() */
	int timeout_ms;
	double rtt;
	char *host;
	char *error;	     /* of the last fill(), NULL when it worked */
	struct strlist argv; /* the remote command, for reconnecting */
};

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
	if (rc != 0) {
		err_set(cause,
			"%s %s: the host's gotriage answered something this one cannot read: %s",
			r->link ? "ssh" : "kubectl", remote_name(r), why);
		free(why);
		return -1;
	}
	return 0;
}

int facts_remote_open(const struct facts_remote_opts *o, struct facts_remote **out, char **cause)
{
	struct facts_remote *r = xcalloc(1, sizeof *r);
	const char *cmd = o->cmd ? o->cmd : getenv("GOTRIAGE_REMOTE");
	const char *argv[24];
	char pid[16], *parts = parts_list(o->parts ? o->parts : FACT_PROCESS_SIDE | FACT_MODULES);
	size_t n = 0;
	double t0;

	*out = NULL;
	r->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 60000;
	if (o->k8s != NULL && !kube_on_path()) {
		free(parts);
		free(r);
		return err_set(cause,
			       "--k8s %s: kubectl is not on PATH: the pod is reached with "
			       "the kubectl the cluster is used with",
			       o->k8s);
	}
	if (o->k8s != NULL ? kube_pod_parse(o->k8s, &r->pod, cause) != 0
			   : (r->link = ssh_link_new(o->dest, cause)) == NULL) {
		free(parts);
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
	t0 = now_mono();
	r->proc = run_remote(r, argv, cause);
	free(parts);
	if (r->proc == NULL || read_doc(r, &r->doc, cause) != 0) {
		facts_remote_close(r);
		return -1;
	}
	r->rtt = now_mono() - t0;
	r->fresh = 1;
	r->host = xstrdup(r->doc->host);
	*out = r;
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

int facts_remote_refresh(struct facts_remote *r, unsigned parts, char **cause)
{
	char *list = parts_list(parts), *req = xasprintf("collect %s\n", list);
	struct facts_doc *d = NULL;
	double t0 = now_mono();
	int rc;

	free(list);
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
	if (read_doc(r, &d, cause) != 0)
		return -1;
	r->rtt = now_mono() - t0;
	facts_doc_free(r->doc);
	r->doc = d;
	r->fresh = 1;
	return 0;
}

/* A new ssh session with the same command, after the last one ended
 * (the master may be gone too: ssh then connects afresh). */
static int reconnect(struct facts_remote *r, char **cause)
{
	const char **argv = xcalloc(r->argv.n + 1, sizeof *argv);
	struct facts_doc *d = NULL;
	double t0 = now_mono();

	for (size_t i = 0; i < r->argv.n; i++)
		argv[i] = r->argv.v[i];
	ssh_proc_free(r->proc);
	r->proc = run_remote(r, argv, cause);
	free(argv);
	if (r->proc == NULL || read_doc(r, &d, cause) != 0)
		return -1;
	r->rtt = now_mono() - t0;
	facts_doc_free(r->doc);
	r->doc = d;
	r->fresh = 1;
	return 0;
}

int facts_remote_alive(const struct facts_remote *r)
{
	return r->proc != NULL && r->proc->out_fd >= 0 && r->proc->in_fd >= 0 && !r->proc->exited;
}

static int remote_fill(void *arg, struct facts *f, unsigned parts, char **cause)
{
	struct facts_remote *r = arg;
	unsigned want = parts & (FACT_PROCESS_SIDE | FACT_MODULES);

	free(r->error);
	r->error = NULL;
	/* A session that ended is started again (the console's r). */
	if (!facts_remote_alive(r) && reconnect(r, cause) != 0) {
		r->error = xstrdup(*cause);
		return -1;
	}
	/* The first document answers the first collect. */
	if (!r->fresh && facts_remote_refresh(r, want, cause) != 0) {
		r->error = xstrdup(*cause);
		return -1;
	}
	r->fresh = 0;
	/* Route probes next: a port-forward whose kubectl ended (the pod
	 * restarted) is started again on its port, or the probes say why
	 * instead of reporting a refused connection as the service's. */
	if ((parts & FACT_ROUTES) && r->fwd != NULL) {
		free(r->fwd_error);
		r->fwd_error = NULL;
		if (kube_forward_revive(r->fwd, KUBE_FORWARD_WAIT_MS, &r->fwd_error) != 0) {
			f->http_via = NULL;
			f->http_via_error = r->fwd_error;
		}
	}
	return (int)facts_doc_apply(r->doc, f, parts);
}

void facts_remote_source(struct facts_remote *r, struct facts_source *s)
{
	s->fill = remote_fill;
	s->arg = r;
	s->host = facts_remote_host(r);
}

int facts_remote_tunnel(struct facts_remote *r, const char *url, char **via, char **cause)
{
	char *scheme = NULL, *host = NULL;
	int port = 0, lport = 0, rc;

	*via = NULL;
	if (http_url_parts(url, &scheme, &host, &port) != 0)
		return err_set(cause, "%s: not a URL to forward", url);
	if (host[0] == '[') { /* ssh wants a bare v6 address in -L */
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = '\0';
	}
	/* kubectl port-forward reaches the pod's own network namespace: the
	 * port is the service's, whatever address it listens on there. */
	if (r->link == NULL) {
		kube_forward_close(r->fwd);
		r->fwd = NULL;
		rc = kube_forward_open(&r->pod, port, KUBE_FORWARD_WAIT_MS, &r->fwd, &lport, cause);
	} else {
		rc = ssh_link_forward(r->link, host, port, &lport, cause);
	}
	if (rc == 0)
		*via = xasprintf("%s://127.0.0.1:%d", scheme, lport);
	free(scheme);
	free(host);
	return rc;
}

void facts_remote_stats(const struct facts_remote *r, size_t *bytes, double *rtt)
{
	*bytes = r->proc ? r->proc->bytes_in + r->proc->bytes_out : 0;
	*rtt = r->rtt;
}

const char *facts_remote_error(const struct facts_remote *r)
{
	return r->error;
}

void facts_remote_kill(struct facts_remote *r)
{
	ssh_proc_kill(r->proc);
	kube_forward_kill(r->fwd);
}

void facts_remote_close(struct facts_remote *r)
{
	if (r == NULL)
		return;
	ssh_proc_free(r->proc);
	kube_forward_close(r->fwd);
	free(r->fwd_error);
	ssh_link_free(r->link);
	kube_pod_clear(&r->pod);
	facts_doc_free(r->doc);
	free(r->host);
	free(r->error);
	strlist_free(&r->argv);
	free(r);
}
