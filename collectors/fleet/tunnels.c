/* tunnels.c: local base URLs for the fleet's route probes (contract in
 * tunnels.h). */
#include "tunnels.h"

#include <cJSON.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/net/http.h"
#include "collectors/remote/kubectl.h"
#include "collectors/remote/ssh.h"

enum tun_state {
	T_NEW,	       /* the job is not OK (yet) */
	T_NOURL,       /* OK, but its document names no URL of the service */
	T_SSH_WANT,    /* an ssh forward to start (when fewer than jobs run) */
	T_SSH_PENDING, /* ssh -O forward running */
	T_K8S_WANT,    /* a kubectl port-forward for finish() */
	T_UP,	       /* via works */
	T_FAILED,      /* why says */
};

struct tun {
	enum tun_state state;
	char *scheme, *host; /* of the service, as its host sees it */
	int port;
	char *via, *why;
	struct ssh_proc *fwd;
	double started;
	struct kube_forward *kf;
};

struct fleet_tunnels {
	struct tun *v;
	size_t n;
	int jobs, timeout_ms;
};

struct fleet_tunnels *fleet_tunnels_new(int jobs, int timeout_ms)
{
	struct fleet_tunnels *t = xcalloc(1, sizeof *t);

	t->jobs = jobs > 0 ? jobs : 1;
	t->timeout_ms = timeout_ms > 0 ? timeout_ms : 10000;
	return t;
}

static void grow(struct fleet_tunnels *t, size_t n)
{
	if (n <= t->n)
		return;
	t->v = xrealloc(t->v, n * sizeof *t->v);
	memset(t->v + t->n, 0, (n - t->n) * sizeof *t->v);
	t->n = n;
}

static void fail(struct tun *e, char *why)
{
	e->state = T_FAILED;
	free(e->why);
	e->why = why;
}

/* The service's URL as its host saw it, from the job's document. */
static char *doc_url(const struct fleet_job *j)
{
	cJSON *d = cJSON_ParseWithLength(j->doc.data ? j->doc.data : "", j->doc.len);
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(d, "process");
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(p, "debug_url");
	char *url = NULL;

	if (!cJSON_IsString(u) || u->valuestring[0] == '\0')
		u = cJSON_GetObjectItemCaseSensitive(p, "url");
	if (cJSON_IsString(u) && u->valuestring[0] != '\0')
		url = xstrdup(u->valuestring);
	cJSON_Delete(d);
	return url;
}

/* A job just became OK: what its tunnel will be. */
static void examine(struct fleet_tunnels *t, const struct fleet_run *r, size_t i)
{
	struct tun *e = &t->v[i];
	const struct fleet_job *j = &r->jobs[i];
	enum fleet_transport tr = r->targets->v[j->target].transport;
	char *url = doc_url(j);

	if (url == NULL) {
		e->state = T_NOURL;
		return;
	}
	if (http_url_parts(url, &e->scheme, &e->host, &e->port) != 0 ||
	    (strcmp(e->scheme, "http") != 0 && strcmp(e->scheme, "https") != 0) || e->port <= 0) {
		fail(e, xasprintf("the service's URL %s is not one to forward to", url));
		free(url);
		return;
	}
	free(url);
	if (e->host[0] == '[') { /* ssh -L wants a bare v6 address */
		memmove(e->host, e->host + 1, strlen(e->host));
		e->host[strcspn(e->host, "]")] = '\0';
	}
	if (tr == FLEET_LOCAL) {
		e->via = xasprintf("%s://%s%s%s:%d", e->scheme, strchr(e->host, ':') ? "[" : "",
				   e->host, strchr(e->host, ':') ? "]" : "", e->port);
		e->state = T_UP;
	} else {
		e->state = tr == FLEET_SSH ? T_SSH_WANT : T_K8S_WANT;
	}
}

static void start_ssh(const struct fleet_run *r, size_t i, struct tun *e)
{
	struct ssh_link *l = fleet_run_link(r, i);
	char *cause = NULL;
	int lport = 0;

	if (l == NULL) {
		fail(e, xstrdup("no ssh connection to its host to forward over"));
		return;
	}
	e->fwd = ssh_link_forward_start(l, e->host, e->port, &lport, &cause);
	if (e->fwd == NULL) {
		fail(e, cause ? cause : xstrdup("ssh -O forward could not start"));
		return;
	}
	e->via = xasprintf("%s://127.0.0.1:%d", e->scheme, lport);
	e->started = now_mono();
	e->state = T_SSH_PENDING;
}

/* An ssh forward that ended, or ran out of time (killed). */
static void settle_ssh(struct tun *e)
{
	char *cause = NULL;

	if (ssh_control_finish(e->fwd, 0, &cause) == 0) {
		e->state = T_UP;
	} else {
		free(e->via);
		e->via = NULL;
		fail(e, xasprintf("the ssh tunnel to %s:%d failed: %s", e->host, e->port,
				  cause ? cause : "ssh -O forward failed"));
	}
	free(cause);
	e->fwd = NULL;
}

void fleet_tunnels_tick(const struct fleet_run *r, void *arg)
{
	struct fleet_tunnels *t = arg;
	double now = now_mono();
	size_t inflight = 0;

	grow(t, r->n);
	for (size_t i = 0; i < t->n; i++) {
		struct tun *e = &t->v[i];

		if (e->state != T_SSH_PENDING)
			continue;
		if (ssh_control_poll(e->fwd) || (now - e->started) * 1000 >= t->timeout_ms)
			settle_ssh(e);
		else
			inflight++;
	}
	for (size_t i = 0; i < r->n; i++)
		if (t->v[i].state == T_NEW && r->jobs[i].state == FLEET_OK)
			examine(t, r, i);
	for (size_t i = 0; i < r->n && inflight < (size_t)t->jobs; i++)
		if (t->v[i].state == T_SSH_WANT) {
			start_ssh(r, i, &t->v[i]);
			inflight += t->v[i].state == T_SSH_PENDING;
		}
}

/* ---- kubectl port-forward, in parallel threads --------------------------------- */

struct kube_work {
	struct fleet_tunnels *t;
	const struct fleet_run *r;
	size_t *which, n, next;
	pthread_mutex_t lock;
};

static void open_k8s(struct fleet_tunnels *t, const struct fleet_run *r, size_t i)
{
	struct tun *e = &t->v[i];
	const struct fleet_job *j = &r->jobs[i];
	const struct fleet_target *tg = &r->targets->v[j->target];
	struct kube_pod pod = tg->pod;
	char *cause = NULL;
	int lport = 0;

	if (j->pod != NULL) { /* listed by a selector: that pod, the target's rest */
		pod.pod = j->pod;
		pod.name = j->name;
	}
	if (kube_forward_open(&pod, e->port, t->timeout_ms, &e->kf, &lport, &cause) == 0) {
		e->via = xasprintf("%s://127.0.0.1:%d", e->scheme, lport);
		e->state = T_UP;
	} else {
		fail(e, cause ? cause : xstrdup("kubectl port-forward failed"));
	}
}

static void *kube_worker(void *arg)
{
	struct kube_work *w = arg;

	for (;;) {
		size_t k;

		pthread_mutex_lock(&w->lock);
		k = w->next++;
		pthread_mutex_unlock(&w->lock);
		if (k >= w->n)
			return NULL;
		open_k8s(w->t, w->r, w->which[k]);
	}
}

static void finish_k8s(struct fleet_tunnels *t, const struct fleet_run *r)
{
	struct kube_work w = {.t = t, .r = r};
	pthread_t th[64];
	size_t nth;

	w.which = xcalloc(t->n ? t->n : 1, sizeof *w.which);
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].state == T_K8S_WANT)
			w.which[w.n++] = i;
	if (w.n == 0) {
		free(w.which);
		return;
	}
	if (!kube_on_path()) {
		for (size_t k = 0; k < w.n; k++)
			fail(&t->v[w.which[k]], xstrdup("kubectl is not on PATH: no port-forward"));
		free(w.which);
		return;
	}
	pthread_mutex_init(&w.lock, NULL);
	nth = w.n < (size_t)t->jobs ? w.n : (size_t)t->jobs;
	if (nth > ARRAY_LEN(th))
		nth = ARRAY_LEN(th);
	for (size_t k = 0; k < nth; k++)
		if (pthread_create(&th[k], NULL, kube_worker, &w) != 0) {
			nth = k; /* the ones running do the rest */
			break;
		}
	if (nth == 0)
		kube_worker(&w);
	for (size_t k = 0; k < nth; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&w.lock);
	free(w.which);
}

void fleet_tunnels_finish(struct fleet_tunnels *t, const struct fleet_run *r)
{
	for (;;) {
		int busy = 0;

		fleet_tunnels_tick(r, t);
		for (size_t i = 0; i < t->n && !busy; i++)
			busy = t->v[i].state == T_SSH_PENDING || t->v[i].state == T_SSH_WANT;
		if (!busy)
			break;
		usleep(5000);
	}
	finish_k8s(t, r);
}

const char *fleet_tunnels_via(const struct fleet_tunnels *t, size_t i, const char **why)
{
	*why = NULL;
	if (t == NULL || i >= t->n)
		return NULL;
	if (t->v[i].state == T_UP)
		return t->v[i].via;
	if (t->v[i].state == T_FAILED)
		*why = t->v[i].why;
	return NULL;
}

void fleet_tunnels_free(struct fleet_tunnels *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		struct tun *e = &t->v[i];

		if (e->fwd != NULL)
			ssh_control_finish(e->fwd, 0, NULL);
		kube_forward_close(e->kf);
		free(e->scheme);
		free(e->host);
		free(e->via);
		free(e->why);
	}
	free(t->v);
	free(t);
}
