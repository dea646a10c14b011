/* reposcan_fieldset.c: struct fields whose values are not written in the
 * literal the scan already follows, and middleware added in a callee.
 *
 *   config.go: var cfg = Config{Addr: "127.0.0.1:8080", Prefix: "/api"}
 *   main.go:   http.ListenAndServe(cfg.Addr, mux)   mux.Handle(cfg.Prefix+"/x", h)
 *
 * A package-level variable initialised with a composite literal gives one
 * package constant per keyed string field ("cfg.Prefix", nested literals
 * "cfg.HTTP.Addr"); reposcan_sym.c turns cfg.Prefix into a C marker when
 * cfg is not local. A field of such a variable assigned in a function
 * (cfg.Addr = os.Getenv("ADDR")) is not known: the constant becomes an
 * unknown one, so the literal's value is never taken for it.
 *
 *   s := &Server{}; s.prefix = "/api/v1"; s.routes()
 *   func NewServer(p string) *Server { s := new(Server); s.prefix = p; return s }
 *
 * x.k = v statements directly in a function body (not under an if or a
 * loop) complete the receiver fields of a later x.m() call
 * (rs_recv_setters), and in a constructor (newT/NewT returning x) the
 * fields the constructor sets from its parameters.
 *
 *   func registerOrders(r chi.Router) { r.Use(mw); r.Get("/orders", h) }
 *   r.Get("/health", h); registerOrders(r)
 *
 * A Use on a router parameter (rs_mw_param) and a call passing a router
 * that already has routes in the caller (rs_mw_call) are joined at the end
 * (rs_mw_finish): the Use then comes after routes on that router, which is
 * judged by the router's own rule (chi panics, gin and echo groups skip
 * the earlier routes). Only buffers and tokens: no file I/O. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

#define PKGSTRUCT_DEPTH 3

/* ---- package-level struct variables ---- */

static void struct_consts(struct fscan *f, const char *name, int lb, int rb, int depth)
{
	struct sum_state *ss = rs_sum(f->s);

	for (int k = lb + 1; k < rb;) {
		int e = k, ve;
		char fld[KEYLEN];

		while (e < rb && !rs_is_op(f, e, GOOP_COMMA)) {
			if ((rs_is_op(f, e, GOOP_LPAREN) || rs_is_op(f, e, GOOP_LBRACK) ||
			     rs_is_op(f, e, GOOP_LBRACE)) &&
			    f->m[e] > e)
				e = f->m[e];
			e++;
		}
		while (k < e && f->t[k].kind == GOTOK_SEMI)
			k++;
		ve = e - 1;
		while (ve > k && f->t[ve].kind == GOTOK_SEMI)
			ve--;
		if (ve >= k + 2 && rs_is_ident(f, k) && rs_is_op(f, k + 1, GOOP_COLON) &&
		    rs_key(f, k, k, fld, sizeof fld) >= 0 &&
		    strlen(name) + strlen(fld) + 2 < KEYLEN) {
			const char *full = reposcan_printf(f->s, "%s.%s", name, fld);
			int ilb = rs_lit_brace(f, k + 2, ve);

			if (ilb >= 0 && depth < PKGSTRUCT_DEPTH) {
				struct_consts(f, full, ilb, ve, depth + 1);
			} else if (ilb < 0 && ve - k <= 32) {
				const char *v = rs_enc_cheap(f, k + 2, ve);

				if (!rs_sv_has(v, '?')) {
					struct sum_const *c = PUSH(ss, k, nk, kcap);

					c->pkg = f->s->files[f->file].symbol_pkg;
					c->name = full;
					c->enc = v;
				}
			}
		}
		k = e + 1;
	}
}

void rs_pkgstruct_consts(struct fscan *f, int name_tok, int rhs, int end)
{
	char name[KEYLEN];
	int lb;

	if (f->top != -1 || !rs_is_ident(f, name_tok) ||
	    ((struct reposcan_state *)f->s->priv)->nosum || (lb = rs_lit_brace(f, rhs, end)) < 0 ||
	    rs_key(f, name_tok, name_tok, name, sizeof name) < 0)
		return;
	struct_consts(f, reposcan_strdup(f->s, name), lb, end, 0);
}

/* ---- x.k = v in a function ---- */

/* The statement owning the block that opens at lb: what to call it (its
 * header may hold semicolons, for i := 0; i < n; i++ {; a brace ends it). */
static const char *block_kind(const struct fscan *f, int lb)
{
	for (int j = lb - 1; j >= 0; j--) {
		if ((rs_is_op(f, j, GOOP_RPAREN) || rs_is_op(f, j, GOOP_RBRACK)) && f->m[j] >= 0 &&
		    f->m[j] < j) {
			j = f->m[j];
			continue;
		}
		if (rs_is_kw(f, j, GOKW_IF) || rs_is_kw(f, j, GOKW_ELSE))
			return "under an if";
		if (rs_is_kw(f, j, GOKW_SWITCH) || rs_is_kw(f, j, GOKW_SELECT))
			return "in a switch";
		if (rs_is_kw(f, j, GOKW_FOR))
			return "in a loop";
		if (rs_is_kw(f, j, GOKW_FUNC))
			return "in a func literal";
		if (rs_is_op(f, j, GOOP_LBRACE) || rs_is_op(f, j, GOOP_RBRACE))
			break;
	}
	return "in a block";
}

/* NULL when token k is directly in the function body, else where it is
 * (an if/switch/for block, a closure, a call's argument). */
static const char *enclosing(const struct fscan *f, int k)
{
	const struct funcdecl *fd = f->top >= 0 ? &f->funcs[f->top] : NULL;

	if (fd == NULL || fd->body_lb < 0)
		return "in a block";
	for (int j = k - 1; j > fd->body_lb; j--) {
		if ((rs_is_op(f, j, GOOP_RBRACE) || rs_is_op(f, j, GOOP_RPAREN) ||
		     rs_is_op(f, j, GOOP_RBRACK)) &&
		    f->m[j] < j && f->m[j] > fd->body_lb) {
			j = f->m[j];
			continue;
		}
		if (rs_is_op(f, j, GOOP_LBRACE))
			return block_kind(f, j);
		if (rs_is_op(f, j, GOOP_LPAREN))
			return "in a call";
	}
	return f->nfr != 1 ? "in a func literal" : NULL;
}

static int ctor_name(const char *n)
{
	return strlen(n) >= 4 && (strncmp(n, "new", 3) == 0 || strncmp(n, "New", 3) == 0);
}

/* s.k = v in func newT(...) *T { ...; return s }: a field of the constructor. */
static void ctor_field(struct fscan *f, const char *fld, int va, int vb)
{
	struct sum_state *ss = rs_sum(f->s);
	struct sum_ctor *c = NULL;
	struct sum_fn fn;
	struct sum_arg v;
	int k;

	rs_sum_fn(f, &fn);
	if (fn.name == NULL || fn.recv != NULL || fn.file >= 0 || !ctor_name(fn.name))
		return;
	for (size_t j = ss->nct; j-- > 0 && c == NULL;)
		if (strcmp(ss->ct[j].name, fn.name) == 0 && strcmp(ss->ct[j].pkg, fn.pkg) == 0)
			c = &ss->ct[j];
	if (c == NULL) {
		c = PUSH(ss, ct, nct, ctcap);
		c->pkg = fn.pkg;
		c->name = fn.name;
	}
	if (va < 0) {
		memset(&v, 0, sizeof v);
		v.enc = reposcan_printf(f->s, "%c?%s is set conditionally in %s%c", SV_M, fld,
					fn.name, SV_E);
	} else {
		rs_sum_arg(f, va, vb, &v);
	}
	for (k = 0; k < c->n && strcmp(c->field[k], fld) != 0; k++)
		;
	if (k == c->n) {
		if (c->n >= SUM_MAX_FIELDS)
			return;
		c->n++;
	}
	c->field[k] = fld;
	c->enc[k] = v.enc;
	c->rpre[k] = v.rprefix;
}

/* A value a path, address or router field can take: a name, a
 * selector, or an expression with a string literal in it. */
static int value_shape(const struct fscan *f, int a, int b)
{
	if ((a == b && rs_is_ident(f, a)) ||
	    (b == a + 2 && rs_is_ident(f, a) && rs_is_op(f, a + 1, GOOP_PERIOD)))
		return 1;
	for (int k = a; k <= b; k++)
		if (rs_is_str(f, k) || rs_tok_is(f, k, "Group") || rs_tok_is(f, k, "PathPrefix") ||
		    rs_tok_is(f, k, "Subrouter") || rs_tok_is(f, k, "NewServeMux") ||
		    rs_tok_is(f, k, "NewRouter"))
			return 1; /* a string, or a router made here */
	return 0;
}

void rs_fieldset_assign(struct fscan *f, int i, int lhs_a, int lhs_b, int rhs, int end)
{
	char x[KEYLEN], fld[KEYLEN];
	const struct funcdecl *fd;
	const char *cond;

	if (f->top < 0 || lhs_b != lhs_a + 2 || !rs_is_op(f, i, GOOP_ASSIGN) ||
	    !rs_is_ident(f, lhs_a) || !rs_is_op(f, lhs_a + 1, GOOP_PERIOD) ||
	    !rs_is_ident(f, lhs_b) || ((struct reposcan_state *)f->s->priv)->nosum ||
	    rs_key(f, lhs_a, lhs_a, x, sizeof x) < 0 ||
	    rs_key(f, lhs_b, lhs_b, fld, sizeof fld) < 0)
		return;
	if (end - rhs > 16 || !value_shape(f, rhs, end))
		return; /* only strings, names and selectors feed paths and routers */
	fd = &f->funcs[f->top];
	if (fd->recv_name != NULL && rs_tok_is(f, lhs_a, fd->recv_name))
		return; /* the method's own receiver: not a value the scan follows */
	if (!rs_is_local(f, lhs_a)) {
		/* a package variable's field written at run time */
		struct sum_state *ss = rs_sum(f->s);
		struct sum_const *c = PUSH(ss, k, nk, kcap);

		c->pkg = f->s->files[f->file].symbol_pkg;
		c->name = reposcan_printf(f->s, "%s.%s", x, fld);
		c->enc = reposcan_printf(f->s, "%c?%s.%s is assigned at run time (%s:%d)%c", SV_M,
					 x, fld, f->s->files[f->file].path, f->t[i].line, SV_E);
		return;
	}
	cond = enclosing(f, lhs_a);
	if (cond != NULL)
		rhs = end = -1; /* under an if or a loop: the field may be either */
	if (rs_returns_var(f, x))
		ctor_field(f, reposcan_strdup(f->s, fld), rhs, end);
	if (f->nfset > 0 && f->fset[0].top != f->top)
		f->nfset = 0; /* another function */
	if (f->nfset >= (int)ARRAY_LEN(f->fset))
		return;
	f->fset[f->nfset].top = f->top;
	f->fset[f->nfset].name = lhs_a;
	f->fset[f->nfset].fld = lhs_b;
	f->fset[f->nfset].va = rhs;
	f->fset[f->nfset].vb = end;
	f->fset[f->nfset].cond = cond;
	f->nfset++;
}

const struct sum_rf *rs_recv_setters(struct fscan *f, int x, int at, const struct sum_rf *rf)
{
	struct sum_rf *n = NULL;

	for (int k = 0; k < f->nfset; k++) {
		int j, fl = f->fset[k].fld;

		if (f->fset[k].top != f->top || f->fset[k].name >= at ||
		    f->t[f->fset[k].name].len != f->t[x].len ||
		    memcmp(f->src + f->t[x].off, f->src + f->t[f->fset[k].name].off, f->t[x].len) !=
			0)
			continue;
		if (n == NULL) {
			n = reposcan_alloc(f->s, sizeof *n);
			if (rf != NULL)
				*n = *rf;
			else
				memset(n, 0, sizeof *n);
		}
		for (j = 0; j < n->ns; j++)
			if (strlen(n->sname[j]) == f->t[fl].len &&
			    memcmp(n->sname[j], f->src + f->t[fl].off, f->t[fl].len) == 0)
				break;
		if (j == n->ns) {
			if (n->ns >= SUM_MAX_FIELDS)
				continue;
			n->ns++;
			n->sname[j] = reposcan_strndup(f->s, f->src + f->t[fl].off, f->t[fl].len);
		}
		if (f->fset[k].va < 0) {
			/* never one branch's value: the reason, for paths and
			 * router prefixes alike */
			memset(&n->sval[j], 0, sizeof n->sval[j]);
			n->sval[j].enc = reposcan_printf(
			    f->s,
			    "%c?%s.%s is assigned %s at %s:%d: which value the service holds is "
			    "not in the source%c",
			    SV_M, rs_text(f, x, x), n->sname[j], f->fset[k].cond,
			    f->s->files[f->file].path, f->t[f->fset[k].name].line, SV_E);
			n->sval[j].rprefix = n->sval[j].enc;
		} else {
			rs_sum_arg(f, f->fset[k].va, f->fset[k].vb, &n->sval[j]);
		}
	}
	return n != NULL ? n : rf;
}

/* ---- middleware in callees ---- */

void rs_mw_param(struct fscan *f, int ra, size_t mw)
{
	struct sum_state *ss;
	struct sum_mwparam *p;
	struct sum_fn fn;
	int k;

	if (f->top < 0 || f->nfr != 1 || ((struct reposcan_state *)f->s->priv)->nosum ||
	    (k = rs_param(f, ra, NULL, NULL)) < 0)
		return;
	rs_sum_fn(f, &fn);
	if (fn.name == NULL || fn.file >= 0)
		return;
	ss = rs_sum(f->s);
	p = PUSH(ss, mp, nmp, mpcap);
	p->mw = mw;
	p->pkg = fn.pkg;
	p->fn = fn.name;
	p->k = k;
}

void rs_mw_call(struct fscan *f, int i, int lp)
{
	int as[SUM_MAX_ARGS], ae[SUM_MAX_ARGS], na;
	const char *pkg = f->s->files[f->file].symbol_pkg;

	if (f->top < 0 || (f->nregs == 0 && !f->has_router_import) ||
	    ((struct reposcan_state *)f->s->priv)->nosum)
		return;
	if (rs_is_op(f, i - 1, GOOP_PERIOD)) {
		/* pkg.RegisterX(r): only a package of the module (imported) */
		const char *ip = NULL;

		if (!rs_is_ident(f, i - 2) || rs_is_op(f, i - 3, GOOP_PERIOD))
			return;
		for (int k = 0; k < f->nimps && ip == NULL; k++)
			if (f->imps[k].nlen == f->t[i - 2].len &&
			    memcmp(f->imps[k].name, f->src + f->t[i - 2].off, f->imps[k].nlen) == 0)
				ip = reposcan_strndup(f->s, f->imps[k].path, f->imps[k].plen);
		if (ip == NULL)
			return; /* a method call */
		pkg = ip;
	}
	na = rs_args(f, lp, as, ae, SUM_MAX_ARGS);
	for (int k = 0; k < na && k < SUM_MAX_ARGS; k++) {
		char key[KEYLEN];
		int count = 0, first = 0;

		if (as[k] != ae[k] || !rs_is_ident(f, as[k]) ||
		    rs_key(f, as[k], as[k], key, sizeof key) < 0)
			continue;
		for (int r = 0; r < f->nregs; r++)
			if (f->regs[r].tok < i && f->regs[r].tok > f->funcs[f->top].body_lb &&
			    strcmp(f->regs[r].key, key) == 0) {
				if (count++ == 0)
					first = f->regs[r].line;
			}
		if (count == 0) {
			/* a router variable: a helper called earlier may have put routes on it */
			struct binding *bd = rs_lookup(f, key, i);

			if (bd == NULL || bd->kind != B_ROUTER)
				continue;
		}
		{
			struct sum_state *ss = rs_sum(f->s);
			struct sum_mwcall *c = PUSH(ss, mc, nmc, mccap);
			char nm[KEYLEN];

			rs_key(f, i, i, nm, sizeof nm);
			c->pkg = pkg;
			c->fn = reposcan_strdup(f->s, nm);
			c->k = k;
			c->count = count;
			c->first_line = first;
			c->at = rs_site(f, i);
			c->router = reposcan_strdup(f->s, key);
		}
	}
}

void rs_mw_finish(struct reposcan *s)
{
	struct sum_state *ss = ((struct reposcan_state *)s->priv)->sum;

	if (ss == NULL)
		return;
	for (size_t i = 0; i < ss->nmp; i++) {
		const struct sum_mwparam *p = &ss->mp[i];
		struct reposcan_middleware *m;

		if (p->mw >= s->nmws)
			continue;
		m = &s->mws[p->mw];
		for (size_t j = 0; j < ss->nmc; j++) {
			const struct sum_mwcall *c = &ss->mc[j];

			int count = c->count, first = c->first_line;

			if (c->k != p->k || strcmp(c->fn, p->fn) != 0 ||
			    strcmp(c->pkg, p->pkg) != 0)
				continue;
			/* routes helpers put on the same router earlier in the caller */
			for (size_t h = 0; h < ss->nhr; h++) {
				const struct sum_hroute *r = &ss->hr[h];

				if (r->at.file != c->at.file || r->at.line >= c->at.line ||
				    r->at.func == NULL || c->at.func == NULL ||
				    strcmp(r->at.func, c->at.func) != 0 ||
				    strcmp(r->router, c->router) != 0)
					continue;
				if (count++ == 0 || r->at.line < first)
					first = r->at.line;
			}
			if (count == 0)
				continue;
			/* the caller's routes come first, whatever the callee did */
			if (m->routes_before == 0 || m->first_route_line == 0)
				m->first_route_line = first;
			m->routes_before += count;
			m->after_routes = 1;
		}
	}
}

static int kcmp(const struct sum_const *a, const struct sum_const *b)
{
	int c = strcmp(a->pkg, b->pkg);

	return c != 0 ? c : strcmp(a->name, b->name);
}

void rs_consts_dedupe(struct sum_state *ss)
{
	/* sorted: a run of one name with any unknown value is unknown */
	for (size_t i = 0; i < ss->nk;) {
		size_t j = i + 1;
		const char *unk = rs_sv_has(ss->k[i].enc, '?') ? ss->k[i].enc : NULL;

		while (j < ss->nk && kcmp(&ss->k[i], &ss->k[j]) == 0) {
			if (unk == NULL && rs_sv_has(ss->k[j].enc, '?'))
				unk = ss->k[j].enc;
			j++;
		}
		for (size_t k = i; unk != NULL && k < j; k++)
			ss->k[k].enc = unk;
		i = j;
	}
}

/* ---- where a router is served ---- */

void rs_listen_handler(struct fscan *f, size_t nl, size_t nt, const char *h)
{
	struct sum_state *ss = rs_sum(f->s);

	if (f->s->nlistens > nl)
		f->s->listens[f->s->nlistens - 1].handler = h;
	else if (ss->nt > nt && ss->t[ss->nt - 1].kind == SUM_LISTEN)
		ss->t[ss->nt - 1].router = h;
}

/* A route's router is served by the listen call in the function holding
 * the router variable that is handed that variable (ListenAndServe(a, R),
 * R.Run(a), R.Start(a)): for a route through helpers, the variable the
 * outermost call passed. Only a literal address is where it is served;
 * a flag's default or an unresolved one is for the probes to place. */
void rs_served_addrs(struct reposcan *s)
{
	for (size_t i = 0; i < s->nroutes; i++) {
		struct reposcan_route *r = &s->routes[i];
		const struct reposcan_site *at = r->router_at;
		const char *var = r->router_var;
		int n = 0, by = 0;

		if (at == NULL && r->via == NULL) {
			at = &r->at;
			var = r->router;
		}
		if (at == NULL || var == NULL || var[0] == '\0' || at->func == NULL)
			continue;
		for (size_t k = 0; k < s->nlistens; k++) {
			const struct reposcan_listen *l = &s->listens[k];

			if (l->handler == NULL || l->at.file != at->file || l->at.func == NULL ||
			    strcmp(l->at.func, at->func) != 0 || strcmp(l->handler, var) != 0)
				continue;
			n++;
			by = (int)k + 1;
		}
		if (n != 1)
			continue; /* served twice or not in sight: no claim */
		r->served_by = by;
		if (s->listens[by - 1].source == RS_ADDR_LITERAL)
			r->served_addr = s->listens[by - 1].addr;
	}
}
