/* gbucket.c: grouping goroutines by stack, sorting, diffing. */
#include "gbucket.h"

#include <cJSON.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"

#define PTR_FLOOR 0x80000ULL	       /* 512 KiB, panicparse's pointerFloor */
#define PTR_CEIL 0x7fffffffffffffffULL /* its pointerCeiling */

static inline uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

/* The hex word "0x..[?]" at s[i..n): its end, or 0 when s[i..] is not one
 * ending at a separator. */
static size_t hex_word(const char *s, size_t i, size_t n, uint64_t *v)
{
	size_t j = i + 2, nd = 0;
	uint64_t x = 0;

	if (i + 2 >= n || s[i] != '0' || s[i + 1] != 'x')
		return 0;
	for (; j < n; j++, nd++) {
		unsigned d = (unsigned char)s[j] - '0';

		if (d > 9) {
			d = ((unsigned char)s[j] | 0x20) - 'a';
			if (d > 5)
				break;
			d += 10;
		}
		x = (x << 4) | d;
	}
	if (j < n && s[j] == '?')
		j++;
	if (nd == 0 || nd > 16 || (j < n && s[j] != ',' && s[j] != ' ' && s[j] != '}'))
		return 0;
	*v = x;
	return j;
}

/* Go prints arguments as hex words, "{" "}" around aggregates, "_" for an
 * offset too large, "..." for a cut list and a trailing '?' for a value
 * that may be stale. Pointer-like words hash as one marker. */
static uint64_t args_pointer_hash(const char *s, size_t n)
{
	uint64_t h = 0x51, v;
	size_t i = 0, j;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == ',') {
			i++;
		} else if (c == '{' || c == '}') {
			h = mix(h, c);
			i++;
		} else if ((j = hex_word(s, i, n, &v)) != 0) {
			h = v > PTR_FLOOR && v < PTR_CEIL ? mix(h, 0x505452) : mix(h, v ^ 0x76);
			i = j;
		} else {
			for (j = i;
			     j < n && s[j] != ',' && s[j] != ' ' && s[j] != '{' && s[j] != '}'; j++)
				;
			h = mix(h, gdump_hash(s + i, j - i, 0x7a));
			i = j;
		}
	}
	return h;
}

static uint64_t args_hash(const struct gdump *d, const struct gdump_frame *f,
			  enum gbucket_mode mode)
{
	size_t n;
	const char *a = gdump_args(d, f, &n);

	if (mode == GBUCKET_EXACT)
		return gdump_hash(a, n, 0x41);
	return args_pointer_hash(a, n);
}

/* Per-frame argument hashes, computed once per build: the signature and
 * the equality check both need them. */
struct ctx {
	const struct gdump *d;
	enum gbucket_mode mode;
	uint64_t *ah; /* by frame index, NULL in GBUCKET_LOOSE */
};

/* Argument lists repeat ("0x0?, 0x0?" under every layer of a deep stack):
 * a direct-mapped memo on the text skips the per-character normalisation
 * for the repeats, verified by comparing the text itself. */
#define ARGS_MEMO 4096

struct args_memo {
	uint32_t off, len;
	uint64_t hash;
};

static void hash_all_args(struct ctx *x)
{
	const struct gdump *d = x->d;
	struct args_memo *memo = xcalloc(ARGS_MEMO, sizeof *memo);

	x->ah = xmalloc((d->nframes ? d->nframes : 1) * sizeof *x->ah);
	gdump_advise_huge(x->ah, d->nframes * sizeof *x->ah);
	for (size_t i = 0; i < d->ng; i++) {
		const struct gdump_goroutine *g = &d->g[i];

		for (uint32_t j = 0; j < g->nframes; j++) {
			const struct gdump_frame *f = &d->frames[g->frame0 + j];
			const char *a = d->text + f->args_off;
			struct args_memo *m;

			if (x->mode == GBUCKET_EXACT || f->args_len < 8) {
				x->ah[g->frame0 + j] = args_hash(d, f, x->mode);
				continue;
			}
			m = &memo[gdump_hash(a, f->args_len, 0x3d) & (ARGS_MEMO - 1)];
			if (m->len != f->args_len ||
			    memcmp(d->text + m->off, a, f->args_len) != 0) {
				m->off = f->args_off;
				m->len = f->args_len;
				m->hash = args_hash(d, f, x->mode);
			}
			x->ah[g->frame0 + j] = m->hash;
		}
	}
	free(memo);
}

static uint64_t frame_sig(const struct ctx *x, const struct gdump_frame *f, uint64_t h)
{
	const struct gdump *d = x->d;
	enum gbucket_mode mode = x->mode;

	h = mix(h, gdump_strhash(d, f->func));
	h = mix(h, gdump_strhash(d, f->file));
	h = mix(h, f->line);
	if (mode != GBUCKET_LOOSE)
		h = mix(h, x->ah[f - d->frames]);
	if (mode == GBUCKET_EXACT)
		h = mix(h, ((uint64_t)f->pcoff << 8) |
			       (f->flags & (GDUMP_F_OFFSET | GDUMP_F_INLINED)));
	return h;
}

static const uint32_t KEY_FLAGS = GDUMP_G_ELIDED | GDUMP_G_UNAVAILABLE;

static uint64_t goroutine_sig(const struct ctx *x, const struct gdump_goroutine *g)
{
	const struct gdump *d = x->d;
	enum gbucket_mode mode = x->mode;
	const struct gdump_frame *fr = gdump_gframes(d, g), *c = gdump_creator(d, g);
	uint64_t h = mix((uint64_t)mode + 1, gdump_strhash(d, g->state));
	uint32_t fl = g->flags & (KEY_FLAGS | (mode == GBUCKET_EXACT ? GDUMP_G_LOCKED : 0));

	h = mix(h, ((uint64_t)g->nframes << 8) | fl);
	for (uint32_t i = 0; i < g->nframes; i++)
		h = frame_sig(x, &fr[i], h);
	if (c != NULL) {
		h = mix(h, gdump_strhash(d, c->func));
		h = mix(h, gdump_strhash(d, c->file));
		h = mix(h, c->line);
	}
	return h;
}

static int same_frame(const struct ctx *x, const struct gdump_frame *a, const struct gdump_frame *b)
{
	const struct gdump *d = x->d;
	enum gbucket_mode mode = x->mode;

	if (a->func != b->func || a->file != b->file || a->line != b->line)
		return 0;
	if (mode == GBUCKET_LOOSE)
		return 1;
	if (mode == GBUCKET_EXACT)
		return a->pcoff == b->pcoff && a->args_len == b->args_len &&
		       ((a->flags ^ b->flags) & (GDUMP_F_OFFSET | GDUMP_F_INLINED)) == 0 &&
		       memcmp(d->text + a->args_off, d->text + b->args_off, a->args_len) == 0;
	return x->ah[a - d->frames] == x->ah[b - d->frames];
}

static int same_key(const struct ctx *x, const struct gdump_goroutine *a,
		    const struct gdump_goroutine *b)
{
	const struct gdump *d = x->d;
	enum gbucket_mode mode = x->mode;
	const struct gdump_frame *fa = gdump_gframes(d, a), *fb = gdump_gframes(d, b);
	const struct gdump_frame *ca = gdump_creator(d, a), *cb = gdump_creator(d, b);
	uint32_t mask = KEY_FLAGS | (mode == GBUCKET_EXACT ? GDUMP_G_LOCKED : 0);

	if (a->state != b->state || a->nframes != b->nframes || ((a->flags ^ b->flags) & mask))
		return 0;
	if ((ca == NULL) != (cb == NULL))
		return 0;
	if (ca != NULL && (ca->func != cb->func || ca->file != cb->file || ca->line != cb->line))
		return 0;
	for (uint32_t i = 0; i < a->nframes; i++)
		if (!same_frame(x, &fa[i], &fb[i]))
			return 0;
	return 1;
}

static void mark_main(struct gbuckets *b, const char *module)
{
	const struct gdump *d = b->d;
	size_t ml = module != NULL ? strlen(module) : 0;

	b->in_main = xcalloc(d->nstr ? d->nstr : 1, 1);
	for (size_t id = 1; id < d->nstr; id++) {
		const char *s = gdump_str(d, (uint32_t)id);
		size_t n = gdump_strlen(d, (uint32_t)id);

		b->in_main[id] = (n > 5 && memcmp(s, "main.", 5) == 0) ||
				 (ml > 0 && n > ml && memcmp(s, module, ml) == 0 &&
				  (s[ml] == '.' || s[ml] == '/'));
	}
}

static int cmp_bucket(const void *pa, const void *pb)
{
	const struct gbucket *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->rep < b->rep ? -1 : a->rep > b->rep;
}

void gbucket_build(const struct gdump *d, enum gbucket_mode mode, const char *module,
		   struct gbuckets *out)
{
	double t0 = now_mono();
	size_t nslots = 64, cap = 0;
	uint32_t *slots, *of, *remap, *fill;
	struct ctx x = {d, mode, NULL};

	memset(out, 0, sizeof *out);
	out->d = d;
	out->mode = mode;
	out->module = module != NULL && *module ? xstrdup(module) : NULL;
	mark_main(out, out->module);
	if (mode != GBUCKET_LOOSE)
		hash_all_args(&x);
	while (nslots < d->ng * 2)
		nslots *= 2;
	slots = xcalloc(nslots, sizeof *slots); /* bucket index + 1 */
	of = xmalloc((d->ng ? d->ng : 1) * sizeof *of);
	for (size_t gi = 0; gi < d->ng; gi++) {
		const struct gdump_goroutine *g = &d->g[gi];
		uint64_t sig = goroutine_sig(&x, g);
		size_t i = sig & (nslots - 1);
		struct gbucket *k;

		for (; slots[i] != 0; i = (i + 1) & (nslots - 1)) {
			k = &out->v[slots[i] - 1];
			if (k->sig == sig && same_key(&x, &d->g[k->rep], g))
				break;
		}
		if (slots[i] == 0) {
			out->v = xgrow(out->v, &cap, out->n + 1, sizeof *out->v);
			k = &out->v[out->n++];
			memset(k, 0, sizeof *k);
			k->sig = sig;
			k->rep = (uint32_t)gi;
			k->state = g->state;
			k->wait_min = k->wait_max = g->wait_minutes;
			k->prev = -1;
			slots[i] = (uint32_t)out->n;
		}
		k = &out->v[slots[i] - 1];
		k->count++;
		if (g->wait_minutes < k->wait_min)
			k->wait_min = g->wait_minutes;
		if (g->wait_minutes > k->wait_max)
			k->wait_max = g->wait_minutes;
		if (g->flags & GDUMP_G_LOCKED)
			k->locked++;
		of[gi] = (uint32_t)(slots[i] - 1);
	}
	free(slots);
	free(x.ah);
	/* Sort; of[] holds old bucket indices, so remap them through the reps
	 * (distinct goroutines), then lay members out in dump order. */
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, cmp_bucket);
	remap = xmalloc((out->n ? out->n : 1) * sizeof *remap);
	for (size_t i = 0; i < out->n; i++)
		remap[of[out->v[i].rep]] = (uint32_t)i;
	fill = xcalloc(out->n ? out->n : 1, sizeof *fill);
	{
		uint32_t at = 0;

		for (size_t i = 0; i < out->n; i++) {
			out->v[i].member0 = at;
			at += out->v[i].count;
		}
	}
	out->members = xmalloc((d->ng ? d->ng : 1) * sizeof *out->members);
	for (size_t gi = 0; gi < d->ng; gi++) {
		struct gbucket *k = &out->v[remap[of[gi]]];

		out->members[k->member0 + fill[remap[of[gi]]]++] = (uint32_t)gi;
	}
	for (size_t i = 0; i < out->n; i++) {
		struct gbucket *k = &out->v[i];
		const struct gdump_goroutine *g = &d->g[k->rep];
		const struct gdump_frame *fr = gdump_gframes(d, g);

		k->main_frame = -1;
		for (uint32_t j = 0; j < g->nframes; j++) {
			if (out->in_main[fr[j].func]) {
				k->main_frame = (int32_t)j;
				break;
			}
		}
	}
	free(fill);
	free(remap);
	free(of);
	out->seconds = now_mono() - t0;
}

void gbuckets_free(struct gbuckets *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->ngone; i++) {
		free(b->gone[i].state);
		free(b->gone[i].top);
	}
	free(b->gone);
	free(b->v);
	free(b->members);
	free(b->in_main);
	free(b->module);
	memset(b, 0, sizeof *b);
}

static int cmp_sig(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return a < b ? -1 : a > b;
}

/* Index of sig in a sorted array of (sig, index) pairs, or -1. */
static long find_sig(const uint64_t *pairs, size_t n, uint64_t sig)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (pairs[2 * mid] < sig)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && pairs[2 * lo] == sig ? (long)pairs[2 * lo + 1] : -1;
}

static char *top_label(const struct gbuckets *b, const struct gbucket *k)
{
	const struct gdump *d = b->d;
	const struct gdump_goroutine *g = &d->g[k->rep];
	const struct gdump_frame *fr = gdump_gframes(d, g);
	int j = k->main_frame >= 0 ? k->main_frame : 0;

	if (g->nframes == 0)
		return xstrdup("");
	return sanitize_str(gdump_str(d, fr[j].func));
}

void gbucket_diff(struct gbuckets *cur, const struct gbuckets *prev)
{
	size_t np = prev->n, nc = cur->n;
	uint64_t *ps = xmalloc((np ? np : 1) * 2 * sizeof *ps);
	uint64_t *cs = xmalloc((nc ? nc : 1) * 2 * sizeof *cs);

	for (size_t i = 0; i < np; i++) {
		ps[2 * i] = prev->v[i].sig;
		ps[2 * i + 1] = i;
	}
	for (size_t i = 0; i < nc; i++) {
		cs[2 * i] = cur->v[i].sig;
		cs[2 * i + 1] = i;
	}
	qsort(ps, np, 2 * sizeof *ps, cmp_sig);
	qsort(cs, nc, 2 * sizeof *cs, cmp_sig);
	for (size_t i = 0; i < nc; i++) {
		long j = find_sig(ps, np, cur->v[i].sig);

		cur->v[i].prev = j < 0 ? 0 : prev->v[j].count;
	}
	for (size_t i = 0; i < cur->ngone; i++) {
		free(cur->gone[i].state);
		free(cur->gone[i].top);
	}
	free(cur->gone);
	cur->gone = NULL;
	cur->ngone = 0;
	for (size_t i = 0; i < np; i++) {
		const struct gbucket *k = &prev->v[i];

		if (find_sig(cs, nc, k->sig) < 0) {
			struct gbucket_gone *g;

			cur->gone = xrealloc(cur->gone, (cur->ngone + 1) * sizeof *cur->gone);
			g = &cur->gone[cur->ngone++];
			g->sig = k->sig;
			g->count = k->count;
			g->state = sanitize_str(gdump_str(prev->d, k->state));
			g->top = top_label(prev, k);
		}
	}
	cur->diffed = 1;
	free(ps);
	free(cs);
}

/* ---- filters over function and file names
 * -------------------------------------------------------------- */

static inline int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

struct gbucket_filter {
	unsigned char *hit; /* per string id */
	size_t n;
};

static int icase_contains(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0)
		return 1;
	for (size_t i = 0; i + nn <= hn; i++) {
		size_t j = 0;

		while (j < nn && lower(hay[i + j]) == lower(needle[j]))
			j++;
		if (j == nn)
			return 1;
	}
	return 0;
}

struct gbucket_filter *gbucket_filter_new(const struct gdump *d, const char *pattern,
					  enum gbucket_filter_kind kind, char **cause)
{
	struct gbucket_filter *f = xcalloc(1, sizeof *f);
	regex_t re;
	size_t pn = strlen(pattern);

	if (kind != GBUCKET_FILTER_SUBSTR) {
		int flags =
		    REG_EXTENDED | REG_NOSUB | (kind == GBUCKET_FILTER_ICASE ? REG_ICASE : 0);
		int rc = regcomp(&re, pattern, flags);

		if (rc != 0) {
			char msg[256];

			regerror(rc, &re, msg, sizeof msg);
			err_set(cause, "bad regular expression \"%s\": %s", pattern, msg);
			free(f);
			return NULL;
		}
	}
	f->n = d->nstr;
	f->hit = xcalloc(f->n ? f->n : 1, 1);
	for (size_t id = 1; id < d->nstr; id++) {
		const char *s = gdump_str(d, (uint32_t)id);

		if (kind == GBUCKET_FILTER_SUBSTR)
			f->hit[id] = (unsigned char)icase_contains(s, d->str_len[id], pattern, pn);
		else
			f->hit[id] = regexec(&re, s, 0, NULL, 0) == 0;
	}
	if (kind != GBUCKET_FILTER_SUBSTR)
		regfree(&re);
	return f;
}

void gbucket_filter_free(struct gbucket_filter *f)
{
	if (f == NULL)
		return;
	free(f->hit);
	free(f);
}

int gbucket_filter_str(const struct gbucket_filter *f, uint32_t id)
{
	return id < f->n && f->hit[id];
}

static int frame_hits(const struct gbucket_filter *f, const struct gdump_frame *fr)
{
	return gbucket_filter_str(f, fr->func) || gbucket_filter_str(f, fr->file);
}

int gbucket_filter_goroutine(const struct gbucket_filter *f, const struct gdump *d,
			     const struct gdump_goroutine *g)
{
	const struct gdump_frame *fr = gdump_gframes(d, g), *c = gdump_creator(d, g);

	if (gbucket_filter_str(f, g->state))
		return 1;
	for (uint32_t i = 0; i < g->nframes; i++)
		if (frame_hits(f, &fr[i]))
			return 1;
	return c != NULL && frame_hits(f, c);
}

int gbucket_matches(const struct gbuckets *b, const struct gbucket *k,
		    const struct gbucket_filter *f)
{
	return f == NULL || gbucket_filter_goroutine(f, b->d, &b->d->g[k->rep]);
}

/* name is f, or f followed by ".func<digits>..." or "[...]". */
static int func_is(const char *name, size_t n, const char *f, size_t fl)
{
	if (n < fl || memcmp(name, f, fl) != 0)
		return 0;
	return n == fl || (n > fl + 5 && memcmp(name + fl, ".func", 5) == 0) ||
	       (n >= fl + 5 && memcmp(name + fl, "[...]", 5) == 0);
}

size_t gbucket_count_func(const struct gbuckets *b, const char *func, const struct gbucket **first)
{
	const struct gdump *d = b->d;
	size_t fl = strlen(func), total = 0;
	unsigned char *hit = xcalloc(d->nstr ? d->nstr : 1, 1);

	if (first != NULL)
		*first = NULL;
	for (size_t id = 1; id < d->nstr; id++)
		hit[id] = (unsigned char)func_is(gdump_str(d, (uint32_t)id),
						 gdump_strlen(d, (uint32_t)id), func, fl);
	for (size_t i = 0; i < b->n; i++) {
		const struct gdump_goroutine *g = &d->g[b->v[i].rep];
		const struct gdump_frame *fr = gdump_gframes(d, g);

		for (uint32_t j = 0; j < g->nframes; j++) {
			if (hit[fr[j].func]) {
				total += b->v[i].count;
				if (first != NULL && *first == NULL)
					*first = &b->v[i];
				break;
			}
		}
	}
	free(hit);
	return total;
}

const char *gbucket_mode_name(enum gbucket_mode m)
{
	switch (m) {
	case GBUCKET_EXACT:
		return "exact";
	case GBUCKET_LOOSE:
		return "loose";
	case GBUCKET_POINTERS:
		break;
	}
	return "pointers";
}

static char *hexsig(uint64_t sig)
{
	return xasprintf("%016llx", (unsigned long long)sig);
}

cJSON *gbuckets_to_json(const struct gbuckets *b, const struct gbucket_filter *f, size_t max_ids)
{
	const struct gdump *d = b->d;
	cJSON *top = cJSON_CreateObject(), *arr;

	cJSON_AddStringToObject(top, "mode", gbucket_mode_name(b->mode));
	if (b->module != NULL) {
		char *m = sanitize_str(b->module);

		cJSON_AddStringToObject(top, "module", m);
		free(m);
	}
	arr = cJSON_AddArrayToObject(top, "buckets");

	for (size_t i = 0; i < b->n; i++) {
		const struct gbucket *k = &b->v[i];
		const struct gdump_goroutine *g = &d->g[k->rep];
		const struct gdump_frame *fr = gdump_gframes(d, g), *c = gdump_creator(d, g);
		cJSON *o, *frames, *ids;
		char *s;

		if (!gbucket_matches(b, k, f))
			continue;
		o = cJSON_CreateObject();
		s = hexsig(k->sig);
		cJSON_AddStringToObject(o, "signature", s);
		free(s);
		cJSON_AddNumberToObject(o, "count", k->count);
		s = sanitize_str(gdump_str(d, k->state));
		cJSON_AddStringToObject(o, "state", s);
		free(s);
		cJSON_AddNumberToObject(o, "wait_min_minutes", k->wait_min);
		cJSON_AddNumberToObject(o, "wait_max_minutes", k->wait_max);
		cJSON_AddNumberToObject(o, "locked_to_thread", k->locked);
		if (g->flags & GDUMP_G_ELIDED)
			cJSON_AddBoolToObject(o, "frames_elided", 1);
		if (g->flags & GDUMP_G_UNAVAILABLE)
			cJSON_AddBoolToObject(o, "stack_unavailable", 1);
		if (b->diffed)
			cJSON_AddNumberToObject(o, "delta", (double)k->count - (double)k->prev);
		if (k->main_frame >= 0)
			cJSON_AddItemToObject(o, "main_frame",
					      gdump_frame_to_json(d, &fr[k->main_frame]));
		if (c != NULL)
			cJSON_AddItemToObject(o, "created_by", gdump_frame_to_json(d, c));
		frames = cJSON_AddArrayToObject(o, "frames");
		for (uint32_t j = 0; j < g->nframes; j++) {
			cJSON *fo = gdump_frame_to_json(d, &fr[j]);

			if (b->in_main[fr[j].func])
				cJSON_AddBoolToObject(fo, "main_module", 1);
			cJSON_AddItemToArray(frames, fo);
		}
		ids = cJSON_AddArrayToObject(o, "ids");
		for (uint32_t j = 0; j < k->count && j < max_ids; j++)
			cJSON_AddItemToArray(
			    ids, cJSON_CreateNumber((double)d->g[b->members[k->member0 + j]].id));
		cJSON_AddItemToArray(arr, o);
	}
	if (b->diffed) {
		cJSON *ga = cJSON_AddArrayToObject(top, "gone");

		for (size_t i = 0; i < b->ngone; i++) {
			cJSON *o = cJSON_CreateObject();
			char *s = hexsig(b->gone[i].sig);

			cJSON_AddStringToObject(o, "signature", s);
			free(s);
			cJSON_AddNumberToObject(o, "count", b->gone[i].count);
			cJSON_AddStringToObject(o, "state", b->gone[i].state);
			cJSON_AddStringToObject(o, "top", b->gone[i].top);
			cJSON_AddItemToArray(ga, o);
		}
	}
	return top;
}
