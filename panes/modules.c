/* modules.c: the module state from every side at once: one row per
 * requirement (go.mod, binary, vendor, go.sum, cache; disagreements
 * marked), the Go environment with where each value came from, vendor and
 * workspace state, and the live GOPROXY probe with what go would do. The
 * rows come from modules_rows.c; this file draws them and takes keys. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "listview.h"
#include "modules_rows.h"
#include "pane.h"
#include "checks/jump.h"

#define PARTS (FACT_MODULES | FACT_PROXY)

struct modules_pane {
	struct listview list;
	struct pane_ctx *ctx;
	struct modules_rows_inputs in;
	struct modules_view *view;    /* NULL until the first build */
	unsigned generation;	      /* facts generation the view was built for */
	unsigned busy;		      /* PARTS in flight when it was built */
	int cols;		      /* width it was built for */
	struct modules_lines *detail; /* the open detail view, or NULL */
	struct modules_row detail_of; /* kind and ref of the row it shows */
	char *detail_path;	      /* requirement path, to find it again */
	size_t dscroll;
	int drows; /* detail rows shown at the last draw */
};

static size_t row_count(void *data)
{
	struct modules_pane *p = data;

	return p->view ? p->view->body.n : 0;
}

static int row_match(void *data, size_t i, const char *filter)
{
	struct modules_pane *p = data;

	return modules_rows_match(&p->view->body.v[i], filter);
}

static enum draw_style style_of(enum modules_tone t)
{
	switch (t) {
	case MODULES_TONE_TITLE:
		return STYLE_TITLE;
	case MODULES_TONE_DIM:
		return STYLE_DIM;
	case MODULES_TONE_GOOD:
		return STYLE_PASS;
	case MODULES_TONE_WARN:
		return STYLE_WARN;
	case MODULES_TONE_BAD:
		return STYLE_FAIL;
	default:
		return STYLE_NORMAL;
	}
}

/* The selected row keeps its tones, reversed, so a disagreement stays
 * visible under the cursor (the demo's table often has one row). */
static void draw_cells(const struct modules_row *r, WINDOW *w, int y, int cols, int selected)
{
	if (selected) {
		wattr_on(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
		mvwhline(w, y, 0, ' ', cols);
	}
	for (int i = 0; i < r->ncell; i++) {
		const struct modules_cell *c = &r->cell[i];
		int width = c->x + c->width > cols ? cols - c->x : c->width;

		if (width > 0)
			draw_text(w, y, c->x, width, style_of(c->tone), c->text);
	}
	if (selected)
		wattr_off(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
}

static void row_draw(void *data, size_t i, WINDOW *w, int y, int cols, int selected)
{
	struct modules_pane *p = data;

	draw_cells(&p->view->body.v[i], w, y, cols, selected);
}

static const struct listview_src src = {row_count, row_match, row_draw};

static void close_detail(struct modules_pane *p)
{
	modules_lines_free(p->detail);
	p->detail = NULL;
	free(p->detail_path);
	p->detail_path = NULL;
}

/* Builds the detail view of `row`; returns 0 when the row has none. */
static int open_detail(struct modules_pane *p, const struct modules_row *row)
{
	struct modules_lines *d = modules_rows_detail(&p->in, row, p->cols);
	char *path = NULL;

	if (d == NULL)
		return 0;
	if (row->kind == MODULES_ROW_REQ)
		path = xstrdup(p->in.mods->req[row->ref].path);
	close_detail(p);
	p->detail = d;
	p->detail_path = path;
	memset(&p->detail_of, 0, sizeof p->detail_of);
	p->detail_of.kind = row->kind;
	p->detail_of.ref = row->ref;
	return 1;
}

/* Rebuilds the rows when the facts, the width or the collection state
 * changed; the selection stays on its row index, an open detail view on
 * the same requirement, variable or proxy entry. */
static void refresh_view(struct modules_pane *p, int cols)
{
	struct pane_ctx *ctx = p->ctx;
	unsigned busy = ctx->collecting(ctx) & PARTS;

	if (p->view != NULL && p->generation == ctx->facts->generation && p->busy == busy &&
	    p->cols == cols)
		return;
	modules_view_free(p->view);
	modules_rows_inputs_from_facts(&p->in, ctx->facts, busy);
	p->in.ascii = ctx->ascii;
	p->view = modules_rows_build(&p->in, cols);
	p->generation = ctx->facts->generation;
	p->busy = busy;
	p->cols = cols;
	listview_refilter(&p->list, &src, p);
	if (p->detail != NULL) {
		struct modules_row again = p->detail_of;
		size_t i = (size_t)-1;

		if (again.kind == MODULES_ROW_REQ && p->detail_path != NULL &&
		    (i = modules_rows_find_req(p->view, &p->in, p->detail_path)) != (size_t)-1)
			again.ref = p->view->body.v[i].ref;
		if ((again.kind == MODULES_ROW_REQ && i == (size_t)-1) || !open_detail(p, &again))
			close_detail(p);
	}
}

static void *modules_init(struct pane_ctx *ctx)
{
	struct modules_pane *p = xcalloc(1, sizeof *p);

	listview_init(&p->list);
	p->ctx = ctx;
	p->cols = 80;
	return p;
}

static void modules_enter(void *data, struct pane_ctx *ctx)
{
	struct modules_pane *p = data;

	/* The frame collects everything after attach; r asks again. */
	(void)ctx;
	refresh_view(p, p->cols);
}

/* The sticky line above the list: the column titles while requirements
 * are at the top, else the title of the section the top row belongs to. */
static void draw_sticky(struct modules_pane *p, WINDOW *w, int y, int cols)
{
	const struct modules_lines *b = &p->view->body;
	const struct modules_row *top;

	if (p->list.nvisible == 0 || p->list.top >= p->list.nvisible) {
		draw_cells(&p->view->reqhead, w, y, cols, 0);
		return;
	}
	top = &b->v[p->list.visible[p->list.top]];
	if (top->sec == MODULES_SEC_REQ) {
		draw_cells(&p->view->reqhead, w, y, cols, 0);
		return;
	}
	if (top->kind == MODULES_ROW_TITLE || top->kind == MODULES_ROW_BLANK) {
		draw_hline(w, y, 0, cols, p->ctx->ascii);
		return;
	}
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].sec == top->sec && b->v[i].kind == MODULES_ROW_TITLE) {
			draw_cells(&b->v[i], w, y, cols, 0);
			return;
		}
}

static void draw_detail(struct modules_pane *p, WINDOW *w, int y, int rows, int cols)
{
	const struct modules_lines *d = p->detail;

	p->drows = rows - 1;
	if (p->drows < 1)
		p->drows = 1;
	if (d->n > (size_t)p->drows && p->dscroll > d->n - (size_t)p->drows)
		p->dscroll = d->n - (size_t)p->drows;
	if (d->n <= (size_t)p->drows)
		p->dscroll = 0;
	draw_textf(w, y, 0, cols, STYLE_DIM, "%s  (Esc: back to the table; %zu-%zu of %zu)",
		   p->detail_of.kind == MODULES_ROW_REQ	  ? "requirement"
		   : p->detail_of.kind == MODULES_ROW_ENV ? "Go environment variable"
							  : "GOPROXY entry",
		   d->n ? p->dscroll + 1 : 0,
		   p->dscroll + (size_t)p->drows < d->n ? p->dscroll + (size_t)p->drows : d->n,
		   d->n);
	for (int r = 0; r < p->drows && p->dscroll + (size_t)r < d->n; r++)
		draw_cells(&d->v[p->dscroll + (size_t)r], w, y + 1 + r, cols, 0);
}

static void modules_draw(void *data, struct pane_ctx *ctx, WINDOW *w, int rows, int cols)
{
	struct modules_pane *p = data;
	int y = 0;

	(void)ctx;
	refresh_view(p, cols);
	/* The summary stays above the list when there is room for both. */
	if (rows >= 12)
		for (size_t i = 0; i < p->view->summary.n; i++)
			draw_cells(&p->view->summary.v[i], w, y++, cols, 0);
	if (p->detail != NULL) {
		draw_detail(p, w, y, rows - y, cols);
		return;
	}
	listview_draw(&p->list, &src, p, w, y + 1, rows - y - 1, cols);
	draw_sticky(p, w, y, cols);
}

static void detail_key(struct modules_pane *p, enum action a)
{
	size_t page = p->drows > 1 ? (size_t)p->drows - 1 : 1;

	switch (a) {
	case ACT_UP:
		p->dscroll -= p->dscroll > 0;
		break;
	case ACT_DOWN:
		p->dscroll++;
		break;
	case ACT_PAGE_UP:
		p->dscroll = p->dscroll > page ? p->dscroll - page : 0;
		break;
	case ACT_PAGE_DOWN:
		p->dscroll += page;
		break;
	case ACT_TOP:
		p->dscroll = 0;
		break;
	case ACT_BOTTOM:
		p->dscroll = p->detail->n;
		break;
	default:
		break;
	}
}

static void record_open(struct pane_ctx *ctx, const struct modules_pane *p)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "pane", "modules");
	if (p->detail_of.kind == MODULES_ROW_REQ && p->detail_path != NULL)
		cJSON_AddStringToObject(o, "requirement", p->detail_path);
	else if (p->detail_of.kind == MODULES_ROW_ENV)
		cJSON_AddStringToObject(
		    o, "variable", goenv_get(p->in.env, (enum goenv_id)p->detail_of.ref)->name);
	else
		cJSON_AddNumberToObject(o, "proxy_entry", (double)p->detail_of.ref + 1);
	ctx->record(ctx, "open", o);
}

static int modules_key(void *data, struct pane_ctx *ctx, enum action a, int key)
{
	struct modules_pane *p = data;
	size_t sel;

	refresh_view(p, p->cols);
	if (a == ACT_REFRESH && !p->list.filtering) {
		ctx->collect(ctx, PARTS);
		ctx->status(ctx, "re-reading go.mod, go.sum, vendor/, go.work, the module cache "
				 "and probing GOPROXY...");
		refresh_view(p, p->cols);
		return 1;
	}
	if (p->detail != NULL) {
		switch (a) {
		case ACT_BACK:
			close_detail(p);
			return 1;
		case ACT_UP:
		case ACT_DOWN:
		case ACT_PAGE_UP:
		case ACT_PAGE_DOWN:
		case ACT_TOP:
		case ACT_BOTTOM:
			detail_key(p, a);
			return 1;
		default:
			return a == ACT_OPEN;
		}
	}
	if (a == ACT_OPEN && !p->list.filtering) {
		sel = listview_selected(&p->list);
		if (sel == (size_t)-1)
			return 1;
		if (open_detail(p, &p->view->body.v[sel])) {
			p->dscroll = 0;
			record_open(ctx, p);
		} else {
			ctx->status(ctx,
				    "Enter opens a requirement, a variable or a GOPROXY entry");
		}
		return 1;
	}
	return listview_key(&p->list, &src, p, a, key);
}

static int modules_wants_text(void *data)
{
	struct modules_pane *p = data;

	return p->detail == NULL && p->list.filtering;
}

static int modules_jump(void *data, struct pane_ctx *ctx, const char *what)
{
	struct modules_pane *p = data;

	struct jump j;

	(void)ctx;
	if (jump_parse(what, &j) != 0 || j.kind != JUMP_FILTER)
		return -1;
	close_detail(p);
	refresh_view(p, p->cols);
	snprintf(p->list.filter, sizeof p->list.filter, "%s", j.arg);
	p->list.filtering = 0;
	listview_refilter(&p->list, &src, p);
	return 0;
}

static void modules_destroy(void *data)
{
	struct modules_pane *p = data;

	close_detail(p);
	modules_view_free(p->view);
	listview_free(&p->list);
	free(p);
}

/* The actions the key callback answers (listview_key included). */
static const enum action modules_answers[] = {ACT_OPEN,	   ACT_REFRESH,	  ACT_UP,  ACT_DOWN,
					      ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP, ACT_BOTTOM,
					      ACT_FILTER,  ACT_BACK,	  ACT_NONE};

const struct pane_ops modules_pane = {
    .name = "modules",
    .title = "Modules",
    .init = modules_init,
    .enter = modules_enter,
    .draw = modules_draw,
    .key = modules_key,
    .wants_text = modules_wants_text,
    .jump = modules_jump,
    .destroy = modules_destroy,
    .answers = modules_answers,
};
