/* routes.c: the routes pane: what the code declares next to what the
 * process serves. Table 1 is one row per declared HTTP route (method,
 * path, handler, file:line, in the build or the constraint that excluded
 * it, live status, expected header); table 2 the process's listeners
 * (protocol, health, declared vs served gRPC services) followed by the
 * gRPC services the code registers. The join itself is routes_rows.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "listview.h"
#include "pane.h"
#include "textwrap.h"
#include "checks/jump.h"
#include "routes_rows.h"

#define ROUTES_PARTS (FACT_REPO | FACT_ROUTES | FACT_GRPC)

enum focus { FOCUS_ROUTES = 0, FOCUS_LISTENERS };
enum detail { DETAIL_NONE = 0, DETAIL_ROUTE, DETAIL_LISTENER };

struct routes_pane {
	struct pane_ctx *ctx;
	struct routes_rows *rows;
	struct routes_rows_inputs in;
	/* What the rows were built from: rebuilt when any of it changes. */
	int built;
	unsigned generation, collecting;
	const struct listeners *listeners;
	double refreshed_at;

	struct listview lv[2]; /* FOCUS_ROUTES, FOCUS_LISTENERS */
	enum focus focus;

	enum detail detail;
	size_t detail_idx;
	struct strlist detail_lines;
	size_t detail_top;
	int detail_rows;

	/* A code: jump that came before the scan did. */
	char *pending_file;
	int pending_line;
};

/* ---- rows ----------------------------------------------------------- */

static void apply_jump(struct routes_pane *p, const char *file, int line, int quiet);

static void build_detail(struct routes_pane *p)
{
	strlist_free(&p->detail_lines);
	if (p->detail == DETAIL_ROUTE && p->detail_idx < p->rows->nroutes)
		routes_rows_route_detail(p->rows, p->detail_idx, &p->in, &p->detail_lines);
	else if (p->detail == DETAIL_LISTENER && p->detail_idx < p->rows->nlisteners)
		routes_rows_listener_detail(p->rows, p->detail_idx, &p->in, &p->detail_lines);
	else
		p->detail = DETAIL_NONE;
}

static size_t route_count(void *data)
{
	struct routes_pane *p = data;

	return p->rows != NULL ? p->rows->nroutes : 0;
}

static size_t listener_count(void *data)
{
	struct routes_pane *p = data;

	return p->rows != NULL ? p->rows->nlisteners : 0;
}

static int route_match(void *data, size_t i, const char *filter)
{
	struct routes_pane *p = data;

	return routes_rows_route_match(&p->rows->routes[i], filter);
}

static int listener_match(void *data, size_t i, const char *filter)
{
	struct routes_pane *p = data;

	return routes_rows_listener_match(&p->rows->listeners[i], filter);
}

static void draw_route_row(void *data, size_t i, WINDOW *w, int y, int cols, int selected);
static void draw_listener_row(void *data, size_t i, WINDOW *w, int y, int cols, int selected);

static const struct listview_src srcs[2] = {
    {route_count, route_match, draw_route_row},
    {listener_count, listener_match, draw_listener_row},
};

static void refresh_rows(struct routes_pane *p)
{
	struct pane_ctx *ctx = p->ctx;
	const struct target *t = ctx->target;
	unsigned collecting = ctx->collecting != NULL ? ctx->collecting(ctx) & ROUTES_PARTS : 0;

	if (p->built && p->generation == ctx->facts->generation && p->collecting == collecting &&
	    p->listeners == t->listeners && p->refreshed_at == t->refreshed_at)
		return;
	routes_rows_free(p->rows);
	routes_rows_inputs_from_facts(&p->in, ctx->facts, t, collecting);
	p->rows = routes_rows_build(&p->in);
	p->built = 1;
	p->generation = ctx->facts->generation;
	p->collecting = collecting;
	p->listeners = t->listeners;
	p->refreshed_at = t->refreshed_at;
	for (int k = 0; k < 2; k++)
		listview_refilter(&p->lv[k], &srcs[k], p);
	if (p->detail != DETAIL_NONE)
		build_detail(p);
	if (p->pending_file != NULL && p->in.scan != NULL) {
		char *file = p->pending_file;

		p->pending_file = NULL;
		apply_jump(p, file, p->pending_line, 0);
		free(file);
	}
}

/* ---- drawing ---------------------------------------------------------- */

static enum draw_style style_of(enum routes_tone t)
{
	switch (t) {
	case ROUTES_TONE_GOOD:
		return STYLE_PASS;
	case ROUTES_TONE_BAD:
		return STYLE_FAIL;
	case ROUTES_TONE_WARN:
		return STYLE_WARN;
	case ROUTES_TONE_DIM:
		return STYLE_DIM;
	default:
		return STYLE_NORMAL;
	}
}

/* Column widths of table 1, for 80 columns and up; the header column
 * shows the header's name once there is room for it. */
struct route_cols {
	int method, path, handler, where, build, live, hdr;
};

static struct route_cols route_cols(int cols, const char *header)
{
	struct route_cols c = {5, 18, 12, 14, 10, 10, 3};
	int extra = cols - 80;

	if (header == NULL) { /* no header being checked: no column */
		extra += c.hdr + 1;
		c.hdr = 0;
	} else if (extra >= 12) {
		int want = (int)strlen(header);

		want = want > 16 ? 16 : want;
		if (want > c.hdr) {
			extra -= want - c.hdr;
			c.hdr = want;
		}
	}
	if (extra > 0) {
		c.path += extra / 2;
		c.handler += extra / 4;
		c.where += extra - extra / 2 - extra / 4;
	}
	return c;
}

/* UTF-8 code points: close enough to display columns for clipping
 * (draw_text clips exactly at the edge anyway). */
static size_t cp_count(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Byte offset after the first k code points of s. */
static size_t cp_prefix(const char *s, size_t k)
{
	size_t i = 0;

	while (s[i] != '\0') {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (k == 0)
				break;
			k--;
		}
		i++;
	}
	return i;
}

enum clip { CLIP_RIGHT, CLIP_LEFT };

/* Draws one cell, marking a cut with an ellipsis: on the right for names
 * and paths, on the left for file:line so the line number survives. */
static int cell(const struct routes_pane *p, WINDOW *w, int y, int x, int width, enum draw_style s,
		const char *text, enum clip how)
{
	const char *ell = p->ctx->ascii ? "~" : "\xe2\x80\xa6";
	char *m, *t;
	size_t n;

	if (width <= 0)
		return x;
	/* Masked whole before the cut: a secret cut short is a secret kept. */
	m = textwrap_mask(text);
	text = m;
	n = cp_count(text, strlen(text));
	if (n <= (size_t)width)
		t = xstrdup(text);
	else if (how == CLIP_LEFT)
		t = xasprintf("%s%s", ell, text + cp_prefix(text, n - (size_t)width + 1));
	else
		t = xasprintf("%.*s%s", (int)cp_prefix(text, (size_t)width - 1), text, ell);
	draw_text(w, y, x, width, s, t);
	free(t);
	free(m);
	return x + width + 1;
}

static void fill_selected(WINDOW *w, int y, int cols)
{
	draw_textf(w, y, 0, cols, STYLE_SELECTED, "%*s", cols, "");
}

static void draw_route_row(void *data, size_t i, WINDOW *w, int y, int cols, int selected)
{
	struct routes_pane *p = data;
	const struct routes_route_row *r = &p->rows->routes[i];
	struct route_cols c = route_cols(cols, p->rows->header);
	int sel = selected && p->focus == FOCUS_ROUTES;
	enum draw_style n = sel ? STYLE_SELECTED : STYLE_NORMAL;
	const char *hdr = r->header < 0 ? "-" : r->header ? "yes" : "no";
	enum draw_style hs = r->header == 0 && r->live_tone != ROUTES_TONE_BAD ? STYLE_WARN : n;
	int x = 1;

	if (sel)
		fill_selected(w, y, cols);
	x = cell(p, w, y, x, c.method, n, r->method, CLIP_RIGHT);
	x = cell(p, w, y, x, c.path, n, r->path, CLIP_RIGHT);
	x = cell(p, w, y, x, c.handler, n, r->handler, CLIP_RIGHT);
	x = cell(p, w, y, x, c.where, n, r->where, CLIP_LEFT);
	x = cell(p, w, y, x, c.build, sel ? n : style_of(r->build_tone), r->build, CLIP_RIGHT);
	x = cell(p, w, y, x, c.live, sel ? n : style_of(r->live_tone), r->live, CLIP_RIGHT);
	if (c.hdr > 0)
		cell(p, w, y, x, c.hdr, sel ? n : hs, hdr, CLIP_RIGHT);
}

struct listener_cols {
	int addr, proto, health, declared, served;
};

static struct listener_cols listener_cols(int cols)
{
	struct listener_cols c = {21, 6, 11, 14, 0};
	int extra = cols - 80;

	if (extra > 0) {
		c.addr += extra / 4;
		c.declared += extra / 4;
	}
	c.served = cols - 1 - (c.addr + c.proto + c.health + c.declared + 4);
	return c;
}

static void draw_listener_row(void *data, size_t i, WINDOW *w, int y, int cols, int selected)
{
	struct routes_pane *p = data;
	const struct routes_listener_row *r = &p->rows->listeners[i];
	struct listener_cols c = listener_cols(cols);
	int sel = selected && p->focus == FOCUS_LISTENERS;
	enum draw_style n = sel ? STYLE_SELECTED : STYLE_NORMAL;
	enum draw_style tone = sel ? n : style_of(r->tone);
	int x = 1;

	if (sel)
		fill_selected(w, y, cols);
	if (r->kind == ROUTES_LROW_DECLARED) {
		x = cell(p, w, y, x, c.addr, n, r->addr, CLIP_RIGHT);
		x = cell(p, w, y, x, c.proto + 1 + c.health, sel ? n : STYLE_DIM,
			 "declared in code", CLIP_RIGHT);
		x = cell(p, w, y, x, c.declared, n, r->declared, CLIP_LEFT);
		cell(p, w, y, x, c.served, tone, r->served, CLIP_RIGHT);
		return;
	}
	x = cell(p, w, y, x, c.addr, n, r->addr, CLIP_RIGHT);
	x = cell(p, w, y, x, c.proto, n, r->proto, CLIP_RIGHT);
	x = cell(p, w, y, x, c.health, n, r->health, CLIP_RIGHT);
	x = cell(p, w, y, x, c.declared, tone, r->declared, CLIP_RIGHT);
	cell(p, w, y, x, c.served, r->grpc == NULL ? (sel ? n : STYLE_DIM) : n, r->served,
	     CLIP_RIGHT);
}

static void draw_route_heading(struct routes_pane *p, WINDOW *w, int y, int cols)
{
	struct route_cols c = route_cols(cols, p->rows->header);
	enum draw_style s = p->focus == FOCUS_ROUTES ? STYLE_TITLE : STYLE_DIM;
	int x = 1;

	x = cell(p, w, y, x, c.method, s, "Meth", CLIP_RIGHT);
	x = cell(p, w, y, x, c.path, s, "Path", CLIP_RIGHT);
	x = cell(p, w, y, x, c.handler, s, "Handler", CLIP_RIGHT);
	x = cell(p, w, y, x, c.where, s, "Declared at", CLIP_RIGHT);
	x = cell(p, w, y, x, c.build, s, "In build", CLIP_RIGHT);
	x = cell(p, w, y, x, c.live, s, "Live", CLIP_RIGHT);
	if (c.hdr > 0)
		cell(p, w, y, x, c.hdr, s,
		     c.hdr >= (int)strlen(p->rows->header) ? p->rows->header : "Hdr", CLIP_RIGHT);
}

static void draw_listener_heading(struct routes_pane *p, WINDOW *w, int y, int cols)
{
	struct listener_cols c = listener_cols(cols);
	enum draw_style s = p->focus == FOCUS_LISTENERS ? STYLE_TITLE : STYLE_DIM;
	int x = 1;

	x = cell(p, w, y, x, c.addr, s, "Listener", CLIP_RIGHT);
	x = cell(p, w, y, x, c.proto, s, "Proto", CLIP_RIGHT);
	x = cell(p, w, y, x, c.health, s, "gRPC health", CLIP_RIGHT);
	x = cell(p, w, y, x, c.declared, s, "Declared", CLIP_RIGHT);
	cell(p, w, y, x, c.served, s, "gRPC services served", CLIP_RIGHT);
}

/* One line under table 1 explaining the selected row in full (clipped at
 * the edge; Enter shows everything). */
static void draw_explain(struct routes_pane *p, WINDOW *w, int y, int cols)
{
	size_t i = listview_selected(&p->lv[p->focus]);
	char *text = NULL;
	enum draw_style s = STYLE_DIM;

	if (p->focus == FOCUS_ROUTES && i != (size_t)-1) {
		const struct routes_route_row *r = &p->rows->routes[i];

		text = r->in_build ? xasprintf("%s; in the build", r->live_why)
				   : xasprintf("%s; %s", r->live_why, r->build_short);
		s = !r->in_build || r->live_tone == ROUTES_TONE_BAD ? STYLE_FAIL : STYLE_DIM;
	} else if (p->focus == FOCUS_LISTENERS && i != (size_t)-1) {
		const struct routes_listener_row *r = &p->rows->listeners[i];

		text = xstrdup(r->why);
		s = style_of(r->tone);
	}
	if (text != NULL)
		draw_text(w, y, 1, cols - 2, s, text);
	free(text);
}

static void draw_note(WINDOW *w, int y, int cols, const char *note)
{
	if (note != NULL)
		draw_text(w, y, 2, cols - 3, STYLE_WARN, note);
}

/* Wraps "Label: value" at the width; continuation lines are indented.
 * The wrap masks the whole line first (textwrap.h), so a secret cut over
 * two rows is masked on both. */
static int draw_wrapped(WINDOW *w, int y, int max_y, int cols, const char *line, size_t *skip)
{
	enum draw_style style = strncmp(line, "Warning:", 8) == 0 ? STYLE_WARN : STYLE_NORMAL;
	struct textwrap tw;
	const char *row;
	size_t take;
	int width = cols - 2, indent = 0;

	textwrap_begin(&tw, line);
	while (y < max_y &&
	       (row = textwrap_next(&tw, (size_t)(width - indent > 1 ? width - indent : 1),
				    &take)) != NULL) {
		if (*skip > 0) {
			(*skip)--;
		} else {
			char *part = xstrndup(row, take);

			draw_text(w, y, 1 + indent, width - indent, style, part);
			free(part);
			y++;
		}
		indent = 4;
	}
	textwrap_end(&tw);
	return y;
}

static void draw_detail(struct routes_pane *p, WINDOW *w, int rows, int cols)
{
	size_t skip = p->detail_top;
	int y = 2;

	draw_text(w, 0, 1, cols - 2, STYLE_TITLE,
		  p->detail == DETAIL_ROUTE ? "Route (Esc: back to the tables)"
					    : "Listener (Esc: back to the tables)");
	p->detail_rows = rows - 2;
	for (size_t i = 0; i < p->detail_lines.n && y < rows; i++)
		y = draw_wrapped(w, y, rows, cols, p->detail_lines.v[i], &skip);
	if (p->detail_lines.n == 0)
		draw_text(w, y, 1, cols - 2, STYLE_DIM, "(the row is gone: press Esc)");
}

static void routes_draw(void *data, struct pane_ctx *ctx, WINDOW *w, int rows, int cols)
{
	struct routes_pane *p = data;
	struct routes_rows *r;
	int lrows, rrows, y;
	char *line;

	refresh_rows(p);
	r = p->rows;
	if (p->detail != DETAIL_NONE) {
		draw_detail(p, w, rows, cols);
		return;
	}
	line = xasprintf("%s%s", p->collecting ? "collecting...  " : "", r->summary);
	draw_text(w, 0, 1, cols - 2, STYLE_NORMAL, line);
	free(line);
	if (r->context != NULL) {
		line = r->header ? xasprintf("header %s; %s", r->header, r->context)
				 : xstrdup(r->context);
		draw_text(w, 1, 1, cols - 2, STYLE_DIM, line);
		free(line);
	}
	/* Table 2 gets what it needs up to a third of the pane; table 1 the rest. */
	lrows = (int)(r->nlisteners > 0 ? r->nlisteners : 1);
	if (p->lv[FOCUS_LISTENERS].filtering || p->lv[FOCUS_LISTENERS].filter[0])
		lrows++;
	if (lrows > (rows - 5) / 3)
		lrows = (rows - 5) / 3;
	if (lrows < 2)
		lrows = 2;
	rrows = rows - 5 - lrows;
	if (rrows < 2)
		rrows = 2;

	y = 2;
	draw_route_heading(p, w, y++, cols);
	if (r->nroutes == 0)
		draw_note(w, y, cols, r->routes_note);
	else
		listview_draw(&p->lv[FOCUS_ROUTES], &srcs[FOCUS_ROUTES], p, w, y, rrows, cols);
	y += rrows;
	draw_explain(p, w, y++, cols);
	draw_listener_heading(p, w, y++, cols);
	if (r->nlisteners == 0)
		draw_note(w, y, cols, r->listeners_note);
	else
		listview_draw(&p->lv[FOCUS_LISTENERS], &srcs[FOCUS_LISTENERS], p, w, y, rows - y,
			      cols);
	(void)ctx;
}

/* ---- keys and jumps -------------------------------------------------- */

static void open_detail(struct routes_pane *p)
{
	size_t i = listview_selected(&p->lv[p->focus]);

	if (i == (size_t)-1)
		return;
	p->detail = p->focus == FOCUS_ROUTES ? DETAIL_ROUTE : DETAIL_LISTENER;
	p->detail_idx = i;
	p->detail_top = 0;
	build_detail(p);
}

static void recollect(struct routes_pane *p)
{
	p->ctx->collect(p->ctx, ROUTES_PARTS);
	p->ctx->status(p->ctx, "re-scanning the repo, probing the routes, sniffing the listeners");
}

static int detail_key(struct routes_pane *p, enum action a)
{
	size_t page = p->detail_rows > 1 ? (size_t)p->detail_rows - 1 : 1;

	switch (a) {
	case ACT_BACK:
	case ACT_OPEN:
		p->detail = DETAIL_NONE;
		strlist_free(&p->detail_lines);
		return 1;
	case ACT_UP:
		if (p->detail_top > 0)
			p->detail_top--;
		return 1;
	case ACT_DOWN:
		p->detail_top++;
		return 1;
	case ACT_PAGE_UP:
		p->detail_top = p->detail_top > page ? p->detail_top - page : 0;
		return 1;
	case ACT_PAGE_DOWN:
		p->detail_top += page;
		return 1;
	case ACT_TOP:
		p->detail_top = 0;
		return 1;
	case ACT_REFRESH:
		recollect(p);
		return 1;
	default:
		return 0;
	}
}

static int routes_key(void *data, struct pane_ctx *ctx, enum action a, int key)
{
	struct routes_pane *p = data;
	struct listview *lv = &p->lv[p->focus];

	(void)ctx;
	refresh_rows(p);
	if (p->detail != DETAIL_NONE)
		return detail_key(p, a);
	if (lv->filtering)
		return listview_key(lv, &srcs[p->focus], p, a, key);
	switch (a) {
	case ACT_TOGGLE:
		p->focus = p->focus == FOCUS_ROUTES ? FOCUS_LISTENERS : FOCUS_ROUTES;
		return 1;
	case ACT_OPEN:
		open_detail(p);
		return 1;
	case ACT_REFRESH:
		recollect(p);
		return 1;
	case ACT_DOWN:
		/* Down off the last route moves into the listeners, and back. */
		if (p->focus == FOCUS_ROUTES && lv->sel + 1 >= lv->nvisible &&
		    p->lv[FOCUS_LISTENERS].nvisible > 0) {
			p->focus = FOCUS_LISTENERS;
			p->lv[FOCUS_LISTENERS].sel = 0;
			return 1;
		}
		break;
	case ACT_UP:
		if (p->focus == FOCUS_LISTENERS && lv->sel == 0 &&
		    p->lv[FOCUS_ROUTES].nvisible > 0) {
			p->focus = FOCUS_ROUTES;
			return 1;
		}
		break;
	default:
		break;
	}
	return listview_key(lv, &srcs[p->focus], p, a, key);
}

static int routes_wants_text(void *data)
{
	struct routes_pane *p = data;

	return p->detail == DETAIL_NONE && p->lv[p->focus].filtering;
}

static void select_row(struct routes_pane *p, enum focus f, size_t idx)
{
	struct listview *lv = &p->lv[f];

	p->focus = f;
	p->detail = DETAIL_NONE;
	if (!listview_select(lv, idx)) {
		/* Filtered out: drop the filter so the row can be shown. */
		lv->filter[0] = '\0';
		lv->filtering = 0;
		listview_refilter(lv, &srcs[f], p);
		listview_select(lv, idx);
	}
}

static void apply_jump(struct routes_pane *p, const char *file, int line, int quiet)
{
	struct routes_jump j;

	routes_rows_resolve_code(p->rows, &p->in, file, line, &j);
	if (j.table == ROUTES_JUMP_ROUTES)
		select_row(p, FOCUS_ROUTES, j.idx);
	else if (j.table == ROUTES_JUMP_LISTENERS)
		select_row(p, FOCUS_LISTENERS, j.idx);
	if (j.note != NULL)
		p->ctx->status(p->ctx, "%s", j.note);
	else if (j.table == ROUTES_JUMP_NONE && !quiet)
		p->ctx->status(p->ctx,
			       "no route, gRPC registration or listen call is declared at "
			       "%s:%d",
			       file, line);
	free(j.note);
}

static int routes_jump(void *data, struct pane_ctx *ctx, const char *what)
{
	struct routes_pane *p = data;
	char *file;
	int line;

	struct jump j;

	(void)ctx;
	refresh_rows(p);
	if (jump_parse(what, &j) == 0 && j.kind == JUMP_FILTER) {
		struct listview *lv = &p->lv[p->focus];

		p->detail = DETAIL_NONE;
		snprintf(lv->filter, sizeof lv->filter, "%s", j.arg);
		lv->filtering = 0;
		listview_refilter(lv, &srcs[p->focus], p);
		return 0;
	}
	if (routes_rows_parse_code(what, &file, &line) != 0)
		return -1;
	if (p->in.scan == NULL && (p->in.scanning || !(p->ctx->facts->collected & FACT_REPO))) {
		/* The scan is on its way: land when it does. */
		free(p->pending_file);
		p->pending_file = file;
		p->pending_line = line;
		p->ctx->status(p->ctx, "scanning the repository; %s:%d is selected when it lands",
			       file, line);
		return 0;
	}
	apply_jump(p, file, line, 0);
	free(file);
	return 0;
}

/* ---- life cycle ------------------------------------------------------ */

static void *routes_init(struct pane_ctx *ctx)
{
	struct routes_pane *p = xcalloc(1, sizeof *p);

	p->ctx = ctx;
	listview_init(&p->lv[0]);
	listview_init(&p->lv[1]);
	return p;
}

static void routes_destroy(void *data)
{
	struct routes_pane *p = data;

	if (p == NULL)
		return;
	routes_rows_free(p->rows);
	listview_free(&p->lv[0]);
	listview_free(&p->lv[1]);
	strlist_free(&p->detail_lines);
	free(p->pending_file);
	free(p);
}

/* The actions the key callback answers (listview_key included). */
static const enum action routes_answers[] = {ACT_OPEN,	 ACT_TOGGLE,  ACT_REFRESH,   ACT_UP,
					     ACT_DOWN,	 ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP,
					     ACT_BOTTOM, ACT_FILTER,  ACT_BACK,	     ACT_NONE};

const struct pane_ops routes_pane = {
    .name = "routes",
    .title = "Routes",
    .init = routes_init,
    .draw = routes_draw,
    .key = routes_key,
    .wants_text = routes_wants_text,
    .jump = routes_jump,
    .destroy = routes_destroy,
    .answers = routes_answers,
};
