/* reposcan_route.c: the repo scanner's HTTP router recognisers: route
 * registrations for net/http, gin, echo, chi and gorilla/mux, group and
 * prefix resolution, and middleware Use() calls; see reposcan_priv.h. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

/* ---- routers ---- */

const char *rs_arg_string(struct fscan *f, int a, int b)
{
	enum reposcan_addr_source src;
	const char *name;

	return rs_string(f, a, b, &src, &name);
}

/* The one router family this file imports, else unknown. */
static enum reposcan_family imported_family(const struct fscan *f)
{
	int n = (f->role[IMP_GIN] != NULL) + (f->role[IMP_ECHO] != NULL) +
		(f->role[IMP_CHI] != NULL) + (f->role[IMP_GORILLA] != NULL);

	if (n != 1)
		return RS_FAMILY_UNKNOWN;
	return f->role[IMP_GIN]	   ? RS_GIN
	       : f->role[IMP_ECHO] ? RS_ECHO
	       : f->role[IMP_CHI]  ? RS_CHI
				   : RS_GORILLA;
}

/* x.Group("/v2") on a router the scan cannot bind (a field of the
 * receiver, an embedded engine, another package's variable) in a file
 * that imports a router: a guessed router whose prefix keeps "/v2", so its
 * routes are never probed without it. A receiver field keeps its own
 * mark, completed from the field's value once all files are in. */
static int unbound_group(struct fscan *f, int a, int b, int name, int na, const int *as,
			 const int *ae, struct rinfo *ri)
{
	const char *lit, *mark;

	if (f->role[IMP_GIN] == NULL && f->role[IMP_ECHO] == NULL && f->role[IMP_CHI] == NULL &&
	    f->role[IMP_GORILLA] == NULL)
		return 0;
	if (!(rs_tok_is(f, name, "Group") || rs_tok_is(f, name, "PathPrefix") ||
	      rs_tok_is(f, name, "Route")) ||
	    na < 1 || !rs_is_str(f, as[0]) || (lit = rs_arg_string(f, as[0], ae[0])) == NULL)
		return 0;
	for (int k = a; k <= b; k++) /* identifiers and periods only */
		if (!(rs_is_ident(f, k) || rs_is_op(f, k, GOOP_PERIOD)))
			return 0;
	memset(ri, 0, sizeof *ri);
	ri->fam = imported_family(f);
	ri->known = 1;
	ri->guessed = 1;
	mark = rs_recv_router_mark(f, a, b);
	ri->prefix = rs_join_path(f, mark != NULL ? mark : "", lit);
	rs_key(f, a, b, ri->base, sizeof ri->base);
	return 1;
}

/* Resolves a router expression over [a, b]: a bound variable, a
 * constructor call, or a chain of Group/PathPrefix/Subrouter/With/Route. */
int rs_resolve_router(struct fscan *f, int a, int b, struct rinfo *ri, int depth)
{
	char key[KEYLEN];

	memset(ri, 0, sizeof *ri);
	if (a < 0 || b < a || depth > 16)
		return 0;
	if (rs_key(f, a, b, key, sizeof key) >= 0) {
		struct binding *bd = rs_lookup(f, key, a);

		if (bd != NULL && bd->kind == B_ROUTER) {
			ri->fam = bd->fam;
			ri->known = 1;
			ri->guessed = bd->guessed;
			ri->is_root = bd->is_root;
			ri->prefix = bd->prefix;
			snprintf(ri->base, sizeof ri->base, "%s", key);
			return 1;
		}
		if (a == b && bd == NULL && rs_param_router(f, a, ri))
			return 1;
		if (bd == NULL && b == a + 2) {
			/* s.engine with s := &server{engine: gin.New()} here */
			int va, vb;

			if (rs_local_field(f, a, b, &va, &vb) &&
			    rs_resolve_router(f, va, vb, ri, depth + 1)) {
				snprintf(ri->base, sizeof ri->base, "%s", key);
				return 1;
			}
			memset(ri, 0, sizeof *ri);
		}
	}
	if (rs_is_op(f, b, GOOP_RPAREN) && f->m[b] > a && rs_is_ident(f, f->m[b] - 1)) {
		int lp = f->m[b], name = lp - 1, as[4], ae[4], na = rs_args(f, lp, as, ae, 4);

		if (name == a + 2 && rs_is_op(f, a + 1, GOOP_PERIOD) && rs_is_ident(f, a)) {
			static const struct {
				enum imp_role role;
				const char *fn;
				enum reposcan_family fam;
			} ctor[] = {
			    {IMP_HTTP, "NewServeMux", RS_NETHTTP},
			    {IMP_GIN, "Default", RS_GIN},
			    {IMP_GIN, "New", RS_GIN},
			    {IMP_ECHO, "New", RS_ECHO},
			    {IMP_CHI, "NewRouter", RS_CHI},
			    {IMP_CHI, "NewMux", RS_CHI},
			    {IMP_GORILLA, "NewRouter", RS_GORILLA},
			};

			for (size_t k = 0; k < ARRAY_LEN(ctor); k++) {
				if (rs_is_role(f, a, ctor[k].role) &&
				    rs_tok_is(f, name, ctor[k].fn)) {
					ri->fam = ctor[k].fam;
					ri->known = 1;
					ri->is_root = 1;
					ri->prefix = "";
					rs_key(f, a, b, ri->base, sizeof ri->base);
					return 1;
				}
			}
		}
		if (rs_is_op(f, name - 1, GOOP_PERIOD) &&
		    rs_resolve_router(f, a, name - 2, ri, depth + 1)) {
			ri->is_root = 0;
			if (rs_tok_is(f, name, "Group") || rs_tok_is(f, name, "PathPrefix") ||
			    rs_tok_is(f, name, "Route")) {
				if (na >= 1 && rs_is_str(f, as[0]))
					ri->prefix = rs_join_path(f, ri->prefix,
								  rs_arg_string(f, as[0], ae[0]));
				else if (na >= 1 && !rs_is_kw(f, as[0], GOKW_FUNC) &&
					 ri->prefix != NULL && !rs_sv_has(ri->prefix, '?'))
					/* g.Group(cfg.Prefix): completed once all files are
					 * in, or unresolved; never the bare path */
					ri->prefix = reposcan_printf(f->s, "%s%s", ri->prefix,
								     rs_enc(f, as[0], ae[0]));
				else if (!(na >= 1 && rs_is_kw(f, as[0], GOKW_FUNC)))
					ri->prefix = NULL;
				return 1;
			}
			if (rs_tok_is(f, name, "Subrouter") || rs_tok_is(f, name, "With") ||
			    rs_tok_is(f, name, "Host"))
				return 1;
		} else if (rs_is_op(f, name - 1, GOOP_PERIOD) &&
			   unbound_group(f, a, name - 2, name, na, as, ae, ri)) {
			return 1;
		}
		memset(ri, 0, sizeof *ri);
	}
	return 0;
}

/* Guesses the family from the imports when the receiver is unknown. */
static enum reposcan_family guess_family(const struct fscan *f, int upper, int title)
{
	int gin = f->role[IMP_GIN] != NULL, echo = f->role[IMP_ECHO] != NULL;
	int chi = f->role[IMP_CHI] != NULL, gor = f->role[IMP_GORILLA] != NULL;

	if (upper)
		return gin && !echo ? RS_GIN : echo && !gin ? RS_ECHO : RS_FAMILY_UNKNOWN;
	if (title)
		return chi ? RS_CHI : RS_FAMILY_UNKNOWN;
	if (gor && !chi)
		return RS_GORILLA;
	if (chi && !gor)
		return RS_CHI;
	return RS_NETHTTP;
}

static const char *const upper_methods[] = {"GET",  "POST",    "PUT",	  "DELETE", "PATCH",
					    "HEAD", "OPTIONS", "CONNECT", "TRACE"};
static const char *const title_methods[] = {"Get",  "Post",    "Put",	  "Delete", "Patch",
					    "Head", "Options", "Connect", "Trace"};

static int name_in(const struct fscan *f, int i, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (rs_tok_is(f, i, list[k]))
			return (int)k + 1;
	return 0;
}

/* net/http's method constants (net/http/method.go): http.MethodPut. */
static const char *http_method_const(const struct fscan *f, int k)
{
	static const char *const m[] = {"GET",	  "HEAD",    "POST",	"PUT",	"PATCH",
					"DELETE", "CONNECT", "OPTIONS", "TRACE"};
	static const char *const c[] = {"MethodGet",	 "MethodHead",	  "MethodPost",
					"MethodPut",	 "MethodPatch",	  "MethodDelete",
					"MethodConnect", "MethodOptions", "MethodTrace"};

	if (k < 2 || !rs_is_ident(f, k) || !rs_is_op(f, k - 1, GOOP_PERIOD) ||
	    !rs_is_role(f, k - 2, IMP_HTTP))
		return NULL;
	for (size_t j = 0; j < ARRAY_LEN(c); j++)
		if (rs_tok_is(f, k, c[j]))
			return m[j];
	return NULL;
}

/* A method that is not written in place (e.Add(r.method, r.path, r.h)
 * over a table): its symbolic value for the summaries, "" (any) when
 * nothing could complete it. */
static const char *symbolic_method(struct fscan *f, int a, int b)
{
	const char *v = rs_enc(f, a, b);

	return rs_sv_has(v, '?') || !rs_sv_has(v, 0) ? "" : v;
}

/* Is [a, b] a method written in place: "PUT" or http.MethodPut? */
static int method_literal(const struct fscan *f, int a, int b)
{
	return (a == b && rs_is_str(f, a)) || (b == a + 2 && http_method_const(f, b) != NULL);
}

static void add_literal_strings(struct fscan *f, int a, int b, struct buf *out)
{
	char tmp[64];
	size_t n;

	for (int k = a; k <= b && k < f->nt; k++) {
		const char *hm = http_method_const(f, k);

		if (hm != NULL) {
			if (out->len > 0)
				buf_addc(out, ',');
			buf_adds(out, hm);
			continue;
		}
		if (rs_is_str(f, k) && golex_unquote(f->src, &f->t[k], tmp, sizeof tmp, &n) == 0) {
			if (out->len > 0)
				buf_addc(out, ',');
			buf_add(out, tmp, n);
		}
	}
}

/* Go 1.22 ServeMux pattern: "[METHOD ][HOST]/PATH". */
static void split_pattern(struct fscan *f, const char *pat, struct reposcan_route *r)
{
	const char *sp = strpbrk(pat, " \t"), *rest = pat, *slash;

	if (sp != NULL) {
		r->method = reposcan_strndup(f->s, pat, (size_t)(sp - pat));
		rest = sp;
		while (*rest == ' ' || *rest == '\t')
			rest++;
		r->go122 = 1;
	}
	slash = strchr(rest, '/');
	if (slash != NULL && slash > rest) {
		r->host = reposcan_strndup(f->s, rest, (size_t)(slash - rest));
		rest = slash;
	}
	r->path = reposcan_strdup(f->s, rest);
	if (strchr(rest, '{') != NULL)
		r->go122 = 1;
}

static void record_reg(struct fscan *f, const char *key, int tok)
{
	struct regrec *rg = FPUSH(f, regs, nregs, regcap);

	if (rg == NULL)
		return;
	snprintf(rg->key, sizeof rg->key, "%s", key);
	rg->tok = tok;
	rg->line = (int)f->t[tok].line;
}

static void add_route(struct fscan *f, int i, const struct rinfo *ri, const char *router,
		      const char *method, int path_a, int path_b, int h_a, int h_b, int mount)
{
	struct reposcan *s = f->s;
	struct reposcan_route *r;
	const char *path;

	path = path_a >= 0 ? rs_arg_string(f, path_a, path_b) : NULL;
	if (path_a >= 0 && (path == NULL || rs_sv_has(ri->prefix, 0) || rs_sv_has(method, 0)) &&
	    rs_sum_route(f, i, ri, router, method, path_a, path_b, h_a, h_b, mount)) {
		record_reg(f, ri->base[0] ? ri->base : router, i);
		return;
	}
	r = PUSH(s, routes, nroutes, routes_cap);
	r->at = rs_site(f, f->reg_site >= 0 ? f->reg_site : i);
	r->family = ri->fam;
	r->family_guessed = !ri->known || ri->guessed;
	r->call = rs_text(f, i, i);
	r->router = router;
	r->method = method != NULL ? method : "";
	r->host = "";
	r->mount = mount;
	r->pattern_expr = path_a >= 0 ? rs_text(f, path_a, path_b) : "";
	if (path != NULL && ri->fam == RS_NETHTTP)
		split_pattern(f, path, r);
	else
		r->path = path;
	r->full_path = ri->prefix != NULL && !rs_sv_has(ri->prefix, 0)
			   ? rs_join_path(f, ri->prefix, r->path)
			   : NULL;
	if (h_a >= 0) {
		r->handler = rs_text(f, h_a, h_b);
		if (rs_is_kw(f, h_a, GOKW_FUNC)) {
			/* Resolved to the closure's name once the walk has seen it. */
			struct pendtick *p = FPUSH(f, pt, npt, ptcap);

			if (p != NULL) {
				p->idx = s->nroutes - 1;
				p->lit_tok = h_a;
				p->top = -2; /* marks a route, not a ticker */
			}
		} else {
			r->handler_symbol = rs_func_symbol(f, h_a, h_b);
		}
	} else {
		r->handler = "";
	}
	record_reg(f, ri->base[0] ? ri->base : router, i);
}

/* Chained gorilla calls after a registration: .Methods("GET", ...). */
static void gorilla_methods(struct fscan *f, int rp, struct buf *methods)
{
	int k = rp + 1, guard = 0;

	while (guard++ < 16 && rs_is_op(f, k, GOOP_PERIOD) && rs_is_ident(f, k + 1) &&
	       rs_is_op(f, k + 2, GOOP_LPAREN) && f->m[k + 2] > k + 2) {
		if (rs_tok_is(f, k + 1, "Methods"))
			add_literal_strings(f, k + 3, f->m[k + 2] - 1, methods);
		k = f->m[k + 2] + 1;
	}
}

static int is_path_literal(struct fscan *f, int a, int b, int need_slash_first)
{
	const char *p = rs_arg_string(f, a, b);

	if (p == NULL) {
		/* Not literal here: a helper's parameter, a constant of another
		 * file or a table element may still make it one. */
		p = rs_enc(f, a, b);
		return !rs_sv_has(p, '?') && (rs_sv_has(p, 'P') || rs_sv_has(p, 'C') ||
					      rs_sv_has(p, 'E') || rs_sv_has(p, 'F'));
	}
	return need_slash_first ? p[0] == '/' : strchr(p, '/') != NULL;
}

/* Is [a, b] http.StripPrefix(P, X)? P at [*pa, *pb], X at [*xa, *xb]. */
static int strip_prefix(const struct fscan *f, int a, int b, int *pa, int *pb, int *xa, int *xb)
{
	int as[3], ae[3];

	if (b < a + 4 || !rs_is_role(f, a, IMP_HTTP) || !rs_is_op(f, a + 1, GOOP_PERIOD) ||
	    !rs_tok_is(f, a + 2, "StripPrefix") || !rs_is_op(f, a + 3, GOOP_LPAREN) ||
	    f->m[a + 3] != b || rs_args(f, a + 3, as, ae, 3) != 2)
		return 0;
	*pa = as[0];
	*pb = ae[0];
	*xa = as[1];
	*xb = ae[1];
	return 1;
}

void rs_route_call(struct fscan *f, int i, int ra, int rb, int lp)
{
	int as[16], ae[16], na = rs_args(f, lp, as, ae, 16), up, title, rp = f->m[lp];
	struct rinfo ri;
	const char *router;
	struct buf methods;
	size_t n0 = f->s->nroutes;

	up = name_in(f, i, upper_methods, ARRAY_LEN(upper_methods));
	title = name_in(f, i, title_methods, ARRAY_LEN(title_methods));
	if (ra >= 0) {
		rs_resolve_router(f, ra, rb, &ri, 0);
		router = rs_text(f, ra, rb);
	} else {
		memset(&ri, 0, sizeof ri);
		router = "";
	}
	if (!ri.known && ra >= 0 && rb == ra && rs_is_role(f, ra, IMP_HTTP)) {
		if (!rs_tok_is(f, i, "HandleFunc") && !rs_tok_is(f, i, "Handle"))
			return;
		ri.fam = RS_NETHTTP;
		ri.known = 1;
		ri.prefix = "";
		snprintf(ri.base, sizeof ri.base, "http.DefaultServeMux");
	}
	if (!ri.known) {
		/* Package functions other than net/http's are not routers. */
		if (ra < 0)
			return;
		for (int k = 0; ra == rb && k < f->nimps; k++)
			if (f->imps[k].nlen == f->t[ra].len &&
			    memcmp(f->imps[k].name, f->src + f->t[ra].off, f->imps[k].nlen) == 0)
				return;
		ri.fam =
		    guess_family(f,
				 up || rs_tok_is(f, i, "Any") || rs_tok_is(f, i, "Match") ||
				     rs_tok_is(f, i, "Add"),
				 title || rs_tok_is(f, i, "Method") ||
				     rs_tok_is(f, i, "MethodFunc") || rs_tok_is(f, i, "Mount"));
		ri.guessed = 1;
		rs_key(f, ra, rb, ri.base, sizeof ri.base);
		/* a router in a field of the receiver (s.api.GET): its prefix is
		 * the one the receiver's literal or constructor gives that field;
		 * ServeMux fields have none. A family this file cannot tell (no
		 * router import) comes from the field's declared type once all
		 * files are in (rs_field_family), never a bare path. */
		if (ri.fam != RS_NETHTTP)
			ri.prefix = rs_recv_router_mark(f, ra, rb);
	}
	/* A router the function builds and returns (func (h *H) Routes()
	 * chi.Router { r := chi.NewRouter(); ...; return r }): its prefix is
	 * where the caller mounts it. */
	if (ri.known && ri.is_root && ri.prefix != NULL && ri.prefix[0] == '\0' &&
	    rs_returns_var(f, ri.base))
		ri.prefix = "\001R7\002";
	buf_init(&methods);
	if (up || title) {
		if (na < 2 || (!ri.known || ri.guessed ? !is_path_literal(f, as[0], ae[0], 1) : 0))
			goto out;
		if (ri.fam == RS_NETHTTP || ri.fam == RS_GORILLA)
			goto out;
		add_route(f, i, &ri, router, up ? upper_methods[up - 1] : upper_methods[title - 1],
			  as[0], ae[0], as[ri.fam == RS_ECHO ? 1 : na - 1],
			  ae[ri.fam == RS_ECHO ? 1 : na - 1], 0);
	} else if (rs_tok_is(f, i, "Any")) {
		if (na < 2 || (ri.guessed && !is_path_literal(f, as[0], ae[0], 1)))
			goto out;
		add_route(f, i, &ri, router, "", as[0], ae[0], as[ri.fam == RS_ECHO ? 1 : na - 1],
			  ae[ri.fam == RS_ECHO ? 1 : na - 1], 0);
	} else if (rs_tok_is(f, i, "Match") || rs_tok_is(f, i, "Method") ||
		   rs_tok_is(f, i, "MethodFunc") || rs_tok_is(f, i, "Add") ||
		   (rs_tok_is(f, i, "Handle") && na >= 3 && method_literal(f, as[0], ae[0]) &&
		    ri.fam != RS_NETHTTP)) {
		if (na < 3 || (ri.guessed && !is_path_literal(f, as[1], ae[1], 1)))
			goto out;
		add_literal_strings(f, as[0], ae[0], &methods);
		add_route(f, i, &ri, router,
			  methods.data != NULL ? reposcan_strdup(f->s, methods.data)
					       : symbolic_method(f, as[0], ae[0]),
			  as[1], ae[1], as[ri.fam == RS_GIN ? na - 1 : 2],
			  ae[ri.fam == RS_GIN ? na - 1 : 2], 0);
	} else if (rs_tok_is(f, i, "HandleFunc") || rs_tok_is(f, i, "Handle") ||
		   rs_tok_is(f, i, "Mount")) {
		int spa = -1, spb = -1, xa = -1, xb = -1;
		int strip = na == 2 && strip_prefix(f, as[1], ae[1], &spa, &spb, &xa, &xb);
		int mount = rs_tok_is(f, i, "Mount") || strip;

		if (na != 2 || (ri.guessed && !is_path_literal(f, as[0], ae[0], mount)))
			goto out;
		if (ri.fam == RS_GORILLA && rp > lp)
			gorilla_methods(f, rp, &methods);
		add_route(f, i, &ri, router,
			  methods.data != NULL ? reposcan_strdup(f->s, methods.data) : "", as[0],
			  ae[0], as[1], ae[1], mount);
		if (strip) {
			/* mux.Handle("/api/", http.StripPrefix("/api", sub)): sub's
			 * routes are served under the stripped prefix */
			const char *sp = rs_arg_string(f, spa, spb);

			if (xa == xb && rs_is_ident(f, xa))
				rs_sum_mount(f, i, &ri, spa, spb, xa, xb);
			else if (sp != NULL && ri.prefix != NULL && rs_is_op(f, xb, GOOP_RPAREN) &&
				 f->m[xb] == xb - 1)
				rs_sum_router_call(f, i, xa, xb - 2, SUM_RET_ARG,
						   rs_join_path(f, ri.prefix, sp), RS_NETHTTP,
						   router);
		} else if (mount) {
			rs_sum_mount(f, i, &ri, as[0], ae[0], as[1], ae[1]);
		}
		/* r.Mount("/orders", h.Routes()): the router Routes returns */
		if (mount && rs_is_op(f, ae[1], GOOP_RPAREN) && f->m[ae[1]] == ae[1] - 1 &&
		    ri.prefix != NULL && rs_arg_string(f, as[0], ae[0]) != NULL)
			rs_sum_router_call(
			    f, i, as[1], ae[1] - 2, SUM_RET_ARG,
			    rs_join_path(f, ri.prefix, rs_arg_string(f, as[0], ae[0])),
			    ri.fam != RS_FAMILY_UNKNOWN ? ri.fam : RS_CHI, router);
	} else if (rs_tok_is(f, i, "Route") || rs_tok_is(f, i, "Group")) {
		/* chi: the callback's parameter is a router with this prefix. */
		int fa = rs_tok_is(f, i, "Route") ? 1 : 0;
		const char *lit = fa && na > 0 ? rs_arg_string(f, as[0], ae[0]) : NULL;
		/* r.Route(cfg.Prefix, ...): symbolic, completed or unresolved later */
		const char *pre =
		    !fa		  ? ri.prefix
		    : lit != NULL ? rs_join_path(f, ri.prefix, lit)
		    : ri.prefix != NULL && na > 0
			? reposcan_printf(f->s, "%s%s", ri.prefix, rs_enc(f, as[0], ae[0]))
			: NULL;

		if (na > fa && !rs_is_kw(f, as[fa], GOKW_FUNC) && ri.fam != RS_GIN &&
		    ri.fam != RS_ECHO && ri.prefix != NULL &&
		    (!fa || rs_arg_string(f, as[0], ae[0]) != NULL)) {
			/* r.Route("/users", users.Routes): a function value */
			rs_sum_router_call(
			    f, i, as[fa], ae[fa], 0,
			    fa ? rs_join_path(f, ri.prefix, rs_arg_string(f, as[0], ae[0]))
			       : ri.prefix,
			    ri.fam != RS_FAMILY_UNKNOWN ? ri.fam : RS_CHI, router);
		}
		if (na > fa && rs_is_kw(f, as[fa], GOKW_FUNC) && ri.fam != RS_GIN &&
		    ri.fam != RS_ECHO) {
			struct pendbind *p = FPUSH(f, pb, npb, pbcap);

			if (p != NULL) {
				p->func_tok = as[fa];
				p->fam = ri.fam != RS_FAMILY_UNKNOWN ? ri.fam : RS_CHI;
				p->prefix = pre;
			}
		}
	} else if (rs_tok_is(f, i, "Handler") || rs_tok_is(f, i, "HandlerFunc")) {
		/* gorilla: r.Path("/x").Methods("GET").HandlerFunc(h) and
		 * r.PathPrefix("/static/").Handler(h). */
		int k = rb, path_a = -1, path_b = -1, mount = 0, guard = 0;
		struct rinfo base;

		if (na != 1 || ra < 0 || !rs_is_op(f, rb, GOOP_RPAREN))
			goto out;
		while (guard++ < 16 && rs_is_op(f, k, GOOP_RPAREN) && f->m[k] > ra) {
			int clp = f->m[k], nm = clp - 1;

			if (rs_tok_is(f, nm, "Path") || rs_tok_is(f, nm, "PathPrefix")) {
				path_a = clp + 1;
				path_b = k - 1;
				mount = rs_tok_is(f, nm, "PathPrefix");
			} else if (rs_tok_is(f, nm, "Methods")) {
				add_literal_strings(f, clp + 1, k - 1, &methods);
			}
			if (!rs_is_op(f, nm - 1, GOOP_PERIOD))
				break;
			k = nm - 2;
			if (rs_resolve_router(f, ra, k, &base, 0))
				break;
		}
		if (path_a < 0)
			goto out;
		if (!rs_resolve_router(f, ra, k, &base, 0)) {
			if (f->role[IMP_GORILLA] == NULL)
				goto out;
			memset(&base, 0, sizeof base);
			base.fam = RS_GORILLA;
			base.guessed = 1;
			rs_key(f, ra, k, base.base, sizeof base.base);
		}
		base.fam = RS_GORILLA;
		gorilla_methods(f, rp, &methods);
		add_route(f, i, &base, rs_text(f, ra, k),
			  methods.data != NULL ? reposcan_strdup(f->s, methods.data) : "", path_a,
			  path_b, as[0], ae[0], mount);
	}
out:
	buf_free(&methods);
	/* a router of unknown type: maybe a package variable of another file */
	for (size_t k = n0; ri.guessed && k < f->s->nroutes; k++)
		rs_pkgvar_route(f, ra, rb, k);
}

void rs_use_call(struct fscan *f, int i, int ra, int rb, int lp)
{
	struct reposcan *s = f->s;
	int as[8], ae[8], na = rs_args(f, lp, as, ae, 8);
	struct rinfo ri;
	struct reposcan_middleware *mw;
	struct binding *bd;
	char key[KEYLEN];
	int since;

	if (na < 1 || ra < 0 || f->nuses >= RS_MAX_USES || rs_key(f, ra, rb, key, sizeof key) < 0)
		return;
	if (!rs_resolve_router(f, ra, rb, &ri, 0)) {
		int routed = 0;

		/* An unknown receiver that routes were registered on here is a
		 * router too (a home-grown one, say); otherwise it needs a router
		 * import to count. */
		for (int k = 0; k < f->nregs && !routed; k++)
			routed = f->regs[k].tok < i && strcmp(f->regs[k].key, key) == 0;
		if (!f->has_router_import && !routed)
			return;
		for (int k = 0; ra == rb && k < f->nimps; k++)
			if (f->imps[k].nlen == f->t[ra].len &&
			    memcmp(f->imps[k].name, f->src + f->t[ra].off, f->imps[k].nlen) == 0)
				return;
		ri.fam = f->role[IMP_GIN]	? RS_GIN
			 : f->role[IMP_CHI]	? RS_CHI
			 : f->role[IMP_ECHO]	? RS_ECHO
			 : f->role[IMP_GORILLA] ? RS_GORILLA
						: RS_FAMILY_UNKNOWN;
		if ((f->role[IMP_GIN] != NULL) + (f->role[IMP_CHI] != NULL) +
			(f->role[IMP_ECHO] != NULL) + (f->role[IMP_GORILLA] != NULL) >
		    1)
			ri.fam = RS_FAMILY_UNKNOWN;
	}
	if (ri.fam == RS_NETHTTP)
		return;
	f->nuses++;
	mw = PUSH(s, mws, nmws, mws_cap);
	mw->at = rs_site(f, i);
	mw->family = ri.fam;
	mw->router = rs_text(f, ra, rb);
	mw->expr = rs_text(f, as[0], ae[na - 1]);
	if (ra == rb)
		rs_mw_param(f, ra, s->nmws - 1); /* Use on a router parameter */
	/* A closure parameter of the same name (chi's r.Group(func(r
	 * chi.Router) {...})) is another router: earlier routes on the outer
	 * one do not count. */
	bd = rs_lookup(f, key, i);
	since = bd != NULL ? bd->tok : -1;
	for (int k = 0; k < f->nregs; k++) {
		if (f->regs[k].tok < i && f->regs[k].tok > since &&
		    strcmp(f->regs[k].key, key) == 0) {
			if (mw->routes_before++ == 0)
				mw->first_route_line = f->regs[k].line;
			mw->after_routes = 1;
		}
	}
	for (int k = 0; k < f->nb; k++)
		if (f->b[k].kind == B_ROUTER && f->b[k].tok < i && f->b[k].tok > since &&
		    strcmp(f->b[k].parent, key) == 0 && (f->b[k].top == f->top) &&
		    (ri.fam == RS_GIN || ri.fam == RS_ECHO))
			mw->after_group = 1;
	switch (ri.fam) {
	case RS_GIN:
		mw->effect = RS_MW_LATER_ONLY;
		break;
	case RS_CHI:
		mw->effect = RS_MW_PANICS;
		break;
	case RS_GORILLA:
		mw->effect = RS_MW_ALL_ROUTES;
		break;
	case RS_ECHO:
		mw->effect = ri.known && ri.is_root ? RS_MW_ALL_ROUTES
			     : ri.known		    ? RS_MW_LATER_ONLY
						    : RS_MW_UNKNOWN;
		break;
	default:
		mw->effect = RS_MW_UNKNOWN;
		break;
	}
}

/* reg := mux.HandleFunc; reg("/x", h): a call through a router method
 * value bound earlier in the file (rs_sum_assign). */
int rs_funcv_call(struct fscan *f, int i)
{
	char key[KEYLEN];
	struct binding *b;
	int save = f->reg_site;

	if (rs_key(f, i, i, key, sizeof key) < 0 || (b = rs_lookup(f, key, i)) == NULL ||
	    b->kind != B_FUNCV)
		return 0;
	f->reg_site = i;
	rs_route_call(f, b->fn, b->fa, b->fb, i + 1);
	f->reg_site = save;
	return 1;
}
