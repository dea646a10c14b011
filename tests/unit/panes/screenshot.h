/* screenshot.h: for the pane tests that need what a pane really draws: a
 * curses screen on /dev/null (TERM xterm from terminfo, no terminal
 * needed) and its rows read back as text, after the pane's own draw and
 * draw_text() did their work. shot_open() returns -1 (the caller skips)
 * when the terminfo entry is missing. */
#ifndef GOTRIAGE_TESTS_SCREENSHOT_H
#define GOTRIAGE_TESTS_SCREENSHOT_H

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shot {
	SCREEN *scr;
	FILE *out, *in;
	WINDOW *w;
	int rows, cols;
};

static inline int shot_open(struct shot *s, int rows, int cols)
{
	memset(s, 0, sizeof *s);
	s->out = fopen("/dev/null", "w");
	s->in = fopen("/dev/null", "r");
	if (s->out == NULL || s->in == NULL)
		return -1;
	s->scr = newterm("xterm", s->out, s->in);
	if (s->scr == NULL)
		return -1;
	s->w = newwin(rows, cols, 0, 0);
	s->rows = rows;
	s->cols = cols;
	return s->w != NULL ? 0 : -1;
}

/* Row y as drawn (a new string, trailing blanks kept). */
static inline char *shot_row(const struct shot *s, int y)
{
	char *row = calloc((size_t)s->cols * 4 + 1, 1);

	mvwinnstr(s->w, y, 0, row, s->cols);
	return row;
}

static inline void shot_close(struct shot *s)
{
	if (s->w != NULL)
		delwin(s->w);
	if (s->scr != NULL) {
		endwin();
		delscreen(s->scr);
	}
	if (s->out != NULL)
		fclose(s->out);
	if (s->in != NULL)
		fclose(s->in);
}

#endif
