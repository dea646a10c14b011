/* goroutines.c: the goroutines pane: the live debug=2 dump bucketed by
 * stack (count with the diff against the previous fetch, state, wait, the
 * top main-module frame), / to filter over function and file names, Enter
 * for a bucket's full stack, t for exact or loose buckets, r to refetch,
 * and a memory strip. The fetching, and why it is gentle, is in
 * goroutines_fetch.c; this file draws and takes keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "goroutines_fetch.h"
#include "goroutines_snap.h"
#include "listview.h"
#include "pane.h"
#include "checks/jump.h"

/* ---- the list ------------------------------------------------------- */

static size_t row_count(void *data)
{
	struct goroutines_state *p = data;

	return goroutines_snap_rows(p->snap, p->view);
}

static int row_match(void *data, size_t i, const char *filter)
{
	struct goroutines_state *p = data;

	return goroutines_snap_match(p->snap, p->view, i, filter);
}

/* Column widths for a terminal this wide. */
struct layout {
	int state, wait, top, created;
};

static struct layout layout_for(int cols)
{
	struct layout l = {14, 6, 0, 0};
	int rest;

	if (cols >= 100)
		l.state = 18;
	rest = cols - (8 + 7 + l.state + 1 + l.wait);
	if (cols >= 120) {
		l.top = rest * 11 / 20;
		l.created = rest - l.top - 1;
	} else {
		l.top = rest;
	}
	return l;
}

static void draw_header_row(WINDOW *w, int y, int cols)
{
	struct layout l = layout_for(cols);
	int x = 0;

	x += draw_text(w, y, x, 8, STYLE_TITLE, "  COUNT ");
	x += draw_text(w, y, x, 7, STYLE_TITLE, "DIFF   ");
	draw_text(w, y, x, l.state, STYLE_TITLE, "STATE");
	x += l.state + 1;
	draw_text(w, y, x, l.wait, STYLE_TITLE, "WAIT");
	x += l.wait;
	draw_text(w, y, x, l.top, STYLE_TITLE, "TOP FRAME (main module first)");
	if (l.created > 0)
		draw_text(w, y, x + l.top + 1, l.created, STYLE_TITLE, "CREATED BY");
}

static enum draw_style diff_style(const char *diff)
{
	if (diff[0] == '+' || strcmp(diff, "new") == 0)
		return STYLE_WARN;
	if (diff[0] == '-')
		return STYLE_PASS;
	return STYLE_DIM;
}

static void row_draw(void *data, size_t i, WINDOW *w, int y, int cols, int selected)
{
	struct goroutines_state *p = data;
	const struct gbucket_gone *gone;
	const struct gbucket *k = goroutines_snap_bucket(p->snap, p->view, i, &gone);
	const struct gbuckets *b = &p->snap->b[p->view];
	struct layout l = layout_for(cols);
	char diff[32], wait[32];
	int x = 0;

#define S(st) (selected ? STYLE_SELECTED : (st))
	if (selected) {
		wattr_on(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
		mvwhline(w, y, 0, ' ', cols);
		wattr_off(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
	}
	if (k == NULL) {
		if (gone == NULL)
			return;
		draw_text(w, y, 0, 8, S(STYLE_DIM), "      0 ");
		draw_textf(w, y, 8, 7, S(STYLE_PASS), "-%u", gone->count);
		draw_text(w, y, 15, l.state, S(STYLE_DIM), gone->state);
		x = 15 + l.state + 1 + l.wait;
		draw_textf(w, y, x, cols - x, S(STYLE_DIM), "%s  (gone)",
			   goroutines_snap_gone_top(p->snap, p->view, i));
		return;
	}
	goroutines_snap_diff(b, k, diff, sizeof diff);
	goroutines_snap_wait(k, wait, sizeof wait);
	x += draw_textf(w, y, x, 8, S(STYLE_NORMAL), "%7u ", k->count);
	draw_text(w, y, x, 6, S(diff_style(diff)), diff);
	x += 7;
	draw_text(w, y, x, l.state, S(STYLE_NORMAL), gdump_str(b->d, k->state));
	x += l.state + 1;
	draw_text(w, y, x, l.wait, S(STYLE_NORMAL), wait);
	x += l.wait;
	{
		int is_main, j = goroutines_snap_top(b, k, goroutines_module(p), &is_main);
		const struct gdump_goroutine *g = gbucket_rep(b, k);
		const struct gdump_frame *c = gdump_creator(b->d, g);

		if (j >= 0)
			draw_text(w, y, x, l.top, S(is_main ? STYLE_HIGHLIGHT : STYLE_NORMAL),
				  gdump_str(b->d, gdump_gframes(b->d, g)[j].func));
		else
			draw_text(w, y, x, l.top, S(STYLE_DIM),
				  (g->flags & GDUMP_G_UNAVAILABLE) ? "(stack unavailable)"
								   : "(no frames)");
		if (l.created > 0 && c != NULL)
			draw_text(w, y, x + l.top + 1, l.created, S(STYLE_DIM),
				  gdump_str(b->d, c->func));
	}
#undef S
}

static const struct listview_src src = {row_count, row_match, row_draw};

/* ---- the stack view ------------------------------------------------- */

static void close_stack(struct goroutines_state *p)
{
	goroutines_snap_lines_free(p->lines, p->nlines);
	p->lines = NULL;
	p->nlines = 0;
	p->open = 0;
}

static void open_stack(struct goroutines_state *p, size_t row)
{
	const struct gbucket_gone *gone;
	const struct gbucket *k;

	if (p->snap == NULL)
		return;
	k = goroutines_snap_bucket(p->snap, p->view, row, &gone);
	if (k == NULL) {
		if (gone != NULL)
			p->ctx->status(p->ctx,
				       "that bucket is gone: no goroutine has its stack any more");
		return;
	}
	close_stack(p);
	p->nlines = goroutines_snap_stack(&p->snap->b[p->view], k, goroutines_module(p), &p->lines);
	p->open = 1;
	p->hscroll = 0;
	p->open_sig = k->sig;
	p->open_row = row;
	p->scroll = 0;
	listview_select(&p->lv, row);
}

static enum draw_style line_style(enum goroutines_line_kind k)
{
	switch (k) {
	case GOROUTINES_L_FUNC_MAIN:
		return STYLE_HIGHLIGHT;
	case GOROUTINES_L_FILE:
		return STYLE_DIM;
	case GOROUTINES_L_ELIDED:
		return STYLE_DIM;
	case GOROUTINES_L_CREATED:
		return STYLE_TITLE;
	case GOROUTINES_L_ANCESTOR:
		return STYLE_TITLE;
	case GOROUTINES_L_INFO:
		return STYLE_DIM;
	default:
		return STYLE_NORMAL;
	}
}

/* Characters (UTF-8 sequences) in s; the stack's lines are sanitised. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static const char *skip_chars(const char *s, size_t n)
{
	while (*s && n > 0) {
		s++;
		while (((unsigned char)*s & 0xc0) == 0x80)
			s++;
		n--;
	}
	return s;
}

static void draw_stack(struct goroutines_state *p, WINDOW *w, int y, int rows, int cols)
{
	size_t widest = 0, room = cols > 4 ? (size_t)cols - 4 : 1;
	const struct gbuckets *b = &p->snap->b[p->view];
	const struct gbucket *k = goroutines_snap_bucket(p->snap, p->view, p->open_row, NULL);
	char diff[32], wait[32];
	int body;

	if (k == NULL)
		return;
	goroutines_snap_diff(b, k, diff, sizeof diff);
	goroutines_snap_wait(k, wait, sizeof wait);
	draw_textf(w, y++, 0, cols, STYLE_TITLE, "Bucket %zu of %zu: %u goroutine%s, %s%s%s%s%s",
		   p->open_row + 1, b->n, k->count, k->count == 1 ? "" : "s",
		   gdump_str(b->d, k->state), wait[0] ? ", waiting " : "", wait,
		   diff[0] ? "  diff " : "", diff);
	for (size_t i = 0; i < p->nlines; i++) {
		size_t n = chars(p->lines[i].text);

		widest = n > widest ? n : widest;
	}
	/* Long lines are cut with an ellipsis and scroll sideways. */
	if (widest <= room)
		p->hscroll = 0;
	else if (p->hscroll > widest - room)
		p->hscroll = widest - room;
	if (widest > room)
		draw_textf(w, y++, 0, cols, STYLE_DIM,
			   "columns %zu-%zu of %zu (< > scroll); * main module; Esc: the list",
			   p->hscroll + 1, p->hscroll + room < widest ? p->hscroll + room : widest,
			   widest);
	else
		draw_text(w, y++, 0, cols, STYLE_DIM,
			  "main-module frames are marked * and highlighted; Esc goes back to the "
			  "list");
	body = rows - y;
	p->page = body > 1 ? body : 1;
	if (p->nlines <= (size_t)body)
		p->scroll = 0;
	else if (p->scroll > p->nlines - (size_t)body)
		p->scroll = p->nlines - (size_t)body;
	for (int r = 0; r < body && p->scroll + (size_t)r < p->nlines; r++) {
		const struct goroutines_line *l = &p->lines[p->scroll + (size_t)r];

		draw_text(w, y + r, 0, 2, STYLE_HIGHLIGHT,
			  l->kind == GOROUTINES_L_FUNC_MAIN ? "* " : "  ");
		if (p->hscroll > 0 && chars(l->text) > 0) {
			/* The sign that the line's start is scrolled off. */
			draw_text(w, y + r, 2, 1, STYLE_DIM, p->ctx->ascii ? "<" : "\u2026");
			draw_text(w, y + r, 3, cols - 3, line_style(l->kind),
				  skip_chars(l->text, p->hscroll + 1));
		} else {
			draw_text(w, y + r, 2, cols - 2, line_style(l->kind), l->text);
		}
	}
}

static int stack_key(struct goroutines_state *p, enum action a)
{
	size_t page = (size_t)(p->page > 1 ? p->page - 1 : 1);

	switch (a) {
	case ACT_UP:
		p->scroll -= p->scroll > 0;
		return 1;
	case ACT_DOWN:
		p->scroll++;
		return 1;
	case ACT_PAGE_UP:
		p->scroll = p->scroll > page ? p->scroll - page : 0;
		return 1;
	case ACT_PAGE_DOWN:
		p->scroll += page;
		return 1;
	case ACT_TOP:
		p->scroll = 0;
		return 1;
	case ACT_BOTTOM:
		p->scroll = p->nlines;
		return 1;
	case ACT_BACK:
		close_stack(p);
		return 1;
	case ACT_OPEN:
		return 1;
	case ACT_SCROLL_RIGHT:
		p->hscroll += 8; /* clamped when drawn */
		return 1;
	case ACT_SCROLL_LEFT:
		p->hscroll = p->hscroll > 8 ? p->hscroll - 8 : 0;
		return 1;
	default:
		return 0;
	}
}

/* ---- a new fetch ------------------------------------------------------- */

static void finish_jump(struct goroutines_state *p);

void goroutines_show(struct goroutines_state *p, struct goroutines_snap *snap)
{
	struct goroutines_snap *old = p->snap;
	size_t sel = listview_selected(&p->lv);
	const struct gbucket *k = NULL;
	uint64_t sel_sig = 0;

	/* Stay on the same stack (same signature) across fetches. */
	if (old != NULL && sel != (size_t)-1 &&
	    (k = goroutines_snap_bucket(old, p->view, sel, NULL)) != NULL)
		sel_sig = k->sig;
	p->snap = snap;
	listview_refilter(&p->lv, &src, p);
	if (k != NULL) {
		long r = goroutines_snap_find_sig(p->snap, p->view, sel_sig);

		if (r >= 0)
			listview_select(&p->lv, (size_t)r);
	}
	if (p->open) {
		long r = goroutines_snap_find_sig(p->snap, p->view, p->open_sig);

		close_stack(p);
		if (r >= 0)
			open_stack(p, (size_t)r);
	}
	goroutines_snap_free(old);
	finish_jump(p);
}

/* ---- jumps -------------------------------------------------------------- */

static void finish_jump(struct goroutines_state *p)
{
	long r;

	if (p->jump_id == 0 || p->snap == NULL)
		return;
	r = goroutines_snap_find_id(p->snap, p->view, p->jump_id);
	if (r < 0) {
		p->ctx->status(p->ctx, "goroutine %llu is not in this dump (it may have exited)",
			       p->jump_id);
	} else {
		p->lv.filter[0] = '\0';
		p->lv.filtering = 0;
		listview_refilter(&p->lv, &src, p);
		open_stack(p, (size_t)r);
	}
	p->jump_id = 0;
}

static void set_filter(struct goroutines_state *p, const char *text)
{
	close_stack(p);
	snprintf(p->lv.filter, sizeof p->lv.filter, "%s", text);
	p->lv.filtering = 0;
	listview_refilter(&p->lv, &src, p);
}

static int gor_jump(void *data, struct pane_ctx *ctx, const char *what)
{
	struct goroutines_state *p = data;
	struct jump j;

	(void)ctx;
	if (jump_parse(what, &j) != 0)
		return -1;
	if (j.kind == JUMP_GOROUTINE) {
		p->jump_id = j.id;
		finish_jump(p);
		return 0;
	}
	if (j.kind == JUMP_FILTER || j.kind == JUMP_SYM) {
		set_filter(p, j.arg);
		return 0;
	}
	return -1;
}

/* ---- pane callbacks -------------------------------------------------- */

static void *gor_init(struct pane_ctx *ctx)
{
	struct goroutines_state *p = xcalloc(1, sizeof *p);

	p->ctx = ctx;
	p->total = -1;
	p->view = GOROUTINES_LOOSE;
	pace_init(&p->total_pace, ctx->refresh_interval);
	listview_init(&p->lv);
	return p;
}

static void gor_enter(void *data, struct pane_ctx *ctx)
{
	struct goroutines_state *p = data;

	(void)ctx;
	p->drawn = 1;
	if (!p->tried && p->snap == NULL)
		goroutines_fetch_start(p);
}

static void gor_tick(void *data, struct pane_ctx *ctx, double now)
{
	struct goroutines_state *p = data;

	(void)now;
	/* The frame's poll, visible or not: the count over the session. */
	if (ctx->facts != NULL && ctx->facts->generation != p->hist_gen) {
		p->hist_gen = ctx->facts->generation;
		goroutines_hist_add(p, ctx->facts->goroutine_total);
	}
	/* Only while visible, and never during a dump: the service is stopped. */
	if (!p->drawn)
		return;
	p->drawn = 0;
	if (pane_service_url(ctx) == NULL)
		return;
	if (p->want) {
		goroutines_fetch_start(p);
		return;
	}
	if (p->st == GOROUTINES_IDLE || p->st == GOROUTINES_ASKING)
		goroutines_fetch_total(p);
}

static int gor_key(void *data, struct pane_ctx *ctx, enum action a, int key)
{
	struct goroutines_state *p = data;

	if (p->lv.filtering)
		return listview_key(&p->lv, &src, p, a, key);
	switch (a) {
	case ACT_REFRESH:
		if (p->st == GOROUTINES_ASKING && p->total > GOROUTINES_CONFIRM_OVER)
			goroutines_fetch_ask(p);
		else
			goroutines_fetch_start(p);
		return 1;
	case ACT_TOGGLE:
		close_stack(p);
		p->view = p->view == GOROUTINES_LOOSE ? GOROUTINES_EXACT : GOROUTINES_LOOSE;
		listview_refilter(&p->lv, &src, p);
		ctx->status(ctx, "%s buckets: %s", p->view == GOROUTINES_LOOSE ? "loose" : "exact",
			    p->view == GOROUTINES_LOOSE
				? "arguments ignored"
				: "arguments, +0x offsets and thread locks must match");
		return 1;
	case ACT_CANCEL:
		return 0; /* the frame cancels every fetch; the callbacks say so */
	default:
		break;
	}
	if (p->open) {
		if (a == ACT_FILTER) {
			close_stack(p);
			return listview_key(&p->lv, &src, p, a, key);
		}
		return stack_key(p, a);
	}
	if (a == ACT_OPEN) {
		size_t row = listview_selected(&p->lv);

		if (row != (size_t)-1)
			open_stack(p, row);
		return 1;
	}
	return listview_key(&p->lv, &src, p, a, key);
}

static int gor_wants_text(void *data)
{
	struct goroutines_state *p = data;

	return p->lv.filtering;
}

/* The fetch line: what is running, or what the last fetch gave. */
static int draw_fetch_line(struct goroutines_state *p, WINDOW *w, int y, int cols)
{
	const struct target *t = p->ctx->target;
	char sz[32], wire[48] = "", age[32];

	switch (p->st) {
	case GOROUTINES_TOTAL:
		draw_text(w, y++, 0, cols, STYLE_DIM,
			  "asking debug=1 for the goroutine total before fetching the dump...");
		break;
	case GOROUTINES_ASKING: {
		double rate = goroutines_snap_rate(p->snap);
		char why[96];

		goroutines_snap_rate_text(rate, why, sizeof why);
		draw_textf(w, y++, 0, cols, STYLE_WARN,
			   "%ld goroutines: the full dump stops the service for ~%.1f s", p->total,
			   goroutines_snap_stw(p->total, rate));
		draw_textf(w, y++, 0, cols, STYLE_WARN, "(%s); y fetches it, r asks again", why);
		break;
	}
	case GOROUTINES_DUMP:
		draw_textf(w, y++, 0, cols, STYLE_WARN,
			   "fetching the full dump (debug=2): %.1f s so far, the service is "
			   "stopped while the runtime writes it; x cancels",
			   now_mono() - p->dump_started);
		break;
	case GOROUTINES_PARSING:
		draw_text(w, y++, 0, cols, STYLE_DIM, "parsing and bucketing the dump...");
		break;
	case GOROUTINES_IDLE:
		if (p->note != NULL)
			draw_text(w, y++, 0, cols, STYLE_WARN, p->note);
		else if (p->snap == NULL && t->debug_url == NULL) {
			/* A listener that accepted and never answered is a hung
			 * service, not a missing endpoint: say which. */
			char *silence = t->probes_pending ? NULL : target_silence(t);

			if (silence != NULL)
				draw_text(w, y++, 0, cols, STYLE_FAIL, silence);
			else
				draw_text(w, y++, 0, cols,
					  t->probes_pending ? STYLE_DIM : STYLE_WARN,
					  t->probes_pending
					      ? "looking for the service's /debug/pprof/..."
					      : "no pprof endpoint found: import _ \"net/http/"
						"pprof\" and serve it on a loopback listener");
			free(silence);
		}
		break;
	}
	if (p->snap != NULL) {
		const struct goroutines_snap *s = p->snap;

		draw_size(sz, sizeof sz, (double)s->bytes);
		if (s->wire_bytes > 0 && s->wire_bytes * 10 < s->bytes * 9) {
			char ws[32];

			draw_size(ws, sizeof ws, (double)s->wire_bytes);
			snprintf(wire, sizeof wire, " (%s gzipped)", ws);
		}
		draw_duration(age, sizeof age, now_wall() - s->fetched_at);
		draw_textf(w, y++, 0, cols, STYLE_NORMAL,
			   "dump %s%s in %.*f %s, parsed in %.1f ms, %s ago (r refetches)", sz,
			   wire, s->fetch_seconds < 1 ? 0 : 2,
			   s->fetch_seconds < 1 ? s->fetch_seconds * 1000 : s->fetch_seconds,
			   s->fetch_seconds < 1 ? "ms" : "s", s->parse_seconds * 1000, age);
	}
	return y;
}

static int draw_memory(struct goroutines_state *p, WINDOW *w, int y, int cols)
{
	char line[512];

	goroutines_snap_memline(p->heap, p->vars, line, sizeof line);
	draw_text(w, y, 0, 8, STYLE_TITLE, "memory");
	if (line[0])
		draw_text(w, y, 8, cols - 8, STYLE_NORMAL, line);
	else if (p->heap_id || p->vars_id)
		draw_text(w, y, 8, cols - 8, STYLE_DIM, "fetching heap?debug=1 and /debug/vars...");
	else if (p->heap_error != NULL)
		draw_textf(w, y, 8, cols - 8, STYLE_DIM, "heap?debug=1: %s", p->heap_error);
	else
		draw_text(w, y, 8, cols - 8, STYLE_DIM, "not fetched yet (r)");
	return y + 1;
}

/* "over the session ▁▂▅█ 120..4000, now 3900 (17 polls)": the last
 * points that fit, scaled from the minimum to the maximum shown. */
static int draw_history(struct goroutines_state *p, struct pane_ctx *ctx, WINDOW *w, int y,
			int cols)
{
	static const char *const blocks[] = {"\u2581", "\u2582", "\u2583", "\u2584",
					     "\u2585", "\u2586", "\u2587", "\u2588"};
	static const char ascii[] = "_.-=+*#@";
	char tail[96];
	int width, x;
	size_t from;
	long lo, hi;
	struct buf b;

	if (p->nhist < 2)
		return y;
	snprintf(tail, sizeof tail, "  now %ld (%zu polls)", p->hist[p->nhist - 1], p->nhist);
	width = cols - 8 - 24 - (int)strlen(tail);
	if (width < 4)
		return y;
	from = p->nhist > (size_t)width ? p->nhist - (size_t)width : 0;
	lo = hi = p->hist[from];
	for (size_t i = from; i < p->nhist; i++) {
		lo = p->hist[i] < lo ? p->hist[i] : lo;
		hi = p->hist[i] > hi ? p->hist[i] : hi;
	}
	buf_init(&b);
	for (size_t i = from; i < p->nhist; i++) {
		int k = hi > lo ? (int)((p->hist[i] - lo) * 7 / (hi - lo)) : 0;

		if (ctx->ascii)
			buf_addc(&b, ascii[k]);
		else
			buf_adds(&b, blocks[k]);
	}
	draw_text(w, y, 0, 8, STYLE_TITLE, "count");
	x = 8 + draw_text(w, y, 8, cols - 8, STYLE_NORMAL, b.data);
	draw_textf(w, y, x, cols - x, STYLE_DIM, " %ld..%ld%s", lo, hi, tail);
	buf_free(&b);
	return y + 1;
}

static void gor_draw(void *data, struct pane_ctx *ctx, WINDOW *w, int rows, int cols)
{
	struct goroutines_state *p = data;
	int y, x;
	char note[256], age[32];

	p->drawn = 1;
	p->cols = cols;
	if (p->want && pane_service_url(ctx) != NULL)
		goroutines_fetch_start(p);
	if (p->snap != NULL) {
		const struct gbuckets *b = &p->snap->b[p->view];

		x = draw_textf(w, 0, 0, cols, STYLE_TITLE,
			       "%zu goroutines in %zu buckets (%s; t: %s)", p->snap->d.ng, b->n,
			       p->view == GOROUTINES_LOOSE ? "loose" : "exact",
			       p->view == GOROUTINES_LOOSE ? "exact" : "loose");
	} else {
		x = draw_text(w, 0, 0, cols, STYLE_TITLE, "Goroutines: no dump yet");
	}
	x += 2;
	y = 1;
	if (p->total >= 0) {
		char sz[32];

		draw_duration(age, sizeof age, now_wall() - p->total_at);
		draw_size(sz, sizeof sz, (double)p->total_bytes);
		draw_textf(w, 0, x, cols - x, STYLE_DIM,
			   "debug=1 total %ld, %s ago (%s in %.0f ms)", p->total, age, sz,
			   p->total_seconds * 1000);
	} else if (p->total_error != NULL) {
		draw_textf(w, 0, x, cols - x, STYLE_DIM, "debug=1: %s", p->total_error);
	}
	y = draw_fetch_line(p, w, y, cols);
	y = draw_memory(p, w, y, cols);
	y = draw_history(p, ctx, w, y, cols);
	if (p->snap != NULL) {
		enum goroutines_note n =
		    goroutines_snap_missing(p->snap, p->total, note, sizeof note);

		if (n != GOROUTINES_NOTE_NONE)
			draw_text(w, y++, 0, cols,
				  n == GOROUTINES_NOTE_WARN ? STYLE_WARN : STYLE_DIM, note);
		if (p->snap->b[p->view].ngone > 0)
			draw_textf(w, y++, 0, cols, STYLE_DIM,
				   "%zu bucket%s of the previous fetch %s gone (listed last)",
				   p->snap->b[p->view].ngone,
				   p->snap->b[p->view].ngone == 1 ? "" : "s",
				   p->snap->b[p->view].ngone == 1 ? "is" : "are");
	}
	if (y >= rows)
		return;
	if (p->open && p->snap != NULL) {
		draw_stack(p, w, y + 1, rows, cols);
		return;
	}
	if (p->snap == NULL)
		return;
	draw_header_row(w, ++y, cols);
	y++;
	if (y < rows)
		listview_draw(&p->lv, &src, p, w, y, rows - y, cols);
}

static void gor_destroy(void *data)
{
	struct goroutines_state *p = data;

	if (p == NULL)
		return;
	close_stack(p);
	listview_free(&p->lv);
	goroutines_fetch_free(p);
	free(p);
}

/* The actions the key callback answers (listview_key included). */
static const enum action goroutines_answers[] = {
    ACT_OPEN,	ACT_TOGGLE,  ACT_REFRESH,     ACT_CANCEL,	ACT_UP,
    ACT_DOWN,	ACT_PAGE_UP, ACT_PAGE_DOWN,   ACT_TOP,		ACT_BOTTOM,
    ACT_FILTER, ACT_BACK,    ACT_SCROLL_LEFT, ACT_SCROLL_RIGHT, ACT_NONE};

const struct pane_ops goroutines_pane = {
    .name = "goroutines",
    .title = "Goroutines",
    .init = gor_init,
    .enter = gor_enter,
    .tick = gor_tick,
    .draw = gor_draw,
    .key = gor_key,
    .wants_text = gor_wants_text,
    .jump = gor_jump,
    .destroy = gor_destroy,
    .answers = goroutines_answers,
};
