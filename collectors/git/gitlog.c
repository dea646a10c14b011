/* gitlog.c: commits one revision lacks, with their files (see gitlog.h). */
#include "gitlog.h"

#include <stdlib.h>
#include <string.h>

#include "git2so.h"

static void hexof(const struct git2_api *g, const git_oid *id, char hex[GITREPO_HEX])
{
	g->oid_fmt(hex, id);
	hex[GIT_OID_HEXSZ] = '\0';
}

/* The files a commit changes against its first parent (or all, for a root). */
static void commit_files(struct gitrepo *r, git_commit *c, struct gitlog_commit *out)
{
	const struct git2_api *g = r->g;
	git_tree *nt = NULL, *ot = NULL;
	git_commit *parent = NULL;
	git_diff *d = NULL;
	size_t n, cap = 0;

	if (g->commit_tree(&nt, c) < 0)
		return;
	if (g->commit_parentcount(c) > 0 &&
	    g->commit_lookup(&parent, r->repo, g->commit_parent_id(c, 0)) == 0) {
		if (g->commit_tree(&ot, parent) < 0)
			ot = NULL;
		g->commit_free(parent);
	}
	if (g->diff_tree_to_tree(&d, r->repo, ot, nt, NULL) == 0) {
		n = g->diff_num_deltas(d);
		for (size_t i = 0; i < n; i++) {
			const git_diff_delta *dd = g->diff_get_delta(d, i);
			struct gitlog_file *f;

			if (out->nfiles >= GITLOG_MAX_FILES) {
				out->files_truncated = 1;
				break;
			}
			out->files = xgrow(out->files, &cap, out->nfiles + 1, sizeof *out->files);
			f = &out->files[out->nfiles++];
			memset(f, 0, sizeof *f);
			f->path =
			    xstrdup(dd->new_file.path ? dd->new_file.path : dd->old_file.path);
			f->status = dd->status == GIT_DELTA_ADDED	 ? 'A'
				    : dd->status == GIT_DELTA_DELETED	 ? 'D'
				    : dd->status == GIT_DELTA_RENAMED	 ? 'R'
				    : dd->status == GIT_DELTA_TYPECHANGE ? 'T'
									 : 'M';
			if (dd->status != GIT_DELTA_ADDED)
				hexof(g, &dd->old_file.id, f->old_id);
			if (dd->status != GIT_DELTA_DELETED)
				hexof(g, &dd->new_file.id, f->new_id);
		}
		g->diff_free(d);
	}
	g->tree_free(nt);
	if (ot != NULL)
		g->tree_free(ot);
}

static void fill_commit(struct gitrepo *r, git_commit *c, const git_oid *id,
			struct gitlog_commit *out)
{
	const struct git2_api *g = r->g;
	const git_signature *a = g->commit_author(c);
	const char *subj = g->commit_summary(c);

	memset(out, 0, sizeof *out);
	hexof(g, id, out->hex);
	out->time = (double)g->commit_time(c);
	out->tz_minutes = a != NULL ? a->when.offset : 0;
	out->author = a != NULL
			  ? xasprintf("%s <%s>", a->name ? a->name : "?", a->email ? a->email : "?")
			  : xstrdup("?");
	out->subject = xstrdup(subj != NULL ? subj : "");
	out->nparents = (int)g->commit_parentcount(c);
	commit_files(r, c, out);
}

int gitlog_lacks(struct gitrepo *r, const char *running, const char *against, size_t max,
		 struct gitlog **out, char **cause)
{
	const struct git2_api *g = r->g;
	git_oid run_id, ag_id, id;
	git_revwalk *w = NULL;
	struct gitlog *l;
	size_t cap = 0, ahead = 0, behind = 0;
	double t0 = now_mono();

	*out = NULL;
	if (max == 0)
		max = GITLOG_MAX_COMMITS;
	if (g->oid_fromstrn(&run_id, running, strlen(running)) < 0 ||
	    g->oid_fromstrn(&ag_id, against, strlen(against)) < 0)
		return err_set(cause, "not a commit hash: %.70s / %.70s", running, against);
	if (g->revwalk_new(&w, r->repo) < 0)
		return err_set(cause, "revwalk: %s", git2so_error(g, "failed"));
	l = xcalloc(1, sizeof *l);
	snprintf(l->running, sizeof l->running, "%s", running);
	snprintf(l->against, sizeof l->against, "%s", against);
	if (g->graph_ahead_behind(&ahead, &behind, r->repo, &run_id, &ag_id) == 0)
		l->ahead = ahead;
	g->revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (g->revwalk_push(w, &ag_id) < 0 || g->revwalk_hide(w, &run_id) < 0) {
		err_set(cause, "cannot walk %.12s..%.12s: %s", running, against,
			git2so_error(g, "a commit is missing (a shallow clone?)"));
		g->revwalk_free(w);
		gitlog_free(l);
		return -1;
	}
	while (g->revwalk_next(&id, w) == 0) {
		git_commit *c = NULL;

		l->lacks++;
		if (l->n >= max)
			continue;
		if (g->commit_lookup(&c, r->repo, &id) < 0)
			continue;
		l->v = xgrow(l->v, &cap, l->n + 1, sizeof *l->v);
		fill_commit(r, c, &id, &l->v[l->n++]);
		g->commit_free(c);
	}
	g->revwalk_free(w);
	l->seconds = now_mono() - t0;
	*out = l;
	return 0;
}

void gitlog_free(struct gitlog *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		struct gitlog_commit *c = &l->v[i];

		free(c->author);
		free(c->subject);
		for (size_t k = 0; k < c->nfiles; k++)
			free(c->files[k].path);
		free(c->files);
	}
	free(l->v);
	free(l);
}
