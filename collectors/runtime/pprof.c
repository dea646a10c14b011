/* pprof.c: gunzip and decode profile.proto into arrays (see pprof.h). */
#include "pprof.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/protobuf.h"

/* ---- id -> index maps ---------------------------------------------------- */

struct idmap {
	uint64_t *ids; /* 0 = empty slot (0 is never a valid id) */
	uint32_t *idx;
	size_t mask;
	/* Go numbers its ids 1..n in order: while every put so far was id
	 * i+1 for index i, a lookup is a subtraction (ndense of them). */
	size_t ndense;
	int sparse;
};

static void idmap_init(struct idmap *m, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2)
		cap <<= 1;
	m->ids = xcalloc(cap, sizeof *m->ids);
	m->idx = xcalloc(cap, sizeof *m->idx);
	m->mask = cap - 1;
	m->ndense = 0;
	m->sparse = 0;
}

static void idmap_free(struct idmap *m)
{
	free(m->ids);
	free(m->idx);
}

static size_t idhash(uint64_t id)
{
	id ^= id >> 33;
	id *= 0xff51afd7ed558ccdULL;
	id ^= id >> 33;
	return (size_t)id;
}

/* 0 added, -1 duplicate. */
static int idmap_put(struct idmap *m, uint64_t id, uint32_t i)
{
	if (!m->sparse && id == (uint64_t)i + 1 && i == m->ndense)
		m->ndense++;
	else
		m->sparse = 1;
	for (size_t h = idhash(id) & m->mask;; h = (h + 1) & m->mask) {
		if (m->ids[h] == 0) {
			m->ids[h] = id;
			m->idx[h] = i;
			return 0;
		}
		if (m->ids[h] == id)
			return -1;
	}
}

static uint32_t idmap_get(const struct idmap *m, uint64_t id)
{
	if (id == 0)
		return PPROF_NONE;
	if (!m->sparse)
		return id <= m->ndense ? (uint32_t)(id - 1) : PPROF_NONE;
	for (size_t h = idhash(id) & m->mask;; h = (h + 1) & m->mask) {
		if (m->ids[h] == 0)
			return PPROF_NONE;
		if (m->ids[h] == id)
			return m->idx[h];
	}
}

/* ---- the message --------------------------------------------------------- */

struct dec {
	struct pprof_profile *p;
	char **cause;
	/* Samples are decoded last (pass_samples), after the locations are
	 * resolved, so a frame's location id turns into its index at once:
	 * no array of raw ids as large as the frames (a page fault per 512
	 * frames was a third of the decode's time). */
	struct idmap lm;
	uint64_t *line_func_ids; /* parallel to lines, resolved after the walk */
	uint64_t *loc_mapping_ids;
	size_t cap_samples, cap_values, cap_slocs, cap_labels, cap_lines, cap_comments;
};

static int bad(struct dec *d, const char *what)
{
	return err_set(d->cause, "profile.proto: malformed %s", what);
}

/* A repeated scalar: packed (LEN) or one VARINT. Calls add(v) per value. */
#define FOR_EACH_VARINT(f, v, body)                                                                \
	do {                                                                                       \
		if ((f)->wire == PROTOBUF_VARINT) {                                                \
			uint64_t v = (f)->u;                                                       \
			body;                                                                      \
		} else if ((f)->wire == PROTOBUF_LEN) {                                            \
			const uint8_t *q_ = (f)->data, *e_ = q_ + (f)->len;                        \
			while (q_ < e_) {                                                          \
				uint64_t v;                                                        \
				if (protobuf_read_varint(&q_, e_, &v) < 0)                         \
					return bad(d, "packed varints");                           \
				body;                                                              \
			}                                                                          \
		} else                                                                             \
			return bad(d, "field type");                                               \
	} while (0)

static int want_varint(struct dec *d, const struct protobuf_field *f, const char *what)
{
	return f->wire == PROTOBUF_VARINT ? 0 : bad(d, what);
}

static int str_index(struct dec *d, uint64_t v, uint32_t *out, const char *what)
{
	/* Checked against the table at the end: the table may come last. */
	if (v > UINT32_MAX - 1)
		return err_set(d->cause, "profile.proto: %s string index %llu out of range", what,
			       (unsigned long long)v);
	*out = (uint32_t)v;
	return 0;
}

static int dec_valuetype(struct dec *d, const struct protobuf_field *f, struct pprof_valuetype *vt)
{
	struct protobuf_iter it;
	struct protobuf_field g;
	int r;

	protobuf_iter_init(&it, f->data, f->len);
	while ((r = protobuf_next(&it, &g)) > 0) {
		if (g.num == 1 || g.num == 2) {
			if (want_varint(d, &g, "value type") < 0 ||
			    str_index(d, g.u, g.num == 1 ? &vt->type : &vt->unit, "value type") < 0)
				return -1;
		}
	}
	return r < 0 ? bad(d, "value type") : 0;
}

static int dec_label(struct dec *d, const uint8_t *data, size_t len)
{
	struct pprof_profile *p = d->p;
	struct pprof_label *l;
	struct protobuf_iter it;
	struct protobuf_field g;
	int r;

	p->labels = xgrow(p->labels, &d->cap_labels, p->nlabels + 1, sizeof *p->labels);
	l = &p->labels[p->nlabels++];
	memset(l, 0, sizeof *l);
	protobuf_iter_init(&it, data, len);
	while ((r = protobuf_next(&it, &g)) > 0) {
		if (g.num < 1 || g.num > 4)
			continue;
		if (want_varint(d, &g, "label") < 0)
			return -1;
		if (g.num == 1 && str_index(d, g.u, &l->key, "label key") < 0)
			return -1;
		if (g.num == 2 && str_index(d, g.u, &l->str, "label value") < 0)
			return -1;
		if (g.num == 3)
			l->num = (int64_t)g.u;
		if (g.num == 4 && str_index(d, g.u, &l->num_unit, "label unit") < 0)
			return -1;
	}
	return r < 0 ? bad(d, "label") : 0;
}

static int dec_sample(struct dec *d, const struct protobuf_field *f)
{
	struct pprof_profile *p = d->p;
	struct pprof_sample s = {0};
	size_t nvalues = 0, values_at;
	struct protobuf_iter it;
	struct protobuf_field g;
	int r;

	if (p->nsamples >= UINT32_MAX - 1)
		return err_set(d->cause, "profile.proto: too many samples");
	s.loc_off = (uint32_t)p->nsample_locs;
	s.label_off = (uint32_t)p->nlabels;
	values_at = p->nsamples * p->nsample_types;
	p->values =
	    xgrow(p->values, &d->cap_values, values_at + p->nsample_types + 1, sizeof *p->values);
	protobuf_iter_init(&it, f->data, f->len);
	while ((r = protobuf_next(&it, &g)) > 0) {
		switch (g.num) {
		case 1:
			FOR_EACH_VARINT(&g, v, {
				if (p->nsample_locs >= UINT32_MAX - 1)
					return err_set(d->cause, "profile.proto: too many frames");
				uint32_t li = idmap_get(&d->lm, v);
				if (li == PPROF_NONE)
					return err_set(d->cause,
						       "profile.proto: a sample names location "
						       "%llu, not defined",
						       (unsigned long long)v);
				p->sample_locs = xgrow(p->sample_locs, &d->cap_slocs,
						       p->nsample_locs + 1, sizeof *p->sample_locs);
				p->sample_locs[p->nsample_locs++] = li;
			});
			break;
		case 2:
			FOR_EACH_VARINT(&g, v, {
				if (nvalues < p->nsample_types)
					p->values[values_at + nvalues] = (int64_t)v;
				nvalues++;
			});
			break;
		case 3:
			if (g.wire != PROTOBUF_LEN)
				return bad(d, "sample label");
			if (dec_label(d, g.data, g.len) < 0)
				return -1;
			break;
		default:
			break;
		}
	}
	if (r < 0)
		return bad(d, "sample");
	if (nvalues != p->nsample_types)
		return err_set(d->cause,
			       "profile.proto: sample %zu has %zu values but the profile declares "
			       "%zu sample types",
			       p->nsamples, nvalues, p->nsample_types);
	s.nloc = (uint32_t)(p->nsample_locs - s.loc_off);
	s.nlabel = (uint32_t)(p->nlabels - s.label_off);
	p->samples = xgrow(p->samples, &d->cap_samples, p->nsamples + 1, sizeof *p->samples);
	p->samples[p->nsamples++] = s;
	return 0;
}

static int dec_mapping(struct dec *d, const struct protobuf_field *f, struct pprof_mapping *m)
{
	struct protobuf_iter it;
	struct protobuf_field g;
	int r;

	memset(m, 0, sizeof *m);
	protobuf_iter_init(&it, f->data, f->len);
	while ((r = protobuf_next(&it, &g)) > 0) {
		if (g.num < 1 || g.num > 10)
			continue;
		if (want_varint(d, &g, "mapping") < 0)
			return -1;
		switch (g.num) {
		case 1:
			m->id = g.u;
			break;
		case 2:
			m->start = g.u;
			break;
		case 3:
			m->limit = g.u;
			break;
		case 4:
			m->offset = g.u;
			break;
		case 5:
			if (str_index(d, g.u, &m->file, "mapping file") < 0)
				return -1;
			break;
		case 6:
			if (str_index(d, g.u, &m->build_id, "mapping build id") < 0)
				return -1;
			break;
		case 7:
			m->has_functions = g.u != 0;
			break;
		case 8:
			m->has_filenames = g.u != 0;
			break;
		case 9:
			m->has_line_numbers = g.u != 0;
			break;
		case 10:
			m->has_inline_frames = g.u != 0;
			break;
		}
	}
	return r < 0 ? bad(d, "mapping") : 0;
}

static int dec_line(struct dec *d, const struct protobuf_field *f)
{
	struct pprof_profile *p = d->p;
	struct protobuf_iter it;
	struct protobuf_field g;
	uint64_t fid = 0;
	int64_t line = 0;
	int r;

	protobuf_iter_init(&it, f->data, f->len);
	while ((r = protobuf_next(&it, &g)) > 0) {
		if (g.num != 1 && g.num != 2)
			continue; /* 3: column, newer than Go's pprof */
		if (want_varint(d, &g, "line") < 0)
			return -1;
		if (g.num == 1)
			fid = g.u;
		else
			line = (int64_t)g.u;
	}
	if (r < 0)
		return bad(d, "line");
	if (p->nlines >= UINT32_MAX - 1)
		return err_set(d->cause, "profile.proto: too many lines");
	size_t had = d->cap_lines;
	p->lines = xgrow(p->lines, &d->cap_lines, p->nlines + 1, sizeof *p->lines);
	if (d->cap_lines != had)
		d->line_func_ids =
		    xrealloc(d->line_func_ids, d->cap_lines * sizeof *d->line_func_ids);
	p->lines[p->nlines].func = PPROF_NONE;
	p->lines[p->nlines].line = line;
	d->line_func_ids[p->nlines++] = fid;
	return 0;
}

static int dec_location(struct dec *d, const struct protobuf_field *f, struct pprof_location *l,
			uint64_t *mapping_id)
{
	struct protobuf_iter it;
	struct protobuf_field g;
	int r;

	memset(l, 0, sizeof *l);
	l->line_off = (uint32_t)d->p->nlines;
	*mapping_id = 0;
	protobuf_iter_init(&it, f->data, f->len);
	while ((r = protobuf_next(&it, &g)) > 0) {
		if (g.num == 4) {
			if (g.wire != PROTOBUF_LEN)
				return bad(d, "location line");
			if (dec_line(d, &g) < 0)
				return -1;
			continue;
		}
		if (g.num < 1 || g.num > 5)
			continue;
		if (want_varint(d, &g, "location") < 0)
			return -1;
		if (g.num == 1)
			l->id = g.u;
		else if (g.num == 2)
			*mapping_id = g.u;
		else if (g.num == 3)
			l->address = g.u;
		else
			l->is_folded = g.u != 0;
	}
	if (r < 0)
		return bad(d, "location");
	l->nline = (uint32_t)(d->p->nlines - l->line_off);
	return 0;
}

static int dec_function(struct dec *d, const struct protobuf_field *f, struct pprof_function *fn)
{
	struct protobuf_iter it;
	struct protobuf_field g;
	int r;

	memset(fn, 0, sizeof *fn);
	protobuf_iter_init(&it, f->data, f->len);
	while ((r = protobuf_next(&it, &g)) > 0) {
		if (g.num < 1 || g.num > 5)
			continue;
		if (want_varint(d, &g, "function") < 0)
			return -1;
		if ((g.num == 2 && str_index(d, g.u, &fn->name, "function name") < 0) ||
		    (g.num == 3 && str_index(d, g.u, &fn->system_name, "function name") < 0) ||
		    (g.num == 4 && str_index(d, g.u, &fn->filename, "function file") < 0))
			return -1;
		if (g.num == 1)
			fn->id = g.u;
		else if (g.num == 5)
			fn->start_line = (int64_t)g.u;
	}
	return r < 0 ? bad(d, "function") : 0;
}

/* Pass 1: counts, the string table and sample types (values need their
 * count before any sample is read). */
static int pass_counts(struct dec *d, const void *buf, size_t len, size_t *nmap, size_t *nloc,
		       size_t *nfunc)
{
	struct pprof_profile *p = d->p;
	struct protobuf_iter it;
	struct protobuf_field f;
	size_t nstr = 0, strbytes = 0, cap_types = 0;
	int r;

	protobuf_iter_init(&it, buf, len);
	while ((r = protobuf_next(&it, &f)) > 0) {
		if (f.num >= 1 && f.num <= 6 && f.wire != PROTOBUF_LEN)
			return bad(d, "top-level field");
		switch (f.num) {
		case 1:
			if (p->nsample_types >= PPROF_MAX_SAMPLE_TYPES)
				return err_set(d->cause, "profile.proto: more than %d sample types",
					       PPROF_MAX_SAMPLE_TYPES);
			p->sample_types = xgrow(p->sample_types, &cap_types, p->nsample_types + 1,
						sizeof *p->sample_types);
			memset(&p->sample_types[p->nsample_types], 0, sizeof *p->sample_types);
			if (dec_valuetype(d, &f, &p->sample_types[p->nsample_types++]) < 0)
				return -1;
			break;
		case 3:
			(*nmap)++;
			break;
		case 4:
			(*nloc)++;
			break;
		case 5:
			(*nfunc)++;
			break;
		case 6:
			if (++nstr > PPROF_MAX_STRINGS)
				return err_set(d->cause, "profile.proto: more than %zu strings",
					       PPROF_MAX_STRINGS);
			strbytes += f.len + 1;
			break;
		default:
			break;
		}
	}
	if (r < 0)
		return bad(d, "message");
	if (nstr == 0)
		return err_set(d->cause, "profile.proto: no string table (not a profile?)");
	p->strs = xcalloc(nstr, sizeof *p->strs);
	p->arena = xmalloc(strbytes);
	return 0;
}

static int scalar(struct dec *d, const struct protobuf_field *f, uint64_t *v)
{
	if (want_varint(d, f, "top-level scalar") < 0)
		return -1;
	*v = f->u;
	return 0;
}

static int pass_decode(struct dec *d, const void *buf, size_t len, uint64_t *loc_map_ids)
{
	struct pprof_profile *p = d->p;
	struct protobuf_iter it;
	struct protobuf_field f;
	size_t arena = 0;
	uint64_t v;
	int r;

	protobuf_iter_init(&it, buf, len);
	while ((r = protobuf_next(&it, &f)) > 0) {
		int rc = 0;

		switch (f.num) {
		case 2: /* pass_samples, once the locations are known */
			break;
		case 3:
			rc = dec_mapping(d, &f, &p->mappings[p->nmappings++]);
			break;
		case 4:
			rc = dec_location(d, &f, &p->locations[p->nlocations],
					  &loc_map_ids[p->nlocations]);
			p->nlocations++;
			break;
		case 5:
			rc = dec_function(d, &f, &p->functions[p->nfunctions++]);
			break;
		case 6:
			memcpy(p->arena + arena, f.data, f.len);
			p->arena[arena + f.len] = '\0';
			p->strs[p->nstrs++] = p->arena + arena;
			arena += f.len + 1;
			break;
		case 7:
		case 8:
		case 14:
			if ((rc = scalar(d, &f, &v)) == 0)
				rc = str_index(d, v,
					       f.num == 7   ? &p->drop_frames
					       : f.num == 8 ? &p->keep_frames
							    : &p->default_sample_type,
					       "profile");
			break;
		case 9:
			rc = scalar(d, &f, (uint64_t *)&p->time_nanos);
			break;
		case 10:
			rc = scalar(d, &f, (uint64_t *)&p->duration_nanos);
			break;
		case 11:
			rc = f.wire == PROTOBUF_LEN ? dec_valuetype(d, &f, &p->period_type)
						    : bad(d, "period type");
			break;
		case 12:
			rc = scalar(d, &f, (uint64_t *)&p->period);
			break;
		case 13: {
			size_t cap = p->ncomments;

			FOR_EACH_VARINT(&f, c, {
				uint32_t ci = 0;

				if (str_index(d, c, &ci, "comment") < 0)
					return -1;
				p->comments =
				    xgrow(p->comments, &cap, p->ncomments + 1, sizeof *p->comments);
				p->comments[p->ncomments++] = ci;
			});
			break;
		}
		default:
			break;
		}
		if (rc < 0)
			return -1;
	}
	return r < 0 ? bad(d, "message") : 0;
}

/* Pass 3: the samples, each frame's location id looked up in d->lm. */
static int pass_samples(struct dec *d, const void *buf, size_t len)
{
	struct protobuf_iter it;
	struct protobuf_field f;
	int r;

	protobuf_iter_init(&it, buf, len);
	while ((r = protobuf_next(&it, &f)) > 0)
		if (f.num == 2 && dec_sample(d, &f) < 0)
			return -1;
	return r < 0 ? bad(d, "message") : 0;
}

static int check_str(struct dec *d, uint32_t i, const char *what)
{
	if (i < d->p->nstrs)
		return 0;
	return err_set(d->cause, "profile.proto: %s refers to string %u, the table has %zu", what,
		       i, d->p->nstrs);
}

/* After the samples: the labels' string indices in range. */
static int check_labels(struct dec *d)
{
	struct pprof_profile *p = d->p;

	for (size_t i = 0; i < p->nlabels; i++)
		if (check_str(d, p->labels[i].key, "a label") < 0 ||
		    check_str(d, p->labels[i].str, "a label") < 0 ||
		    check_str(d, p->labels[i].num_unit, "a label") < 0)
			return -1;
	return 0;
}

/* Before the samples: every string index in range, every id defined and
 * unique; d->lm maps location ids for pass_samples. */
static int resolve(struct dec *d, const uint64_t *loc_map_ids)
{
	struct pprof_profile *p = d->p;
	struct idmap mm, fm, *lm = &d->lm;
	int rc = -1;

	if (p->strs[0][0] != '\0')
		return err_set(d->cause, "profile.proto: string_table[0] must be empty");
	for (size_t i = 0; i < p->nsample_types; i++)
		if (check_str(d, p->sample_types[i].type, "a sample type") < 0 ||
		    check_str(d, p->sample_types[i].unit, "a sample unit") < 0)
			return -1;
	for (size_t i = 0; i < p->ncomments; i++)
		if (check_str(d, p->comments[i], "a comment") < 0)
			return -1;
	if (check_str(d, p->drop_frames, "drop_frames") < 0 ||
	    check_str(d, p->keep_frames, "keep_frames") < 0 ||
	    check_str(d, p->default_sample_type, "default_sample_type") < 0 ||
	    check_str(d, p->period_type.type, "period_type") < 0 ||
	    check_str(d, p->period_type.unit, "period_type") < 0)
		return -1;

	idmap_init(&mm, p->nmappings);
	idmap_init(lm, p->nlocations);
	idmap_init(&fm, p->nfunctions);
	for (size_t i = 0; i < p->nmappings; i++) {
		struct pprof_mapping *m = &p->mappings[i];

		if (m->id == 0 || idmap_put(&mm, m->id, (uint32_t)i) < 0) {
			err_set(d->cause, "profile.proto: mapping id %llu is %s",
				(unsigned long long)m->id, m->id == 0 ? "zero" : "defined twice");
			goto out;
		}
		if (check_str(d, m->file, "a mapping") < 0 ||
		    check_str(d, m->build_id, "a mapping") < 0)
			goto out;
	}
	for (size_t i = 0; i < p->nfunctions; i++) {
		struct pprof_function *f = &p->functions[i];

		if (f->id == 0 || idmap_put(&fm, f->id, (uint32_t)i) < 0) {
			err_set(d->cause, "profile.proto: function id %llu is %s",
				(unsigned long long)f->id, f->id == 0 ? "zero" : "defined twice");
			goto out;
		}
		if (check_str(d, f->name, "a function") < 0 ||
		    check_str(d, f->system_name, "a function") < 0 ||
		    check_str(d, f->filename, "a function") < 0)
			goto out;
	}
	for (size_t i = 0; i < p->nlocations; i++) {
		struct pprof_location *l = &p->locations[i];

		if (l->id == 0 || idmap_put(lm, l->id, (uint32_t)i) < 0) {
			err_set(d->cause, "profile.proto: location id %llu is %s",
				(unsigned long long)l->id, l->id == 0 ? "zero" : "defined twice");
			goto out;
		}
		l->mapping = idmap_get(&mm, loc_map_ids[i]);
		if (loc_map_ids[i] != 0 && l->mapping == PPROF_NONE) {
			err_set(d->cause,
				"profile.proto: location %llu names mapping %llu, not defined",
				(unsigned long long)l->id, (unsigned long long)loc_map_ids[i]);
			goto out;
		}
	}
	for (size_t i = 0; i < p->nlines; i++) {
		uint64_t fid = d->line_func_ids[i];

		p->lines[i].func = idmap_get(&fm, fid);
		if (fid != 0 && p->lines[i].func == PPROF_NONE) {
			err_set(d->cause, "profile.proto: a line names function %llu, not defined",
				(unsigned long long)fid);
			goto out;
		}
	}
	rc = 0;
out:
	idmap_free(&mm);
	idmap_free(&fm);
	return rc;
}

int pprof_decode_proto(const void *buf, size_t len, struct pprof_profile *out, char **cause)
{
	struct dec d;
	size_t nmap = 0, nloc = 0, nfunc = 0;
	uint64_t *loc_map_ids = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	memset(&d, 0, sizeof d);
	d.p = out;
	d.cause = cause;
	if (pass_counts(&d, buf, len, &nmap, &nloc, &nfunc) < 0)
		goto out;
	out->mappings = xcalloc(nmap + 1, sizeof *out->mappings);
	out->locations = xcalloc(nloc + 1, sizeof *out->locations);
	out->functions = xcalloc(nfunc + 1, sizeof *out->functions);
	loc_map_ids = xcalloc(nloc + 1, sizeof *loc_map_ids);
	if (pass_decode(&d, buf, len, loc_map_ids) < 0 || resolve(&d, loc_map_ids) < 0 ||
	    pass_samples(&d, buf, len) < 0 || check_labels(&d) < 0)
		goto out;
	pprof_prune(out); /* as pprof does on load: pprof_prune.c */
	out->proto_bytes = len;
	rc = 0;
out:
	free(loc_map_ids);
	idmap_free(&d.lm);
	free(d.line_func_ids);
	if (rc < 0)
		pprof_free(out);
	return rc;
}

void pprof_free(struct pprof_profile *p)
{
	if (p == NULL)
		return;
	free(p->strs);
	free(p->arena);
	free(p->sample_types);
	free(p->samples);
	free(p->values);
	free(p->sample_locs);
	free(p->labels);
	free(p->mappings);
	free(p->locations);
	free(p->lines);
	free(p->functions);
	free(p->comments);
	memset(p, 0, sizeof *p);
}
