/* draw.h: drawing helpers shared by panes. Every string drawn through them
 * is sanitised first and clipped to the given width in display columns, so
 * target text can neither inject escapes nor break the layout. */
#ifndef GOTRIAGE_DRAW_H
#define GOTRIAGE_DRAW_H

#include <curses.h>

enum draw_style {
	STYLE_NORMAL = 0,
	STYLE_TITLE,
	STYLE_DIM,
	STYLE_SELECTED,
	STYLE_PASS,
	STYLE_FAIL,
	STYLE_WARN,
	STYLE_UNKNOWN,
	STYLE_HIGHLIGHT,
	STYLE_STATUS,
	STYLE__COUNT
};

/* Sets up colour pairs (when color is set) or monochrome attributes. */
void draw_init_styles(int color);
int draw_attr(enum draw_style s);

/* Draws untrusted text at (y, x), at most `width` columns; returns the
 * columns used. */
int draw_text(WINDOW *w, int y, int x, int width, enum draw_style s, const char *text);
int draw_textf(WINDOW *w, int y, int x, int width, enum draw_style s, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* A horizontal rule, ASCII or line-drawing. */
void draw_hline(WINDOW *w, int y, int x, int width, int ascii);
/* "3m12s", "2h05m", "4d03h" */
void draw_duration(char *out, size_t n, double seconds);
/* "12.3 MB", "512 B" */
void draw_size(char *out, size_t n, double bytes);

#endif
