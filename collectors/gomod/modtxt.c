/* modtxt.c: vendor/modules.txt into modules, annotations and packages. */
#include "modtxt.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/semver.h"

static int fields(char *line, char **f, int max)
{
	int n = 0;
	char *save = NULL;

	for (char *t = strtok_r(line, " \t\r\v\f", &save); t != NULL;
	     t = strtok_r(NULL, " \t\r\v\f", &save)) {
		if (n < max)
			f[n] = t;
		n++;
	}
	return n;
}

int modtxt_valid_import_path(const char *p)
{
	const char *elem = p;

	if (*p == '\0' || *p == '/')
		return 0;
	for (const char *q = p;; q++) {
		if (*q == '/' || *q == '\0') {
			size_t n = (size_t)(q - elem), dots = 0;

			if (n == 0)
				return 0;
			for (const char *d = elem; d < q; d++)
				dots += *d == '.';
			if (dots == n || q[-1] == '.')
				return 0;
			if (*q == '\0')
				return 1;
			elem = q + 1;
			continue;
		}
		char c = *q;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.' || c == '_' || c == '~' || c == '+'))
			return 0;
	}
}

static size_t find_or_add(struct modtxt *t, const char *path, const char *version, int line)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct modtxt_module *m = &t->v[i];

		if (strcmp(m->path, path) == 0 &&
		    (version == NULL ? m->version == NULL
				     : m->version != NULL && strcmp(m->version, version) == 0))
			return i;
	}
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	memset(&t->v[t->n], 0, sizeof t->v[t->n]);
	t->v[t->n].path = xstrdup(path);
	t->v[t->n].version = version ? xstrdup(version) : NULL;
	t->v[t->n].line = line;
	return t->n++;
}

const struct modtxt_module *modtxt_find(const struct modtxt *t, const char *path,
					const char *version)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct modtxt_module *m = &t->v[i];

		if (strcmp(m->path, path) == 0 &&
		    (version == NULL ? m->version == NULL
				     : m->version != NULL && strcmp(m->version, version) == 0))
			return m;
	}
	return NULL;
}

const char *modtxt_vendor_version(const struct modtxt *t, const char *path)
{
	const char *best = NULL;

	for (size_t i = 0; i < t->nlist; i++) {
		const struct modtxt_module *m = &t->v[t->list[i]];

		if (strcmp(m->path, path) == 0 &&
		    (best == NULL || semver_compare(best, m->version) < 0))
			best = m->version;
	}
	return best;
}

static void module_line(struct modtxt *t, char *line, int lineno, long *cur)
{
	char *f[8];
	int nf = fields(line, f, 8), at;
	size_t idx;

	if (nf < 3) {
		gomod_issue_add(&t->issues, lineno,
				"module line with fewer than 3 fields (ignored by go)");
		return;
	}
	if (semver_valid(f[2])) {
		idx = find_or_add(t, f[1], f[2], lineno);
		at = 3;
	} else if (strcmp(f[2], "=>") == 0) {
		idx = find_or_add(t, f[1], NULL, lineno);
		at = 2;
	} else {
		gomod_issue_add(&t->issues, lineno,
				"\"%s\" is neither a version nor \"=>\" (line ignored by go)",
				f[2]);
		*cur = -1;
		return;
	}
	*cur = (long)idx;
	if (nf > 8) {
		gomod_issue_add(&t->issues, lineno, "too many fields (replacement ignored by go)");
		return;
	}
	if (nf - at >= 2 && strcmp(f[at], "=>") == 0) {
		struct modtxt_module *m = &t->v[idx];
		int rest = nf - at;

		if (rest == 2 || (rest == 3 && semver_valid(f[at + 2]))) {
			free(m->repl_path);
			free(m->repl_version);
			m->repl_path = xstrdup(f[at + 1]);
			m->repl_version = rest == 3 ? xstrdup(f[at + 2]) : NULL;
			t->replaced = xgrow(t->replaced, &t->capreplaced, t->nreplaced + 1,
					    sizeof *t->replaced);
			t->replaced[t->nreplaced++] = idx;
		} else {
			gomod_issue_add(&t->issues, lineno,
					"replacement not understood (ignored by go)");
		}
	}
}

int modtxt_parse(const char *buf, size_t len, struct modtxt *t, char **cause)
{
	const char *p = buf, *end = buf + len;
	long cur = -1;
	int lineno = 0;
	struct buf line;

	memset(t, 0, sizeof *t);
	if (len > MODTXT_MAX_BYTES)
		return err_set(cause, "modules.txt is %zu bytes, over the %d MiB cap", len,
			       MODTXT_MAX_BYTES >> 20);
	buf_init(&line);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		lineno++;
		buf_reset(&line);
		buf_add(&line, p, n);
		buf_addc(&line, '\0'); /* keep data non-NULL for an empty line */
		p = nl ? nl + 1 : end;
		if (memchr(line.data, '\0', n) != NULL) {
			gomod_issue_add(&t->issues, lineno, "NUL byte in line (ignored)");
			continue;
		}
		if (lineno == 1 && str_has_prefix(line.data, "## ")) {
			char *dup = xstrdup(line.data + 3), *save = NULL;

			for (char *e = strtok_r(dup, ";", &save); e; e = strtok_r(NULL, ";", &save))
				if (strcmp(str_trim(e), "workspace") == 0)
					t->workspace = 1;
			free(dup);
		}
		if (str_has_prefix(line.data, "# ")) {
			module_line(t, line.data, lineno, &cur);
			continue;
		}
		if (cur < 0) {
			char *f0[1];

			if (!(t->workspace && lineno == 1) && fields(line.data, f0, 1) > 0)
				gomod_issue_add(&t->issues, lineno,
						"line before any module line (ignored by go)");
			continue;
		}
		struct modtxt_module *m = &t->v[cur];

		if (str_has_prefix(line.data, "## ")) {
			char *save = NULL;

			for (char *e = strtok_r(line.data + 3, ";", &save); e;
			     e = strtok_r(NULL, ";", &save)) {
				e = str_trim(e);
				if (strcmp(e, "explicit") == 0)
					m->explicit_ = 1;
				else if (str_has_prefix(e, "go ")) {
					free(m->go_version);
					m->go_version = xstrdup(e + 3);
				}
			}
			continue;
		}
		char *f[2];
		int nf = fields(line.data, f, 2);

		if (nf == 0)
			continue;
		if (nf == 1 && modtxt_valid_import_path(f[0])) {
			if (m->version == NULL) {
				gomod_issue_add(
				    &t->issues, lineno,
				    "package under a wildcard replacement (ignored by go)");
				continue;
			}
			strlist_add(&m->packages, f[0]);
			const char *vv = modtxt_vendor_version(t, m->path);
			int listed = 0;

			for (size_t i = 0; i < t->nlist; i++)
				listed |= t->list[i] == (size_t)cur;
			if (!listed && (vv == NULL || semver_compare(vv, m->version) < 0)) {
				t->list =
				    xgrow(t->list, &t->caplist, t->nlist + 1, sizeof *t->list);
				t->list[t->nlist++] = (size_t)cur;
			}
			continue;
		}
		gomod_issue_add(&t->issues, lineno,
				"not a module, annotation or package line "
				"(ignored by go)");
	}
	buf_free(&line);
	return 0;
}

int modtxt_load(const char *path, struct modtxt *out, char **cause)
{
	struct buf b;
	int rc;

	memset(out, 0, sizeof *out);
	buf_init(&b);
	if (read_file_whole(path, MODTXT_MAX_BYTES, &b, cause) != 0) {
		buf_free(&b);
		return -1;
	}
	rc = modtxt_parse(b.data ? b.data : "", b.len, out, cause);
	buf_free(&b);
	return rc;
}

void modtxt_free(struct modtxt *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].path);
		free(t->v[i].version);
		free(t->v[i].go_version);
		free(t->v[i].repl_path);
		free(t->v[i].repl_version);
		strlist_free(&t->v[i].packages);
	}
	free(t->v);
	free(t->list);
	free(t->replaced);
	gomod_issues_free(&t->issues);
	memset(t, 0, sizeof *t);
}
