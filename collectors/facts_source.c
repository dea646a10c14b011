/* facts_source.c: which tree the repo-side collectors judge, and what the
 * running build lacks (see facts_parts.h). */
#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"
#include "collectors/base/srctree.h"
#include "collectors/elf/buildinfo.h"
#include "collectors/git/gitrepo.h"
#include "facts_changes.h"
#include "facts_parts.h"

static const char *running_rev(const struct facts *f)
{
	return f->running != NULL ? buildinfo_setting(f->running, "vcs.revision") : NULL;
}

static int running_modified(const struct facts *f)
{
	const char *m = f->running != NULL ? buildinfo_setting(f->running, "vcs.modified") : NULL;

	return m != NULL && strcmp(m, "true") == 0;
}

char *facts_no_repo_hint(const struct facts *f)
{
	const char *rev = running_rev(f);

	if (rev != NULL)
		return xasprintf("no repository: clone the repository that holds commit %.12s, "
				 "e.g. git clone --mirror URL, and pass --repo DIR",
				 rev);
	return xstrdup("no repository: pass --repo DIR (the checkout holding go.mod, or a "
		       "mirror of the service's repository)");
}

/* The working tree, labelled with HEAD and why it, not a commit, is judged. */
static struct srctree *working(const struct facts *f, struct gitrepo *r, const char *why,
			       char **label, char **cause)
{
	struct srctree *t;
	char head[GITREPO_HEX] = "";

	if (r != NULL && gitrepo_commit(r, "HEAD", head, NULL) != 1)
		head[0] = '\0';
	if (r != NULL && r->workdir == NULL) {
		/* A bare repository has no working tree: its HEAD is the closest. */
		if (head[0] == '\0')
			return err_set(cause, "%s: a bare repository with no HEAD commit",
				       r->gitdir),
			       NULL;
		*label = xasprintf("commit %.7s, HEAD of the bare repository: %s", head, why);
		return gitrepo_tree(r, head, *label, cause);
	}
	if ((t = srctree_open_dir(f->target->repo, cause)) == NULL)
		return NULL;
	*label = head[0] ? xasprintf("working tree at HEAD %.7s, %s", head, why)
			 : xasprintf("working tree, %s", why);
	srctree_set_label(t, *label);
	return t;
}

struct srctree *facts_source_open(const struct facts *f, char **label, char **cause)
{
	const struct target *t = f->target;
	const char *rev = t->rev != NULL ? t->rev : running_rev(f);
	struct gitrepo *r = NULL;
	struct srctree *tree;
	char hex[GITREPO_HEX], *why = NULL, *note;
	int found;

	*label = NULL;
	if (t->repo == NULL)
		return err_set(cause, "%s", facts_no_repo_hint(f)), NULL;
	if (gitrepo_open(t->repo, &r, &why) < 0) {
		note = xasprintf("not a git repository (%s)", why);
		free(why);
		tree = working(f, NULL, note, label, cause);
		free(note);
		return tree;
	}
	if (rev == NULL) {
		tree = working(f, r, "the binary carries no VCS revision", label, cause);
	} else if (t->rev == NULL && running_modified(f)) {
		tree = working(f, r,
			       "the running build had uncommitted changes (vcs.modified=true), so "
			       "its exact source cannot be known",
			       label, cause);
	} else if ((found = gitrepo_commit(r, rev, hex, &why)) == 1) {
		*label = t->rev != NULL ? xasprintf("commit %.7s (--rev %s)", hex, t->rev)
					: xasprintf("commit %.7s, the running revision", hex);
		tree = gitrepo_tree(r, hex, *label, cause);
		if (tree == NULL) {
			free(*label);
			*label = NULL;
		}
	} else {
		note = xasprintf("the %s %.12s is not in this repository%s",
				 t->rev != NULL ? "--rev" : "running revision", rev,
				 r->shallow ? " (a shallow clone: fetch more history, or use a "
					      "full mirror)"
					    : "");
		tree = working(f, r, note, label, cause);
		free(note);
	}
	free(why);
	gitrepo_free(r);
	return tree;
}

void facts_collect_changes(struct facts *f, const struct buildconstraint_ctx *ctx)
{
	const struct target *t = f->target;
	const char *rev = t->rev != NULL ? t->rev : running_rev(f);
	const char *against = t->against != NULL ? t->against : "HEAD";
	struct gitrepo *r = NULL;
	char run[GITREPO_HEX], ag[GITREPO_HEX], *cause = NULL, *name;

	if (t->repo == NULL || rev == NULL) {
		f->changes_error = xstrdup(t->repo == NULL ? "no repository"
							   : "the binary carries no VCS revision");
		return;
	}
	if (gitrepo_open(t->repo, &r, &cause) < 0 || gitrepo_commit(r, rev, run, &cause) != 1 ||
	    gitrepo_commit(r, against, ag, &cause) != 1) {
		f->changes_error = cause != NULL ? cause : xstrdup("unknown revision");
		gitrepo_free(r);
		return;
	}
	name = t->against != NULL			  ? xstrdup(t->against)
	       : t->git != NULL && t->git->branch != NULL ? xasprintf("HEAD (%s)", t->git->branch)
							  : xstrdup("HEAD");
	/* Whole trees compare only when the scan is of the running revision. */
	if (changes_compute(r, run, ag, name, ctx,
			    f->scan != NULL && f->source_label != NULL &&
				    strncmp(f->source_label, "commit ", 7) == 0
				? f->scan
				: NULL,
			    &f->changes, &cause) < 0)
		f->changes_error = cause;
	free(name);
	gitrepo_free(r);
}
