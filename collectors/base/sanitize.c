/* sanitize.c: make untrusted bytes safe and visible for a terminal. */
#include "sanitize.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static int global_ascii;

void sanitize_set_ascii(int ascii_only)
{
	global_ascii = ascii_only;
}

/* Decodes one UTF-8 sequence; returns its length, or 0 when invalid
 * (overlong forms, surrogates and values past U+10FFFF are invalid). */
static size_t utf8_decode(const unsigned char *s, size_t len, unsigned *cp)
{
	unsigned c = s[0], v;
	size_t n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

void sanitize_append(struct buf *out, const char *s, size_t len, int ascii_only)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned cp;
		size_t n, run = i;

		/* Printable ASCII, most of any text, is copied in runs. */
		while (run < len && p[run] >= 0x20 && p[run] < 0x7f)
			run++;
		if (run > i) {
			buf_add(out, p + i, run - i);
			i = run;
			continue;
		}
		n = utf8_decode(p + i, len - i, &cp);

		if (n == 0) {
			buf_adds(out, ascii_only ? "?" : "\xef\xbf\xbd");
			i++;
			continue;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			if (cp == '\t')
				buf_adds(out, "\\t");
			else if (cp == '\n')
				buf_adds(out, "\\n");
			else if (cp == '\r')
				buf_adds(out, "\\r");
			else
				buf_printf(out, "\\x%02x", cp);
		} else if (cp >= 0x80 && ascii_only) {
			buf_addc(out, '?');
		} else if (cp == 0x2028 || cp == 0x2029 || cp == 0x202e || cp == 0x2066 ||
			   cp == 0x2067 || cp == 0x2068 || cp == 0x2069 || cp == 0x202a ||
			   cp == 0x202b || cp == 0x202c || cp == 0x202d || cp == 0xfeff) {
			/* Line separators and bidi overrides reorder or break what the
			 * engineer reads; show them as code points. */
			buf_printf(out, "\\u%04x", cp);
		} else {
			buf_add(out, p + i, n);
		}
		i += n;
	}
	if (out->data == NULL)
		buf_add(out, "", 0);
}

char *sanitize_str(const char *s)
{
	struct buf b;

	buf_init(&b);
	sanitize_append(&b, s ? s : "", s ? strlen(s) : 0, global_ascii);
	return buf_steal(&b);
}

size_t sanitize_width(const char *s)
{
	mbstate_t st;
	size_t w = 0, len = strlen(s);

	memset(&st, 0, sizeof st);
	while (len > 0) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, len, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* Not decodable in this locale: drawn as one '?'. */
			memset(&st, 0, sizeof st);
			w++;
			s++;
			len--;
			continue;
		}
		cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 0;
		s += n;
		len -= n;
	}
	return w;
}

cJSON *sanitize_json_list(const struct strlist *l, char *(*map)(const char *))
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < l->n; i++) {
		char *s = map != NULL ? map(l->v[i]) : NULL;

		cJSON_AddItemToArray(a, cJSON_CreateString(s != NULL ? s : l->v[i]));
		free(s);
	}
	return a;
}

void sanitize_json_add(cJSON *obj, const char *key, const char *value)
{
	char *clean;

	if (value == NULL) {
		cJSON_AddNullToObject(obj, key);
		return;
	}
	clean = sanitize_str(value);
	cJSON_AddStringToObject(obj, key, clean);
	free(clean);
}
