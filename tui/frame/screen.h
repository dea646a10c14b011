/* screen.h: the terminal itself: start and end curses, the tab bar, the
 * status line, the help overlay and the "too small" notice. Only the frame
 * (tui/frame/console.c) calls these. screen_end() is safe to call twice and from
 * fatal(), so the terminal is restored on every exit path. */
#ifndef GOTRIAGE_SCREEN_H
#define GOTRIAGE_SCREEN_H

#include <curses.h>
#include <stdio.h>

#include "keymap.h"
#include "panes/pane.h"

#define SCREEN_MIN_COLS 80
#define SCREEN_MIN_ROWS 24

struct screen {
	SCREEN *term;
	FILE *in, *out; /* the tty, or the cast tee's pty */
	WINDOW *body;	/* between the tab bar and the status line */
	int rows, cols;
	int ascii, color;
};

/* Starts curses on stdin and `out`; fills in ascii/colour from the locale,
 * NO_COLOR and the terminal's capabilities. */
int screen_start(struct screen *s, FILE *in, FILE *out, char **cause);
void screen_end(void);
/* After a resize: re-reads the size and rebuilds the body window. */
void screen_resize(struct screen *s);
int screen_too_small(const struct screen *s);
void screen_draw_too_small(struct screen *s);
void screen_draw_tabs(struct screen *s, const struct pane_ops *const *panes, size_t n, size_t cur,
		      const char *target);
void screen_draw_status(struct screen *s, const char *left, const char *right);
/* The help overlay, generated from the active bindings for `pane`: first
 * the actions the pane answers, then the frame's own (`everywhere`); both
 * lists are ACT_NONE-terminated, and an action without a key is left out.
 * *scroll (may be NULL: 0) is the first line shown, clamped here; when the
 * lines do not fit, the bottom border says which are shown. */
void screen_draw_help(struct screen *s, const struct keymap *km, const char *pane,
		      const enum action *answers, const enum action *everywhere, int *scroll);

#endif
