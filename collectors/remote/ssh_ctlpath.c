/* ssh_ctlpath.c: the control socket's directory and name (ssh_ctlpath.h). */
#include "ssh_ctlpath.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/base/common.h"

/* Safe when it is a real directory of ours that nobody else can enter. */
static int dir_private(const char *dir, char **cause)
{
	struct stat st;

	if (lstat(dir, &st) != 0)
		return err_set(cause, "ssh control directory %s: %s", dir, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return err_set(cause, "ssh control directory %s is a symlink: refused", dir);
	if (!S_ISDIR(st.st_mode))
		return err_set(cause, "ssh control directory %s is not a directory: refused", dir);
	if (st.st_uid != geteuid())
		return err_set(cause,
			       "ssh control directory %s belongs to uid %u, not us: refused "
			       "(remove it)",
			       dir, (unsigned)st.st_uid);
	if ((st.st_mode & 077) != 0)
		return err_set(cause,
			       "ssh control directory %s is open to others (mode %03o): refused "
			       "(chmod 700 it)",
			       dir, (unsigned)(st.st_mode & 0777));
	return 0;
}

char *ssh_ctl_dir(char **cause)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR"), *tmp = getenv("TMPDIR");
	char *dir;

	if (xdg != NULL && xdg[0] == '/')
		dir = xasprintf("%s/gotriage-ssh", xdg);
	else
		dir = xasprintf("%s/gotriage-ssh-%u", tmp != NULL && tmp[0] == '/' ? tmp : "/tmp",
				(unsigned)geteuid());
	/* mkdir does not follow a symlink planted at the name; the lstat
	 * below then refuses it. */
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		err_set(cause, "cannot make the ssh control directory %s: %s", dir,
			strerror(errno));
		free(dir);
		return NULL;
	}
	if (dir_private(dir, cause) != 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

/* FNV-1a, 64 bits: short names, and a collision between two destinations
 * of one user is not a practical worry at this width. */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s != NULL && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	/* a separator, so ("ab","c") and ("a","bc") differ */
	h ^= 0xff;
	h *= 0x100000001b3ULL;
	return h;
}

char *ssh_ctl_name(const char *user, const char *host, int port, const char *config,
		   const char *tag)
{
	char p[16];
	uint64_t h = 0xcbf29ce484222325ULL;

	snprintf(p, sizeof p, "%d", port);
	h = fnv(h, user);
	h = fnv(h, host);
	h = fnv(h, p);
	h = fnv(h, config);
	h = fnv(h, tag);
	return xasprintf("%016llx", (unsigned long long)h);
}

char *ssh_ctl_path(const char *dir, const char *name, char **cause)
{
	char *path = xasprintf("%s/%s", dir, name);

	/* ssh reads `-o ControlPath=...` as a config line: blanks and quotes
	 * would split it, % starts a token. */
	if (path[strcspn(path, " \t\"'%")] != '\0') {
		err_set(cause,
			"ssh control socket path %s holds a blank, quote or %%, which ssh would "
			"misread; set XDG_RUNTIME_DIR or TMPDIR to a plain directory",
			path);
		free(path);
		return NULL;
	}
	if (strlen(path) > SSH_CTL_PATH_MAX) {
		err_set(cause,
			"ssh control socket path %s is longer than %d bytes (a socket's limit); "
			"set XDG_RUNTIME_DIR or TMPDIR to a shorter directory",
			path, SSH_CTL_PATH_MAX);
		free(path);
		return NULL;
	}
	return path;
}

int ssh_ctl_persist(void)
{
	const char *s = getenv("GOTRIAGE_SSH_PERSIST");
	char *end;
	long v;

	if (s == NULL || s[0] == '\0')
		return 60;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0)
		return 60;
	return v > 86400 ? 86400 : (int)v;
}
