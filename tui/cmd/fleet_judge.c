/* fleet_judge.c: one fleet target judged (contract in fleet_judge.h). */
#include "fleet_judge.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"
#include "collectors/base/redact.h"
#include "collectors/elf/buildinfo.h"
#include "collectors/facts.h"

int fleet_judge_init(struct fleet_judge *j, const char *only, const char *repo, const char *header,
		     char **cause)
{
	unsigned char sel[64];

	memset(j, 0, sizeof *j);
	if (catalog_len > sizeof sel)
		return err_set(cause, "catalog too large");
	if (catalog_select(only, sel, cause) != 0)
		return -1;
	j->repo = repo;
	j->header = header;
	j->ids = xcalloc(catalog_len, sizeof *j->ids);
	j->cat = xcalloc(catalog_len, sizeof *j->cat);
	for (size_t i = 0; i < catalog_len; i++) {
		if (!sel[i])
			continue;
		j->ids[j->n] = catalog[i].id;
		j->cat[j->n++] = i;
		j->parts |= catalog[i].needs;
	}
	return 0;
}

void fleet_judge_free(struct fleet_judge *j)
{
	free(j->ids);
	free(j->cat);
}

/* "tcp :8080": family and port only; replicas on different hosts differ
 * in address by nature. */
static void listeners_of(const struct target *t, struct strlist *out)
{
	if (t->listeners == NULL)
		return;
	for (size_t i = 0; i < t->listeners->n; i++) {
		const struct listener *l = &t->listeners->v[i];
		char key[32];
		int dup = 0;

		snprintf(key, sizeof key, "tcp%s :%u", l->family == AF_INET6 ? "6" : "",
			 (unsigned)l->port);
		for (size_t k = 0; k < out->n && !dup; k++)
			dup = strcmp(out->v[k], key) == 0;
		if (!dup)
			strlist_add(out, key);
	}
}

/* The watched Go variables from the process's environment block. The
 * document masked it already; masking again costs nothing and holds if
 * a document came from elsewhere. */
static void env_of(const struct target *t, struct strlist *out)
{
	const char *p, *end;

	if (t->proc == NULL || t->proc->environ == NULL)
		return;
	p = t->proc->environ;
	end = p + t->proc->environ_len;
	while (p < end) {
		size_t n = strnlen(p, (size_t)(end - p));

		for (size_t w = 0; w < fleet_env_nwatched; w++) {
			size_t k = strlen(fleet_env_watched[w]);

			if (n > k && strncmp(p, fleet_env_watched[w], k) == 0 && p[k] == '=') {
				char *e = xstrndup(p, n), *r = redact_text(e);

				strlist_add(out, r);
				free(r);
				free(e);
			}
		}
		p += n + 1;
	}
}

static double doc_rss(const struct facts_doc *d)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(d->root, "process");
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(p, "rss_bytes");

	return cJSON_IsNumber(r) && r->valuedouble > 0 ? r->valuedouble : -1;
}

static void fill_row(struct fleet_judged *r, size_t n, const char *const *ids)
{
	r->row.name = r->name;
	r->row.state = r->state;
	r->row.error = r->error;
	r->row.kinds = r->kinds;
	r->row.ids = ids;
	r->row.nchecks = r->kinds ? n : 0;
	r->row.revision = r->revision;
	r->row.build_id = r->build_id;
	r->row.go_version = r->go_version;
}

/* The probes just made, into the document (replacing any it had). */
static void keep_probes(struct facts_doc *d, const struct facts *f)
{
	cJSON *b = facts_doc_build(f, FACT_ROUTES, d->host);
	cJSON *routes = cJSON_DetachItemFromObjectCaseSensitive(b, "routes");
	cJSON *part = cJSON_DetachItemFromObjectCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(b, "parts"), "routes");
	cJSON *parts = cJSON_GetObjectItemCaseSensitive(d->root, "parts");

	if (routes != NULL && part != NULL && cJSON_IsObject(parts)) {
		cJSON_DeleteItemFromObjectCaseSensitive(d->root, "routes");
		cJSON_DeleteItemFromObjectCaseSensitive(parts, "routes");
		cJSON_AddItemToObject(d->root, "routes", routes);
		cJSON_AddItemToObject(parts, "routes", part);
		d->parts |= FACT_ROUTES;
		routes = part = NULL;
	}
	cJSON_Delete(routes);
	cJSON_Delete(part);
	cJSON_Delete(b);
}

int fleet_judge_doc(const struct fleet_judge *j, struct facts_doc *d, const char *name,
		    const char *via, const char *via_error, struct fleet_judged *out, char **cause)
{
	struct target_opts ro = {0};
	struct target *t = NULL;
	struct facts_source src;
	struct facts *f;

	memset(out, 0, sizeof *out);
	if (j->repo != NULL) {
		ro.repo = j->repo;
		ro.repo_mismatch_ok = 1; /* judged as check --facts does */
		if (target_attach(&ro, &t, cause) != 0)
			return -1;
	} else {
		t = xcalloc(1, sizeof *t);
		t->attached_at = now_wall();
	}
	facts_doc_apply_target(d, t);
	facts_doc_source_init(&src, d);
	f = facts_new(t);
	f->source = &src;
	f->allow_full_dump = 1;
	f->http_via = via;
	f->http_via_error = via_error;
	if (j->header != NULL) {
		free(f->expected_header);
		f->expected_header = xstrdup(j->header);
	}
	facts_collect(f, j->parts);
	if (via != NULL && (j->parts & FACT_ROUTES) && f->scan != NULL)
		keep_probes(d, f);
	out->name = xstrdup(name);
	out->host = xstrdup(d->host ? d->host : "");
	out->taken_at = d->taken_at;
	out->kinds = xcalloc(j->n ? j->n : 1, sizeof *out->kinds);
	out->v = xcalloc(j->n ? j->n : 1, sizeof *out->v);
	for (size_t i = 0; i < j->n; i++) {
		catalog_run(&catalog[j->cat[i]], f, &out->v[i]);
		out->kinds[i] = out->v[i].kind;
	}
	if (f->running != NULL) {
		const char *rev = buildinfo_setting(f->running, "vcs.revision");

		out->revision = rev ? xstrdup(rev) : NULL;
		out->build_id = f->running->build_id ? xstrdup(f->running->build_id) : NULL;
		out->go_version = f->running->go_version ? xstrdup(f->running->go_version) : NULL;
	}
	out->row.goroutines = f->goroutine_total >= 0 ? (double)f->goroutine_total : -1;
	out->row.rss = doc_rss(d);
	listeners_of(t, &out->row.listeners);
	env_of(t, &out->row.env);
	/* A stopped or hung process answered nothing: its verdicts say only
	 * that, so the row stands apart instead of joining a verdict group. */
	if (t->proc != NULL && procfs_state_silent(t->proc->state)) {
		out->state = xstrdup("hung");
		out->error = xasprintf("the process is %s: it answers nothing until it runs "
				       "again",
				       procfs_state_words(t->proc->state));
	}
	fill_row(out, j->n, j->ids);
	facts_free(f);
	target_free(t);
	return 0;
}

void fleet_judge_unjudged(const char *name, const char *state, const char *error,
			  struct fleet_judged *out)
{
	memset(out, 0, sizeof *out);
	out->name = xstrdup(name);
	out->state = xstrdup(state);
	out->error = xstrdup(error ? error : "");
	out->row.goroutines = out->row.rss = -1;
	fill_row(out, 0, NULL);
}

void fleet_judged_clear(struct fleet_judged *r)
{
	size_t n = r->row.nchecks;

	for (size_t i = 0; r->v != NULL && i < n; i++)
		verdict_free(&r->v[i]);
	free(r->v);
	free(r->kinds);
	free(r->name);
	free(r->state);
	free(r->error);
	free(r->revision);
	free(r->build_id);
	free(r->go_version);
	free(r->host);
	strlist_free(&r->labels);
	strlist_free(&r->row.listeners);
	strlist_free(&r->row.env);
	memset(r, 0, sizeof *r);
}
