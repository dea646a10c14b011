/* attach_remote.c: --facts FILE and --ssh DEST (contract in attach_remote.h). */
#include "attach_remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collectors/facts_doc.h"
#include "collectors/facts_remote.h"
#include "collectors/gomod/gomod.h"

int remote_args_from(const struct options *o, struct remote_args *a, char **cause)
{
	a->facts = o->facts;
	a->ssh = o->ssh;
	a->k8s = o->k8s;
	if (a->facts != NULL && (a->ssh != NULL || a->k8s != NULL))
		return err_set(cause,
			       "--facts and --%s exclude each other: a document was "
			       "already collected, or the %s is asked now",
			       a->ssh ? "ssh" : "k8s", a->ssh ? "host" : "pod");
	if (a->ssh != NULL && a->k8s != NULL)
		return err_set(cause, "--ssh and --k8s exclude each other: the service runs "
				      "on a host or in a pod");
	return 0;
}

/* The repo side, here: a target with only --repo (or nothing). */
static int attach_local_side(const struct options *o, struct target **t, char **cause)
{
	struct target_opts ro = {0};

	if (o->target.repo == NULL) {
		*t = xcalloc(1, sizeof **t);
		(*t)->attached_at = now_wall();
		return 0;
	}
	ro.repo = o->target.repo;
	return target_attach(&ro, t, cause);
}

/* The first requirement of the local go.mod: what the host's GOPROXY
 * probes ask for, so both sides judge the same lookup. */
static char *first_require(const char *repo)
{
	struct gomod m;
	char *path, *mod = NULL;

	if (repo == NULL)
		return NULL;
	memset(&m, 0, sizeof m);
	path = xasprintf("%s/go.mod", repo);
	if (gomod_load(path, &m, NULL) == 0 && m.nrequire > 0)
		mod = xstrdup(m.require[0].path);
	gomod_free(&m);
	free(path);
	return mod;
}

static void set_status(struct remote_session *s, const char *host, double taken)
{
	char when[64] = "?";
	time_t tt = (time_t)taken;
	struct tm tm;

	if (taken > 0 && localtime_r(&tt, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z", &tm);
	snprintf(s->status, sizeof s->status, "facts of %s taken at %s", host, when);
}

/* --ssh: ssh starts first and connects while this side reads the repo;
 * the first document (the cheap parts) is then waited for, and the
 * tunnel for the route probes is set up behind it, not waited for here. */
static int attach_ssh(const struct remote_args *a, const struct options *o, unsigned needs,
		      struct target **t, struct remote_session *s, char **cause)
{
	struct facts_remote_opts ro = {0};
	char *module = first_require(o->target.repo);
	const char *url;
	int rc;

	ro.dest = a->ssh;
	ro.k8s = a->k8s;
	ro.pid = o->target.pid;
	ro.url = o->target.url;
	ro.binary = o->target.binary;
	ro.module = module;
	ro.full_dump = o->full_dump;
	ro.header = o->header;
	ro.parts = (needs & (FACT_PROCESS_SIDE | FACT_MODULES)) | FACT_PROC;
	if (ro.pid == 0 && ro.url == NULL && ro.binary == NULL) {
		free(module);
		return err_set(cause,
			       "--%s %s: name the service %s with --pid N or "
			       "--url URL (as the %s sees it)",
			       a->ssh ? "ssh" : "k8s", a->ssh ? a->ssh : a->k8s,
			       a->ssh ? "on the host" : "in the pod", a->ssh ? "host" : "pod");
	}
	rc = facts_remote_start(&ro, &s->remote, cause);
	free(module);
	if (rc != 0)
		return -1;
	if (attach_local_side(o, t, cause) != 0)
		return -1;
	if (facts_remote_wait(s->remote, cause) != 0)
		return -1;
	facts_doc_apply_target(facts_remote_doc(s->remote), *t);
	facts_remote_source(s->remote, &s->source);
	url = (*t)->debug_url ? (*t)->debug_url : (*t)->url_given;
	if (needs & FACT_ROUTES) {
		if (url == NULL)
			s->via_error =
			    xstrdup("no HTTP endpoint of the service is known on the host");
		else if (facts_remote_tunnel_start(s->remote, url, &s->via, &s->via_error) != 0 &&
			 s->via_error == NULL)
			s->via_error =
			    xstrdup(a->ssh ? "the ssh tunnel to the service failed"
					   : "kubectl port-forward to the service failed");
	}
	set_status(s, facts_remote_host(s->remote), facts_remote_doc(s->remote)->taken_at);
	return 0;
}

int remote_attach(const struct remote_args *a, const struct options *o, unsigned needs,
		  struct target **t, struct remote_session **sp, char **cause)
{
	struct remote_session *s = xcalloc(1, sizeof *s);

	*t = NULL;
	*sp = NULL;
	if (a->facts != NULL && (o->target.pid || o->target.url || o->target.binary)) {
		free(s);
		return err_set(cause, "--facts already names the process; pass only --repo DIR "
				      "with it");
	}
	if (a->facts != NULL) {
		if (attach_local_side(o, t, cause) != 0) {
			free(s);
			return -1;
		}
		if (facts_doc_load(a->facts, &s->doc, cause) != 0)
			goto fail;
		facts_doc_apply_target(s->doc, *t);
		facts_doc_source_init(&s->source, s->doc);
		set_status(s, s->doc->host, s->doc->taken_at);
	} else if (attach_ssh(a, o, needs, t, s, cause) != 0) {
		goto fail;
	}
	*sp = s;
	return 0;
fail:
	remote_session_free(s);
	target_free(*t);
	*t = NULL;
	return -1;
}

void remote_session_use(struct remote_session *s, struct facts *f)
{
	f->source = &s->source;
	f->http_via = s->via;
	f->http_via_error = s->via_error;
}

void remote_session_adopt_target(struct remote_session *s, struct target *t)
{
	if (s->remote == NULL)
		return;
	if (facts_remote_error(s->remote) != NULL) {
		snprintf(s->status, sizeof s->status, "%s", facts_remote_error(s->remote));
		s->failed = 1;
		return;
	}
	s->failed = 0;
	facts_doc_apply_target(facts_remote_doc(s->remote), t);
	set_status(s, facts_remote_host(s->remote), facts_remote_doc(s->remote)->taken_at);
}

const char *remote_session_via(const struct remote_session *s)
{
	if (s->remote != NULL && (facts_remote_tunnel_pending(s->remote) ||
				  facts_remote_tunnel_error(s->remote) != NULL))
		return NULL;
	return s->via;
}

const char *remote_session_status(struct remote_session *s)
{
	if (s->remote != NULL && !s->failed) {
		size_t bytes;
		double rtt;
		char *base = xstrdup(s->status), *cut = strstr(base, " | ");

		if (cut != NULL)
			*cut = '\0';
		facts_remote_stats(s->remote, &bytes, &rtt);
		snprintf(s->status, sizeof s->status, "%s | rtt %.0f ms, %.1f KB moved", base,
			 rtt * 1000, bytes / 1024.0);
		free(base);
	}
	return s->status;
}

void remote_session_free(struct remote_session *s)
{
	if (s == NULL)
		return;
	facts_doc_free(s->doc);
	facts_remote_close(s->remote);
	free(s->via);
	free(s->via_error);
	free(s);
}
