/* listview.h: the one list widget (htop's Panel, tmux's mode-tree).
 *
 * Scrolling, selection and filter-as-you-type live here once; a pane
 * describes its rows with a struct listview_src of callbacks over its own
 * data. The widget keeps only indices: call listview_refilter() whenever
 * the pane's rows change (a new fetch) so the visible set is recomputed;
 * the selection stays on the same row index when it is still visible. */
#ifndef GOTRIAGE_LISTVIEW_H
#define GOTRIAGE_LISTVIEW_H

#include <curses.h>
#include <stddef.h>

#include "action.h"

struct listview_src {
	size_t (*count)(void *data);
	/* Non-zero when row i matches the (non-empty) filter; NULL: all match. */
	int (*match)(void *data, size_t i, const char *filter);
	void (*draw_row)(void *data, size_t i, WINDOW *w, int y, int cols, int selected);
};

struct listview {
	size_t sel;	 /* position in visible[] */
	size_t top;	 /* first visible position drawn */
	size_t *visible; /* row indices that pass the filter */
	size_t nvisible, cap;
	char filter[128];
	int filtering; /* the filter box takes keys */
	int rows;      /* rows available at the last draw */
};

void listview_init(struct listview *lv);
void listview_free(struct listview *lv);
void listview_refilter(struct listview *lv, const struct listview_src *src, void *data);
/* Draws rows [y, y+rows) and, while filtering, a filter box on the last row. */
void listview_draw(struct listview *lv, const struct listview_src *src, void *data, WINDOW *w,
		   int y, int rows, int cols);
/* Movement, filter box and typing; returns 1 when used. */
int listview_key(struct listview *lv, const struct listview_src *src, void *data, enum action a,
		 int key);
/* The selected row index, or (size_t)-1 when nothing is visible. */
size_t listview_selected(const struct listview *lv);
/* Selects row index i if it is visible; returns 1 on success. */
int listview_select(struct listview *lv, size_t i);

#endif
