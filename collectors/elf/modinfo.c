/* modinfo.c: Go's module text: parsing, printing and the string quoting
 * of build settings (runtime/debug mod.go and strconv, paraphrased). */
#include "modinfo.h"

#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 sequence like Go's utf8.DecodeRune: invalid input
 * (overlong, surrogate, out of range, truncated) gives U+FFFD, width 1. */
static uint32_t decode_rune(const unsigned char *p, size_t n, size_t *width)
{
	uint32_t r;
	size_t w;

	*width = 1;
	if (n == 0)
		return 0xfffd;
	if (p[0] < 0x80) {
		return p[0];
	} else if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		w = 2;
		r = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		w = 3;
		r = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		w = 4;
		r = p[0] & 0x07;
	} else {
		return 0xfffd;
	}
	if (n < w)
		return 0xfffd;
	for (size_t i = 1; i < w; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0xfffd;
		r = r << 6 | (p[i] & 0x3f);
	}
	if ((w == 3 && r < 0x800) || (w == 4 && (r < 0x10000 || r > 0x10ffff)) ||
	    (r >= 0xd800 && r <= 0xdfff))
		return 0xfffd;
	*width = w;
	return r;
}

static void encode_rune(struct buf *b, uint32_t r)
{
	char t[4];

	if (r < 0x80) {
		buf_addc(b, (char)r);
	} else if (r < 0x800) {
		t[0] = (char)(0xc0 | r >> 6);
		t[1] = (char)(0x80 | (r & 0x3f));
		buf_add(b, t, 2);
	} else if (r < 0x10000) {
		t[0] = (char)(0xe0 | r >> 12);
		t[1] = (char)(0x80 | (r >> 6 & 0x3f));
		t[2] = (char)(0x80 | (r & 0x3f));
		buf_add(b, t, 3);
	} else {
		t[0] = (char)(0xf0 | r >> 18);
		t[1] = (char)(0x80 | (r >> 12 & 0x3f));
		t[2] = (char)(0x80 | (r >> 6 & 0x3f));
		t[3] = (char)(0x80 | (r & 0x3f));
		buf_add(b, t, 4);
	}
}

/* strconv.IsPrint for runes >= 0x80, approximated: the controls, spaces,
 * format characters, private use and noncharacters are not printable.
 * (Go also rejects unassigned code points; we do not carry the tables.) */
static int go_isprint(uint32_t r)
{
	static const uint32_t no[][2] = {
	    {0x80, 0xa0},	{0xad, 0xad},	    {0x600, 0x605},	{0x61c, 0x61c},
	    {0x6dd, 0x6dd},	{0x70f, 0x70f},	    {0x890, 0x891},	{0x8e2, 0x8e2},
	    {0x1680, 0x1680},	{0x180e, 0x180e},   {0x2000, 0x200f},	{0x2028, 0x202f},
	    {0x205f, 0x206f},	{0x3000, 0x3000},   {0xe000, 0xf8ff},	{0xfeff, 0xfeff},
	    {0xfff0, 0xfffb},	{0x110bd, 0x110bd}, {0x110cd, 0x110cd}, {0x13430, 0x1343f},
	    {0x1bca0, 0x1bca3}, {0x1d173, 0x1d17a}, {0xe0000, 0xe0fff}, {0xf0000, 0x10ffff},
	};

	if ((r & 0xfffe) == 0xfffe)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(no); i++)
		if (r >= no[i][0] && r <= no[i][1])
			return 0;
	return 1;
}

char *modinfo_quote(const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	struct buf b;

	buf_init(&b);
	buf_addc(&b, '"');
	for (size_t i = 0; i < len;) {
		size_t w;
		uint32_t r = decode_rune(p + i, len - i, &w);
		if (w == 1 && r == 0xfffd) {
			buf_printf(&b, "\\x%c%c", hex[p[i] >> 4], hex[p[i] & 15]);
		} else if (r == '"' || r == '\\') {
			buf_addc(&b, '\\');
			buf_addc(&b, (char)r);
		} else if ((r >= 0x20 && r < 0x7f) || (r >= 0x80 && go_isprint(r))) {
			buf_add(&b, p + i, w);
		} else {
			switch (r) {
			case '\a':
				buf_adds(&b, "\\a");
				break;
			case '\b':
				buf_adds(&b, "\\b");
				break;
			case '\f':
				buf_adds(&b, "\\f");
				break;
			case '\n':
				buf_adds(&b, "\\n");
				break;
			case '\r':
				buf_adds(&b, "\\r");
				break;
			case '\t':
				buf_adds(&b, "\\t");
				break;
			case '\v':
				buf_adds(&b, "\\v");
				break;
			default:
				if (r < 0x20 || r == 0x7f)
					buf_printf(&b, "\\x%c%c", hex[r >> 4], hex[r & 15]);
				else if (r < 0x10000)
					buf_printf(&b, "\\u%04x", (unsigned)r);
				else
					buf_printf(&b, "\\U%08x", (unsigned)r);
			}
		}
		i += w;
	}
	buf_addc(&b, '"');
	return buf_steal(&b);
}

/* One character of a double-quoted literal, like strconv.UnquoteChar with
 * quote '"'. Appends it to b and returns the bytes consumed, 0 on error. */
static size_t unquote_char(const unsigned char *p, size_t n, struct buf *b)
{
	size_t w;

	if (p[0] == '"')
		return 0;
	if (p[0] >= 0x80) {
		encode_rune(b, decode_rune(p, n, &w)); /* invalid bytes become U+FFFD */
		return w;
	}
	if (p[0] != '\\') {
		buf_addc(b, (char)p[0]);
		return 1;
	}
	if (n < 2)
		return 0;
	switch (p[1]) {
	case 'a':
		buf_addc(b, '\a');
		return 2;
	case 'b':
		buf_addc(b, '\b');
		return 2;
	case 'f':
		buf_addc(b, '\f');
		return 2;
	case 'n':
		buf_addc(b, '\n');
		return 2;
	case 'r':
		buf_addc(b, '\r');
		return 2;
	case 't':
		buf_addc(b, '\t');
		return 2;
	case 'v':
		buf_addc(b, '\v');
		return 2;
	case '\\':
		buf_addc(b, '\\');
		return 2;
	case '"':
		buf_addc(b, '"');
		return 2;
	case 'x':
	case 'u':
	case 'U': {
		size_t digits = p[1] == 'x' ? 2 : p[1] == 'u' ? 4 : 8;
		uint32_t v = 0;
		if (n < 2 + digits)
			return 0;
		for (size_t i = 0; i < digits; i++) {
			int h = hex_digit(p[2 + i]);
			if (h < 0)
				return 0;
			v = v << 4 | (uint32_t)h;
		}
		if (p[1] == 'x') {
			buf_addc(b, (char)v);
		} else {
			if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
				return 0;
			encode_rune(b, v);
		}
		return 2 + digits;
	}
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7': {
		uint32_t v = 0;
		if (n < 4)
			return 0;
		for (size_t i = 1; i < 4; i++) {
			if (p[i] < '0' || p[i] > '7')
				return 0;
			v = v * 8 + (uint32_t)(p[i] - '0');
		}
		if (v > 255)
			return 0;
		buf_addc(b, (char)v);
		return 4;
	}
	default:
		return 0;
	}
}

/* Go's strconv quoted-prefix parsing: the literal at the start of s[0..n)
 * (double-quoted or backquoted) is unquoted into *out; returns the bytes it
 * spans, or 0 when there is no valid literal. */
static size_t unquote_prefix(const char *s, size_t n, char **out)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf b;
	size_t i;

	*out = NULL;
	if (n < 2)
		return 0;
	buf_init(&b);
	if (p[0] == '`') {
		const unsigned char *end = memchr(p + 1, '`', n - 1);
		if (end == NULL)
			return 0;
		for (const unsigned char *q = p + 1; q < end; q++)
			if (*q != '\r') /* raw literals drop carriage returns */
				buf_addc(&b, (char)*q);
		buf_addc(&b, '\0');
		b.len--;
		*out = buf_steal(&b);
		return (size_t)(end - p) + 1;
	}
	if (p[0] != '"')
		return 0;
	for (i = 1; i < n && p[i] != '"';) {
		size_t k;
		if (p[i] == '\n' || (k = unquote_char(p + i, n - i, &b)) == 0) {
			buf_free(&b);
			return 0;
		}
		i += k;
	}
	if (i >= n) {
		buf_free(&b);
		return 0;
	}
	buf_addc(&b, '\0');
	b.len--;
	*out = buf_steal(&b);
	return i + 1;
}

char *modinfo_unquote(const char *s, size_t n)
{
	char *out;
	size_t k = unquote_prefix(s, n, &out);

	if (k == 0)
		return NULL;
	if (k != n) {
		free(out);
		return NULL;
	}
	return out;
}

static int needs_quote(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (strchr(set, s[i]) != NULL && s[i] != '\0')
			return 1;
	return 0;
}

static int quote_key(const char *k)
{
	return k[0] == '\0' || needs_quote(k, strlen(k), "= \t\r\n\"`");
}

static int quote_value(const char *v)
{
	return needs_quote(v, strlen(v), " \t\r\n\"`");
}

/* ---- module text ----------------------------------------------------- */

static void module_clear(struct modinfo_module *m)
{
	if (m == NULL)
		return;
	free(m->path);
	free(m->version);
	free(m->sum);
	if (m->replace != NULL) {
		module_clear(m->replace);
		free(m->replace);
	}
	memset(m, 0, sizeof *m);
}

/* Splits line[0..n) at tabs into at most `max` fields; returns the count
 * (which may exceed max: only the first max are stored). */
static size_t split_tabs(const char *line, size_t n, const char **f, size_t *flen, size_t max)
{
	size_t count = 0, start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i == n || line[i] == '\t') {
			if (count < max) {
				f[count] = line + start;
				flen[count] = i - start;
			}
			count++;
			start = i + 1;
		}
	}
	return count;
}

static int read_module(const char *rest, size_t n, struct modinfo_module *m, char **cause)
{
	const char *f[3];
	size_t fl[3], c = split_tabs(rest, n, f, fl, 3);

	if (c != 2 && c != 3)
		return err_set(cause, "expected 2 or 3 columns; got %zu", c);
	m->path = xstrndup(f[0], fl[0]);
	m->version = xstrndup(f[1], fl[1]);
	m->sum = c == 3 ? xstrndup(f[2], fl[2]) : xstrdup("");
	return 0;
}

static int read_setting(const char *kv, size_t n, struct modinfo *mi, char **cause)
{
	char *key = NULL, *value = NULL;
	const char *raw;
	size_t rawlen;

	if (n < 1)
		return err_set(cause, "build line missing '='");
	if (kv[0] == '=')
		return err_set(cause, "build line with missing key");
	if (kv[0] == '`' || kv[0] == '"') {
		size_t k = unquote_prefix(kv, n, &key);
		if (k == 0)
			return err_set(cause, "invalid quoted key in build line");
		if (k == n) {
			free(key);
			return err_set(cause, "build line missing '=' after quoted key");
		}
		if (kv[k] != '=') {
			char c = kv[k];
			free(key);
			return err_set(cause, "unexpected character after quoted key: '%c'", c);
		}
		raw = kv + k + 1;
		rawlen = n - k - 1;
	} else {
		const char *eq = memchr(kv, '=', n);
		if (eq == NULL)
			return err_set(cause, "build line missing '=' after key");
		key = xstrndup(kv, (size_t)(eq - kv));
		if (quote_key(key)) {
			char *q = modinfo_quote(key, strlen(key));
			err_set(cause, "unquoted key %s must be quoted", q);
			free(q);
			free(key);
			return -1;
		}
		raw = eq + 1;
		rawlen = n - (size_t)(eq - kv) - 1;
	}
	if (rawlen > 0 && (raw[0] == '`' || raw[0] == '"')) {
		if ((value = modinfo_unquote(raw, rawlen)) == NULL) {
			free(key);
			return err_set(cause, "invalid quoted value in build line");
		}
	} else {
		value = xstrndup(raw, rawlen);
		if (quote_value(value)) {
			char *q = modinfo_quote(value, strlen(value));
			err_set(cause, "unquoted value %s must be quoted", q);
			free(q);
			free(key);
			free(value);
			return -1;
		}
	}
	mi->settings = xrealloc(mi->settings, (mi->nsettings + 1) * sizeof *mi->settings);
	mi->settings[mi->nsettings].key = key;
	mi->settings[mi->nsettings].value = value;
	mi->nsettings++;
	return 0;
}

static int has_prefix(const char *line, size_t n, const char *p, size_t *plen)
{
	*plen = strlen(p);
	return n >= *plen && memcmp(line, p, *plen) == 0;
}

int modinfo_parse(const char *text, size_t len, struct modinfo *mi, char **cause)
{
	enum { LAST_NONE, LAST_MAIN, LAST_DEP } last = LAST_NONE;
	size_t lineno = 1, pos = 0, pl;
	char *why = NULL;

	if (len > MODINFO_CAP)
		return err_set(cause, "module info of %zu bytes is over the %zu-byte cap", len,
			       MODINFO_CAP);
	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		if (nl == NULL)
			break; /* Go ignores an unterminated last line */
		size_t n = (size_t)(nl - line);
		pos += n + 1;
		int rc = 0;
		if (has_prefix(line, n, "path\t", &pl)) {
			free(mi->path);
			mi->path = xstrndup(line + pl, n - pl);
		} else if (has_prefix(line, n, "mod\t", &pl)) {
			module_clear(&mi->main);
			rc = read_module(line + pl, n - pl, &mi->main, &why);
			last = LAST_MAIN;
		} else if (has_prefix(line, n, "dep\t", &pl)) {
			mi->deps = xrealloc(mi->deps, (mi->ndeps + 1) * sizeof *mi->deps);
			memset(&mi->deps[mi->ndeps], 0, sizeof *mi->deps);
			mi->ndeps++;
			rc = read_module(line + pl, n - pl, &mi->deps[mi->ndeps - 1], &why);
			last = LAST_DEP;
		} else if (has_prefix(line, n, "=>\t", &pl)) {
			const char *f[3];
			size_t fl[3], c = split_tabs(line + pl, n - pl, f, fl, 3);
			if (c != 3) {
				rc =
				    err_set(&why, "expected 3 columns for replacement; got %zu", c);
			} else if (last == LAST_NONE) {
				rc = err_set(&why, "replacement with no module on previous line");
			} else {
				struct modinfo_module *to =
				    last == LAST_MAIN ? &mi->main : &mi->deps[mi->ndeps - 1];
				struct modinfo_module *r = xcalloc(1, sizeof *r);
				r->path = xstrndup(f[0], fl[0]);
				r->version = xstrndup(f[1], fl[1]);
				r->sum = xstrndup(f[2], fl[2]);
				to->replace = r;
				last = LAST_NONE;
			}
		} else if (has_prefix(line, n, "build\t", &pl)) {
			rc = read_setting(line + pl, n - pl, mi, &why);
		}
		if (rc < 0) {
			err_set(cause, "could not parse Go build info: line %zu: %s", lineno, why);
			free(why);
			return -1;
		}
		lineno++;
	}
	return 0;
}

/* ---- printing ---------------------------------------------------------- */

static void format_module(struct buf *b, const char *word, const struct modinfo_module *m)
{
	buf_printf(b, "%s\t%s\t%s", word, m->path, m->version);
	if (m->replace == NULL) {
		buf_printf(b, "\t%s", m->sum);
	} else {
		buf_addc(b, '\n');
		format_module(b, "=>", m->replace);
	}
	buf_addc(b, '\n');
}

static int module_empty(const struct modinfo_module *m)
{
	return m->path[0] == '\0' && m->version[0] == '\0' && m->sum[0] == '\0' &&
	       m->replace == NULL;
}

char *modinfo_format(const struct modinfo *mi)
{
	struct buf b;

	buf_init(&b);
	if (mi->path[0] != '\0')
		buf_printf(&b, "path\t%s\n", mi->path);
	if (!module_empty(&mi->main))
		format_module(&b, "mod", &mi->main);
	for (size_t i = 0; i < mi->ndeps; i++)
		format_module(&b, "dep", &mi->deps[i]);
	for (size_t i = 0; i < mi->nsettings; i++) {
		const char *k = mi->settings[i].key, *v = mi->settings[i].value;
		char *qk = quote_key(k) ? modinfo_quote(k, strlen(k)) : NULL;
		char *qv = quote_value(v) ? modinfo_quote(v, strlen(v)) : NULL;
		buf_printf(&b, "build\t%s=%s\n", qk ? qk : k, qv ? qv : v);
		free(qk);
		free(qv);
	}
	if (b.data == NULL)
		buf_adds(&b, "");
	return buf_steal(&b);
}

int modinfo_main_empty(const struct modinfo *m)
{
	return module_empty(&m->main);
}

const char *modinfo_setting(const struct modinfo *m, const char *key)
{
	for (size_t i = 0; m != NULL && i < m->nsettings; i++)
		if (strcmp(m->settings[i].key, key) == 0)
			return m->settings[i].value;
	return NULL;
}

void modinfo_init(struct modinfo *m)
{
	memset(m, 0, sizeof *m);
	m->path = xstrdup("");
	m->main.path = xstrdup("");
	m->main.version = xstrdup("");
	m->main.sum = xstrdup("");
}

void modinfo_clear(struct modinfo *m)
{
	if (m == NULL)
		return;
	free(m->path);
	module_clear(&m->main);
	for (size_t i = 0; i < m->ndeps; i++)
		module_clear(&m->deps[i]);
	free(m->deps);
	for (size_t i = 0; i < m->nsettings; i++) {
		free(m->settings[i].key);
		free(m->settings[i].value);
	}
	free(m->settings);
	memset(m, 0, sizeof *m);
}
