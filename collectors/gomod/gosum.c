/* gosum.c: go.sum lines into entries, never giving up on a bad line. */
#include "gosum.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"

/* modfetch's emptyGoModHash: written by an old bug, ignored by Go. */
#define EMPTY_GOMOD_HASH "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY="

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int gosum_parse(const char *buf, size_t len, struct gosum *out, char **cause)
{
	const char *p = buf, *end = buf + len;
	int lineno = 0;

	memset(out, 0, sizeof *out);
	if (len > GOSUM_MAX_BYTES)
		return err_set(cause, "go.sum is %zu bytes, over the %d MiB cap", len,
			       GOSUM_MAX_BYTES >> 20);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *f[4];
		size_t fl[4];
		int nf = 0;

		lineno++;
		for (const char *q = p; q < le;) {
			while (q < le && is_space(*q))
				q++;
			if (q >= le)
				break;
			const char *s = q;

			while (q < le && !is_space(*q))
				q++;
			if (nf < 4) {
				f[nf] = s;
				fl[nf] = (size_t)(q - s);
			}
			nf++;
		}
		p = nl ? nl + 1 : end;
		if (nf == 0)
			continue;
		if (nf != 3) {
			gomod_issue_add(&out->issues, lineno, "wrong number of fields %d", nf);
			continue;
		}
		if (fl[2] == strlen(EMPTY_GOMOD_HASH) && memcmp(f[2], EMPTY_GOMOD_HASH, fl[2]) == 0)
			continue;
		if (memchr(f[0], '\0', fl[0]) || memchr(f[1], '\0', fl[1]) ||
		    memchr(f[2], '\0', fl[2])) {
			gomod_issue_add(&out->issues, lineno, "NUL byte in line");
			continue;
		}
		out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		struct gosum_entry *e = &out->v[out->n++];

		e->path = xstrndup(f[0], fl[0]);
		e->gomod = fl[1] > 7 && memcmp(f[1] + fl[1] - 7, "/go.mod", 7) == 0;
		e->version = xstrndup(f[1], fl[1] - (e->gomod ? 7 : 0));
		e->hash = xstrndup(f[2], fl[2]);
		e->line = lineno;
		if (!str_has_prefix(e->hash, "h1:"))
			gomod_issue_add(&out->issues, lineno,
					"unknown hash algorithm in \"%s\" (only h1: is defined)",
					e->hash);
	}
	return 0;
}

int gosum_load(const char *path, struct gosum *out, char **cause)
{
	struct buf b;
	int rc;

	memset(out, 0, sizeof *out);
	buf_init(&b);
	if (read_file_whole(path, GOSUM_MAX_BYTES, &b, cause) != 0) {
		buf_free(&b);
		return -1;
	}
	rc = gosum_parse(b.data ? b.data : "", b.len, out, cause);
	buf_free(&b);
	return rc;
}

void gosum_free(struct gosum *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].version);
		free(s->v[i].hash);
	}
	free(s->v);
	gomod_issues_free(&s->issues);
	memset(s, 0, sizeof *s);
}

static int key_eq(const struct gosum_entry *e, const char *path, const char *version, int gomod)
{
	return e->gomod == !!gomod && strcmp(e->path, path) == 0 &&
	       strcmp(e->version, version) == 0;
}

const struct gosum_entry *gosum_find(const struct gosum *s, const char *path, const char *version,
				     int gomod)
{
	for (size_t i = 0; i < s->n; i++)
		if (key_eq(&s->v[i], path, version, gomod) && str_has_prefix(s->v[i].hash, "h1:"))
			return &s->v[i];
	return NULL;
}

const struct gosum_entry *gosum_conflict(const struct gosum *s, const char *path,
					 const char *version, int gomod)
{
	const struct gosum_entry *first = gosum_find(s, path, version, gomod);

	if (first == NULL)
		return NULL;
	for (const struct gosum_entry *e = first + 1; e < s->v + s->n; e++)
		if (key_eq(e, path, version, gomod) && str_has_prefix(e->hash, "h1:") &&
		    strcmp(e->hash, first->hash) != 0)
			return e;
	return NULL;
}
