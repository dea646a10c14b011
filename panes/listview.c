/* listview.c: scrolling list with filter-as-you-type. */
#include "listview.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "draw.h"

void listview_init(struct listview *lv)
{
	memset(lv, 0, sizeof *lv);
}

void listview_free(struct listview *lv)
{
	free(lv->visible);
	listview_init(lv);
}

void listview_refilter(struct listview *lv, const struct listview_src *src, void *data)
{
	size_t n = src->count(data);
	size_t old = listview_selected(lv);

	lv->nvisible = 0;
	lv->visible = xgrow(lv->visible, &lv->cap, n + 1, sizeof *lv->visible);
	for (size_t i = 0; i < n; i++)
		if (lv->filter[0] == '\0' || src->match == NULL || src->match(data, i, lv->filter))
			lv->visible[lv->nvisible++] = i;
	lv->sel = 0;
	if (old != (size_t)-1)
		listview_select(lv, old);
	if (lv->top > lv->sel)
		lv->top = lv->sel;
}

size_t listview_selected(const struct listview *lv)
{
	return lv->sel < lv->nvisible ? lv->visible[lv->sel] : (size_t)-1;
}

int listview_select(struct listview *lv, size_t i)
{
	for (size_t k = 0; k < lv->nvisible; k++)
		if (lv->visible[k] == i) {
			lv->sel = k;
			return 1;
		}
	return 0;
}

void listview_draw(struct listview *lv, const struct listview_src *src, void *data, WINDOW *w,
		   int y, int rows, int cols)
{
	int list_rows = lv->filtering || lv->filter[0] ? rows - 1 : rows;

	if (list_rows < 1)
		list_rows = 1;
	lv->rows = list_rows;
	if (lv->sel < lv->top)
		lv->top = lv->sel;
	if (lv->sel >= lv->top + (size_t)list_rows)
		lv->top = lv->sel - (size_t)list_rows + 1;
	for (int r = 0; r < list_rows; r++) {
		size_t pos = lv->top + (size_t)r;

		wmove(w, y + r, 0);
		wclrtoeol(w);
		if (pos >= lv->nvisible)
			continue;
		src->draw_row(data, lv->visible[pos], w, y + r, cols, pos == lv->sel);
	}
	if (lv->nvisible == 0 && lv->filter[0])
		draw_text(w, y, 2, cols - 2, STYLE_DIM, "(nothing matches the filter)");
	if (lv->filtering || lv->filter[0]) {
		wmove(w, y + rows - 1, 0);
		wclrtoeol(w);
		draw_textf(w, y + rows - 1, 0, cols, lv->filtering ? STYLE_HIGHLIGHT : STYLE_DIM,
			   "/%s%s  (%zu match%s)", lv->filter, lv->filtering ? "_" : "",
			   lv->nvisible, lv->nvisible == 1 ? "" : "es");
	}
}

static void move_sel(struct listview *lv, long delta)
{
	long s = (long)lv->sel + delta;

	if (lv->nvisible == 0) {
		lv->sel = 0;
		return;
	}
	if (s < 0)
		s = 0;
	if (s >= (long)lv->nvisible)
		s = (long)lv->nvisible - 1;
	lv->sel = (size_t)s;
}

int listview_key(struct listview *lv, const struct listview_src *src, void *data, enum action a,
		 int key)
{
	long page = lv->rows > 1 ? lv->rows - 1 : 1;

	if (lv->filtering) {
		size_t n = strlen(lv->filter);

		if (key == '\n' || key == '\r' || key == KEY_ENTER) {
			lv->filtering = 0;
		} else if (key == 27) {
			lv->filtering = 0;
			lv->filter[0] = '\0';
			listview_refilter(lv, src, data);
		} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
			if (n > 0) {
				lv->filter[n - 1] = '\0';
				listview_refilter(lv, src, data);
			}
		} else if (key == KEY_UP || key == KEY_DOWN) {
			move_sel(lv, key == KEY_UP ? -1 : 1);
		} else if (key >= ' ' && key < 127 && n + 1 < sizeof lv->filter) {
			lv->filter[n] = (char)key;
			lv->filter[n + 1] = '\0';
			listview_refilter(lv, src, data);
		}
		return 1;
	}
	switch (a) {
	case ACT_UP:
		move_sel(lv, -1);
		return 1;
	case ACT_DOWN:
		move_sel(lv, 1);
		return 1;
	case ACT_PAGE_UP:
		move_sel(lv, -page);
		return 1;
	case ACT_PAGE_DOWN:
		move_sel(lv, page);
		return 1;
	case ACT_TOP:
		lv->sel = 0;
		return 1;
	case ACT_BOTTOM:
		move_sel(lv, (long)lv->nvisible);
		return 1;
	case ACT_FILTER:
		lv->filtering = 1;
		return 1;
	case ACT_BACK:
		if (lv->filter[0] == '\0')
			return 0;
		lv->filter[0] = '\0';
		listview_refilter(lv, src, data);
		return 1;
	default:
		return 0;
	}
}
