/* fleet.c: the fleet pane, the console of `gotriage fleet` on a terminal:
 * the judged fleet (groups, skew, outliers, listener gaps, environment)
 * as fleet_rows.c lays it out. Enter on a group expands it (Esc folds it
 * again); Enter on a target opens the console on that one target, as a
 * child process given the terminal (ctx->spawn: `gotriage --ssh DEST
 * --pid N`, `--facts SAVED`, ...); quitting that console returns here.
 * The pane's data is ctx->fleet; without it the pane says so. */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fleet_rows.h"
#include "listview.h"
#include "pane.h"

struct fleet_pane {
	const struct fleet_pane_data *d;
	struct fleet_rows *rows;
	unsigned char *expanded; /* per group */
	struct listview list;
};

static size_t row_count(void *data)
{
	struct fleet_pane *p = data;

	return p->rows ? p->rows->n : 0;
}

static int row_match(void *data, size_t i, const char *filter)
{
	struct fleet_pane *p = data;

	return strstr(p->rows->v[i].text, filter) != NULL;
}

static enum draw_style style_of(const struct fleet_line *l)
{
	if (l->kind == FLEET_LINE_TITLE)
		return STYLE_TITLE;
	switch (l->tone) {
	case FLEET_TONE_GOOD:
		return STYLE_PASS;
	case FLEET_TONE_BAD:
		return STYLE_FAIL;
	case FLEET_TONE_WARN:
		return STYLE_WARN;
	case FLEET_TONE_DIM:
		return STYLE_DIM;
	default:
		return STYLE_NORMAL;
	}
}

static void row_draw(void *data, size_t i, WINDOW *w, int y, int cols, int selected)
{
	struct fleet_pane *p = data;
	const struct fleet_line *l = &p->rows->v[i];

	if (selected) {
		wattr_on(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
		mvwhline(w, y, 0, ' ', cols);
	}
	if (cols > l->indent)
		draw_text(w, y, l->indent, cols - l->indent, style_of(l), l->text);
	if (selected)
		wattr_off(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
}

static const struct listview_src src = {row_count, row_match, row_draw};

/* Rebuilds the lines (a group opened or closed). */
static void rebuild(struct fleet_pane *p)
{
	fleet_rows_free(p->rows);
	p->rows = fleet_rows_build(p->d, p->expanded);
	listview_refilter(&p->list, &src, p);
}

static void select_group(struct fleet_pane *p, size_t g)
{
	for (size_t i = 0; i < p->rows->n; i++)
		if (p->rows->v[i].kind == FLEET_LINE_GROUP && p->rows->v[i].group == g) {
			listview_select(&p->list, i);
			return;
		}
}

static void *fleet_init(struct pane_ctx *ctx)
{
	struct fleet_pane *p = xcalloc(1, sizeof *p);
	const cJSON *e, *events;

	p->d = ctx->fleet;
	if (p->d != NULL && p->d->view != NULL)
		p->expanded = xcalloc(p->d->view->ngroups + 1, 1);
	listview_init(&p->list);
	rebuild(p);
	/* The first line worth a key: the first group. */
	select_group(p, 0);
	/* The fleet's targets and view go in the console's journal. */
	events = p->d ? p->d->events : NULL;
	cJSON_ArrayForEach(e, events)
	{
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "kind");
		cJSON *pl = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(e, "payload"), 1);

		if (cJSON_IsString(k) && pl != NULL && ctx->record != NULL)
			ctx->record(ctx, k->valuestring, pl);
		else
			cJSON_Delete(pl);
	}
	return p;
}

static void fleet_draw(void *data, struct pane_ctx *ctx, WINDOW *w, int rows, int cols)
{
	struct fleet_pane *p = data;
	size_t sel = listview_selected(&p->list);
	char hint[256] = "";

	(void)ctx;
	draw_text(w, 0, 0, cols, STYLE_TITLE,
		  p->d && p->d->summary ? p->d->summary : "gotriage fleet");
	if (sel != (size_t)-1 && p->rows->v[sel].kind == FLEET_LINE_TARGET && p->d != NULL) {
		const struct fleet_pane_target *t = &p->d->attach[p->rows->v[sel].row];

		snprintf(hint, sizeof hint, "%s %s: %s", t->argv ? "Enter opens" : "cannot open",
			 p->d->rows[p->rows->v[sel].row].name, t->how ? t->how : "");
	} else if (sel != (size_t)-1 && p->rows->v[sel].kind == FLEET_LINE_GROUP) {
		snprintf(hint, sizeof hint, "Enter %s this group's targets",
			 p->rows->v[sel].expanded ? "hides" : "lists");
	}
	listview_draw(&p->list, &src, p, w, 1, rows - 2, cols);
	if (rows > 2)
		draw_text(w, rows - 1, 0, cols, STYLE_DIM, hint);
}

static void open_target(struct fleet_pane *p, struct pane_ctx *ctx, size_t row)
{
	const struct fleet_pane_target *t = &p->d->attach[row];
	const char *name = p->d->rows[row].name;
	int rc;

	if (t->argv == NULL || ctx->spawn == NULL) {
		ctx->status(ctx, "cannot open %s: %s", name, t->how ? t->how : "no way to attach");
		return;
	}
	/* The frame says how it went (back from it, or its last words). */
	rc = ctx->spawn(ctx, name, t->argv);
	if (rc < 0)
		ctx->status(ctx, "could not start the console on %s", name);
}

static int fleet_key(void *data, struct pane_ctx *ctx, enum action a, int key)
{
	struct fleet_pane *p = data;
	size_t sel = listview_selected(&p->list);
	const struct fleet_line *l = sel != (size_t)-1 ? &p->rows->v[sel] : NULL;

	if (p->list.filtering)
		return listview_key(&p->list, &src, p, a, key);
	if (a == ACT_OPEN && l != NULL && l->kind == FLEET_LINE_GROUP && p->expanded) {
		size_t g = l->group;

		p->expanded[g] = !p->expanded[g];
		rebuild(p);
		select_group(p, g);
		return 1;
	}
	if (a == ACT_OPEN && l != NULL && l->kind == FLEET_LINE_TARGET) {
		open_target(p, ctx, l->row);
		return 1;
	}
	if (a == ACT_BACK && l != NULL && l->group != (size_t)-1 && p->expanded &&
	    p->expanded[l->group] && p->list.filter[0] == '\0') {
		size_t g = l->group;

		p->expanded[g] = 0;
		rebuild(p);
		select_group(p, g);
		return 1;
	}
	return listview_key(&p->list, &src, p, a, key);
}

static int fleet_wants_text(void *data)
{
	return ((struct fleet_pane *)data)->list.filtering;
}

static void fleet_destroy(void *data)
{
	struct fleet_pane *p = data;

	if (p == NULL)
		return;
	fleet_rows_free(p->rows);
	free(p->expanded);
	listview_free(&p->list);
	free(p);
}

static const enum action fleet_answers[] = {ACT_OPEN,	 ACT_BACK,	ACT_UP,	 ACT_DOWN,
					    ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP, ACT_BOTTOM,
					    ACT_FILTER,	 ACT_NONE};

const struct pane_ops fleet_pane = {
    .name = "fleet",
    .title = "Fleet",
    .init = fleet_init,
    .draw = fleet_draw,
    .key = fleet_key,
    .wants_text = fleet_wants_text,
    .destroy = fleet_destroy,
    .answers = fleet_answers,
};
