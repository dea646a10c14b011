/* gomod_syntax.c: the go.mod lexer, line grouping and string unquoting
 * shared by go.mod and go.work. */
#include "gomod_syntax.h"

#include <stdlib.h>
#include <string.h>

void gomod_issue_add(struct gomod_issues *is, int line, const char *fmt, ...)
{
	va_list ap;

	is->v = xgrow(is->v, &is->cap, is->n + 1, sizeof *is->v);
	va_start(ap, fmt);
	is->v[is->n].msg = xvasprintf(fmt, ap);
	va_end(ap);
	is->v[is->n].line = line;
	is->n++;
}

void gomod_issues_free(struct gomod_issues *is)
{
	if (is == NULL)
		return;
	for (size_t i = 0; i < is->n; i++)
		free(is->v[i].msg);
	free(is->v);
	memset(is, 0, sizeof *is);
}

/* ---- lexer ---- */

enum tok_kind {
	T_EOF,
	T_NL, /* newline */
	T_IDENT,
	T_STRING,
	T_PUNCT,   /* one of ( ) [ ] { } , */
	T_COMMENT, /* a // comment alone on its line (newline consumed) */
	T_SUFFIX,  /* a // comment after tokens (newline consumed) */
	T_BAD,	   /* a lexical error; the rest of the line was skipped */
};

struct lexer {
	const char *p, *end, *start;
	int line;
	struct gomod_issues *issues;
	/* current token */
	enum tok_kind kind;
	const char *text;
	size_t len;
	int tline;
};

static int is_punct(unsigned char c)
{
	return c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == ',';
}

/* Go treats printable non-space runes as identifier runes; bytes >= 0x80 are
 * taken as printable (invalid UTF-8 decodes to U+FFFD, which is). */
static int is_ident(unsigned char c)
{
	if (c >= 0x80)
		return 1;
	return c > ' ' && c < 0x7f && !is_punct(c);
}

static void skip_rest_of_line(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p != '\n')
		lx->p++;
}

static int line_blank_before(const struct lexer *lx, const char *at)
{
	for (const char *q = at; q > lx->start && q[-1] != '\n'; q--)
		if (q[-1] != ' ' && q[-1] != '\t' && q[-1] != '\r')
			return 0;
	return 1;
}

static void lex_next(struct lexer *lx)
{
	const char *s;

	for (;;) {
		while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
			lx->p++;
		lx->tline = lx->line;
		lx->text = lx->p;
		if (lx->p >= lx->end) {
			lx->kind = T_EOF;
			lx->len = 0;
			return;
		}
		if (lx->end - lx->p >= 2 && lx->p[0] == '/' && lx->p[1] == '/') {
			int alone = line_blank_before(lx, lx->p);

			s = lx->p + 2;
			skip_rest_of_line(lx);
			lx->text = s;
			lx->len = (size_t)(lx->p - s);
			if (lx->len > 0 && s[lx->len - 1] == '\r')
				lx->len--;
			if (lx->p < lx->end) { /* the comment owns its newline */
				lx->p++;
				lx->line++;
			}
			lx->kind = alone ? T_COMMENT : T_SUFFIX;
			return;
		}
		break;
	}
	s = lx->p;
	if (lx->end - s >= 2 && s[0] == '/' && s[1] == '*') {
		gomod_issue_add(lx->issues, lx->line,
				"mod files must use // comments (not /* */ comments)");
		skip_rest_of_line(lx);
		lx->kind = T_BAD;
		return;
	}
	if (*s == '\n') {
		lx->p++;
		lx->line++;
		lx->kind = T_NL;
		lx->len = 1;
		return;
	}
	if (is_punct((unsigned char)*s)) {
		lx->p++;
		lx->kind = T_PUNCT;
		lx->len = 1;
		return;
	}
	if (*s == '"' || *s == '`') {
		char q = *s;
		const char *e = s + 1;

		for (;;) {
			if (e >= lx->end) {
				gomod_issue_add(lx->issues, lx->line, "unexpected EOF in string");
				lx->p = e;
				lx->kind = T_BAD;
				return;
			}
			if (*e == '\n') {
				gomod_issue_add(lx->issues, lx->line,
						"unexpected newline in string");
				lx->p = e;
				lx->kind = T_BAD;
				return;
			}
			if (*e == q) {
				e++;
				break;
			}
			if (*e == '\\' && q == '"') {
				if (e + 1 >= lx->end) {
					gomod_issue_add(lx->issues, lx->line,
							"unexpected EOF in string");
					lx->p = lx->end;
					lx->kind = T_BAD;
					return;
				}
				if (e[1] == '\n') {
					gomod_issue_add(lx->issues, lx->line,
							"unexpected newline in string");
					lx->p = e + 1;
					lx->kind = T_BAD;
					return;
				}
				e++;
			}
			e++;
		}
		lx->p = e;
		lx->kind = T_STRING;
		lx->len = (size_t)(e - s);
		return;
	}
	if (!is_ident((unsigned char)*s)) {
		gomod_issue_add(lx->issues, lx->line, "unexpected input character '\\x%02x'",
				(unsigned char)*s);
		skip_rest_of_line(lx);
		lx->kind = T_BAD;
		return;
	}
	while (lx->p < lx->end && is_ident((unsigned char)*lx->p)) {
		if (lx->end - lx->p >= 2 && lx->p[0] == '/' && lx->p[1] == '/')
			break;
		if (lx->end - lx->p >= 2 && lx->p[0] == '/' && lx->p[1] == '*') {
			gomod_issue_add(lx->issues, lx->line,
					"mod files must use // comments (not /* */ comments)");
			skip_rest_of_line(lx);
			lx->kind = T_BAD;
			return;
		}
		lx->p++;
	}
	lx->kind = T_IDENT;
	lx->len = (size_t)(lx->p - s);
}

static int tok_is_eol(enum tok_kind k)
{
	return k == T_EOF || k == T_NL || k == T_SUFFIX;
}

static int tok_is(const struct lexer *lx, char c)
{
	return lx->kind == T_PUNCT && lx->text[0] == c;
}

/* ---- syntax: statements and blocks ---- */

struct stmt {
	char **tok;
	size_t n, cap;
	int line;
	int bad;
};

static void stmt_add(struct stmt *st, const struct lexer *lx)
{
	st->tok = xgrow(st->tok, &st->cap, st->n + 1, sizeof *st->tok);
	st->tok[st->n++] = xstrndup(lx->text, lx->len);
}

static void stmt_drop(struct stmt *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->tok[i]);
	free(st->tok);
	memset(st, 0, sizeof *st);
}

static void comments_add(struct buf *b, const struct lexer *lx)
{
	const char *t = lx->text;
	size_t n = lx->len;

	while (n > 0 && (*t == ' ' || *t == '\t')) {
		t++;
		n--;
	}
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	if (b->len > 0)
		buf_addc(b, '\n');
	buf_add(b, t, n);
}

static const char *intern_verb(struct gomod_syntax *s, const char *v)
{
	for (size_t i = 0; i < s->nverbs; i++)
		if (strcmp(s->verbs[i], v) == 0)
			return s->verbs[i];
	s->verbs = xgrow(s->verbs, &s->capverbs, s->nverbs + 1, sizeof *s->verbs);
	s->verbs[s->nverbs] = xstrdup(v);
	return s->verbs[s->nverbs++];
}

/* Emits one line: `verb` given for block lines, else tok[0] is the verb. */
static void emit_line(struct gomod_syntax *s, struct stmt *st, const char *block_verb,
		      const char *suffix, size_t suffix_len, struct buf *before)
{
	struct gomod_line *l;
	size_t skip = block_verb ? 0 : 1;

	if (st->bad || st->n == 0) {
		stmt_drop(st);
		buf_reset(before);
		return;
	}
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	l = &s->v[s->n++];
	memset(l, 0, sizeof *l);
	l->line = st->line;
	l->in_block = block_verb != NULL;
	l->verb = intern_verb(s, block_verb ? block_verb : st->tok[0]);
	l->ntok = st->n - skip;
	l->tok = xcalloc(l->ntok + 1, sizeof *l->tok);
	for (size_t i = 0; i < l->ntok; i++)
		l->tok[i] = st->tok[i + skip];
	if (skip)
		free(st->tok[0]);
	free(st->tok);
	memset(st, 0, sizeof *st);
	if (suffix != NULL) {
		l->suffix = xstrndup(suffix, suffix_len);
	}
	if (before->len > 0)
		l->before = buf_steal(before);
	buf_reset(before);
}

/* Reads tokens up to the end of the line into st. Returns the EOL kind. */
static void read_line_tokens(struct lexer *lx, struct stmt *st)
{
	while (!tok_is_eol(lx->kind)) {
		if (lx->kind == T_BAD) {
			st->bad = 1;
			lex_next(lx);
			continue;
		}
		if (lx->kind == T_COMMENT) { /* cannot happen mid-line; be safe */
			lex_next(lx);
			continue;
		}
		stmt_add(st, lx);
		lex_next(lx);
	}
}

static void parse_block(struct lexer *lx, struct gomod_syntax *s, const char *verb, int start_line,
			struct buf *outer_before, const char *open_suffix)
{
	struct buf before;
	char *bverb = xstrdup(verb);

	buf_init(&before);
	/* Block-level comments stand in for a line's own (parseDirectiveComment). */
	if (outer_before->len > 0)
		buf_adds(&before, outer_before->data);
	if (open_suffix != NULL && *open_suffix) {
		if (before.len > 0)
			buf_addc(&before, '\n');
		buf_adds(&before, open_suffix);
	}
	buf_reset(outer_before);
	char *block_comments = before.len ? xstrdup(before.data) : NULL;
	buf_reset(&before);
	for (;;) {
		if (lx->kind == T_SUFFIX || lx->kind == T_NL) {
			lex_next(lx);
			continue;
		}
		if (lx->kind == T_COMMENT) {
			comments_add(&before, lx);
			lex_next(lx);
			continue;
		}
		if (lx->kind == T_BAD) {
			lex_next(lx);
			continue;
		}
		if (lx->kind == T_EOF) {
			gomod_issue_add(lx->issues, lx->line,
					"syntax error (unterminated block started at line %d)",
					start_line);
			break;
		}
		if (tok_is(lx, ')')) {
			int line = lx->tline;

			lex_next(lx);
			if (!tok_is_eol(lx->kind)) {
				gomod_issue_add(
				    lx->issues, line,
				    "syntax error (expected newline after closing paren)");
				while (!tok_is_eol(lx->kind))
					lex_next(lx);
			}
			if (lx->kind != T_EOF)
				lex_next(lx);
			break;
		}
		struct stmt st = {0};
		const char *suffix = NULL;
		size_t slen = 0;

		st.line = lx->tline;
		read_line_tokens(lx, &st);
		if (lx->kind == T_SUFFIX) {
			suffix = lx->text;
			slen = lx->len;
		}
		if (before.len == 0 && suffix == NULL && block_comments != NULL)
			buf_adds(&before, block_comments);
		emit_line(s, &st, bverb, suffix, slen, &before);
		if (lx->kind != T_EOF)
			lex_next(lx);
	}
	free(block_comments);
	free(bverb);
	buf_free(&before);
}

void gomod_syntax_parse(const char *buf, size_t len, struct gomod_syntax *out,
			struct gomod_issues *issues)
{
	struct lexer lx = {.p = buf, .end = buf + len, .start = buf, .line = 1, .issues = issues};
	struct buf before;

	memset(out, 0, sizeof *out);
	buf_init(&before);
	lex_next(&lx);
	while (lx.kind != T_EOF) {
		if (lx.kind == T_NL) {
			buf_reset(&before);
			lex_next(&lx);
			continue;
		}
		if (lx.kind == T_COMMENT) {
			comments_add(&before, &lx);
			lex_next(&lx);
			continue;
		}
		if (lx.kind == T_SUFFIX || lx.kind == T_BAD) {
			lex_next(&lx);
			continue;
		}
		struct stmt st = {0};
		int block = 0;

		st.line = lx.tline;
		while (!tok_is_eol(lx.kind)) {
			if (lx.kind == T_BAD) {
				st.bad = 1;
				lex_next(&lx);
				continue;
			}
			if (tok_is(&lx, '(') && st.n > 0) {
				lex_next(&lx);
				if (tok_is_eol(lx.kind)) {
					block = 1;
					break;
				}
				if (tok_is(&lx, ')')) {
					lex_next(&lx);
					if (tok_is_eol(lx.kind)) { /* empty block */
						block = 2;
						break;
					}
					struct lexer tmp = lx;

					tmp.text = "(";
					tmp.len = 1;
					stmt_add(&st, &tmp);
					tmp.text = ")";
					stmt_add(&st, &tmp);
					continue;
				}
				struct lexer tmp = lx;

				tmp.text = "(";
				tmp.len = 1;
				stmt_add(&st, &tmp);
				continue;
			}
			stmt_add(&st, &lx);
			lex_next(&lx);
		}
		if (block) {
			char *suffix = NULL;

			if (lx.kind == T_SUFFIX)
				suffix = xstrndup(lx.text, lx.len);
			if (st.n > 1 || st.bad)
				gomod_issue_add(issues, st.line, "unknown block type: %s%s",
						st.n ? st.tok[0] : "", st.n > 1 ? " ..." : "");
			if (lx.kind != T_EOF)
				lex_next(&lx);
			if (block == 1)
				parse_block(&lx, out, st.n ? st.tok[0] : "", st.line, &before,
					    suffix);
			free(suffix);
			buf_reset(&before);
			stmt_drop(&st);
			continue;
		}
		const char *suffix = NULL;
		size_t slen = 0;

		if (lx.kind == T_SUFFIX) {
			suffix = lx.text;
			slen = lx.len;
		}
		emit_line(out, &st, NULL, suffix, slen, &before);
		if (lx.kind != T_EOF)
			lex_next(&lx);
	}
	buf_free(&before);
}

void gomod_syntax_free(struct gomod_syntax *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		for (size_t j = 0; j < s->v[i].ntok; j++)
			free(s->v[i].tok[j]);
		free(s->v[i].tok);
		free(s->v[i].suffix);
		free(s->v[i].before);
	}
	free(s->v);
	for (size_t i = 0; i < s->nverbs; i++)
		free(s->verbs[i]);
	free(s->verbs);
	memset(s, 0, sizeof *s);
}

/* ---- strings ---- */

static void put_utf8(struct buf *b, unsigned long r)
{
	char o[4];

	if (r < 0x80) {
		buf_addc(b, (char)r);
	} else if (r < 0x800) {
		o[0] = (char)(0xc0 | (r >> 6));
		o[1] = (char)(0x80 | (r & 0x3f));
		buf_add(b, o, 2);
	} else if (r < 0x10000) {
		o[0] = (char)(0xe0 | (r >> 12));
		o[1] = (char)(0x80 | ((r >> 6) & 0x3f));
		o[2] = (char)(0x80 | (r & 0x3f));
		buf_add(b, o, 3);
	} else {
		o[0] = (char)(0xf0 | (r >> 18));
		o[1] = (char)(0x80 | ((r >> 12) & 0x3f));
		o[2] = (char)(0x80 | ((r >> 6) & 0x3f));
		o[3] = (char)(0x80 | (r & 0x3f));
		buf_add(b, o, 4);
	}
}

/* strconv.Unquote for a double-quoted Go string. */
static char *unquote_double(const char *t, size_t n)
{
	struct buf b;
	size_t i = 1;

	if (n < 2 || t[n - 1] != '"')
		return NULL;
	buf_init(&b);
	buf_adds(&b, "");
	while (i < n - 1) {
		unsigned char c = (unsigned char)t[i];

		if (c == '"' || c == '\n')
			goto bad;
		if (c != '\\') {
			buf_addc(&b, (char)c);
			i++;
			continue;
		}
		if (i + 1 >= n - 1)
			goto bad;
		c = (unsigned char)t[i + 1];
		i += 2;
		switch (c) {
		case 'a':
			buf_addc(&b, '\a');
			break;
		case 'b':
			buf_addc(&b, '\b');
			break;
		case 'f':
			buf_addc(&b, '\f');
			break;
		case 'n':
			buf_addc(&b, '\n');
			break;
		case 'r':
			buf_addc(&b, '\r');
			break;
		case 't':
			buf_addc(&b, '\t');
			break;
		case 'v':
			buf_addc(&b, '\v');
			break;
		case '\\':
			buf_addc(&b, '\\');
			break;
		case '"':
			buf_addc(&b, '"');
			break;
		case 'x':
		case 'u':
		case 'U': {
			size_t digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
			unsigned long v = 0;

			if (i + digits > n - 1)
				goto bad;
			for (size_t k = 0; k < digits; k++) {
				int h = hex_digit((unsigned char)t[i + k]);

				if (h < 0)
					goto bad;
				v = v * 16 + (unsigned long)h;
			}
			i += digits;
			if (c == 'x') {
				buf_addc(&b, (char)v);
			} else {
				if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))
					goto bad;
				put_utf8(&b, v);
			}
			break;
		}
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7': {
			unsigned v = (unsigned)(c - '0');

			if (i + 2 > n - 1)
				goto bad;
			for (int k = 0; k < 2; k++) {
				unsigned char d = (unsigned char)t[i + (size_t)k];

				if (d < '0' || d > '7')
					goto bad;
				v = v * 8 + (unsigned)(d - '0');
			}
			if (v > 255)
				goto bad;
			i += 2;
			buf_addc(&b, (char)v);
			break;
		}
		default:
			goto bad;
		}
	}
	return buf_steal(&b);
bad:
	buf_free(&b);
	return NULL;
}

char *gomod_unquote(const char *tok, int *backquoted, const char **err)
{
	size_t n = strlen(tok);

	if (backquoted != NULL)
		*backquoted = 0;
	*err = NULL;
	if (tok[0] == '"') {
		char *s = unquote_double(tok, n);

		if (s == NULL)
			*err = "invalid syntax";
		return s;
	}
	if (tok[0] == '`' && n >= 2 && tok[n - 1] == '`') {
		struct buf b;

		if (backquoted != NULL)
			*backquoted = 1;
		buf_init(&b);
		buf_adds(&b, "");
		for (size_t i = 1; i + 1 < n; i++)
			if (tok[i] != '\r') /* Go drops CRs from raw strings */
				buf_addc(&b, tok[i]);
		return buf_steal(&b);
	}
	if (strpbrk(tok, "\"'`") != NULL) {
		*err = "unquoted string cannot contain quote";
		return NULL;
	}
	return xstrdup(tok);
}
