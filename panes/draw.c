/* draw.c: sanitised, width-clipped drawing for panes. */
#include "draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "collectors/base/common.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

static int attrs[STYLE__COUNT];

void draw_init_styles(int color)
{
	if (color) {
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_CYAN, -1);
		init_pair(5, COLOR_BLACK, COLOR_CYAN);
		attrs[STYLE_PASS] = COLOR_PAIR(1);
		attrs[STYLE_FAIL] = COLOR_PAIR(2) | A_BOLD;
		attrs[STYLE_WARN] = COLOR_PAIR(3) | A_BOLD;
		attrs[STYLE_UNKNOWN] = COLOR_PAIR(4);
		attrs[STYLE_HIGHLIGHT] = COLOR_PAIR(3);
		attrs[STYLE_STATUS] = COLOR_PAIR(5);
	} else {
		/* Monochrome: meaning is carried by the verdict words themselves. */
		attrs[STYLE_PASS] = A_NORMAL;
		attrs[STYLE_FAIL] = A_BOLD;
		attrs[STYLE_WARN] = A_BOLD;
		attrs[STYLE_UNKNOWN] = A_NORMAL;
		attrs[STYLE_HIGHLIGHT] = A_BOLD;
		attrs[STYLE_STATUS] = A_REVERSE;
	}
	attrs[STYLE_NORMAL] = A_NORMAL;
	attrs[STYLE_TITLE] = A_BOLD;
	attrs[STYLE_DIM] = A_DIM;
	attrs[STYLE_SELECTED] = A_REVERSE;
}

int draw_attr(enum draw_style s)
{
	return attrs[s];
}

/* Display columns of a sanitised string, counting undecodable bytes as one
 * column each (they are drawn as '?'); stops counting past `stop`. */
static int text_columns(const char *p, int stop)
{
	size_t len = strlen(p);
	mbstate_t st;
	int used = 0;

	memset(&st, 0, sizeof st);
	while (len > 0 && used <= stop) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, len, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			used++;
			p++;
			len--;
			continue;
		}
		cw = wcwidth(wc);
		used += cw < 0 ? 1 : cw;
		p += n;
		len -= n;
	}
	return used;
}

int draw_text(WINDOW *w, int y, int x, int width, enum draw_style s, const char *text)
{
	/* The one path to the screen: secrets masked, then made safe. */
	char *red = redact_text(text), *clean = sanitize_str(red);
	const char *p = clean;
	size_t len = strlen(clean);
	mbstate_t st;
	int used = 0, limit = width, cut;

	if (width <= 0) {
		free(clean);
		free(red);
		return 0;
	}
	/* Nothing is cut without a sign: the last column becomes an ellipsis. */
	cut = text_columns(clean, width) > width;
	if (cut)
		limit = width - 1;
	memset(&st, 0, sizeof st);
	wattr_on(w, (attr_t)attrs[s], NULL);
	wmove(w, y, x);
	while (len > 0) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, len, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			if (used + 1 > limit)
				break;
			waddch(w, '?');
			used++;
			p++;
			len--;
			continue;
		}
		cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (used + cw > limit)
			break;
		waddnstr(w, p, (int)n);
		used += cw;
		p += n;
		len -= n;
	}
	if (cut) {
		waddstr(w, MB_CUR_MAX > 1 ? "\u2026" : "~");
		used++;
	}
	wattr_off(w, (attr_t)attrs[s], NULL);
	free(clean);
	free(red);
	return used;
}

int draw_textf(WINDOW *w, int y, int x, int width, enum draw_style s, const char *fmt, ...)
{
	va_list ap;
	char *t;
	int n;

	va_start(ap, fmt);
	t = xvasprintf(fmt, ap);
	va_end(ap);
	n = draw_text(w, y, x, width, s, t);
	free(t);
	return n;
}

void draw_hline(WINDOW *w, int y, int x, int width, int ascii)
{
	if (width <= 0)
		return;
	if (ascii)
		mvwhline(w, y, x, '-', width);
	else
		mvwhline(w, y, x, ACS_HLINE, width);
}

void draw_duration(char *out, size_t n, double seconds)
{
	long s = seconds < 0 ? 0 : (long)seconds;

	if (s < 60)
		snprintf(out, n, "%lds", s);
	else if (s < 3600)
		snprintf(out, n, "%ldm%02lds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(out, n, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
	else
		snprintf(out, n, "%ldd%02ldh", s / 86400, (s % 86400) / 3600);
}

void draw_size(char *out, size_t n, double bytes)
{
	if (bytes < 1024)
		snprintf(out, n, "%.0f B", bytes);
	else if (bytes < 1024 * 1024)
		snprintf(out, n, "%.1f KB", bytes / 1024);
	else if (bytes < 1024.0 * 1024 * 1024)
		snprintf(out, n, "%.1f MB", bytes / (1024 * 1024));
	else
		snprintf(out, n, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
}
