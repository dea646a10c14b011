/* pprof_flame.c: the call tree and its icicle layout (see pprof_flame.h). */
#include "pprof_flame.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"

#define NONE UINT32_MAX

struct fb {
	struct pprof_flame *f;
	size_t cap;
	uint64_t *keys; /* (parent << 32 | name) + 1, 0 empty */
	uint32_t *vals;
	size_t mask;
	const struct pprof_profile *p;
};

static size_t mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

static void rehash(struct fb *b)
{
	size_t cap = (b->mask + 1) * 2;
	uint64_t *keys = xcalloc(cap, sizeof *keys);
	uint32_t *vals = xcalloc(cap, sizeof *vals);

	for (size_t i = 0; i <= b->mask; i++) {
		size_t h;

		if (b->keys[i] == 0)
			continue;
		for (h = mix(b->keys[i]) & (cap - 1); keys[h] != 0; h = (h + 1) & (cap - 1))
			;
		keys[h] = b->keys[i];
		vals[h] = b->vals[i];
	}
	free(b->keys);
	free(b->vals);
	b->keys = keys;
	b->vals = vals;
	b->mask = cap - 1;
}

/* The child of parent named by string index name, created when missing. */
/* Widths are non-negative (v > 0 here): a sum past INT64_MAX stays there. */
static int64_t sat_add(int64_t a, int64_t v)
{
	return a > INT64_MAX - v ? INT64_MAX : a + v;
}

static uint32_t child(struct fb *b, uint32_t parent, uint32_t name)
{
	struct pprof_flame *f = b->f;
	uint64_t key = ((uint64_t)parent << 32 | name) + 1;
	size_t h;
	struct pprof_flame_node *n;

	for (h = mix(key) & b->mask; b->keys[h] != 0; h = (h + 1) & b->mask)
		if (b->keys[h] == key)
			return b->vals[h];
	if (f->nn >= PPROF_FLAME_MAX_NODES) {
		f->truncated = 1;
		return parent;
	}
	f->n = xgrow(f->n, &b->cap, f->nn + 1, sizeof *f->n);
	n = &f->n[f->nn];
	n->name = pprof_str(b->p, name);
	n->value = 0;
	n->parent = parent;
	n->first_child = NONE;
	n->next_sibling = f->n[parent].first_child;
	n->depth = f->n[parent].depth + 1;
	f->n[parent].first_child = (uint32_t)f->nn;
	b->keys[h] = key;
	b->vals[h] = (uint32_t)f->nn;
	f->nn++;
	if (f->nn * 2 > b->mask + 1)
		rehash(b);
	return (uint32_t)f->nn - 1;
}

/* Sorts every child list: value descending, then name (qsort_r: builds
 * may run on two worker threads at once). */
static int cmp_child(const void *a, const void *b, void *arg)
{
	const struct pprof_flame *f = arg;
	const struct pprof_flame_node *x = &f->n[*(const uint32_t *)a];
	const struct pprof_flame_node *y = &f->n[*(const uint32_t *)b];

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void sort_children(struct pprof_flame *f)
{
	uint32_t *v = NULL;
	size_t cap = 0;

	for (size_t i = 0; i < f->nn; i++) {
		size_t k = 0;

		for (uint32_t c = f->n[i].first_child; c != NONE; c = f->n[c].next_sibling) {
			v = xgrow(v, &cap, k + 1, sizeof *v);
			v[k++] = c;
		}
		if (k < 2)
			continue;
		qsort_r(v, k, sizeof *v, cmp_child, f);
		f->n[i].first_child = v[0];
		for (size_t j = 0; j + 1 < k; j++)
			f->n[v[j]].next_sibling = v[j + 1];
		f->n[v[k - 1]].next_sibling = NONE;
	}
	free(v);
}

int pprof_flame_build(struct pprof_flame *f, const struct pprof_profile *p, int sample_index,
		      char **cause)
{
	struct fb b;

	memset(f, 0, sizeof *f);
	if (sample_index < 0)
		sample_index = pprof_default_index(p);
	if (sample_index < 0 || (size_t)sample_index >= p->nsample_types)
		return err_set(cause, "the profile has no sample types");
	memset(&b, 0, sizeof b);
	b.f = f;
	b.p = p;
	b.mask = 1023;
	b.keys = xcalloc(b.mask + 1, sizeof *b.keys);
	b.vals = xcalloc(b.mask + 1, sizeof *b.vals);
	f->n = xgrow(NULL, &b.cap, 1, sizeof *f->n);
	f->n[0] = (struct pprof_flame_node){"root", 0, NONE, NONE, NONE, 0};
	f->nn = 1;
	for (size_t i = 0; i < p->nsamples; i++) {
		const struct pprof_sample *s = &p->samples[i];
		int64_t v = pprof_sample_values(p, i)[sample_index];
		uint32_t at = 0;

		if (v == 0)
			continue;
		if (v < 0)
			v = v == INT64_MIN ? INT64_MAX : -v;
		f->n[0].value = sat_add(f->n[0].value, v);
		for (uint32_t k = s->nloc; k-- > 0;) {
			const struct pprof_location *l =
			    &p->locations[p->sample_locs[s->loc_off + k]];

			if (l->nline == 0) {
				at = child(&b, at, 0);
				f->n[at].value = sat_add(f->n[at].value, v);
				continue;
			}
			for (uint32_t j = l->nline; j-- > 0;) {
				const struct pprof_line *ln = &p->lines[l->line_off + j];
				uint32_t name =
				    ln->func != PPROF_NONE ? p->functions[ln->func].name : 0;

				at = child(&b, at, name);
				f->n[at].value = sat_add(f->n[at].value, v);
			}
		}
	}
	/* A node merged into its parent at the cap counted twice: harmless
	 * for the layout, which clamps children to the parent's width. */
	f->total = f->n[0].value;
	free(b.keys);
	free(b.vals);
	sort_children(f);
	return 0;
}

void pprof_flame_free(struct pprof_flame *f)
{
	if (f == NULL)
		return;
	free(f->n);
	memset(f, 0, sizeof *f);
}

size_t pprof_flame_layout(const struct pprof_flame *f, uint32_t zoom, int width, int max_depth,
			  struct pprof_flame_cell **out)
{
	struct pprof_flame_cell *c = NULL;
	size_t n = 0, cap = 0;
	/* An explicit stack: (node, value offset from the zoom's start). */
	struct item {
		uint32_t node;
		int64_t off;
	} *st = NULL;
	size_t sn = 0, scap = 0;
	int64_t zv;
	uint32_t zd;

	*out = NULL;
	if (f->nn == 0 || zoom >= f->nn || width <= 0 || f->n[zoom].value <= 0)
		return 0;
	zv = f->n[zoom].value;
	zd = f->n[zoom].depth;
	st = xgrow(st, &scap, 1, sizeof *st);
	st[sn++] = (struct item){zoom, 0};
	while (sn > 0) {
		struct item it = st[--sn];
		const struct pprof_flame_node *nd = &f->n[it.node];
		int64_t end = sat_add(it.off, nd->value);
		int x, xe, depth = (int)(nd->depth - zd);
		int64_t off;
		size_t first;

		if (end > zv)
			end = zv;
		x = (int)((double)it.off * width / (double)zv);
		xe = (int)((double)end * width / (double)zv);
		if (xe - x < 1)
			continue;
		if (max_depth > 0 && depth >= max_depth)
			continue;
		c = xgrow(c, &cap, n + 1, sizeof *c);
		c[n++] = (struct pprof_flame_cell){it.node, depth, x, xe - x};
		/* Push children in reverse so the largest comes out first. */
		off = it.off;
		first = sn;
		for (uint32_t k = nd->first_child; k != NONE; k = f->n[k].next_sibling) {
			st = xgrow(st, &scap, sn + 1, sizeof *st);
			st[sn++] = (struct item){k, off};
			off = sat_add(off, f->n[k].value);
		}
		for (size_t a = first, b = sn; a + 1 < b; a++, b--) {
			struct item t = st[a];

			st[a] = st[b - 1];
			st[b - 1] = t;
		}
	}
	free(st);
	*out = c;
	return n;
}

size_t pprof_flame_path(const struct pprof_flame *f, uint32_t n, uint32_t *path, size_t max)
{
	size_t k = 0, d;

	if (n >= f->nn)
		return 0;
	d = f->n[n].depth + 1;
	if (d > max)
		d = max;
	k = d;
	for (uint32_t at = n; at != NONE && k > 0; at = f->n[at].parent)
		path[--k] = at;
	return d;
}

void pprof_flame_text(const struct pprof_flame *f, uint32_t zoom, int width, int max_depth,
		      struct buf *out)
{
	struct pprof_flame_cell *c;
	size_t n = pprof_flame_layout(f, zoom, width, max_depth, &c);
	int depth = 0;
	char *line;
	struct buf s;

	for (size_t i = 0; i < n; i++)
		if (c[i].depth + 1 > depth)
			depth = c[i].depth + 1;
	line = xmalloc((size_t)width + 1);
	buf_init(&s);
	for (int d = 0; d < depth; d++) {
		int last = 0;

		memset(line, ' ', (size_t)width);
		for (size_t i = 0; i < n; i++) {
			size_t len;

			if (c[i].depth != d)
				continue;
			buf_reset(&s);
			sanitize_append(&s, f->n[c[i].node].name, strlen(f->n[c[i].node].name), 1);
			len = s.len;
			if ((int)len > c[i].w - 1)
				len = c[i].w > 1 ? (size_t)c[i].w - 1 : 0;
			memcpy(line + c[i].x, s.data, len);
			line[c[i].x + c[i].w - 1] = '|';
			if (c[i].x + c[i].w > last)
				last = c[i].x + c[i].w;
		}
		buf_add(out, line, (size_t)last);
		buf_addc(out, '\n');
	}
	buf_free(&s);
	free(line);
	free(c);
}
