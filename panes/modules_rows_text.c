/* modules_rows_text.c: measuring, abbreviating and wrapping sanitised text,
 * and the rows and cells of the modules pane. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules_rows_priv.h"
#include "textwrap.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

/* UTF-8 code points; continuation bytes are 10xxxxxx. */
size_t modules_rows_cp_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The last ncp code points of s. */
static const char *cp_tail(const char *s, size_t ncp)
{
	size_t n = modules_rows_cp_len(s);

	return n <= ncp ? s : s + textwrap_cp_bytes(s, n - ncp);
}

/* Redacted first, so a password can never be half-cut into survival; then
 * sanitised, so widths count what the terminal will show. */
char *modules_rows_clean(const char *s)
{
	return textwrap_mask(s);
}

static int is_pseudo_hash(const char *h)
{
	size_t i;

	for (i = 0; i < 12; i++)
		if (!isxdigit((unsigned char)h[i]) || isupper((unsigned char)h[i]))
			return 0;
	return h[12] == '\0' || h[12] == '+';
}

char *modules_rows_abbrev(const char *s, int width, enum modules_abbrev how, int ascii)
{
	const char *ell = ascii ? "~" : "\xe2\x80\xa6";
	size_t n = modules_rows_cp_len(s);

	if (width <= 0)
		return xstrdup("");
	if (n <= (size_t)width)
		return xstrdup(s);
	if (width == 1)
		return xstrdup(ell);
	if (how == MODULES_ABBREV_VERSION) {
		/* vX.Y.Z[-pre]-yyyymmddhhmmss-abcdefabcdef: base and commit. */
		const char *dash = strchr(s, '-'), *last = strrchr(s, '-');
		int base = dash ? (int)(dash - s) : 0;

		if (dash != NULL && last != dash && is_pseudo_hash(last + 1) && base + 5 <= width)
			return xasprintf("%.*s%s%.*s", base, s, ell, width - base - 1, last + 1);
	}
	if (how == MODULES_ABBREV_PATH) {
		const char *slash = strchr(s, '/');
		int host =
		    slash ? (int)modules_rows_cp_len(s) - (int)modules_rows_cp_len(slash) : -1;
		int avail = host >= 0 ? width - host - 2 : -1;

		if (avail < 6) {
			host = -1;
			avail = width - 1;
		}
		const char *tail = cp_tail(s, (size_t)avail), *sl = strchr(tail, '/');

		if (*tail != '/' && sl != NULL && sl[1] != '\0')
			tail = sl;
		if (host >= 0)
			return xasprintf("%.*s%s%s", (int)textwrap_cp_bytes(s, (size_t)host + 1), s,
					 ell, tail);
		return xasprintf("%s%s", ell, tail);
	}
	return xasprintf("%.*s%s", (int)textwrap_cp_bytes(s, (size_t)width - 1), s, ell);
}

void modules_rows_wrap(const char *s, int width, struct strlist *out)
{
	const char *p = s ? s : "";

	do {
		size_t len = strcspn(p, "\n"), tabs = 0;

		while (tabs < len && p[tabs] == '\t')
			tabs++;
		int indent = (int)tabs * 2;

		if (width - indent < 10)
			indent = 0;
		char *line = xstrndup(p + tabs, len - tabs);
		size_t room = (size_t)(width - indent > 0 ? width - indent : 1), nb;
		struct textwrap tw;
		const char *q;

		/* The wrap masks the line whole before it cuts (textwrap.h). */
		textwrap_begin(&tw, line);
		while ((q = textwrap_next(&tw, room, &nb)) != NULL)
			strlist_addf(out, "%*s%.*s", indent, "", (int)nb, q);
		textwrap_end(&tw);
		free(line);
		p += len;
	} while (*p++ == '\n' && *p != '\0');
}

/* ---- rows ------------------------------------------------------------- */

struct modules_row *modules_rows_add(struct modules_lines *l, enum modules_kind k,
				     enum modules_sec sec, size_t ref)
{
	struct modules_row *r;

	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	r = &l->v[l->n++];
	memset(r, 0, sizeof *r);
	r->kind = k;
	r->sec = sec;
	r->ref = ref;
	return r;
}

/* Adds a cell from raw text (redacted, sanitised, abbreviated here). */
void modules_rows_put(struct modules_row *r, int x, int width, enum modules_tone tone,
		      const char *raw, enum modules_abbrev how, int ascii)
{
	char *c = modules_rows_clean(raw);
	struct modules_cell *cell;

	if (r->ncell >= MODULES_MAX_CELLS || width <= 0) {
		free(c);
		return;
	}
	cell = &r->cell[r->ncell++];
	cell->x = x;
	cell->width = width;
	cell->tone = tone;
	cell->text = modules_rows_abbrev(c, width, how, ascii);
	free(c);
}

static void free_row(struct modules_row *r)
{
	for (int i = 0; i < r->ncell; i++)
		free(r->cell[i].text);
	free(r->match);
}

void modules_lines_free(struct modules_lines *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		free_row(&l->v[i]);
	free(l->v);
	free(l);
}

void modules_view_free(struct modules_view *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->summary.n; i++)
		free_row(&v->summary.v[i]);
	free(v->summary.v);
	for (size_t i = 0; i < v->body.n; i++)
		free_row(&v->body.v[i]);
	free(v->body.v);
	free_row(&v->reqhead);
	free(v);
}

/* Wrapped prose: one TEXT row per line, starting at column x. `msg` keeps
 * the newlines and leading tabs of a multi-line message of Go's. */
void modules_rows_prose(struct modules_lines *l, enum modules_sec sec, enum modules_kind kind,
			size_t ref, int x, int cols, enum modules_tone tone, const char *raw,
			int msg)
{
	char *r = redact_text(raw ? raw : ""), *c;
	struct strlist lines = {0};

	c = msg ? modstate_sanitize_message(r) : sanitize_str(r);
	free(r);
	modules_rows_wrap(c, cols - x, &lines);
	for (size_t i = 0; i < lines.n; i++) {
		struct modules_row *row = modules_rows_add(l, kind, sec, ref);

		row->cell[0].x = x;
		row->cell[0].width = cols - x;
		row->cell[0].tone = tone;
		row->cell[0].text = xstrdup(lines.v[i]);
		row->ncell = 1;
	}
	strlist_free(&lines);
	free(c);
}

void modules_rows_title(struct modules_lines *l, enum modules_sec sec, int cols, const char *text)
{
	if (l->n > 0)
		modules_rows_add(l, MODULES_ROW_BLANK, sec, 0);
	modules_rows_prose(l, sec, MODULES_ROW_TITLE, 0, 0, cols, MODULES_TONE_TITLE, text, 0);
}

char *modules_rows_lower(const char *s)
{
	char *d = xstrdup(s);

	for (char *p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

int modules_rows_match(const struct modules_row *row, const char *filter)
{
	char *f;
	int hit;

	if (row->match == NULL)
		return 0;
	f = modules_rows_lower(filter);
	hit = strstr(row->match, f) != NULL;
	free(f);
	return hit;
}
