/* profiles.c: the profiles pane: the profiles the service's net/http/pprof
 * serves (counts from the /debug/pprof/ index, what each costs), Enter to
 * fetch one, c for a CPU profile with a countdown (x cancels), then pprof's
 * views of it: top (s: flat/cum), Enter or t for peek, list (source from
 * --repo) and traces, f for the flame graph (Enter zooms, Backspace backs
 * out), i for the next sample type, d to diff against the previous fetch of
 * the same kind. Main-module functions are highlighted. The fetching and the
 * worker jobs are in profiles_fetch.c, the logic in profiles_model.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "pane.h"
#include "profiles_fetch.h"
#include "profiles_model.h"

static const char *module_of(const struct profiles_state *st)
{
	return st->ctx->facts != NULL ? st->ctx->facts->module_path : NULL;
}

static const char *view_name(enum profiles_vk v)
{
	static const char *const names[] = {"profiles", "top", "peek", "list", "traces", "flame"};

	return names[v];
}

static void draw_kinds(struct profiles_state *st, WINDOW *w, int y, int rows, int cols)
{
	draw_text(w, y++, 0, cols, STYLE_TITLE,
		  "  PROFILE        COUNT  LAST FETCH              COST TO THE SERVICE");
	for (int k = 0; k < (int)st->ui.nkinds && y < rows; k++, y++) {
		const struct profiles_slot *s = &st->slot[k];
		char count[24] = "-", last[96] = "never", age[32];
		int sel = (size_t)k == st->ui.kind_sel;

		if (k == PK_CPU)
			snprintf(count, sizeof count, "%s", "c key");
		else if (st->counts[k] >= 0)
			snprintf(count, sizeof count, "%ld", st->counts[k]);
		if (s->cur != NULL) {
			char sz[32];

			draw_duration(age, sizeof age, now_wall() - s->cur_at);
			draw_size(sz, sizeof sz, (double)s->cur_bytes);
			snprintf(last, sizeof last, "%s ago, %s", age, sz);
		}
		draw_textf(w, y, 0, cols, sel ? STYLE_SELECTED : STYLE_NORMAL,
			   "%s %-13s %6s  %-22s  %s", sel ? ">" : " ", profiles_kinds[k].label,
			   count, last, profiles_kinds[k].cost);
	}
	if (y + 1 < rows)
		draw_textf(w, y + 1, 0, cols, STYLE_DIM,
			   "Enter fetches the selected profile; c records a CPU profile, asking "
			   "for how long (%d s last; the only one that costs the service while "
			   "it runs).",
			   profiles_cpu_default(st));
}

static void draw_text_view(struct profiles_state *st, WINDOW *w, int y, int rows, int cols)
{
	const struct profiles_view *v = st->view;

	st->ui.rows = rows - y;
	for (size_t i = st->ui.sel; i < v->lines.n && y < rows; i++, y++) {
		const char *l = v->lines.v[i];
		enum draw_style s = STYLE_NORMAL;

		/* peek: the selected function's own line; highlight main module. */
		if (strstr(l, " | ") != NULL && strstr(l, "|   ") == NULL)
			s = STYLE_TITLE;
		draw_text(w, y, 0, cols, s, l);
	}
}

static void draw_top(struct profiles_state *st, WINDOW *w, int y, int rows, int cols)
{
	const struct profiles_view *v = st->view;
	size_t first;
	int avail;

	for (size_t i = 0; i < v->head.n && y < rows; i++)
		draw_text(w, y++, 0, cols, i + 1 == v->head.n ? STYLE_TITLE : STYLE_DIM,
			  v->head.v[i]);
	avail = rows - y;
	st->ui.rows = avail;
	if (avail <= 0)
		return;
	first = st->ui.sel >= (size_t)avail ? st->ui.sel - (size_t)avail + 1 : 0;
	for (size_t i = first; i < v->lines.n && y < rows; i++, y++) {
		const char *name = i < v->names.n ? v->names.v[i] : "";
		enum draw_style s = i == st->ui.sel			    ? STYLE_SELECTED
				    : profiles_is_main(name, module_of(st)) ? STYLE_HIGHLIGHT
									    : STYLE_NORMAL;

		draw_text(w, y, 0, cols, s, v->lines.v[i]);
	}
}

static void draw_flame(struct profiles_state *st, WINDOW *w, int y, int rows, int cols)
{
	const struct pprof_flame *f = &st->view->flame;
	struct pprof_flame_cell *c;
	uint32_t path[64];
	size_t n, np;
	int x = 0;

	if (st->ui.zoom >= f->nn)
		st->ui.zoom = 0;
	if (st->ui.fsel >= f->nn)
		st->ui.fsel = st->ui.zoom;
	np = pprof_flame_path(f, st->ui.zoom, path, 64);
	x = draw_text(w, y, 0, cols, STYLE_DIM, "zoom: ");
	for (size_t i = 0; i < np && x < cols; i++)
		x += draw_textf(w, y, x, cols - x, STYLE_DIM, "%s%s", i > 0 ? " > " : "",
				f->n[path[i]].name);
	y++;
	{
		const struct pprof_flame_node *s = &f->n[st->ui.fsel];

		draw_textf(w, y++, 0, cols, STYLE_TITLE, "selected: %s  %.1f%% of total", s->name,
			   f->total > 0 ? 100.0 * (double)s->value / (double)f->total : 0.0);
	}
	n = pprof_flame_layout(f, st->ui.zoom, cols, rows - y, &c);
	for (size_t i = 0; i < n; i++) {
		const struct pprof_flame_node *nd = &f->n[c[i].node];
		enum draw_style s = c[i].node == st->ui.fsel			? STYLE_SELECTED
				    : profiles_is_main(nd->name, module_of(st)) ? STYLE_HIGHLIGHT
				    : c[i].depth % 2				? STYLE_DIM
										: STYLE_NORMAL;
		char cell[512];

		if (y + c[i].depth >= rows)
			continue;
		snprintf(cell, sizeof cell, "%-*.*s|", c[i].w > 1 ? c[i].w - 1 : 0,
			 c[i].w > 1 ? c[i].w - 1 : 0, nd->name);
		draw_text(w, y + c[i].depth, c[i].x, c[i].w, s, c[i].w > 1 ? cell : "|");
	}
	free(c);
}

static void prof_draw(void *data, struct pane_ctx *ctx, WINDOW *w, int rows, int cols)
{
	struct profiles_state *st = data;
	int y = 0, x, left = profiles_cpu_left(st);

	st->drawn = 1;
	if (!st->index_tried && pane_service_url(ctx) != NULL)
		profiles_fetch_index(st);
	x = draw_text(w, 0, 0, cols, STYLE_TITLE, "Profiles");
	if (st->ui.shown >= 0 && st->ui.view != PV_KINDS && st->view != NULL) {
		const struct profiles_slot *s = &st->slot[st->ui.shown];
		char age[32] = "";

		if (st->ui.diff && s->prev != NULL)
			draw_duration(age, sizeof age, now_wall() - s->prev_at);
		draw_textf(w, 0, x + 2, cols - x - 2, STYLE_DIM, "%s  %s  %s  sort %s%s%s%s",
			   profiles_kinds[st->ui.shown].label, view_name(st->ui.view),
			   st->view->sample_name, st->ui.cum ? "cum" : "flat",
			   st->ui.diff && s->prev != NULL ? "  diff against the fetch of " : "",
			   age, st->ui.diff && s->prev != NULL ? " ago" : "");
	} else if (st->index_note != NULL) {
		draw_textf(w, 0, x + 2, cols - x - 2, STYLE_DIM, "index: %s", st->index_note);
	}
	y = 1;
	if (left >= 0)
		draw_textf(w, y++, 0, cols, STYLE_WARN,
			   "CPU profile recording: %d s left of %d s (x cancels)", left,
			   st->cpu_running);
	if (st->fetch_id != 0)
		draw_textf(w, y++, 0, cols, STYLE_DIM, "fetching %s... (x cancels)",
			   profiles_kinds[st->fetch_kind].label);
	if (st->note != NULL)
		draw_text(w, y++, 0, cols, STYLE_WARN, st->note);
	if (st->view != NULL && st->view->error != NULL && st->ui.view != PV_KINDS)
		draw_text(w, y++, 0, cols, STYLE_WARN, st->view->error);
	y++;
	if (y >= rows)
		return;
	if (st->ui.view == PV_KINDS || st->view == NULL) {
		draw_kinds(st, w, y, rows, cols);
		return;
	}
	switch (st->view->which) {
	case PV_TOP:
		draw_top(st, w, y, rows, cols);
		break;
	case PV_FLAME:
		if (st->view->has_flame)
			draw_flame(st, w, y, rows, cols);
		break;
	default:
		draw_text_view(st, w, y, rows, cols);
		break;
	}
}

static void *prof_init(struct pane_ctx *ctx)
{
	struct profiles_state *st = xcalloc(1, sizeof *st);

	st->ctx = ctx;
	profiles_ui_init(&st->ui);
	for (int k = 0; k < PK__COUNT; k++)
		st->counts[k] = -1;
	return st;
}

static void prof_enter(void *data, struct pane_ctx *ctx)
{
	struct profiles_state *st = data;

	st->drawn = 1;
	if (!st->index_tried && pane_service_url(ctx) != NULL)
		profiles_fetch_index(st);
}

static void prof_tick(void *data, struct pane_ctx *ctx, double now)
{
	struct profiles_state *st = data;

	(void)now;
	/* The countdown moves; nothing is fetched on the timer. */
	if (st->cpu_id != 0)
		ctx->dirty(ctx);
}

static int prof_key(void *data, struct pane_ctx *ctx, enum action a, int key)
{
	struct profiles_state *st = data;
	int nst = st->ui.shown >= 0 && st->slot[st->ui.shown].cur != NULL
		      ? (int)st->slot[st->ui.shown].cur->nsample_types
		      : 0;

	(void)key;
	if (a == ACT_CANCEL)
		return 0; /* the frame cancels every fetch; the callbacks say so */
	switch (profiles_ui_key(&st->ui, st->view, nst, a)) {
	case PE_NONE:
		return 0;
	case PE_USED:
		return 1;
	case PE_FETCH:
		profiles_fetch_kind(st, (enum profiles_kind)st->ui.kind_sel);
		return 1;
	case PE_CPU:
		profiles_fetch_cpu(st);
		return 1;
	case PE_REBUILD:
		profiles_rebuild(st);
		if (a == ACT_DIFF)
			ctx->status(ctx, st->ui.diff ? "diff: the previous fetch subtracted "
						       "(pprof -diff_base)"
						     : "diff off");
		return 1;
	}
	return 0;
}

static void prof_destroy(void *data)
{
	struct profiles_state *st = data;

	if (st == NULL)
		return;
	profiles_fetch_free(st);
	free(st);
}

static const enum action profiles_answers[] = {
    ACT_OPEN,	 ACT_REFRESH,	ACT_CANCEL,	 ACT_CPU_PROFILE, ACT_TOGGLE, ACT_FLAME,
    ACT_SORT,	 ACT_DIFF,	ACT_SAMPLE_TYPE, ACT_BACK,	  ACT_UP,     ACT_DOWN,
    ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP,	 ACT_BOTTOM,	  ACT_NONE};

const struct pane_ops profiles_pane = {
    .name = "profiles",
    .title = "Profiles",
    .init = prof_init,
    .enter = prof_enter,
    .tick = prof_tick,
    .draw = prof_draw,
    .key = prof_key,
    .destroy = prof_destroy,
    .answers = profiles_answers,
};
