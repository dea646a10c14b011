/* facts_remote.c: facts documents over ssh (contract in facts_remote.h). */
#include "facts_remote.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/net/http.h"
#include "collectors/remote/ssh.h"

struct facts_remote {
	struct ssh_link *link;
	struct ssh_proc *proc;
	struct facts_doc *doc;
	int fresh; /* doc not yet used by a fill() */
	int timeout_ms;
	double rtt;
	char *host;
	char *error;	     /* of the last fill(), NULL when it worked */
	struct strlist argv; /* the remote command, for reconnecting */
	/* What the UI thread may read while a fill() runs on the worker:
	 * the header's round trip and bytes, and the ssh child to kill at
	 * exit. The worker publishes them under the lock (publish()); the
	 * ssh_proc itself (its counters, its replacement on reconnect) is
	 * the worker's alone. */
	pthread_mutex_t lock;
	size_t shown_bytes;
	double shown_rtt;
	pid_t live_pid; /* 0 when no ssh child runs */
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
			"ssh %s: the host's gotriage answered something this one cannot read: %s",
			ssh_link_name(r->link), why);
		free(why);
		return -1;
	}
	return 0;
}

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

int facts_remote_open(const struct facts_remote_opts *o, struct facts_remote **out, char **cause)
{
	struct facts_remote *r = xcalloc(1, sizeof *r);
	pthread_mutex_init(&r->lock, NULL);
	const char *cmd = o->cmd ? o->cmd : getenv("GOTRIAGE_REMOTE");
	const char *argv[24];
	char pid[16], *parts = parts_list(o->parts ? o->parts : FACT_PROCESS_SIDE | FACT_MODULES);
	size_t n = 0;
	double t0;

	*out = NULL;
	r->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 60000;
	r->link = ssh_link_new(o->dest, cause);
	if (r->link == NULL) {
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
	r->proc = ssh_link_run(r->link, argv, cause);
	free(parts);
	publish(r);
	if (r->proc == NULL || read_doc(r, &r->doc, cause) != 0) {
		facts_remote_close(r);
		return -1;
	}
	r->rtt = now_mono() - t0;
	r->fresh = 1;
	r->host = xstrdup(r->doc->host);
	publish(r);
	*out = r;
	return 0;
}

const struct facts_doc *facts_remote_doc(const struct facts_remote *r)
{
	return r->doc;
}

const char *facts_remote_host(const struct facts_remote *r)
{
	return r->host ? r->host : ssh_link_name(r->link);
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
	publish(r);
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
	{
		struct ssh_proc *old = r->proc;

		r->proc = NULL;
		publish(r); /* nothing to kill until the new child runs */
		ssh_proc_free(old);
	}
	r->proc = ssh_link_run(r->link, argv, cause);
	publish(r);
	free(argv);
	if (r->proc == NULL || read_doc(r, &d, cause) != 0)
		return -1;
	r->rtt = now_mono() - t0;
	facts_doc_free(r->doc);
	r->doc = d;
	r->fresh = 1;
	publish(r);
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
		publish(r);
		return -1;
	}
	/* The first document answers the first collect. */
	if (!r->fresh && facts_remote_refresh(r, want, cause) != 0) {
		r->error = xstrdup(*cause);
		publish(r);
		return -1;
	}
	r->fresh = 0;
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
	rc = ssh_link_forward(r->link, host, port, &lport, cause);
	if (rc == 0)
		*via = xasprintf("%s://127.0.0.1:%d", scheme, lport);
	free(scheme);
	free(host);
	return rc;
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
}

void facts_remote_close(struct facts_remote *r)
{
	if (r == NULL)
		return;
	ssh_proc_free(r->proc);
	ssh_link_free(r->link);
	facts_doc_free(r->doc);
	free(r->host);
	free(r->error);
	strlist_free(&r->argv);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
