/* golex.c: a Go lexer over a byte buffer; see golex.h. */
#include "golex.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"

void golex_init(struct golex *lx, const char *src, size_t len)
{
	lx->src = src;
	lx->len = len > GOLEX_MAX_LEN ? GOLEX_MAX_LEN : len;
	lx->pos = 0;
	lx->line = 1;
	lx->insert_semi = 0;
	/* A byte order mark is allowed only as the first character. */
	if (lx->len >= 3 && (unsigned char)src[0] == 0xEF && (unsigned char)src[1] == 0xBB &&
	    (unsigned char)src[2] == 0xBF)
		lx->pos = 3;
}

static int is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

struct kwent {
	const char *s;
	unsigned char kw;
};

/* Keywords grouped by length; at most 11 letters ("fallthrough"). */
static const struct kwent kw2[] = {{"go", GOKW_GO}, {"if", GOKW_IF}, {NULL, 0}};
static const struct kwent kw3[] = {
    {"for", GOKW_FOR}, {"map", GOKW_MAP}, {"var", GOKW_VAR}, {NULL, 0}};
static const struct kwent kw4[] = {{"case", GOKW_CASE},
				   {"chan", GOKW_CHAN},
				   {"else", GOKW_ELSE},
				   {"func", GOKW_FUNC},
				   {"goto", GOKW_GOTO},
				   {"type", GOKW_TYPE},
				   {NULL, 0}};
static const struct kwent kw5[] = {{"break", GOKW_BREAK},
				   {"const", GOKW_CONST},
				   {"defer", GOKW_DEFER},
				   {"range", GOKW_RANGE},
				   {NULL, 0}};
static const struct kwent kw6[] = {{"import", GOKW_IMPORT}, {"return", GOKW_RETURN},
				   {"select", GOKW_SELECT}, {"struct", GOKW_STRUCT},
				   {"switch", GOKW_SWITCH}, {NULL, 0}};
static const struct kwent kw7[] = {{"default", GOKW_DEFAULT}, {"package", GOKW_PACKAGE}, {NULL, 0}};
static const struct kwent kw8[] = {{"continue", GOKW_CONTINUE}, {NULL, 0}};
static const struct kwent kw9[] = {{"interface", GOKW_INTERFACE}, {NULL, 0}};
static const struct kwent kw11[] = {{"fallthrough", GOKW_FALLTHROUGH}, {NULL, 0}};

static int keyword(const char *s, size_t n)
{
	const struct kwent *t;

	switch (n) {
	case 2:
		t = kw2;
		break;
	case 3:
		t = kw3;
		break;
	case 4:
		t = kw4;
		break;
	case 5:
		t = kw5;
		break;
	case 6:
		t = kw6;
		break;
	case 7:
		t = kw7;
		break;
	case 8:
		t = kw8;
		break;
	case 9:
		t = kw9;
		break;
	case 11:
		t = kw11;
		break;
	default:
		return GOKW_NONE;
	}
	for (; t->s != NULL; t++)
		if (t->s[0] == s[0] && memcmp(t->s, s, n) == 0)
			return t->kw;
	return GOKW_NONE;
}

/* From a comment start, does the comment run (with any comments after it
 * on the same line) reach the end of the line? Mirrors the Go scanner's
 * findLineEnd, which decides whether a ';' goes before the comment. */
static int comment_reaches_eol(const struct golex *lx, size_t p)
{
	const char *s = lx->src;
	size_t n = lx->len;

	for (;;) {
		if (p + 1 >= n || s[p] != '/')
			return p >= n;
		if (s[p + 1] == '/')
			return 1;
		if (s[p + 1] != '*')
			return 0;
		p += 2;
		for (;;) {
			if (p >= n)
				return 1; /* unterminated: runs to EOF */
			if (s[p] == '\n')
				return 1;
			if (s[p] == '*' && p + 1 < n && s[p + 1] == '/') {
				p += 2;
				break;
			}
			p++;
		}
		while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r'))
			p++;
		if (p >= n || s[p] == '\n')
			return 1;
		if (s[p] != '/')
			return 0;
	}
}

static size_t scan_digits(const char *s, size_t p, size_t n, int hex)
{
	while (p < n && (is_digit((unsigned char)s[p]) || s[p] == '_' ||
			 (hex && is_hex((unsigned char)s[p]))))
		p++;
	return p;
}

/* Numbers are consumed generously (invalid digits for a base still belong
 * to the literal) so that no byte of a malformed number starts a new token. */
static int scan_number(struct golex *lx, size_t *pp)
{
	const char *s = lx->src;
	size_t n = lx->len, p = *pp;
	int kind = GOTOK_INT, hex = 0;

	if (s[p] == '0' && p + 1 < n && (s[p + 1] == 'x' || s[p + 1] == 'X')) {
		hex = 1;
		p += 2;
	} else if (s[p] == '0' && p + 1 < n &&
		   (s[p + 1] == 'b' || s[p + 1] == 'B' || s[p + 1] == 'o' || s[p + 1] == 'O')) {
		p += 2;
		p = scan_digits(s, p, n, 1);
		goto suffix;
	}
	p = scan_digits(s, p, n, hex);
	if (p < n && s[p] == '.') {
		kind = GOTOK_FLOAT;
		p = scan_digits(s, p + 1, n, hex);
	}
	if (p < n &&
	    ((!hex && (s[p] == 'e' || s[p] == 'E')) || (hex && (s[p] == 'p' || s[p] == 'P')))) {
		kind = GOTOK_FLOAT;
		p++;
		if (p < n && (s[p] == '+' || s[p] == '-'))
			p++;
		p = scan_digits(s, p, n, 0);
	}
suffix:
	if (p < n && s[p] == 'i') {
		kind = GOTOK_IMAG;
		p++;
	}
	*pp = p;
	return kind;
}

/* Scans a quoted literal that must end on the same line. Returns 1 when the
 * closing quote was found; the newline is never consumed. */
static int scan_quoted(struct golex *lx, size_t *pp, char quote)
{
	const char *s = lx->src;
	size_t n = lx->len, p = *pp + 1;

	while (p < n) {
		char c = s[p];

		if (c == quote) {
			*pp = p + 1;
			return 1;
		}
		if (c == '\n')
			break;
		if (c == '\\' && p + 1 < n && s[p + 1] != '\n')
			p++;
		p++;
	}
	*pp = p;
	return 0;
}

static int op_token(const char *s, size_t p, size_t n, size_t *len)
{
	char c = s[p], d = p + 1 < n ? s[p + 1] : 0, e = p + 2 < n ? s[p + 2] : 0;

	*len = 1;
#define TWO(ch, op2)                                                                               \
	if (d == (ch)) {                                                                           \
		*len = 2;                                                                          \
		return op2;                                                                        \
	}
	switch (c) {
	case '(':
		return GOOP_LPAREN;
	case ')':
		return GOOP_RPAREN;
	case '[':
		return GOOP_LBRACK;
	case ']':
		return GOOP_RBRACK;
	case '{':
		return GOOP_LBRACE;
	case '}':
		return GOOP_RBRACE;
	case ',':
		return GOOP_COMMA;
	case ';':
		return GOOP_NONE; /* handled by caller */
	case '~':
		return GOOP_TILDE;
	case '.':
		if (d == '.' && e == '.') {
			*len = 3;
			return GOOP_ELLIPSIS;
		}
		return GOOP_PERIOD;
	case ':':
		TWO('=', GOOP_DEFINE) return GOOP_COLON;
	case '+':
		TWO('+', GOOP_INC) TWO('=', GOOP_ADD_ASSIGN) return GOOP_ADD;
	case '-':
		TWO('-', GOOP_DEC) TWO('=', GOOP_SUB_ASSIGN) return GOOP_SUB;
	case '*':
		TWO('=', GOOP_MUL_ASSIGN) return GOOP_MUL;
	case '/':
		TWO('=', GOOP_QUO_ASSIGN) return GOOP_QUO;
	case '%':
		TWO('=', GOOP_REM_ASSIGN) return GOOP_REM;
	case '^':
		TWO('=', GOOP_XOR_ASSIGN) return GOOP_XOR;
	case '=':
		TWO('=', GOOP_EQL) return GOOP_ASSIGN;
	case '!':
		TWO('=', GOOP_NEQ) return GOOP_NOT;
	case '|':
		TWO('|', GOOP_LOR) TWO('=', GOOP_OR_ASSIGN) return GOOP_OR;
	case '<':
		if (d == '<') {
			*len = e == '=' ? 3 : 2;
			return e == '=' ? GOOP_SHL_ASSIGN : GOOP_SHL;
		}
		TWO('-', GOOP_ARROW) TWO('=', GOOP_LEQ) return GOOP_LSS;
	case '>':
		if (d == '>') {
			*len = e == '=' ? 3 : 2;
			return e == '=' ? GOOP_SHR_ASSIGN : GOOP_SHR;
		}
		TWO('=', GOOP_GEQ) return GOOP_GTR;
	case '&':
		if (d == '^') {
			*len = e == '=' ? 3 : 2;
			return e == '=' ? GOOP_AND_NOT_ASSIGN : GOOP_AND_NOT;
		}
		TWO('&', GOOP_LAND) TWO('=', GOOP_AND_ASSIGN) return GOOP_AND;
	}
#undef TWO
	return -1;
}

static int emit(struct golex *lx, struct gotok *t, int kind, int sub, size_t start, size_t end,
		uint32_t line)
{
	t->kind = (uint8_t)kind;
	t->sub = (uint8_t)sub;
	t->off = (uint32_t)start;
	t->len = (uint32_t)(end - start);
	t->line = line;
	lx->pos = end;
	return kind;
}

int golex_next(struct golex *lx, struct gotok *t)
{
	const char *s = lx->src;
	size_t n = lx->len, p;
	uint32_t line;
	int semi, sub;
	size_t oplen;

	p = lx->pos;
	while (p < n) {
		char c = s[p];

		if (c == ' ' || c == '\t' || c == '\r') {
			p++;
		} else if (c == '\n') {
			if (lx->insert_semi) {
				lx->insert_semi = 0;
				return emit(lx, t, GOTOK_SEMI, 0, p, p + 1, lx->line++);
			}
			lx->line++;
			p++;
		} else {
			break;
		}
	}
	lx->pos = p;
	if (p >= n) {
		if (lx->insert_semi) {
			lx->insert_semi = 0;
			return emit(lx, t, GOTOK_SEMI, 0, n, n, lx->line);
		}
		return emit(lx, t, GOTOK_EOF, 0, n, n, lx->line);
	}

	line = lx->line;
	{
		unsigned char c = (unsigned char)s[p];

		if (is_letter(c)) {
			size_t q = p + 1;
			int kw;

			while (q < n &&
			       (is_letter((unsigned char)s[q]) || is_digit((unsigned char)s[q])))
				q++;
			kw = (c >= 'b' && c <= 'v') ? keyword(s + p, q - p) : GOKW_NONE;
			if (kw == GOKW_NONE) {
				lx->insert_semi = 1;
				return emit(lx, t, GOTOK_IDENT, 0, p, q, line);
			}
			lx->insert_semi = kw == GOKW_BREAK || kw == GOKW_CONTINUE ||
					  kw == GOKW_FALLTHROUGH || kw == GOKW_RETURN;
			return emit(lx, t, GOTOK_KEYWORD, kw, p, q, line);
		}
		if (is_digit(c) || (c == '.' && p + 1 < n && is_digit((unsigned char)s[p + 1]))) {
			size_t q = p;
			int kind = scan_number(lx, &q);

			lx->insert_semi = 1;
			return emit(lx, t, kind, 0, p, q, line);
		}
		if (c == '"' || c == '\'') {
			size_t q = p;
			int ok = scan_quoted(lx, &q, (char)c);

			lx->insert_semi = 1;
			return emit(lx, t,
				    ok ? (c == '"' ? GOTOK_STRING : GOTOK_CHAR) : GOTOK_ILLEGAL, 0,
				    p, q, line);
		}
		if (c == '`') {
			size_t q = p + 1;
			uint32_t nl = 0;

			while (q < n && s[q] != '`') {
				if (s[q] == '\n')
					nl++;
				q++;
			}
			lx->line += nl;
			lx->insert_semi = 1;
			if (q >= n)
				return emit(lx, t, GOTOK_ILLEGAL, 0, p, n, line);
			return emit(lx, t, GOTOK_RAWSTRING, 0, p, q + 1, line);
		}
		if (c == '/' && p + 1 < n && (s[p + 1] == '/' || s[p + 1] == '*')) {
			size_t q;

			if (lx->insert_semi && comment_reaches_eol(lx, p)) {
				lx->insert_semi = 0;
				return emit(lx, t, GOTOK_SEMI, 0, p, p, line);
			}
			if (s[p + 1] == '/') {
				const char *nl = memchr(s + p, '\n', n - p);

				q = nl != NULL ? (size_t)(nl - s) : n;
			} else {
				uint32_t nls = 0;

				q = p + 2;
				while (q < n && !(s[q] == '*' && q + 1 < n && s[q + 1] == '/')) {
					if (s[q] == '\n')
						nls++;
					q++;
				}
				q = q < n ? q + 2 : n;
				lx->line += nls;
			}
			/* insert_semi is kept: a comment does not end a line by itself. */
			emit(lx, t, GOTOK_COMMENT, 0, p, q, line);
			return GOTOK_COMMENT;
		}
		if (c == ';') {
			lx->insert_semi = 0;
			return emit(lx, t, GOTOK_SEMI, 0, p, p + 1, line);
		}
		sub = op_token(s, p, n, &oplen);
		if (sub <= 0) {
			/* A stray byte: report it alone, keep the semicolon state. */
			emit(lx, t, GOTOK_ILLEGAL, 0, p, p + 1, line);
			return GOTOK_ILLEGAL;
		}
		semi = sub == GOOP_RPAREN || sub == GOOP_RBRACK || sub == GOOP_RBRACE ||
		       sub == GOOP_INC || sub == GOOP_DEC;
		lx->insert_semi = semi;
		return emit(lx, t, GOTOK_OP, sub, p, p + oplen, line);
	}
}

void golex_tokenize(const char *src, size_t len, int keep_comments, struct golex_toks *out)
{
	struct golex lx;

	out->n = 0;
	golex_init(&lx, src, len);
	for (;;) {
		struct gotok t;
		int k = golex_next(&lx, &t);

		if (k == GOTOK_COMMENT && !keep_comments)
			continue;
		if (out->n == out->cap)
			out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = t;
		if (k == GOTOK_EOF)
			break;
	}
}

void golex_toks_free(struct golex_toks *t)
{
	if (t == NULL)
		return;
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

int golex_is(const char *src, const struct gotok *t, const char *word)
{
	size_t n = strlen(word);

	return t->len == n && memcmp(src + t->off, word, n) == 0;
}

const char *golex_kind_name(int kind)
{
	static const char *const names[] = {"EOF",	 "ILLEGAL", "COMMENT", "IDENT", "KEYWORD",
					    "INT",	 "FLOAT",   "IMAG",    "CHAR",	"STRING",
					    "RAWSTRING", "OP",	    "SEMI"};

	if (kind < 0 || (size_t)kind >= ARRAY_LEN(names))
		return "?";
	return names[kind];
}

static int put_utf8(char *out, size_t cap, size_t *o, unsigned long r)
{
	unsigned char b[4];
	size_t n;

	if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
		r = 0xFFFD;
	if (r < 0x80) {
		b[0] = (unsigned char)r;
		n = 1;
	} else if (r < 0x800) {
		b[0] = (unsigned char)(0xC0 | (r >> 6));
		b[1] = (unsigned char)(0x80 | (r & 0x3F));
		n = 2;
	} else if (r < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (r >> 12));
		b[1] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
		b[2] = (unsigned char)(0x80 | (r & 0x3F));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | (r >> 18));
		b[1] = (unsigned char)(0x80 | ((r >> 12) & 0x3F));
		b[2] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
		b[3] = (unsigned char)(0x80 | (r & 0x3F));
		n = 4;
	}
	if (*o + n >= cap)
		return -1;
	memcpy(out + *o, b, n);
	*o += n;
	return 0;
}

int golex_unquote(const char *src, const struct gotok *t, char *out, size_t cap, size_t *outlen)
{
	const char *s = src + t->off;
	size_t n = t->len, o = 0, i;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	if (t->kind == GOTOK_RAWSTRING) {
		for (i = 1; i + 1 < n; i++) {
			if (s[i] == '\r')
				continue;
			if (o + 1 >= cap)
				return -1;
			out[o++] = s[i];
		}
		goto done;
	}
	if (t->kind != GOTOK_STRING || n < 2)
		return -1;
	for (i = 1; i + 1 < n;) {
		unsigned long r = 0;
		int digits = 0, v;

		if (s[i] != '\\') {
			if (o + 1 >= cap)
				return -1;
			out[o++] = s[i++];
			continue;
		}
		if (i + 2 >= n)
			return -1;
		switch (s[i + 1]) {
		case 'a':
			r = 7;
			break;
		case 'b':
			r = 8;
			break;
		case 'f':
			r = 12;
			break;
		case 'n':
			r = 10;
			break;
		case 'r':
			r = 13;
			break;
		case 't':
			r = 9;
			break;
		case 'v':
			r = 11;
			break;
		case '\\':
			r = '\\';
			break;
		case '"':
			r = '"';
			break;
		case '\'':
			r = '\'';
			break;
		case 'x':
			digits = 2;
			break;
		case 'u':
			digits = 4;
			break;
		case 'U':
			digits = 8;
			break;
		default:
			if (s[i + 1] >= '0' && s[i + 1] <= '7') {
				if (i + 4 >= n)
					return -1;
				for (int k = 1; k <= 3; k++) {
					if (s[i + k] < '0' || s[i + k] > '7')
						return -1;
					r = r * 8 + (unsigned long)(s[i + k] - '0');
				}
				if (r > 255 || o + 1 >= cap)
					return -1;
				out[o++] = (char)r;
				i += 4;
				continue;
			}
			return -1;
		}
		if (digits == 0) {
			if (o + 1 >= cap)
				return -1;
			out[o++] = (char)r;
			i += 2;
			continue;
		}
		if (i + 2 + (size_t)digits > n - 1)
			return -1;
		for (int k = 0; k < digits; k++) {
			if ((v = hex_digit(s[i + 2 + (size_t)k])) < 0)
				return -1;
			r = r * 16 + (unsigned long)v;
		}
		i += 2 + (size_t)digits;
		if (digits == 2) { /* \x is a byte, not a code point */
			if (o + 1 >= cap)
				return -1;
			out[o++] = (char)r;
		} else if (put_utf8(out, cap, &o, r) < 0) {
			return -1;
		}
	}
done:
	out[o] = '\0';
	if (outlen != NULL)
		*outlen = o;
	return 0;
}
