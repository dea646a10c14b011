/* target_watch.c: say when the target is stopped or hung, re-probe it with
 * back-off until it answers, and follow a restart to the new PID. */
#include "target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/base/sanitize.h"
#include "procfs.h"
#include "procnet.h"

#define BACKOFF_FIRST 2.0
#define BACKOFF_MAX 30.0

double target_cpu_seconds(const struct target *t)
{
	struct procfs_stat st;
	long hz = sysconf(_SC_CLK_TCK);

	if (t == NULL || t->pid <= 0 || hz <= 0 || procfs_read_stat(t->pid, &st, NULL, NULL) != 0)
		return -1;
	return (double)(st.utime + st.stime) / (double)hz;
}

char *target_state_clause(const struct target *t)
{
	struct procfs_stat st;

	if (t->pid == 0 || procfs_read_stat(t->pid, &st, NULL, NULL) != 0)
		return NULL;
	switch (st.state) {
	case 'T':
		return xstrdup("the process is stopped (SIGSTOP); it answers nothing until "
			       "SIGCONT (kill -CONT PID)");
	case 't':
		return xstrdup("the process is stopped by a tracer (a debugger holds it)");
	case 'D':
		return xstrdup("the process is in uninterruptible sleep (D), usually waiting "
			       "on a disk or a network file system");
	case 'Z':
	case 'X':
		return xstrdup("the process has exited (zombie: its parent has not reaped it)");
	default:
		return NULL;
	}
}

char *target_silence(const struct target *t)
{
	char *clause = target_state_clause(t);

	for (size_t i = 0; i < t->nprobes; i++) {
		const struct target_probe *p = &t->probes[i];
		char *s;

		if (p->state != PROBE_SILENT)
			continue;
		s = xasprintf("%s accepted the connection but did not answer within %.1f s%s%s",
			      p->url, p->duration > 0 ? p->duration : 1.5, clause ? "; " : "",
			      clause ? clause : "");
		free(clause);
		return s;
	}
	if (clause != NULL) {
		char *s = xasprintf("PID %d does not answer: %s", t->pid, clause);

		free(clause);
		return s;
	}
	return NULL;
}

int target_reprobe_due(const struct target *t, double now)
{
	return t->debug_url == NULL && t->probes_pending == 0 && t->nprobes > 0 &&
	       now >= t->next_probe_at;
}

static void clear_probes(struct target *t)
{
	for (size_t i = 0; i < t->nprobes; i++) {
		free(t->probes[i].url);
		free(t->probes[i].note);
	}
	free(t->probes);
	t->probes = NULL;
	t->nprobes = 0;
}

void target_reprobe(struct target *t, struct http_client *c, double now)
{
	if (t->probes_pending > 0)
		return; /* their callbacks index t->probes */
	t->probe_backoff = t->probe_backoff <= 0 ? BACKOFF_FIRST : t->probe_backoff * 2;
	if (t->probe_backoff > BACKOFF_MAX)
		t->probe_backoff = BACKOFF_MAX;
	t->next_probe_at = now + t->probe_backoff;
	target_probe_again(t, c);
	target_probe_start(t, c); /* listeners opened since */
}

void target_reprobe_now(struct target *t, struct http_client *c, double now)
{
	t->probe_backoff = 0;
	if (t->debug_url == NULL)
		target_reprobe(t, c, now);
}

/* The port the engineer reached the service by: the URL given, the debug
 * URL found, else the first listener. 0 when none. */
static int remembered_port(const struct target *t)
{
	const char *u = t->url_given ? t->url_given : t->debug_url;
	char *scheme = NULL, *host = NULL;
	int port = 0;

	if (u != NULL && http_url_parts(u, &scheme, &host, &port) == 0) {
		free(scheme);
		free(host);
		return port;
	}
	if (t->listeners != NULL && t->listeners->n > 0)
		return t->listeners->v[0].port;
	return 0;
}

int target_follow(struct target *t, char **note)
{
	struct procinfo *p = NULL;
	struct listeners *l = NULL;
	int port = remembered_port(t), pid = 0, old = t->pid;
	char *why = NULL, *comm;

	*note = NULL;
	if (t->pid == 0 || port <= 0 || port > 65535 || t->probes_pending > 0)
		return 0;
	if (procnet_pid_for_port((uint16_t)port, &pid, &why) != 0 || pid == old) {
		free(why);
		return 0;
	}
	if (procfs_load(pid, &p, &why) != 0) {
		free(why);
		return 0;
	}
	procinfo_free(t->proc);
	t->proc = p;
	t->pid = pid;
	if (procnet_listeners_for_pid(pid, &l, &why) == 0) {
		procnet_listeners_free(t->listeners);
		t->listeners = l;
		free(t->listeners_error);
		t->listeners_error = NULL;
	} else {
		free(t->listeners_error);
		t->listeners_error = why;
	}
	if (t->binary != NULL && p->exe != NULL) {
		free(t->binary);
		t->binary = xstrdup(p->exe);
	}
	free(t->debug_url);
	t->debug_url = NULL;
	clear_probes(t);
	t->probe_backoff = 0;
	t->next_probe_at = 0;
	t->refreshed_at = now_wall();
	comm = sanitize_str(p->comm ? p->comm : "?");
	*note = xasprintf("PID %d exited; PID %d (%s) now listens on port %d: followed it", old,
			  pid, comm, port);
	free(comm);
	return old;
}
