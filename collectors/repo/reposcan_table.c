/* reposcan_table.c: the per-file facts the function summaries complete
 * templates with: package-level string constants, strings built from
 * parameters or constants, fields of configuration struct literals,
 * router method values (reg := mux.HandleFunc), route tables (slice,
 * array and map literals, appends to them) and range loops over them,
 * and the field order of struct types; see reposcan_sum.h. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

static int opener(const struct fscan *f, int k)
{
	return (rs_is_op(f, k, GOOP_LPAREN) || rs_is_op(f, k, GOOP_LBRACK) ||
		rs_is_op(f, k, GOOP_LBRACE)) &&
	       f->m[k] > k;
}

/* Splits [a, b] at top-level commas (and semicolons); returns the count. */
static int items(const struct fscan *f, int a, int b, int *ia, int *ib, int max)
{
	int n = 0, start = a;

	for (int k = a; k <= b + 1 && n < max; k++) {
		if (k == b + 1 || rs_is_op(f, k, GOOP_COMMA) || f->t[k].kind == GOTOK_SEMI) {
			if (k > start) {
				ia[n] = start;
				ib[n] = k - 1;
				n++;
			}
			start = k + 1;
			continue;
		}
		if (opener(f, k))
			k = f->m[k];
	}
	return n;
}

/* The table id of an lhs/range expression: "pkg#name", with a method's
 * receiver dropped ("s.routes" -> "pkg#.routes"). */
static const char *table_id(struct fscan *f, int a, int b)
{
	char key[KEYLEN];
	const struct funcdecl *fd = f->top >= 0 ? &f->funcs[f->top] : NULL;
	const char *k = key;

	if (rs_key(f, a, b, key, sizeof key) < 0)
		return NULL;
	if (fd != NULL && fd->recv_name != NULL && b > a && rs_tok_is(f, a, fd->recv_name))
		k = key + strlen(fd->recv_name);
	/* A function's own variable: only that function's ranges see it (two
	 * tests := []struct{...} in one package are different tables). */
	if (a == b && rs_is_local(f, a))
		return reposcan_printf(f->s, "%s#%s@%zu.%d", f->s->files[f->file].symbol_pkg, k,
				       f->file, f->top);
	return reposcan_printf(f->s, "%s#%s", f->s->files[f->file].symbol_pkg, k);
}

/* Field names of a struct type body {...} in order; fam (may be NULL):
 * each named field's router family by its declared type. */
static int struct_fields(struct fscan *f, int lb, const char **out, enum reposcan_family *fam,
			 int max)
{
	int ia[64], ib[64], n = 0, nit;

	if (!rs_is_op(f, lb, GOOP_LBRACE) || f->m[lb] <= lb)
		return 0;
	/* Fields are separated by semicolons; names within one by commas. */
	nit = items(f, lb + 1, f->m[lb] - 1, ia, ib, 64);
	for (int k = 0; k < nit && n < max; k++) {
		int a = ia[k], e = ib[k];

		if (a == e || (rs_is_ident(f, a) && rs_is_op(f, a + 1, GOOP_PERIOD)) ||
		    rs_is_op(f, a, GOOP_MUL)) {
			/* embedded field (or the last of "a, b T" lists): its type name */
			int last = e;

			while (last > a && !rs_is_ident(f, last))
				last--;
			if (a == e || rs_is_op(f, a, GOOP_MUL) || rs_is_op(f, a + 1, GOOP_PERIOD)) {
				char nm[KEYLEN];

				rs_key(f, last, last, nm, sizeof nm);
				out[n++] = reposcan_strdup(f->s, nm);
			}
			continue;
		}
		if (rs_is_ident(f, a)) {
			char nm[KEYLEN];
			int root;

			rs_key(f, a, a, nm, sizeof nm);
			if (fam != NULL)
				fam[n] =
				    e > a ? rs_type_family(f, a + 1, e, &root) : RS_FAMILY_UNKNOWN;
			out[n++] = reposcan_strdup(f->s, nm);
		}
	}
	return n;
}

void rs_sum_type(struct fscan *f, int i)
{
	struct sum_state *ss;
	int k = i + 1, end = k;

	if (rs_is_op(f, k, GOOP_LPAREN) && f->m[k] > k) {
		end = f->m[k];
		k++;
	}
	for (; k <= end && k < f->nt; k++) {
		if (rs_is_ident(f, k) && rs_is_kw(f, k + 1, GOKW_STRUCT) &&
		    rs_is_op(f, k + 2, GOOP_LBRACE) && f->m[k + 2] > k + 2) {
			struct sum_struct *st;
			char nm[KEYLEN];

			ss = rs_sum(f->s);
			st = PUSH(ss, st, nst, stcap);
			rs_key(f, k, k, nm, sizeof nm);
			st->pkg = f->s->files[f->file].symbol_pkg;
			st->name = reposcan_strdup(f->s, nm);
			st->n = struct_fields(f, k + 2, st->field, st->ffam, SUM_MAX_FIELDS);
			k = f->m[k + 2];
		} else if (opener(f, k)) {
			k = f->m[k];
		}
		if (end == i + 1)
			break;
	}
}

/* ---- constants and strings ---- */

static int stringish(const struct fscan *f, int a, int b)
{
	for (int k = a; k <= b; k++)
		if (rs_is_str(f, k))
			return 1;
	return (a == b && rs_is_ident(f, a)) ||
	       (b == a + 2 && rs_is_ident(f, a) && rs_is_op(f, a + 1, GOOP_PERIOD));
}

void rs_sum_const(struct fscan *f, int i, int lhs_a, int lhs_b, int rhs, int end)
{
	struct sum_state *ss;
	struct sum_const *c;
	const char *v;
	char name[KEYLEN];
	int nt = lhs_a;

	if (f->top == -1 && lhs_a == lhs_b && rs_lit_brace(f, rhs, end) >= 0) {
		rs_pkgstruct_consts(f, lhs_a, rhs, end); /* var cfg = Config{...} */
		return;
	}
	if (f->top != -1 || f->nfr != 1 || !stringish(f, rhs, end))
		return;
	/* const ( name Type = ... ): lhs_b is the type */
	if (rs_is_ident(f, i - 1) && rs_is_ident(f, i - 2) &&
	    (f->t[i - 3].kind == GOTOK_SEMI || rs_is_op(f, i - 3, GOOP_LPAREN) ||
	     rs_is_kw(f, i - 3, GOKW_CONST) || rs_is_kw(f, i - 3, GOKW_VAR)))
		nt = i - 2;
	else if (lhs_a != lhs_b || !rs_is_ident(f, lhs_a))
		return;
	v = rs_enc_cheap(f, rhs, end);
	if (rs_sv_has(v, '?'))
		return;
	rs_key(f, nt, nt, name, sizeof name);
	ss = rs_sum(f->s);
	c = PUSH(ss, k, nk, kcap);
	c->pkg = f->s->files[f->file].symbol_pkg;
	c->name = reposcan_strdup(f->s, name);
	c->enc = v;
}

/* ---- route tables ---- */

/* One element literal {...} / T{...} / &T{...} at [a, b]. */
static void add_elem(struct fscan *f, const char *table, const char *type, const char **inl,
		     int ninl, int a, int b, int ka, int kb)
{
	struct sum_state *ss = rs_sum(f->s);
	struct sum_elem *e;
	int lb = a, ia[SUM_MAX_FIELDS], ib[SUM_MAX_FIELDS], n;

	if (rs_is_op(f, lb, GOOP_AND))
		lb++;
	while (lb < b && !rs_is_op(f, lb, GOOP_LBRACE)) {
		if (!rs_is_ident(f, lb) && !rs_is_op(f, lb, GOOP_PERIOD))
			break;
		lb++;
	}
	e = PUSH(ss, e, ne, ecap);
	e->table = table;
	e->pkg = f->s->files[f->file].symbol_pkg;
	e->at = rs_site(f, ka >= 0 ? ka : a);
	e->type = type;
	if (lb > a && rs_is_ident(f, lb - 1)) {
		char nm[KEYLEN];

		rs_key(f, lb - 1, lb - 1, nm, sizeof nm);
		e->type = reposcan_strdup(f->s, nm);
	}
	for (int k = 0; k < ninl && k < SUM_MAX_FIELDS; k++)
		e->inline_fields[k] = inl[k];
	e->ninline = ninl;
	if (ka >= 0)
		rs_sum_arg(f, ka, kb, &e->key);
	if (!rs_is_op(f, lb, GOOP_LBRACE) || f->m[lb] != b) {
		/* a map value that is not a struct literal: the handler */
		e->nf = 1;
		rs_sum_arg(f, a, b, &e->val[0]);
		return;
	}
	n = items(f, lb + 1, b - 1, ia, ib, SUM_MAX_FIELDS);
	for (int k = 0; k < n; k++) {
		int va = ia[k];

		if (rs_is_ident(f, va) && rs_is_op(f, va + 1, GOOP_COLON) && va + 2 <= ib[k]) {
			char nm[KEYLEN];

			rs_key(f, va, va, nm, sizeof nm);
			e->fname[k] = reposcan_strdup(f->s, nm);
			va += 2;
		}
		rs_sum_arg(f, va, ib[k], &e->val[k]);
	}
	e->nf = n;
}

/* Could [a, b] be a route table (element): a string literal that looks
 * like a path or pattern, or a type or field named like a route or a
 * handler. Keeps the thousands of other literals of a big tree out. */
static int routeish(const struct fscan *f, int a, int b)
{
	static const char *const words[] = {"oute", "andler", "ndpoint", "Path", "path", "Desc"};

	if (b > a + 48)
		b = a + 48; /* the type and the first elements tell */
	for (int k = a; k <= b; k++) {
		if (rs_is_str(f, k) && f->t[k].len >= 3) {
			const char *p = f->src + f->t[k].off + 1;
			size_t n = f->t[k].len - 2;

			if (p[0] == '/' || memchr(p, ' ', n < 8 ? n : 8) != NULL)
				return 1;
		} else if (rs_is_ident(f, k)) {
			for (size_t w = 0; w < ARRAY_LEN(words); w++)
				if (rs_has_sub(f->src + f->t[k].off, f->t[k].len, words[w],
					       strlen(words[w])) != NULL)
					return 1;
		}
	}
	return 0;
}

/* A slice/array/map literal at rhs..end assigned to a table. */
static int table_literal(struct fscan *f, const char *table, int rhs, int end)
{
	int k = rhs, lb = -1, is_map = 0, ninl = 0, ia[512], ib[512], n;
	const char *type = NULL, *inl[SUM_MAX_FIELDS];

	if (rs_is_kw(f, k, GOKW_MAP)) {
		is_map = 1;
		k++;
	}
	if (!rs_is_op(f, k, GOOP_LBRACK) || f->m[k] <= k)
		return 0;
	for (k = f->m[k] + 1; k <= end; k++) {
		/* An unclosed brace has m = -1: jumping there restarted the loop
		 * at token 0 for ever (fuzz); such a literal is no table. */
		if ((rs_is_kw(f, k, GOKW_STRUCT) || rs_is_kw(f, k, GOKW_INTERFACE)) &&
		    rs_is_op(f, k + 1, GOOP_LBRACE) && f->m[k + 1] <= k + 1)
			return 0;
		if (rs_is_kw(f, k, GOKW_STRUCT) && rs_is_op(f, k + 1, GOOP_LBRACE)) {
			ninl = struct_fields(f, k + 1, inl, NULL, SUM_MAX_FIELDS);
			k = f->m[k + 1];
			continue;
		}
		if (rs_is_kw(f, k, GOKW_INTERFACE) && rs_is_op(f, k + 1, GOOP_LBRACE)) {
			k = f->m[k + 1]; /* map[K]interface{}{...} */
			continue;
		}
		if (rs_is_op(f, k, GOOP_LBRACE)) {
			lb = k;
			break;
		}
		if (rs_is_ident(f, k)) {
			char nm[KEYLEN];

			rs_key(f, k, k, nm, sizeof nm);
			type = reposcan_strdup(f->s, nm);
		} else if (opener(f, k)) {
			k = f->m[k];
		}
	}
	if (lb < 0 || f->m[lb] != end || !routeish(f, rhs, end))
		return 0;
	n = items(f, lb + 1, end - 1, ia, ib, 512);
	for (int j = 0; j < n; j++) {
		int c = -1;

		if (is_map)
			for (int x = ia[j]; x <= ib[j] && c < 0; x++) {
				if (rs_is_op(f, x, GOOP_COLON))
					c = x;
				else if (opener(f, x))
					x = f->m[x];
			}
		if (is_map && c > ia[j] && c < ib[j])
			add_elem(f, table, is_map ? NULL : type, inl, ninl, c + 1, ib[j], ia[j],
				 c - 1);
		else if (!is_map)
			add_elem(f, table, type, inl, ninl, ia[j], ib[j], -1, -1);
	}
	return 1;
}

/* table = append(table, T{...}, ...) */
static int table_append(struct fscan *f, const char *table, int lhs_a, int lhs_b, int rhs, int end)
{
	int as[64], ae[64], n;
	char k1[KEYLEN], k2[KEYLEN];

	if (!rs_tok_is(f, rhs, "append") || !rs_is_op(f, rhs + 1, GOOP_LPAREN) ||
	    f->m[rhs + 1] != end)
		return 0;
	n = rs_args(f, rhs + 1, as, ae, 64);
	if (n < 2 || rs_key(f, lhs_a, lhs_b, k1, sizeof k1) < 0 ||
	    rs_key(f, as[0], ae[0], k2, sizeof k2) < 0 || strcmp(k1, k2) != 0)
		return 0;
	for (int j = 1; j < n; j++)
		if (rs_is_op(f, ae[j], GOOP_RBRACE) && routeish(f, as[j], ae[j]))
			add_elem(f, table, NULL, NULL, 0, as[j], ae[j], -1, -1);
	return 1;
}

/* ---- assignments ---- */

static int route_method_name(const struct fscan *f, int k)
{
	static const char *const m[] = {"HandleFunc", "Handle", "Get",	  "Post", "Put",
					"Delete",     "Patch",	"GET",	  "POST", "PUT",
					"DELETE",     "PATCH",	"Method", "Any",  "MethodFunc"};

	for (size_t j = 0; j < ARRAY_LEN(m); j++)
		if (rs_tok_is(f, k, m[j]))
			return 1;
	return 0;
}

void rs_sum_assign(struct fscan *f, int i, int lhs_a, int lhs_b, int rhs, int end)
{
	char key[KEYLEN];
	struct binding *b;
	const char *v;
	int k = rhs;

	(void)i;
	if (rs_key(f, lhs_a, lhs_b, key, sizeof key) < 0)
		return;
	/* reg := mux.HandleFunc (a method value, not a call) */
	if (end >= rhs + 2 && rs_is_ident(f, end) && rs_is_op(f, end - 1, GOOP_PERIOD) &&
	    route_method_name(f, end)) {
		struct rinfo ri;

		if (rs_sum_field_funcv(f, i, lhs_a, lhs_b, rhs, end))
			return;
		if ((end - 2 == rhs && rs_is_role(f, rhs, IMP_HTTP)) ||
		    rs_resolve_router(f, rhs, end - 2, &ri, 0)) {
			if ((b = rs_bind(f, key, B_FUNCV, i)) != NULL) {
				b->fa = rhs;
				b->fb = end - 2;
				b->fn = end;
			}
		}
		return;
	}
	/* cfg := Config{Addr: ":8080"}: each string field */
	if (rs_is_op(f, k, GOOP_AND))
		k++;
	while (k < end && (rs_is_ident(f, k) || rs_is_op(f, k, GOOP_PERIOD)))
		k++;
	if (k > rhs && rs_is_op(f, k, GOOP_LBRACE) && f->m[k] == end && lhs_a == lhs_b) {
		int ia[32], ib[32], n = items(f, k + 1, end - 1, ia, ib, 32);

		for (int j = 0; j < n; j++) {
			char fk[2 * KEYLEN];

			if (!rs_is_ident(f, ia[j]) || !rs_is_op(f, ia[j] + 1, GOOP_COLON) ||
			    ia[j] + 2 > ib[j] || !stringish(f, ia[j] + 2, ib[j]) ||
			    (ia[j] + 2 == ib[j] && rs_is_ident(f, ib[j])))
				continue;
			v = rs_enc_cheap(f, ia[j] + 2, ib[j]);
			if (rs_sv_has(v, '?'))
				continue;
			snprintf(fk, sizeof fk, "%s.%.*s", key, (int)f->t[ia[j]].len,
				 f->src + f->t[ia[j]].off);
			if (strlen(fk) < KEYLEN && (b = rs_bind(f, fk, B_STR, i)) != NULL) {
				b->value = rs_sv_has(v, 0) ? NULL : v;
				b->enc = v;
			}
		}
		return;
	}
	if (rs_is_op(f, rhs, GOOP_LBRACK) || rs_is_kw(f, rhs, GOKW_MAP)) {
		const char *t = table_id(f, lhs_a, lhs_b);

		if (t != NULL)
			table_literal(f, t, rhs, end);
		return;
	}
	if (rs_tok_is(f, rhs, "append")) {
		const char *t = table_id(f, lhs_a, lhs_b);

		if (t != NULL)
			table_append(f, t, lhs_a, lhs_b, rhs, end);
		return;
	}
	/* p := base + "/x", q := prefix (a parameter): strings from parts;
	 * a bare name of unknown kind is not bound (bindings are searched
	 * linearly: only what may be a path is worth one). */
	if (!stringish(f, rhs, end) ||
	    (rhs == end && rs_is_ident(f, rhs) && rs_param(f, rhs, NULL, NULL) < 0))
		return;
	v = rs_enc_cheap(f, rhs, end);
	if (rs_sv_has(v, '?'))
		return;
	if ((b = rs_bind(f, key, B_STR, i)) != NULL) {
		b->value = rs_sv_has(v, 0) ? NULL : v;
		b->enc = v;
	}
}

/* for _, rt := range routes {: rt stands for each element of the table. */
void rs_sum_range(struct fscan *f, int i)
{
	int a = i + 1, b = a, k1 = -1, k2 = -1, lb;
	const char *t;
	struct binding *bd;
	char key[KEYLEN];

	while (rs_is_op(f, b + 1, GOOP_PERIOD) && rs_is_ident(f, b + 2))
		b += 2;
	lb = b + 1;
	if (!rs_is_ident(f, a) || !rs_is_op(f, lb, GOOP_LBRACE) || f->m[lb] <= lb)
		return;
	if (!rs_is_op(f, i - 1, GOOP_DEFINE) && !rs_is_op(f, i - 1, GOOP_ASSIGN))
		return;
	if (rs_is_ident(f, i - 2)) {
		if (rs_is_op(f, i - 3, GOOP_COMMA) && rs_is_ident(f, i - 4)) {
			k1 = i - 4;
			k2 = i - 2;
		} else {
			k1 = i - 2;
		}
	}
	if ((t = table_id(f, a, b)) == NULL)
		return;
	for (int j = 0; j < 2; j++) {
		int tok = j == 0 ? k1 : k2;

		if (tok < 0 || rs_tok_is(f, tok, "_"))
			continue;
		rs_key(f, tok, tok, key, sizeof key);
		if ((bd = rs_bind(f, key, B_ELEM, tok)) == NULL)
			continue;
		bd->value = t;
		/* the first variable is the key (or index), the second the value */
		bd->srcname = j == 0 ? "k" : NULL;
		bd->end = f->m[lb];
	}
}
