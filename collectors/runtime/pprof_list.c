/* pprof_list.c: `go tool pprof -list`, and finding the source it shows
 * (pprof's printSource/getSourceFromFile/openSourceFile, plus go.mod and
 * module-cache mapping for -trimpath builds). See pprof_report.h. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/base/filepath.h"
#include "collectors/base/sanitize.h"
#include "pprof_report.h"
#include "pprof_units.h"

#define LIST_MAX_SOURCE (16 * MIB)

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

/* pprof's trimPath: the heuristic on search-path base names, then the
 * -trimpath prefixes and /proc/self/cwd. Returns a pointer into path. */
static const char *trim_path(const char *path, const char *trim, const char *search)
{
	static const char *const cwd[] = {"/proc/self/cwd/./", "/proc/self/cwd/"};
	char *list, *save = NULL;
	const char *r = NULL;

	if ((trim == NULL || *trim == '\0') && search != NULL) {
		list = xstrdup(search);
		for (char *d = strtok_r(list, ":", &save); d != NULL && r == NULL;
		     d = strtok_r(NULL, ":", &save)) {
			char *clean = filepath_clean(d),
			     *want = xasprintf("/%s/", base_name(clean));
			const char *hit = strstr(path, want);

			if (hit != NULL)
				r = hit + strlen(want);
			free(want);
			free(clean);
		}
		free(list);
		if (r != NULL)
			return r;
	}
	if (trim != NULL && *trim != '\0') {
		list = xstrdup(trim);
		for (char *t = strtok_r(list, ":", &save); t != NULL && r == NULL;
		     t = strtok_r(NULL, ":", &save)) {
			size_t n = strlen(t);

			if (n > 0 && strncmp(path, t, n) == 0)
				r = path + n + (t[n - 1] == '/' ? 0 : (path[n] == '/' ? 1 : 0));
		}
		free(list);
		if (r != NULL)
			return r;
	}
	for (size_t i = 0; i < ARRAY_LEN(cwd); i++)
		if (str_has_prefix(path, cwd[i]))
			return path + strlen(cwd[i]);
	return path;
}

static int readable(const char *p)
{
	return access(p, R_OK) == 0;
}

/* The module path in DIR/go.mod, or NULL. */
static char *module_path(const char *dir)
{
	char *gomod = xasprintf("%s/go.mod", dir), *mod = NULL;
	struct buf b;

	buf_init(&b);
	if (read_file_whole(gomod, 4 * MIB, &b, NULL) == 0) {
		for (char *line = b.data; line != NULL && mod == NULL;) {
			char *nl = strchr(line, '\n');

			if (nl != NULL)
				*nl = '\0';
			str_trim(line);
			if (str_has_prefix(line, "module ") || str_has_prefix(line, "module\t")) {
				char *m = str_trim(line + 7);
				size_t n = strlen(m);

				if (n >= 2 && m[0] == '"' && m[n - 1] == '"') {
					m[n - 1] = '\0';
					m++;
				}
				mod = xstrdup(m);
			}
			line = nl != NULL ? nl + 1 : NULL;
		}
	}
	buf_free(&b);
	free(gomod);
	return mod;
}

static char *from_repo(const char *file, const char *repo)
{
	char *mod = module_path(repo), *r = NULL;
	size_t n;

	if (mod != NULL && (n = strlen(mod)) > 0) {
		const char *hit = strstr(file, mod);

		/* "example.com/svc/x.go" (-trimpath) or ".../src/example.com/svc/x.go" */
		while (hit != NULL && r == NULL) {
			if ((hit == file || hit[-1] == '/') && hit[n] == '/') {
				char *cand = xasprintf("%s/%s", repo, hit + n + 1);

				if (readable(cand))
					r = cand;
				else
					free(cand);
			}
			hit = strstr(hit + 1, mod);
		}
	}
	free(mod);
	return r;
}

/* "example.com/dep@v1.2.3/x.go" under the module cache. */
static char *from_modcache(const char *file)
{
	const char *env = getenv("GOMODCACHE"), *gopath = getenv("GOPATH"), *home = getenv("HOME");
	char *dir, *cand;

	if (strchr(file, '@') == NULL || file[0] == '/')
		return NULL;
	if (env != NULL && *env != '\0')
		dir = xstrdup(env);
	else if (gopath != NULL && *gopath != '\0')
		dir = xasprintf("%.*s/pkg/mod", (int)strcspn(gopath, ":"), gopath);
	else if (home != NULL)
		dir = xasprintf("%s/go/pkg/mod", home);
	else
		return NULL;
	cand = xasprintf("%s/%s", dir, file);
	free(dir);
	if (readable(cand))
		return cand;
	free(cand);
	return NULL;
}

char *pprof_source_resolve(const char *file, const struct pprof_source_opts *so)
{
	char cwd[4096];
	const char *search = so != NULL && so->search_path != NULL ? so->search_path : NULL;
	const char *path;
	char *r = NULL;

	if (search == NULL && getcwd(cwd, sizeof cwd) != NULL)
		search = cwd;
	path = trim_path(file, so != NULL ? so->trim_path : NULL, search);
	if (path[0] == '/') {
		if (readable(path))
			return xstrdup(path);
	} else if (search != NULL) {
		char *list = xstrdup(search), *save = NULL;

		for (char *d = strtok_r(list, ":", &save); d != NULL && r == NULL;
		     d = strtok_r(NULL, ":", &save)) {
			char *dir = filepath_clean(d);

			for (;;) {
				char *cand = filepath_join(dir, path), *parent;

				if (readable(cand)) {
					r = cand;
					break;
				}
				free(cand);
				parent = xstrdup(dir);
				*(char *)(strrchr(parent, '/') != NULL ? strrchr(parent, '/')
								       : parent) = '\0';
				if (*parent == '\0' && dir[0] == '/') {
					free(parent);
					parent = xstrdup("/");
				}
				if (strcmp(parent, dir) == 0 || *parent == '\0') {
					free(parent);
					break;
				}
				free(dir);
				dir = parent;
			}
			free(dir);
		}
		free(list);
		if (r != NULL)
			return r;
	}
	if (so != NULL && so->repo != NULL && (r = from_repo(file, so->repo)) != NULL)
		return r;
	return from_modcache(file);
}

/* ---- the report ---------------------------------------------------------- */

struct srcfile {
	char **lines; /* [0] unused */
	size_t n;
	struct buf text;
};

static int load_source(const char *path, struct srcfile *sf)
{
	memset(sf, 0, sizeof *sf);
	buf_init(&sf->text);
	if (read_file_whole(path, LIST_MAX_SOURCE, &sf->text, NULL) < 0)
		return -1;
	sf->lines = xmalloc(2 * sizeof *sf->lines);
	sf->n = 1;
	for (char *p = sf->text.data; p != NULL && *p != '\0';) {
		char *nl = strchr(p, '\n');

		if (nl != NULL)
			*nl = '\0';
		sf->lines = xrealloc(sf->lines, (sf->n + 1) * sizeof *sf->lines);
		sf->lines[sf->n++] = p;
		p = nl != NULL ? nl + 1 : NULL;
	}
	return 0;
}

static void free_source(struct srcfile *sf)
{
	free(sf->lines);
	buf_free(&sf->text);
}

static int cmp_name(const void *a, const void *b, void *arg)
{
	const struct pprof_graph *g = arg;
	const struct pprof_node *l = &g->nodes[*(const uint32_t *)a];
	const struct pprof_node *r = &g->nodes[*(const uint32_t *)b];
	int c = strcmp(l->func, r->func);

	if (c != 0)
		return c;
	if ((c = strcmp(l->file, r->file)) != 0)
		return c;
	if (l->start_line != r->start_line)
		return l->start_line < r->start_line ? -1 : 1;
	return l->line < r->line ? -1 : l->line > r->line;
}

/* A source line as pprof prints it: tabs kept, anything else a terminal
 * would act on escaped. */
static void add_source_line(struct buf *out, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "\t");

		sanitize_append(out, s, n, 0);
		if (s[n] == '\0')
			return;
		buf_addc(out, '\t');
		s += n + 1;
	}
}

static void list_file(const struct pprof_graph *g, const uint32_t *v, size_t n,
		      const struct pprof_source_opts *so, struct buf *out)
{
	const struct pprof_node *n0 = &g->nodes[v[0]];
	int64_t flat = 0, cum = 0, start, end;
	char a[64], b[64], pc[24], *path;
	struct srcfile sf;

	for (size_t i = 0; i < n; i++) {
		flat = pprof_wadd(flat, g->nodes[v[i]].flat);
		cum = pprof_wadd(cum, g->nodes[v[i]].cum);
	}
	buf_adds(out, "ROUTINE ======================== ");
	sanitize_append(out, n0->func, strlen(n0->func), 0);
	buf_adds(out, " in ");
	sanitize_append(out, n0->file, strlen(n0->file), 0);
	buf_addc(out, '\n');
	pprof_fmt(g, flat, "minimum", a, sizeof a);
	pprof_fmt(g, cum, "minimum", b, sizeof b);
	pprof_percentage(cum, g->total, pc, sizeof pc);
	buf_printf(out, "%10s %10s (flat, cum) %s of Total\n", a, b, pc);

	path = pprof_source_resolve(n0->file, so);
	if (path == NULL || load_source(path, &sf) < 0) {
		buf_adds(out, " Error: could not find file ");
		sanitize_append(out, n0->file, strlen(n0->file), 0);
		buf_addc(out, '\n');
		free(path);
		return;
	}
	free(path);
	/* pprof: from the function's start line (or first line - 5) to the
	 * last sampled line + 5. */
	start = n0->start_line != 0 ? n0->start_line : n0->line - 5;
	end = n0->line + 5;
	for (size_t i = 0; i < n; i++) {
		const struct pprof_node *x = &g->nodes[v[i]];
		int64_t ns = x->start_line != 0 ? x->start_line : x->line - 5;

		if (ns < start)
			start = ns;
		else if (x->line + 5 > end)
			end = x->line + 5;
	}
	if (start < 1)
		start = 1;
	for (int64_t ln = start; ln <= end && (size_t)ln < sf.n; ln++) {
		int64_t f = 0, c = 0;

		for (size_t i = 0; i < n; i++)
			if (g->nodes[v[i]].line == ln) {
				f = pprof_wadd(f, g->nodes[v[i]].flat);
				c = pprof_wadd(c, g->nodes[v[i]].cum);
			}
		if (f != 0)
			pprof_fmt(g, f, "minimum", a, sizeof a);
		else
			snprintf(a, sizeof a, ".");
		if (c != 0)
			pprof_fmt(g, c, "minimum", b, sizeof b);
		else
			snprintf(b, sizeof b, ".");
		buf_printf(out, "%10s %10s %6lld:", a, b, (long long)ln);
		add_source_line(out, sf.lines[ln]);
		buf_addc(out, '\n');
	}
	free_source(&sf);
}

int pprof_report_list(struct pprof_graph *g, const char *re, const struct pprof_source_opts *so,
		      struct buf *out, char **cause)
{
	struct pprof_regex *rx = pprof_regex_new(re, cause);
	uint32_t *v;
	size_t n = 0;
	char t[64];

	if (rx == NULL)
		return -1;
	v = xmalloc((g->nnodes + 1) * sizeof *v);
	for (size_t i = 0; i < g->nnodes; i++)
		if (pprof_regex_match(rx, g->nodes[i].func))
			v[n++] = (uint32_t)i;
	pprof_regex_free(rx);
	if (n == 0) {
		free(v);
		return err_set(cause, "no matches found for regexp: %s", re);
	}
	qsort_r(v, n, sizeof *v, cmp_name, g);
	pprof_fmt(g, g->total, "minimum", t, sizeof t);
	buf_printf(out, "Total: %s\n", t);
	for (size_t i = 0; i < n;) {
		size_t j = i, k;

		while (j < n && strcmp(g->nodes[v[j]].func, g->nodes[v[i]].func) == 0)
			j++;
		/* one ROUTINE per file of this function */
		if (*g->nodes[v[i]].file == '\0' && *g->nodes[v[j - 1]].file == '\0') {
			buf_adds(out, "No source information for ");
			sanitize_append(out, g->nodes[v[i]].func, strlen(g->nodes[v[i]].func), 0);
			buf_addc(out, '\n');
		}
		for (k = i; k < j;) {
			size_t m = k;

			while (m < j && strcmp(g->nodes[v[m]].file, g->nodes[v[k]].file) == 0)
				m++;
			if (*g->nodes[v[k]].file != '\0')
				list_file(g, v + k, m - k, so, out);
			k = m;
		}
		i = j;
	}
	free(v);
	return 0;
}
