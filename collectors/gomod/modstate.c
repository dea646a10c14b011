/* modstate.c: one repository's modules from go.mod, go.sum, go.work,
 * vendor/, the module cache and the binary (Go's vendor rules: modvendor.c). */
#include "modstate.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/base/filepath.h"
#include "modhash.h"
#include "modvendor.h"
#include "collectors/base/sanitize.h"

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- the repository's files, through opts->tree when given ---- */

/* path relative to the tree when it lies inside m->dir, else NULL. */
static const char *in_tree(const struct srctree *t, const char *root, const char *path)
{
	size_t n = strlen(root);

	if (t == NULL || strncmp(path, root, n) != 0)
		return NULL;
	if (path[n] == '\0')
		return "";
	return path[n] == '/' ? path + n + 1 : NULL;
}

static enum srctree_kind src_kind(const struct srctree *t, const char *root, const char *path)
{
	const char *rel = in_tree(t, root, path);

	if (rel != NULL)
		return srctree_stat(t, rel, NULL);
	if (t != NULL && t->is_git)
		return SRCTREE_NONE; /* nothing outside a commit's tree belongs to it */
	return is_file(path) ? SRCTREE_FILE : is_dir(path) ? SRCTREE_DIR : SRCTREE_NONE;
}

/* Reads a repository file of at most cap bytes, from the tree or disk. */
static int src_read(const struct srctree *t, const char *root, const char *path, size_t cap,
		    struct buf *b, char **cause)
{
	const char *rel = in_tree(t, root, path);

	if (rel != NULL)
		return srctree_read_whole(t, rel, cap, b, cause);
	return read_file_whole(path, cap, b, cause);
}

#define SRC_LOAD(name, parse, cap)                                                                 \
	static int name(const struct srctree *t, const char *root, const char *path, void *out,    \
			char **cause)                                                              \
	{                                                                                          \
		struct buf b;                                                                      \
		int rc = -1;                                                                       \
                                                                                                   \
		buf_init(&b);                                                                      \
		if (src_read(t, root, path, cap, &b, cause) == 0)                                  \
			rc = parse(b.data ? b.data : "", b.len, out, cause);                       \
		buf_free(&b);                                                                      \
		return rc;                                                                         \
	}
SRC_LOAD(load_gomod, gomod_parse, GOMOD_MAX_BYTES)
SRC_LOAD(load_gosum, gosum_parse, GOSUM_MAX_BYTES)
SRC_LOAD(load_gowork, gowork_parse, GOMOD_MAX_BYTES)
SRC_LOAD(load_modtxt, modtxt_parse, MODTXT_MAX_BYTES)

const char *modstate_sum_name(enum modstate_sum s)
{
	static const char *const n[] = {"n/a",		 "ok",	    "no-zip-hash",
					"no-gomod-hash", "missing", "conflict"};

	return (unsigned)s < ARRAY_LEN(n) ? n[s] : "?";
}

const char *modstate_cache_name(enum modstate_cache c)
{
	static const char *const n[] = {"n/a", "absent", "ok", "unsummed", "MISMATCH", "error"};

	return (unsigned)c < ARRAY_LEN(n) ? n[c] : "?";
}

/* ---- the requirements table ---- */

static struct modstate_req *req_get(struct modstate *m, size_t *cap, const char *path)
{
	for (size_t i = 0; i < m->nreq; i++)
		if (strcmp(m->req[i].path, path) == 0)
			return &m->req[i];
	m->req = xgrow(m->req, cap, m->nreq + 1, sizeof *m->req);
	memset(&m->req[m->nreq], 0, sizeof m->req[m->nreq]);
	m->req[m->nreq].path = xstrdup(path);
	return &m->req[m->nreq++];
}

static char *fmt_mv(const char *path, const char *version)
{
	return version && *version ? xasprintf("%s %s", path, version) : xstrdup(path);
}

static void sums_for(struct modstate *m, struct modstate_req *r)
{
	const struct gosum_entry *g, *z, *c;

	if (!m->have_sum || r->checked_version == NULL) {
		r->sum = r->checked_version ? MODSTATE_SUM_MISSING : MODSTATE_SUM_NA;
		return;
	}
	g = gosum_find(&m->sum, r->checked_path, r->checked_version, 1);
	z = gosum_find(&m->sum, r->checked_path, r->checked_version, 0);
	if (g) {
		r->sum_gomod = xstrdup(g->hash);
		r->sum_gomod_line = g->line;
	}
	if (z) {
		r->sum_zip = xstrdup(z->hash);
		r->sum_zip_line = z->line;
	}
	r->sum = g && z ? MODSTATE_SUM_OK
		 : g	? MODSTATE_SUM_NO_ZIP
		 : z	? MODSTATE_SUM_NO_GOMOD
			: MODSTATE_SUM_MISSING;
	if ((c = gosum_conflict(&m->sum, r->checked_path, r->checked_version, 1)) != NULL)
		r->sum_conflict_gomod = 1;
	else
		c = gosum_conflict(&m->sum, r->checked_path, r->checked_version, 0);
	if (c != NULL) {
		r->sum = MODSTATE_SUM_CONFLICT;
		r->sum_conflict = xasprintf("go.sum:%d: %s", c->line, c->hash);
		r->sum_conflict_lines[0] = r->sum_conflict_gomod ? g->line : z->line;
		r->sum_conflict_lines[1] = c->line;
	}
}

/* Recomputes one module's cache hashes; runs on a worker thread. */
static void verify_one(const char *cache, struct modstate_req *r, size_t *files)
{
	char *cause = NULL, *modp, *zipp, *zhp;
	int any = 0, compared = 0, bad = 0;

	if (r->checked_version == NULL)
		return;
	modp = modhash_cache_file(cache, r->checked_path, r->checked_version, "mod", &cause);
	if (modp == NULL) {
		r->cache = MODSTATE_CACHE_ERROR;
		strlist_addf(&r->cache_problems, "%s", cause);
		free(cause);
		return;
	}
	zipp = modhash_cache_file(cache, r->checked_path, r->checked_version, "zip", NULL);
	zhp = modhash_cache_file(cache, r->checked_path, r->checked_version, "ziphash", NULL);
	if (is_file(modp)) {
		any = 1;
		(*files)++;
		if (modhash_h1_mod_file(modp, &r->cache_mod_h1, &cause) < 0) {
			strlist_addf(&r->cache_problems, "%s", cause);
			bad = 2;
		} else if (r->sum_gomod != NULL) {
			compared = 1;
			if (strcmp(r->cache_mod_h1, r->sum_gomod) != 0) {
				strlist_addf(&r->cache_problems,
					     "%s hashes to %s, go.sum:%d says %s", modp,
					     r->cache_mod_h1, r->sum_gomod_line, r->sum_gomod);
				bad = bad ? bad : 1;
			}
		}
	}
	if (is_file(zhp) && modhash_read_ziphash(zhp, &r->cache_ziphash, &cause) < 0) {
		strlist_addf(&r->cache_problems, "%s", cause);
		bad = 2;
	}
	if (is_file(zipp)) {
		any = 1;
		(*files)++;
		if (modhash_h1_zip(zipp, &r->cache_zip_h1, &cause) < 0) {
			strlist_addf(&r->cache_problems, "%s", cause);
			bad = 2;
		} else {
			if (r->sum_zip != NULL) {
				compared = 1;
				if (strcmp(r->cache_zip_h1, r->sum_zip) != 0) {
					strlist_addf(&r->cache_problems,
						     "%s hashes to %s, go.sum:%d says %s", zipp,
						     r->cache_zip_h1, r->sum_zip_line, r->sum_zip);
					bad = bad ? bad : 1;
				}
			}
			if (r->cache_ziphash != NULL &&
			    strcmp(r->cache_ziphash, r->cache_zip_h1) != 0) {
				strlist_addf(&r->cache_problems, "%s hashes to %s, %s says %s",
					     zipp, r->cache_zip_h1, zhp, r->cache_ziphash);
				bad = bad ? bad : 1;
			}
		}
	} else if (r->cache_ziphash != NULL && r->sum_zip != NULL) {
		/* Go trusts .ziphash when the zip is gone (extracted tree kept). */
		any = 1;
		compared = 1;
		if (strcmp(r->cache_ziphash, r->sum_zip) != 0) {
			strlist_addf(&r->cache_problems, "%s says %s, go.sum:%d says %s", zhp,
				     r->cache_ziphash, r->sum_zip_line, r->sum_zip);
			bad = bad ? bad : 1;
		}
	}
	free(cause);
	r->cache = bad == 1   ? MODSTATE_CACHE_MISMATCH
		   : bad == 2 ? MODSTATE_CACHE_ERROR
		   : !any     ? MODSTATE_CACHE_ABSENT
		   : compared ? MODSTATE_CACHE_OK
			      : MODSTATE_CACHE_UNSUMMED;
	free(modp);
	free(zipp);
	free(zhp);
}

struct pool {
	struct modstate *m;
	pthread_mutex_t mu;
	size_t next, files;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	size_t files = 0;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->m->nreq)
			break;
		verify_one(p->m->gomodcache, &p->m->req[i], &files);
	}
	pthread_mutex_lock(&p->mu);
	p->files += files;
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void verify_cache(struct modstate *m, int jobs)
{
	struct pool p = {.m = m};
	pthread_t th[16];
	int n = jobs > 0 ? jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	double t0 = now_mono();

	if (n < 1)
		n = 1;
	if (n > 16)
		n = 16;
	pthread_mutex_init(&p.mu, NULL);
	for (int i = 1; i < n; i++)
		if (pthread_create(&th[i], NULL, worker, &p) != 0)
			n = i;
	worker(&p);
	for (int i = 1; i < n; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&p.mu);
	m->hashed_files = p.files;
	m->hash_seconds = now_mono() - t0;
	m->cache_checked = 1;
}

/* Vendored files newer than modules.txt: hand edits or a partial re-vendor. */
static void scan_newer(const char *dir, time_t than, struct strlist *out, int depth)
{
	DIR *d;
	struct dirent *e;

	if (depth > 32 || out->n >= 20 || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL && out->n < 20) {
		struct stat st;
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = filepath_join(dir, e->d_name);
		if (lstat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				scan_newer(p, than, out, depth + 1);
			else if (S_ISREG(st.st_mode) && st.st_mtime > than &&
				 strcmp(e->d_name, "modules.txt") != 0)
				strlist_add(out, p);
		}
		free(p);
	}
	closedir(d);
}

static char *find_gowork(const struct modstate_opts *o, const char *gowork_env)
{
	if (gowork_env != NULL && strcmp(gowork_env, "off") == 0)
		return NULL;
	if (gowork_env != NULL && *gowork_env)
		return gowork_env[0] == '/' ? xstrdup(gowork_env)
					    : filepath_join(o->dir, gowork_env);
	char *d = xstrdup(o->dir);

	for (;;) {
		char *f = filepath_join(d, "go.work");

		if (src_kind(o->tree, o->dir, f) == SRCTREE_FILE) {
			free(d);
			return f;
		}
		free(f);
		char *sl = strrchr(d, '/');

		if (sl == NULL || sl == d)
			break;
		*sl = '\0';
	}
	free(d);
	return NULL;
}

static int disagree(const struct modstate_req *r)
{
	const char *v[3] = {r->gomod_version, r->binary_version, r->vendor_version};
	const char *first = NULL;

	for (int i = 0; i < 3; i++) {
		if (v[i] == NULL)
			continue;
		if (first == NULL)
			first = v[i];
		else if (strcmp(first, v[i]) != 0)
			return 1;
	}
	return 0;
}

static void load_workspace(struct modstate *m, struct gomod **wmods, char ***wroots, size_t *nw)
{
	char *cause = NULL, *wdir = xstrdup(m->work_path), *sl = strrchr(wdir, '/');
	int self = 0;

	if (sl != NULL)
		*sl = '\0';
	memset(&m->work, 0, sizeof m->work);
	if (load_gowork(m->tree, m->dir, m->work_path, &m->work, &cause) < 0) {
		strlist_addf(&m->notes, "%s", cause);
		free(cause);
		free(wdir);
		return;
	}
	*wmods = xcalloc(m->work.nuse + 1, sizeof **wmods);
	*wroots = xcalloc(m->work.nuse + 1, sizeof **wroots);
	for (size_t i = 0; i < m->work.nuse; i++) {
		char *d = filepath_join(wdir, m->work.use[i].dir), *cd = filepath_clean(d);
		char *gm = filepath_join(cd, "go.mod");
		struct gomod *g = &(*wmods)[*nw];

		memset(g, 0, sizeof *g);
		if (load_gomod(m->tree, m->dir, gm, g, &cause) < 0) {
			strlist_addf(&m->notes, "go.work:%d: use %s: %s", m->work.use[i].line,
				     m->work.use[i].dir, cause);
			free(cause);
			cause = NULL;
			free(cd);
		} else {
			strlist_addf(&m->work_modules, "%s => %s", g->module ? g->module : "?",
				     m->work.use[i].dir);
			self |= strcmp(cd, m->dir) == 0;
			(*wroots)[(*nw)++] = cd;
		}
		free(d);
		free(gm);
	}
	if (!self)
		strlist_addf(&m->notes,
			     "%s is not one of the workspace's use directories: go "
			     "refuses to build it in workspace mode",
			     m->dir);
	free(wdir);
}

int modstate_load(const struct modstate_opts *o, struct modstate **out, char **cause)
{
	struct modstate *m;
	char real[PATH_MAX], *p;
	struct gomod *wmods = NULL;
	char **wroots = NULL;
	size_t nw = 0, cap = 0;
	const char *reason;

	*out = NULL;
	if (realpath(o->dir, real) == NULL)
		return err_set(cause, "%s: %s", o->dir, strerror(errno));
	p = filepath_join(real, "go.mod");
	if (src_kind(o->tree, real, p) != SRCTREE_FILE) {
		free(p);
		return err_set(cause,
			       "%s has no go.mod, so it is not a Go module root: pass --repo "
			       "the directory that holds go.mod",
			       o->dir);
	}
	m = xcalloc(1, sizeof *m);
	m->dir = xstrdup(real);
	m->tree = o->tree;
	if (load_gomod(m->tree, m->dir, p, &m->mod, &m->mod_error) == 0)
		m->have_mod = 1;
	free(p);
	p = filepath_join(real, "go.sum");
	if (src_kind(m->tree, m->dir, p) == SRCTREE_FILE) {
		char *c2 = NULL;

		if (load_gosum(m->tree, m->dir, p, &m->sum, &c2) == 0)
			m->have_sum = 1;
		else
			strlist_addf(&m->notes, "%s", c2);
		free(c2);
	}
	free(p);
	m->gomodcache = xstrdup(goenv_value(o->env, GOENV_GOMODCACHE));

	/* Workspace mode. */
	const char *gw = goenv_value(o->env, GOENV_GOWORK);
	struct modstate_opts o2 = *o;

	o2.dir = m->dir;
	m->work_path = find_gowork(&o2, gw);
	if (m->work_path == NULL && strcmp(gw, "off") == 0) {
		char *f = find_gowork(&o2, NULL);

		if (f != NULL)
			strlist_addf(&m->notes, "%s is ignored: GOWORK=off", f);
		free(f);
	}
	if (m->work_path != NULL && src_kind(m->tree, m->dir, m->work_path) == SRCTREE_FILE) {
		m->workspace = 1;
		load_workspace(m, &wmods, &wroots, &nw);
	} else if (m->work_path != NULL) {
		strlist_addf(&m->notes, "GOWORK names %s, which does not exist (go fails)",
			     m->work_path);
	}
	if (m->workspace) {
		m->vendor_root = xstrdup(m->work_path);
		*strrchr(m->vendor_root, '/') = '\0';
	} else {
		m->vendor_root = xstrdup(m->dir);
	}

	/* Vendor directory and -mod. */
	p = filepath_join(m->vendor_root, "vendor");
	m->have_vendor_dir = src_kind(m->tree, m->dir, p) == SRCTREE_DIR;
	char *mt = filepath_join(p, "modules.txt");

	if (m->have_vendor_dir && src_kind(m->tree, m->dir, mt) == SRCTREE_FILE) {
		char *c2 = NULL;

		if (load_modtxt(m->tree, m->dir, mt, &m->vendor, &c2) == 0)
			m->have_modules_txt = 1;
		else
			strlist_addf(&m->notes, "%s", c2);
		free(c2);
	}
	char *gf = goenv_goflag(goenv_value(o->env, GOENV_GOFLAGS), "mod");

	m->buildmod = xstrdup(modvendor_buildmod(
	    gf, m->workspace, m->workspace ? m->work.go : m->mod.go, m->have_vendor_dir,
	    m->vendor.workspace, &reason, &m->buildmod_explicit));
	m->buildmod_reason = xstrdup(reason);
	free(gf);
	if (m->have_vendor_dir && m->have_mod) {
		const struct gomod *one = &m->mod;
		const char *root = m->dir;
		const struct gomod **mods = m->workspace ? xcalloc(nw + 1, sizeof *mods) : &one;

		for (size_t i = 0; m->workspace && i < nw; i++)
			mods[i] = &wmods[i];
		m->vendor_error =
		    modvendor_check(mods, m->workspace ? (const char *const *)wroots : &root,
				    m->workspace ? nw : 1, m->workspace ? &m->work : NULL,
				    m->work_path, &m->vendor, m->vendor_root, &m->vendor_lines);
		if (m->workspace)
			free(mods);
		struct stat st;

		/* Commits carry no mtimes: only the working tree is compared. */
		if (m->have_modules_txt && (m->tree == NULL || !m->tree->is_git) &&
		    stat(mt, &st) == 0)
			scan_newer(p, st.st_mtime, &m->vendor_newer, 0);
	}
	free(mt);
	free(p);

	/* Requirements from go.mod, the binary and vendor. */
	for (size_t i = 0; i < m->mod.nrequire; i++) {
		struct modstate_req *r = req_get(m, &cap, m->mod.require[i].path);

		if (r->gomod_version == NULL) {
			r->gomod_version = xstrdup(m->mod.require[i].version);
			r->indirect = m->mod.require[i].indirect;
			r->gomod_line = m->mod.require[i].line;
			r->gomod_file = xstrdup("go.mod");
		}
	}
	for (size_t i = 0; o->deps != NULL && i < o->ndeps; i++) {
		const struct modstate_dep *d = &o->deps[i];
		struct modstate_req *r = req_get(m, &cap, d->path);

		free(r->binary_version);
		r->binary_version = xstrdup(d->version ? d->version : "");
		if (d->replace_path != NULL) {
			free(r->binary_replace);
			r->binary_replace = fmt_mv(d->replace_path, d->replace_version);
		}
	}
	for (size_t i = 0; i < m->vendor.nlist; i++) {
		const struct modtxt_module *vm = &m->vendor.v[m->vendor.list[i]];
		struct modstate_req *r = req_get(m, &cap, vm->path);

		free(r->vendor_version);
		r->vendor_version = xstrdup(modtxt_vendor_version(&m->vendor, vm->path));
	}
	for (size_t i = 0; i < m->nreq; i++) {
		struct modstate_req *r = &m->req[i];
		const char *ver = r->gomod_version ? r->gomod_version
				  : r->binary_version && r->binary_version[0] == 'v'
				      ? r->binary_version
				      : r->vendor_version;
		const struct gomod *one = &m->mod;
		const char *root = m->dir;
		const char *rep_version;
		char *from;
		const char *rep_path =
		    modvendor_replacement(&one, &root, 1, m->workspace ? &m->work : NULL,
					  m->work_path, r->path, ver, &rep_version, &from);

		if (rep_path != NULL) {
			r->replace = fmt_mv(rep_path, rep_version);
			r->replace_source = from ? filepath_short(m->vendor_root, from) : NULL;
		}
		free(from);
		if (rep_path != NULL && (rep_version == NULL || *rep_version == '\0')) {
			/* a directory: nothing to sum or cache */
		} else if (rep_path != NULL) {
			r->checked_path = xstrdup(rep_path);
			r->checked_version = xstrdup(rep_version);
		} else if (ver != NULL) {
			r->checked_path = xstrdup(r->path);
			r->checked_version = xstrdup(ver);
		}
		for (size_t k = 0; k < m->work_modules.n; k++) {
			const char *wm = m->work_modules.v[k];
			size_t pl = strlen(r->path);

			if (strncmp(wm, r->path, pl) == 0 && strncmp(wm + pl, " => ", 4) == 0)
				r->workspace_dir = xstrdup(wm + pl + 4);
		}
		r->disagree = disagree(r);
		sums_for(m, r);
	}
	if (o->verify_cache && *m->gomodcache)
		verify_cache(m, o->jobs);
	for (size_t i = 0; i < nw; i++) {
		gomod_free(&wmods[i]);
		free(wroots[i]);
	}
	free(wmods);
	free(wroots);
	m->tree = NULL; /* borrowed for the load only */
	*out = m;
	return 0;
}

static void req_free(struct modstate_req *r)
{
	free(r->path);
	free(r->gomod_version);
	free(r->gomod_file);
	free(r->replace);
	free(r->replace_source);
	free(r->checked_path);
	free(r->checked_version);
	free(r->binary_version);
	free(r->binary_replace);
	free(r->vendor_version);
	free(r->workspace_dir);
	free(r->sum_gomod);
	free(r->sum_zip);
	free(r->sum_conflict);
	free(r->cache_mod_h1);
	free(r->cache_zip_h1);
	free(r->cache_ziphash);
	strlist_free(&r->cache_problems);
}

void modstate_free(struct modstate *m)
{
	if (m == NULL)
		return;
	free(m->dir);
	gomod_free(&m->mod);
	free(m->mod_error);
	gosum_free(&m->sum);
	free(m->work_path);
	gowork_free(&m->work);
	strlist_free(&m->work_modules);
	modtxt_free(&m->vendor);
	free(m->vendor_root);
	free(m->buildmod);
	free(m->buildmod_reason);
	free(m->vendor_error);
	strlist_free(&m->vendor_lines);
	strlist_free(&m->vendor_newer);
	for (size_t i = 0; i < m->nreq; i++)
		req_free(&m->req[i]);
	free(m->req);
	free(m->gomodcache);
	strlist_free(&m->notes);
	free(m);
}

/* ---- JSON (strings from the repo are sanitised) ---- */

char *modstate_sanitize_message(const char *msg)
{
	struct buf b;
	const char *p = msg ? msg : "";

	buf_init(&b);
	buf_adds(&b, "");
	for (;;) {
		size_t n = strcspn(p, "\n"), tabs = strspn(p, "\t");
		char *line, *s;

		if (tabs > n)
			tabs = n;
		buf_add(&b, p, tabs);
		line = xstrndup(p + tabs, n - tabs);
		s = sanitize_str(line);
		buf_adds(&b, s);
		free(s);
		free(line);
		p += n;
		if (*p == '\0')
			break;
		buf_addc(&b, '\n');
		p++;
	}
	return buf_steal(&b);
}

static cJSON *jissues(const struct gomod_issues *is, const char *file)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < is->n; i++) {
		char *t = xasprintf("%s:%d: %s", file, is->v[i].line, is->v[i].msg),
		     *s = sanitize_str(t);

		cJSON_AddItemToArray(a, cJSON_CreateString(s));
		free(s);
		free(t);
	}
	return a;
}

cJSON *modstate_to_json(const struct modstate *m)
{
	cJSON *o = cJSON_CreateObject(), *a;

	sanitize_json_add(o, "dir", m->dir);
	sanitize_json_add(o, "module", m->mod.module);
	sanitize_json_add(o, "go", m->mod.go);
	sanitize_json_add(o, "toolchain", m->mod.toolchain);
	cJSON_AddBoolToObject(o, "workspace", m->workspace);
	sanitize_json_add(o, "go_work", m->work_path);
	cJSON_AddItemToObject(o, "workspace_modules",
			      sanitize_json_list(&m->work_modules, sanitize_str));
	cJSON_AddBoolToObject(o, "vendor_dir", m->have_vendor_dir);
	sanitize_json_add(o, "build_mod", m->buildmod);
	sanitize_json_add(o, "build_mod_reason", m->buildmod_reason);
	cJSON_AddBoolToObject(o, "build_mod_explicit", m->buildmod_explicit);
	if (m->vendor_error != NULL) {
		char *ve = modstate_sanitize_message(m->vendor_error);

		cJSON_AddStringToObject(o, "vendor_error", ve);
		free(ve);
	} else {
		cJSON_AddNullToObject(o, "vendor_error");
	}
	cJSON_AddItemToObject(o, "vendor_problems",
			      sanitize_json_list(&m->vendor_lines, sanitize_str));
	cJSON_AddItemToObject(o, "vendor_newer_files",
			      sanitize_json_list(&m->vendor_newer, sanitize_str));
	sanitize_json_add(o, "gomodcache", m->gomodcache);
	cJSON_AddBoolToObject(o, "cache_checked", m->cache_checked);
	cJSON_AddNumberToObject(o, "hashed_files", (double)m->hashed_files);
	cJSON_AddNumberToObject(o, "hash_seconds", m->hash_seconds);
	cJSON_AddItemToObject(o, "go_mod_issues", jissues(&m->mod.issues, "go.mod"));
	cJSON_AddItemToObject(o, "go_sum_issues", jissues(&m->sum.issues, "go.sum"));
	cJSON_AddItemToObject(o, "go_work_issues", jissues(&m->work.issues, "go.work"));
	cJSON_AddItemToObject(o, "modules_txt_issues",
			      jissues(&m->vendor.issues, "vendor/modules.txt"));
	cJSON_AddItemToObject(o, "notes", sanitize_json_list(&m->notes, sanitize_str));
	a = cJSON_AddArrayToObject(o, "requirements");
	for (size_t i = 0; i < m->nreq; i++) {
		const struct modstate_req *r = &m->req[i];
		cJSON *j = cJSON_CreateObject();

		sanitize_json_add(j, "path", r->path);
		sanitize_json_add(j, "gomod_version", r->gomod_version);
		cJSON_AddBoolToObject(j, "indirect", r->indirect);
		cJSON_AddNumberToObject(j, "gomod_line", r->gomod_line);
		sanitize_json_add(j, "replace", r->replace);
		sanitize_json_add(j, "replace_source", r->replace_source);
		sanitize_json_add(j, "binary_version", r->binary_version);
		sanitize_json_add(j, "binary_replace", r->binary_replace);
		sanitize_json_add(j, "vendor_version", r->vendor_version);
		sanitize_json_add(j, "workspace_dir", r->workspace_dir);
		sanitize_json_add(j, "sum", modstate_sum_name(r->sum));
		sanitize_json_add(j, "sum_gomod", r->sum_gomod);
		sanitize_json_add(j, "sum_zip", r->sum_zip);
		sanitize_json_add(j, "sum_conflict", r->sum_conflict);
		sanitize_json_add(j, "cache", modstate_cache_name(r->cache));
		sanitize_json_add(j, "cache_mod_h1", r->cache_mod_h1);
		sanitize_json_add(j, "cache_zip_h1", r->cache_zip_h1);
		sanitize_json_add(j, "cache_ziphash", r->cache_ziphash);
		cJSON_AddItemToObject(j, "cache_problems",
				      sanitize_json_list(&r->cache_problems, sanitize_str));
		cJSON_AddBoolToObject(j, "disagree", r->disagree);
		cJSON_AddItemToArray(a, j);
	}
	return o;
}
