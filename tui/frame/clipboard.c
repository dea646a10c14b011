/* clipboard.c: OSC 52 and a file under the state dir (see clipboard.h). */
#include "clipboard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "collectors/base/common.h"
#include "tui/record/journal.h"

char *clipboard_dir(void)
{
	char *sessions = journal_default_dir(), *slash = strrchr(sessions, '/');
	char *dir;

	*slash = '\0'; /* .../gotriage/sessions -> .../gotriage */
	dir = xasprintf("%s/copies", sessions);
	free(sessions);
	return dir;
}

static int mkdirs(const char *dir, char **cause)
{
	char *p = xstrdup(dir);

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
	return 0;
}

char *clipboard_save(const char *what, const char *text, char **cause)
{
	char *dir = clipboard_dir(), *path, name[64], stamp[32];
	size_t n = 0;
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;

	for (const char *p = what; *p && n < sizeof name - 1; p++)
		name[n++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'
				? *p
				: '-';
	name[n] = '\0';
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	if (mkdirs(dir, cause) < 0) {
		free(dir);
		return NULL;
	}
	path = xasprintf("%s/%s-%s.md", dir, stamp, name);
	free(dir);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
		err_set(cause, "cannot write %s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	return path;
}

/* tmux's set-clipboard: "on" and "external" pass OSC 52 on, "off" not. */
static int tmux_allows(void)
{
	FILE *p = popen("tmux show-options -gv set-clipboard 2>/dev/null", "r");
	char line[32] = "";
	int ok;

	if (p == NULL)
		return 0;
	if (fgets(line, sizeof line, p) == NULL)
		line[0] = '\0';
	ok = pclose(p) == 0 && strncmp(line, "off", 3) != 0 && line[0] != '\0';
	return ok;
}

int clipboard_osc52_allowed(void)
{
	static int cached = -1;
	static const char *const families[] = {"xterm", "kitty",   "alacritty",
					       "foot",	"wezterm", "contour"};
	const char *o = getenv("GOTRIAGE_OSC52"), *term = getenv("TERM");

	if (o != NULL && (o[0] == '0' || o[0] == '1'))
		return o[0] == '1';
	if (cached >= 0)
		return cached;
	cached = 0;
	if (getenv("TMUX") != NULL && getenv("TMUX")[0] != '\0') {
		cached = tmux_allows();
	} else if (term != NULL) {
		for (size_t i = 0; i < ARRAY_LEN(families); i++)
			if (str_has_prefix(term, families[i]))
				cached = 1;
	}
	return cached;
}

char *clipboard_osc52(const char *text, size_t len)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = (const unsigned char *)text;
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "\033]52;c;");
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		char q[4];

		if (i + 1 < len)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < len)
			v |= s[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < len ? b64[v & 63] : '=';
		buf_add(&b, q, 4);
	}
	buf_addc(&b, '\a');
	return buf_steal(&b);
}
