/* ssh_ctlpath.h: where the ssh control socket lives, so that a master
 * connection can outlive one gotriage run (ControlPersist) and the next
 * run to the same host finds it.
 *
 * The directory is $XDG_RUNTIME_DIR/gotriage-ssh/ when XDG_RUNTIME_DIR is
 * an absolute path, else ${TMPDIR:-/tmp}/gotriage-ssh-UID/. It is made
 * 0700 and refused when it is a symlink, not a directory, not ours, or
 * open to the group or others: anyone who can reach the socket can run
 * commands on the host as us. The socket is named by a short hash of the
 * destination (user, host, port) and the -F config file, so the path
 * stays well under the 108-byte sun_path limit. */
#ifndef GOTRIAGE_SSH_CTLPATH_H
#define GOTRIAGE_SSH_CTLPATH_H

#include <stddef.h>

/* The longest control path we hand ssh: sun_path holds 107 bytes and a
 * NUL, and ssh binds a temporary "PATH.<16 random chars>" first. */
#define SSH_CTL_PATH_MAX (107 - 17)

/* The private directory, made if missing; malloc'd. NULL with *cause
 * when it cannot be made or is not safe to use. */
char *ssh_ctl_dir(char **cause);

/* The socket's file name inside that directory: 16 hex digits of a hash
 * of (user, host, port, config); user and config may be NULL, port 0.
 * `tag` (may be NULL) is mixed in too: a run that must not share a master
 * passes its own. malloc'd. */
char *ssh_ctl_name(const char *user, const char *host, int port, const char *config,
		   const char *tag);

/* dir/name, or NULL with *cause when longer than SSH_CTL_PATH_MAX or
 * holding what ssh's option parser would misread (blank, quote, %). */
char *ssh_ctl_path(const char *dir, const char *name, char **cause);

/* Seconds a master lingers after its last session: $GOTRIAGE_SSH_PERSIST
 * (0 = ends with the run), default 60. */
int ssh_ctl_persist(void);

#endif
