/* gitrefs.h: a repository's HEAD commit and branch, read from the files
 * under .git directly, without running git.
 *
 * Handles: HEAD as "ref: refs/heads/X" or a detached hash; loose refs;
 * packed-refs (with "^" peeled lines); symbolic refs that point at other
 * refs (up to GITREFS_MAX_DEPTH); a `.git` FILE ("gitdir: PATH", as
 * submodules and `git worktree add` write) with the worktree's `commondir`
 * holding the shared refs. SHA-1 (40 hex) and SHA-256 (64 hex) names.
 * Not handled: the reftable backend (reported as an error).
 *
 * The gitrefs_parse_*() functions are pure (tests, fuzzers); gitrefs_load()
 * does the I/O with size caps. gitrefs_load() returns a struct the caller
 * frees with gitrefs_free() (accepts NULL). Ref names and paths come from
 * the repo: sanitize_str() them before display. */
#ifndef GOTRIAGE_GITREFS_H
#define GOTRIAGE_GITREFS_H

#include <stddef.h>

#include "collectors/base/common.h"

#define GITREFS_HASH_MAX 64	       /* hex digits of a SHA-256 name */
#define GITREFS_SMALL_CAP (64 * 1024)  /* HEAD, a loose ref, .git file, commondir */
#define GITREFS_PACKED_CAP (256 * MIB) /* packed-refs of a huge monorepo */
#define GITREFS_MAX_DEPTH 5	       /* symbolic ref chain */

enum gitrefs_source {
	GITREFS_DETACHED, /* HEAD holds the hash itself */
	GITREFS_LOOSE,	  /* refs/heads/X file */
	GITREFS_PACKED,	  /* a packed-refs line */
	GITREFS_UNBORN,	  /* HEAD names a branch with no commit yet */
};

struct gitrefs {
	char *worktree;	 /* the directory holding .git (the work tree) */
	char *gitdir;	 /* the per-worktree git dir (has HEAD) */
	char *commondir; /* shared refs and packed-refs (== gitdir if not a worktree) */
	int linked;	 /* .git was a file (worktree or submodule) */
	char *ref;	 /* "refs/heads/main", NULL when detached */
	char *branch;	 /* "main" (ref without refs/heads/), NULL when detached */
	char hash[GITREFS_HASH_MAX + 1]; /* lowercase hex; "" when unborn */
	enum gitrefs_source source;
	double collected; /* now_wall() */
};

/* A HEAD file or a loose ref file: either "ref: NAME" (symbolic, *ref set
 * to a malloc'd name) or a hash (copied into hash, *ref NULL). Trailing
 * whitespace is ignored. Returns 0, or -1 with *cause. */
int gitrefs_parse_head(const char *buf, size_t len, char **ref, char hash[GITREFS_HASH_MAX + 1],
		       char **cause);
/* A `.git` file: "gitdir: PATH" -> *gitdir (malloc'd, as written, maybe
 * relative to the file's directory). */
int gitrefs_parse_gitfile(const char *buf, size_t len, char **gitdir, char **cause);
/* A worktree's `commondir` file: one path line -> *dir (malloc'd). */
int gitrefs_parse_commondir(const char *buf, size_t len, char **dir, char **cause);
/* Looks `ref` up in a packed-refs file. Returns 1 and fills hash when
 * found, 0 when absent, -1 with *cause when the file is malformed where it
 * matters (a line naming ref without a valid hash). "^" peeled lines and
 * the "# pack-refs with:" header are skipped. */
int gitrefs_parse_packed(const char *buf, size_t len, const char *ref,
			 char hash[GITREFS_HASH_MAX + 1], char **cause);
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
