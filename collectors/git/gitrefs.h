/* gitrefs.h: a repository's HEAD commit and branch, read with libgit2
 * (gitrepo.h), never by running git and never writing.
 *
 * Covers what libgit2 covers: HEAD as "ref: refs/heads/X" or a detached
 * hash; loose and packed refs; symbolic refs; a `.git` FILE ("gitdir:
 * PATH", as submodules, --separate-git-dir and `git worktree add` write)
 * with the worktree's commondir; bare repositories and mirrors. `source`
 * says whether the branch's ref is a loose file or a packed-refs line
 * (told by whether the loose file exists), for the evidence.
 *
 * gitrefs_load() returns a struct the caller frees with gitrefs_free()
 * (accepts NULL). Ref names and paths come from the repo: sanitize_str()
 * them before display. */
#ifndef GOTRIAGE_GITREFS_H
#define GOTRIAGE_GITREFS_H

#include <stddef.h>

#include "collectors/base/common.h"

#define GITREFS_HASH_MAX 64 /* hex digits of a SHA-256 name */

enum gitrefs_source {
	GITREFS_DETACHED, /* HEAD holds the hash itself */
	GITREFS_LOOSE,	  /* refs/heads/X file */
	GITREFS_PACKED,	  /* a packed-refs line */
	GITREFS_UNBORN,	  /* HEAD names a branch with no commit yet */
};

struct gitrefs {
	char *worktree;			 /* the work tree (the git dir itself when bare) */
	char *gitdir;			 /* the per-worktree git dir (has HEAD) */
	char *commondir;		 /* shared refs and objects (== gitdir if not a worktree) */
	int linked;			 /* .git was a file (worktree or submodule) */
	int bare;			 /* no work tree: a bare repository or a mirror */
	int shallow;			 /* a shallow clone: history is cut short */
	char *ref;			 /* "refs/heads/main", NULL when detached */
	char *branch;			 /* "main" (ref without refs/heads/), NULL when detached */
	char hash[GITREFS_HASH_MAX + 1]; /* lowercase hex; "" when unborn */
	enum gitrefs_source source;
	double collected; /* now_wall() */
};

/* Whether s[0..len) is a 40- or 64-digit hex object name. */
int gitrefs_is_hash(const char *s, size_t len);

/* Finds the repository containing `dir` (walking up to the filesystem
 * root, like git) and resolves HEAD. Returns 0, or -1 with *cause saying
 * what was tried ("no .git found from DIR up to /: pass --repo with the
 * service's source checkout"). */
int gitrefs_load(const char *dir, struct gitrefs **out, char **cause);
void gitrefs_free(struct gitrefs *g);

struct cJSON *gitrefs_to_json(const struct gitrefs *g);

#endif
