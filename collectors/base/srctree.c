/* srctree.c: the source-tree seam and its working-tree backend (see srctree.h). */
#include "srctree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int srctree_path_ok(const char *rel)
{
	const char *p = rel;

	if (rel == NULL)
		return 0;
	if (rel[0] == '\0')
		return 1;
	if (rel[0] == '/')
		return 0;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e != NULL ? (size_t)(e - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
		else
			break;
	}
	return rel[strlen(rel) - 1] != '/';
}

char *srctree_join(const char *dir, const char *name)
{
	if (dir == NULL || dir[0] == '\0')
		return xstrdup(name);
	return xasprintf("%s/%s", dir, name);
}

struct srctree *srctree_new(const struct srctree_ops *ops, void *impl, const char *root,
			    const char *label)
{
	struct srctree *t = xcalloc(1, sizeof *t);

	t->ops = ops;
	t->impl = impl;
	t->root = xstrdup(root != NULL ? root : "");
	t->label = xstrdup(label != NULL ? label : "working tree");
	return t;
}

void srctree_set_label(struct srctree *t, const char *label)
{
	free(t->label);
	t->label = xstrdup(label);
}

void srctree_free(struct srctree *t)
{
	if (t == NULL)
		return;
	if (t->ops != NULL && t->ops->free != NULL)
		t->ops->free(t->impl);
	free(t->root);
	free(t->label);
	free(t);
}

void srctree_ents_free(struct srctree_ent *ents, size_t n)
{
	for (size_t i = 0; ents != NULL && i < n; i++)
		free(ents[i].name);
	free(ents);
}

int srctree_list(const struct srctree *t, const char *rel, struct srctree_ent **ents, size_t *n,
		 char **cause)
{
	*ents = NULL;
	*n = 0;
	if (!srctree_path_ok(rel))
		return err_set(cause, "%s: not a path inside the tree", rel);
	return t->ops->list(t->impl, rel, ents, n, cause);
}

int srctree_read(const struct srctree *t, const char *rel, size_t cap, struct buf *out,
		 int *truncated, char **cause)
{
	int dummy;

	if (truncated == NULL)
		truncated = &dummy;
	*truncated = 0;
	buf_reset(out);
	if (!srctree_path_ok(rel) || rel[0] == '\0')
		return err_set(cause, "%s: not a file path inside the tree", rel);
	if (t->ops->read(t->impl, rel, cap, out, truncated, cause) < 0)
		return -1;
	if (out->data == NULL)
		buf_add(out, "", 0);
	return 0;
}

int srctree_read_whole(const struct srctree *t, const char *rel, size_t cap, struct buf *out,
		       char **cause)
{
	int trunc = 0;

	if (srctree_read(t, rel, cap, out, &trunc, cause) < 0)
		return -1;
	if (trunc)
		return err_set(cause, "%s: over the %zu MiB cap", rel, cap / MIB ? cap / MIB : 1);
	return 0;
}

enum srctree_kind srctree_stat(const struct srctree *t, const char *rel, size_t *size)
{
	size_t dummy;

	if (size == NULL)
		size = &dummy;
	*size = 0;
	if (!srctree_path_ok(rel))
		return SRCTREE_NONE;
	return t->ops->stat(t->impl, rel, size);
}

/* ---- glob ---------------------------------------------------------- */

static int glob_rec(const struct srctree *t, const char *dir, const char *pat, int depth)
{
	const char *slash = strchr(pat, '/');
	char *elem = slash ? xstrndup(pat, (size_t)(slash - pat)) : xstrdup(pat);
	struct srctree_ent *e;
	size_t n;
	int count = 0;

	if (depth > 64 || srctree_list(t, dir, &e, &n, NULL) < 0) {
		free(elem);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		int m = fnmatch(elem, e[i].name, 0);

		if (m != 0)
			continue;
		if (slash == NULL) {
			count++;
		} else if (e[i].kind == SRCTREE_DIR) {
			char *sub = srctree_join(dir, e[i].name);

			count += glob_rec(t, sub, slash + 1, depth + 1);
			free(sub);
		}
	}
	srctree_ents_free(e, n);
	free(elem);
	return count;
}

int srctree_glob_count(const struct srctree *t, const char *dir, const char *pattern)
{
	if (pattern == NULL || pattern[0] == '\0' || pattern[0] == '/' || !srctree_path_ok(dir))
		return -1;
	return glob_rec(t, dir, pattern, 0);
}

/* ---- the working tree on disk ---------------------------------------- */

struct dirtree {
	char *root;
};

static char *abs_path(const struct dirtree *d, const char *rel)
{
	return rel[0] != '\0' ? xasprintf("%s/%s", d->root, rel) : xstrdup(d->root);
}

static enum srctree_kind mode_kind(mode_t m)
{
	return S_ISREG(m)   ? SRCTREE_FILE
	       : S_ISDIR(m) ? SRCTREE_DIR
	       : S_ISLNK(m) ? SRCTREE_LINK
			    : SRCTREE_OTHER;
}

static int dir_list(void *impl, const char *rel, struct srctree_ent **ents, size_t *n, char **cause)
{
	char *p = abs_path(impl, rel);
	DIR *d = opendir(p);
	struct dirent *e;
	size_t cap = 0;

	if (d == NULL) {
		err_set(cause, "%s: %s", rel[0] ? rel : ".", strerror(errno));
		free(p);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		enum srctree_kind k;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		switch (e->d_type) {
		case DT_REG:
			k = SRCTREE_FILE;
			break;
		case DT_DIR:
			k = SRCTREE_DIR;
			break;
		case DT_LNK:
			k = SRCTREE_LINK;
			break;
		case DT_UNKNOWN: {
			struct stat sb;

			if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			k = mode_kind(sb.st_mode);
			break;
		}
		default:
			k = SRCTREE_OTHER;
		}
		if (*n == cap)
			*ents = xgrow(*ents, &cap, *n + 1, sizeof **ents);
		(*ents)[*n].name = xstrdup(e->d_name);
		(*ents)[*n].kind = k;
		(*n)++;
	}
	closedir(d);
	free(p);
	return 0;
}

static int dir_read(void *impl, const char *rel, size_t cap, struct buf *out, int *truncated,
		    char **cause)
{
	char *p = abs_path(impl, rel), *why = NULL;
	int rc = read_file_capped(p, cap, out, truncated, &why);

	if (rc < 0) {
		/* Name the file relative to the tree, as the other backends do. */
		err_set(cause, "%s: %s", rel,
			why != NULL && strrchr(why, ':') ? strrchr(why, ':') + 2 : "unreadable");
		free(why);
	}
	free(p);
	return rc;
}

static enum srctree_kind dir_stat(void *impl, const char *rel, size_t *size)
{
	char *p = abs_path(impl, rel);
	struct stat sb;
	enum srctree_kind k = SRCTREE_NONE;

	if (lstat(p, &sb) == 0) {
		k = mode_kind(sb.st_mode);
		if (k == SRCTREE_FILE)
			*size = (size_t)sb.st_size;
	}
	free(p);
	return k;
}

static void dir_free(void *impl)
{
	struct dirtree *d = impl;

	if (d != NULL)
		free(d->root);
	free(d);
}

static const struct srctree_ops dir_ops = {dir_list, dir_read, dir_stat, dir_free};

struct srctree *srctree_open_dir(const char *root, char **cause)
{
	struct stat sb;
	struct dirtree *d;

	if (stat(root, &sb) < 0)
		return err_set(cause, "%s: %s", root, strerror(errno)), NULL;
	if (!S_ISDIR(sb.st_mode))
		return err_set(cause, "%s: not a directory (pass the repository's root directory)",
			       root),
		       NULL;
	d = xcalloc(1, sizeof *d);
	/* The root the user named may be a symlink (/usr/lib/go/src); inside
	 * it, links are not followed (dir_stat uses lstat). */
	d->root = realpath(root, NULL);
	if (d->root == NULL)
		d->root = xstrdup(root);
	return srctree_new(&dir_ops, d, root, "working tree");
}
