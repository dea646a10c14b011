/* reposcan_find.c: the recognisers of the repo scanner: routes,
 * middleware, gRPC registrations, listen addresses, tickers, viper
 * callbacks, plugin.Open and embed.FS lookups; see reposcan_priv.h. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

/* ---- strings ---- */

/* Resolves a string-valued expression over [a, b]: literals, constants and
 * variables bound earlier, *flagvar, os.Getenv fallbacks and '+'. */
static const char *string_d(struct fscan *f, int a, int b, enum reposcan_addr_source *src,
			    const char **srcname, int depth);

const char *rs_string(struct fscan *f, int a, int b, enum reposcan_addr_source *src,
		      const char **srcname)
{
	return string_d(f, a, b, src, srcname, 0);
}

static const char *string_d(struct fscan *f, int a, int b, enum reposcan_addr_source *src,
			    const char **srcname, int depth)
{
	char key[KEYLEN], buf[1024];
	size_t n;

	*src = RS_ADDR_UNRESOLVED;
	*srcname = NULL;
	if (a < 0 || b < a || b >= f->nt || depth > 16)
		return NULL;
	while (rs_is_op(f, a, GOOP_LPAREN) && f->m[a] == b && b - a >= 2) {
		a++;
		b--;
	}
	if (a == b && rs_is_str(f, a)) {
		if (golex_unquote(f->src, &f->t[a], buf, sizeof buf, &n) < 0)
			return NULL;
		*src = RS_ADDR_LITERAL;
		return reposcan_strndup(f->s, buf, n);
	}
	/* A '+' at the top level: resolve both sides. */
	for (int k = b - 1; k > a; k--) {
		if (rs_is_op(f, k, GOOP_RPAREN) || rs_is_op(f, k, GOOP_RBRACK)) {
			if (f->m[k] > a && f->m[k] < k)
				k = f->m[k];
			continue;
		}
		if (rs_is_op(f, k, GOOP_ADD)) {
			enum reposcan_addr_source s1, s2;
			const char *n1, *n2, *l = string_d(f, a, k - 1, &s1, &n1, depth + 1), *r;

			if (l == NULL)
				return NULL;
			r = string_d(f, k + 1, b, &s2, &n2, depth + 1);
			if (r == NULL)
				return NULL;
			*src = s1 != RS_ADDR_LITERAL ? s1 : s2;
			*srcname = s1 != RS_ADDR_LITERAL ? n1 : n2;
			return reposcan_printf(f->s, "%s%s", l, r);
		}
	}
	if (rs_key(f, a, b, key, sizeof key) < 0)
		return NULL;
	{
		struct binding *bd = rs_lookup(f, key, a);

		if (bd != NULL && (bd->kind == B_STR || bd->kind == B_FLAG || bd->kind == B_ENV)) {
			*src = bd->src;
			*srcname = bd->srcname;
			if (bd->value == NULL)
				*src = bd->kind == B_ENV ? RS_ADDR_UNRESOLVED : *src;
			return bd->value;
		}
	}
	/* os.Getenv("X") directly: no value, but say where it comes from. */
	if (b == a + 5 && rs_is_role(f, a, IMP_OS) && rs_tok_is(f, a + 2, "Getenv") &&
	    rs_is_str(f, a + 4)) {
		if (golex_unquote(f->src, &f->t[a + 4], buf, sizeof buf, &n) == 0)
			*srcname = reposcan_strndup(f->s, buf, n);
	}
	return NULL;
}

/* ---- gRPC ---- */

static void grpc_register(struct fscan *f, int i, int ra, int lp)
{
	struct reposcan *s = f->s;
	int as[4], ae[4], na = rs_args(f, lp, as, ae, 4);
	const struct gotok *t = &f->t[i];
	struct reposcan_grpc *g;
	struct pendgrpc *p;
	int reflection = t->len == 8 && ra >= 0 && rs_is_role(f, ra, IMP_REFLECTION);

	int generic = t->len == 15 && memcmp(f->src + t->off, "RegisterService", 15) == 0;

	if ((!reflection && na < 2) || na < 1)
		return;
	if (generic) {
		const struct funcdecl *fd = f->top >= 0 ? &f->funcs[f->top] : NULL;

		/* Generated Register<Svc>Server helpers: their callers count. */
		if (ra < 0 ||
		    (fd != NULL && strncmp(fd->name, "Register", 8) == 0 && strlen(fd->name) > 14 &&
		     strcmp(fd->name + strlen(fd->name) - 6, "Server") == 0))
			return;
		/* a table element or a helper's parameter: completed later */
		if (rs_sum_grpc(f, i, ra, i - 2, as[0], ae[0]))
			return;
	}
	g = PUSH(s, grpcs, ngrpcs, grpcs_cap);
	g->at = rs_site(f, i);
	g->call = rs_text(f, ra >= 0 ? ra : i, i);
	if (generic) {
		/* s.RegisterService(&desc, impl): the server is the receiver. */
		g->desc = rs_text(f, as[0], ae[0]);
		g->server = rs_text(f, ra, i - 2);
		g->impl = rs_text(f, as[1], ae[na - 1]);
		g->in_go = rs_in_go(f, i);
		if ((p = FPUSH(f, pg, npg, pgcap)) == NULL)
			return;
		p->idx = s->ngrpcs - 1;
		p->tok = i;
		rs_key(f, ra, i - 2, p->key, sizeof p->key);
		return;
	}
	g->service = reflection ? "grpc.reflection.v1alpha.ServerReflection"
				: reposcan_strndup(s, f->src + t->off + 8, t->len - 14);
	g->server = rs_text(f, as[0], ae[0]);
	g->impl = na >= 2 ? rs_text(f, as[1], ae[na - 1]) : "";
	g->in_go = rs_in_go(f, i);
	if ((p = FPUSH(f, pg, npg, pgcap)) == NULL)
		return;
	p->idx = s->ngrpcs - 1;
	p->tok = i;
	rs_key(f, as[0], ae[0], p->key, sizeof p->key);
}

/* ---- listen addresses ---- */

/* A listen call as written here (not completed at call sites). */
static void listen_here(struct fscan *f, int i, const char *call, int a, int b, const char *dflt)
{
	struct reposcan_listen *l = PUSH(f->s, listens, nlistens, listens_cap);

	l->at = rs_site(f, i);
	l->call = call;
	if (a >= 0) {
		l->expr = rs_text(f, a, b);
		l->addr = rs_string(f, a, b, &l->source, &l->source_name);
		if (l->addr == NULL && l->source == RS_ADDR_LITERAL)
			l->source = RS_ADDR_UNRESOLVED;
	} else {
		l->expr = "";
		l->addr = dflt;
		l->source = RS_ADDR_DEFAULT;
		l->source_name = "PORT";
	}
}

static void add_listen(struct fscan *f, int i, const char *call, int a, int b, const char *dflt)
{
	if (a >= 0 && rs_arg_string(f, a, b) == NULL && rs_sum_listen(f, i, call, a, b))
		return; /* completed at the call sites (reposcan_summary.c) */
	listen_here(f, i, call, a, b, dflt);
}

/* engine.Run(addr), e.Start(addr): the engine is the handler served
 * there (route served_by). */
static void router_listen(struct fscan *f, int i, const char *call, int a, int b, const char *dflt,
			  int ra, int rb)
{
	size_t nl = f->s->nlistens, nt = rs_sum(f->s)->nt;

	add_listen(f, i, call, a, b, dflt);
	rs_listen_handler(f, nl, nt, rs_text(f, ra, rb));
}

/* engine.Run(addr), e.Start(addr) on a name this file does not know: a
 * router in a package variable of another file, maybe; kept once all
 * files are in if the variable is a router of that family. */
static void pkgvar_listen(struct fscan *f, int i, int ra, int rb, enum reposcan_family fam,
			  const char *call, int a, int b, const char *dflt)
{
	if (ra < 0 || ra != rb || !rs_is_ident(f, ra) || f->top < 0 || rs_is_local(f, ra))
		return;
	for (int k = 0; k < f->nimps; k++)
		if (f->imps[k].nlen == f->t[ra].len &&
		    memcmp(f->imps[k].name, f->src + f->t[ra].off, f->imps[k].nlen) == 0)
			return; /* a package's function */
	listen_here(f, i, call, a, b, dflt);
	if (!rs_pkgvar_listen(f, ra, fam, f->s->nlistens - 1))
		f->s->nlistens--;
}

/* http.Server{Addr: ...} composite literals (also &http.Server{...}). */
/* var xDesc = grpc.ServiceDesc{ServiceName: "pkg.Svc", ...}: remembered so
 * that RegisterService(&xDesc, impl) and Register<Svc>Server get the full
 * service name reflection reports. */
static void service_desc(struct fscan *f, int i, int lb, int rb)
{
	struct reposcan_state *st = f->s->priv;
	int k = i - 3; /* the token before grpc.ServiceDesc */
	char var[KEYLEN];

	if (rs_is_op(f, k, GOOP_AND))
		k--;
	if (!(rs_is_op(f, k, GOOP_ASSIGN) || rs_is_op(f, k, GOOP_DEFINE)) ||
	    !rs_is_ident(f, k - 1) || rs_key(f, k - 1, k - 1, var, sizeof var) < 0)
		return;
	for (int j = lb + 1; j < rb; j++) {
		if (rs_tok_is(f, j, "ServiceName") && rs_is_op(f, j + 1, GOOP_COLON) &&
		    rs_is_str(f, j + 2)) {
			const char *name = rs_arg_string(f, j + 2, j + 2);

			if (name == NULL || st->ndescs >= 10000)
				return;
			if (st->ndescs == st->descs_cap)
				st->descs = xgrow(st->descs, &st->descs_cap, st->ndescs + 1,
						  sizeof *st->descs);
			st->descs[st->ndescs].dir = reposcan_strdup(f->s, f->s->files[f->file].dir);
			st->descs[st->ndescs].var = reposcan_strdup(f->s, var);
			st->descs[st->ndescs].service = name;
			st->ndescs++;
			return;
		}
		if ((rs_is_op(f, j, GOOP_LPAREN) || rs_is_op(f, j, GOOP_LBRACK) ||
		     rs_is_op(f, j, GOOP_LBRACE)) &&
		    f->m[j] > j)
			j = f->m[j];
	}
}

void rs_composite(struct fscan *f, int i)
{
	int lb = i + 1, rb = f->m[lb];

	if (rb > lb) {
		rs_sum_literal_funcv(f, rs_is_op(f, i - 1, GOOP_AND) ? i - 1 : i, rb);
		rs_sum_ctor(f, i);
	}
	if (rb > lb && rs_tok_is(f, i, "ServiceDesc") && rs_is_op(f, i - 1, GOOP_PERIOD) &&
	    rs_is_role(f, i - 2, IMP_GRPC)) {
		service_desc(f, i, lb, rb);
		return;
	}
	if (rb <= lb || !rs_tok_is(f, i, "Server") || !rs_is_op(f, i - 1, GOOP_PERIOD) ||
	    !rs_is_role(f, i - 2, IMP_HTTP))
		return;
	for (int k = lb + 1; k < rb; k++) {
		if (rs_tok_is(f, k, "Addr") && rs_is_op(f, k + 1, GOOP_COLON) &&
		    (rs_is_op(f, k - 1, GOOP_LBRACE) || rs_is_op(f, k - 1, GOOP_COMMA) ||
		     f->t[k - 1].kind == GOTOK_SEMI)) {
			int e = k + 2;

			while (e < rb && !rs_is_op(f, e, GOOP_COMMA) &&
			       f->t[e].kind != GOTOK_SEMI) {
				if ((rs_is_op(f, e, GOOP_LPAREN) || rs_is_op(f, e, GOOP_LBRACK) ||
				     rs_is_op(f, e, GOOP_LBRACE)) &&
				    f->m[e] > e)
					e = f->m[e];
				e++;
			}
			if (e > k + 2)
				add_listen(f, i, "http.Server{Addr}", k + 2, e - 1, NULL);
			return;
		}
		if ((rs_is_op(f, k, GOOP_LPAREN) || rs_is_op(f, k, GOOP_LBRACK) ||
		     rs_is_op(f, k, GOOP_LBRACE)) &&
		    f->m[k] > k)
			k = f->m[k];
	}
}

/* ---- tickers ---- */

static void ticker_call(struct fscan *f, int i, int ra, int lp)
{
	struct reposcan *s = f->s;
	int as[4], ae[4], na = rs_args(f, lp, as, ae, 4), rp = f->m[lp];
	struct reposcan_ticker *tk;
	struct pendtick *p;
	const struct frame *fr = rs_frame(f);
	int before = ra - 1;

	tk = PUSH(s, tickers, ntickers, tickers_cap);
	tk->at = rs_site(f, i);
	tk->call = rs_text(f, ra, i);
	tk->consumer = fr->name != NULL ? fr->name : "";
	tk->consumer_symbol = fr->symbol;
	if ((p = FPUSH(f, pt, npt, ptcap)) == NULL)
		return;
	p->idx = s->ntickers - 1;
	p->top = f->top;
	p->lit_tok = -1;
	if (rs_tok_is(f, i, "AfterFunc")) {
		tk->consumer_found = 1;
		if (na >= 2 && rs_is_kw(f, as[1], GOKW_FUNC)) {
			p->lit_tok = as[1];
		} else if (na >= 2) {
			const char *sym = rs_func_symbol(f, as[1], ae[1]);

			tk->consumer = rs_text(f, as[1], ae[1]);
			tk->consumer_symbol = sym;
		}
		return;
	}
	/* for range time.Tick(d) / <-time.Tick(d): consumed right here. */
	if (rs_is_kw(f, before, GOKW_RANGE) || rs_is_op(f, before, GOOP_ARROW)) {
		tk->consumer_found = 1;
		return;
	}
	if ((rs_is_op(f, before, GOOP_DEFINE) || rs_is_op(f, before, GOOP_ASSIGN)) && rp > lp &&
	    (f->t[rp + 1].kind == GOTOK_SEMI || rs_is_op(f, rp + 1, GOOP_RPAREN) ||
	     rs_is_op(f, rp + 1, GOOP_RBRACE))) {
		int ls = rs_expr_start(f, before - 1);

		if (ls >= 0 && !rs_is_op(f, ls - 1, GOOP_COMMA) &&
		    rs_key(f, ls, before - 1, p->key, sizeof p->key) >= 0) {
			tk->var = reposcan_strdup(s, p->key);
			if (rs_tok_is(f, i, "NewTicker") && strlen(p->key) + 2 < sizeof p->key)
				strcat(p->key, ".C");
		}
	}
}

void rs_receive(struct fscan *f, int i)
{
	int a = i + 1, b = a;
	struct recvrec *r;
	const struct frame *fr = rs_frame(f);

	while (b + 2 < f->nt && rs_is_op(f, b + 1, GOOP_PERIOD) && rs_is_ident(f, b + 2))
		b += 2;
	if (!rs_is_ident(f, a) || rs_is_op(f, b + 1, GOOP_LPAREN))
		return;
	if ((r = FPUSH(f, recvs, nrecvs, recvcap)) == NULL)
		return;
	if (rs_key(f, a, b, r->key, sizeof r->key) < 0) {
		f->nrecvs--;
		return;
	}
	r->top = f->top;
	r->tok = i;
	r->func = fr->name;
	r->symbol = fr->symbol;
	r->is_go = fr->is_go;
}

/* ---- embed.FS lookups ---- */

static void embed_call(struct fscan *f, int i, int ra, int rb, int lp)
{
	struct reposcan *s = f->s;
	int as[3], ae[3], na = rs_args(f, lp, as, ae, 3), va, vb, pa;
	struct reposcan_embedcall *c;
	char path[1024];
	size_t n;

	if (ra < 0)
		return;
	if (ra == rb && rs_is_role(f, ra, IMP_FS)) {
		if (na < 2)
			return;
		va = as[0];
		vb = ae[0];
		pa = as[1];
	} else {
		if (na != 1)
			return;
		va = ra;
		vb = rb;
		pa = as[0];
	}
	if (!rs_is_str(f, pa) || golex_unquote(f->src, &f->t[pa], path, sizeof path, &n) < 0)
		return;
	if (va == vb && rs_is_ident(f, va)) {
		/* A package name (os.ReadFile) is never an embed.FS variable. */
		for (int k = 0; k < f->nimps; k++)
			if (f->imps[k].nlen == f->t[va].len &&
			    memcmp(f->imps[k].name, f->src + f->t[va].off, f->imps[k].nlen) == 0)
				return;
	}
	c = PUSH(s, embedcalls, nembedcalls, embedcalls_cap);
	c->at = rs_site(f, i);
	c->var = rs_text(f, va, vb);
	c->call = ra == rb && rs_is_role(f, ra, IMP_FS)
		      ? reposcan_printf(s, "fs.%.*s", (int)f->t[i].len, f->src + f->t[i].off)
		      : rs_text(f, i, i);
	c->path = reposcan_strndup(s, path, n);
	c->valid = reposcan_valid_fs_path(c->path, &c->why);
}

/* ---- dispatch ---- */

static void flag_stringvar(struct fscan *f, int i, int lp);

void rs_call(struct fscan *f, int i)
{
	const struct gotok *t = &f->t[i];
	const char *name = f->src + t->off;
	int lp = i + 1, ra = -1, rb = -1, n = (int)t->len;

	if (f->m[lp] <= lp)
		return;
	if (rs_is_op(f, i - 1, GOOP_PERIOD)) {
		rb = i - 2;
		ra = rs_expr_start(f, rb);
		if (ra < 0)
			return;
	} else if (rs_funcv_call(f, i)) {
		return;
	} else {
		rs_funcv_param_call(f, i, lp); /* add(p, h), add a parameter */
	}
	rs_sum_call(f, i, ra, rb, lp);
	rs_mw_call(f, i, lp);
	/* Cheap filter on the first letter before any string compare. */
	switch (name[0]) {
	case 'A':
		if (ra >= 0 && rs_is_role(f, ra, IMP_TIME) && ra == rb &&
		    rs_tok_is(f, i, "AfterFunc"))
			ticker_call(f, i, ra, lp);
		else if (rs_tok_is(f, i, "Any") || rs_tok_is(f, i, "Add"))
			rs_route_call(f, i, ra, rb, lp);
		return;
	case 'C':
	case 'D':
	case 'G':
	case 'H':
	case 'M':
	case 'O':
	case 'P':
	case 'T':
	case 'R':
		break;
	case 'L':
		if (ra >= 0 && ra == rb) {
			int as[4], ae[4], na = rs_args(f, lp, as, ae, 4);

			if (rs_is_role(f, ra, IMP_HTTP) &&
			    (rs_tok_is(f, i, "ListenAndServe") ||
			     rs_tok_is(f, i, "ListenAndServeTLS")) &&
			    na >= 1) {
				size_t nl = f->s->nlistens, nt = rs_sum(f->s)->nt;

				add_listen(f, i, rs_text(f, ra, i), as[0], ae[0], NULL);
				if (na >= 2) /* the handler served there (route served_addr) */
					rs_listen_handler(f, nl, nt, rs_text(f, as[1], ae[1]));
			} else if ((rs_is_role(f, ra, IMP_NET) || rs_is_role(f, ra, IMP_TLS)) &&
				   rs_tok_is(f, i, "Listen") && na >= 2) {
				const char *netw = rs_arg_string(f, as[0], ae[0]);

				if (netw == NULL || strncmp(netw, "tcp", 3) == 0)
					add_listen(f, i, rs_text(f, ra, i), as[1], ae[1], NULL);
			}
		}
		return;
	case 'N':
		if (ra >= 0 && ra == rb && rs_is_role(f, ra, IMP_TIME) &&
		    rs_tok_is(f, i, "NewTicker"))
			ticker_call(f, i, ra, lp);
		return;
	case 'U':
		if (n == 3 && rs_tok_is(f, i, "Use"))
			rs_use_call(f, i, ra, rb, lp);
		return;
	case 'W':
		if (rs_tok_is(f, i, "WatchConfig"))
			rs_viper_call(f, i, ra, rb, lp);
		return;
	case 'S':
		if (rs_tok_is(f, i, "Serve") && ra >= 0) {
			struct serverec *sv = FPUSH(f, serves, nserves, servecap);

			if (sv == NULL)
				return;
			if (rs_key(f, ra, rb, sv->key, sizeof sv->key) < 0)
				f->nserves--;
			sv->tok = i;
			sv->line = (int)t->line;
		} else if (rs_tok_is(f, i, "Start") || rs_tok_is(f, i, "StartTLS")) {
			struct rinfo ri;
			int as[2], ae[2], na = rs_args(f, lp, as, ae, 2);

			if (ra >= 0 && na >= 1 && rs_resolve_router(f, ra, rb, &ri, 0)) {
				if (ri.fam == RS_ECHO)
					router_listen(f, i, "echo.Start", as[0], ae[0], NULL, ra,
						      rb);
			} else if (na >= 1) {
				pkgvar_listen(f, i, ra, rb, RS_ECHO, "echo.Start", as[0], ae[0],
					      NULL);
			}
		} else if (rs_tok_is(f, i, "StringVar")) {
			if (ra >= 0 && ra == rb && rs_is_role(f, ra, IMP_FLAG))
				flag_stringvar(f, i, lp);
		} else if (rs_tok_is(f, i, "Sub") || rs_tok_is(f, i, "Stat")) {
			embed_call(f, i, ra, rb, lp);
		}
		return;
	default:
		return;
	}
	if (n > 14 && memcmp(name, "Register", 8) == 0 && memcmp(name + n - 6, "Server", 6) == 0) {
		grpc_register(f, i, ra, lp);
		return;
	}
	if (n == 15 && memcmp(name, "RegisterService", 15) == 0) {
		grpc_register(f, i, ra, lp);
		return;
	}
	if (n == 8 && memcmp(name, "Register", 8) == 0) {
		if (ra >= 0 && rs_is_role(f, ra, IMP_REFLECTION))
			grpc_register(f, i, ra, lp);
		return;
	}
	if (rs_tok_is(f, i, "Tick")) {
		if (ra >= 0 && ra == rb && rs_is_role(f, ra, IMP_TIME))
			ticker_call(f, i, ra, lp);
		return;
	}
	if (rs_tok_is(f, i, "Run")) {
		struct rinfo ri;
		int as[2], ae[2], na = rs_args(f, lp, as, ae, 2);

		if (ra >= 0 && rs_resolve_router(f, ra, rb, &ri, 0)) {
			if (ri.fam == RS_GIN)
				router_listen(f, i, "gin.Run", na >= 1 ? as[0] : -1,
					      na >= 1 ? ae[0] : -1, ":8080", ra, rb);
		} else {
			pkgvar_listen(f, i, ra, rb, RS_GIN, "gin.Run", na >= 1 ? as[0] : -1,
				      na >= 1 ? ae[0] : -1, ":8080");
		}
		return;
	}
	if (rs_tok_is(f, i, "OnConfigChange")) {
		rs_viper_call(f, i, ra, rb, lp);
		return;
	}
	if (rs_tok_is(f, i, "Open")) {
		if (ra >= 0 && ra == rb && rs_is_role(f, ra, IMP_PLUGIN)) {
			struct reposcan_plugin *p = PUSH(f->s, plugins, nplugins, plugins_cap);
			int as[2], ae[2];

			p->at = rs_site(f, i);
			if (rs_args(f, lp, as, ae, 2) >= 1) {
				p->expr = rs_text(f, as[0], ae[0]);
				p->path = rs_arg_string(f, as[0], ae[0]);
			} else {
				p->expr = "";
			}
			return;
		}
		embed_call(f, i, ra, rb, lp);
		return;
	}
	if (rs_tok_is(f, i, "ReadFile") || rs_tok_is(f, i, "ReadDir")) {
		embed_call(f, i, ra, rb, lp);
		return;
	}
	rs_route_call(f, i, ra, rb, lp);
}

/* ---- assignments: bindings ---- */

void rs_assign(struct fscan *f, int i)
{
	int lhs_b = i - 1, lhs_a, rhs = i + 1, end = i + 1;
	char key[KEYLEN];
	struct binding *b;
	struct rinfo ri;

	/* var NAME TYPE = ...: the name follows the keyword. */
	if (rs_is_op(f, i, GOOP_ASSIGN)) {
		for (int k = i - 1; k > i - 8 && k >= 0; k--) {
			if (rs_is_kw(f, k, GOKW_VAR) || rs_is_kw(f, k, GOKW_CONST)) {
				lhs_b = k + 1;
				break;
			}
			if (f->t[k].kind == GOTOK_SEMI || rs_is_op(f, k, GOOP_LBRACE) ||
			    rs_is_op(f, k, GOOP_LPAREN))
				break;
		}
	}
	lhs_a = rs_expr_start(f, lhs_b);
	if (lhs_a < 0 || rs_is_op(f, lhs_a - 1, GOOP_COMMA) || rs_is_op(f, lhs_b + 1, GOOP_COMMA))
		return;
	if (rs_key(f, lhs_a, lhs_b, key, sizeof key) < 0)
		return;
	while (end < f->nt && f->t[end].kind != GOTOK_SEMI && !rs_is_op(f, end, GOOP_RPAREN) &&
	       !rs_is_op(f, end, GOOP_RBRACE) && !rs_is_op(f, end, GOOP_COMMA) && end - rhs < 256) {
		if ((rs_is_op(f, end, GOOP_LPAREN) || rs_is_op(f, end, GOOP_LBRACK) ||
		     rs_is_op(f, end, GOOP_LBRACE)) &&
		    f->m[end] > end)
			end = f->m[end];
		end++;
	}
	end--;
	if (end < rhs)
		return;
	rs_sum_const(f, i, lhs_a, lhs_b, rhs, end);
	rs_recv_note(f, lhs_a, lhs_b, rhs, end);
	rs_fieldset_assign(f, i, lhs_a, lhs_b, rhs, end);
	if (rhs == end && rs_is_str(f, rhs)) {
		enum reposcan_addr_source src;
		const char *name, *v = rs_string(f, rhs, end, &src, &name);

		b = rs_is_op(f, i, GOOP_ASSIGN) ? rs_lookup(f, key, i) : NULL;
		if (b != NULL && b->kind == B_ENV && b->value == NULL) {
			b->value = v; /* the fallback when the variable is empty */
			b->src = RS_ADDR_ENV;
			return;
		}
		if ((b = rs_bind(f, key, B_STR, i)) != NULL)
			b->value = v;
		return;
	}
	/* x := os.Getenv("X") */
	if (end == rhs + 5 && rs_is_role(f, rhs, IMP_OS) && rs_tok_is(f, rhs + 2, "Getenv")) {
		enum reposcan_addr_source src;
		const char *name;

		if ((b = rs_bind(f, key, B_ENV, i)) != NULL) {
			b->srcname = rs_string(f, rhs + 4, rhs + 4, &src, &name);
			b->src = RS_ADDR_ENV;
		}
		return;
	}
	/* p := flag.String("name", "default", "usage") */
	if (rs_is_role(f, rhs, IMP_FLAG) && rs_is_op(f, rhs + 1, GOOP_PERIOD) &&
	    rs_tok_is(f, rhs + 2, "String") && rs_is_op(f, rhs + 3, GOOP_LPAREN)) {
		int as[3], ae[3];
		char dkey[KEYLEN + 1];

		if (rs_args(f, rhs + 3, as, ae, 3) >= 2) {
			snprintf(dkey, sizeof dkey, "*%s", key);
			if ((b = rs_bind(f, dkey, B_FLAG, i)) != NULL) {
				b->srcname = rs_arg_string(f, as[0], ae[0]);
				b->value = rs_arg_string(f, as[1], ae[1]);
				b->src = RS_ADDR_FLAG;
			}
		}
		return;
	}
	if (rs_is_role(f, rhs, IMP_GRPC) && rs_tok_is(f, rhs + 2, "NewServer")) {
		rs_bind(f, key, B_GRPC, i);
		return;
	}
	if (rs_resolve_router(f, rhs, end, &ri, 0)) {
		if ((b = rs_bind(f, key, B_ROUTER, i)) != NULL) {
			b->fam = ri.fam;
			b->guessed = ri.guessed;
			b->is_root = ri.is_root;
			b->prefix = ri.prefix;
			if (!ri.is_root)
				snprintf(b->parent, sizeof b->parent, "%s", ri.base);
		}
		rs_pkgvar_assign(f, lhs_a, lhs_b, &ri);
		return;
	}
	rs_pkgvar_group(f, lhs_a, lhs_b, rhs, end);
	rs_sum_assign(f, i, lhs_a, lhs_b, rhs, end);
}

/* flag.StringVar(&addr, "name", "default", "usage"): handled as a call. */
static void flag_stringvar(struct fscan *f, int i, int lp)
{
	int as[4], ae[4];
	char key[KEYLEN];
	struct binding *b;

	if (rs_args(f, lp, as, ae, 4) < 3 || !rs_is_op(f, as[0], GOOP_AND))
		return;
	if (rs_key(f, as[0] + 1, ae[0], key, sizeof key) < 0)
		return;
	if ((b = rs_bind(f, key, B_FLAG, i)) != NULL) {
		b->srcname = rs_arg_string(f, as[1], ae[1]);
		b->value = rs_arg_string(f, as[2], ae[2]);
		b->src = RS_ADDR_FLAG;
		b->top = -1; /* flags are package-wide in practice */
	}
}

/* ---- end of a top-level function / file ---- */

void rs_end_top(struct fscan *f)
{
	struct reposcan *s = f->s;

	for (int k = 0; k < f->npg; k++) {
		struct reposcan_grpc *g = &s->grpcs[f->pg[k].idx];
		int any_served = 0, this_served = 0;

		for (int j = 0; j < f->nserves; j++) {
			if (strcmp(f->serves[j].key, f->pg[k].key) == 0) {
				this_served = 1;
				if (f->serves[j].tok < f->pg[k].tok) {
					g->after_serve = 1;
					g->serve_line = f->serves[j].line;
				}
			}
			/* Only Serve calls on gRPC servers count as "the one served". */
			{
				struct binding *b =
				    rs_lookup(f, f->serves[j].key, f->serves[j].tok);

				if (b != NULL && b->kind == B_GRPC) {
					any_served = 1;
					if (g->served == NULL)
						g->served = reposcan_strdup(s, f->serves[j].key);
					if (g->serve_line == 0)
						g->serve_line = f->serves[j].line;
				}
			}
		}
		if (any_served && !this_served)
			g->other_server = 1;
	}
}

void rs_end_file(struct fscan *f)
{
	struct reposcan *s = f->s;

	rs_pkgvar_decls(f);
	for (int k = 0; k < f->npt; k++) {
		struct pendtick *p = &f->pt[k];

		if (p->lit_tok >= 0) {
			for (int c = 0; c < f->ncl; c++) {
				if (f->cl[c].func_tok != p->lit_tok)
					continue;
				if (p->top == -2) {
					s->routes[p->idx].handler_symbol = f->cl[c].symbol;
				} else {
					s->tickers[p->idx].consumer = f->cl[c].name;
					s->tickers[p->idx].consumer_symbol = f->cl[c].symbol;
				}
			}
			continue;
		}
		if (p->key[0] == '\0')
			continue;
		/* A receive on the channel: first in the same function, then
		 * anywhere in the file (a struct field looped on in a method). */
		for (int pass = 0; pass < 2; pass++) {
			for (int r = 0; r < f->nrecvs; r++) {
				const char *rk = f->recvs[r].key, *pk = p->key;

				if (pass == 0 && f->recvs[r].top != p->top)
					continue;
				if (pass == 1) {
					const char *d1 = strchr(rk, '.'), *d2 = strchr(pk, '.');

					if (d1 == NULL || d2 == NULL || strchr(d2 + 1, '.') == NULL)
						continue;
					rk = d1;
					pk = d2;
				}
				if (strcmp(rk, pk) != 0)
					continue;
				s->tickers[p->idx].consumer_found = 1;
				s->tickers[p->idx].consumer = f->recvs[r].func;
				s->tickers[p->idx].consumer_symbol = f->recvs[r].symbol;
				s->tickers[p->idx].started_by_go |= f->recvs[r].is_go;
				pass = 2;
				break;
			}
		}
	}
}
