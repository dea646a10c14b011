/* gitrefs.c: HEAD, branch and commit from .git files, without git (see gitrefs.h). */
#include "gitrefs.h"

#include <cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/base/sanitize.h"

/* ---- pure parsers ---------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trims ASCII whitespace around buf[0..len) into [*s, *s + *n). */
static void trim(const char *buf, size_t len, const char **s, size_t *n)
{
	while (len > 0 && is_space(buf[len - 1]))
		len--;
	while (len > 0 && is_space(*buf)) {
		buf++;
		len--;
	}
	*s = buf;
	*n = len;
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int gitrefs_is_hash(const char *s, size_t len)
{
	if (len != 40 && len != 64)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!is_hex(s[i]))
			return 0;
	return 1;
}

static void copy_hash(const char *s, size_t len, char hash[GITREFS_HASH_MAX + 1])
{
	for (size_t i = 0; i < len; i++)
		hash[i] = s[i] >= 'A' && s[i] <= 'F' ? (char)(s[i] - 'A' + 'a') : s[i];
	hash[len] = '\0';
}

int gitrefs_parse_head(const char *buf, size_t len, char **ref, char hash[GITREFS_HASH_MAX + 1],
		       char **cause)
{
	const char *s;
	size_t n;

	*ref = NULL;
	hash[0] = '\0';
	trim(buf, len, &s, &n);
	if (memchr(s, '\0', n) != NULL || memchr(s, '\n', n) != NULL)
		return err_set(cause, "not a ref file: more than one line or binary bytes");
	if (n >= 4 && memcmp(s, "ref:", 4) == 0) {
		s += 4;
		n -= 4;
		while (n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		if (n == 0)
			return err_set(cause, "symbolic ref with an empty target");
		*ref = xstrndup(s, n);
		return 0;
	}
	if (!gitrefs_is_hash(s, n))
		return err_set(cause, "neither \"ref: NAME\" nor a 40/64-digit hash");
	copy_hash(s, n, hash);
	return 0;
}

/* One trimmed line after a fixed "key" prefix. */
static int parse_line_value(const char *buf, size_t len, const char *key, char **out,
			    const char *what, char **cause)
{
	const char *s;
	size_t n, klen = strlen(key);

	*out = NULL;
	trim(buf, len, &s, &n);
	if (memchr(s, '\0', n) != NULL || memchr(s, '\n', n) != NULL)
		return err_set(cause, "%s: more than one line or binary bytes", what);
	if (n < klen || memcmp(s, key, klen) != 0)
		return err_set(cause, "%s: does not start with \"%s\"", what, key);
	s += klen;
	n -= klen;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (n == 0)
		return err_set(cause, "%s: empty path", what);
	*out = xstrndup(s, n);
	return 0;
}

int gitrefs_parse_gitfile(const char *buf, size_t len, char **gitdir, char **cause)
{
	return parse_line_value(buf, len, "gitdir:", gitdir, ".git file", cause);
}

int gitrefs_parse_commondir(const char *buf, size_t len, char **dir, char **cause)
{
	return parse_line_value(buf, len, "", dir, "commondir", cause);
}

int gitrefs_parse_packed(const char *buf, size_t len, const char *ref,
			 char hash[GITREFS_HASH_MAX + 1], char **cause)
{
	size_t rlen = strlen(ref);

	hash[0] = '\0';
	for (size_t i = 0; i < len;) {
		const char *line = buf + i, *nl = memchr(line, '\n', len - i), *sp;
		size_t n = nl != NULL ? (size_t)(nl - line) : len - i;

		i += n + 1;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0 || line[0] == '#' || line[0] == '^')
			continue; /* header, or the peeled object of the tag above */
		sp = memchr(line, ' ', n);
		if (sp == NULL)
			continue;
		if ((size_t)(line + n - (sp + 1)) != rlen || memcmp(sp + 1, ref, rlen) != 0)
			continue;
		if (!gitrefs_is_hash(line, (size_t)(sp - line)))
			return err_set(cause, "packed-refs: the line for %s has no valid hash",
				       ref);
		copy_hash(line, (size_t)(sp - line), hash);
		return 1;
	}
	return 0;
}

/* ---- I/O ------------------------------------------------------------- */

static char *join(const char *dir, const char *name)
{
	if (name[0] == '/')
		return xstrdup(name);
	return xasprintf("%s/%s", dir, name);
}

/* Reads a small file; 1 read, 0 absent, -1 other error (with *cause). */
static int read_small(const char *path, size_t cap, struct buf *b, char **cause)
{
	int trunc = 0;

	errno = 0;
	if (read_file_capped(path, cap, b, &trunc, NULL) < 0) {
		int e = errno;

		if (e == ENOENT || e == ENOTDIR)
			return 0;
		return err_set(cause, "cannot read %s: %s", path, strerror(e));
	}
	if (trunc)
		return err_set(cause, "%s is larger than %zu bytes: not a git file", path, cap);
	return 1;
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A ref name we are willing to turn into a path: no climbing out. */
static int ref_name_ok(const char *ref)
{
	if (strcmp(ref, "HEAD") != 0 && !str_has_prefix(ref, "refs/"))
		return 0;
	if (strstr(ref, "..") != NULL || strstr(ref, "//") != NULL || str_has_suffix(ref, "/"))
		return 0;
	for (const char *p = ref; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}

/* Refs that live in the worktree's own git dir rather than the common one
 * (git's worktree layout). */
static int per_worktree(const char *ref)
{
	return strcmp(ref, "HEAD") == 0 || str_has_prefix(ref, "refs/bisect/") ||
	       str_has_prefix(ref, "refs/worktree/") || str_has_prefix(ref, "refs/rewritten/");
}

/* Resolves `ref` to a hash: loose file first, then packed-refs, following
 * symbolic refs. Returns 1 found, 0 absent (unborn), -1 error. */
static int resolve(struct gitrefs *g, const char *ref, int depth, char **cause)
{
	struct buf b;
	char *path, *next = NULL;
	int rc;

	if (depth > GITREFS_MAX_DEPTH)
		return err_set(cause, "symbolic refs nest deeper than %d at %s", GITREFS_MAX_DEPTH,
			       ref);
	if (!ref_name_ok(ref))
		return err_set(cause, "refusing the ref name \"%s\": not under refs/", ref);
	buf_init(&b);
	path = join(per_worktree(ref) ? g->gitdir : g->commondir, ref);
	rc = read_small(path, GITREFS_SMALL_CAP, &b, cause);
	if (rc < 0 && is_dir(path))
		rc = 0; /* refs/heads/a when the branch is refs/heads/a/b */
	free(path);
	if (rc < 0) {
		buf_free(&b);
		return -1;
	}
	if (rc == 1) {
		rc = gitrefs_parse_head(b.data, b.len, &next, g->hash, cause);
		buf_free(&b);
		if (rc < 0)
			return err_set(cause, "ref %s is malformed", ref);
		if (next == NULL) {
			g->source = GITREFS_LOOSE;
			return 1;
		}
		rc = resolve(g, next, depth + 1, cause);
		free(next);
		return rc;
	}
	path = join(g->commondir, "packed-refs");
	rc = read_small(path, GITREFS_PACKED_CAP, &b, cause);
	free(path);
	if (rc == 1)
		rc = gitrefs_parse_packed(b.data, b.len, ref, g->hash, cause);
	buf_free(&b);
	if (rc == 1)
		g->source = GITREFS_PACKED;
	return rc;
}

/* Finds the git dir for the tree containing `start`; fills g->worktree,
 * g->gitdir, g->linked. */
static int find_gitdir(struct gitrefs *g, const char *start, char **cause)
{
	char *d = realpath(start, NULL);

	if (d == NULL)
		return err_set(cause,
			       "cannot open %s: %s: pass --repo with the service's source "
			       "checkout",
			       start, strerror(errno));
	for (;;) {
		char *dotgit = join(d, ".git");
		struct stat st;

		if (stat(dotgit, &st) == 0 && S_ISDIR(st.st_mode)) {
			g->worktree = d;
			g->gitdir = dotgit;
			return 0;
		}
		if (stat(dotgit, &st) == 0 && S_ISREG(st.st_mode)) {
			struct buf b;
			char *target = NULL;
			int rc;

			buf_init(&b);
			rc = read_small(dotgit, GITREFS_SMALL_CAP, &b, cause);
			if (rc == 1 && gitrefs_parse_gitfile(b.data, b.len, &target, cause) < 0)
				rc = -1;
			buf_free(&b);
			if (rc <= 0) {
				if (rc == 0)
					err_set(cause, "%s vanished while reading it", dotgit);
				else
					err_set(cause, "%s is not a valid .git file", dotgit);
				free(dotgit);
				free(d);
				return -1;
			}
			free(dotgit);
			g->worktree = d;
			g->gitdir = join(d, target);
			g->linked = 1;
			free(target);
			if (!is_dir(g->gitdir))
				return err_set(cause,
					       "the .git file in %s points to %s, which is "
					       "not a directory",
					       d, g->gitdir);
			return 0;
		}
		free(dotgit);
		/* A bare repository, or --repo pointing into .git itself. */
		{
			char *head = join(d, "HEAD"), *refs = join(d, "refs");
			int bare = access(head, R_OK) == 0 && is_dir(refs);

			free(head);
			free(refs);
			if (bare) {
				g->worktree = xstrdup(d);
				g->gitdir = d;
				return 0;
			}
		}
		if (strcmp(d, "/") == 0) {
			free(d);
			return err_set(cause,
				       "no .git found from %s up to /: pass --repo with the "
				       "service's source checkout",
				       start);
		}
		{
			char *slash = strrchr(d, '/');

			if (slash == d)
				slash[1] = '\0';
			else
				*slash = '\0';
		}
	}
}

int gitrefs_load(const char *dir, struct gitrefs **out, char **cause)
{
	struct gitrefs *g = xcalloc(1, sizeof *g);
	struct buf b;
	char *path, *common = NULL, *ref = NULL;
	int rc;

	*out = NULL;
	if (find_gitdir(g, dir, cause) < 0)
		goto fail;
	buf_init(&b);
	path = join(g->gitdir, "commondir");
	rc = read_small(path, GITREFS_SMALL_CAP, &b, cause);
	free(path);
	if (rc == 1 && gitrefs_parse_commondir(b.data, b.len, &common, cause) < 0)
		rc = -1;
	if (rc < 0) {
		buf_free(&b);
		goto fail;
	}
	g->commondir = common != NULL ? join(g->gitdir, common) : xstrdup(g->gitdir);
	free(common);
	path = join(g->commondir, "reftable");
	rc = is_dir(path);
	free(path);
	if (rc) {
		buf_free(&b);
		err_set(cause, "%s uses the reftable ref format, which gotriage does not read",
			g->commondir);
		goto fail;
	}
	path = join(g->gitdir, "HEAD");
	rc = read_small(path, GITREFS_SMALL_CAP, &b, cause);
	if (rc == 0)
		err_set(cause, "%s is missing: not a git repository", path);
	free(path);
	if (rc == 1 && gitrefs_parse_head(b.data, b.len, &ref, g->hash, cause) < 0)
		rc = -1;
	buf_free(&b);
	if (rc <= 0)
		goto fail;
	if (ref == NULL) {
		g->source = GITREFS_DETACHED;
	} else {
		g->ref = ref;
		if (str_has_prefix(ref, "refs/heads/"))
			g->branch = xstrdup(ref + strlen("refs/heads/"));
		rc = resolve(g, ref, 1, cause);
		if (rc < 0)
			goto fail;
		if (rc == 0) {
			g->source = GITREFS_UNBORN;
			g->hash[0] = '\0';
		}
	}
	g->collected = now_wall();
	*out = g;
	return 0;
fail:
	gitrefs_free(g);
	return -1;
}

void gitrefs_free(struct gitrefs *g)
{
	if (g == NULL)
		return;
	free(g->worktree);
	free(g->gitdir);
	free(g->commondir);
	free(g->ref);
	free(g->branch);
	free(g);
}

cJSON *gitrefs_to_json(const struct gitrefs *g)
{
	static const char *const src[] = {"detached", "loose", "packed", "unborn"};
	cJSON *o = cJSON_CreateObject();

	sanitize_json_add(o, "worktree", g->worktree);
	sanitize_json_add(o, "gitdir", g->gitdir);
	sanitize_json_add(o, "commondir", g->commondir);
	cJSON_AddBoolToObject(o, "linked", g->linked);
	sanitize_json_add(o, "ref", g->ref);
	sanitize_json_add(o, "branch", g->branch);
	sanitize_json_add(o, "head", g->hash[0] != '\0' ? g->hash : NULL);
	cJSON_AddStringToObject(o, "source", src[g->source]);
	return o;
}
