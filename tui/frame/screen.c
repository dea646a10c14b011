/* screen.c: curses set-up and teardown, tab bar, status line, help. */
#include "screen.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "panes/draw.h"
#include "collectors/base/sanitize.h"

static SCREEN *active;

int screen_start(struct screen *s, FILE *in, FILE *out, char **cause)
{
	const char *cs = nl_langinfo(CODESET);
	const char *nc = getenv("NO_COLOR");

	memset(s, 0, sizeof *s);
	s->ascii = cs == NULL || strcmp(cs, "UTF-8") != 0;
	sanitize_set_ascii(s->ascii);
	s->in = in;
	s->out = out;
	s->term = newterm(NULL, out, in);
	if (s->term == NULL)
		return err_set(cause,
			       "cannot start the terminal UI (TERM=%s); set TERM to "
			       "your terminal type, e.g. TERM=xterm",
			       getenv("TERM") ? getenv("TERM") : "unset");
	active = s->term;
	set_term(s->term);
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	s->color = has_colors() && (nc == NULL || nc[0] == '\0');
	if (s->color && start_color() != OK)
		s->color = 0;
	draw_init_styles(s->color);
	screen_resize(s);
	return 0;
}

void screen_end(void)
{
	if (active == NULL)
		return;
	curs_set(1);
	endwin();
	fflush(stdout);
	delscreen(active);
	active = NULL;
}

void screen_resize(struct screen *s)
{
	getmaxyx(stdscr, s->rows, s->cols);
	if (s->body != NULL)
		delwin(s->body);
	s->body = newwin(s->rows > 2 ? s->rows - 2 : 1, s->cols, 1, 0);
	keypad(s->body, TRUE);
	clearok(curscr, TRUE);
}

int screen_too_small(const struct screen *s)
{
	return s->cols < SCREEN_MIN_COLS || s->rows < SCREEN_MIN_ROWS;
}

void screen_draw_too_small(struct screen *s)
{
	werase(stdscr);
	draw_textf(stdscr, 0, 0, s->cols, STYLE_WARN, "terminal too small");
	if (s->rows > 1)
		draw_textf(stdscr, 1, 0, s->cols, STYLE_NORMAL, "need %dx%d, have %dx%d",
			   SCREEN_MIN_COLS, SCREEN_MIN_ROWS, s->cols, s->rows);
	if (s->rows > 2)
		draw_text(stdscr, 2, 0, s->cols, STYLE_DIM, "q quits");
	wnoutrefresh(stdscr);
}

void screen_draw_tabs(struct screen *s, const struct pane_ops *const *panes, size_t n, size_t cur,
		      const char *target)
{
	int x = 0, full = 9, tw = target ? (int)sanitize_width(target) : 0, compact;

	/* Who is attached is always on the header line: when the tab titles
	 * and the target do not both fit, the other tabs shrink to numbers. */
	for (size_t i = 0; i < n; i++)
		full += (int)strlen(panes[i]->title) + 4;
	compact = tw > 0 && full + 2 + tw > s->cols;
	wmove(stdscr, 0, 0);
	wclrtoeol(stdscr);
	x += draw_text(stdscr, 0, 0, s->cols, STYLE_TITLE, compact ? "" : "gotriage ");
	for (size_t i = 0; i < n && x < s->cols; i++) {
		char label[64];

		if (i == cur)
			snprintf(label, sizeof label, "[%zu:%s]", i + 1, panes[i]->title);
		else if (compact)
			snprintf(label, sizeof label, " %zu ", i + 1);
		else
			snprintf(label, sizeof label, " %zu:%s ", i + 1, panes[i]->title);
		x += draw_text(stdscr, 0, x, s->cols - x, i == cur ? STYLE_SELECTED : STYLE_NORMAL,
			       label);
	}
	if (tw > 0 && x + 2 < s->cols) {
		int room = s->cols - x - 2;

		draw_text(stdscr, 0, tw <= room ? s->cols - tw : x + 2, room, STYLE_TITLE, target);
	}
	wnoutrefresh(stdscr);
}

void screen_draw_status(struct screen *s, const char *left, const char *right)
{
	int y = s->rows - 1, rw = (int)sanitize_width(right);

	wattr_on(stdscr, (attr_t)draw_attr(STYLE_STATUS), NULL);
	mvwhline(stdscr, y, 0, ' ', s->cols);
	wattr_off(stdscr, (attr_t)draw_attr(STYLE_STATUS), NULL);
	if (rw > s->cols / 2)
		rw = s->cols / 2;
	draw_text(stdscr, y, 0, s->cols - rw - 1, STYLE_STATUS, left);
	draw_text(stdscr, y, s->cols - rw, rw, STYLE_STATUS, right);
	wnoutrefresh(stdscr);
}

static int listed_in(const enum action *list, enum action a)
{
	for (size_t i = 0; list != NULL && list[i] != ACT_NONE; i++)
		if (list[i] == a)
			return 1;
	return 0;
}

/* One help line per action of `list` that has a key here. Lines are
 * numbered from 0 (*n, advanced); line top is drawn on row 1, and the
 * rows end before h - 1. win NULL only counts. */
static void help_lines(WINDOW *win, int *n, int top, int h, int w, const struct keymap *km,
		       const char *pane, const enum action *list, const enum action *skip)
{
	for (size_t i = 0; list != NULL && list[i] != ACT_NONE; i++) {
		enum action a = list[i];
		const char *help = action_help(a);
		char keys[64];
		int row = 1 + *n - top;

		/* The nine pane keys read better as one line. */
		if (a > ACT_PANE_1 && a <= ACT_PANE_9)
			continue;
		if (listed_in(skip, a))
			continue;
		keymap_keys_for(km, pane, a, keys, sizeof keys);
		if (a == ACT_PANE_1) {
			char last[16];

			keymap_keys_for(km, pane, ACT_PANE_9, last, sizeof last);
			if (keys[0] && last[0]) {
				snprintf(keys + strlen(keys), sizeof keys - strlen(keys), " .. %s",
					 last);
				help = "go to pane 1 .. 9 (the numbers in the tab bar)";
			}
		}
		if (keys[0] == '\0')
			continue;
		if (win != NULL && row >= 1 && row < h - 1) {
			draw_text(win, row, 2, 18, STYLE_HIGHLIGHT, keys);
			draw_text(win, row, 21, w - 23, STYLE_NORMAL, help);
		}
		(*n)++;
	}
}

/* The help's lines: the pane's own keys, a heading, the frame's. */
static int help_body(WINDOW *win, int top, int h, int w, const struct keymap *km, const char *pane,
		     const enum action *answers, const enum action *everywhere)
{
	int n = 0, at;

	help_lines(win, &n, top, h, w, km, pane, answers, NULL);
	if (n > 0 && everywhere != NULL) {
		at = 1 + n - top;
		if (win != NULL && at >= 1 && at < h - 1)
			draw_text(win, at, 2, w - 4, STYLE_DIM, "everywhere:");
		n++;
	}
	help_lines(win, &n, top, h, w, km, pane, everywhere, answers);
	return n;
}

void screen_draw_help(struct screen *s, const struct keymap *km, const char *pane,
		      const enum action *answers, const enum action *everywhere, int *scroll)
{
	int h = s->rows - 4, w = s->cols - 8, total, page, top = scroll != NULL ? *scroll : 0;
	WINDOW *win;

	if (h < 5 || w < 30)
		return;
	total = help_body(NULL, 0, h, w, km, pane, answers, everywhere);
	page = h - 2;
	if (top > total - page)
		top = total - page;
	if (top < 0)
		top = 0;
	if (scroll != NULL)
		*scroll = top;
	win = newwin(h, w, 2, 4);
	werase(win);
	if (s->ascii)
		wborder(win, '|', '|', '-', '-', '+', '+', '+', '+');
	else
		box(win, 0, 0);
	draw_textf(win, 0, 2, w - 4, STYLE_TITLE, " keys in the %s pane%s ", pane,
		   total > page ? " (Up/Down/PgUp/PgDn scroll)" : " (any key closes)");
	help_body(win, top, h, w, km, pane, answers, everywhere);
	/* What is cut is said on the bottom border. */
	if (total > page)
		draw_textf(win, h - 1, 2, w - 4, STYLE_DIM, " lines %d-%d of %d%s ", top + 1,
			   top + page < total ? top + page : total, total,
			   top + page < total ? ", more below" : "");
	wnoutrefresh(win);
	delwin(win);
}
