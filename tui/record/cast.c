/* cast.c: asciicast v2 writer with UTF-8 repair and redaction. */
#include "cast.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "collectors/base/common.h"
#include "collectors/base/redact.h"

struct cast {
	pthread_mutex_t lock;
	int fd;
	char *path;
	double t0;
	unsigned char pending[4]; /* start of a character cut by the last call */
	size_t npending;
	char *error;
	size_t bytes;
};

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* Looks at the UTF-8 sequence at s (avail bytes available): its length
 * when valid and complete, 0 when it is a valid start cut off by the end
 * of the buffer, -1 when invalid (overlong, surrogate, past U+10FFFF). */
static int utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned char b = s[0], lo = 0x80, hi = 0xbf;
	size_t n;

	if (b < 0x80)
		return 1;
	if (b >= 0xc2 && b <= 0xdf)
		n = 2;
	else if (b >= 0xe0 && b <= 0xef)
		n = 3;
	else if (b >= 0xf0 && b <= 0xf4)
		n = 4;
	else
		return -1;
	/* The second byte's range is what rules out overlong forms,
	 * surrogates and code points past U+10FFFF. */
	if (b == 0xe0)
		lo = 0xa0;
	else if (b == 0xed)
		hi = 0x9f;
	else if (b == 0xf0)
		lo = 0x90;
	else if (b == 0xf4)
		hi = 0x8f;
	for (size_t i = 1; i < n; i++) {
		if (i >= avail)
			return 0;
		if (s[i] < lo || s[i] > hi)
			return -1;
		lo = 0x80;
		hi = 0xbf;
	}
	return (int)n;
}

static void set_error(struct cast *c, int e)
{
	free(c->error);
	c->error = xasprintf("cannot write %s: %s", c->path, strerror(e));
}

/* Writes one line (adding the newline) with a single write(2). */
static int write_line(struct cast *c, const char *text)
{
	size_t len = strlen(text), off = 0;
	char *full = xmalloc(len + 1);

	memcpy(full, text, len);
	full[len] = '\n';
	while (off < len + 1) {
		ssize_t n = write(c->fd, full + off, len + 1 - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			set_error(c, n < 0 ? errno : ENOSPC);
			free(full);
			return -1;
		}
		off += (size_t)n;
	}
	free(full);
	c->bytes += len + 1;
	return 0;
}

/* Redacts terminal output run by run between control bytes: the masks
 * for NAME=value would otherwise swallow the escape sequences after a
 * value and garble the playback. A secret is never split by them unless
 * the screen itself drew it in pieces. */
static char *redact_runs(const char *s)
{
	struct buf out;
	size_t i = 0;

	buf_init(&out);
	buf_adds(&out, "");
	while (s[i] != '\0') {
		size_t j = i;
		char *run, *red;

		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			buf_addc(&out, s[i++]);
			continue;
		}
		while (s[j] != '\0' && (unsigned char)s[j] >= 0x20 && s[j] != 0x7f)
			j++;
		run = xstrndup(s + i, j - i);
		red = redact_text(run);
		buf_adds(&out, red);
		free(red);
		free(run);
		i = j;
	}
	return buf_steal(&out);
}

/* [t, code, data] with data redacted; the caller holds the lock. */
static int write_event(struct cast *c, const char *code, const char *data)
{
	cJSON *a = cJSON_CreateArray();
	char *red = strcmp(code, "o") == 0 ? redact_runs(data) : redact_text(data), *line;
	double t = now_mono() - c->t0;
	int rc;

	cJSON_AddItemToArray(a, cJSON_CreateNumber(floor(t * 1e6 + 0.5) / 1e6));
	cJSON_AddItemToArray(a, cJSON_CreateString(code));
	cJSON_AddItemToArray(a, cJSON_CreateString(red));
	line = cJSON_PrintUnformatted(a);
	if (line == NULL)
		fatal("out of memory printing a cast event");
	rc = write_line(c, line);
	free(line);
	free(red);
	cJSON_Delete(a);
	return rc;
}

int cast_output(struct cast *c, const void *bytes, size_t len)
{
	const unsigned char *in = bytes;
	unsigned char *all;
	size_t n, i = 0;
	struct buf text;
	int rc = 0;

	if (c == NULL || (len == 0 && bytes == NULL))
		return c == NULL ? -1 : 0;
	pthread_mutex_lock(&c->lock);
	n = c->npending + len;
	all = xmalloc(n + 1);
	memcpy(all, c->pending, c->npending);
	if (len > 0)
		memcpy(all + c->npending, in, len);
	c->npending = 0;
	buf_init(&text);
	while (i < n) {
		int r = utf8_seq(all + i, n - i);

		if (r == 0) {
			/* Only the end of the buffer can cut a character. */
			memcpy(c->pending, all + i, n - i);
			c->npending = n - i;
			break;
		}
		if (r < 0) {
			buf_adds(&text, replacement);
			i++;
			continue;
		}
		if (!(r == 1 && all[i] == '\0'))
			buf_add(&text, all + i, (size_t)r);
		i += (size_t)r;
	}
	if (text.len > 0)
		rc = write_event(c, "o", text.data);
	buf_free(&text);
	free(all);
	pthread_mutex_unlock(&c->lock);
	return rc;
}

int cast_marker(struct cast *c, const char *label)
{
	int rc;

	if (c == NULL)
		return -1;
	pthread_mutex_lock(&c->lock);
	rc = write_event(c, "m", label != NULL ? label : "");
	pthread_mutex_unlock(&c->lock);
	return rc;
}

int cast_resize(struct cast *c, int cols, int rows)
{
	char size[32];
	int rc;

	if (c == NULL || cols <= 0 || rows <= 0)
		return -1;
	snprintf(size, sizeof size, "%dx%d", cols, rows);
	pthread_mutex_lock(&c->lock);
	rc = write_event(c, "r", size);
	pthread_mutex_unlock(&c->lock);
	return rc;
}

static int open_new(const char *path, char **cause)
{
	struct stat st;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);

	if (fd >= 0 || errno != EEXIST)
		goto out;
	/* /dev/null, a FIFO or a terminal are fine to write to; a regular
	 * file may be someone's earlier recording. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		err_set(cause, "cast file %s already exists; remove it or choose another name",
			path);
		return -1;
	}
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
out:
	if (fd < 0)
		err_set(cause, "cannot create cast file %s: %s", path, strerror(errno));
	return fd;
}

static void add_env(cJSON *env, const char *name)
{
	const char *v = getenv(name);

	if (v != NULL) {
		char *red = redact_text(v);

		cJSON_AddStringToObject(env, name, red);
		free(red);
	}
}

int cast_open(const char *path, int cols, int rows, struct cast **cp, char **cause)
{
	struct cast *c;
	cJSON *h, *env;
	char *line;
	int fd;

	*cp = NULL;
	if (cols <= 0 || rows <= 0)
		return err_set(cause, "cast: terminal size %dx%d is not usable", cols, rows);
	fd = open_new(path, cause);
	if (fd < 0)
		return -1;
	c = xcalloc(1, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
	c->fd = fd;
	c->path = xstrdup(path);
	c->t0 = now_mono();
	h = cJSON_CreateObject();
	cJSON_AddNumberToObject(h, "version", 2);
	cJSON_AddNumberToObject(h, "width", cols);
	cJSON_AddNumberToObject(h, "height", rows);
	cJSON_AddNumberToObject(h, "timestamp", (double)time(NULL));
	env = cJSON_AddObjectToObject(h, "env");
	add_env(env, "TERM");
	add_env(env, "SHELL");
	line = cJSON_PrintUnformatted(h);
	if (line == NULL)
		fatal("out of memory printing a cast header");
	cJSON_Delete(h);
	if (write_line(c, line) < 0) {
		err_set(cause, "%s", c->error);
		free(line);
		c->fd = -1;
		close(fd);
		cast_close(c);
		return -1;
	}
	free(line);
	*cp = c;
	return 0;
}

const char *cast_path(const struct cast *c)
{
	return c != NULL ? c->path : NULL;
}

const char *cast_error(const struct cast *c)
{
	return c != NULL ? c->error : NULL;
}

size_t cast_bytes(const struct cast *c)
{
	return c != NULL ? c->bytes : 0;
}

int cast_close(struct cast *c)
{
	int rc = 0;

	if (c == NULL)
		return 0;
	pthread_mutex_lock(&c->lock);
	if (c->npending > 0 && c->fd >= 0)
		rc = write_event(c, "o", replacement);
	c->npending = 0;
	if (c->fd >= 0 && close(c->fd) < 0)
		rc = -1;
	pthread_mutex_unlock(&c->lock);
	pthread_mutex_destroy(&c->lock);
	free(c->error);
	free(c->path);
	free(c);
	return rc;
}
