/* procfs.c: one process as /proc describes it (see procfs.h). */
#include "procfs.h"

#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/base/sanitize.h"

/* ---- pure parsers ---------------------------------------------------- */

/* Reads an unsigned decimal from s[*i..len) after skipping blanks; the
 * buffer is not NUL-terminated, so no strtoul. */
static int take_ull(const char *s, size_t len, size_t *i, unsigned long long *v)
{
	unsigned long long x = 0;
	size_t start;

	while (*i < len && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	start = *i;
	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		unsigned d = (unsigned)(s[*i] - '0');

		if (x > (ULLONG_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
		(*i)++;
	}
	if (*i == start)
		return -1;
	*v = x;
	return 0;
}

/* Skips one whitespace-separated token; -1 when none is left. */
static int skip_token(const char *s, size_t len, size_t *i)
{
	size_t start;

	while (*i < len && s[*i] == ' ')
		(*i)++;
	start = *i;
	while (*i < len && s[*i] != ' ' && s[*i] != '\n')
		(*i)++;
	return *i > start ? 0 : -1;
}

int procfs_parse_stat(const char *buf, size_t len, struct procfs_stat *out, char **cause)
{
	const char *open, *close = NULL;
	size_t i, n;
	unsigned long long v;

	memset(out, 0, sizeof *out);
	open = memchr(buf, '(', len);
	if (open == NULL)
		return err_set(cause, "stat: no '(' before the command name");
	/* comm may itself contain ')': the last one ends it. */
	for (const char *p = buf + len; p > open + 1;) {
		p--;
		if (*p == ')') {
			close = p;
			break;
		}
	}
	if (close == NULL)
		return err_set(cause, "stat: no ')' after the command name");
	n = (size_t)(close - open - 1);
	if (n >= sizeof out->comm)
		n = sizeof out->comm - 1;
	memcpy(out->comm, open + 1, n);
	out->comm[n] = '\0';

	i = (size_t)(close - buf) + 1;
	/* Field 3: state, one character. */
	while (i < len && buf[i] == ' ')
		i++;
	if (i >= len || buf[i] == '\n')
		return err_set(cause, "stat: truncated after the command name");
	out->state = buf[i++];
	if (i < len && buf[i] != ' ')
		return err_set(cause, "stat: the state field is not one character");
	/* Field 4: ppid (0 for init and kthreadd). */
	if (take_ull(buf, len, &i, &v) < 0 || v > INT_MAX)
		return err_set(cause, "stat: bad ppid field");
	out->ppid = (int)v;
	/* Fields 5..21 are skipped but 9 (flags), 14 and 15 (utime, stime);
	 * field 22 is starttime. */
	for (int f = 5; f <= 21; f++) {
		if (f == 9) {
			if (take_ull(buf, len, &i, &v) < 0 || v > ULONG_MAX)
				return err_set(cause, "stat: bad flags field");
			out->flags = (unsigned long)v;
			continue;
		}
		if (f == 14 || f == 15) {
			if (take_ull(buf, len, &i, &v) < 0)
				return err_set(cause, "stat: bad %s field",
					       f == 14 ? "utime" : "stime");
			*(f == 14 ? &out->utime : &out->stime) = v;
			continue;
		}
		if (skip_token(buf, len, &i) < 0)
			return err_set(cause, "stat: only %d fields, starttime is field 22", f - 1);
	}
	if (take_ull(buf, len, &i, &v) < 0)
		return err_set(cause, "stat: bad starttime field");
	out->starttime = v;
	return 0;
}

/* Finds a line starting with `key` and returns the index just after it. */
static int find_line(const char *buf, size_t len, const char *key, size_t *at)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl != NULL ? (size_t)(nl - buf) : len;

		if (end - i >= klen && memcmp(buf + i, key, klen) == 0) {
			*at = i + klen;
			return 0;
		}
		i = end + 1;
	}
	return -1;
}

int procfs_parse_btime(const char *buf, size_t len, long long *btime, char **cause)
{
	size_t i;
	unsigned long long v;

	if (find_line(buf, len, "btime ", &i) < 0)
		return err_set(cause, "/proc/stat has no btime line");
	if (take_ull(buf, len, &i, &v) < 0 || v > LLONG_MAX)
		return err_set(cause, "/proc/stat: bad btime value");
	*btime = (long long)v;
	return 0;
}

int procfs_parse_status_uid(const char *buf, size_t len, uid_t *uid, uid_t *euid, char **cause)
{
	size_t i;
	unsigned long long r, e;

	if (find_line(buf, len, "Uid:", &i) < 0)
		return err_set(cause, "status has no Uid: line");
	if (take_ull(buf, len, &i, &r) < 0 || take_ull(buf, len, &i, &e) < 0 || r > UINT32_MAX ||
	    e > UINT32_MAX)
		return err_set(cause, "status: bad Uid: line");
	*uid = (uid_t)r;
	*euid = (uid_t)e;
	return 0;
}

int procfs_parse_socket_link(const char *link, size_t len, unsigned long long *inode)
{
	size_t i = 8;

	if (len < 10 || memcmp(link, "socket:[", 8) != 0 || link[len - 1] != ']')
		return -1;
	if (take_ull(link, len - 1, &i, inode) < 0 || i != len - 1)
		return -1;
	return 0;
}

int procfs_strip_deleted(char *link)
{
	if (str_has_suffix(link, " (deleted)")) {
		link[strlen(link) - strlen(" (deleted)")] = '\0';
		return 1;
	}
	return 0;
}

void procfs_split_nul(const char *buf, size_t len, struct strlist *l)
{
	size_t i = 0;

	while (i < len) {
		const char *z = memchr(buf + i, '\0', len - i);
		size_t end = z != NULL ? (size_t)(z - buf) : len;

		char *arg = xstrndup(buf + i, end - i);

		strlist_add(l, arg);
		free(arg);
		i = end + 1;
	}
}

/* ---- I/O ------------------------------------------------------------- */

static enum procfs_err kind_of(int e)
{
	if (e == ENOENT || e == ESRCH)
		return PROCFS_NOPROC;
	if (e == EACCES || e == EPERM)
		return PROCFS_DENIED;
	return PROCFS_OTHER;
}

/* read_file_capped() with the errno kept for the caller. */
static int read_proc(const char *path, size_t cap, struct buf *out, int *trunc, int *err)
{
	errno = 0;
	if (read_file_capped(path, cap, out, trunc, NULL) < 0) {
		*err = errno != 0 ? errno : EIO;
		return -1;
	}
	*err = 0;
	return 0;
}

int procfs_read_stat(int pid, struct procfs_stat *out, enum procfs_err *kind, char **cause)
{
	char path[64];
	struct buf b;
	int e, rc;

	if (kind != NULL)
		*kind = PROCFS_OK;
	if (pid <= 0) {
		if (kind != NULL)
			*kind = PROCFS_NOPROC;
		return err_set(cause, "PID %d is not a process id: pass a positive number", pid);
	}
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	buf_init(&b);
	if (read_proc(path, PROCFS_STAT_CAP, &b, NULL, &e) < 0) {
		buf_free(&b);
		if (kind != NULL)
			*kind = kind_of(e);
		if (kind_of(e) == PROCFS_NOPROC)
			return err_set(
			    cause, "no process with PID %d (it may have exited; `ps -p %d` shows)",
			    pid, pid);
		if (kind_of(e) == PROCFS_DENIED)
			return err_set(cause,
				       "cannot read %s: %s (is /proc mounted with hidepid? run "
				       "as the service's user or root)",
				       path, strerror(e));
		return err_set(cause, "cannot read %s: %s", path, strerror(e));
	}
	rc = procfs_parse_stat(b.data, b.len, out, cause);
	if (rc < 0 && kind != NULL)
		*kind = PROCFS_OTHER;
	buf_free(&b);
	return rc;
}

static int cmp_sock(const void *a, const void *b)
{
	const struct procfs_sock *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return x->fd - y->fd;
}

int procfs_socket_inodes(int pid, struct procfs_sock **socks, size_t *n, enum procfs_err *kind,
			 char **cause)
{
	char path[64];
	DIR *d;
	struct dirent *de;
	size_t cap = 0, seen = 0;
	int dfd;

	*socks = NULL;
	*n = 0;
	if (kind != NULL)
		*kind = PROCFS_OK;
	snprintf(path, sizeof path, "/proc/%d/fd", pid);
	d = opendir(path);
	if (d == NULL) {
		int e = errno;

		if (kind != NULL)
			*kind = kind_of(e);
		if (kind_of(e) == PROCFS_NOPROC)
			return err_set(cause, "no process with PID %d (it may have exited)", pid);
		if (kind_of(e) == PROCFS_DENIED)
			return err_set(cause,
				       "cannot read %s: permission denied: run gotriage as the "
				       "service's user or as root",
				       path);
		return err_set(cause, "cannot read %s: %s", path, strerror(e));
	}
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL && seen < PROCFS_MAX_FDS) {
		char link[64];
		ssize_t len;
		unsigned long long ino;
		char *end;
		long fd;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		seen++;
		len = readlinkat(dfd, de->d_name, link, sizeof link);
		if (len <= 0 || (size_t)len >= sizeof link)
			continue; /* closed meanwhile, or not a socket */
		if (procfs_parse_socket_link(link, (size_t)len, &ino) < 0)
			continue;
		fd = strtol(de->d_name, &end, 10);
		*socks = xgrow(*socks, &cap, *n + 1, sizeof **socks);
		(*socks)[*n].inode = ino;
		(*socks)[*n].fd = *end == '\0' && fd <= INT_MAX ? (int)fd : -1;
		(*n)++;
	}
	closedir(d);
	if (*n > 1)
		qsort(*socks, *n, sizeof **socks, cmp_sock);
	return 0;
}

int procfs_boot_time(long long *btime, char **cause)
{
	struct buf b;
	int e, rc;

	buf_init(&b);
	if (read_proc("/proc/stat", 1 * MIB, &b, NULL, &e) < 0) {
		buf_free(&b);
		return err_set(cause, "cannot read /proc/stat: %s", strerror(e));
	}
	rc = procfs_parse_btime(b.data, b.len, btime, cause);
	buf_free(&b);
	return rc;
}

/* Seconds since boot, from /proc/uptime (immune to wall clock jumps). */
static double boot_uptime(void)
{
	struct buf b;
	double up = -1;
	int e;

	buf_init(&b);
	if (read_proc("/proc/uptime", 4096, &b, NULL, &e) == 0)
		up = strtod(b.data, NULL);
	buf_free(&b);
	return up;
}

static void read_exe(struct procinfo *p, int *denied)
{
	char path[64];
	size_t cap = 256;

	snprintf(path, sizeof path, "/proc/%d/exe", p->pid);
	for (;;) {
		char *t = xmalloc(cap);
		ssize_t n = readlink(path, t, cap);

		if (n < 0) {
			int e = errno;

			free(t);
			if (kind_of(e) == PROCFS_DENIED) {
				*denied = 1;
				p->exe_error = xasprintf("cannot read %s: permission denied", path);
			} else if (e == ENOENT) {
				p->exe_error = xasprintf("%s has no target (a kernel thread or a "
							 "zombie)",
							 path);
			} else {
				p->exe_error = xasprintf("cannot read %s: %s", path, strerror(e));
			}
			return;
		}
		if ((size_t)n < cap) {
			t[n] = '\0';
			p->exe_deleted = procfs_strip_deleted(t);
			p->exe = t;
			return;
		}
		free(t);
		if (cap >= 64 * 1024) {
			p->exe_error = xasprintf("%s: link target longer than 64 KiB", path);
			return;
		}
		cap *= 4;
	}
}

static void read_user(struct procinfo *p)
{
	char path[64];
	struct buf b;
	int e;

	snprintf(path, sizeof path, "/proc/%d/status", p->pid);
	buf_init(&b);
	if (read_proc(path, PROCFS_STATUS_CAP, &b, NULL, &e) == 0 &&
	    procfs_parse_status_uid(b.data, b.len, &p->uid, &p->euid, NULL) == 0) {
		struct passwd pw, *res = NULL;
		char pwbuf[4096];

		p->have_uid = 1;
		if (getpwuid_r(p->uid, &pw, pwbuf, sizeof pwbuf, &res) == 0 && res != NULL)
			p->user = xstrdup(pw.pw_name);
		else
			p->user = xasprintf("%u", (unsigned)p->uid);
	}
	buf_free(&b);
}

static void read_cmdline_environ(struct procinfo *p, int *denied)
{
	char path[64];
	struct buf b;
	int e, trunc = 0;

	buf_init(&b);
	snprintf(path, sizeof path, "/proc/%d/cmdline", p->pid);
	if (read_proc(path, PROCFS_CMDLINE_CAP, &b, &trunc, &e) == 0) {
		procfs_split_nul(b.data, b.len, &p->argv);
		p->cmdline_truncated = trunc;
	}
	snprintf(path, sizeof path, "/proc/%d/environ", p->pid);
	if (read_proc(path, PROCFS_ENVIRON_CAP, &b, &trunc, &e) == 0) {
		p->environ_len = b.len;
		p->environ_truncated = trunc;
		p->environ = buf_steal(&b);
	} else {
		if (kind_of(e) == PROCFS_DENIED)
			*denied = 1;
		p->environ_error = xasprintf("cannot read %s: %s", path, strerror(e));
	}
	buf_free(&b);
}

int procfs_load(int pid, struct procinfo **out, char **cause)
{
	struct procfs_stat st;
	struct procinfo *p;
	long long btime;
	long hz = sysconf(_SC_CLK_TCK);
	double up;
	int denied = 0;
	enum procfs_err kind;

	*out = NULL;
	if (procfs_read_stat(pid, &st, NULL, cause) < 0)
		return -1;
	p = xcalloc(1, sizeof *p);
	p->pid = pid;
	p->collected = now_wall();
	p->comm = xstrdup(st.comm);
	p->state = st.state;
	p->ppid = st.ppid;
	p->flags = st.flags;
	p->starttime_ticks = st.starttime;
	if (hz <= 0)
		hz = 100;
	if (procfs_boot_time(&btime, NULL) == 0)
		p->start_time = (double)btime + (double)st.starttime / (double)hz;
	up = boot_uptime();
	if (up >= 0)
		p->uptime = up - (double)st.starttime / (double)hz;
	else if (p->start_time > 0)
		p->uptime = p->collected - p->start_time;
	if (p->uptime < 0)
		p->uptime = 0;

	read_exe(p, &denied);
	read_user(p);
	read_cmdline_environ(p, &denied);
	if (procfs_socket_inodes(pid, &p->socks, &p->nsocks, &kind, &p->fd_error) < 0 &&
	    kind == PROCFS_DENIED)
		denied = 1;
	if (denied) {
		if (p->have_uid)
			p->denied = xasprintf(
			    "cannot read /proc/%d/exe, fd or environ: the process runs as %s "
			    "(uid %u), we run as uid %u: run gotriage as that user or as root",
			    pid, p->user, (unsigned)p->uid, (unsigned)geteuid());
		else
			p->denied = xasprintf("cannot read /proc/%d/exe, fd or environ: run "
					      "gotriage as the service's user or as root",
					      pid);
	}
	*out = p;
	return 0;
}

void procinfo_free(struct procinfo *p)
{
	if (p == NULL)
		return;
	free(p->comm);
	free(p->exe);
	free(p->exe_error);
	strlist_free(&p->argv);
	free(p->user);
	free(p->socks);
	free(p->fd_error);
	free(p->environ);
	free(p->environ_error);
	free(p->denied);
	free(p);
}

cJSON *procinfo_to_json(const struct procinfo *p)
{
	cJSON *o = cJSON_CreateObject(), *a;
	char st[2] = {p->state, '\0'};

	cJSON_AddNumberToObject(o, "pid", p->pid);
	cJSON_AddNumberToObject(o, "ppid", p->ppid);
	sanitize_json_add(o, "comm", p->comm);
	sanitize_json_add(o, "state", st);
	cJSON_AddNumberToObject(o, "start_time", p->start_time);
	cJSON_AddNumberToObject(o, "uptime", p->uptime);
	sanitize_json_add(o, "exe", p->exe);
	cJSON_AddBoolToObject(o, "exe_deleted", p->exe_deleted);
	sanitize_json_add(o, "exe_error", p->exe_error);
	cJSON_AddItemToObject(o, "cmdline", sanitize_json_list(&p->argv, sanitize_str));
	cJSON_AddBoolToObject(o, "cmdline_truncated", p->cmdline_truncated);
	if (p->have_uid)
		cJSON_AddNumberToObject(o, "uid", p->uid);
	else
		cJSON_AddNullToObject(o, "uid");
	sanitize_json_add(o, "user", p->user);
	a = cJSON_AddArrayToObject(o, "socket_inodes");
	for (size_t i = 0; i < p->nsocks; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber((double)p->socks[i].inode));
	sanitize_json_add(o, "fd_error", p->fd_error);
	sanitize_json_add(o, "denied", p->denied);
	cJSON_AddNumberToObject(o, "collected", p->collected);
	return o;
}

const char *procfs_err_name(enum procfs_err e)
{
	switch (e) {
	case PROCFS_OK:
		return "ok";
	case PROCFS_NOPROC:
		return "no such process";
	case PROCFS_DENIED:
		return "permission denied";
	case PROCFS_OTHER:
		break;
	}
	return "unreadable";
}

const char *procfs_state_words(char state)
{
	static char other[32];

	switch (state) {
	case 'R':
		return "running (R)";
	case 'S':
		return "sleeping (S)";
	case 'D':
		return "in uninterruptible sleep (D)";
	case 'T':
		return "stopped (T)";
	case 't':
		return "stopped by a tracer (t)";
	case 'Z':
		return "zombie (Z)";
	case 'X':
		return "dead (X)";
	case 'I':
		return "idle (I)";
	case 'P':
		return "parked (P)";
	default:
		snprintf(other, sizeof other, "state %c", state ? state : '?');
		return other;
	}
}

char *procfs_unattachable(int pid, const struct procfs_stat *st)
{
	char *comm = sanitize_str(st->comm), *why = NULL;

	if (st->flags & PROCFS_PF_KTHREAD)
		why =
		    xasprintf("PID %d (%s) is a kernel thread: it has no executable, sockets or "
			      "Go runtime to read; pass the PID of the Go service (pgrep -f NAME)",
			      pid, comm);
	else if (st->state == 'Z' || st->state == 'X')
		why = xasprintf("PID %d (%s) is a zombie: it has exited and its parent (PID %d) "
				"has not reaped it, so nothing is left to read; pass the PID of "
				"the running service (pgrep -f NAME; it may have restarted)",
				pid, comm, st->ppid);
	free(comm);
	return why;
}

int procfs_state_silent(char state)
{
	return state == 'T' || state == 't' || state == 'D' || state == 'Z' || state == 'X';
}

long long procfs_rss_bytes(int pid)
{
	char path[64], buf[128];
	unsigned long long size = 0, resident = 0;
	FILE *fp;
	int ok;

	snprintf(path, sizeof path, "/proc/%d/statm", pid);
	fp = fopen(path, "r");
	if (fp == NULL)
		return -1;
	ok = fgets(buf, sizeof buf, fp) != NULL && sscanf(buf, "%llu %llu", &size, &resident) == 2;
	fclose(fp);
	return ok ? (long long)resident * sysconf(_SC_PAGESIZE) : -1;
}
