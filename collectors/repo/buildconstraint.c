/* buildconstraint.c: build-constraint expressions: the //go:build and
 * // +build parsers of go/build/constraint, printing, and evaluation with
 * the deciding term explained; see buildconstraint.h. The context side is
 * buildconstraint_ctx.c, whole files buildconstraint_file.c (docs/formats.md
 * section 8). */
#include "buildconstraint.h"

#include <stdlib.h>
#include <string.h>

/* ---- expressions ---- */

static int node_add(struct buildconstraint_expr *x, enum buildconstraint_op op, int a, int b,
		    size_t off, size_t len)
{
	if (x->nn == x->cap)
		x->n = xgrow(x->n, &x->cap, x->nn + 1, sizeof *x->n);
	x->n[x->nn].op = op;
	x->n[x->nn].a = a;
	x->n[x->nn].b = b;
	x->n[x->nn].off = off;
	x->n[x->nn].len = len;
	return (int)x->nn++;
}

static void expr_reset(struct buildconstraint_expr *x, const char *s, size_t len)
{
	memset(x, 0, sizeof *x);
	x->text = xstrndup(s, len);
	x->root = -1;
}

void buildconstraint_expr_free(struct buildconstraint_expr *x)
{
	if (x == NULL)
		return;
	free(x->text);
	free(x->n);
	memset(x, 0, sizeof *x);
	x->root = -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int tag_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c >= 0x80;
}

/* Trims ASCII space from both ends of [*s, *s+*n). */
static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((*s)[*n - 1]))
		(*n)--;
}

static int split_prefix(const char *line, size_t len, const char *prefix, int slashes_then_trim,
			const char **expr, size_t *elen)
{
	const char *s = line;
	size_t n = len, pl = strlen(prefix), before;

	if (n > 0 && s[n - 1] == '\n')
		n--;
	if (memchr(s, '\n', n) != NULL)
		return 0;
	if (slashes_then_trim) { /* "// +build": the space after // is optional */
		if (n < 2 || s[0] != '/' || s[1] != '/')
			return 0;
		s += 2;
		n -= 2;
		trim(&s, &n);
	} else {
		if (n < pl || memcmp(s, prefix, pl) != 0)
			return 0;
		trim(&s, &n);
	}
	if (n < pl || memcmp(s, prefix, pl) != 0)
		return 0;
	s += pl;
	n -= pl;
	before = n;
	trim(&s, &n);
	/* The prefix must be followed by space or end the line. */
	if (before == n && before != 0)
		return 0;
	*expr = s;
	*elen = n;
	return 1;
}

int buildconstraint_is_gobuild(const char *line, size_t len, const char **expr, size_t *elen)
{
	return split_prefix(line, len, "//go:build", 0, expr, elen);
}

int buildconstraint_is_plusbuild(const char *line, size_t len, const char **expr, size_t *elen)
{
	return split_prefix(line, len, "+build", 1, expr, elen);
}

struct parser {
	struct buildconstraint_expr *x;
	const char *s;
	size_t n, i;
	size_t tok_off, tok_len;
	int is_tag;
	int depth;
	char *err;
};

enum { TOK_END, TOK_LP, TOK_RP, TOK_NOT, TOK_AND, TOK_OR, TOK_TAG };

static int p_fail(struct parser *p, const char *msg, size_t off)
{
	if (p->err == NULL)
		p->err = xasprintf("%s at offset %zu", msg, off);
	return -1;
}

static int p_lex(struct parser *p)
{
	const char *s = p->s;
	size_t j;

	p->is_tag = 0;
	while (p->i < p->n && (s[p->i] == ' ' || s[p->i] == '\t'))
		p->i++;
	p->tok_off = p->i;
	p->tok_len = 0;
	if (p->i >= p->n)
		return TOK_END;
	switch (s[p->i]) {
	case '(':
		p->i++;
		p->tok_len = 1;
		return TOK_LP;
	case ')':
		p->i++;
		p->tok_len = 1;
		return TOK_RP;
	case '!':
		p->i++;
		p->tok_len = 1;
		return TOK_NOT;
	case '&':
	case '|':
		if (p->i + 1 >= p->n || s[p->i + 1] != s[p->i])
			return p_fail(
			    p, s[p->i] == '&' ? "invalid syntax at &" : "invalid syntax at |",
			    p->i);
		p->tok_len = 2;
		p->i += 2;
		return s[p->tok_off] == '&' ? TOK_AND : TOK_OR;
	}
	for (j = p->i; j < p->n && tag_byte((unsigned char)s[j]); j++)
		;
	if (j == p->i)
		return p_fail(p, "invalid syntax", p->i);
	p->tok_len = j - p->i;
	p->i = j;
	p->is_tag = 1;
	return TOK_TAG;
}

static int p_or(struct parser *p, int *tok);

/* atom: the current token is already lexed in *tok. */
static int p_atom(struct parser *p, int *tok)
{
	if (*tok < 0)
		return -1;
	if (*tok == TOK_LP) {
		size_t pos = p->tok_off;
		int x;

		if (++p->depth > BUILDCONSTRAINT_MAX_DEPTH)
			return p_fail(p, "expression nested too deeply", pos);
		x = p_or(p, tok);
		p->depth--;
		if (x < 0) {
			return -1;
		}
		if (*tok != TOK_RP)
			return p_fail(p, "missing close paren", pos);
		*tok = p_lex(p);
		return x;
	}
	if (*tok != TOK_TAG) {
		if (*tok == TOK_END)
			return p_fail(p, "unexpected end of expression", p->tok_off);
		return p_fail(p, "unexpected token", p->tok_off);
	}
	{
		size_t off = p->tok_off, len = p->tok_len;

		*tok = p_lex(p);
		return node_add(p->x, BC_TAG, -1, -1, off, len);
	}
}

static int p_not(struct parser *p, int *tok)
{
	*tok = p_lex(p);
	if (*tok == TOK_NOT) {
		int a;

		*tok = p_lex(p);
		if (*tok == TOK_NOT)
			return p_fail(p, "double negation not allowed", p->tok_off);
		if ((a = p_atom(p, tok)) < 0)
			return -1;
		return node_add(p->x, BC_NOT, a, -1, 0, 0);
	}
	return p_atom(p, tok);
}

static int p_and(struct parser *p, int *tok)
{
	int x = p_not(p, tok);

	while (x >= 0 && *tok == TOK_AND) {
		int y = p_not(p, tok);

		if (y < 0)
			return -1;
		x = node_add(p->x, BC_AND, x, y, 0, 0);
	}
	return x;
}

static int p_or(struct parser *p, int *tok)
{
	int x = p_and(p, tok);

	while (x >= 0 && *tok == TOK_OR) {
		int y = p_and(p, tok);

		if (y < 0)
			return -1;
		x = node_add(p->x, BC_OR, x, y, 0, 0);
	}
	return x;
}

int buildconstraint_parse_expr(const char *s, size_t len, struct buildconstraint_expr *out,
			       char **cause)
{
	struct parser p;
	int tok, root;

	if (len > BUILDCONSTRAINT_MAX_LINE) {
		expr_reset(out, "", 0);
		return err_set(cause, "build constraint longer than %d bytes",
			       BUILDCONSTRAINT_MAX_LINE);
	}
	expr_reset(out, s, len);
	memset(&p, 0, sizeof p);
	p.x = out;
	p.s = out->text;
	p.n = len;
	root = p_or(&p, &tok);
	if (root >= 0 && tok != TOK_END)
		root = p_fail(&p, "unexpected token", p.tok_off);
	if (root < 0) {
		err_set(cause, "%s", p.err != NULL ? p.err : "syntax error");
		free(p.err);
		buildconstraint_expr_free(out);
		out->text = xstrndup(s, len);
		return -1;
	}
	out->root = root;
	return 0;
}

void buildconstraint_parse_plus(const char *s, size_t len, struct buildconstraint_expr *out)
{
	size_t i = 0;
	int x = -1;

	if (len > BUILDCONSTRAINT_MAX_LINE)
		len = BUILDCONSTRAINT_MAX_LINE;
	expr_reset(out, s, len);
	s = out->text;
	while (i < len) {
		size_t start, end;
		int y = -1;

		while (i < len && is_space(s[i]))
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && !is_space(s[i]))
			i++;
		end = i;
		/* One clause: comma-separated literals ANDed together. */
		for (size_t a = start; a <= end;) {
			size_t b = a, ta = a;
			int z, neg = 0, valid;

			while (b < end && s[b] != ',')
				b++;
			if ((b - a >= 2 && s[a] == '!' && s[a + 1] == '!') ||
			    (b - a == 1 && s[a] == '!')) {
				z = node_add(out, BC_TAG, -1, -1, SIZE_MAX, 0); /* "ignore" */
			} else {
				if (b > a && s[a] == '!') {
					neg = 1;
					ta++;
				}
				valid = ta < b;
				for (size_t k = ta; k < b && valid; k++)
					valid = tag_byte((unsigned char)s[k]);
				z = node_add(out, BC_TAG, -1, -1, valid ? ta : SIZE_MAX,
					     valid ? b - ta : 0);
				if (neg)
					z = node_add(out, BC_NOT, z, -1, 0, 0);
			}
			y = y < 0 ? z : node_add(out, BC_AND, y, z, 0, 0);
			a = b + 1;
		}
		x = x < 0 ? y : node_add(out, BC_OR, x, y, 0, 0);
	}
	if (x < 0)
		x = node_add(out, BC_TAG, -1, -1, SIZE_MAX, 0);
	out->root = x;
}

/* Tag text; SIZE_MAX offsets stand for the synthetic tag "ignore". */
static void tag_text(const struct buildconstraint_expr *x, const struct buildconstraint_node *nd,
		     const char **s, size_t *n)
{
	if (nd->off == SIZE_MAX) {
		*s = "ignore";
		*n = 6;
	} else {
		*s = x->text + nd->off;
		*n = nd->len;
	}
}

static void expr_str(const struct buildconstraint_expr *x, int i, struct buf *out)
{
	const struct buildconstraint_node *nd = &x->n[i];
	const char *s;
	size_t n;

	switch (nd->op) {
	case BC_TAG:
		tag_text(x, nd, &s, &n);
		buf_add(out, s, n);
		return;
	case BC_NOT: {
		/* "!!a" does not parse ("double negation not allowed"): keep the
		 * parentheses of "!(!a)". */
		int paren =
		    x->n[nd->a].op == BC_AND || x->n[nd->a].op == BC_OR || x->n[nd->a].op == BC_NOT;

		buf_adds(out, paren ? "!(" : "!");
		expr_str(x, nd->a, out);
		if (paren)
			buf_addc(out, ')');
		return;
	}
	case BC_AND:
	case BC_OR: {
		enum buildconstraint_op other = nd->op == BC_AND ? BC_OR : BC_AND;
		int pa = x->n[nd->a].op == other, pb = x->n[nd->b].op == other;

		if (pa)
			buf_addc(out, '(');
		expr_str(x, nd->a, out);
		buf_adds(out, pa ? ")" : "");
		buf_adds(out, nd->op == BC_AND ? " && " : " || ");
		if (pb)
			buf_addc(out, '(');
		expr_str(x, nd->b, out);
		if (pb)
			buf_addc(out, ')');
		return;
	}
	}
}

char *buildconstraint_expr_string(const struct buildconstraint_expr *x)
{
	struct buf b;

	buf_init(&b);
	if (x != NULL && x->root >= 0)
		expr_str(x, x->root, &b);
	buf_add(&b, "", 0);
	return buf_steal(&b);
}

static int eval_node(const struct buildconstraint_expr *x, int i,
		     const struct buildconstraint_ctx *c)
{
	const struct buildconstraint_node *nd = &x->n[i];
	const char *s;
	size_t n;

	switch (nd->op) {
	case BC_TAG:
		tag_text(x, nd, &s, &n);
		return buildconstraint_ctx_match(c, s, n, NULL);
	case BC_NOT:
		return !eval_node(x, nd->a, c);
	case BC_AND:
		return eval_node(x, nd->a, c) & eval_node(x, nd->b, c);
	case BC_OR:
		return eval_node(x, nd->a, c) | eval_node(x, nd->b, c);
	}
	return 0;
}

/* Explains why node i has value `val`: the smallest deciding sub-term in
 * `term` and the settings behind it in `why`. */
static void explain(const struct buildconstraint_expr *x, int i, int val,
		    const struct buildconstraint_ctx *c, struct buf *term, struct buf *why)
{
	const struct buildconstraint_node *nd = &x->n[i];
	const char *s;
	size_t n;

	switch (nd->op) {
	case BC_TAG:
		tag_text(x, nd, &s, &n);
		if (term != NULL)
			buf_add(term, s, n);
		if (why != NULL) {
			if (why->len > 0)
				buf_adds(why, "; ");
			if (nd->off == SIZE_MAX) /* a malformed +build term */
				buf_adds(why, "an invalid +build term counts as tag ignore, which "
					      "is not set");
			else
				buildconstraint_ctx_match(c, s, n, why);
		}
		return;
	case BC_NOT:
		if (term != NULL)
			expr_str(x, i, term);
		explain(x, nd->a, !val, c, NULL, why);
		return;
	case BC_AND:
	case BC_OR: {
		int decisive = nd->op == BC_AND ? 0 : 1; /* false decides AND, true decides OR */

		if (val == decisive) {
			int k = eval_node(x, nd->a, c) == decisive ? nd->a : nd->b;

			explain(x, k, val, c, term, why);
			return;
		}
		if (term != NULL)
			expr_str(x, i, term);
		explain(x, nd->a, val, c, NULL, why);
		explain(x, nd->b, val, c, NULL, why);
		return;
	}
	}
}

int buildconstraint_eval(const struct buildconstraint_expr *x, const struct buildconstraint_ctx *c,
			 struct buf *term, struct buf *why)
{
	int v;

	if (x == NULL || x->root < 0)
		return 1;
	v = eval_node(x, x->root, c);
	if (term != NULL || why != NULL)
		explain(x, x->root, v, c, term, why);
	return v;
}
