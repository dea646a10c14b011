/* keytrace.c: key-to-screen times for benchmarks (see keytrace.h). */
#include "keytrace.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "collectors/base/common.h"

static int fd = -1;
static double read_wall, read_mono; /* 0: no key waits for a redraw */
static double read_runq;

/* This thread's time waiting for a CPU so far, in ms (schedstat's second
 * field, ns), or 0 when the kernel does not say. */
static double runq_ms(void)
{
	unsigned long long run = 0, wait = 0;
	FILE *f = fopen("/proc/thread-self/schedstat", "re");

	if (f == NULL)
		return 0;
	if (fscanf(f, "%llu %llu", &run, &wait) != 2)
		wait = 0;
	fclose(f);
	return (double)wait / 1e6;
}

void keytrace_open(void)
{
	const char *path = getenv("GOTRIAGE_KEYTRACE");

	if (path == NULL || path[0] == '\0' || fd >= 0)
		return;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

void keytrace_key(void)
{
	if (fd < 0 || read_mono > 0)
		return;
	read_wall = now_wall();
	read_mono = now_mono();
	read_runq = runq_ms();
}

void keytrace_drawn(void)
{
	if (fd < 0 || read_mono == 0)
		return;
	if (dprintf(fd, "%.6f %.3f %.3f\n", read_wall, (now_mono() - read_mono) * 1000,
		    runq_ms() - read_runq) < 0) {
		close(fd);
		fd = -1;
	}
	read_mono = 0;
}

void keytrace_close(void)
{
	if (fd >= 0)
		close(fd);
	fd = -1;
}
