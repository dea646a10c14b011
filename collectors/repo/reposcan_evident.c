/* reposcan_evident.c: what the scanner can tell about a local name from
 * its definition in the same function (or at package level in the same
 * file), for the function summaries:
 *   - the concrete types a variable evidently holds (x := &T{}, var x I =
 *     T{}, x := NewT(), a range over a slice literal of T{} and U{}), so a
 *     method call through an interface reaches the right methods;
 *   - the function stored in a struct field (h := Handlers{List: f} then
 *     h.List is f), for the handler's symbol;
 *   - router method values stored in struct fields (s.handle =
 *     s.mux.HandleFunc, &server{handle: mux.HandleFunc}): the field
 *     becomes a helper whose parameters are the path and the handler.
 * Definitions are looked up by a bounded scan of tokens, only for the
 * calls and handlers that need them; see reposcan_sum.h. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EV_MAX_TYPES 16
#define EV_SCAN_CAP 20000 /* tokens looked at per lookup */

static int opener(const struct fscan *f, int k)
{
	return (rs_is_op(f, k, GOOP_LPAREN) || rs_is_op(f, k, GOOP_LBRACK) ||
		rs_is_op(f, k, GOOP_LBRACE)) &&
	       f->m[k] > k;
}

/* Do tokens [a, b] equal tokens [c, c + (b - a)]? */
static int same_toks(const struct fscan *f, int a, int b, int c)
{
	for (int k = 0; k <= b - a; k++) {
		const struct gotok *x = &f->t[a + k], *y;

		if (c + k >= f->nt)
			return 0;
		y = &f->t[c + k];
		if (x->kind != y->kind || x->len != y->len ||
		    memcmp(f->src + x->off, f->src + y->off, x->len) != 0)
			return 0;
	}
	return 1;
}

/* The end of the expression starting at r (before ; , ) } at depth 0). */
static int expr_end(const struct fscan *f, int r)
{
	int k = r;

	while (k < f->nt && f->t[k].kind != GOTOK_SEMI && !rs_is_op(f, k, GOOP_COMMA) &&
	       !rs_is_op(f, k, GOOP_RPAREN) && !rs_is_op(f, k, GOOP_RBRACE) && k - r < 4096) {
		if (opener(f, k))
			k = f->m[k];
		k++;
	}
	return k - 1;
}

/* Is there a definition of the name [na, nb] at token k? Sets the
 * right-hand side as def_of describes. */
static int def_at(const struct fscan *f, int na, int nb, int k, int *ra, int *rb, int *how)
{
	int e = k + (nb - na) + 1;

	if (f->t[k].kind != f->t[na].kind || k == na || !same_toks(f, na, nb, k) ||
	    rs_is_op(f, k - 1, GOOP_PERIOD))
		return 0;
	if (rs_is_op(f, e, GOOP_DEFINE) || rs_is_op(f, e, GOOP_ASSIGN)) {
		if (rs_is_kw(f, e + 1, GOKW_RANGE)) {
			/* _, v := range x: the value of a range only */
			int x = e + 2, y = x;

			while (rs_is_op(f, y + 1, GOOP_PERIOD) && rs_is_ident(f, y + 2))
				y += 2;
			if (!rs_is_ident(f, x) || !rs_is_op(f, k - 1, GOOP_COMMA))
				return 0;
			*ra = x;
			*rb = y;
			*how = 1;
			return 1;
		}
		if (rs_is_op(f, e + 1, GOOP_COMMA) || rs_is_op(f, k - 1, GOOP_COMMA))
			return 0;
		*ra = e + 1;
		*rb = expr_end(f, e + 1);
		*how = 0;
		return *rb >= *ra;
	}
	if (rs_is_kw(f, k - 1, GOKW_VAR) && na == nb) {
		int t = e, te = t;

		while (te < f->nt && f->t[te].kind != GOTOK_SEMI && !rs_is_op(f, te, GOOP_ASSIGN) &&
		       te - t < 32)
			te++;
		if (rs_is_op(f, te, GOOP_ASSIGN)) {
			*ra = te + 1;
			*rb = expr_end(f, te + 1);
			*how = 0;
		} else {
			*ra = t;
			*rb = te - 1;
			*how = 2;
		}
		return *rb >= *ra;
	}
	return 0;
}

/* A package-level definition in this file: only top-level tokens (and
 * those of var ( ... ) groups) are looked at. */
static int def_pkg(const struct fscan *f, int na, int nb, int *ra, int *rb, int *how)
{
	int found = 0, depth_var = -1;

	for (int k = 0; k < f->nt; k++) {
		if (k == depth_var) {
			depth_var = -1;
			continue;
		}
		if (rs_is_kw(f, k, GOKW_VAR) && rs_is_op(f, k + 1, GOOP_LPAREN) &&
		    f->m[k + 1] > k) {
			depth_var = f->m[k + 1];
			k++;
			continue;
		}
		if (opener(f, k)) {
			k = f->m[k];
			continue;
		}
		if (depth_var < 0 && !rs_is_kw(f, k - 1, GOKW_VAR))
			continue;
		if (def_at(f, na, nb, k, ra, rb, how))
			found = 1;
	}
	return found;
}

/* The last definition of the name [na, nb] before token at: its
 * right-hand side [*ra, *rb]. *how: 0 assignment, 1 range value (the
 * ranged expression), 2 a var declaration without value (the type).
 * Looks in the current function, then at package level in the file; the
 * last single-name lookup is remembered, so calls on one variable scan
 * their function once. */
static int def_of(struct fscan *f, int na, int nb, int at, int *ra, int *rb, int *how)
{
	int from = 0, found = 0, top = f->top, a, b, h;

	if (top >= 0 && f->funcs[top].body_lb >= 0)
		from = f->funcs[top].body_lb;
	if (at - from > EV_SCAN_CAP)
		from = at - EV_SCAN_CAP;
	if (na == nb && f->ev.top == top && f->ev.name >= 0 && f->ev.scanned <= at &&
	    f->ev.scanned >= from && same_toks(f, na, na, f->ev.name)) {
		found = f->ev.found;
		*ra = f->ev.ra;
		*rb = f->ev.rb;
		*how = f->ev.how;
		from = f->ev.scanned;
	}
	for (int k = from; k < at; k++)
		if (def_at(f, na, nb, k, &a, &b, &h)) {
			found = 1;
			*ra = a;
			*rb = b;
			*how = h;
		}
	if (na == nb) {
		f->ev.top = top;
		f->ev.name = na;
		f->ev.scanned = at;
		f->ev.found = found;
		f->ev.ra = *ra;
		f->ev.rb = *rb;
		f->ev.how = *how;
	}
	if (!found && top >= 0)
		found = def_pkg(f, na, nb, ra, rb, how);
	return found && *rb >= *ra;
}

static const char *import_of(const struct fscan *f, int tok)
{
	for (int k = 0; k < f->nimps; k++)
		if (f->imps[k].nlen == f->t[tok].len &&
		    memcmp(f->imps[k].name, f->src + f->t[tok].off, f->t[tok].len) == 0)
			return reposcan_strndup(f->s, f->imps[k].path, f->imps[k].plen);
	return NULL;
}

/* "pkg.T" for a type name at [a, b] (T or imp.T), NULL otherwise. */
static const char *type_name(struct fscan *f, int a, int b, int strip_new)
{
	const char *pkg = f->s->files[f->file].symbol_pkg, *p;
	size_t n;

	if (b == a + 2 && rs_is_ident(f, a) && rs_is_op(f, a + 1, GOOP_PERIOD)) {
		if ((pkg = import_of(f, a)) == NULL)
			return NULL;
		a = b;
	}
	if (a != b || !rs_is_ident(f, a))
		return NULL;
	p = f->src + f->t[a].off;
	n = f->t[a].len;
	if (strip_new) {
		if (n <= 3 || (memcmp(p, "New", 3) != 0 && memcmp(p, "new", 3) != 0))
			return NULL;
		p += 3;
		n -= 3;
	}
	return reposcan_printf(f->s, "%s.%.*s", pkg, (int)n, p);
}

/* The types of the value expression [a, b] appended to out. */
static void value_types(struct fscan *f, int a, int b, const char **out, int *n, int depth)
{
	const char *t;
	int k;

	if (depth > 2 || a > b || *n >= EV_MAX_TYPES)
		return;
	if (rs_is_op(f, a, GOOP_AND) || rs_is_op(f, a, GOOP_MUL))
		a++;
	if (rs_is_op(f, a, GOOP_LBRACK) && f->m[a] > a) {
		/* []I{T{}, &U{}}: each element */
		int lb = f->m[a] + 1;

		while (lb <= b && !rs_is_op(f, lb, GOOP_LBRACE))
			lb++;
		if (lb > b || f->m[lb] != b)
			return;
		for (k = lb + 1; k < b;) {
			int e = k;

			while (e < b && !rs_is_op(f, e, GOOP_COMMA)) {
				if (opener(f, e))
					e = f->m[e];
				e++;
			}
			if (e > k)
				value_types(f, k, e - 1, out, n, depth + 1);
			k = e + 1;
		}
		return;
	}
	for (k = a; k <= b && (rs_is_ident(f, k) || rs_is_op(f, k, GOOP_PERIOD)); k++)
		;
	if (k > b || k == a)
		return;
	if (rs_is_op(f, k, GOOP_LBRACE))
		t = type_name(f, a, k - 1, 0);
	else if (rs_is_op(f, k, GOOP_LPAREN))
		t = type_name(f, a, k - 1, 1);
	else
		return;
	if (t != NULL)
		out[(*n)++] = t;
}

const char *rs_evident_types(struct fscan *f, int tok, int at)
{
	const char *types[EV_MAX_TYPES];
	int n = 0, ra, rb, how;
	struct buf b;
	const char *r;

	if (!rs_is_ident(f, tok) || !def_of(f, tok, tok, at, &ra, &rb, &how))
		return NULL;
	if (how == 2) {
		const char *t;

		if (rs_is_op(f, ra, GOOP_MUL))
			ra++;
		if ((t = type_name(f, ra, rb, 0)) != NULL)
			types[n++] = t;
	} else if (how == 1) {
		int xa, xb, xh;

		if (def_of(f, ra, rb, ra, &xa, &xb, &xh) && xh == 0)
			value_types(f, xa, xb, types, &n, 0);
	} else {
		value_types(f, ra, rb, types, &n, 0);
	}
	if (n == 0)
		return NULL;
	buf_init(&b);
	buf_addc(&b, '|');
	for (int k = 0; k < n; k++) {
		buf_adds(&b, types[k]);
		buf_addc(&b, '|');
	}
	r = reposcan_strndup(f->s, b.data, b.len);
	buf_free(&b);
	return r;
}

const char *rs_expr_types(struct fscan *f, int a, int b)
{
	const char *types[EV_MAX_TYPES];
	int n = 0;

	while (rs_is_op(f, a, GOOP_LPAREN) && f->m[a] == b && b - a >= 2) {
		a++;
		b--;
	}
	value_types(f, a, b, types, &n, 0);
	return n == 1 ? reposcan_printf(f->s, "|%s|", types[0]) : NULL;
}

int rs_type_in(const char *types, const char *pkg, const char *name)
{
	size_t pl = strlen(pkg), nl = strlen(name);

	for (const char *p = types; p != NULL && (p = strchr(p, '|')) != NULL; p++)
		if (strncmp(p + 1, pkg, pl) == 0 && p[1 + pl] == '.' &&
		    strncasecmp(p + 2 + pl, name, nl) == 0 && p[2 + pl + nl] == '|')
			return 1;
	return 0;
}

/* The value given to field fld (token) in a composite literal [a, b]. */
static int field_value(const struct fscan *f, int a, int b, int fld, int *va, int *vb)
{
	int lb = a;

	if (rs_is_op(f, lb, GOOP_AND))
		lb++;
	while (lb < b && (rs_is_ident(f, lb) || rs_is_op(f, lb, GOOP_PERIOD)))
		lb++;
	if (lb == a || !rs_is_op(f, lb, GOOP_LBRACE) || f->m[lb] != b)
		return 0;
	for (int k = lb + 1; k < b; k++) {
		if (opener(f, k)) {
			k = f->m[k];
			continue;
		}
		if (rs_is_ident(f, k) && rs_is_op(f, k + 1, GOOP_COLON) &&
		    (rs_is_op(f, k - 1, GOOP_COMMA) || k == lb + 1) && same_toks(f, fld, fld, k)) {
			*va = k + 2;
			*vb = expr_end(f, k + 2);
			return *vb >= *va;
		}
	}
	return 0;
}

const char *rs_field_symbol(struct fscan *f, int a, int b)
{
	static int depth;
	int ra, rb, how, va, vb;
	const char *r = NULL;

	if (b != a + 2 || !rs_is_ident(f, a) || depth > 2)
		return NULL;
	depth++;
	if (def_of(f, a, b, a, &ra, &rb, &how) && how == 0)
		r = rs_func_symbol(f, ra, rb); /* h.List = listItems */
	else if (def_of(f, a, a, a, &ra, &rb, &how) && how == 0 &&
		 field_value(f, ra, rb, b, &va, &vb))
		r = rs_func_symbol(f, va, vb); /* h := Handlers{List: listItems} */
	depth--;
	return r;
}

/* ---- router method values in struct fields ---- */

static const char *const fv_upper[] = {"GET", "POST", "PUT", "DELETE", "PATCH"};
static const char *const fv_title[] = {"Get", "Post", "Put", "Delete", "Patch"};

/* A template for field `field` of type recv (pkg.T without the pkg, ""
 * unknown) that registers (P0, P1) on the router [ra, rb] by method mt. */
static void field_template(struct fscan *f, int at, const char *recv, int field, int ra, int rb,
			   int mt)
{
	struct sum_state *ss = rs_sum(f->s);
	struct sum_tmpl *t;
	struct rinfo ri;
	const char *method = "";
	char name[KEYLEN];

	if (!rs_resolve_router(f, ra, rb, &ri, 0)) {
		memset(&ri, 0, sizeof ri);
		ri.fam = f->role[IMP_GORILLA] != NULL && f->role[IMP_CHI] == NULL   ? RS_GORILLA
			 : f->role[IMP_CHI] != NULL && f->role[IMP_GORILLA] == NULL ? RS_CHI
										    : RS_NETHTTP;
		ri.guessed = 1;
		ri.prefix = "";
	}
	for (size_t k = 0; k < ARRAY_LEN(fv_upper); k++)
		if (rs_tok_is(f, mt, fv_upper[k]) || rs_tok_is(f, mt, fv_title[k]))
			method = fv_upper[k];
	if (ss->nt >= SUM_MAX_TEMPLATES)
		return;
	rs_key(f, field, field, name, sizeof name);
	t = PUSH(ss, t, nt, tcap);
	t->fn.pkg = f->s->files[f->file].symbol_pkg;
	t->fn.name = reposcan_strdup(f->s, name);
	t->fn.recv = recv;
	t->fn.file = t->fn.top = -1;
	t->kind = SUM_ROUTE;
	t->at = rs_site(f, at);
	t->chain = reposcan_printf(f->s, "%s:%d %s.%s", f->s->files[f->file].path,
				   (int)f->t[at].line, rs_text(f, ra, rb), rs_text(f, mt, mt));
	t->origin = (int)ss->nt - 1;
	t->fam = ri.fam;
	t->fam_guessed = ri.guessed || !ri.known;
	t->fam_param = -1;
	t->call = rs_text(f, mt, mt);
	t->router = rs_text(f, ra, rb);
	t->method = method;
	t->path = "\001P0\002";
	t->full = ri.prefix != NULL && !rs_sv_has(ri.prefix, 0) ? ri.prefix : NULL;
	t->handler = t->hsym = "\001P1\002";
	t->expr = "(path argument)";
	t->used = 1; /* nothing to say when no call uses the field */
}

static int route_method(const struct fscan *f, int k)
{
	if (rs_tok_is(f, k, "HandleFunc") || rs_tok_is(f, k, "Handle"))
		return 1;
	for (size_t j = 0; j < ARRAY_LEN(fv_upper); j++)
		if (rs_tok_is(f, k, fv_upper[j]) || rs_tok_is(f, k, fv_title[j]))
			return f->has_router_import;
	return 0;
}

/* The receiver type (name only) of the variable at token v, "" unknown. */
static const char *var_type(struct fscan *f, int v, int at)
{
	const struct funcdecl *fd = f->top >= 0 ? &f->funcs[f->top] : NULL;
	const char *ts, *pkg = f->s->files[f->file].symbol_pkg;
	size_t pl = strlen(pkg);

	if (fd != NULL && fd->recv_name != NULL && fd->recv_base != NULL &&
	    rs_tok_is(f, v, fd->recv_name))
		return fd->recv_base;
	ts = rs_evident_types(f, v, at);
	if (ts != NULL && strncmp(ts + 1, pkg, pl) == 0 && ts[1 + pl] == '.' &&
	    strchr(ts + 1, '|') == ts + strlen(ts) - 1)
		return reposcan_strndup(f->s, ts + 2 + pl, strlen(ts + 2 + pl) - 1);
	return "";
}

int rs_sum_field_funcv(struct fscan *f, int i, int lhs_a, int lhs_b, int rhs, int end)
{
	if (end < rhs + 2 || !rs_is_ident(f, end) || !rs_is_op(f, end - 1, GOOP_PERIOD) ||
	    !route_method(f, end))
		return 0;
	if (lhs_b == lhs_a + 2 && rs_is_ident(f, lhs_a) && rs_is_op(f, lhs_a + 1, GOOP_PERIOD)) {
		/* s.handle = s.mux.HandleFunc */
		field_template(f, i, var_type(f, lhs_a, i), lhs_b, rhs, end - 2, end);
		return 1;
	}
	return 0;
}

void rs_sum_literal_funcv(struct fscan *f, int a, int b)
{
	const char *recv;
	int lb = a, tn;

	if (rs_is_op(f, lb, GOOP_AND))
		lb++;
	tn = lb;
	while (lb < b && (rs_is_ident(f, lb) || rs_is_op(f, lb, GOOP_PERIOD)))
		lb++;
	/* only keyed literals in an expression: T{name: ...} */
	if (lb != tn + 1 || !rs_is_op(f, lb, GOOP_LBRACE) || f->m[lb] != b ||
	    !rs_is_ident(f, lb + 1) || !rs_is_op(f, lb + 2, GOOP_COLON))
		return;
	recv = NULL;
	for (int k = lb + 1; k < b; k++) {
		int ve;

		if (opener(f, k)) {
			k = f->m[k];
			continue;
		}
		if (!rs_is_ident(f, k) || !rs_is_op(f, k + 1, GOOP_COLON) ||
		    !(rs_is_op(f, k - 1, GOOP_COMMA) || k == lb + 1))
			continue;
		ve = expr_end(f, k + 2);
		if (ve >= k + 4 && rs_is_ident(f, ve) && rs_is_op(f, ve - 1, GOOP_PERIOD) &&
		    route_method(f, ve)) {
			char nm[KEYLEN];

			if (recv == NULL) {
				rs_key(f, tn, tn, nm, sizeof nm);
				recv = reposcan_strdup(f->s, nm);
			}
			field_template(f, k, recv, k, k + 2, ve - 2, ve);
		}
	}
}

int rs_returns_var(const struct fscan *f, const char *key)
{
	const struct funcdecl *fd = f->top >= 0 ? &f->funcs[f->top] : NULL;
	size_t kl = strlen(key);

	if (fd == NULL || fd->body_lb < 0 || f->nfr != 1 || strchr(key, '.') != NULL)
		return 0;
	for (int k = fd->body_lb + 1; k < f->m[fd->body_lb] && k - fd->body_lb < EV_SCAN_CAP; k++)
		if (rs_is_kw(f, k, GOKW_RETURN) && rs_is_ident(f, k + 1) && f->t[k + 1].len == kl &&
		    memcmp(f->src + f->t[k + 1].off, key, kl) == 0 &&
		    (f->t[k + 2].kind == GOTOK_SEMI || rs_is_op(f, k + 2, GOOP_COMMA) ||
		     rs_is_op(f, k + 2, GOOP_RBRACE)))
			return 1;
	return 0;
}

static int is_local(struct fscan *f, int tok);

/* Assignments and selectors ask about the same few names over and over
 * in one function: the last answers are kept (same function, same
 * innermost frame, same name). */
int rs_is_local(struct fscan *f, int tok)
{
	int lb = f->nfr > 0 ? f->fr[f->nfr - 1].lb : -1, r, k;

	if (f->top < 0 || !rs_is_ident(f, tok))
		return 0;
	for (k = 0; k < f->nlc && k < (int)ARRAY_LEN(f->lc); k++)
		if (f->lc[k].top == f->top && f->lc[k].lb == lb &&
		    same_toks(f, tok, tok, f->lc[k].tok))
			return f->lc[k].local;
	r = is_local(f, tok);
	k = f->nlc++ % (int)ARRAY_LEN(f->lc);
	f->lc[k].top = f->top;
	f->lc[k].lb = lb;
	f->lc[k].tok = tok;
	f->lc[k].local = r;
	return r;
}

static int is_local(struct fscan *f, int tok)
{
	const struct funcdecl *fd = f->top >= 0 ? &f->funcs[f->top] : NULL;
	int lb, end;

	if (fd == NULL || fd->body_lb < 0 || !rs_is_ident(f, tok))
		return 0;
	if (rs_param(f, tok, NULL, NULL) != -1)
		return 1;
	lb = fd->body_lb;
	end = f->m[lb] > lb ? f->m[lb] : f->nt;
	if (end - lb > EV_SCAN_CAP)
		end = lb + EV_SCAN_CAP;
	for (int k = lb + 1; k < end; k++) {
		int e = k + 1;

		if (f->t[k].kind != GOTOK_IDENT || !same_toks(f, tok, tok, k) ||
		    rs_is_op(f, k - 1, GOOP_PERIOD))
			continue;
		if (rs_is_kw(f, k - 1, GOKW_VAR))
			return 1;
		/* x := ..., a, x := ... */
		while (rs_is_op(f, e, GOOP_COMMA) && rs_is_ident(f, e + 1))
			e += 2;
		if (rs_is_op(f, e, GOOP_DEFINE))
			return 1;
	}
	return 0;
}

/* ---- receiver fields (F markers) ---- */

/* The keyed elements "k: v" of the composite literal {lb ... rb}: names
 * and values as summary arguments; returns how many. */
int rs_lit_fields(struct fscan *f, int lb, int rb, const char **name, struct sum_arg *val)
{
	int n = 0;

	for (int k = lb + 1; k < rb && n < SUM_MAX_FIELDS;) {
		int e = k;
		char key[KEYLEN];

		while (e < rb && !rs_is_op(f, e, GOOP_COMMA)) {
			if (opener(f, e))
				e = f->m[e];
			e++;
		}
		while (k < e && f->t[k].kind == GOTOK_SEMI)
			k++;
		if (e - 1 >= k + 2 && rs_is_ident(f, k) && rs_is_op(f, k + 1, GOOP_COLON) &&
		    rs_key(f, k, k, key, sizeof key) >= 0) {
			int ve = e - 1;

			while (ve > k + 2 && f->t[ve].kind == GOTOK_SEMI)
				ve--;
			name[n] = reposcan_strdup(f->s, key);
			rs_sum_arg(f, k + 2, ve, &val[n]);
			n++;
		}
		k = e + 1;
	}
	return n;
}

/* [a, b] is "&T{...}", "T{...}" or "pkg.T{...}": the '{' token, else -1. */
int rs_lit_brace(const struct fscan *f, int a, int b)
{
	if (rs_is_op(f, a, GOOP_AND))
		a++;
	if (rs_is_ident(f, a) && rs_is_op(f, a + 1, GOOP_PERIOD) && rs_is_ident(f, a + 2))
		a += 2;
	if (!rs_is_ident(f, a) || !rs_is_op(f, a + 1, GOOP_LBRACE) || f->m[a + 1] != b)
		return -1;
	return a + 1;
}

/* A call's shape "f(...)" or "pkg.F(...)" over [ra, rb]: its '(' or -1. */
static int call_paren(const struct fscan *f, int ra, int rb)
{
	int lp;

	if (!rs_is_op(f, rb, GOOP_RPAREN) || (lp = f->m[rb]) <= ra || !rs_is_ident(f, lp - 1))
		return -1;
	if (lp - 1 == ra || (lp - 1 == ra + 2 && rs_is_op(f, ra + 1, GOOP_PERIOD)))
		return lp;
	return -1;
}

int rs_local_field(struct fscan *f, int a, int b, int *va, int *vb)
{
	int lb = -1;

	if (b != a + 2 || !rs_is_ident(f, a) || !rs_is_op(f, a + 1, GOOP_PERIOD) ||
	    !rs_is_ident(f, b) || f->top < 0)
		return 0;
	for (int k = f->nrdef - 1; k >= 0 && lb < 0; k--)
		if (f->rdef[k].top == f->top && f->rdef[k].name < a &&
		    same_toks(f, a, a, f->rdef[k].name))
			lb = rs_lit_brace(f, f->rdef[k].ra, f->rdef[k].rb);
	if (lb < 0)
		return 0;
	for (int k = lb + 1; k < f->m[lb]; k++) {
		if (opener(f, k)) {
			k = f->m[k];
			continue;
		}
		if (same_toks(f, b, b, k) && rs_is_op(f, k + 1, GOOP_COLON) &&
		    (rs_is_op(f, k - 1, GOOP_LBRACE) || rs_is_op(f, k - 1, GOOP_COMMA) ||
		     f->t[k - 1].kind == GOTOK_SEMI)) {
			*va = k + 2;
			*vb = expr_end(f, k + 2);
			return *vb >= *va;
		}
	}
	return 0;
}

void rs_recv_note(struct fscan *f, int lhs_a, int lhs_b, int ra, int rb)
{
	int k;

	if (lhs_a != lhs_b || !rs_is_ident(f, lhs_a) || f->top < 0 ||
	    (rs_lit_brace(f, ra, rb) < 0 && call_paren(f, ra, rb) < 0))
		return;
	if (f->nrdef > 0 && f->rdef[0].top != f->top)
		f->nrdef = 0; /* another function: its names are not these */
	if (f->nrdef >= (int)ARRAY_LEN(f->rdef))
		return;
	k = f->nrdef++;
	f->rdef[k].top = f->top;
	f->rdef[k].name = lhs_a;
	f->rdef[k].ra = ra;
	f->rdef[k].rb = rb;
}

const struct sum_rf *rs_recv_fields(struct fscan *f, int a, int b, int at)
{
	struct sum_rf *rf;
	int ra = -1, rb = -1, lb;

	if (a != b || !rs_is_ident(f, a) || f->top < 0)
		return NULL;
	for (int k = f->nrdef - 1; k >= 0 && ra < 0; k--)
		if (f->rdef[k].top == f->top && f->rdef[k].name < at &&
		    same_toks(f, a, a, f->rdef[k].name)) {
			ra = f->rdef[k].ra;
			rb = f->rdef[k].rb;
		}
	if (ra < 0)
		return NULL;
	if ((lb = rs_lit_brace(f, ra, rb)) >= 0) {
		const char *name[SUM_MAX_FIELDS];
		struct sum_arg val[SUM_MAX_FIELDS];
		int n = rs_lit_fields(f, lb, rb, name, val);

		if (n == 0)
			return NULL; /* no field set: nothing to tell */
		rf = reposcan_alloc(f->s, sizeof *rf);
		memset(rf, 0, sizeof *rf);
		rf->n = n;
		memcpy(rf->name, name, sizeof name);
		memcpy(rf->val, val, sizeof val);
		return rf;
	}
	/* newServer(args) or pkg.NewServer(args): a constructor of the module */
	if (rs_is_op(f, rb, GOOP_RPAREN) && f->m[rb] > ra && rs_is_ident(f, f->m[rb] - 1)) {
		int lp = f->m[rb], nm = lp - 1, as[SUM_MAX_FIELDS], ae[SUM_MAX_FIELDS], na;
		const char *pkg = f->s->files[f->file].symbol_pkg;
		char key[KEYLEN];

		if (nm == ra + 2 && rs_is_op(f, ra + 1, GOOP_PERIOD)) {
			if ((pkg = import_of(f, ra)) == NULL)
				return NULL;
		} else if (nm != ra) {
			return NULL;
		}
		/* constructors by Go's naming convention: newT, NewT */
		if (f->t[nm].len < 4 ||
		    (memcmp(f->src + f->t[nm].off, "new", 3) != 0 &&
		     memcmp(f->src + f->t[nm].off, "New", 3) != 0) ||
		    rs_key(f, nm, nm, key, sizeof key) < 0)
			return NULL;
		na = rs_args(f, lp, as, ae, SUM_MAX_FIELDS);
		rf = reposcan_alloc(f->s, sizeof *rf);
		memset(rf, 0, sizeof *rf);
		rf->ctor = reposcan_strdup(f->s, key);
		rf->ctor_pkg = pkg;
		for (int k = 0; k < na && k < SUM_MAX_FIELDS; k++)
			rs_sum_arg(f, as[k], ae[k], &rf->val[k]);
		rf->n = na < SUM_MAX_FIELDS ? na : SUM_MAX_FIELDS;
		return rf;
	}
	return NULL;
}

void rs_sum_ctor(struct fscan *f, int i)
{
	struct sum_state *ss;
	struct sum_ctor *c;
	struct sum_fn fn;
	const char *name[SUM_MAX_FIELDS];
	struct sum_arg val[SUM_MAX_FIELDS];
	int k = i, n;

	if (f->top < 0 || f->nfr == 0 || f->m[i + 1] <= i + 1 ||
	    ((struct reposcan_state *)f->s->priv)->nosum)
		return;
	if (rs_is_op(f, k - 1, GOOP_PERIOD) && rs_is_ident(f, k - 2))
		k -= 2;
	if (rs_is_op(f, k - 1, GOOP_AND))
		k--;
	if (!rs_is_kw(f, k - 1, GOKW_RETURN)) {
		/* s := &T{...}; ...; return s */
		char key[KEYLEN];

		if (!(rs_is_op(f, k - 1, GOOP_DEFINE) || rs_is_op(f, k - 1, GOOP_ASSIGN)) ||
		    !rs_is_ident(f, k - 2) || rs_is_op(f, k - 3, GOOP_PERIOD) ||
		    rs_is_op(f, k - 3, GOOP_COMMA) ||
		    rs_key(f, k - 2, k - 2, key, sizeof key) < 0 || !rs_returns_var(f, key))
			return;
	}
	rs_sum_fn(f, &fn);
	if (fn.name == NULL || fn.name[0] == '\0' || fn.file >= 0 ||
	    (n = rs_lit_fields(f, i + 1, f->m[i + 1], name, val)) == 0)
		return;
	ss = rs_sum(f->s);
	c = PUSH(ss, ct, nct, ctcap);
	c->pkg = fn.pkg;
	c->name = fn.name;
	c->n = n;
	for (int j = 0; j < n; j++) {
		c->field[j] = name[j];
		c->enc[j] = val[j].enc;
		c->rpre[j] = val[j].rprefix;
	}
}
