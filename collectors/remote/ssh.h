/* ssh.h: talking to a service's host through the system OpenSSH client.
 *
 * Everything goes through `ssh` as the engineer runs it: ~/.ssh/config,
 * the agent, jump hosts and known_hosts all apply; gotriage adds only
 *   -o BatchMode=yes          never a password or host-key prompt (a hang)
 *   -o ControlMaster=auto -o ControlPath=<private dir>/<hash> -o ControlPersist=N
 *                             one connection, reused by every later command
 *                             and, for N s after we quit, by the next run
 *                             (ssh_ctlpath.h; GOTRIAGE_SSH_PERSIST)
 *   -o ConnectTimeout=10 -o ServerAliveInterval=5 -o ServerAliveCountMax=3
 * and, from $GOTRIAGE_SSH_CONFIG, `-F FILE` (tests). No secret ever goes
 * on a command line: the remote command is `gotriage collect ...` with a
 * PID, a URL and part names; nothing is written on the host.
 *
 * Use, for one host (many links can run side by side, one per host):
 *   l = ssh_link_new("user@host:2222", &cause);
 *   p = ssh_link_run(l, argv_of_the_remote_command, &cause);
 *   ssh_proc_read_line(p, timeout_ms, cap, &line, &cause) ... (a document per line)
 *   ssh_proc_write(p, "collect process\n", &cause)  (requests, for --stream)
 *   ssh_link_forward(l, "127.0.0.1", 6060, &local_port, &cause)  (ssh -O forward -L)
 *   ssh_proc_free(p); ssh_link_free(l);   (cancels our forwards on a kept
 *                                          master, or ends ours at PERSIST=0)
 * ssh_proc_read_line() polls with a deadline (worker threads and
 * subcommands); a poll loop can instead watch ssh_proc_fd() and call
 * ssh_proc_pump(). Every failure is one line (ssh_explain()): no gotriage
 * on the remote PATH, refused key, unknown host key, cannot connect,
 * dropped connection, no answer in time. */
#ifndef GOTRIAGE_SSH_H
#define GOTRIAGE_SSH_H

#include <stddef.h>
#include <sys/types.h>

#include "collectors/base/common.h"

#define SSH_STDERR_CAP (64 * 1024)

struct ssh_dest {
	char *user; /* NULL: ssh's default (config, then the local user) */
	char *host;
	int port; /* 0: ssh's default */
};

/* "[USER@]HOST[:PORT]" (HOST may be [v6]). Refuses anything ssh could
 * take for an option. Returns 0, or -1 with *cause. */
int ssh_dest_parse(const char *s, struct ssh_dest *d, char **cause);
void ssh_dest_clear(struct ssh_dest *d);

struct ssh_link;

/* Parses the destination and finds (or makes) the private control
 * directory; refuses an unsafe one (ssh_ctlpath.h). */
struct ssh_link *ssh_link_new(const char *dest, char **cause);
/* "user@host:port" as given, for messages. */
const char *ssh_link_name(const struct ssh_link *l);
/* Leaves the master as we found it: cancels the -L forwards we opened
 * (ssh -O cancel) when it persists, else ends it (ssh -O exit). Waits. */
void ssh_link_free(struct ssh_link *l);

/* One running `ssh HOST -- REMOTE COMMAND`. */
struct ssh_proc {
	pid_t pid;
	int in_fd, out_fd, err_fd; /* -1 once closed */
	struct buf out, err;	   /* read but not yet taken; stderr capped */
	size_t bytes_in, bytes_out;
	int exited, status;	     /* waitpid() status once exited */
	const struct ssh_link *link; /* NULL for ssh_proc_spawn() */
	char *name;		     /* the link's name, or spawn's: for messages */
	/* ssh_explain() defers to this when set (another transport's words) */
	char *(*explain)(const struct ssh_proc *p);
};

/* Starts ssh with the remote command argv (each word shell-quoted for the
 * remote shell). Returns NULL with *cause when ssh cannot be started. */
struct ssh_proc *ssh_link_run(struct ssh_link *l, const char *const *argv, char **cause);
/* Any other local program with the same pipes (no terminal, setsid), its
 * messages under `name`: another transport (kubectl exec) reuses the
 * reading, writing and reaping above. */
struct ssh_proc *ssh_proc_spawn(const char *name, char *const *argv, char **cause);
/* Reads until one complete line (without its newline) is in *line, at
 * most `cap` bytes, within timeout_ms. Returns 0, or -1 with one line in
 * *cause (the connection ended, timed out, line too long). */
int ssh_proc_read_line(struct ssh_proc *p, int timeout_ms, size_t cap, struct buf *line,
		       char **cause);
int ssh_proc_write(struct ssh_proc *p, const char *s, char **cause);
/* The fd a poll loop watches (stdout), and one non-blocking read of what
 * is there (stdout and stderr). Returns 0, or -1 at end of output. */
int ssh_proc_fd(const struct ssh_proc *p);
int ssh_proc_pump(struct ssh_proc *p);
/* Closes stdin (the remote collect then ends), waits up to 2 s, kills. */
void ssh_proc_free(struct ssh_proc *p);
/* Kills ssh now (tests: a dropped connection). */
void ssh_proc_kill(struct ssh_proc *p);

/* One line saying what went wrong, from ssh's stderr and exit status. */
char *ssh_explain(const struct ssh_proc *p);

/* Forwards a free local port to rhost:rport as seen from the remote host,
 * over the master connection (ssh -O forward -L). Returns 0 with
 * *lport, or -1 with *cause. */
int ssh_link_forward(struct ssh_link *l, const char *rhost, int rport, int *lport, char **cause);

/* Off the critical path (the console's first screen, check's wall time):
 * ssh_link_forward_start() starts `ssh -O forward -L` to a free local port
 * (*lport) and returns at once; ssh_control_finish() waits for it (at most
 * timeout_ms, then kills it), frees it and returns 0, or -1 with *cause.
 * ssh_link_free_nowait() is ssh_link_free() without waiting for the
 * `ssh -O cancel`/`-O exit` commands: a detached grandchild (reaped by
 * init) runs them. */
struct ssh_proc *ssh_link_forward_start(struct ssh_link *l, const char *rhost, int rport,
					int *lport, char **cause);
int ssh_control_finish(struct ssh_proc *p, int timeout_ms, char **cause);
/* Without waiting: reads what the control command said and reaps it if
 * it ended. Returns 1 once it ended (ssh_control_finish(p, 0, ...) then
 * tells how), else 0. */
int ssh_control_poll(struct ssh_proc *p);
void ssh_link_free_nowait(struct ssh_link *l);

/* A word quoted for a POSIX shell ('...'), malloc'd. */
char *ssh_shell_quote(const char *s);

#endif
