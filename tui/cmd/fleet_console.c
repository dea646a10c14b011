/* fleet_console.c: the fleet in the console (contract in fleet_console.h). */
#include "fleet_console.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/remote/kubectl.h"
#include "panes/fleet_rows.h"
#include "tui/frame/console.h"

static void add_common(struct strlist *a, const struct fleet_console_opts *o)
{
	if (o->repo != NULL) {
		strlist_add(a, "--repo");
		strlist_add(a, o->repo);
		strlist_add(a, "--repo-mismatch-ok");
	}
	if (o->header != NULL) {
		strlist_add(a, "--header");
		strlist_add(a, o->header);
	}
}

/* How row i opens, into *pt. */
static void attach_of(const struct fleet_console_row *c, const struct fleet_console_opts *o,
		      struct fleet_pane_target *pt)
{
	const struct fleet_target *t = c->t;
	struct strlist a = {0};
	char pod[1024] = "";

	/* "CTX/NS/POD/" when there is a context and no container (kubectl.h) */
	if (t != NULL && t->transport == FLEET_K8S)
		snprintf(pod, sizeof pod, "%s%s%s/%s%s%s", t->pod.context ? t->pod.context : "",
			 t->pod.context ? "/" : "", t->pod.ns, c->pod ? c->pod : t->pod.pod,
			 t->pod.container || t->pod.context ? "/" : "",
			 t->pod.container ? t->pod.container : "");
	strlist_add(&a, "gotriage");
	if (c->doc != NULL && (c->doc_saved || t == NULL)) {
		strlist_add(&a, "--facts");
		strlist_add(&a, c->doc);
		pt->how = xasprintf("its facts document %s (as collected)", c->doc);
	} else if (t != NULL && (t->transport != FLEET_K8S || kube_on_path())) {
		if (t->transport == FLEET_SSH) {
			strlist_add(&a, "--ssh");
			strlist_add(&a, t->host);
		} else if (t->transport == FLEET_K8S) {
			strlist_add(&a, "--k8s");
			strlist_add(&a, pod);
		}
		if (c->pid > 0) {
			strlist_add(&a, "--pid");
			strlist_addf(&a, "%d", c->pid);
		} else {
			strlist_add(&a, "--url");
			strlist_add(&a, t->url);
		}
		pt->how = t->transport == FLEET_SSH   ? xasprintf("live over ssh %s", t->host)
			  : t->transport == FLEET_K8S ? xasprintf("live over kubectl %s", pod)
						      : xstrdup("live on this host");
	} else {
		pt->how = xstrdup(t != NULL ? "kubectl is not on PATH: the pod is reached with the "
					      "kubectl the cluster is used with"
					    : "no document");
		strlist_free(&a);
		return;
	}
	add_common(&a, o);
	pt->argv = a.v; /* a strlist ends in NULL: an argv */
}

int fleet_console_run(const struct fleet_report *rep, const struct fleet_console_row *cr,
		      const struct fleet_console_opts *o)
{
	struct fleet_pane_target *pt = xcalloc(rep->n ? rep->n : 1, sizeof *pt);
	struct fleet_row *rows = xcalloc(rep->n ? rep->n : 1, sizeof *rows);
	struct fleet_pane_data d = {0};
	struct options opts;
	cJSON *ev = cJSON_CreateArray();
	int rc;

	for (size_t i = 0; i < rep->n; i++) {
		cJSON *e = cJSON_CreateObject();

		rows[i] = rep->rows[i].row;
		attach_of(&cr[i], o, &pt[i]);
		cJSON_AddStringToObject(e, "kind", "fleet_target");
		cJSON_AddItemToObject(e, "payload", fleet_target_json(rep, i));
		cJSON_AddItemToArray(ev, e);
	}
	{
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "kind", "fleet_view");
		cJSON_AddItemToObject(e, "payload", fleet_view_json(rep));
		cJSON_AddItemToArray(ev, e);
	}
	d.rows = rows;
	d.n = rep->n;
	d.view = rep->view;
	d.attach = pt;
	d.events = ev;
	d.summary = xasprintf("gotriage fleet: %zu targets, %zu judged, %zu failing a check "
			      "(%.1f s, %d jobs)",
			      rep->view->nrows, rep->view->judged, rep->view->failing, rep->took,
			      rep->jobs);
	options_init(&opts);
	opts.record = o->record;
	opts.header = o->header;
	opts.fleet = &d;
	rc = console_run(&opts);
	for (size_t i = 0; i < rep->n; i++) {
		for (size_t k = 0; pt[i].argv != NULL && pt[i].argv[k] != NULL; k++)
			free(pt[i].argv[k]);
		free(pt[i].argv);
		free(pt[i].how);
	}
	free(pt);
	free(rows);
	free(d.summary);
	cJSON_Delete(ev);
	return rc;
}
