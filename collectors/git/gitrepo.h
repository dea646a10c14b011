/* gitrepo.h: a git repository opened read-only through libgit2
 * (git2so.h): work trees, linked worktrees and `.git` files, bare
 * repositories and `git clone --mirror`, loose objects and packfiles,
 * shallow clones.
 *
 * Read-only by construction: nothing here writes to the repository, its
 * index or its config, and nothing fetches; only object and ref reads.
 *
 * gitrepo_open() finds the repository containing DIR (walking up, as git
 * does) and remembers DIR's path inside the work tree (the prefix: a
 * module in a monorepo), so gitrepo_tree() returns the commit's tree at
 * that same directory as a srctree (collectors/base/srctree.h) read from
 * git objects: no checkout, no temporary files.
 *
 * Ownership: gitrepo_open() returns a repository freed with
 * gitrepo_free() (accepts NULL); a srctree from gitrepo_tree() holds a
 * reference, so the two may be freed in either order. Not for concurrent
 * use from two threads: open one per thread. Names and messages come from
 * the repository: sanitize_str() them before display. */
#ifndef GOTRIAGE_GITREPO_H
#define GOTRIAGE_GITREPO_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "collectors/base/srctree.h"

#define GITREPO_HEX 65 /* 64 hex digits (SHA-256) + NUL */
#define GITREPO_BLOB_CAP (64 * MIB)

struct git2_api;

struct gitrepo {
	const struct git2_api *g;
	void *repo;	 /* git_repository * */
	char *dir;	 /* the directory given, resolved */
	char *workdir;	 /* the work tree without trailing '/', NULL when bare */
	char *gitdir;	 /* the (per-worktree) git dir */
	char *commondir; /* shared objects and refs */
	char *prefix;	 /* dir inside the work tree, "" at its root */
	int bare, shallow, worktree;
	int refs; /* gitrepo_free() and each srctree */
};

int gitrepo_open(const char *dir, struct gitrepo **out, char **cause);
void gitrepo_free(struct gitrepo *r);

/* Resolves rev (full or abbreviated hash, ref name, "HEAD~2", a tag) to a
 * commit. Returns 1 and fills hex when the repository has it, 0 when it
 * does not (*cause says what was looked for), -1 on other errors. */
int gitrepo_commit(struct gitrepo *r, const char *rev, char hex[GITREPO_HEX], char **cause);
/* The tree of commit `hex` at the repository's prefix, labelled `label`
 * (srctree->label), or NULL with *cause. */
struct srctree *gitrepo_tree(struct gitrepo *r, const char *hex, const char *label, char **cause);
/* Up to cap bytes of blob `hex` into out (reset first); *truncated may be
 * NULL. 0, or -1 with *cause. */
int gitrepo_read_blob(struct gitrepo *r, const char *hex, size_t cap, struct buf *out,
		      int *truncated, char **cause);
/* The first 7 hex digits (short name for evidence), into out[8]. */
void gitrepo_short(const char *hex, char out[8]);

#endif
