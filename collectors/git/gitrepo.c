/* gitrepo.c: a read-only repository and its commit trees (see gitrepo.h). */
#include "gitrepo.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "git2so.h"

static char *strip_slash(const char *p)
{
	char *s = xstrdup(p);
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

int gitrepo_open(const char *dir, struct gitrepo **out, char **cause)
{
	const char *why = NULL;
	const struct git2_api *g = git2so_get(&why);
	struct gitrepo *r;
	git_repository *repo = NULL;
	char real[PATH_MAX];
	const char *wd;
	int rc;

	*out = NULL;
	if (g == NULL)
		return err_set(cause, "%s", why);
	if (realpath(dir, real) == NULL)
		return err_set(cause,
			       "cannot open %s: %s: pass --repo with the service's source "
			       "checkout",
			       dir, strerror(errno));
	rc = g->repository_open_ext(&repo, real, 0, NULL);
	if (rc == GIT_ENOTFOUND)
		return err_set(cause,
			       "no .git found from %s up to /: pass --repo with the service's "
			       "source checkout or a clone of its repository",
			       dir);
	if (rc < 0)
		return err_set(cause, "%s: %s", dir, git2so_error(g, "not a git repository"));
	r = xcalloc(1, sizeof *r);
	r->g = g;
	r->repo = repo;
	r->refs = 1;
	r->dir = xstrdup(real);
	r->gitdir = strip_slash(g->repository_path(repo));
	r->commondir = strip_slash(g->repository_commondir(repo));
	r->bare = g->repository_is_bare(repo);
	r->shallow = g->repository_is_shallow(repo) == 1;
	r->worktree = g->repository_is_worktree(repo) == 1;
	wd = g->repository_workdir(repo);
	if (wd != NULL) {
		size_t n;

		r->workdir = strip_slash(wd);
		n = strlen(r->workdir);
		if (strncmp(real, r->workdir, n) == 0 && real[n] == '/')
			r->prefix = xstrdup(real + n + 1);
	}
	if (r->prefix == NULL)
		r->prefix = xstrdup("");
	*out = r;
	return 0;
}

void gitrepo_free(struct gitrepo *r)
{
	if (r == NULL || --r->refs > 0)
		return;
	r->g->repository_free(r->repo);
	free(r->dir);
	free(r->workdir);
	free(r->gitdir);
	free(r->commondir);
	free(r->prefix);
	free(r);
}

void gitrepo_short(const char *hex, char out[8])
{
	snprintf(out, 8, "%.7s", hex);
}

static void oid_hex(const struct git2_api *g, const git_oid *id, char hex[GITREPO_HEX])
{
	g->oid_fmt(hex, id);
	hex[GIT_OID_HEXSZ] = '\0';
}

int gitrepo_commit(struct gitrepo *r, const char *rev, char hex[GITREPO_HEX], char **cause)
{
	const struct git2_api *g = r->g;
	git_object *o = NULL, *c = NULL;
	int rc;

	hex[0] = '\0';
	if (rev == NULL || rev[0] == '\0' || strlen(rev) > 256 || rev[0] == '-')
		return err_set(cause, "no revision given");
	rc = g->revparse_single(&o, r->repo, rev);
	if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC) {
		err_set(cause, "%s is not in the repository at %s%s", rev,
			r->workdir ? r->workdir : r->gitdir,
			r->shallow ? " (a shallow clone: its history is cut short)" : "");
		return 0;
	}
	if (rc < 0)
		return err_set(cause, "%s: %s", rev, git2so_error(g, "cannot resolve"));
	rc = g->object_peel(&c, o, GIT_OBJECT_COMMIT);
	g->object_free(o);
	if (rc < 0)
		return err_set(cause, "%s does not name a commit", rev);
	oid_hex(g, g->object_id(c), hex);
	g->object_free(c);
	return 1;
}

int gitrepo_read_blob(struct gitrepo *r, const char *hex, size_t cap, struct buf *out,
		      int *truncated, char **cause)
{
	const struct git2_api *g = r->g;
	git_oid id;
	git_blob *b = NULL;
	size_t n;

	buf_reset(out);
	if (truncated != NULL)
		*truncated = 0;
	if (g->oid_fromstrn(&id, hex, strlen(hex)) < 0 || g->blob_lookup(&b, r->repo, &id) < 0)
		return err_set(cause, "blob %.12s: %s", hex, git2so_error(g, "not found"));
	n = (size_t)g->blob_rawsize(b);
	if (n > cap) {
		n = cap;
		if (truncated != NULL)
			*truncated = 1;
	}
	buf_add(out, g->blob_rawcontent(b), n);
	g->blob_free(b);
	return 0;
}

/* ---- a commit's tree as a srctree -------------------------------------- */

struct gittree {
	struct gitrepo *r;
	git_tree *root; /* at the prefix */
	git_odb *odb;
	/* The directory listed last: a walk reads its files next, so their
	 * entries are found without walking down from the root again. */
	char *cache_dir;
	git_tree *cache_tree;
};

static enum srctree_kind mode_kind(git_filemode_t m)
{
	switch (m) {
	case GIT_FILEMODE_TREE:
		return SRCTREE_DIR;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return SRCTREE_FILE;
	case GIT_FILEMODE_LINK:
		return SRCTREE_LINK;
	default:
		return SRCTREE_OTHER; /* a submodule's commit */
	}
}

/* The subtree at rel ("" = the root); the caller frees it unless it is t->root. */
static git_tree *subtree(struct gittree *t, const char *rel, char **cause)
{
	const struct git2_api *g = t->r->g;
	git_tree_entry *e = NULL;
	git_tree *sub = NULL;
	int rc;

	if (rel[0] == '\0')
		return t->root;
	if (t->cache_dir != NULL && strcmp(t->cache_dir, rel) == 0)
		return t->cache_tree;
	if (g->tree_entry_bypath(&e, t->root, rel) < 0) {
		err_set(cause, "%s: no such directory in the commit", rel);
		return NULL;
	}
	rc = g->tree_entry_filemode(e) == GIT_FILEMODE_TREE
		 ? g->tree_lookup(&sub, t->r->repo, g->tree_entry_id(e))
		 : -1;
	g->tree_entry_free(e);
	if (rc < 0) {
		err_set(cause, "%s: not a directory in the commit", rel);
		return NULL;
	}
	return sub;
}

static int gt_list(void *impl, const char *rel, struct srctree_ent **ents, size_t *n, char **cause)
{
	struct gittree *t = impl;
	const struct git2_api *g = t->r->g;
	git_tree *tr = subtree(t, rel, cause);
	size_t cnt;

	if (tr == NULL)
		return -1;
	cnt = g->tree_entrycount(tr);
	*ents = xcalloc(cnt + 1, sizeof **ents);
	for (size_t i = 0; i < cnt; i++) {
		const git_tree_entry *e = g->tree_entry_byindex(tr, i);

		(*ents)[i].name = xstrdup(g->tree_entry_name(e));
		(*ents)[i].kind = mode_kind(g->tree_entry_filemode(e));
	}
	*n = cnt;
	if (tr != t->root && tr != t->cache_tree) {
		if (t->cache_tree != NULL)
			g->tree_free(t->cache_tree);
		free(t->cache_dir);
		t->cache_dir = xstrdup(rel);
		t->cache_tree = tr;
	}
	return 0;
}

/* The entry for rel, borrowed from its directory's tree when that is the
 * root or the cached one (*owned 0), else looked up by path (*owned 1). */
static const git_tree_entry *entry_of(struct gittree *t, const char *rel, int *owned)
{
	const struct git2_api *g = t->r->g;
	const char *slash = strrchr(rel, '/');
	git_tree_entry *e = NULL;

	*owned = 0;
	if (slash == NULL)
		return g->tree_entry_byname(t->root, rel);
	if (t->cache_dir != NULL && strlen(t->cache_dir) == (size_t)(slash - rel) &&
	    strncmp(t->cache_dir, rel, (size_t)(slash - rel)) == 0)
		return g->tree_entry_byname(t->cache_tree, slash + 1);
	if (g->tree_entry_bypath(&e, t->root, rel) < 0)
		return NULL;
	*owned = 1;
	return e;
}

static void entry_done(struct gittree *t, const git_tree_entry *e, int owned)
{
	if (owned)
		t->r->g->tree_entry_free((git_tree_entry *)e);
}

static int gt_read(void *impl, const char *rel, size_t cap, struct buf *out, int *truncated,
		   char **cause)
{
	struct gittree *t = impl;
	const struct git2_api *g = t->r->g;
	const git_tree_entry *e;
	char hex[GITREPO_HEX];
	int rc, owned;

	if ((e = entry_of(t, rel, &owned)) == NULL)
		return err_set(cause, "%s: no such file in the commit", rel);
	if (mode_kind(g->tree_entry_filemode(e)) != SRCTREE_FILE) {
		entry_done(t, e, owned);
		return err_set(cause, "%s: not a regular file in the commit", rel);
	}
	oid_hex(g, g->tree_entry_id(e), hex);
	entry_done(t, e, owned);
	rc = gitrepo_read_blob(t->r, hex, cap, out, truncated, cause);
	return rc;
}

static enum srctree_kind gt_stat(void *impl, const char *rel, size_t *size)
{
	struct gittree *t = impl;
	const struct git2_api *g = t->r->g;
	const git_tree_entry *e;
	enum srctree_kind k;
	int owned;

	if (rel[0] == '\0')
		return SRCTREE_DIR;
	if ((e = entry_of(t, rel, &owned)) == NULL)
		return SRCTREE_NONE;
	k = mode_kind(g->tree_entry_filemode(e));
	if (k == SRCTREE_FILE && t->odb != NULL) {
		size_t len = 0;
		git_object_t type;

		if (g->odb_read_header(&len, &type, t->odb, g->tree_entry_id(e)) == 0)
			*size = len;
	}
	entry_done(t, e, owned);
	return k;
}

static void gt_free(void *impl)
{
	struct gittree *t = impl;

	if (t == NULL)
		return;
	t->r->g->tree_free(t->root);
	if (t->cache_tree != NULL)
		t->r->g->tree_free(t->cache_tree);
	free(t->cache_dir);
	if (t->odb != NULL)
		t->r->g->odb_free(t->odb);
	gitrepo_free(t->r);
	free(t);
}

static const struct srctree_ops gt_ops = {gt_list, gt_read, gt_stat, gt_free};

struct srctree *gitrepo_tree(struct gitrepo *r, const char *hex, const char *label, char **cause)
{
	const struct git2_api *g = r->g;
	git_oid id;
	git_commit *c = NULL;
	git_tree *root = NULL;
	struct gittree *t;
	struct srctree *st;
	const char *base;

	if (g->oid_fromstrn(&id, hex, strlen(hex)) < 0 || g->commit_lookup(&c, r->repo, &id) < 0)
		return err_set(cause, "commit %.12s is not in the repository", hex), NULL;
	if (g->commit_tree(&root, c) < 0) {
		g->commit_free(c);
		return err_set(cause, "commit %.12s: its tree is missing (%s)", hex,
			       git2so_error(g, "unreadable")),
		       NULL;
	}
	g->commit_free(c);
	t = xcalloc(1, sizeof *t);
	t->r = r;
	t->root = root;
	r->refs++;
	if (r->prefix[0] != '\0') {
		git_tree *sub = subtree(t, r->prefix, NULL);

		if (sub == NULL) {
			err_set(cause, "%s does not exist in commit %.12s", r->prefix, hex);
			gt_free(t);
			return NULL;
		}
		g->tree_free(root);
		t->root = sub;
	}
	g->repository_odb(&t->odb, r->repo);
	base = r->workdir != NULL ? r->dir : r->gitdir;
	st = srctree_new(&gt_ops, t, base, label);
	st->is_git = 1;
	return st;
}
