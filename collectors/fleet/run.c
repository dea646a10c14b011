/* run.c: the fleet's parallel collection (contract in run.h). */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cJSON.h>

#include "collectors/remote/ssh.h"
#include "jobproc.h"
#include "k8spods.h"

/* One per distinct host (ssh) so its jobs share one master connection. */
struct fleet_host {
	char *key;
	struct ssh_link *link;
	int opened; /* its first job has ended: the master exists, or never will */
	int running;
	char *down; /* why the host cannot be reached, once known */
};

const char *fleet_state_name(enum fleet_state s)
{
	static const char *const names[] = {"waiting",	   "running", "ok",	 "timed out",
					    "unreachable", "failed",  "expanded"};

	return (size_t)s < ARRAY_LEN(names) ? names[s] : "?";
}

/* ---- starting ------------------------------------------------------------------ */

static const char *remote_cmd(const struct fleet_run_opts *o)
{
	const char *e = getenv("GOTRIAGE_REMOTE");

	return o->remote ? o->remote : e && *e ? e : "gotriage";
}

/* The words of the collect command for job j, after the program. */
static void collect_words(const struct fleet_run *r, const struct fleet_job *j, struct strlist *w)
{
	const struct fleet_target *t = &r->targets->v[j->target];

	strlist_add(w, "collect");
	if (j->listing) {
		strlist_add(w, "--list-comm");
		strlist_add(w, t->comm);
		return;
	}
	if (j->pid > 0) {
		strlist_add(w, "--pid");
		strlist_addf(w, "%d", j->pid);
	} else {
		strlist_add(w, "--url");
		strlist_add(w, t->url);
	}
	if (r->o->parts != NULL) {
		strlist_add(w, "--parts");
		strlist_add(w, r->o->parts);
	}
}

static void job_settle(struct fleet_job *j, enum fleet_state s, char *error)
{
	j->state = s;
	free(j->error);
	j->error = error;
	j->took = j->started > 0 ? now_mono() - j->started : 0;
}

/* Whether PROG is an executable file in a $PATH directory. */
static int on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL;
	int found = 0;

	if (path == NULL)
		return 0;
	copy = xstrdup(path);
	for (char *d = strtok_r(copy, ":", &save); d != NULL && !found;
	     d = strtok_r(NULL, ":", &save)) {
		char *f = xasprintf("%s/%s", *d ? d : ".", prog);

		found = access(f, X_OK) == 0;
		free(f);
	}
	free(copy);
	return found;
}

/* ---- several PIDs of a host in one session ---------------------------------------- */

/* The carrier's remote command: each PID in turn, one document a line. */
static char *batch_script(const struct fleet_run *r, const struct fleet_job *c)
{
	char *gt = ssh_shell_quote(remote_cmd(r->o));
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "for p in");
	for (size_t i = 0; i < c->nmembers; i++)
		buf_printf(&b, " %d", r->jobs[c->members[i]].pid);
	buf_printf(&b, "; do %s collect --pid \"$p\"", gt);
	if (r->o->parts != NULL) {
		char *q = ssh_shell_quote(r->o->parts);

		buf_printf(&b, " --parts %s", q);
		free(q);
	}
	buf_adds(&b, " </dev/null; done");
	free(gt);
	return buf_steal(&b);
}

/* Groups the waiting ssh PID jobs in [from, r->n) by host into carriers
 * of at most FLEET_BATCH; a host with one PID keeps its plain job. */
static void make_batches(struct fleet_run *r, size_t from)
{
	size_t end = r->n;

	for (size_t i = from; i < end; i++) {
		struct fleet_job *c;
		size_t *m = NULL, nm = 0;

		if (r->jobs[i].in_batch || r->jobs[i].listing || r->jobs[i].pid <= 0 ||
		    r->targets->v[r->jobs[i].target].transport != FLEET_SSH)
			continue;
		for (size_t k = i; k < end && nm < FLEET_BATCH; k++) {
			const struct fleet_job *j = &r->jobs[k];

			if (!j->in_batch && !j->listing && j->pid > 0 &&
			    j->host == r->jobs[i].host &&
			    r->targets->v[j->target].transport == FLEET_SSH) {
				m = xrealloc(m, (nm + 1) * sizeof *m);
				m[nm++] = k;
			}
		}
		if (nm < 2) {
			free(m);
			continue;
		}
		for (size_t k = 0; k < nm; k++)
			r->jobs[m[k]].in_batch = 1;
		r->jobs = xgrow(r->jobs, &r->cap, r->n + 1, sizeof *r->jobs);
		c = &r->jobs[r->n++];
		memset(c, 0, sizeof *c);
		c->target = r->jobs[m[0]].target;
		c->host = r->jobs[m[0]].host;
		c->members = m;
		c->nmembers = nm;
		c->name = xasprintf("%s (%zu PIDs)", r->targets->v[c->target].host, nm);
		buf_init(&c->doc);
	}
}

/* Hands each complete document line of a carrier to its member, by the
 * PID the document names. */
static void take_lines(struct fleet_run *r, struct fleet_job *c)
{
	struct buf *out = jobproc_out(c);
	char *nl;

	while (out->len > 0 && (nl = memchr(out->data, '\n', out->len)) != NULL) {
		size_t n = (size_t)(nl - out->data);
		cJSON *d = cJSON_ParseWithLength(out->data, n);
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(d, "process"), "pid");

		for (size_t i = 0; i < c->nmembers && cJSON_IsNumber(p); i++) {
			struct fleet_job *j = &r->jobs[c->members[i]];

			if (j->state == FLEET_RUNNING && j->pid == p->valueint) {
				buf_reset(&j->doc);
				buf_add(&j->doc, out->data, n);
				job_settle(j, FLEET_OK, NULL);
				break;
			}
		}
		cJSON_Delete(d);
		memmove(out->data, nl + 1, out->len - n - 1);
		out->len -= n + 1;
		out->data[out->len] = '\0';
		c->last = now_mono();
	}
}

/* The carrier ended or timed out: members still waiting share its fate. */
static void settle_members(struct fleet_run *r, struct fleet_job *c, enum fleet_state s,
			   const char *why)
{
	for (size_t i = 0; i < c->nmembers; i++) {
		struct fleet_job *j = &r->jobs[c->members[i]];

		if (j->state == FLEET_RUNNING || j->state == FLEET_WAITING) {
			if (j->started == 0)
				j->started = c->started;
			job_settle(j, s, xstrdup(why));
		}
	}
}

static int start_job(struct fleet_run *r, struct fleet_job *j)
{
	const struct fleet_target *t = &r->targets->v[j->target];
	struct strlist words = {0}, argv = {0};
	char *cause = NULL;

	if (t->transport == FLEET_K8S && !on_path("kubectl")) {
		j->started = now_mono();
		job_settle(j, FLEET_UNREACHABLE,
			   xasprintf("kubectl is not on PATH: k8s://%s/%s needs the kubectl "
				     "the cluster is reached with",
				     t->pod.ns, j->pod ? j->pod : t->host));
		return -1;
	}
	if (j->nmembers == 0 && !j->podlist)
		collect_words(r, j, &words);
	j->started = now_mono();
	j->state = FLEET_RUNNING;
	if (t->transport == FLEET_SSH) {
		struct fleet_host *h = &r->hosts[j->host];

		if (h->link == NULL)
			h->link = ssh_link_new(t->host, &cause);
		if (h->link != NULL && j->nmembers > 0) {
			char *script = batch_script(r, j);
			const char *v[] = {"sh", "-c", script, NULL};

			j->sp = ssh_link_run(h->link, v, &cause);
			free(script);
			j->last = j->started;
			for (size_t i = 0; j->sp != NULL && i < j->nmembers; i++) {
				r->jobs[j->members[i]].state = FLEET_RUNNING;
				r->jobs[j->members[i]].started = j->started;
			}
		} else if (h->link != NULL) {
			const char **v = xcalloc(words.n + 2, sizeof *v);

			v[0] = remote_cmd(r->o);
			for (size_t i = 0; i < words.n; i++)
				v[i + 1] = words.v[i];
			j->sp = ssh_link_run(h->link, v, &cause);
			free(v);
			if (j->sp != NULL) {
				close(j->sp->in_fd); /* collect reads nothing */
				j->sp->in_fd = -1;
				h->running++;
			}
		}
	} else {
		if (t->transport == FLEET_LOCAL) {
			strlist_add(&argv, r->o->self ? r->o->self : "/proc/self/exe");
		} else {
			strlist_add(&argv, "kubectl");
			if (t->pod.context != NULL) {
				strlist_add(&argv, "--context");
				strlist_add(&argv, t->pod.context);
			}
		}
		if (j->podlist) {
			strlist_add(&argv, "get");
			strlist_add(&argv, "pods");
			strlist_add(&argv, "-n");
			strlist_add(&argv, t->pod.ns);
			strlist_add(&argv, "-l");
			strlist_add(&argv, t->k8s_selector);
			strlist_add(&argv, "-o");
			strlist_add(&argv, "json");
		} else if (t->transport == FLEET_K8S) {
			strlist_add(&argv, "exec");
			strlist_add(&argv, "-n");
			strlist_add(&argv, t->pod.ns);
			strlist_add(&argv, j->pod ? j->pod : t->pod.pod);
			if (t->pod.container != NULL) {
				strlist_add(&argv, "-c");
				strlist_add(&argv, t->pod.container);
			}
			strlist_add(&argv, "--");
			strlist_add(&argv, remote_cmd(r->o));
		}
		for (size_t i = 0; i < words.n; i++)
			strlist_add(&argv, words.v[i]);
		j->ch = jobproc_spawn(argv.v, &cause);
	}
	strlist_free(&words);
	strlist_free(&argv);
	if (j->sp == NULL && j->ch == NULL) {
		job_settle(j, FLEET_FAILED, cause ? cause : xstrdup("cannot start"));
		if (j->nmembers > 0) {
			settle_members(r, j, FLEET_FAILED, j->error);
			j->state = FLEET_EXPANDED;
		}
		return -1;
	}
	return 0;
}

/* ---- finishing ----------------------------------------------------------------- */

/* The last non-empty line of a child's stderr, for its one-line error. */
static char *last_line(const struct buf *err)
{
	char *s = xstrdup(err->data ? err->data : ""), *nl, *out;

	str_trim(s);
	nl = strrchr(s, '\n');
	out = xstrdup(nl ? nl + 1 : s);
	free(s);
	return out;
}

/* ssh_explain() speaks to the console ("press r to reconnect"); a fleet
 * row only states what happened. */
static char *ssh_error(const struct ssh_proc *p, int *unreachable)
{
	char *e = ssh_explain(p), *cut = strstr(e, "; press r");
	int code = p->exited && WIFEXITED(p->status) ? WEXITSTATUS(p->status) : -1;

	if (cut != NULL)
		*cut = '\0';
	*unreachable = code == 255 && (strstr(e, "cannot connect") ||
				       strstr(e, "refused the key") || strstr(e, "host key"));
	return e;
}

/* "pod/container:1234" for a pod a selector listed, else the target's. */
static char *job_name(const struct fleet_target *t, const char *pod, int pid)
{
	struct buf b;

	if (pod == NULL)
		return fleet_target_name(t, pid);
	buf_init(&b);
	buf_printf(&b, "%s%s%s", pod, t->pod.container ? "/" : "",
		   t->pod.container ? t->pod.container : "");
	if (pid > 0)
		buf_printf(&b, ":%d", pid);
	else if (t->select == FLEET_URL)
		buf_printf(&b, " %s", t->url);
	return buf_steal(&b);
}

/* A selector's pod listing ended well: one job per Running pod (a comm=
 * listing each, for comm= targets). */
static void expand_pods(struct fleet_run *r, size_t ji)
{
	struct buf *out = jobproc_out(&r->jobs[ji]);
	const struct fleet_target *t = &r->targets->v[r->jobs[ji].target];
	struct strlist pods = {0};
	size_t skipped = 0;
	char *cause = NULL;

	if (k8s_pods_parse(out->data ? out->data : "", out->len, &pods, &skipped, &cause) != 0) {
		job_settle(&r->jobs[ji], FLEET_FAILED, cause);
		return;
	}
	for (size_t i = 0; i < pods.n; i++) {
		struct fleet_job *j;

		r->jobs = xgrow(r->jobs, &r->cap, r->n + 1, sizeof *r->jobs);
		j = &r->jobs[r->n++];
		memset(j, 0, sizeof *j);
		j->target = r->jobs[ji].target;
		j->pod = xstrdup(pods.v[i]);
		j->pid = t->select == FLEET_PID ? t->pid : 0;
		j->listing = t->select == FLEET_COMM;
		j->name = job_name(t, j->pod, j->pid);
		buf_init(&j->doc);
	}
	if (pods.n == 0)
		job_settle(&r->jobs[ji], FLEET_FAILED,
			   xasprintf("no Running pod in %s matches -l %s (%zu other%s listed)",
				     t->pod.ns, t->k8s_selector, skipped, skipped == 1 ? "" : "s"));
	else
		job_settle(&r->jobs[ji], FLEET_EXPANDED, NULL);
	strlist_free(&pods);
}

/* A comm= listing ended well: one job per PID it printed. */
static void expand(struct fleet_run *r, size_t ji)
{
	struct buf *out = jobproc_out(&r->jobs[ji]);
	const struct fleet_target *t = &r->targets->v[r->jobs[ji].target];
	char *save = NULL, *text = xstrdup(out->data ? out->data : "");
	size_t added = 0;
	size_t from = r->n;

	for (char *w = strtok_r(text, " \n", &save); w != NULL; w = strtok_r(NULL, " \n", &save)) {
		char *end;
		long pid = strtol(w, &end, 10);
		struct fleet_job *j;

		if (*end != '\0' || pid <= 0 || pid > 4194304 || added >= 4096)
			continue; /* not ours: the host printed something else */
		r->jobs = xgrow(r->jobs, &r->cap, r->n + 1, sizeof *r->jobs);
		j = &r->jobs[r->n++];
		memset(j, 0, sizeof *j);
		j->target = r->jobs[ji].target;
		j->host = r->jobs[ji].host;
		j->pid = (int)pid;
		j->pod = r->jobs[ji].pod ? xstrdup(r->jobs[ji].pod) : NULL;
		j->name = job_name(t, j->pod, j->pid);
		buf_init(&j->doc);
		added++;
	}
	free(text);
	make_batches(r, from);
	if (added == 0)
		job_settle(&r->jobs[ji], FLEET_FAILED,
			   xasprintf("no Go process named %s on %s", t->comm, t->host));
	else
		job_settle(&r->jobs[ji], FLEET_EXPANDED, NULL);
}

/* A carrier ended: documents to their members; a member without one gets
 * the session's failure, or collect's last words. */
static void finish_carrier(struct fleet_run *r, struct fleet_job *c, int status)
{
	int unreachable = 0;
	char *e;

	take_lines(r, c);
	if (status == -1)
		c->sp->exited = 0;
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) != 255) {
		char *last = last_line(jobproc_err(c));

		e = xasprintf("collect gave no document%s%s", *last ? ": " : "", last);
		free(last);
	} else {
		e = ssh_error(c->sp, &unreachable);
		if (unreachable)
			r->hosts[c->host].down = xstrdup(e);
	}
	settle_members(r, c, unreachable ? FLEET_UNREACHABLE : FLEET_FAILED, e);
	free(e);
	job_settle(c, FLEET_EXPANDED, NULL);
	jobproc_stop(c);
}

static void finish(struct fleet_run *r, size_t ji)
{
	struct fleet_job *j = &r->jobs[ji];
	const struct fleet_target *t = &r->targets->v[j->target];
	int status = jobproc_reap(j, 2000), unreachable = 0;
	struct buf *out = jobproc_out(j);

	jobproc_drain(jobproc_err_fd(j), jobproc_err(j), 64 * 1024);
	if (t->transport == FLEET_SSH) {
		r->hosts[j->host].running--;
		r->hosts[j->host].opened = 1;
	}
	if (j->nmembers > 0) {
		finish_carrier(r, j, status);
		return;
	}
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (j->podlist) {
			expand_pods(r, ji);
			j = &r->jobs[ji];
		} else if (j->listing) {
			expand(r, ji);
			j = &r->jobs[ji]; /* expand() may move the jobs */
		} else if (out->len == 0 || out->data[0] != '{') {
			job_settle(j, FLEET_FAILED, xstrdup("collect printed no facts document"));
		} else {
			buf_free(&j->doc);
			j->doc = *out;
			buf_init(out);
			job_settle(j, FLEET_OK, NULL);
		}
	} else if (j->sp != NULL) {
		if (status == -1)
			j->sp->exited = 0;
		char *e = ssh_error(j->sp, &unreachable);

		job_settle(j, unreachable ? FLEET_UNREACHABLE : FLEET_FAILED, e);
		if (unreachable)
			r->hosts[j->host].down = xstrdup(e);
	} else {
		char *e = last_line(jobproc_err(j));

		if (t->transport == FLEET_K8S &&
		    (strstr(e, "Unable to connect") || strstr(e, "Error from server") ||
		     strstr(e, "NotFound") || strstr(e, "connection to the server") ||
		     strstr(e, "cannot run kubectl")))
			unreachable = 1;
		if (*e == '\0') {
			free(e);
			e = status != -1 && WIFSIGNALED(status)
				? xasprintf("collect was killed by signal %d", WTERMSIG(status))
				: xasprintf("collect failed (exit %d)",
					    status != -1 && WIFEXITED(status) ? WEXITSTATUS(status)
									      : -1);
		}
		job_settle(j, unreachable ? FLEET_UNREACHABLE : FLEET_FAILED,
			   t->transport == FLEET_K8S ? xasprintf("kubectl %s: %s", t->host, e)
						     : xstrdup(e));
		free(e);
	}
	jobproc_stop(j);
}

/* ---- the loop ------------------------------------------------------------------ */

/* Jobs may start: a job of an ssh host waits while the host's first job
 * opens the master; a host known down settles its jobs at once. */
static int can_start(struct fleet_run *r, struct fleet_job *j)
{
	struct fleet_host *h;

	if (r->targets->v[j->target].transport != FLEET_SSH)
		return 1;
	h = &r->hosts[j->host];
	if (h->down != NULL) {
		if (j->nmembers > 0) {
			settle_members(r, j, FLEET_UNREACHABLE, h->down);
			job_settle(j, FLEET_EXPANDED, NULL);
		} else {
			job_settle(j, FLEET_UNREACHABLE, xstrdup(h->down));
		}
		return 0;
	}
	return h->opened || h->running == 0;
}

static size_t host_of(struct fleet_run *r, const struct fleet_target *t)
{
	for (size_t i = 0; i < r->nhosts; i++)
		if (strcmp(r->hosts[i].key, t->host) == 0)
			return i;
	r->hosts = xrealloc(r->hosts, (r->nhosts + 1) * sizeof *r->hosts);
	memset(&r->hosts[r->nhosts], 0, sizeof *r->hosts);
	r->hosts[r->nhosts].key = xstrdup(t->host);
	return r->nhosts++;
}

void fleet_run_counts(const struct fleet_run *r, size_t *done, size_t *failing, size_t *running,
		      size_t *waiting)
{
	*done = *failing = *running = *waiting = 0;
	for (size_t i = 0; i < r->n; i++)
		switch (r->jobs[i].nmembers ? FLEET_EXPANDED : r->jobs[i].state) {
		case FLEET_WAITING:
			(*waiting)++;
			break;
		case FLEET_RUNNING:
			(*running)++;
			break;
		case FLEET_OK:
			(*done)++;
			break;
		case FLEET_EXPANDED:
			break;
		default:
			(*failing)++;
		}
}

/* One pass of starts; returns how many run. */
static size_t start_some(struct fleet_run *r)
{
	size_t running = 0;

	for (size_t i = 0; i < r->n; i++)
		running += jobproc_has(&r->jobs[i]);
	for (size_t i = 0; i < r->n && running < (size_t)r->o->jobs; i++) {
		struct fleet_job *j = &r->jobs[i];

		if (j->state != FLEET_WAITING || j->in_batch || !can_start(r, j))
			continue;
		if (start_job(r, j) == 0)
			running++;
	}
	return running;
}

/* When job j is given up: a carrier's clock restarts with each document. */
static double deadline(const struct fleet_run *r, const struct fleet_job *j)
{
	return (j->nmembers > 0 ? j->last : j->started) + r->o->timeout_s;
}

/* A carrier timed out: the PIDs go in turn, so the first member without
 * a document is the one that hung; it alone is timed out. The members
 * after it were never asked: each goes back to the queue as a job of its
 * own (its own session over the host's master, its own timeout), so one
 * hung collect costs its own row and one timeout, not the host's rest. */
static void requeue_after_hung(struct fleet_run *r, struct fleet_job *c, const char *why)
{
	int hung = 0;

	for (size_t i = 0; i < c->nmembers; i++) {
		struct fleet_job *j = &r->jobs[c->members[i]];

		if (j->state != FLEET_RUNNING && j->state != FLEET_WAITING)
			continue;
		if (!hung++) {
			job_settle(j, FLEET_TIMEOUT, xstrdup(why));
			continue;
		}
		j->state = FLEET_WAITING;
		j->in_batch = 0;
		j->started = 0;
	}
}

static void time_out(struct fleet_run *r, struct fleet_job *j)
{
	char *why = xasprintf("no answer within %.0f s (a hung process, or a host that does "
			      "not answer)",
			      r->o->timeout_s);

	if (j->sp != NULL) {
		r->hosts[j->host].running--;
		r->hosts[j->host].opened = 1;
	}
	jobproc_stop(j);
	if (j->nmembers > 0) {
		requeue_after_hung(r, j, why);
		job_settle(j, FLEET_EXPANDED, NULL);
		free(why);
	} else {
		job_settle(j, FLEET_TIMEOUT, why);
	}
}

static void loop(struct fleet_run *r)
{
	double last_progress = 0;

	for (;;) {
		size_t running = start_some(r), np = 0;
		struct pollfd *pf;
		size_t *who;
		double now = now_mono(), next = now + 0.5;

		if (r->o->progress && now - last_progress >= 0.5) {
			r->o->progress(r, r->o->arg);
			last_progress = now;
		}
		if (running == 0) {
			/* Jobs still waiting here belong to hosts that went down. */
			int waiting = 0;

			for (size_t i = 0; i < r->n; i++)
				waiting +=
				    r->jobs[i].state == FLEET_WAITING && !r->jobs[i].in_batch;
			if (!waiting)
				break;
			continue;
		}
		pf = xcalloc(running * 2, sizeof *pf);
		who = xcalloc(running * 2, sizeof *who);
		for (size_t i = 0; i < r->n; i++) {
			struct fleet_job *j = &r->jobs[i];

			if (!jobproc_has(j))
				continue;
			if (deadline(r, j) < next)
				next = deadline(r, j);
			if (*jobproc_out_fd(j) >= 0) {
				pf[np] =
				    (struct pollfd){.fd = *jobproc_out_fd(j), .events = POLLIN};
				who[np++] = i;
			}
			if (*jobproc_err_fd(j) >= 0) {
				pf[np] =
				    (struct pollfd){.fd = *jobproc_err_fd(j), .events = POLLIN};
				who[np++] = i;
			}
		}
		if (poll(pf, np, next > now ? (int)((next - now) * 1000) + 1 : 0) < 0 &&
		    errno != EINTR) {
			free(pf);
			free(who);
			break;
		}
		for (size_t k = 0; k < np; k++)
			if (pf[k].revents && jobproc_has(&r->jobs[who[k]]))
				jobproc_pump(&r->jobs[who[k]]);
		free(pf);
		free(who);
		now = now_mono();
		for (size_t i = 0; i < r->n; i++) {
			struct fleet_job *j = &r->jobs[i];

			if (!jobproc_has(j))
				continue;
			if (j->nmembers > 0)
				take_lines(r, j);
			if (*jobproc_out_fd(j) < 0) {
				finish(r, i);
			} else if (jobproc_out(j)->len > FLEET_DOC_CAP) {
				jobproc_stop(j);
				job_settle(
				    j, FLEET_FAILED,
				    xasprintf("the document is over %zu MiB", FLEET_DOC_CAP / MIB));
			} else if (now >= deadline(r, j)) {
				time_out(r, j);
			}
		}
		if (r->o->tick)
			r->o->tick(r, r->o->tick_arg);
	}
	if (r->o->progress)
		r->o->progress(r, r->o->arg);
}

int fleet_run(const struct fleet_targets *ts, const struct fleet_run_opts *o,
	      struct fleet_run **out, char **cause)
{
	struct fleet_run *r;

	if (o->jobs < 1 || o->timeout_s <= 0)
		return err_set(cause, "fleet: jobs and timeout must be positive");
	r = xcalloc(1, sizeof *r);
	r->targets = ts;
	r->o = o;
	r->started = now_mono();
	for (size_t i = 0; i < ts->n; i++) {
		struct fleet_job *j;

		r->jobs = xgrow(r->jobs, &r->cap, r->n + 1, sizeof *r->jobs);
		j = &r->jobs[r->n++];
		memset(j, 0, sizeof *j);
		j->target = i;
		j->pid = ts->v[i].select == FLEET_PID ? ts->v[i].pid : 0;
		j->podlist = ts->v[i].transport == FLEET_K8S && ts->v[i].k8s_selector != NULL;
		j->listing = ts->v[i].select == FLEET_COMM && !j->podlist;
		if (j->podlist)
			j->pid = 0;
		j->name = fleet_target_name(&ts->v[i], j->pid);
		buf_init(&j->doc);
		if (ts->v[i].transport == FLEET_SSH)
			j->host = host_of(r, &ts->v[i]);
	}
	make_batches(r, 0);
	loop(r);
	r->took = now_mono() - r->started;
	*out = r;
	return 0;
}

void fleet_run_free(struct fleet_run *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		jobproc_stop(&r->jobs[i]);
		free(r->jobs[i].name);
		free(r->jobs[i].pod);
		free(r->jobs[i].error);
		buf_free(&r->jobs[i].doc);
		free(r->jobs[i].members);
	}
	for (size_t i = 0; i < r->nhosts; i++) {
		/* `ssh -O exit` took ~90 ms a host, one after another, after
		 * the results were out: the masters now end in the background
		 * (a detached child per host), as the console's do at quit. */
		ssh_link_free_nowait(r->hosts[i].link);
		free(r->hosts[i].key);
		free(r->hosts[i].down);
	}
	free(r->hosts);
	free(r->jobs);
	free(r);
}

struct ssh_link *fleet_run_link(const struct fleet_run *r, size_t i)
{
	if (i >= r->n || r->targets->v[r->jobs[i].target].transport != FLEET_SSH ||
	    r->jobs[i].host >= r->nhosts)
		return NULL;
	return r->hosts[r->jobs[i].host].link;
}
