/* goroutines_snap.c: a parsed, bucketed debug=2 fetch and the pure helpers
 * the goroutines pane draws it with. */
#include "goroutines_snap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "textwrap.h"
#include "collectors/runtime/memstats.h"

struct goroutines_snap *goroutines_snap_new(void)
{
	struct goroutines_snap *s = xcalloc(1, sizeof *s);

	s->total_before = -1;
	return s;
}

/* Labels the gone buckets of view v the way the pane labelled them. */
static void label_gone(struct goroutines_snap *s, enum goroutines_view v,
		       const struct goroutines_snap *prev, const char *module)
{
	const struct gbuckets *b = &s->b[v], *pb = &prev->b[v];

	if (b->ngone == 0)
		return;
	s->gone_top[v] = xcalloc(b->ngone, sizeof *s->gone_top[v]);
	for (size_t i = 0; i < b->ngone; i++) {
		long r = goroutines_snap_find_sig(prev, v, b->gone[i].sig);
		const struct gbucket *k;
		int is_main, j;

		if (r < 0)
			continue;
		k = &pb->v[r];
		j = goroutines_snap_top(pb, k, module, &is_main);
		if (j >= 0)
			s->gone_top[v][i] = xstrdup(gdump_str(
			    &prev->d, gdump_gframes(&prev->d, gbucket_rep(pb, k))[j].func));
	}
}

int goroutines_snap_build(struct goroutines_snap *s, struct buf *body, const char *module,
			  const struct goroutines_snap *prev, char **cause)
{
	double t0 = now_mono();

	s->bytes = body->len;
	if (gdump_parse_buf(body, &s->d, cause) != 0)
		return -1;
	if (s->d.ng == 0) {
		err_set(cause,
			"the answer holds no \"goroutine N [state]:\" line (%zu lines): "
			"is this net/http/pprof's goroutine?debug=2?",
			s->d.lines);
		return -1;
	}
	gbucket_build(&s->d, GBUCKET_LOOSE, module, &s->b[GOROUTINES_LOOSE]);
	gbucket_build(&s->d, GBUCKET_EXACT, module, &s->b[GOROUTINES_EXACT]);
	if (prev != NULL && prev->d.ng > 0) {
		gbucket_diff(&s->b[GOROUTINES_LOOSE], &prev->b[GOROUTINES_LOOSE]);
		gbucket_diff(&s->b[GOROUTINES_EXACT], &prev->b[GOROUTINES_EXACT]);
		label_gone(s, GOROUTINES_LOOSE, prev, module);
		label_gone(s, GOROUTINES_EXACT, prev, module);
	}
	s->parse_seconds = now_mono() - t0;
	return 0;
}

void goroutines_snap_free(struct goroutines_snap *s)
{
	if (s == NULL)
		return;
	gbucket_filter_free(s->filt);
	for (int v = 0; v < 2; v++) {
		for (size_t i = 0; s->gone_top[v] != NULL && i < s->b[v].ngone; i++)
			free(s->gone_top[v][i]);
		free(s->gone_top[v]);
	}
	gbuckets_free(&s->b[GOROUTINES_LOOSE]);
	gbuckets_free(&s->b[GOROUTINES_EXACT]);
	gdump_free(&s->d);
	free(s);
}

/* ---- rows -------------------------------------------------------------- */

size_t goroutines_snap_rows(const struct goroutines_snap *s, enum goroutines_view v)
{
	return s == NULL ? 0 : s->b[v].n + s->b[v].ngone;
}

const struct gbucket *goroutines_snap_bucket(const struct goroutines_snap *s,
					     enum goroutines_view v, size_t row,
					     const struct gbucket_gone **gone)
{
	const struct gbuckets *b = &s->b[v];

	if (gone != NULL)
		*gone = NULL;
	if (row < b->n)
		return &b->v[row];
	if (gone != NULL && row - b->n < b->ngone)
		*gone = &b->gone[row - b->n];
	return NULL;
}

const char *goroutines_snap_gone_top(const struct goroutines_snap *s, enum goroutines_view v,
				     size_t row)
{
	const struct gbuckets *b = &s->b[v];

	if (row < b->n || row - b->n >= b->ngone)
		return NULL;
	if (s->gone_top[v] != NULL && s->gone_top[v][row - b->n] != NULL)
		return s->gone_top[v][row - b->n];
	return b->gone[row - b->n].top;
}

static int icase_has(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

int goroutines_snap_match(struct goroutines_snap *s, enum goroutines_view v, size_t row,
			  const char *text)
{
	const struct gbucket_gone *gone;
	const struct gbucket *k = goroutines_snap_bucket(s, v, row, &gone);

	if (k == NULL)
		return gone != NULL && icase_has(goroutines_snap_gone_top(s, v, row), text);
	/* One filter per text: each distinct string is tested once. */
	if (s->filt == NULL || strcmp(s->filt_text, text) != 0) {
		gbucket_filter_free(s->filt);
		s->filt = gbucket_filter_new(&s->d, text, GBUCKET_FILTER_SUBSTR, NULL);
		snprintf(s->filt_text, sizeof s->filt_text, "%s", text);
	}
	return s->filt != NULL && gbucket_matches(&s->b[v], k, s->filt);
}

long goroutines_snap_find_id(const struct goroutines_snap *s, enum goroutines_view v,
			     unsigned long long id)
{
	const struct gbuckets *b = &s->b[v];

	for (size_t i = 0; i < b->n; i++) {
		const uint32_t *m = gbucket_members(b, &b->v[i]);

		for (uint32_t j = 0; j < b->v[i].count; j++)
			if (s->d.g[m[j]].id == id)
				return (long)i;
	}
	return -1;
}

long goroutines_snap_find_sig(const struct goroutines_snap *s, enum goroutines_view v, uint64_t sig)
{
	const struct gbuckets *b = &s->b[v];

	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].sig == sig)
			return (long)i;
	return -1;
}

/* ---- the debug=1 total and the cost of debug=2 --------------------------- */

int goroutines_snap_total(const char *buf, size_t len, long *total)
{
	static const char head[] = "goroutine profile: total ";
	size_t hl = sizeof head - 1, i;
	long n = 0;

	if (buf == NULL || len <= hl || memcmp(buf, head, hl) != 0)
		return -1;
	for (i = hl; i < len && buf[i] >= '0' && buf[i] <= '9'; i++) {
		if (i - hl >= 15) /* far beyond any real count */
			return -1;
		n = n * 10 + (buf[i] - '0');
	}
	if (i == hl || (i < len && buf[i] != '\n' && buf[i] != '\r'))
		return -1;
	*total = n;
	return 0;
}

double goroutines_snap_rate(const struct goroutines_snap *last)
{
	if (last == NULL || last->d.ng < 1000 || last->fetch_seconds <= 0)
		return GOROUTINES_STW_PER_G;
	return last->fetch_seconds / (double)last->d.ng;
}

double goroutines_snap_stw(long n, double rate)
{
	return n < 0 ? 0 : (double)n * rate;
}

void goroutines_snap_rate_text(double rate, char *out, size_t size)
{
	if (rate == GOROUTINES_STW_PER_G)
		snprintf(out, size, "about %.2f ms per goroutine on Go 1.19", rate * 1000);
	else
		snprintf(out, size, "%.3f ms per goroutine on the last fetch", rate * 1000);
}

static void seconds_text(char *out, size_t size, double s)
{
	if (s < 10)
		snprintf(out, size, "%.1f s", s);
	else if (s < 120)
		snprintf(out, size, "%.0f s", s);
	else
		snprintf(out, size, "%.0f min", s / 60);
}

void goroutines_snap_question(long n, double rate, int long_form, char *out, size_t size)
{
	char t[32], why[96];

	seconds_text(t, sizeof t, goroutines_snap_stw(n, rate));
	goroutines_snap_rate_text(rate, why, sizeof why);
	if (long_form)
		snprintf(out, size,
			 "%ld goroutines: the full dump stops the service ~%s (%s); fetch? [y/N] ",
			 n, t, why);
	else
		snprintf(out, size,
			 "%ld goroutines: the full dump stops the service ~%s; fetch? [y/N] ", n,
			 t);
}

/* ---- per-bucket columns ----------------------------------------------- */

int goroutines_snap_is_main(const char *func, size_t n, const char *module)
{
	size_t ml = module != NULL ? strlen(module) : 0;

	return (n > 5 && memcmp(func, "main.", 5) == 0) ||
	       (ml > 0 && n > ml && memcmp(func, module, ml) == 0 &&
		(func[ml] == '.' || func[ml] == '/'));
}

int goroutines_snap_top(const struct gbuckets *b, const struct gbucket *k, const char *module,
			int *is_main)
{
	const struct gdump *d = b->d;
	const struct gdump_goroutine *g = gbucket_rep(b, k);
	const struct gdump_frame *fr = gdump_gframes(d, g);

	*is_main = 0;
	for (uint32_t j = 0; j < g->nframes; j++)
		if (goroutines_snap_is_main(gdump_str(d, fr[j].func), gdump_strlen(d, fr[j].func),
					    module)) {
			*is_main = 1;
			return (int)j;
		}
	/* No main-module frame: the first one outside the runtime says more
	 * than runtime.gopark. */
	for (uint32_t j = 0; j < g->nframes; j++)
		if (strncmp(gdump_str(d, fr[j].func), "runtime.", 8) != 0)
			return (int)j;
	return g->nframes > 0 ? 0 : -1;
}

void goroutines_snap_diff(const struct gbuckets *b, const struct gbucket *k, char *out, size_t size)
{
	long long delta = (long long)k->count - (long long)k->prev;

	if (!b->diffed || k->prev < 0)
		snprintf(out, size, "%s", "");
	else if (k->prev == 0)
		snprintf(out, size, "new");
	else if (delta == 0)
		snprintf(out, size, "=");
	else
		snprintf(out, size, "%+lld", delta);
}

static void minutes_text(char *out, size_t size, unsigned m)
{
	if (m < 120)
		snprintf(out, size, "%um", m);
	else if (m < 2880)
		snprintf(out, size, "%uh", m / 60);
	else
		snprintf(out, size, "%ud", m / 1440);
}

void goroutines_snap_wait(const struct gbucket *k, char *out, size_t size)
{
	char a[16], b[16];

	if (k->wait_max == 0) {
		snprintf(out, size, "%s", "");
		return;
	}
	minutes_text(b, sizeof b, k->wait_max);
	if (k->wait_min == k->wait_max) {
		snprintf(out, size, "%s", b);
		return;
	}
	/* Go prints no minutes under one: say 0 rather than "0m". */
	if (k->wait_min == 0)
		snprintf(a, sizeof a, "0");
	else
		minutes_text(a, sizeof a, k->wait_min);
	snprintf(out, size, "%s-%s", a, b);
}

/* ---- completeness ------------------------------------------------------ */

enum goroutines_note goroutines_snap_missing(const struct goroutines_snap *s, long total, char *out,
					     size_t size)
{
	size_t ng = s->d.ng;
	long want = s->total_before >= 0 ? s->total_before : total;
	const char *why = NULL;
	char cap[64];

	out[0] = '\0';
	/* Numbers first: at 80 columns the end of the line is cut off. */
	if (s->d.runtime_cap) {
		why = "the runtime stops writing debug=2 at 64 MiB";
	} else if (s->cut_by_cap) {
		snprintf(cap, sizeof cap, "the dump hit our %.0f MiB cap",
			 (double)s->bytes / (double)MIB);
		why = cap;
	} else if (s->d.ends_midline) {
		why = "the dump ends mid-line, cut short";
	}
	if (why != NULL) {
		if (want > (long)ng)
			snprintf(out, size, "%ld of %ld goroutines (debug=1) missing: %s",
				 want - (long)ng, want, why);
		else
			snprintf(out, size, "goroutines missing (%zu in the dump): %s", ng, why);
		return GOROUTINES_NOTE_WARN;
	}
	/* Goroutines come and go between the two fetches (ours among them):
	 * only a real difference is worth a line. */
	if (want >= 0 && labs(want - (long)ng) > 2 && labs(want - (long)ng) * 100 > want) {
		snprintf(out, size,
			 "debug=1 counted %ld just before, the dump has %zu: goroutines started "
			 "or ended in between",
			 want, ng);
		return GOROUTINES_NOTE_INFO;
	}
	return GOROUTINES_NOTE_NONE;
}

/* ---- the memory strip -------------------------------------------------- */

/* The field from heap?debug=1, else /debug/vars; 0 when neither has it. */
static int field(const struct memstats *heap, const struct memstats *vars, enum memstats_field f,
		 uint64_t *v)
{
	if (heap != NULL && memstats_has(heap, f)) {
		*v = heap->v[f];
		return 1;
	}
	if (vars != NULL && memstats_has(vars, f)) {
		*v = vars->v[f];
		return 1;
	}
	return 0;
}

static void add_size(struct buf *b, const char *label, uint64_t v)
{
	char sz[32];

	draw_size(sz, sizeof sz, (double)v);
	buf_printf(b, "%s%s %s", b->len ? "  " : "", label, sz);
}

void goroutines_snap_memline(const struct memstats *heap, const struct memstats *vars, char *out,
			     size_t size)
{
	struct buf b;
	uint64_t v, w;

	buf_init(&b);
	if (field(heap, vars, MS_HEAP_ALLOC, &v)) {
		add_size(&b, "heap", v);
		if (field(heap, vars, MS_HEAP_SYS, &w)) {
			char sz[32];

			draw_size(sz, sizeof sz, (double)w);
			buf_printf(&b, " of %s", sz);
		}
	}
	if (field(heap, vars, MS_STACK_INUSE, &v))
		add_size(&b, "stacks", v);
	if (field(heap, vars, MS_SYS, &v))
		add_size(&b, "sys", v);
	if (field(heap, vars, MS_NEXT_GC, &v))
		add_size(&b, "next GC at", v);
	if (field(heap, vars, MS_NUM_GC, &v)) {
		buf_printf(&b, "%sGCs %llu", b.len ? "  " : "", (unsigned long long)v);
		if (field(heap, vars, MS_LAST_PAUSE_NS, &w))
			buf_printf(&b, " (last pause %.2f ms)", (double)w / 1e6);
	}
	if (field(heap, vars, MS_MAX_RSS, &v))
		add_size(&b, "max RSS", v);
	if (field(heap, vars, MS_HEAP_OBJECTS, &v))
		buf_printf(&b, "%sobjects %llu", b.len ? "  " : "", (unsigned long long)v);
	snprintf(out, size, "%s", b.data != NULL ? b.data : "");
	buf_free(&b);
}

/* ---- the stack of a bucket ------------------------------------------- */

struct lines {
	struct goroutines_line *v;
	size_t n, cap;
};

/* Takes text; keeps it masked whole (textwrap_mask): the pane scrolls
 * these lines sideways and clips them, and a label value cut at the edge
 * would no longer be recognised by draw_text(). */
static void add_line(struct lines *l, enum goroutines_line_kind kind, char *text)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n].kind = kind;
	l->v[l->n++].text = textwrap_mask(text);
	free(text);
}

/* Longer argument lists than this are cut: the line is clipped anyway. */
#define ARGS_SHOWN 300

static void add_frame(struct lines *l, const struct gdump *d, const struct gdump_frame *f,
		      const char *module)
{
	const char *fn = gdump_str(d, f->func);
	size_t an;
	const char *a = gdump_args(d, f, &an);
	int main = goroutines_snap_is_main(fn, gdump_strlen(d, f->func), module);

	if (f->flags & GDUMP_F_NONGO)
		add_line(l, GOROUTINES_L_FUNC, xstrdup(fn));
	else
		add_line(l, main ? GOROUTINES_L_FUNC_MAIN : GOROUTINES_L_FUNC,
			 xasprintf("%s(%.*s%s)", fn, (int)(an > ARGS_SHOWN ? ARGS_SHOWN : an), a,
				   an > ARGS_SHOWN ? "..." : ""));
	if (f->flags & GDUMP_F_NOFILE)
		return;
	if (f->flags & GDUMP_F_OFFSET)
		add_line(l, GOROUTINES_L_FILE,
			 xasprintf("    %s:%u +0x%x", gdump_str(d, f->file), f->line, f->pcoff));
	else
		add_line(l, GOROUTINES_L_FILE,
			 xasprintf("    %s:%u", gdump_str(d, f->file), f->line));
}

static void add_frames(struct lines *l, const struct gdump *d, uint32_t frame0, uint32_t nframes,
		       uint32_t flags, uint32_t elided_at, uint32_t elided_n, const char *module)
{
	for (uint32_t i = 0; i < nframes; i++) {
		if ((flags & GDUMP_G_ELIDED) && i == elided_at)
			add_line(l, GOROUTINES_L_ELIDED,
				 elided_n ? xasprintf("...%u frames elided...", elided_n)
					  : xstrdup("...additional frames elided..."));
		add_frame(l, d, &d->frames[frame0 + i], module);
	}
	if ((flags & GDUMP_G_ELIDED) && elided_at >= nframes)
		add_line(l, GOROUTINES_L_ELIDED, xstrdup("...additional frames elided..."));
}

static void add_created(struct lines *l, const struct gdump *d, uint32_t created, uint64_t parent)
{
	const struct gdump_frame *c;

	if (created == GDUMP_NONE)
		return;
	c = &d->frames[created];
	if (parent != 0)
		add_line(l, GOROUTINES_L_CREATED,
			 xasprintf("created by %s in goroutine %llu", gdump_str(d, c->func),
				   (unsigned long long)parent));
	else
		add_line(l, GOROUTINES_L_CREATED,
			 xasprintf("created by %s", gdump_str(d, c->func)));
	if (!(c->flags & GDUMP_F_NOFILE))
		add_line(l, GOROUTINES_L_CREATED,
			 xasprintf("    %s:%u", gdump_str(d, c->file), c->line));
}

/* Member ids, up to a screenful. */
#define IDS_SHOWN 24

size_t goroutines_snap_stack(const struct gbuckets *b, const struct gbucket *k, const char *module,
			     struct goroutines_line **out)
{
	const struct gdump *d = b->d;
	const struct gdump_goroutine *g = gbucket_rep(b, k);
	const uint32_t *m = gbucket_members(b, k);
	struct lines l = {NULL, 0, 0};
	struct buf ids;

	buf_init(&ids);
	buf_printf(&ids, "goroutine%s", k->count == 1 ? "" : "s");
	for (uint32_t i = 0; i < k->count && i < IDS_SHOWN; i++)
		buf_printf(&ids, " %llu", (unsigned long long)d->g[m[i]].id);
	if (k->count > IDS_SHOWN)
		buf_printf(&ids, " ... (%u more)", k->count - IDS_SHOWN);
	add_line(&l, GOROUTINES_L_INFO, buf_steal(&ids));
	if (k->locked > 0)
		add_line(&l, GOROUTINES_L_INFO,
			 xasprintf("locked to thread: %u of %u", k->locked, k->count));
	if (g->labels_len > 0)
		add_line(&l, GOROUTINES_L_INFO,
			 xasprintf("labels %.*s", (int)g->labels_len, d->text + g->labels_off));
	if (g->flags & GDUMP_G_UNAVAILABLE)
		add_line(&l, GOROUTINES_L_INFO,
			 xstrdup("goroutine running on other thread; stack unavailable"));
	if (g->flags & GDUMP_G_CUT)
		add_line(&l, GOROUTINES_L_INFO,
			 xstrdup("(the dump ends inside this goroutine: its stack is incomplete)"));
	add_frames(&l, d, g->frame0, g->nframes, g->flags, g->elided_at, g->elided_n, module);
	add_created(&l, d, g->created, g->parent);
	for (uint32_t i = 0; i < g->nanc; i++) {
		const struct gdump_ancestor *a = &d->anc[g->anc0 + i];

		add_line(
		    &l, GOROUTINES_L_ANCESTOR,
		    xasprintf("[originating from goroutine %llu]:", (unsigned long long)a->id));
		add_frames(&l, d, a->frame0, a->nframes, a->flags, a->nframes, 0, module);
		add_created(&l, d, a->created, 0);
	}
	*out = l.v;
	return l.n;
}

void goroutines_snap_lines_free(struct goroutines_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i].text);
	free(l);
}
