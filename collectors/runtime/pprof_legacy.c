/* pprof_legacy.c: the debug=1 text profiles Go still serves, read into a
 * struct pprof_profile (see pprof.h and docs/formats.md section 12).
 *
 *   heap profile: IN: INB [AL: ALB] @ heap/RATE
 *   IN: INB [AL: ALB] @ 0xPC 0xPC ...
 *   #	0xPC	FUNC+0xOFF	FILE:LINE        (one per frame, inlined ones too)
 *
 *   --- contention:            (block and mutex)
 *   cycles/second=HZ
 *   sampling period=N          (mutex only)
 *   CYCLES COUNT @ 0xPC ...
 *   #	0xPC	FUNC+0xOFF	FILE:LINE
 *
 * Values follow pprof's legacy parser (internal/profile/legacy_profile.go):
 * heap samples are unsampled with RATE (scaleHeapSample) into alloc_objects,
 * alloc_space, inuse_objects, inuse_space; contention delays become
 * nanoseconds (cycles * period / GHz) and counts are multiplied by the
 * period. Names come from the "#" lines (pprof would need the binary). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/mathso.h"
#include "pprof.h"

struct lb {
	struct pprof_profile *p;
	struct strlist strs;
	uint32_t *hash; /* open addressing over strs, index+1 */
	size_t mask;
	size_t cap_samples, cap_values, cap_slocs, cap_locs, cap_lines, cap_funcs;
	int64_t pending[4];
	int have_pending;
	uint32_t pend_loc_off;
};

static size_t strhash(const char *s, size_t n)
{
	size_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static uint32_t intern(struct lb *b, const char *s, size_t n)
{
	size_t h;

	if (b->strs.n * 2 >= b->mask + 1) {
		size_t cap = (b->mask + 1) * 2;

		free(b->hash);
		b->hash = xcalloc(cap, sizeof *b->hash);
		b->mask = cap - 1;
		for (size_t i = 0; i < b->strs.n; i++) {
			const char *t = b->strs.v[i];

			for (h = strhash(t, strlen(t)) & b->mask; b->hash[h] != 0;
			     h = (h + 1) & b->mask)
				;
			b->hash[h] = (uint32_t)i + 1;
		}
	}
	for (h = strhash(s, n) & b->mask; b->hash[h] != 0; h = (h + 1) & b->mask) {
		const char *t = b->strs.v[b->hash[h] - 1];

		if (strlen(t) == n && memcmp(t, s, n) == 0)
			return b->hash[h] - 1;
	}
	{
		char *c = xstrndup(s, n);

		strlist_add(&b->strs, c);
		free(c);
	}
	b->hash[h] = (uint32_t)b->strs.n;
	return (uint32_t)b->strs.n - 1;
}

static void add_type(struct lb *b, const char *type, const char *unit)
{
	struct pprof_profile *p = b->p;

	p->sample_types =
	    xrealloc(p->sample_types, (p->nsample_types + 1) * sizeof *p->sample_types);
	p->sample_types[p->nsample_types].type = intern(b, type, strlen(type));
	p->sample_types[p->nsample_types].unit = intern(b, unit, strlen(unit));
	p->nsample_types++;
}

static void flush_sample(struct lb *b)
{
	struct pprof_profile *p = b->p;
	struct pprof_sample *s;

	if (!b->have_pending)
		return;
	p->samples = xgrow(p->samples, &b->cap_samples, p->nsamples + 1, sizeof *p->samples);
	p->values = xgrow(p->values, &b->cap_values, (p->nsamples + 1) * p->nsample_types,
			  sizeof *p->values);
	memcpy(p->values + p->nsamples * p->nsample_types, b->pending,
	       p->nsample_types * sizeof *p->values);
	s = &p->samples[p->nsamples++];
	memset(s, 0, sizeof *s);
	s->loc_off = b->pend_loc_off;
	s->nloc = (uint32_t)(p->nsample_locs - b->pend_loc_off);
	b->have_pending = 0;
}

/* "#\t0xPC\tFUNC+0xOFF\tFILE:LINE": one frame; consecutive frames with one
 * PC are one location (inlining), innermost first. */
static void add_frame(struct lb *b, const char *line, const char *end)
{
	struct pprof_profile *p = b->p;
	const char *q = line + 1, *fs, *fe, *file, *colon;
	unsigned long long pc;
	char *stop;
	struct pprof_location *l;
	struct pprof_function *f;

	while (q < end && (*q == '\t' || *q == ' '))
		q++;
	/* strtoull skips white space, newlines too: a frame line with no PC
	 * would take the next line's number and leave q past end. */
	if (q >= end || !isxdigit((unsigned char)*q))
		return;
	pc = strtoull(q, &stop, 16);
	if (stop == q || stop > end || !b->have_pending)
		return;
	q = stop;
	while (q < end && (*q == '\t' || *q == ' '))
		q++;
	fs = q;
	while (q < end && *q != '\t')
		q++;
	fe = q;
	for (const char *plus = fe; plus > fs; plus--)
		if (*plus == '+') {
			fe = plus;
			break;
		}
	while (q < end && *q == '\t')
		q++;
	file = q;
	colon = NULL;
	for (const char *c = end; c > file; c--)
		if (*c == ':') {
			colon = c;
			break;
		}

	p->functions = xgrow(p->functions, &b->cap_funcs, p->nfunctions + 1, sizeof *p->functions);
	f = &p->functions[p->nfunctions];
	memset(f, 0, sizeof *f);
	f->id = p->nfunctions + 1;
	f->name = f->system_name = intern(b, fs, (size_t)(fe - fs));
	f->filename = intern(b, file, (size_t)((colon != NULL ? colon : end) - file));
	p->nfunctions++;

	l = p->nlocations > 0 ? &p->locations[p->nlocations - 1] : NULL;
	if (l == NULL || l->address != pc || p->nsample_locs == b->pend_loc_off ||
	    p->sample_locs[p->nsample_locs - 1] != p->nlocations - 1) {
		p->locations =
		    xgrow(p->locations, &b->cap_locs, p->nlocations + 1, sizeof *p->locations);
		l = &p->locations[p->nlocations];
		memset(l, 0, sizeof *l);
		l->id = p->nlocations + 1;
		l->address = pc;
		l->mapping = PPROF_NONE;
		l->line_off = (uint32_t)p->nlines;
		p->sample_locs = xgrow(p->sample_locs, &b->cap_slocs, p->nsample_locs + 1,
				       sizeof *p->sample_locs);
		p->sample_locs[p->nsample_locs++] = (uint32_t)p->nlocations;
		p->nlocations++;
	}
	p->lines = xgrow(p->lines, &b->cap_lines, p->nlines + 1, sizeof *p->lines);
	p->lines[p->nlines].func = (uint32_t)p->nfunctions - 1;
	p->lines[p->nlines].line = colon != NULL ? strtoll(colon + 1, NULL, 10) : 0;
	p->nlines++;
	l->nline++;
}

/* Go's int64(float64) where the value does not fit: on amd64 the
 * conversion gives MinInt64 (CVTTSD2SQ's "indefinite"); in C it is
 * undefined, so do it by hand. NaN too. */
static int64_t f2i(double x)
{
	if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0))
		return INT64_MIN;
	return (int64_t)x;
}

static void scale_heap(int64_t count, int64_t size, int64_t rate, int64_t *oc, int64_t *os)
{
	double avg, scale;

	if (count == 0 || size == 0) {
		*oc = *os = 0;
		return;
	}
	if (rate <= 1) {
		*oc = count;
		*os = size;
		return;
	}
	avg = (double)size / (double)count;
	scale = 1 / (1 - mathso_exp(-avg / (double)rate));
	*oc = f2i((double)count * scale);
	*os = f2i((double)size * scale);
}

/* buf[len] must be NUL: sscanf, strtoull and the backward scans in
 * add_frame() stop there. */
static int legacy_parse_z(const char *buf, size_t len, struct pprof_profile *out, char **cause)
{
	struct lb b;
	const char *q = buf, *end = buf + len;
	int heap = 0;
	int64_t rate = 0, hz = 0, period = 1;
	size_t arena = 0;

	memset(out, 0, sizeof *out);
	if (len > PPROF_MAX_INFLATED)
		return err_set(cause, "text profile over the cap");
	memset(&b, 0, sizeof b);
	b.p = out;
	b.hash = xcalloc(64, sizeof *b.hash);
	b.mask = 63;
	intern(&b, "", 0);
	heap = str_has_prefix(buf, "heap profile:");
	if (heap) {
		add_type(&b, "alloc_objects", "count");
		add_type(&b, "alloc_space", "bytes");
		add_type(&b, "inuse_objects", "count");
		add_type(&b, "inuse_space", "bytes");
	} else {
		add_type(&b, "contentions", "count");
		add_type(&b, "delay", "nanoseconds");
		out->period_type = out->sample_types[0];
	}
	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q)), *le = nl != NULL ? nl : end;
		long long a, c, d, e;
		char at[8];

		if (heap && str_has_prefix(q, "heap profile:")) {
			const char *r = memchr(q, '@', (size_t)(le - q));

			if (r != NULL && sscanf(r, "@ heap/%lld", &a) == 1)
				rate = a;
			else if (r != NULL && sscanf(r, "@ heapprofile/%lld", &a) == 1)
				rate = a;
		} else if (!heap && sscanf(q, "cycles/second=%lld", &a) == 1) {
			hz = a;
		} else if (!heap && sscanf(q, "sampling period=%lld", &a) == 1) {
			period = a;
			out->period = a;
		} else if (*q == '#' && le - q > 1 && (q[1] == '\t' || q[1] == ' ')) {
			add_frame(&b, q, le);
		} else if (heap &&
			   sscanf(q, "%lld: %lld [%lld: %lld] %1s", &a, &c, &d, &e, at) == 5 &&
			   at[0] == '@') {
			flush_sample(&b);
			scale_heap(d, e, rate, &b.pending[0], &b.pending[1]);
			scale_heap(a, c, rate, &b.pending[2], &b.pending[3]);
			b.have_pending = 1;
			b.pend_loc_off = (uint32_t)out->nsample_locs;
		} else if (!heap && sscanf(q, "%lld %lld %1s", &a, &c, at) == 3 && at[0] == '@') {
			flush_sample(&b);
			if (period > 0 && hz > 0)
				a = (long long)((double)a * (double)period / ((double)hz / 1e9));
			if (period > 0)
				c = c * period;
			b.pending[0] = c;
			b.pending[1] = a;
			b.have_pending = 1;
			b.pend_loc_off = (uint32_t)out->nsample_locs;
		} else if (str_has_prefix(q, "# runtime.MemStats")) {
			break;
		}
		q = nl != NULL ? nl + 1 : end;
	}
	flush_sample(&b);
	if (!heap)
		out->period = period;
	out->nstrs = b.strs.n;
	out->strs = xcalloc(b.strs.n, sizeof *out->strs);
	for (size_t i = 0; i < b.strs.n; i++)
		arena += strlen(b.strs.v[i]) + 1;
	out->arena = xmalloc(arena);
	arena = 0;
	for (size_t i = 0; i < b.strs.n; i++) {
		size_t n = strlen(b.strs.v[i]) + 1;

		memcpy(out->arena + arena, b.strs.v[i], n);
		out->strs[i] = out->arena + arena;
		arena += n;
	}
	strlist_free(&b.strs);
	free(b.hash);
	out->legacy = 1;
	out->proto_bytes = len;
	return 0;
}

/* The input is target bytes with no terminator (a fetched body, a fuzzer's
 * buffer): parse a NUL-terminated copy, so no scan can run past its end. */
int pprof_legacy_parse(const char *buf, size_t len, struct pprof_profile *out, char **cause)
{
	char *z;
	int rc;

	memset(out, 0, sizeof *out);
	if (len > PPROF_MAX_INFLATED)
		return err_set(cause, "text profile over the cap");
	z = xmalloc(len + 1);
	memcpy(z, buf, len);
	z[len] = '\0';
	rc = legacy_parse_z(z, len, out, cause);
	free(z);
	return rc;
}
