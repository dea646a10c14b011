/* textwrap.c: the one word-wrap of the panes (see textwrap.h). */
#include "textwrap.h"

#include <stdlib.h>

#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

size_t textwrap_cp_bytes(const char *s, size_t ncp)
{
	size_t i = 0;

	while (s[i] != '\0' && ncp > 0) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		ncp--;
	}
	return i;
}

/* Bytes of s that go on the next row of at most cols (>= 1) code points. */
static size_t cut(const char *s, size_t cols)
{
	size_t n = textwrap_cp_bytes(s, cols ? cols : 1), sp = n;

	if (s[n] == '\0' || s[n] == ' ')
		return n;
	while (sp > 0 && s[sp] != ' ')
		sp--;
	return sp > n / 2 ? sp : n;
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

char *textwrap_mask(const char *raw)
{
	char *red = redact_text(raw != NULL ? raw : ""), *clean = sanitize_str(red);

	free(red);
	return clean;
}

void textwrap_begin(struct textwrap *w, const char *raw)
{
	/* Masked whole, before the first cut. */
	w->text = redact_text(raw != NULL ? raw : "");
	w->p = w->text;
	w->started = 0;
}

const char *textwrap_next(struct textwrap *w, size_t cols, size_t *len)
{
	const char *row;

	if (w->text == NULL || (*w->p == '\0' && w->started))
		return NULL;
	w->started = 1;
	row = w->p;
	*len = cut(row, cols);
	w->p = skip_spaces(row + *len);
	return row;
}

void textwrap_end(struct textwrap *w)
{
	free(w->text);
	w->text = NULL;
	w->p = NULL;
}
