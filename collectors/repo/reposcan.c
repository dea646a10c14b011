/* reposcan.c: the repo scanner's walk, cross-file resolution and JSON; the
 * per-file analysis is in reposcan_go.c and reposcan_find.c. */
#include "reposcan_sum.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- arena ---- */

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	char data[];
};

static char *arena_alloc(struct reposcan *s, size_t n)
{
	struct reposcan_state *st = s->priv;
	struct arena_chunk *c = st->arena;

	if (c == NULL || c->cap - c->used < n) {
		size_t cap = n > 60000 ? n : 60000;

		c = xmalloc(sizeof *c + cap);
		c->next = st->arena;
		c->used = 0;
		c->cap = cap;
		st->arena = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

void *reposcan_alloc(struct reposcan *s, size_t n)
{
	char *p = arena_alloc(s, n + 7);
	size_t pad = (8 - (uintptr_t)p % 8) % 8;

	memset(p + pad, 0, n);
	return p + pad;
}

const char *reposcan_strndup(struct reposcan *s, const char *p, size_t n)
{
	char *d = arena_alloc(s, n + 1);

	memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

const char *reposcan_strdup(struct reposcan *s, const char *p)
{
	return p != NULL ? reposcan_strndup(s, p, strlen(p)) : NULL;
}

const char *reposcan_printf(struct reposcan *s, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return "";
	if ((size_t)n >= sizeof tmp) {
		char *big;
		const char *r;

		va_start(ap, fmt);
		big = xvasprintf(fmt, ap);
		va_end(ap);
		r = reposcan_strdup(s, big);
		free(big);
		return r;
	}
	return reposcan_strndup(s, tmp, (size_t)n);
}

/* ---- names ---- */

const char *reposcan_family_name(enum reposcan_family f)
{
	switch (f) {
	case RS_NETHTTP:
		return "net/http";
	case RS_GIN:
		return "gin";
	case RS_ECHO:
		return "echo";
	case RS_CHI:
		return "chi";
	case RS_GORILLA:
		return "gorilla/mux";
	case RS_FAMILY_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *reposcan_mw_effect_name(enum reposcan_mw_effect e)
{
	switch (e) {
	case RS_MW_LATER_ONLY:
		return "applies-to-later-routes-only";
	case RS_MW_PANICS:
		return "panics-after-routes";
	case RS_MW_ALL_ROUTES:
		return "applies-to-all-routes";
	case RS_MW_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *reposcan_addr_source_name(enum reposcan_addr_source s)
{
	switch (s) {
	case RS_ADDR_LITERAL:
		return "literal";
	case RS_ADDR_FLAG:
		return "flag-default";
	case RS_ADDR_ENV:
		return "env-fallback";
	case RS_ADDR_DEFAULT:
		return "library-default";
	case RS_ADDR_UNRESOLVED:
		break;
	}
	return "unresolved";
}

/* ---- small parsers ---- */

char *reposcan_module_path(const char *buf, size_t len)
{
	size_t p = 0;

	while (p < len) {
		const char *line = buf + p, *nl = memchr(line, '\n', len - p);
		size_t n = nl != NULL ? (size_t)(nl - line) : len - p;
		const char *q = line, *e = line + n;

		p += n + 1;
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (e - q < 7 || memcmp(q, "module", 6) != 0 || (q[6] != ' ' && q[6] != '\t'))
			continue;
		q += 6;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		if (q < e && (*q == '"' || *q == '`')) {
			const char *end = memchr(q + 1, *q, (size_t)(e - q - 1));

			return end != NULL && end > q + 1 ? xstrndup(q + 1, (size_t)(end - q - 1))
							  : NULL;
		}
		{
			const char *end = q;

			while (end < e && *end != ' ' && *end != '\t' && *end != '\r' &&
			       !(*end == '/' && end + 1 < e && end[1] == '/'))
				end++;
			return end > q ? xstrndup(q, (size_t)(end - q)) : NULL;
		}
	}
	return NULL;
}

static int valid_utf8(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80	      ? 0
			: (*s & 0xE0) == 0xC0 ? 1
			: (*s & 0xF0) == 0xE0 ? 2
			: (*s & 0xF8) == 0xF0 ? 3
					      : -1;

		if (n < 0 || (n == 1 && *s < 0xC2))
			return 0;
		s++;
		while (n-- > 0) {
			if ((*s & 0xC0) != 0x80)
				return 0;
			s++;
		}
	}
	return 1;
}

int reposcan_valid_fs_path(const char *p, const char **why)
{
	const char *e = p;

	*why = NULL;
	if (!valid_utf8((const unsigned char *)p)) {
		*why = "not valid UTF-8";
		return 0;
	}
	if (strcmp(p, ".") == 0)
		return 1;
	if (*p == '/') {
		*why = "starts with /";
		return 0;
	}
	for (;;) {
		size_t n = strcspn(e, "/");

		if (n == 0) {
			*why = e[0] == '\0' ? (e == p ? "empty path" : "ends with /")
					    : "empty element (//)";
			return 0;
		}
		if (n == 1 && e[0] == '.') {
			*why = e == p ? "starts with ./" : "contains a . element";
			return 0;
		}
		if (n == 2 && e[0] == '.' && e[1] == '.') {
			*why = "contains a .. element";
			return 0;
		}
		if (e[n] == '\0')
			return 1;
		e += n + 1;
	}
}

/* ---- lifecycle ---- */

void reposcan_opts_init(struct reposcan_opts *o)
{
	memset(o, 0, sizeof *o);
	o->max_file_size = REPOSCAN_DEFAULT_MAX_FILE;
	o->max_files = REPOSCAN_DEFAULT_MAX_FILES;
}

struct reposcan *reposcan_new(const char *root, const struct buildconstraint_ctx *ctx)
{
	struct reposcan *s = xcalloc(1, sizeof *s);
	struct reposcan_state *st = xcalloc(1, sizeof *st);

	s->priv = st;
	/* For measuring the inter-procedural pass (tests/bench/summaries.sh). */
	st->nosum = getenv("GOTRIAGE_NO_SUMMARIES") != NULL &&
		    strcmp(getenv("GOTRIAGE_NO_SUMMARIES"), "0") != 0;
	s->root = xstrdup(root != NULL ? root : "");
	if (ctx != NULL) {
		buildconstraint_ctx_init(&s->ctx, ctx->goos, ctx->goarch, ctx->go_minor);
		s->ctx.cgo = ctx->cgo;
		free(s->ctx.compiler);
		s->ctx.compiler = xstrdup(ctx->compiler);
		buildconstraint_ctx_set_arch_level(&s->ctx, ctx->arch_level);
		strlist_free(&s->ctx.experiments);
		for (size_t i = 0; i < ctx->tags.n; i++)
			strlist_add(&s->ctx.tags, ctx->tags.v[i]);
		for (size_t i = 0; i < ctx->experiments.n; i++)
			strlist_add(&s->ctx.experiments, ctx->experiments.v[i]);
		free(s->ctx.tags_origin);
		s->ctx.tags_origin = xstrdup(ctx->tags_origin != NULL ? ctx->tags_origin : "-tags");
	} else {
		buildconstraint_ctx_init(&s->ctx, "linux", "amd64", 19);
	}
	return s;
}

void reposcan_free(struct reposcan *s)
{
	struct reposcan_state *st;

	if (s == NULL)
		return;
	st = s->priv;
	for (size_t i = 0; i < s->nfiles; i++) {
		free(s->files[i].path);
		free(s->files[i].dir);
		free(s->files[i].pkg);
		free(s->files[i].symbol_pkg);
		buildconstraint_result_free(&s->files[i].bc);
	}
	free(s->files);
	free(s->routes);
	free(s->mws);
	free(s->grpcs);
	free(s->listens);
	free(s->tickers);
	free(s->vipers);
	free(s->initgos);
	free(s->plugins);
	free(s->embeds);
	free(s->embedcalls);
	free(s->unresolved);
	strlist_free(&s->warnings);
	buildconstraint_ctx_free(&s->ctx);
	free(s->root);
	free(s->module);
	if (st != NULL) {
		while (st->arena != NULL) {
			struct arena_chunk *n = st->arena->next;

			free(st->arena);
			st->arena = n;
		}
		golex_toks_free(&st->toks);
		free(st->code);
		free(st->cmts);
		free(st->match);
		strlist_free(&st->go_started);
		free(st->init_dir);
		free(st->descs);
		rs_sum_free(st->sum);
		rs_pkgvar_free(st->pkgvars);
		free(st);
	}
	free(s);
}

/* ---- cross-file resolution ---- */

static int embed_matches(const struct reposcan *s, const struct reposcan_embed *em)
{
	const struct reposcan_state *st = s->priv;
	const char *pat = em->pattern, *dir = s->files[em->at.file].dir;
	struct srctree *own = NULL;
	int n;

	if (!em->valid || (st->tree == NULL && s->root[0] == '\0'))
		return -1;
	if (strncmp(pat, "all:", 4) == 0)
		pat += 4;
	/* reposcan_new() + reposcan_finish() without a tree: the root on disk. */
	if (st->tree == NULL && (own = srctree_open_dir(s->root, NULL)) == NULL)
		return -1;
	n = srctree_glob_count(st->tree != NULL ? st->tree : own, dir, pat);
	srctree_free(own);
	return n < 0 ? 0 : n;
}

static int go_started(const struct reposcan_state *st, const char *sym)
{
	size_t sl;

	if (sym == NULL)
		return 0;
	sl = strlen(sym);
	for (size_t i = 0; i < st->go_started.n; i++) {
		const char *g = st->go_started.v[i];

		if (strcmp(g, sym) == 0)
			return 1;
		if (g[0] == '*' && g[1] == '.') {
			size_t gl = strlen(g + 1);

			if (sl >= gl && strcmp(sym + sl - gl, g + 1) == 0)
				return 1;
		}
	}
	return 0;
}

/* Full service names from the repo's grpc.ServiceDesc variables:
 * RegisterService(&desc, ...) needs one (it is dropped without); a
 * Register<Svc>Server call gets one when exactly one descriptor ends in
 * ".<Svc>". */
static void resolve_services(struct reposcan *s)
{
	struct reposcan_state *st = s->priv;
	size_t k = 0;

	for (size_t i = 0; i < s->ngrpcs; i++) {
		struct reposcan_grpc *g = &s->grpcs[i];
		const char *dir = s->files[g->at.file].dir, *found = NULL;
		int hits = 0;

		if (g->desc != NULL) {
			const char *d = g->desc[0] == '&' ? g->desc + 1 : g->desc,
				   *dot = strrchr(d, '.');
			int qualified = dot != NULL;

			d = dot != NULL ? dot + 1 : d;
			for (size_t j = 0; j < st->ndescs && found == NULL; j++)
				if (strcmp(st->descs[j].var, d) == 0 &&
				    (qualified || strcmp(st->descs[j].dir, dir) == 0))
					found = st->descs[j].service;
			/* protoc-gen-go-grpc names it <Svc>_ServiceDesc: the short
			 * name, as for Register<Svc>Server, when it is not in the repo */
			if (found == NULL && strlen(d) > 12 &&
			    strcmp(d + strlen(d) - 12, "_ServiceDesc") == 0)
				found = reposcan_strndup(s, d, strlen(d) - 12);
			if (found == NULL) {
				strlist_addf(&s->warnings,
					     "%s:%d: RegisterService(%s): the descriptor is not in "
					     "the repo, service unknown",
					     s->files[g->at.file].path, g->at.line, g->desc);
				continue;
			}
			g->service = found;
		} else if (g->service != NULL && strchr(g->service, '.') == NULL) {
			size_t n = strlen(g->service);

			for (size_t j = 0; j < st->ndescs; j++) {
				const char *sv = st->descs[j].service;
				size_t m = strlen(sv);

				if (m > n && sv[m - n - 1] == '.' &&
				    strcmp(sv + m - n, g->service) == 0 &&
				    (found == NULL || strcmp(found, sv) != 0)) {
					found = sv;
					hits++;
				}
			}
			if (hits == 1)
				g->service = found;
		}
		s->grpcs[k++] = *g;
	}
	s->ngrpcs = k;
}

void reposcan_finish(struct reposcan *s)
{
	struct reposcan_state *st = s->priv;
	size_t k = 0;

	for (size_t i = 0; i < s->nembeds; i++)
		s->embeds[i].matches = embed_matches(s, &s->embeds[i]);
	/* Keep only lookups on embed.FS variables of the same package. */
	for (size_t i = 0; i < s->nembedcalls; i++) {
		const struct reposcan_embedcall *c = &s->embedcalls[i];
		int keep = 0;

		for (size_t j = 0; j < s->nembeds && !keep; j++)
			keep = s->embeds[j].is_fs && strcmp(s->embeds[j].var, c->var) == 0 &&
			       strcmp(s->files[s->embeds[j].at.file].dir,
				      s->files[c->at.file].dir) == 0;
		if (keep)
			s->embedcalls[k++] = *c;
	}
	s->nembedcalls = k;
	for (size_t i = 0; i < s->ntickers; i++)
		if (!s->tickers[i].started_by_go && go_started(st, s->tickers[i].consumer_symbol))
			s->tickers[i].started_by_go = 1;
	rs_summary_finish(s); /* may add RegisterService calls from tables */
	rs_pkgvar_finish(s);
	rs_served_addrs(s);
	resolve_services(s);
}

/* ---- the walk ---- */

struct walker {
	struct reposcan *s;
	const struct reposcan_opts *o;
	const struct srctree *tree;
	struct buf buf;
	size_t files;
	int stopped;
};

static int dent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct srctree_ent *)a)->name, ((const struct srctree_ent *)b)->name);
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

static void walk_dir(struct walker *w, const char *rel, int depth)
{
	struct srctree_ent *v = NULL;
	size_t n = 0, k = 0;
	char *why = NULL;

	if (depth > 64 || w->stopped)
		return;
	if (srctree_list(w->tree, rel, &v, &n, &why) < 0) {
		strlist_addf(&w->s->warnings, "%s", why);
		free(why);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = v[i].name;
		int keep;

		if (v[i].kind == SRCTREE_DIR)
			keep = !(name[0] == '.' || name[0] == '_' ||
				 (!w->o->include_testdata && strcmp(name, "testdata") == 0) ||
				 (!w->o->include_vendor && strcmp(name, "vendor") == 0));
		else
			keep = v[i].kind == SRCTREE_FILE && has_suffix(name, ".go") &&
			       (w->o->include_tests || !has_suffix(name, "_test.go"));
		if (keep)
			v[k++] = v[i];
		else
			free(v[i].name);
	}
	n = k;
	if (n > 1)
		qsort(v, n, sizeof *v, dent_cmp);
	/* Files first, so a package's files are analysed together (init
	 * functions are numbered across them). */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			char *r;

			if ((v[i].kind == SRCTREE_DIR) != pass)
				continue;
			r = srctree_join(rel, v[i].name);
			if (pass == 1) {
				char *gomod = srctree_join(r, "go.mod");

				if (!w->o->include_nested_modules &&
				    srctree_stat(w->tree, gomod, NULL) != SRCTREE_NONE)
					strlist_addf(&w->s->warnings,
						     "%s: skipped, a separate module (own go.mod)",
						     r);
				else
					walk_dir(w, r, depth + 1);
				free(gomod);
			} else if (w->files >= w->o->max_files) {
				if (!w->stopped)
					strlist_addf(&w->s->warnings,
						     "stopped after %zu files (the cap)", w->files);
				w->stopped = 1;
			} else {
				int truncated = 0;
				char *cause = NULL;

				if (srctree_read(w->tree, r, w->o->max_file_size, &w->buf,
						 &truncated, &cause) < 0) {
					strlist_addf(&w->s->warnings, "%s", cause);
					free(cause);
				} else {
					reposcan_source(w->s, r, w->buf.data, w->buf.len);
					w->s->files[w->s->nfiles - 1].truncated = truncated;
					if (truncated)
						strlist_addf(&w->s->warnings,
							     "%s: larger than %zu bytes, scanned "
							     "the start only",
							     r, w->o->max_file_size);
					w->files++;
				}
			}
			free(r);
		}
	}
	srctree_ents_free(v, n);
}

int reposcan_run_tree(const struct srctree *tree, const struct reposcan_opts *opts,
		      struct reposcan **out, char **cause)
{
	struct reposcan_opts defaults;
	struct walker w;
	struct buf gm;
	double t0 = now_mono();

	*out = NULL;
	if (opts == NULL) {
		reposcan_opts_init(&defaults);
		opts = &defaults;
	}
	if (srctree_stat(tree, "", NULL) != SRCTREE_DIR)
		return err_set(cause, "%s (%s): not a directory", tree->root, tree->label);
	memset(&w, 0, sizeof w);
	w.s = reposcan_new(tree->root, opts->ctx);
	w.o = opts;
	w.tree = tree;
	((struct reposcan_state *)w.s->priv)->tree = tree;
	buf_init(&w.buf);
	buf_init(&gm);
	if (srctree_read(tree, "go.mod", 1 * MIB, &gm, NULL, NULL) == 0)
		w.s->module = reposcan_module_path(gm.data, gm.len);
	buf_free(&gm);
	walk_dir(&w, "", 0);
	buf_free(&w.buf);
	reposcan_finish(w.s);
	((struct reposcan_state *)w.s->priv)->tree = NULL;
	w.s->seconds = now_mono() - t0;
	*out = w.s;
	return 0;
}

int reposcan_run(const char *dir, const struct reposcan_opts *opts, struct reposcan **out,
		 char **cause)
{
	struct srctree *t = srctree_open_dir(dir, cause);
	int rc;

	*out = NULL;
	if (t == NULL)
		return -1;
	rc = reposcan_run_tree(t, opts, out, cause);
	srctree_free(t);
	return rc;
}
