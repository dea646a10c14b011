/* findcomm.c: Go processes by command name (contract in findcomm.h). */
#include "findcomm.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/elf/buildinfo.h"

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int comm_is(int pid, const char *comm)
{
	char path[64];
	struct buf b;
	int same;

	snprintf(path, sizeof path, "/proc/%d/comm", pid);
	buf_init(&b);
	if (read_file_capped(path, 64, &b, NULL, NULL) != 0) {
		buf_free(&b);
		return 0;
	}
	if (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	same = b.data != NULL && strcmp(b.data, comm) == 0;
	buf_free(&b);
	return same;
}

/* Go build information in the image: what makes it a Go program. */
static int is_go(int pid)
{
	char path[64];
	struct buildinfo *bi = NULL;

	snprintf(path, sizeof path, "/proc/%d/exe", pid);
	if (buildinfo_load(path, &bi, NULL) != 0)
		return 0;
	buildinfo_free(bi);
	return 1;
}

int findcomm(const char *comm, int **pids, size_t *n, char **cause)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	size_t cap = 0;

	*pids = NULL;
	*n = 0;
	if (d == NULL)
		return err_set(cause, "/proc: %s", strerror(errno));
	while ((e = readdir(d)) != NULL && *n < FINDCOMM_MAX) {
		int pid;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = atoi(e->d_name);
		/* Cheap test first: most of /proc is some other command. */
		if (pid <= 0 || !comm_is(pid, comm) || !is_go(pid))
			continue;
		*pids = xgrow(*pids, &cap, *n + 1, sizeof **pids);
		(*pids)[(*n)++] = pid;
	}
	closedir(d);
	if (*n > 1)
		qsort(*pids, *n, sizeof **pids, cmp_int);
	return 0;
}
