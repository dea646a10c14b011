/* gitlog.h: what one revision has that another lacks, read with libgit2.
 *
 * gitlog_lacks() lists the commits reachable from `against` (HEAD, a
 * branch, a tag) that are not ancestors of `running` (the binary's
 * vcs.revision), newest first (topological, then commit time), each with
 * its date, author, subject and the files it changes against its first
 * parent (old and new blob ids, so a caller can read both sides without a
 * checkout). It also counts the reverse: commits of `running` that
 * `against` lacks (the running build is ahead, or on another branch).
 * Read-only: a revwalk and tree diffs, no index, no working tree.
 *
 * Ownership: *out is freed with gitlog_free() (accepts NULL). Author
 * names, subjects and paths come from the repository: sanitize_str() them
 * before display. */
#ifndef GOTRIAGE_GITLOG_H
#define GOTRIAGE_GITLOG_H

#include <stddef.h>

#include "gitrepo.h"

#define GITLOG_MAX_COMMITS 5000 /* listed; the counts go on */
#define GITLOG_MAX_FILES 2000	/* per commit */

struct gitlog_file {
	char *path;		  /* from the repository root */
	char status;		  /* 'A', 'M', 'D', 'R', 'T' */
	char old_id[GITREPO_HEX]; /* "" when added */
	char new_id[GITREPO_HEX]; /* "" when deleted */
};

struct gitlog_commit {
	char hex[GITREPO_HEX];
	double time;	/* committer time, Unix seconds */
	int tz_minutes; /* its offset from UTC */
	char *author;	/* "Name <email>" */
	char *subject;
	int nparents;
	struct gitlog_file *files;
	size_t nfiles;
	int files_truncated;
};

struct gitlog {
	char running[GITREPO_HEX];
	char against[GITREPO_HEX];
	struct gitlog_commit *v; /* against has, running lacks; newest first */
	size_t n;
	size_t lacks;	/* all such commits (n is capped at max) */
	size_t ahead;	/* commits running has that against lacks */
	double seconds; /* time taken */
};

/* running and against are full hashes (gitrepo_commit() resolves names).
 * max caps the commits listed (0: GITLOG_MAX_COMMITS). 0, or -1 with *cause. */
int gitlog_lacks(struct gitrepo *r, const char *running, const char *against, size_t max,
		 struct gitlog **out, char **cause);
void gitlog_free(struct gitlog *l);

#endif
