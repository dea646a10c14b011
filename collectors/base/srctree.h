/* srctree.h: a read-only source tree: list a directory, read a file,
 * stat a path, by '/'-separated paths relative to the tree's root ("" is
 * the root itself). Every repo-side collector reads the repository through
 * one of these, so the same code judges the working tree on disk or the
 * tree of a commit read from git objects (collectors/git/gittree.h), with
 * no checkout and no temporary files.
 *
 * Backends: srctree_open_dir() here (the working tree: opendir/read, no
 * symlinks followed when listing); others fill a struct srctree_ops and
 * call srctree_new(). Paths are refused when they climb out of the tree
 * ("..", a leading '/'). Errors follow common.h (-1 and *cause).
 *
 * Ownership: srctree_open_dir()/srctree_new() return a tree the caller
 * frees with srctree_free() (accepts NULL); srctree_list() fills an array
 * freed with srctree_ents_free(). Names come from the repository:
 * sanitize_str() them before display. */
#ifndef GOTRIAGE_SRCTREE_H
#define GOTRIAGE_SRCTREE_H

#include <stddef.h>

#include "common.h"

enum srctree_kind {
	SRCTREE_NONE = 0, /* absent */
	SRCTREE_FILE,	  /* a regular file (or executable blob) */
	SRCTREE_DIR,
	SRCTREE_LINK,  /* a symbolic link (never followed) */
	SRCTREE_OTHER, /* device, socket, submodule commit */
};

struct srctree_ent {
	char *name;
	enum srctree_kind kind;
};

struct srctree_ops {
	/* Entries of directory rel, any order. 0, or -1 with *cause. */
	int (*list)(void *impl, const char *rel, struct srctree_ent **ents, size_t *n,
		    char **cause);
	/* Up to cap bytes of file rel into out (reset first); *truncated
	 * says whether there was more. 0, or -1 with *cause. */
	int (*read)(void *impl, const char *rel, size_t cap, struct buf *out, int *truncated,
		    char **cause);
	/* The kind of rel (SRCTREE_NONE when absent) and, for files, its size. */
	enum srctree_kind (*stat)(void *impl, const char *rel, size_t *size);
	void (*free)(void *impl);
};

struct srctree {
	const struct srctree_ops *ops;
	void *impl;
	char *root;  /* the directory this tree stands for (display, plugins) */
	char *label; /* "working tree", "commit a61a5c4": which source this is */
	int is_git;  /* read from git objects: no mtimes, nothing outside the tree */
};

struct srctree *srctree_open_dir(const char *root, char **cause);
/* Takes ownership of impl (ops->free releases it). */
struct srctree *srctree_new(const struct srctree_ops *ops, void *impl, const char *root,
			    const char *label);
void srctree_free(struct srctree *t);
void srctree_set_label(struct srctree *t, const char *label);

int srctree_list(const struct srctree *t, const char *rel, struct srctree_ent **ents, size_t *n,
		 char **cause);
void srctree_ents_free(struct srctree_ent *ents, size_t n);
int srctree_read(const struct srctree *t, const char *rel, size_t cap, struct buf *out,
		 int *truncated, char **cause);
/* Like read_file_whole(): a file over cap is an error, not a prefix. */
int srctree_read_whole(const struct srctree *t, const char *rel, size_t cap, struct buf *out,
		       char **cause);
enum srctree_kind srctree_stat(const struct srctree *t, const char *rel, size_t *size);

/* Whether rel is a path we accept: relative, no "." or ".." element, no
 * empty element, no NUL. "" (the root) is accepted. */
int srctree_path_ok(const char *rel);
/* "dir/name", or "name" when dir is "" (malloc'd). */
char *srctree_join(const char *dir, const char *name);
/* Counts the entries of the tree matching a path.Match pattern with '/'
 * between elements, relative to dir (Go's filepath.Glob as go:embed uses
 * it; '*' matches leading dots). -1 when the pattern is malformed. */
int srctree_glob_count(const struct srctree *t, const char *dir, const char *pattern);

#endif
