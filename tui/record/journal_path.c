/* journal_path.c: where session journals go and what they are called
 * (contract in journal_path.h; journal_default_dir() in journal.h). */
#include "journal_path.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "collectors/base/common.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"
#include "journal.h"

static char *home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h != NULL && h[0] == '/')
		return xstrdup(h);
	pw = getpwuid(geteuid());
	if (pw != NULL && pw->pw_dir != NULL && pw->pw_dir[0] == '/')
		return xstrdup(pw->pw_dir);
	return xstrdup("/tmp");
}

char *journal_default_dir(void)
{
	const char *x = getenv("XDG_STATE_HOME");
	char *home, *dir;

	/* The XDG spec says relative values are invalid and must be ignored. */
	if (x != NULL && x[0] == '/')
		return xasprintf("%s/gotriage/sessions", x);
	home = home_dir();
	dir = xasprintf("%s/.local/state/gotriage/sessions", home);
	free(home);
	return dir;
}

/* mkdir -p, creating missing components with mode 0700. */
int journal_make_dirs(const char *dir, char **cause)
{
	char *p = xstrdup(dir);
	struct stat st;

	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) < 0 && errno != EEXIST) {
				err_set(cause, "cannot create %s: %s", p, strerror(errno));
				free(p);
				return -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return err_set(cause, "%s is not a directory", dir);
	return 0;
}

/* Reduces a host or target to characters safe in a file name. */
static void name_part(struct buf *b, const char *s, size_t max)
{
	const char *scheme = s != NULL ? strstr(s, "://") : NULL;
	size_t start = b->len;
	int under = 0;

	if (s == NULL || *s == '\0')
		s = "unknown";
	if (scheme != NULL)
		s = scheme + 3;
	for (; *s != '\0' && b->len - start < max; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '-';

		if (ok) {
			/* No leading dot or dash: no hidden files, no option-like names. */
			if (b->len == start && (c == '.' || c == '-'))
				continue;
			buf_addc(b, c);
			under = 0;
		} else if (!under && b->len > start) {
			buf_addc(b, '_');
			under = 1;
		}
	}
	while (b->len > start && b->data[b->len - 1] == '_')
		b->data[--b->len] = '\0';
	if (b->len == start)
		buf_adds(b, "unknown");
}

char *journal_default_name(const char *dir, const char *host, const char *target, int n)
{
	struct buf b;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	char *red = redact_text(target);

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	buf_init(&b);
	buf_printf(&b, "%s/%s-", dir, stamp);
	name_part(&b, host, 64);
	buf_addc(&b, '-');
	name_part(&b, red, 64);
	free(red);
	if (n > 1)
		buf_printf(&b, "-%d", n);
	buf_adds(&b, ".jsonl");
	return buf_steal(&b);
}

void journal_sync_parent_dir(const char *path)
{
	char *d = xstrdup(path);
	char *slash = strrchr(d, '/');
	int fd;

	if (slash == d)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else
		strcpy(d, ".");
	fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(d);
}
