/* reposcan_funcv.c: router methods passed as function values.
 *
 *   func register(add func(string, http.HandlerFunc), p string) { add(p, h) }
 *   register(mux.HandleFunc, "/x")       // a method value as an argument
 *   reg := r.Get; register(reg, "/y")    // one held in a variable first
 *
 * A call of a function-typed parameter inside a helper is recorded as a
 * template whose router, method and argument layout are not known yet
 * (sum_tmpl.fv_arg); the summary pass (rs_funcv_instance) completes it
 * at each call site that passes a router method value for that parameter,
 * or hands it on when the caller passes its own parameter. A call site
 * passing anything else (a logger, a plain func) makes no route. See
 * reposcan_sum.h for the symbolic values. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

static const char *const verbs[] = {"GET",  "POST",    "PUT",	  "DELETE", "PATCH",
				    "HEAD", "OPTIONS", "CONNECT", "TRACE"};

/* How a router method lays out its arguments. */
enum fv_layout {
	FV_NONE,
	FV_PATTERN, /* HandleFunc/Handle(path, h): method in the pattern or any */
	FV_VERB,    /* GET/Get(path, h): the method is the name */
	FV_ANY,	    /* Any(path, h) */
	FV_METHOD   /* Add/Handle/Method/MethodFunc(method, path, h) */
};

/* The layout of method name p[0, n) on a router of family fam; *verb is
 * the HTTP method a verb name stands for. */
static enum fv_layout layout_of(const char *p, size_t n, enum reposcan_family fam,
				const char **verb)
{
	*verb = "";
	for (size_t k = 0; k < ARRAY_LEN(verbs); k++) {
		size_t vl = strlen(verbs[k]);

		if (n != vl)
			continue;
		if (memcmp(p, verbs[k], n) == 0 ||
		    (p[0] == verbs[k][0] && strncasecmp(p + 1, verbs[k] + 1, n - 1) == 0 &&
		     p[1] >= 'a' && p[1] <= 'z')) {
			*verb = verbs[k];
			return FV_VERB;
		}
	}
	if (n == 10 && memcmp(p, "HandleFunc", n) == 0)
		return FV_PATTERN;
	if (n == 6 && memcmp(p, "Handle", n) == 0)
		return fam == RS_GIN ? FV_METHOD : FV_PATTERN;
	if (n == 3 && memcmp(p, "Any", n) == 0)
		return FV_ANY;
	if ((n == 3 && memcmp(p, "Add", n) == 0) || (n == 6 && memcmp(p, "Method", n) == 0) ||
	    (n == 10 && memcmp(p, "MethodFunc", n) == 0))
		return FV_METHOD;
	return FV_NONE;
}

static int method_name(const struct fscan *f, int k)
{
	const char *v;

	return rs_is_ident(f, k) &&
	       layout_of(f->src + f->t[k].off, f->t[k].len, RS_FAMILY_UNKNOWN, &v) != FV_NONE;
}

/* ---- per file ---- */

/* Fills out's method-value fields when [a, b] is one: r.Get, mux.HandleFunc,
 * http.HandleFunc, or a variable bound to one (reg := r.Get). */
void rs_funcv_arg(struct fscan *f, int a, int b, struct sum_arg *out)
{
	struct rinfo ri;
	int ra = a, rb = b - 2, mt = b;

	if (a == b && rs_is_ident(f, a)) {
		char key[KEYLEN];
		struct binding *bd;

		if (rs_key(f, a, a, key, sizeof key) < 0 || (bd = rs_lookup(f, key, a)) == NULL ||
		    bd->kind != B_FUNCV)
			return;
		ra = bd->fa;
		rb = bd->fb;
		mt = bd->fn;
	} else if (b < a + 2 || !rs_is_op(f, b - 1, GOOP_PERIOD) || !method_name(f, b)) {
		return;
	}
	if (rb == ra && rs_is_role(f, ra, IMP_HTTP)) {
		memset(&ri, 0, sizeof ri);
		ri.fam = RS_NETHTTP;
		ri.known = 1;
		ri.prefix = "";
	} else if (!rs_resolve_router(f, ra, rb, &ri, 0)) {
		return; /* not known to be a router: no claim */
	}
	out->mv_name = rs_text(f, mt, mt);
	out->mv_router = rs_text(f, ra, rb);
	out->mv_prefix = ri.prefix != NULL ? ri.prefix : "\001?the router's prefix\002";
	out->mv_fam = ri.fam;
	out->mv_guessed = ri.guessed || !ri.known;
}

/* Is [a, b] a router method value worth recording the call for? */
int rs_funcv_interesting(struct fscan *f, int a, int b)
{
	struct sum_arg t;

	if (!(a == b || (b >= a + 2 && method_name(f, b))))
		return 0;
	memset(&t, 0, sizeof t);
	rs_funcv_arg(f, a, b, &t);
	return t.mv_name != NULL;
}

/* A parameter type a router method value may be passed as: a func type
 * or a named type (not a basic one). */
static int funcish(const struct fscan *f, int ta, int tb)
{
	static const char *const basic[] = {"string", "int", "bool", "error", "any"};

	if (ta < 0)
		return 0;
	if (rs_is_kw(f, ta, GOKW_FUNC))
		return 1;
	if (ta != tb || !rs_is_ident(f, ta))
		return 0;
	for (size_t k = 0; k < ARRAY_LEN(basic); k++)
		if (rs_tok_is(f, ta, basic[k]))
			return 0;
	return 1;
}

/* add(p, h) with add a function-typed parameter of the enclosing
 * function: a template completed where a router method is passed. */
int rs_funcv_param_call(struct fscan *f, int i, int lp)
{
	struct sum_state *ss;
	struct sum_tmpl *t;
	int as[SUM_MAX_ARGS], ae[SUM_MAX_ARGS], na, k, ta, tb;

	if (f->nfr == 0 || ((struct reposcan_state *)f->s->priv)->nosum ||
	    (k = rs_param(f, i, &ta, &tb)) < 0 || !funcish(f, ta, tb))
		return 0;
	na = rs_args(f, lp, as, ae, SUM_MAX_ARGS);
	if (na < 2 || na > SUM_MAX_ARGS)
		return 0;
	ss = rs_sum(f->s);
	if (ss->nt >= SUM_MAX_TEMPLATES)
		return 0;
	t = PUSH(ss, t, nt, tcap);
	rs_sum_fn(f, &t->fn);
	t->kind = SUM_ROUTE;
	t->at = rs_site(f, i);
	t->chain = reposcan_printf(f->s, "%s:%d %s", f->s->files[f->file].path, (int)f->t[i].line,
				   rs_text(f, i, i));
	t->origin = (int)ss->nt - 1;
	t->fam = RS_FAMILY_UNKNOWN;
	t->fam_guessed = 1; /* no claim until a router method is passed */
	t->fam_param = -1;
	t->call = rs_text(f, i, i);
	t->router = "";
	t->method = "";
	t->handler = "";
	t->fv_arg = k + 1;
	t->fv = reposcan_alloc(f->s, sizeof *t->fv);
	for (int j = 0; j < FV_SLOTS; j++) {
		int x = j < FV_SLOTS - 1 ? j : na - 1;
		struct sum_arg a;

		if (x >= na)
			continue;
		rs_sum_arg(f, as[x], ae[x], &a);
		t->fv->enc[j] = rs_enc(f, as[x], ae[x]);
		t->fv->text[j] = a.text;
		t->fv->sym[j] = rs_is_kw(f, as[x], GOKW_FUNC) ? NULL : a.sym;
		t->fv->expr[j] = rs_text(f, as[x], ae[x]);
	}
	t->fv->n = na;
	return 1;
}

/* ---- summary pass ---- */

/* Completes (or hands on) template t at call c, whose argument
 * t->fv_arg - 1 is what the helper calls. Returns 0 when the argument is
 * not a router method value (no route), 1 with *n filled (n->fv_arg
 * > 0 when it is still the caller's parameter). The fields taken from
 * the helper's arguments are still the helper's (the caller substitutes
 * them); *prefix is the router's prefix in the caller's terms, NULL when
 * no router is known yet. */
int rs_funcv_instance(struct reposcan *s, const struct sum_tmpl *t, const struct sum_call *c,
		      struct sum_tmpl *n, const char **prefix)
{
	const struct sum_arg *a;
	enum fv_layout lay;
	const char *verb;
	int pi, hi;

	if (t->fv_arg <= 0 || t->fv == NULL || t->fv_arg > c->nargs)
		return 0;
	a = &c->args[t->fv_arg - 1];
	*n = *t;
	*prefix = NULL;
	if (a->mv_name == NULL) {
		/* register(add, p): the caller's own parameter, handed on */
		if (a->text == NULL || a->text[0] != SV_M || a->text[1] != 'P')
			return 0;
		n->fv_arg = atoi(a->text + 2) + 1;
		return 1;
	}
	lay = layout_of(a->mv_name, strlen(a->mv_name), a->mv_fam, &verb);
	if (lay == FV_NONE || (lay == FV_METHOD && t->fv->n < 3))
		return 0;
	pi = lay == FV_METHOD ? 1 : 0;
	/* handler: echo's is right after the path, others' is the last */
	hi = a->mv_fam == RS_ECHO && pi + 1 < FV_SLOTS - 1 ? pi + 1 : FV_SLOTS - 1;
	n->fv_arg = 0;
	n->method = lay == FV_VERB ? verb : lay == FV_METHOD ? t->fv->enc[0] : "";
	n->path = t->fv->enc[pi];
	n->expr = t->fv->expr[pi];
	n->handler = t->fv->text[hi] != NULL ? t->fv->text[hi] : "";
	n->hsym = t->fv->sym[hi];
	n->fam = a->mv_fam;
	n->fam_guessed = a->mv_guessed;
	n->call = a->mv_name;
	n->router = a->mv_router;
	n->full = NULL;
	n->chain = reposcan_printf(s, "%s (%s.%s)", t->chain, a->mv_router, a->mv_name);
	*prefix = a->mv_prefix;
	return 1;
}
