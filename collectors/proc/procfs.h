/* procfs.h: what /proc says about one process: identity, binary, start
 * time, owner, command line, environment and socket inodes.
 *
 * Parsing is split from I/O: procfs_parse_*() are pure functions over a
 * buffer (tests and fuzzers feed them); procfs_read_stat() and
 * procfs_load() read /proc with size caps. Linux only.
 *
 * Call order: procfs_load(pid, &info, &cause) once per refresh; the
 * returned struct procinfo and everything it points to belongs to the
 * caller and is released with procinfo_free() (accepts NULL).
 * procfs_load() fails (-1, *cause set, *out NULL) only when the process
 * cannot be found or its stat file cannot be read at all; fields that need
 * more privilege (exe, fd, environ: the kernel's ptrace read check) are
 * left empty with a per-field reason, and `denied` says what to do.
 * Strings are raw bytes from the target: sanitize_str() them before they
 * reach a terminal, redact_text() the environment. */
#ifndef GOTRIAGE_PROCFS_H
#define GOTRIAGE_PROCFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "collectors/base/common.h"

/* Size caps: a hostile or huge process cannot make us read more. */
#define PROCFS_STAT_CAP (64 * 1024)
#define PROCFS_STATUS_CAP (64 * 1024)
#define PROCFS_CMDLINE_CAP (128 * 1024)
#define PROCFS_ENVIRON_CAP (256 * 1024)
#define PROCFS_MAX_FDS 65536 /* fd entries inspected for socket links */

/* Why a read failed, so callers can say what to do about it. */
enum procfs_err {
	PROCFS_OK = 0,
	PROCFS_NOPROC, /* no such process (ENOENT/ESRCH) */
	PROCFS_DENIED, /* EACCES/EPERM: run as the service's user or root */
	PROCFS_OTHER,  /* malformed file or another errno */
};

/* The fields of /proc/PID/stat we use. */
struct procfs_stat {
	char comm[64]; /* between the first '(' and the last ')' */
	char state;    /* 'R', 'S', 'D', 'Z', ... */
	int ppid;
	unsigned long flags;	      /* field 9: PF_* (PF_KTHREAD 0x00200000) */
	unsigned long long utime;     /* field 14: user CPU, clock ticks */
	unsigned long long stime;     /* field 15: system CPU, clock ticks */
	unsigned long long starttime; /* field 22: clock ticks since boot */
};

/* The kernel's PF_KTHREAD bit in /proc/PID/stat's flags field. */
#define PROCFS_PF_KTHREAD 0x00200000UL

/* One socket file descriptor of the process. */
struct procfs_sock {
	unsigned long long inode; /* from the "socket:[N]" link */
	int fd;
};

struct procinfo {
	int pid;
	double collected; /* now_wall() when read */

	/* /proc/PID/stat */
	char *comm;
	char state;
	int ppid;
	unsigned long flags; /* PF_* from stat */
	unsigned long long starttime_ticks;
	double start_time; /* Unix seconds: btime + starttime / CLK_TCK */
	double uptime;	   /* seconds the process has been running */

	/* /proc/PID/exe: the link target with " (deleted)" stripped */
	char *exe;	 /* NULL when unreadable, see exe_error */
	int exe_deleted; /* the binary was replaced or removed */
	char *exe_error;

	/* /proc/PID/cmdline: NUL-separated arguments */
	struct strlist argv;
	int cmdline_truncated; /* longer than PROCFS_CMDLINE_CAP */

	/* /proc/PID/status Uid: (real, effective) and the user name */
	uid_t uid, euid;
	int have_uid;
	char *user; /* name, or the decimal uid if unknown */

	/* /proc/PID/fd: socket inodes, ascending by inode */
	struct procfs_sock *socks;
	size_t nsocks;
	char *fd_error; /* NULL when the fd table was read */

	/* /proc/PID/environ: raw NUL-separated block (secrets! redact) */
	char *environ;
	size_t environ_len;
	int environ_truncated;
	char *environ_error;

	/* One line saying what needs more privilege and what to do, or NULL. */
	char *denied;

	/* Resident bytes as a facts document gave them (the process on
	 * another host), 0 when unknown; never read here: locally,
	 * procfs_rss_bytes() asks /proc live. */
	long long doc_rss_bytes;
};

/* Parses /proc/PID/stat. comm may hold spaces and ')': fields are counted
 * after the LAST ')'. Returns 0, or -1 with *cause set. */
int procfs_parse_stat(const char *buf, size_t len, struct procfs_stat *out, char **cause);
/* Finds "btime N" in /proc/stat. */
int procfs_parse_btime(const char *buf, size_t len, long long *btime, char **cause);
/* Finds "Uid:\treal\teffective\t..." in /proc/PID/status. */
int procfs_parse_status_uid(const char *buf, size_t len, uid_t *uid, uid_t *euid, char **cause);
/* "socket:[12345]" -> 12345; returns 0, or -1 for any other link text. */
int procfs_parse_socket_link(const char *link, size_t len, unsigned long long *inode);
/* Strips a trailing " (deleted)" from an exe link target in place; returns
 * 1 when it was there. */
int procfs_strip_deleted(char *link);
/* Splits a NUL-separated block (cmdline, environ) into l. A missing final
 * NUL is tolerated. */
void procfs_split_nul(const char *buf, size_t len, struct strlist *l);

/* Reads /proc/PID/stat only (cheap, for refresh ticks and existence). On
 * failure *kind (may be NULL) says why. */
int procfs_read_stat(int pid, struct procfs_stat *out, enum procfs_err *kind, char **cause);
/* The socket inodes of a process (ascending). Returns 0, or -1 with *kind
 * and *cause set. *socks is malloc'd, even when *n is 0 it may be NULL. */
int procfs_socket_inodes(int pid, struct procfs_sock **socks, size_t *n, enum procfs_err *kind,
			 char **cause);
/* Boot time in Unix seconds, from /proc/stat. */
int procfs_boot_time(long long *btime, char **cause);

/* Everything above, for one PID. See the contract at the top. */
int procfs_load(int pid, struct procinfo **out, char **cause);
void procinfo_free(struct procinfo *p);

/* The struct as JSON (environ omitted; argv and user sanitised). */
struct cJSON *procinfo_to_json(const struct procinfo *p);

/* A process state letter in words: "running (R)", "stopped (T)",
 * "zombie (Z)", ... Static storage; "state X" for letters we do not know
 * is written into a static buffer (main thread only). */
const char *procfs_state_words(char state);
/* Why a process cannot be a target, whoever runs gotriage: "PID 2
 * (kthreadd) is a kernel thread: ..." or "... is a zombie: ...", malloc'd
 * and ending in what to pass instead; NULL for a process that may be one.
 * Said before any permission error, which would point at root in vain. */
char *procfs_unattachable(int pid, const struct procfs_stat *st);
/* Resident set size in bytes from /proc/PID/statm, or -1. */
long long procfs_rss_bytes(int pid);
/* 1 for the states in which a process answers nothing: T, t, D, Z, X. */
int procfs_state_silent(char state);

/* "no such process" / "permission denied" / ... */
const char *procfs_err_name(enum procfs_err e);

#endif
