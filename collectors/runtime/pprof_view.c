/* pprof_view.c: pprof's call graph, nodes, edges and top (see pprof_view.h). */
#include "pprof_view.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/filepath.h"
#include "pprof_units.h"

/* ---- regexes ------------------------------------------------------------- */

struct pprof_regex {
	regex_t re;
};

struct pprof_regex *pprof_regex_new(const char *re, char **cause)
{
	struct pprof_regex *r = xcalloc(1, sizeof *r);
	int rc = regcomp(&r->re, re, REG_EXTENDED | REG_NOSUB);

	if (rc != 0) {
		char msg[128];

		regerror(rc, &r->re, msg, sizeof msg);
		free(r);
		err_set(cause, "bad regular expression %s: %s", re, msg);
		return NULL;
	}
	return r;
}

int pprof_regex_match(const struct pprof_regex *r, const char *s)
{
	return regexec(&r->re, s, 0, NULL, 0) == 0;
}

void pprof_regex_free(struct pprof_regex *r)
{
	if (r == NULL)
		return;
	regfree(&r->re);
	free(r);
}

/* ---- node interning ------------------------------------------------------ */

static size_t strhash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct names {
	uint32_t *slot; /* node index + 1 */
	size_t mask;
};

static void names_grow(struct names *t, const struct pprof_graph *g)
{
	size_t cap = t->mask == 0 ? 1024 : (t->mask + 1) * 2;

	free(t->slot);
	t->slot = xcalloc(cap, sizeof *t->slot);
	t->mask = cap - 1;
	for (size_t i = 0; i < g->nnodes; i++) {
		size_t h = strhash(g->nodes[i].name) & t->mask;

		while (t->slot[h] != 0)
			h = (h + 1) & t->mask;
		t->slot[h] = (uint32_t)i + 1;
	}
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

/* The node for one line of a location (pprof's nodeInfo + PrintableName). */
static uint32_t node_for(struct pprof_graph *g, struct names *t, const struct pprof_profile *p,
			 const struct pprof_location *loc, const struct pprof_line *ln)
{
	const struct pprof_function *fn =
	    ln != NULL && ln->func != PPROF_NONE ? &p->functions[ln->func] : NULL;
	const char *func = fn != NULL ? pprof_str(p, fn->name) : "";
	char *file = NULL, *name;
	int64_t line = 0;
	size_t h;

	if (*func != '\0' && g->gran == PPROF_GRAN_LINES) {
		const char *f = pprof_str(p, fn->filename);

		line = ln->line;
		if (*f != '\0')
			file = filepath_clean(f);
	}
	if (*func == '\0') {
		const char *obj =
		    loc->mapping != PPROF_NONE ? pprof_str(p, p->mappings[loc->mapping].file) : "";

		name = *obj != '\0' ? xasprintf("[%s]", base_name(obj)) : xstrdup("<unknown>");
	} else if (line != 0)
		name = xasprintf("%s %s:%lld", func, file != NULL ? file : "", (long long)line);
	else if (file != NULL)
		name = xasprintf("%s %s", func, file);
	else
		name = xstrdup(func);

	if ((g->nnodes + 1) * 2 > t->mask + 1)
		names_grow(t, g);
	for (h = strhash(name) & t->mask; t->slot[h] != 0; h = (h + 1) & t->mask)
		if (strcmp(g->nodes[t->slot[h] - 1].name, name) == 0) {
			free(name);
			free(file);
			return t->slot[h] - 1;
		}
	g->nodes = xgrow(g->nodes, &g->ncap, g->nnodes + 1, sizeof *g->nodes);
	memset(&g->nodes[g->nnodes], 0, sizeof *g->nodes);
	g->nodes[g->nnodes].func = func;
	g->nodes[g->nnodes].file = file != NULL ? file : xstrdup("");
	g->nodes[g->nnodes].line = line;
	g->nodes[g->nnodes].start_line = fn != NULL ? fn->start_line : 0;
	g->nodes[g->nnodes].name = name;
	t->slot[h] = (uint32_t)g->nnodes + 1;
	return (uint32_t)g->nnodes++;
}

static void map_locations(struct pprof_graph *g, struct names *t, int k)
{
	const struct pprof_profile *p = g->prof[k];
	size_t total = 0, at = 0;
	uint32_t *func_node = NULL;

	for (size_t i = 0; i < p->nlocations; i++)
		total += p->locations[i].nline > 0 ? p->locations[i].nline : 1;
	g->loc_nodes[k] = xcalloc(p->nlocations + 1, sizeof *g->loc_nodes[k]);
	g->loc_node_v[k] = xcalloc(total + 1, sizeof *g->loc_node_v[k]);
	if (g->gran == PPROF_GRAN_FUNCTIONS) {
		func_node = xmalloc((p->nfunctions + 1) * sizeof *func_node);
		for (size_t i = 0; i < p->nfunctions; i++)
			func_node[i] = PPROF_NONE;
	}
	for (size_t i = 0; i < p->nlocations; i++) {
		const struct pprof_location *l = &p->locations[i];

		g->loc_nodes[k][i] = (uint32_t)at;
		if (l->nline == 0) {
			g->loc_node_v[k][at++] = node_for(g, t, p, l, NULL);
			continue;
		}
		for (uint32_t j = 0; j < l->nline; j++) {
			const struct pprof_line *ln = &p->lines[l->line_off + j];
			uint32_t fi = ln->func;

			/* A named function's node depends only on the function here. */
			if (func_node != NULL && fi != PPROF_NONE &&
			    *pprof_str(p, p->functions[fi].name) != '\0') {
				if (func_node[fi] == PPROF_NONE)
					func_node[fi] = node_for(g, t, p, l, ln);
				g->loc_node_v[k][at++] = func_node[fi];
			} else
				g->loc_node_v[k][at++] = node_for(g, t, p, l, ln);
		}
	}
	g->loc_nodes[k][p->nlocations] = (uint32_t)at;
	free(func_node);
}

/* ---- filters ------------------------------------------------------------- */

static int loc_matches(const struct pprof_profile *p, const struct pprof_location *l,
		       const struct pprof_regex *re)
{
	for (uint32_t j = 0; j < l->nline; j++) {
		uint32_t fi = p->lines[l->line_off + j].func;

		if (fi != PPROF_NONE &&
		    (pprof_regex_match(re, pprof_str(p, p->functions[fi].name)) ||
		     pprof_regex_match(re, pprof_str(p, p->functions[fi].filename))))
			return 1;
	}
	return l->mapping != PPROF_NONE &&
	       pprof_regex_match(re, pprof_str(p, p->mappings[l->mapping].file));
}

struct tagf {
	char *key; /* NULL: match "key:value" of any label */
	struct pprof_regex **re;
	size_t n;
};

static int tagf_compile(const char *spec, struct tagf *t, char **cause)
{
	const char *eq = strchr(spec, '=');
	const char *v = eq != NULL ? eq + 1 : spec;
	char *copy, *save = NULL;

	memset(t, 0, sizeof *t);
	if (eq != NULL)
		t->key = xstrndup(spec, (size_t)(eq - spec));
	copy = xstrdup(v);
	for (char *tok = strtok_r(copy, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		t->re = xrealloc(t->re, (t->n + 1) * sizeof *t->re);
		if ((t->re[t->n] = pprof_regex_new(tok, cause)) == NULL) {
			free(copy);
			return -1;
		}
		t->n++;
	}
	free(copy);
	return 0;
}

static void tagf_free(struct tagf *t)
{
	for (size_t i = 0; i < t->n; i++)
		pprof_regex_free(t->re[i]);
	free(t->re);
	free(t->key);
}

static int tagf_match(const struct tagf *t, const struct pprof_profile *p,
		      const struct pprof_sample *s)
{
	const struct pprof_label *lv = p->labels + s->label_off;

	if (t->key != NULL) {
		for (uint32_t i = 0; i < s->nlabel; i++) {
			if (lv[i].str == 0 || strcmp(pprof_str(p, lv[i].key), t->key) != 0)
				continue;
			for (size_t r = 0; r < t->n; r++)
				if (pprof_regex_match(t->re[r], pprof_str(p, lv[i].str)))
					return 1;
		}
		return 0;
	}
	for (size_t r = 0; r < t->n; r++) {
		int hit = 0;

		for (uint32_t i = 0; i < s->nlabel && !hit; i++) {
			char *kv;

			if (lv[i].str == 0)
				continue;
			kv = xasprintf("%s:%s", pprof_str(p, lv[i].key), pprof_str(p, lv[i].str));
			hit = pprof_regex_match(t->re[r], kv);
			free(kv);
		}
		if (!hit)
			return 0;
	}
	return 1;
}

static int apply_filters(struct pprof_graph *g, int k, const struct pprof_filter *f, char **cause)
{
	const struct pprof_profile *p = g->prof[k];
	struct pprof_regex *focus = NULL, *ignore = NULL;
	struct tagf tf = {0}, ti = {0};
	uint8_t *locflag = NULL; /* 1 focused, 2 ignored */
	int rc = -1;

	g->sample_ok[k] = xmalloc(p->nsamples + 1);
	memset(g->sample_ok[k], 1, p->nsamples + 1);
	if (f == NULL)
		return 0;
	if ((f->focus != NULL && (focus = pprof_regex_new(f->focus, cause)) == NULL) ||
	    (f->ignore != NULL && (ignore = pprof_regex_new(f->ignore, cause)) == NULL) ||
	    (f->tagfocus != NULL && tagf_compile(f->tagfocus, &tf, cause) < 0) ||
	    (f->tagignore != NULL && tagf_compile(f->tagignore, &ti, cause) < 0))
		goto out;
	locflag = xcalloc(p->nlocations + 1, 1);
	for (size_t i = 0; i < p->nlocations; i++) {
		if (ignore != NULL && loc_matches(p, &p->locations[i], ignore))
			locflag[i] = 2;
		else if (focus == NULL || loc_matches(p, &p->locations[i], focus))
			locflag[i] = 1;
	}
	for (size_t i = 0; i < p->nsamples; i++) {
		const struct pprof_sample *s = &p->samples[i];
		int focused = 0, ok = 1;

		for (uint32_t j = 0; j < s->nloc && ok; j++) {
			uint8_t fl = locflag[p->sample_locs[s->loc_off + j]];

			if (fl == 2)
				ok = 0;
			else if (fl == 1)
				focused = 1;
		}
		ok = ok && focused;
		if (ok && f->tagfocus != NULL && !tagf_match(&tf, p, s))
			ok = 0;
		if (ok && f->tagignore != NULL && tagf_match(&ti, p, s))
			ok = 0;
		g->sample_ok[k][i] = (uint8_t)ok;
	}
	rc = 0;
out:
	free(locflag);
	pprof_regex_free(focus);
	pprof_regex_free(ignore);
	tagf_free(&tf);
	tagf_free(&ti);
	return rc;
}

/* ---- build --------------------------------------------------------------- */

static void accumulate(struct pprof_graph *g, int k, uint32_t *stamp)
{
	const struct pprof_profile *p = g->prof[k];
	int64_t sign = k == 0 ? 1 : -1;

	for (size_t i = 0; i < p->nsamples; i++) {
		const struct pprof_sample *s = &p->samples[i];
		int64_t w = pprof_sample_values(p, i)[g->sample_index];

		if (sign < 0)
			w = (int64_t)(0 - (uint64_t)w);
		uint32_t last = PPROF_NONE;

		if (!g->sample_ok[k][i] || w == 0)
			continue;
		g->samples_kept++;
		++*stamp;
		for (uint32_t j = s->nloc; j-- > 0;) {
			uint32_t loc = p->sample_locs[s->loc_off + j];

			for (uint32_t x = g->loc_nodes[k][loc + 1]; x-- > g->loc_nodes[k][loc];) {
				struct pprof_node *n = &g->nodes[g->loc_node_v[k][x]];

				if (n->stamp != *stamp) {
					n->stamp = *stamp;
					n->cum = pprof_wadd(n->cum, w);
				}
				last = g->loc_node_v[k][x];
			}
		}
		if (last != PPROF_NONE)
			g->nodes[last].flat = pprof_wadd(g->nodes[last].flat, w);
	}
}

static int64_t total_of(const struct pprof_profile *p, int idx)
{
	int64_t t = 0;

	for (size_t i = 0; i < p->nsamples; i++) {
		int64_t v = pprof_sample_values(p, i)[idx];

		t = pprof_wadd(t, pprof_wabs(v));
	}
	return t;
}

int pprof_graph_build(struct pprof_graph *g, const struct pprof_profile *p,
		      const struct pprof_profile *base, int sample_index,
		      const struct pprof_filter *f, enum pprof_gran gran, char **cause)
{
	struct names t = {0};
	uint32_t stamp = 0;
	size_t w = 0;

	memset(g, 0, sizeof *g);
	g->gran = gran;
	g->prof[0] = p;
	g->prof[1] = base;
	if (p->nsample_types == 0)
		return err_set(cause, "profile has no samples types");
	g->sample_index = sample_index < 0 ? pprof_default_index(p) : sample_index;
	if ((size_t)g->sample_index >= p->nsample_types)
		return err_set(cause, "sample index %d out of range", g->sample_index);
	if (base != NULL) {
		const char *t0 = pprof_str(p, p->sample_types[g->sample_index].type);
		const char *t1;

		if (base->nsample_types != p->nsample_types)
			return err_set(cause, "base profile has %zu sample types, this one %zu",
				       base->nsample_types, p->nsample_types);
		t1 = pprof_str(base, base->sample_types[g->sample_index].type);
		if (strcmp(t0, t1) != 0)
			return err_set(cause, "base profile's sample type %s is not %s", t1, t0);
	}
	if (f != NULL) {
		const char *k[] = {"focus", "ignore", "tagfocus", "tagignore"};
		const char *v[] = {f->focus, f->ignore, f->tagfocus, f->tagignore};

		for (size_t i = 0; i < 4; i++)
			if (v[i] != NULL && *v[i] != '\0')
				g->filters[g->nfilters++] = xasprintf("%s=%s", k[i], v[i]);
	}
	g->type = pprof_str(p, p->sample_types[g->sample_index].type);
	snprintf(g->unit, sizeof g->unit, "%s",
		 pprof_str(p, p->sample_types[g->sample_index].unit));
	for (char *c = g->unit; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');

	g->total = total_of(p, g->sample_index);
	if (base != NULL) {
		int64_t bt = total_of(base, g->sample_index);

		if (bt > 0)
			g->total = bt;
	}
	for (int k = 0; k < 2; k++) {
		if (g->prof[k] == NULL)
			continue;
		map_locations(g, &t, k);
		if (apply_filters(g, k, f, cause) < 0) {
			free(t.slot);
			pprof_graph_free(g);
			return -1;
		}
	}
	free(t.slot);
	for (int k = 0; k < 2; k++)
		if (g->prof[k] != NULL)
			accumulate(g, k, &stamp);
	/* pprof keeps only nodes with a value (selectNodesForGraph); indices
	 * into loc_node_v are remapped. */
	{
		uint32_t *remap = xmalloc((g->nnodes + 1) * sizeof *remap);

		for (size_t i = 0; i < g->nnodes; i++) {
			if (g->nodes[i].flat == 0 && g->nodes[i].cum == 0) {
				free(g->nodes[i].name);
				free((char *)g->nodes[i].file);
				remap[i] = PPROF_NONE;
				continue;
			}
			remap[i] = (uint32_t)w;
			g->nodes[w++] = g->nodes[i];
		}
		g->nnodes = w;
		for (int k = 0; k < 2; k++) {
			if (g->prof[k] == NULL)
				continue;
			for (size_t x = 0; x < g->loc_nodes[k][g->prof[k]->nlocations]; x++)
				g->loc_node_v[k][x] = remap[g->loc_node_v[k][x]];
		}
		free(remap);
	}
	for (size_t i = 0; i < g->nnodes; i++) {
		g->nodes[i].stamp = 0;
		g->nodes[i].kept = 1;
	}
	return 0;
}

/* ---- edges --------------------------------------------------------------- */

static size_t pairhash(uint32_t a, uint32_t b)
{
	uint64_t x = (uint64_t)a << 32 | b;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

static struct pprof_edge *edge_get(struct pprof_graph *g, uint32_t src, uint32_t dst, int *isnew)
{
	size_t h;

	if ((g->nedges + 1) * 2 > g->emask + 1) {
		size_t cap = g->emask == 0 ? 1024 : (g->emask + 1) * 2;

		free(g->ehash);
		g->ehash = xcalloc(cap, sizeof *g->ehash);
		g->emask = cap - 1;
		for (size_t i = 0; i < g->nedges; i++) {
			for (h = pairhash(g->edges[i].src, g->edges[i].dst) & g->emask;
			     g->ehash[h] != 0; h = (h + 1) & g->emask)
				;
			g->ehash[h] = (uint32_t)i + 1;
		}
	}
	for (h = pairhash(src, dst) & g->emask; g->ehash[h] != 0; h = (h + 1) & g->emask) {
		struct pprof_edge *e = &g->edges[g->ehash[h] - 1];

		if (e->src == src && e->dst == dst) {
			*isnew = 0;
			return e;
		}
	}
	g->edges = xgrow(g->edges, &g->ecap, g->nedges + 1, sizeof *g->edges);
	memset(&g->edges[g->nedges], 0, sizeof *g->edges);
	g->edges[g->nedges].src = src;
	g->edges[g->nedges].dst = dst;
	g->ehash[h] = (uint32_t)g->nedges + 1;
	*isnew = 1;
	return &g->edges[g->nedges++];
}

void pprof_graph_edges(struct pprof_graph *g, int all_kept)
{
	uint32_t stamp = 0;

	g->nedges = 0;
	if (g->ehash != NULL)
		memset(g->ehash, 0, (g->emask + 1) * sizeof *g->ehash);
	for (size_t i = 0; i < g->nnodes; i++) {
		g->nodes[i].in_inline = g->nodes[i].in_noinline = 0;
		if (all_kept)
			g->nodes[i].kept = 1;
	}
	for (int k = 0; k < 2; k++) {
		const struct pprof_profile *p = g->prof[k];
		int64_t sign = k == 0 ? 1 : -1;

		if (p == NULL)
			continue;
		for (size_t i = 0; i < p->nsamples; i++) {
			const struct pprof_sample *s = &p->samples[i];
			int64_t w = pprof_sample_values(p, i)[g->sample_index];
			uint32_t parent = PPROF_NONE;

			if (sign < 0)
				w = (int64_t)(0 - (uint64_t)w);

			if (!g->sample_ok[k][i] || w == 0)
				continue;
			stamp++;
			for (uint32_t j = s->nloc; j-- > 0;) {
				uint32_t loc = p->sample_locs[s->loc_off + j];
				uint32_t lo = g->loc_nodes[k][loc], hi = g->loc_nodes[k][loc + 1];

				for (uint32_t x = hi; x-- > lo;) {
					uint32_t n = g->loc_node_v[k][x];
					int inl = x != hi - 1, isnew;
					struct pprof_edge *e;

					if (n == PPROF_NONE || !g->nodes[n].kept)
						continue;
					if (parent != PPROF_NONE && n != parent) {
						e = edge_get(g, parent, n, &isnew);
						if (e->stamp != stamp) {
							e->stamp = stamp;
							e->weight = pprof_wadd(e->weight, w);
							if (isnew)
								e->inl = (uint8_t)inl;
							else if (!inl)
								e->inl = 0;
						}
					}
					parent = n;
				}
			}
		}
	}
	for (size_t i = 0; i < g->nedges; i++) {
		if (g->edges[i].inl)
			g->nodes[g->edges[i].dst].in_inline = 1;
		else
			g->nodes[g->edges[i].dst].in_noinline = 1;
	}
}

void pprof_graph_free(struct pprof_graph *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->nnodes; i++) {
		free(g->nodes[i].name);
		free((char *)g->nodes[i].file);
	}
	for (size_t i = 0; i < g->nfilters; i++)
		free(g->filters[i]);
	free(g->nodes);
	free(g->edges);
	free(g->ehash);
	for (int k = 0; k < 2; k++) {
		free(g->loc_nodes[k]);
		free(g->loc_node_v[k]);
		free(g->sample_ok[k]);
	}
	memset(g, 0, sizeof *g);
}

/* ---- ordering and top ---------------------------------------------------- */

static int64_t abs64(int64_t v)
{
	return pprof_wabs(v);
}

struct sortctx {
	const struct pprof_graph *g;
	int cum;
};

static int cmp_nodes(const void *a, const void *b, void *arg)
{
	const struct sortctx *cx = arg;
	const struct pprof_graph *sort_graph = cx->g;
	int sort_cum = cx->cum;
	const struct pprof_node *l = &sort_graph->nodes[*(const uint32_t *)a];
	const struct pprof_node *r = &sort_graph->nodes[*(const uint32_t *)b];
	int64_t l1 = sort_cum ? abs64(l->cum) : abs64(l->flat);
	int64_t r1 = sort_cum ? abs64(r->cum) : abs64(r->flat);
	int c;

	if (l1 != r1)
		return l1 > r1 ? -1 : 1;
	if ((c = strcmp(l->name, r->name)) != 0)
		return c;
	l1 = sort_cum ? abs64(l->flat) : abs64(l->cum);
	r1 = sort_cum ? abs64(r->flat) : abs64(r->cum);
	return l1 > r1 ? -1 : l1 < r1;
}

void pprof_sort_nodes(const struct pprof_graph *g, uint32_t *v, size_t n, int cum_sort)
{
	struct sortctx cx = {g, cum_sort};

	qsort_r(v, n, sizeof *v, cmp_nodes, &cx);
}

void pprof_fmt(const struct pprof_graph *g, int64_t v, const char *out_unit, char *out, size_t n)
{
	pprof_scaled_label(v, g->unit, out_unit, out, n);
}

static void output_unit(const struct pprof_graph *g, struct pprof_top *t)
{
	int64_t minv = 0, maxv = g->total, m100;
	char minu[PPROF_UNIT_MAX], maxu[PPROF_UNIT_MAX], u[PPROF_UNIT_MAX];

	snprintf(t->out_unit, sizeof t->out_unit, "minimum");
	if (t->nrows == 0)
		return;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct pprof_node *n = &g->nodes[t->rows[i]];
		int64_t m = abs64(n->flat);

		if (m == 0)
			m = abs64(n->cum);
		if (m > 0 && (minv == 0 || m < minv))
			minv = m;
	}
	if (minv == 0)
		minv = maxv;
	pprof_scale(minv, g->unit, "minimum", minu);
	pprof_scale(maxv, g->unit, "minimum", maxu);
	snprintf(u, sizeof u, "%s", minu);
	m100 = (int64_t)((uint64_t)minv * 100); /* wraps, as Go's minValue*100 */
	if (strcmp(minu, maxu) != 0 && m100 < maxv)
		pprof_scale(m100, g->unit, "minimum", u);
	snprintf(t->out_unit, sizeof t->out_unit, "%s", u[0] != '\0' ? u : g->unit);
}

void pprof_top(struct pprof_graph *g, int cum_sort, int node_count, double node_fraction,
	       struct pprof_top *out)
{
	int64_t sum = 0, cutoff;
	size_t n = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < g->nnodes; i++)
		sum = pprof_wadd(sum, g->nodes[i].flat);
	cutoff = abs64((int64_t)((double)sum * node_fraction));
	out->cutoff = abs64((int64_t)((double)g->total * node_fraction));
	out->rows = xmalloc((g->nnodes + 1) * sizeof *out->rows);
	for (size_t i = 0; i < g->nnodes; i++) {
		g->nodes[i].kept = 0;
		if (cutoff > 0 && abs64(g->nodes[i].cum) < cutoff)
			continue;
		out->rows[n++] = (uint32_t)i;
	}
	out->dropped = g->nnodes - n;
	out->orig_count = n;
	pprof_sort_nodes(g, out->rows, n, cum_sort);
	if (node_count > 0 && (size_t)node_count < n)
		n = (size_t)node_count;
	out->nrows = n;
	for (size_t i = 0; i < n; i++) {
		g->nodes[out->rows[i]].kept = 1;
		out->flat_sum = pprof_wadd(out->flat_sum, g->nodes[out->rows[i]].flat);
	}
	output_unit(g, out);
}

void pprof_top_free(struct pprof_top *t)
{
	if (t == NULL)
		return;
	free(t->rows);
	memset(t, 0, sizeof *t);
}

/* ---- edge lists ---------------------------------------------------------- */

static int cmp_edges(const void *a, const void *b, void *arg)
{
	const struct pprof_graph *sort_graph = arg;
	const struct pprof_edge *l = &sort_graph->edges[*(const uint32_t *)a];
	const struct pprof_edge *r = &sort_graph->edges[*(const uint32_t *)b];
	int c;

	if (l->weight != r->weight)
		return abs64(l->weight) > abs64(r->weight) ? -1 : 1;
	if ((c = strcmp(sort_graph->nodes[l->src].name, sort_graph->nodes[r->src].name)) != 0)
		return c;
	return strcmp(sort_graph->nodes[l->dst].name, sort_graph->nodes[r->dst].name);
}

uint32_t *pprof_node_edges(const struct pprof_graph *g, uint32_t n, int in, size_t *count)
{
	uint32_t *v = xmalloc((g->nedges + 1) * sizeof *v);
	size_t k = 0;

	for (size_t i = 0; i < g->nedges; i++)
		if ((in ? g->edges[i].dst : g->edges[i].src) == n)
			v[k++] = (uint32_t)i;
	qsort_r(v, k, sizeof *v, cmp_edges, (void *)(uintptr_t)g);
	*count = k;
	return v;
}
