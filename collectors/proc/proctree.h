/* proctree.h: the direct children of a process, from /proc/PID/stat.
 *
 * Used when the PID given is a wrapper (a shell script, `sleep` in a unit
 * file) rather than the Go service: the refusal names the children so the
 * engineer sees which PID to pass. proctree_children() scans /proc once,
 * reads each entry's stat (capped by procfs_read_stat) and keeps those
 * whose parent is `pid`, ascending by PID, at most PROCTREE_MAX. The
 * result is owned by the caller: proctree_free() (accepts NULL). comm is
 * raw bytes from the target: sanitise before display. */
#ifndef GOTRIAGE_PROCTREE_H
#define GOTRIAGE_PROCTREE_H

#include <stddef.h>

#define PROCTREE_MAX 64

struct proctree_child {
	int pid;
	char comm[64];
};

struct proctree {
	struct proctree_child *v;
	size_t n;
	int truncated; /* more than PROCTREE_MAX children */
};

/* 0 with *out set (possibly empty), -1 when /proc cannot be listed. */
int proctree_children(int pid, struct proctree **out, char **cause);
void proctree_free(struct proctree *t);

#endif
