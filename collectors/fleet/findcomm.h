/* findcomm.h: the Go processes of this host with a given command name
 * (/proc/PID/comm), for fleet targets written comm=NAME. Runs on the
 * service's host (`gotriage collect --list-comm NAME`, or in process for
 * `local` targets); reads /proc only.
 *
 * A process counts when its comm equals NAME and its image carries Go
 * build information (a shell script or a C program of the same name does
 * not). Processes that vanish or cannot be read are skipped. */
#ifndef GOTRIAGE_FINDCOMM_H
#define GOTRIAGE_FINDCOMM_H

#include <stddef.h>

#define FINDCOMM_MAX 4096 /* PIDs returned at most */

/* Fills *pids (malloc'd, ascending) and *n. Returns 0, or -1 with *cause
 * when /proc cannot be listed. */
int findcomm(const char *comm, int **pids, size_t *n, char **cause);

#endif
