/* proctree.c: a process's direct children, from /proc. */
#include "proctree.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "procfs.h"

static int by_pid(const void *a, const void *b)
{
	const struct proctree_child *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int proctree_children(int pid, struct proctree **out, char **cause)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	struct proctree *t;

	*out = NULL;
	if (d == NULL)
		return err_set(cause, "/proc: %s", strerror(errno));
	t = xcalloc(1, sizeof *t);
	while ((e = readdir(d)) != NULL) {
		struct procfs_stat st;
		char *end;
		long p = strtol(e->d_name, &end, 10);

		if (*end != '\0' || p <= 0 || p > 0x7fffffff)
			continue;
		if (procfs_read_stat((int)p, &st, NULL, NULL) != 0 || st.ppid != pid)
			continue;
		if (t->n == PROCTREE_MAX) {
			t->truncated = 1;
			continue;
		}
		t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
		t->v[t->n].pid = (int)p;
		snprintf(t->v[t->n].comm, sizeof t->v[t->n].comm, "%s", st.comm);
		t->n++;
	}
	closedir(d);
	if (t->n > 1)
		qsort(t->v, t->n, sizeof *t->v, by_pid);
	*out = t;
	return 0;
}

void proctree_free(struct proctree *t)
{
	if (t == NULL)
		return;
	free(t->v);
	free(t);
}
