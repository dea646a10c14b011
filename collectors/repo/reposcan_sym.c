/* reposcan_sym.c: the per-file half of the function summaries: symbolic
 * values of expressions, parameters of the enclosing function, and the
 * calls, constants and route-table elements that may complete a template
 * (the templates themselves: reposcan_tmpl.c); see reposcan_sum.h. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

const void *rs_has_sub(const char *p, size_t n, const char *w, size_t wl)
{
	if (wl == 0 || wl > n)
		return NULL;
	for (size_t i = 0; i + wl <= n; i++)
		if (p[i] == w[0] && memcmp(p + i, w, wl) == 0)
			return p + i;
	return NULL;
}

struct sum_state *rs_sum(struct reposcan *s)
{
	struct reposcan_state *st = s->priv;

	if (st->sum == NULL)
		st->sum = xcalloc(1, sizeof *st->sum);
	return st->sum;
}

int rs_sv_has(const char *v, char kind)
{
	for (const char *p = v; p != NULL && (p = strchr(p, SV_M)) != NULL; p++)
		if (kind == 0 || p[1] == kind)
			return 1;
	return 0;
}

/* "\1P<k>\2" and "\1R<k>\2" for the first parameters, built once. */
const char *rs_mark(struct fscan *f, char kind, int k)
{
	static char cache[2][16][8];
	int w = kind == 'R';

	if (k < 0 || k >= 16)
		return reposcan_printf(f->s, "%c%c%d%c", SV_M, kind, k, SV_E);
	if (cache[w][k][0] == '\0')
		snprintf(cache[w][k], sizeof cache[w][k], "%c%c%d%c", SV_M, kind, k, SV_E);
	return cache[w][k];
}

static const char *const run_time = "\001?computed at run time\002";

static const char *unknown(struct fscan *f, const char *fmt, const char *what)
{
	return reposcan_printf(f->s, "%c?%s%c", SV_M,
			       reposcan_printf(f->s, fmt, what != NULL ? what : "?"), SV_E);
}

/* ---- parameters ---- */

/* The frame whose parameters markers refer to: the innermost closure
 * assigned to a variable, else the top-level function (frame 0). */
static int id_frame(const struct fscan *f)
{
	for (int j = f->nfr - 1; j > 0; j--)
		if (f->fr[j].var != NULL)
			return j;
	return 0;
}

/* Reads a frame's parameter list once: names and type ranges. */
static void frame_params(const struct fscan *f, struct frame *fr)
{
	int plp = fr->plp, rp, k, n = 0;

	fr->pdone = 1;
	fr->pn = 0;
	if (plp < 0 || plp >= f->nt || (rp = f->m[plp]) <= plp)
		return;
	for (k = plp + 1; k < rp && n < 16;) {
		int e = k;

		while (e < rp && !rs_is_op(f, e, GOOP_COMMA)) {
			if ((rs_is_op(f, e, GOOP_LPAREN) || rs_is_op(f, e, GOOP_LBRACK) ||
			     rs_is_op(f, e, GOOP_LBRACE)) &&
			    f->m[e] > e)
				e = f->m[e];
			e++;
		}
		fr->ptok[n] = rs_is_ident(f, k) && !rs_is_op(f, k + 1, GOOP_PERIOD) ? k : -1;
		fr->pta[n] = e - 1 > k ? k + 1 : -1;
		fr->ptb[n] = e - 1;
		n++;
		k = e + 1;
	}
	/* "a, b string": a takes the type of the next item that has one */
	for (int i = n - 2; i >= 0; i--)
		if (fr->pta[i] < 0) {
			fr->pta[i] = fr->pta[i + 1];
			fr->ptb[i] = fr->ptb[i + 1];
		}
	fr->pn = n;
}

int rs_param(const struct fscan *cf, int tok, int *ta, int *tb)
{
	struct fscan *f = (struct fscan *)cf;
	int id = id_frame(f);
	const char *name;
	uint32_t len;

	if (f->nfr == 0 || !rs_is_ident(f, tok))
		return -1;
	name = f->src + f->t[tok].off;
	len = f->t[tok].len;
	for (int j = f->nfr - 1; j >= id; j--) {
		struct frame *fr = &f->fr[j];

		if (!fr->pdone)
			frame_params(f, fr);
		for (int k = 0; k < fr->pn; k++) {
			int p = fr->ptok[k];

			if (p < 0 || f->t[p].len != len ||
			    memcmp(f->src + f->t[p].off, name, len) != 0)
				continue;
			if (ta != NULL) {
				*ta = fr->pta[k];
				*tb = fr->ptb[k];
			}
			return j == id ? k : -2;
		}
	}
	return -1;
}

/* A parameter whose type names a router ("chi.Router", "*gin.RouterGroup",
 * "*mux.Router", "*http.ServeMux", a home-made "*Router"): a router whose
 * prefix comes from the caller. */
int rs_param_router(struct fscan *f, int tok, struct rinfo *ri)
{
	static const char *const words[] = {"Router", "Mux", "Engine", "Group", "Echo", "IRoutes"};
	int ta, tb, k = rs_param(f, tok, &ta, &tb), hit = 0;

	if (k < 0 || ta < 0)
		return 0;
	memset(ri, 0, sizeof *ri);
	ri->fam = RS_FAMILY_UNKNOWN;
	for (int j = ta; j <= tb; j++) {
		if (!rs_is_ident(f, j))
			continue;
		for (size_t w = 0; w < ARRAY_LEN(words); w++)
			if (rs_has_sub(f->src + f->t[j].off, f->t[j].len, words[w],
				       strlen(words[w])))
				hit = 1;
		if (rs_is_role(f, j, IMP_CHI))
			ri->fam = RS_CHI;
		else if (rs_is_role(f, j, IMP_GIN))
			ri->fam = RS_GIN;
		else if (rs_is_role(f, j, IMP_ECHO))
			ri->fam = RS_ECHO;
		else if (rs_is_role(f, j, IMP_GORILLA))
			ri->fam = RS_GORILLA;
		else if (rs_is_role(f, j, IMP_HTTP))
			ri->fam = RS_NETHTTP;
	}
	if (!hit)
		return 0;
	ri->known = 1;
	ri->guessed = ri->fam == RS_FAMILY_UNKNOWN;
	/* e *echo.Echo is the root: its Use wraps every route per request */
	ri->is_root = ri->fam == RS_ECHO && rs_tok_is(f, tb, "Echo");
	ri->prefix = rs_mark(f, 'R', k);
	rs_key(f, tok, tok, ri->base, sizeof ri->base);
	return 1;
}

static const char *base_type(struct reposcan *s, const char *recv_type)
{
	const char *p = recv_type;
	size_t n;

	if (p == NULL)
		return NULL;
	while (*p == '(' || *p == '*')
		p++;
	n = strcspn(p, ")[");
	return reposcan_strndup(s, p, n);
}

static void fd_names(struct fscan *f, struct funcdecl *fd)
{
	char name[KEYLEN];

	if (fd->raw != NULL)
		return;
	rs_key(f, fd->name_tok, fd->name_tok, name, sizeof name);
	fd->raw = reposcan_strdup(f->s, name);
	fd->recv_base = base_type(f->s, fd->recv_type);
}

void rs_sum_fn(const struct fscan *cf, struct sum_fn *fn)
{
	struct fscan *f = (struct fscan *)cf;
	int id = id_frame(f);

	memset(fn, 0, sizeof *fn);
	fn->pkg = f->s->files[f->file].symbol_pkg;
	fn->file = fn->top = -1;
	fn->name = "";
	if (id > 0) {
		fn->name = f->fr[id].var;
		if (f->top >= 0) {
			fn->file = (int)f->file;
			fn->top = f->top;
		}
	} else if (f->top >= 0) {
		fd_names(f, &f->funcs[f->top]);
		fn->name = f->funcs[f->top].raw;
		fn->recv = f->funcs[f->top].recv_base;
	}
}

void rs_sum_method(struct fscan *f, const struct funcdecl *cfd)
{
	struct sum_state *ss = rs_sum(f->s);
	struct funcdecl *fd = (struct funcdecl *)cfd;
	struct sum_method *m;

	if (fd->recv_type == NULL)
		return;
	fd_names(f, fd);
	m = PUSH(ss, m, nm, mcap);
	m->name = fd->raw;
	m->recv = fd->recv_base;
	m->pkg = f->s->files[f->file].symbol_pkg;
}

/* ---- symbolic values ---- */

static const char *import_path(const struct fscan *f, int tok)
{
	for (int k = 0; k < f->nimps; k++)
		if (f->imps[k].nlen == f->t[tok].len &&
		    memcmp(f->imps[k].name, f->src + f->t[tok].off, f->t[tok].len) == 0)
			return reposcan_strndup(f->s, f->imps[k].path, f->imps[k].plen);
	return NULL;
}

/* "\1<kind><a>\3<b>\2" without printf (this runs for many calls). */
static const char *mk(struct fscan *f, char kind, const char *a, const char *b)
{
	char tmp[600];
	size_t la = strlen(a), lb = strlen(b);

	if (la + lb + 5 > sizeof tmp)
		return run_time;
	tmp[0] = SV_M;
	tmp[1] = kind;
	memcpy(tmp + 2, a, la);
	tmp[2 + la] = SV_S;
	memcpy(tmp + 3 + la, b, lb);
	tmp[3 + la + lb] = SV_E;
	return reposcan_strndup(f->s, tmp, la + lb + 4);
}

/* Is token a the receiver of the method being scanned? */
static int self_recv(const struct fscan *f, int a)
{
	const struct funcdecl *fd = f->top >= 0 ? &f->funcs[f->top] : NULL;

	return fd != NULL && fd->recv_name != NULL && rs_tok_is(f, a, fd->recv_name);
}

const char *rs_recv_router_mark(struct fscan *f, int a, int b)
{
	char fld[KEYLEN];

	if (b != a + 2 || !rs_is_ident(f, a) || !rs_is_op(f, a + 1, GOOP_PERIOD) ||
	    !rs_is_ident(f, b) || !self_recv(f, a) || id_frame(f) != 0 ||
	    rs_key(f, b, b, fld, sizeof fld) < 0)
		return NULL;
	return reposcan_printf(f->s, "%cG%s%c", SV_M, fld, SV_E);
}

/* a.b or a.b.c...: identifiers joined by periods only. */
static int selector_chain(const struct fscan *f, int a, int b)
{
	if (b < a + 2 || (b - a) % 2 != 0)
		return 0;
	for (int k = a; k <= b; k += 2)
		if (!rs_is_ident(f, k) || (k < b && !rs_is_op(f, k + 1, GOOP_PERIOD)))
			return 0;
	return 1;
}

/* cheap: a generic reason for what is not computable (no text kept). */
static const char *enc_d(struct fscan *f, int a, int b, int depth, int cheap)
{
	char key[KEYLEN], buf[1024];
	size_t n;
	struct binding *bd;
	int k, ta, tb;

	if (a < 0 || b < a || b >= f->nt || depth > 16)
		return run_time;
	while (rs_is_op(f, a, GOOP_LPAREN) && f->m[a] == b && b - a >= 2) {
		a++;
		b--;
	}
	if (a == b && rs_is_str(f, a)) {
		if (golex_unquote(f->src, &f->t[a], buf, sizeof buf, &n) < 0 ||
		    memchr(buf, SV_M, n) || memchr(buf, SV_E, n) || memchr(buf, SV_S, n))
			return unknown(f, "%s", "a string the scan does not decode");
		return reposcan_strndup(f->s, buf, n);
	}
	for (k = b - 1; k > a; k--) {
		if (rs_is_op(f, k, GOOP_RPAREN) || rs_is_op(f, k, GOOP_RBRACK)) {
			if (f->m[k] > a && f->m[k] < k)
				k = f->m[k];
			continue;
		}
		if (rs_is_op(f, k, GOOP_ADD))
			return reposcan_printf(f->s, "%s%s", enc_d(f, a, k - 1, depth + 1, cheap),
					       enc_d(f, k + 1, b, depth + 1, cheap));
	}
	if (rs_key(f, a, b, key, sizeof key) < 0)
		return unknown(f, "%s", "a long expression");
	bd = rs_lookup(f, key, a);
	if (bd != NULL) {
		switch (bd->kind) {
		case B_STR:
		case B_FLAG:
			if (bd->value != NULL)
				return bd->value;
			if (bd->enc != NULL)
				return bd->enc;
			return unknown(f, "%s is not a constant", key);
		case B_ENV:
			if (bd->value != NULL)
				return bd->value;
			return unknown(f, "%s comes from the environment", key);
		case B_ELEM:
			return mk(f, 'E', bd->value, bd->srcname != NULL ? "\004" : "");
		default:
			return unknown(f, "%s is not a string", key);
		}
	}
	if (a == b && rs_is_ident(f, a)) {
		k = rs_param(f, a, &ta, &tb);
		if (k >= 0)
			return rs_mark(f, 'P', k);
		if (k == -2)
			return unknown(f, "%s is a parameter of a function literal", key);
		return mk(f, 'C', f->s->files[f->file].symbol_pkg, key);
	}
	if (b == a + 2 && rs_is_ident(f, a) && rs_is_op(f, a + 1, GOOP_PERIOD) &&
	    rs_is_ident(f, b)) {
		const char *ip = import_path(f, a);
		char v[KEYLEN], fld[KEYLEN];

		rs_key(f, b, b, fld, sizeof fld);
		if (ip != NULL)
			return mk(f, 'C', ip, fld);
		if (self_recv(f, a) && id_frame(f) == 0)
			return reposcan_printf(f->s, "%cF%s%c", SV_M, fld, SV_E);
		rs_key(f, a, a, v, sizeof v);
		bd = rs_lookup(f, v, a);
		if (bd != NULL && bd->kind == B_ELEM && bd->srcname == NULL)
			return mk(f, 'E', bd->value, fld);
	}
	if (selector_chain(f, a, b) && !self_recv(f, a)) {
		/* cfg.Addr, cfg.HTTP.Addr, config.Default.Addr: a field of a
		 * package-level struct variable (reposcan_fieldset.c) */
		const char *ip = import_path(f, a);

		if (ip != NULL && b > a + 2)
			return mk(f, 'C', ip, key + f->t[a].len + 1);
		if (ip == NULL && !rs_is_local(f, a))
			return mk(f, 'C', f->s->files[f->file].symbol_pkg, key);
	}
	return cheap ? run_time : unknown(f, "%s is computed at run time", rs_text(f, a, b));
}

const char *rs_enc(struct fscan *f, int a, int b)
{
	return enc_d(f, a, b, 0, 0);
}

const char *rs_enc_cheap(struct fscan *f, int a, int b)
{
	return enc_d(f, a, b, 0, 1);
}

/* Only the shapes a string value can have here: a literal, a name, a
 * selector, a concatenation. */
static int string_shape(const struct fscan *f, int a, int b)
{
	if ((a == b && (rs_is_ident(f, a) || rs_is_str(f, a))) ||
	    (b == a + 2 && rs_is_ident(f, a) && rs_is_op(f, a + 1, GOOP_PERIOD)))
		return 1;
	for (int k = a; k <= b; k++) {
		if (rs_is_op(f, k, GOOP_ADD))
			return 1;
		if ((rs_is_op(f, k, GOOP_LPAREN) || rs_is_op(f, k, GOOP_LBRACK) ||
		     rs_is_op(f, k, GOOP_LBRACE)) &&
		    f->m[k] > k)
			k = f->m[k];
	}
	return 0;
}

void rs_sum_arg(struct fscan *f, int a, int b, struct sum_arg *out)
{
	struct rinfo ri;
	int k, ta, tb;

	memset(out, 0, sizeof *out);
	out->enc = string_shape(f, a, b) ? enc_d(f, a, b, 0, 1) : run_time;
	if (a == b && rs_is_str(f, a)) {
		out->text = out->enc; /* a literal: nothing else to know */
		return;
	}
	if (rs_is_ident(f, b))
		rs_funcv_arg(f, a, b, out); /* mux.HandleFunc passed as a value */
	if (rs_is_ident(f, a) && rs_resolve_router(f, a, b, &ri, 0)) {
		out->rprefix = ri.prefix != NULL ? ri.prefix : unknown(f, "%s", "router prefix");
		out->rfam = ri.fam;
		out->rguessed = ri.guessed;
	}
	if (rs_is_kw(f, a, GOKW_FUNC)) {
		out->text = "func literal";
		return;
	}
	if (a == b && (k = rs_param(f, a, &ta, &tb)) >= 0) {
		out->text = out->sym = rs_mark(f, 'P', k);
		return;
	}
	if (out->enc[0] == SV_M && out->enc[1] == 'E' && strchr(out->enc + 1, SV_M) == NULL) {
		out->text = out->sym = out->enc;
		return;
	}
	out->text = b - a <= 16 ? rs_text(f, a, b) : "(a long expression)";
	out->sym = b - a <= 8 ? rs_func_symbol(f, a, b) : NULL;
}

/* ---- calls that may reach a template ---- */

static int builtin(const struct fscan *f, int i)
{
	static const char *const b[] = {"append", "len",  "make",   "panic", "print", "println",
					"new",	  "copy", "delete", "cap",   "close", "string",
					"int",	  "byte", "rune",   "error", "min",   "max"};

	if (f->t[i].len > 7)
		return 0;
	for (size_t k = 0; k < ARRAY_LEN(b); k++)
		if (f->src[f->t[i].off] == b[k][0] && rs_tok_is(f, i, b[k]))
			return 1;
	return 0;
}

/* A string literal that may be a path, a pattern or an address:
 * "/x", "GET /x", "host/x", ":8080", "127.0.0.1:80". */
static int pathish(const struct fscan *f, int k)
{
	const char *p = f->src + f->t[k].off + 1;
	size_t n = f->t[k].len >= 2 ? f->t[k].len - 2 : 0;

	if (n == 0)
		return 0;
	if (p[0] == '/' || (p[0] == ':' && n > 1 && p[1] >= '0' && p[1] <= '9'))
		return 1;
	for (size_t i = 0; i + 1 < n; i++) {
		if (p[i] == ' ')
			return p[i + 1] == '/'; /* "GET /x"; other text has no place here */
		if (p[i] == ':' && p[i + 1] >= '0' && p[i + 1] <= '9')
			return 1;
		if (p[i] == '/')
			return 1;
	}
	return 0;
}

/* A parameter that may carry a path, a router or a handler: its type is
 * string, a function, or named like a router or handler. */
static int param_kind_ok(const struct fscan *f, int ta, int tb)
{
	if (ta < 0)
		return 0;
	for (int k = ta; k <= tb; k++) {
		if (rs_is_kw(f, k, GOKW_FUNC) || rs_tok_is(f, k, "string"))
			return 1;
		if (rs_is_ident(f, k) && f->t[k].len >= 3) {
			const char *p = f->src + f->t[k].off;
			size_t n = f->t[k].len;

			if (rs_has_sub(p, n, "andler", 6) || rs_has_sub(p, n, "Router", 6) ||
			    rs_has_sub(p, n, "Mux", 3) || rs_has_sub(p, n, "Group", 5) ||
			    rs_has_sub(p, n, "Engine", 6) || rs_has_sub(p, n, "Echo", 4) ||
			    rs_has_sub(p, n, "IRoutes", 7) || rs_has_sub(p, n, "Server", 6))
				return 1;
		}
	}
	return 0;
}

/* Could an argument feed a template: a path-like literal, a
 * concatenation with one, a bound string, router or table element, a
 * parameter of a useful type, or a name (maybe a constant elsewhere). */
static int interesting(struct fscan *f, int a, int b)
{
	char key[KEYLEN];
	struct binding *bd;
	int ta, tb;

	for (int k = a; k <= b; k++)
		if (rs_is_str(f, k))
			return pathish(f, k);
	for (int k = a; k <= b && k < a + 4; k++)
		if (rs_is_ident(f, k) && f->t[k].len >= 11 &&
		    rs_has_sub(f->src + f->t[k].off, f->t[k].len, "ServiceDesc", 11))
			return 1;
	if (!rs_is_ident(f, a))
		return 0;
	if (b >= a + 2 && rs_funcv_interesting(f, a, b))
		return 1;
	if (a == b && rs_param(f, a, &ta, &tb) >= 0)
		return param_kind_ok(f, ta, tb);
	if (rs_key(f, a, a, key, sizeof key) >= 0 && (bd = rs_lookup(f, key, a)) != NULL)
		return bd->kind == B_STR || bd->kind == B_ROUTER || bd->kind == B_ELEM ||
		       bd->kind == B_FUNCV;
	if (b == a + 2 && rs_key(f, a, b, key, sizeof key) >= 0 &&
	    (bd = rs_lookup(f, key, a)) != NULL)
		return bd->kind == B_STR;
	/* A name defined nowhere in this function named like a path or an
	 * address: maybe a package constant of another file (resolved later). */
	if (a == b) {
		static const char *const w[] = {"ath",	  "refix", "oute", "ddr",
						"attern", "URL",   "Url"};
		const char *p = f->src + f->t[a].off;

		for (size_t k = 0; k < ARRAY_LEN(w); k++)
			if (rs_has_sub(p, f->t[a].len, w[k], strlen(w[k])) != NULL)
				return 1;
		return 0;
	}
	/* r.Group("/x") and other chains with a path literal inside */
	for (int k = a; k <= b; k++)
		if (rs_is_str(f, k) && pathish(f, k))
			return 1;
	return 0;
}

/* The package, receiver type and evident receiver types of a call to
 * token i with receiver [ra, rb] (ra < 0: none); 0 when the callee is in
 * a package outside the module. */
static int callee_of(struct fscan *f, int i, int ra, int rb, const char **pkg, const char **recv,
		     const char **rtypes)
{
	*pkg = f->s->files[f->file].symbol_pkg;
	*recv = NULL;
	*rtypes = NULL;
	if (ra >= 0 && ra == rb && rs_is_ident(f, ra)) {
		const char *ip = import_path(f, ra);

		if (ip != NULL) {
			const char *mod = f->s->module;

			if (mod == NULL || (strcmp(mod, "std") != 0 &&
					    (strncmp(ip, mod, strlen(mod)) != 0 ||
					     (ip[strlen(mod)] != '/' && ip[strlen(mod)] != '\0'))))
				return 0;
			*pkg = ip;
		} else {
			const struct funcdecl *fd = f->top >= 0 ? &f->funcs[f->top] : NULL;

			*recv = "";
			if (fd != NULL && fd->recv_name != NULL && rs_tok_is(f, ra, fd->recv_name))
				*recv = base_type(f->s, fd->recv_type);
			else
				*rtypes = rs_evident_types(f, ra, i);
		}
	} else if (ra >= 0) {
		*recv = "";
		if (rs_is_op(f, rb, GOOP_RPAREN) || rs_is_op(f, rb, GOOP_RBRACE))
			*rtypes = rs_expr_types(f, ra, rb);
	}
	return 1;
}

static struct sum_call *new_call(struct fscan *f, int i, int ra, const char *pkg, const char *recv,
				 const char *rtypes, int na)
{
	struct sum_state *ss = rs_sum(f->s);
	struct sum_call *c;
	char name[KEYLEN];

	if (ss->nc >= SUM_MAX_CALLS) {
		if (!ss->calls_capped)
			strlist_addf(
			    &f->s->warnings,
			    "function summaries: more than %d calls, the rest not followed",
			    SUM_MAX_CALLS);
		ss->calls_capped = 1;
		return NULL;
	}
	rs_key(f, i, i, name, sizeof name);
	c = PUSH(ss, c, nc, ccap);
	c->name = reposcan_strdup(f->s, name);
	c->pkg = pkg;
	c->recv = recv;
	c->rtypes = rtypes;
	rs_sum_fn(f, &c->caller);
	c->file = (int)f->file;
	c->top = f->top;
	c->at = rs_site(f, i);
	c->text = rs_text(f, ra >= 0 ? ra : i, i);
	c->nargs = na;
	c->args = reposcan_alloc(f->s, sizeof *c->args * (size_t)(na > 0 ? na : 1));
	return c;
}

void rs_sum_call(struct fscan *f, int i, int ra, int rb, int lp)
{
	struct sum_call *c;
	int as[SUM_MAX_ARGS], ae[SUM_MAX_ARGS], na, any = 0, self = 0;
	const char *pkg, *recv, *rtypes;
	const struct sum_rf *rf = NULL;

	if (f->nfr == 0 || (ra < 0 && builtin(f, i)) ||
	    ((struct reposcan_state *)f->s->priv)->nosum)
		return;
	na = rs_args(f, lp, as, ae, SUM_MAX_ARGS);
	for (int k = 0; k < na && !any; k++)
		any = interesting(f, as[k], ae[k]);
	/* x.m() on the caller's own receiver or on a literal or constructor's
	 * result: the callee's receiver fields (F markers) come from it */
	if (ra >= 0 && ra == rb && rs_is_ident(f, ra) && import_path(f, ra) == NULL) {
		self = self_recv(f, ra);
		if (!self)
			rf = rs_recv_setters(f, ra, i, rs_recv_fields(f, ra, rb, i));
	}
	if ((!any && !self && rf == NULL) || !callee_of(f, i, ra, rb, &pkg, &recv, &rtypes))
		return;
	/* recorded for the receiver alone: its arguments feed nothing */
	if ((c = new_call(f, i, ra, pkg, recv, rtypes, any ? na : 0)) == NULL)
		return;
	c->self = self;
	c->rf = rf;
	c->recv_only = !any;
	for (int k = 0; any && k < na; k++)
		rs_sum_arg(f, as[k], ae[k], &c->args[k]);
}

void rs_sum_router_call(struct fscan *f, int at, int ca, int cb, int argk, const char *prefix,
			enum reposcan_family fam, const char *rtext)
{
	struct sum_call *c;
	const char *pkg, *recv, *rtypes;
	int ra = -1, rb = -1, i = cb;

	if (f->nfr == 0 || argk < 0 || argk >= SUM_MAX_ARGS || prefix == NULL ||
	    !rs_is_ident(f, cb) || ((struct reposcan_state *)f->s->priv)->nosum)
		return;
	if (cb > ca) {
		if (!rs_is_op(f, cb - 1, GOOP_PERIOD))
			return;
		rb = cb - 2;
		ra = rs_expr_start(f, rb);
		if (ra != ca)
			return;
	}
	if (!callee_of(f, i, ra, rb, &pkg, &recv, &rtypes) ||
	    (c = new_call(f, i, ra, pkg, recv, rtypes, argk + 1)) == NULL)
		return;
	c->at = rs_site(f, at);
	for (int k = 0; k <= argk; k++)
		c->args[k].enc = "\001?not an argument\002";
	c->args[argk].rprefix = prefix;
	c->args[argk].rfam = fam;
	c->args[argk].text = rtext;
}
