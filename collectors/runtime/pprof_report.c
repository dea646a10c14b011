/* pprof_report.c: pprof's text reports (see pprof_report.h). */
#include "pprof_report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collectors/base/filepath.h"
#include "collectors/base/sanitize.h"
#include "pprof_units.h"

static void add_name(struct buf *out, const char *s)
{
	sanitize_append(out, s, strlen(s), 0);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

void pprof_report_labels(const struct pprof_graph *g, const struct pprof_profile *p,
			 const struct pprof_profile *base, const char *out_unit, struct buf *out)
{
	int64_t tn = p->time_nanos, dn = p->duration_nanos;

	if (p->nmappings > 0) {
		const char *f = pprof_str(p, p->mappings[0].file);
		const char *b = pprof_str(p, p->mappings[0].build_id);

		if (*f != '\0') {
			buf_adds(out, "File: ");
			add_name(out, base_name(f));
			buf_addc(out, '\n');
		}
		if (*b != '\0') {
			buf_adds(out, "Build ID: ");
			add_name(out, b);
			buf_addc(out, '\n');
		}
	}
	for (size_t i = 0; i < p->ncomments; i++) {
		const char *c = pprof_str(p, p->comments[i]);

		if (*c != '#') {
			add_name(out, c);
			buf_addc(out, '\n');
		}
	}
	buf_adds(out, "Type: ");
	add_name(out, g->type);
	buf_addc(out, '\n');
	if (base != NULL) {
		if (tn == 0 || (base->time_nanos != 0 && base->time_nanos < tn))
			tn = base->time_nanos;
		dn = pprof_wadd(dn, base->duration_nanos);
	}
	if (tn != 0) {
		time_t t = (time_t)(tn / 1000000000);
		struct tm tm;
		char when[96];

		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%b %-d, %Y at %-I:%M%p (%Z)", &tm);
		for (char *c = when; *c; c++)
			if ((c[0] == 'A' || c[0] == 'P') && c[1] == 'M' && c[2] == ' ') {
				c[0] = (char)(c[0] - 'A' + 'a');
				c[1] = 'm';
			}
		buf_printf(out, "Time: %s\n", when);
	}
	if (dn != 0) {
		char d[64], tot[64], unit[PPROF_UNIT_MAX], pct[32] = "";
		double ns = pprof_scale(g->total, g->unit, "nanoseconds", unit);

		pprof_scaled_label(dn, "nanoseconds", "auto", d, sizeof d);
		pprof_fmt(g, g->total, out_unit, tot, sizeof tot);
		if (strcmp(unit, "ns") == 0 && ns != 0) {
			char pc[24];

			pprof_percentage((int64_t)ns, dn, pc, sizeof pc);
			snprintf(pct, sizeof pct, "(%s)", pc);
		}
		buf_printf(out, "Duration: %s, Total samples = %s %s\n", d, tot, pct);
	}
}

static void active_filters(const struct pprof_graph *g, struct buf *out)
{
	if (g->nfilters == 0)
		return;
	buf_adds(out, "Active filters:\n");
	for (size_t i = 0; i < g->nfilters; i++) {
		size_t n = strlen(g->filters[i]);

		buf_adds(out, "   ");
		sanitize_append(out, g->filters[i], n > 80 ? 80 : n, 0);
		buf_adds(out, n > 80 ? "\xe2\x80\xa6\n" : "\n");
	}
}

static void showing(const struct pprof_graph *g, int64_t flat_sum, const char *unit,
		    struct buf *out)
{
	char a[64], b[64], pc[24];
	const char *t;

	pprof_fmt(g, flat_sum, unit, a, sizeof a);
	pprof_fmt(g, g->total, unit, b, sizeof b);
	pprof_percentage(flat_sum, g->total, pc, sizeof pc);
	for (t = pc; *t == ' '; t++)
		;
	buf_printf(out, "Showing nodes accounting for %s, %s of %s total\n", a, t, b);
}

void pprof_report_top(struct pprof_graph *g, const struct pprof_profile *p,
		      const struct pprof_profile *base, int cum_sort, int node_count,
		      struct buf *out)
{
	struct pprof_top t;
	int64_t sum = 0;

	pprof_top(g, cum_sort, node_count, 0.005, &t);
	pprof_graph_edges(g, 0);
	pprof_report_labels(g, p, base, t.out_unit, out);
	active_filters(g, out);
	showing(g, t.flat_sum, t.out_unit, out);
	if (g->total != 0) {
		if (t.dropped > 0) {
			char c[64];

			pprof_fmt(g, t.cutoff, t.out_unit, c, sizeof c);
			buf_printf(out, "Dropped %zu node%s (cum <= %s)\n", t.dropped,
				   t.dropped > 1 ? "s" : "", c);
		}
		if (t.nrows > 0 && t.nrows < t.orig_count)
			buf_printf(out, "Showing top %zu nodes out of %zu\n", t.nrows,
				   t.orig_count);
	}
	buf_printf(out, "%10s %5s%% %5s%% %10s %5s%%\n", "flat", "flat", "sum", "cum", "cum");
	for (size_t i = 0; i < t.nrows; i++) {
		const struct pprof_node *n = &g->nodes[t.rows[i]];
		char f[64], c[64], fp[24], sp[24], cp[24];

		sum = pprof_wadd(sum, n->flat);
		pprof_fmt(g, n->flat, t.out_unit, f, sizeof f);
		pprof_fmt(g, n->cum, t.out_unit, c, sizeof c);
		pprof_percentage(n->flat, g->total, fp, sizeof fp);
		pprof_percentage(sum, g->total, sp, sizeof sp);
		pprof_percentage(n->cum, g->total, cp, sizeof cp);
		buf_printf(out, "%10s %s %s %10s %s  ", f, fp, sp, c, cp);
		add_name(out, n->name);
		if (n->in_inline)
			buf_adds(out, n->in_noinline ? " (partial-inline)" : " (inline)");
		buf_addc(out, '\n');
	}
	pprof_top_free(&t);
}

static void edge_line(const struct pprof_graph *g, const struct pprof_edge *e, int64_t cum,
		      uint32_t other, const char *unit, struct buf *out)
{
	char w[64], pc[24];

	pprof_fmt(g, e->weight, unit, w, sizeof w);
	pprof_percentage(e->weight, cum, pc, sizeof pc);
	buf_printf(out, "%50s %s |   ", w, pc);
	add_name(out, g->nodes[other].name);
	if (e->inl)
		buf_adds(out, " (inline)");
	buf_addc(out, '\n');
}

int pprof_report_peek(struct pprof_graph *g, const struct pprof_profile *p,
		      const struct pprof_profile *base, const char *re, struct buf *out,
		      char **cause)
{
	static const char sep[] =
	    "----------------------------------------------------------+-------------\n";
	struct pprof_regex *rx = pprof_regex_new(re, cause);
	struct pprof_top t;
	int64_t sum = 0;
	size_t matched = 0;

	if (rx == NULL)
		return -1;
	pprof_top(g, 0, 0, 0.0, &t);
	pprof_graph_edges(g, 1);
	pprof_report_labels(g, p, base, t.out_unit, out);
	active_filters(g, out);
	showing(g, t.flat_sum, t.out_unit, out);
	buf_adds(out, sep);
	buf_adds(out,
		 "      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t \n");
	for (size_t i = 0; i < t.nrows; i++) {
		uint32_t ni = t.rows[i];
		const struct pprof_node *n = &g->nodes[ni];
		char f[64], c[64], fp[24], sp[24], cp[24];
		uint32_t *ev;
		size_t ne;

		if (!pprof_regex_match(rx, n->name))
			continue;
		matched++;
		buf_adds(out, sep);
		ev = pprof_node_edges(g, ni, 1, &ne);
		for (size_t k = 0; k < ne; k++)
			edge_line(g, &g->edges[ev[k]], n->cum, g->edges[ev[k]].src, t.out_unit,
				  out);
		free(ev);
		sum = pprof_wadd(sum, n->flat);
		pprof_fmt(g, n->flat, t.out_unit, f, sizeof f);
		pprof_fmt(g, n->cum, t.out_unit, c, sizeof c);
		pprof_percentage(n->flat, g->total, fp, sizeof fp);
		pprof_percentage(sum, g->total, sp, sizeof sp);
		pprof_percentage(n->cum, g->total, cp, sizeof cp);
		buf_printf(out, "%10s %s %s %10s %s                | ", f, fp, sp, c, cp);
		add_name(out, n->name);
		buf_addc(out, '\n');
		ev = pprof_node_edges(g, ni, 0, &ne);
		for (size_t k = 0; k < ne; k++)
			edge_line(g, &g->edges[ev[k]], n->cum, g->edges[ev[k]].dst, t.out_unit,
				  out);
		free(ev);
	}
	if (t.nrows > 0)
		buf_adds(out, sep);
	pprof_top_free(&t);
	pprof_regex_free(rx);
	if (matched == 0)
		return err_set(cause, "no matches found for regexp: %s", re);
	return 0;
}

/* ---- traces -------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *num_unit(const struct pprof_profile *p, uint32_t key)
{
	const char *k = pprof_str(p, key);

	for (size_t i = 0; i < p->nlabels; i++)
		if (p->labels[i].key == key && p->labels[i].str == 0 && p->labels[i].num_unit != 0)
			return pprof_str(p, p->labels[i].num_unit);
	if (strcmp(k, "alignment") == 0 || strcmp(k, "request") == 0)
		return "bytes";
	return k;
}

/* "%10s:  v1 v2" per key (str or num), sorted as pprof sorts them. */
static void trace_labels(const struct pprof_profile *p, const struct pprof_sample *s, int numeric,
			 struct buf *out)
{
	const struct pprof_label *lv;
	struct strlist lines = {0};

	if (s->nlabel == 0) /* labels may be NULL: no offset on it */
		return;
	lv = p->labels + s->label_off;

	for (uint32_t i = 0; i < s->nlabel; i++) {
		struct buf b, vals;
		int first = 1;

		if ((lv[i].str == 0) != numeric)
			continue;
		for (uint32_t k = 0; k < i; k++)
			if (strcmp(pprof_str(p, lv[k].key), pprof_str(p, lv[i].key)) == 0 &&
			    (lv[k].str == 0) == numeric)
				first = 0;
		if (!first)
			continue;
		buf_init(&vals);
		for (uint32_t k = i; k < s->nlabel; k++) {
			if ((lv[k].str == 0) != numeric ||
			    strcmp(pprof_str(p, lv[k].key), pprof_str(p, lv[i].key)) != 0)
				continue;
			if (vals.len > 0)
				buf_addc(&vals, ' ');
			if (numeric) {
				char v[64];

				pprof_scaled_label(lv[k].num, num_unit(p, lv[k].key), "auto", v,
						   sizeof v);
				buf_adds(&vals, v);
			} else
				add_name(&vals, pprof_str(p, lv[k].str));
		}
		buf_init(&b);
		{
			struct buf key;

			buf_init(&key);
			add_name(&key, pprof_str(p, lv[i].key));
			buf_printf(&b, "%10s:  %s\n", key.data != NULL ? key.data : "",
				   vals.data != NULL ? vals.data : "");
			buf_free(&key);
		}
		strlist_add(&lines, b.data);
		buf_free(&b);
		buf_free(&vals);
	}
	if (lines.n > 0) {
		qsort(lines.v, lines.n, sizeof *lines.v, cmp_str);
		for (size_t i = 0; i < lines.n; i++)
			buf_adds(out, lines.v[i]);
	}
	strlist_free(&lines);
}

static void frame_name(const struct pprof_profile *p, const struct pprof_location *l,
		       const struct pprof_line *ln, struct buf *out)
{
	const char *f =
	    ln != NULL && ln->func != PPROF_NONE ? pprof_str(p, p->functions[ln->func].name) : "";

	if (*f != '\0') {
		add_name(out, f);
		return;
	}
	f = l->mapping != PPROF_NONE ? pprof_str(p, p->mappings[l->mapping].file) : "";
	if (*f != '\0') {
		buf_addc(out, '[');
		add_name(out, base_name(f));
		buf_addc(out, ']');
	} else
		buf_adds(out, "<unknown>");
}

/* pprof merges the profile before any report (profile.Merge): samples with
 * the same stack (as read: before drop_frames cut it, which pprof does
 * after merging) and labels add up, in first-seen order, and samples whose
 * values are all zero go. Returns, per sample, the index of the sample that
 * carries its merged value (itself when it prints), or PPROF_NONE. */
static uint32_t *merge_samples(const struct pprof_profile *p, int idx, int64_t *merged)
{
	uint32_t *rep = xmalloc((p->nsamples + 1) * sizeof *rep);
	size_t cap = 16, mask;
	uint32_t *slot;

	while (cap < p->nsamples * 2)
		cap <<= 1;
	slot = xcalloc(cap, sizeof *slot);
	mask = cap - 1;
	for (size_t i = 0; i < p->nsamples; i++) {
		const struct pprof_sample *s = &p->samples[i];
		const int64_t *v = pprof_sample_values(p, i);
		size_t h = 1469598103934665603ULL, k;
		int zero = 1;

		for (k = 0; k < p->nsample_types; k++)
			zero = zero && v[k] == 0;
		rep[i] = PPROF_NONE;
		merged[i] = 0;
		if (zero)
			continue;
		for (k = 0; k < s->nloc + s->pruned; k++)
			h = (h ^ p->sample_locs[s->loc_off - s->pruned + k]) * 1099511628211ULL;
		for (k = 0; k < s->nlabel; k++)
			h = (h ^ p->labels[s->label_off + k].str ^
			     (size_t)p->labels[s->label_off + k].num) *
			    1099511628211ULL;
		for (h &= mask;; h = (h + 1) & mask) {
			const struct pprof_sample *o;

			if (slot[h] == 0) {
				slot[h] = (uint32_t)i + 1;
				rep[i] = (uint32_t)i;
				break;
			}
			o = &p->samples[slot[h] - 1];
			if (o->nloc + o->pruned == s->nloc + s->pruned && o->nlabel == s->nlabel &&
			    (s->nloc + s->pruned == 0 ||
			     memcmp(p->sample_locs + o->loc_off - o->pruned,
				    p->sample_locs + s->loc_off - s->pruned,
				    (s->nloc + s->pruned) * sizeof *p->sample_locs) == 0) &&
			    (s->nlabel == 0 || /* labels may be NULL */
			     memcmp(p->labels + o->label_off, p->labels + s->label_off,
				    s->nlabel * sizeof *p->labels) == 0)) {
				rep[i] = slot[h] - 1;
				break;
			}
		}
		merged[slot[h] - 1] = pprof_wadd(merged[slot[h] - 1], v[idx]);
	}
	free(slot);
	return rep;
}

void pprof_report_traces(const struct pprof_profile *p, int sample_index, struct buf *out)
{
	static const char sep[] =
	    "-----------+-------------------------------------------------------\n";
	struct pprof_graph g0;
	const char *unit;
	int64_t *merged;
	uint32_t *rep;

	/* Labels only need the type and total; build an empty-filtered graph. */
	memset(&g0, 0, sizeof g0);
	if (sample_index < 0)
		sample_index = pprof_default_index(p);
	if (sample_index < 0)
		return;
	unit = pprof_str(p, p->sample_types[sample_index].unit);
	g0.type = pprof_str(p, p->sample_types[sample_index].type);
	snprintf(g0.unit, sizeof g0.unit, "%s", unit);
	for (char *c = g0.unit; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	for (size_t i = 0; i < p->nsamples; i++) {
		int64_t v = pprof_sample_values(p, i)[sample_index];

		g0.total = pprof_wadd(g0.total, pprof_wabs(v));
	}
	pprof_report_labels(&g0, p, NULL, "minimum", out);
	merged = xmalloc((p->nsamples + 1) * sizeof *merged);
	rep = merge_samples(p, sample_index, merged);
	for (size_t i = 0; i < p->nsamples; i++) {
		const struct pprof_sample *s = &p->samples[i];
		int first = 1;

		if (s->nloc == 0 || rep[i] != i)
			continue;
		buf_adds(out, sep);
		trace_labels(p, s, 0, out);
		trace_labels(p, s, 1, out);
		for (uint32_t j = 0; j < s->nloc; j++) {
			const struct pprof_location *l =
			    &p->locations[p->sample_locs[s->loc_off + j]];
			uint32_t nl = l->nline > 0 ? l->nline : 1;

			for (uint32_t k = 0; k < nl; k++) {
				char v[64] = "";

				if (first)
					pprof_fmt(&g0, merged[i], "minimum", v, sizeof v);
				first = 0;
				buf_printf(out, "%10s   ", v);
				frame_name(p, l, l->nline > 0 ? &p->lines[l->line_off + k] : NULL,
					   out);
				if (k != nl - 1)
					buf_adds(out, " (inline)");
				buf_addc(out, '\n');
			}
		}
	}
	buf_adds(out, sep);
	free(rep);
	free(merged);
}
