/* reposcan_summary.c: the inter-procedural half of the function
 * summaries, run once all files are in: route-table elements and call
 * sites are substituted into templates (a worklist to a fixed point,
 * at most SUM_MAX_DEPTH helper levels and SUM_MAX_TEMPLATES instances,
 * so recursion and cycles end), package constants are resolved, and each
 * complete instance becomes a route or listen address at its outermost
 * call site with the chain as evidence; what stays symbolic becomes an
 * unresolved entry saying why. See reposcan_sum.h. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

enum { M_STR, M_TEXT, M_SYM };

struct ctx {
	struct reposcan *s;
	struct sum_state *ss;
	int *heads;
	size_t nheads;
	size_t n0; /* templates made by the per-file pass (the originals) */
	struct sum_tset seen;
};

static uint32_t hash_str(const char *k)
{
	uint32_t h = 2166136261u;

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h;
}

static int const_cmp(const void *a, const void *b)
{
	const struct sum_const *x = a, *y = b;
	int c = strcmp(x->pkg, y->pkg);

	return c != 0 ? c : strcmp(x->name, y->name);
}

/* ---- symbolic values ---- */

/* The marker starting at p (p[0] == SV_M): kind, body [b, e), next. */
static const char *marker(const char *p, char *kind, const char **b, size_t *n)
{
	const char *e = strchr(p, SV_E);

	*kind = p[1];
	*b = p + 2;
	if (e == NULL) {
		*n = strlen(*b);
		return *b + *n;
	}
	*n = (size_t)(e - *b);
	return e + 1;
}

static const struct sum_arg *elem_field(const struct ctx *x, const struct sum_elem *e,
					const char *fld, size_t n)
{
	const char *const *order = e->inline_fields;
	int norder = e->ninline;

	if (n == 1 && fld[0] == SV_KEY)
		return &e->key;
	if (n == 0)
		return e->nf == 1 && e->fname[0] == NULL ? &e->val[0] : NULL;
	for (int k = 0; k < e->nf; k++)
		if (e->fname[k] != NULL && strlen(e->fname[k]) == n &&
		    memcmp(e->fname[k], fld, n) == 0)
			return &e->val[k];
	if (norder == 0 && e->type != NULL)
		for (size_t j = 0; j < x->ss->nst; j++)
			if (strcmp(x->ss->st[j].name, e->type) == 0 &&
			    strcmp(x->ss->st[j].pkg, e->pkg) == 0) {
				order = x->ss->st[j].field;
				norder = x->ss->st[j].n;
				break;
			}
	for (int k = 0; k < norder && k < e->nf; k++)
		if (e->fname[k] == NULL && strlen(order[k]) == n && memcmp(order[k], fld, n) == 0)
			return &e->val[k];
	return NULL;
}

static const char *arg_value(const struct sum_arg *a, char kind, int mode)
{
	if (a == NULL)
		return NULL;
	if (kind == 'R')
		return a->rprefix;
	return mode == M_STR ? a->enc : mode == M_TEXT ? a->text : a->sym;
}

static const char *subst(const struct ctx *x, const char *v, const struct sum_call *c,
			 const struct sum_elem *e, int mode);

/* Field fld of the receiver of call c (F markers), symbolic in the
 * caller's terms; NULL when the receiver does not say. */
static const char *recv_field(const struct ctx *x, const struct sum_call *c, const char *fld,
			      size_t n, char kind)
{
	const struct sum_rf *rf = c->rf;

	if (rf == NULL)
		return NULL;
	for (int k = rf->ns; k-- > 0;) /* x.k = v before the call wins */
		if (strlen(rf->sname[k]) == n && memcmp(rf->sname[k], fld, n) == 0)
			return kind == 'G' ? rf->sval[k].rprefix : rf->sval[k].enc;
	if (rf->ctor == NULL) {
		for (int k = 0; k < rf->n; k++)
			if (strlen(rf->name[k]) == n && memcmp(rf->name[k], fld, n) == 0)
				return kind == 'G' ? rf->val[k].rprefix : rf->val[k].enc;
		return NULL;
	}
	for (size_t i = 0; i < x->ss->nct; i++) {
		const struct sum_ctor *ct = &x->ss->ct[i];

		if (strcmp(ct->name, rf->ctor) != 0 || strcmp(ct->pkg, rf->ctor_pkg) != 0)
			continue;
		for (int k = 0; k < ct->n; k++)
			if (strlen(ct->field[k]) == n && memcmp(ct->field[k], fld, n) == 0) {
				/* the constructor's parameters, from the call's arguments */
				struct sum_call a;

				memset(&a, 0, sizeof a);
				a.nargs = rf->n;
				a.args = (struct sum_arg *)rf->val;
				return subst(x, kind == 'G' ? ct->rpre[k] : ct->enc[k], &a, NULL,
					     M_STR);
			}
		return NULL;
	}
	return NULL;
}

/* Replaces P/R markers with a call's arguments (c != NULL) or E markers
 * with a table element's fields (e != NULL). NULL when a symbol is
 * asked for and unknown. */
static const char *subst(const struct ctx *x, const char *v, const struct sum_call *c,
			 const struct sum_elem *e, int mode)
{
	struct buf b;
	const char *p = v, *r;

	if (v == NULL || !rs_sv_has(v, 0))
		return v;
	buf_init(&b);
	while (*p != '\0') {
		char kind;
		const char *body, *next, *val = NULL;
		size_t n;
		int hit = 0;

		if (*p != SV_M) {
			buf_addc(&b, *p++);
			continue;
		}
		next = marker(p, &kind, &body, &n);
		if (c != NULL && (kind == 'P' || kind == 'R')) {
			int k = atoi(body);

			hit = 1;
			val = k >= 0 && k < c->nargs ? arg_value(&c->args[k], kind, mode) : NULL;
		} else if (c != NULL && (kind == 'F' || kind == 'G') && c->self) {
			/* the caller's own receiver: still its field */
		} else if (c != NULL && (kind == 'F' || kind == 'G')) {
			hit = 1;
			val = mode == M_STR ? recv_field(x, c, body, n, kind) : NULL;
		} else if (e != NULL && kind == 'E') {
			const char *sep = memchr(body, SV_S, n);

			if (sep != NULL) {
				hit = 1;
				val = arg_value(
				    elem_field(x, e, sep + 1, n - (size_t)(sep + 1 - body)), kind,
				    mode);
			}
		}
		if (!hit) {
			buf_add(&b, p, (size_t)(next - p));
		} else if (val == NULL) {
			if (mode == M_SYM) {
				buf_free(&b);
				return NULL;
			}
			buf_printf(&b, "%c?%s%c", SV_M,
				   kind == 'R'	 ? "the router passed is not one the scan knows"
				   : kind == 'E' ? "a table element without this field"
				   : kind == 'F' || kind == 'G'
				       ? reposcan_printf(x->s,
							 "the receiver's field %.*s is not set by "
							 "a literal or constructor the scan sees",
							 (int)n, body)
				       : "the argument passed is not a string constant",
				   SV_E);
		} else {
			buf_adds(&b, val);
			/* a prefix ending in '/' before a path starting with '/' */
			if (kind == 'R' && b.len > 0 && b.data[b.len - 1] == '/' && *next == '/')
				next++;
		}
		p = next;
	}
	r = reposcan_strndup(x->s, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	return r;
}

/* net/http's method constants (net/http/method.go), NULL for others. */
static const char *http_method(const char *name)
{
	static const char *const m[] = {"Get",	  "Head",    "Post",	"Put",	"Patch",
					"Delete", "Connect", "Options", "Trace"};
	static const char *const u[] = {"GET",	  "HEAD",    "POST",	"PUT",	"PATCH",
					"DELETE", "CONNECT", "OPTIONS", "TRACE"};

	for (size_t k = 0; strncmp(name, "Method", 6) == 0 && k < ARRAY_LEN(m); k++)
		if (strcmp(name + 6, m[k]) == 0)
			return u[k];
	return NULL;
}

/* C markers resolved through the package constants; NULL with *why when
 * something stays unknown. */
static const char *resolve(const struct ctx *x, const char *v, const char **why, int depth)
{
	struct buf b;
	const char *p = v, *r;

	if (v == NULL || !rs_sv_has(v, 0))
		return v;
	if (depth > SUM_MAX_DEPTH) {
		*why = "constants defined through too many others";
		return NULL;
	}
	buf_init(&b);
	while (*p != '\0') {
		char kind;
		const char *body, *next;
		size_t n;

		if (*p != SV_M) {
			buf_addc(&b, *p++);
			continue;
		}
		next = marker(p, &kind, &body, &n);
		if (kind == 'C') {
			const char *sep = memchr(body, SV_S, n), *val = NULL;
			struct sum_const key, *hit;

			if (sep != NULL) {
				key.pkg = reposcan_strndup(x->s, body, (size_t)(sep - body));
				key.name =
				    reposcan_strndup(x->s, sep + 1, n - (size_t)(sep + 1 - body));
				hit = x->ss->nk > 0 ? bsearch(&key, x->ss->k, x->ss->nk, sizeof key,
							      const_cmp)
						    : NULL; /* no constants: k may be NULL */
				if (hit != NULL)
					val = resolve(x, hit->enc, why, depth + 1);
				else if (strcmp(key.pkg, "net/http") == 0)
					val = http_method(key.name);
				else
					*why = reposcan_printf(x->s,
							       "%s is not a package-level string "
							       "constant in the repo",
							       key.name);
			}
			if (val == NULL) {
				buf_free(&b);
				return NULL;
			}
			buf_adds(&b, val);
		} else {
			*why = kind == '?'   ? reposcan_strndup(x->s, body, n)
			       : kind == 'E' ? "a route table the scan has no elements of"
			       : kind == 'F' || kind == 'G'
				   ? "a field of the method's receiver no caller's receiver sets"
				   : "a helper's parameter no caller passes a constant to";
			buf_free(&b);
			return NULL;
		}
		p = next;
	}
	r = reposcan_strndup(x->s, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	return r;
}

/* ---- emitting ---- */

static const char *join(struct reposcan *s, const char *pre, const char *rest)
{
	size_t pl = strlen(pre);

	if (pl == 0)
		return rest;
	if (pre[pl - 1] == '/' && rest[0] == '/')
		return reposcan_printf(s, "%.*s%s", (int)(pl - 1), pre, rest);
	if (pre[pl - 1] != '/' && rest[0] != '/')
		return reposcan_printf(s, "%s/%s", pre, rest);
	return reposcan_printf(s, "%s%s", pre, rest);
}

/* The mount prefix of a router variable in a function, or NULL. */
static const char *mounted(const struct ctx *x, size_t file, const char *func, const char *key)
{
	for (size_t i = 0; key != NULL && func != NULL && i < x->ss->nmo; i++) {
		const struct sum_mount *m = &x->ss->mo[i];

		if (m->file == file && strcmp(m->func, func) == 0 && strcmp(m->key, key) == 0)
			return m->prefix;
	}
	return NULL;
}

static int dup_route(const struct reposcan *s, const struct reposcan_route *n)
{
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct reposcan_route *r = &s->routes[i];

		if (r->at.file == n->at.file && r->at.line == n->at.line &&
		    strcmp(r->method, n->method) == 0 && r->path != NULL &&
		    strcmp(r->path, n->path) == 0 &&
		    /* the same path under another known prefix is another route */
		    (r->full_path == NULL || n->full_path == NULL ||
		     strcmp(r->full_path, n->full_path) == 0))
			return 1;
	}
	return 0;
}

static void emit_unresolved(struct ctx *x, const struct sum_tmpl *t, const char *why)
{
	struct reposcan *s = x->s;
	struct reposcan_unresolved *u;

	x->ss->t[t->origin].used = 1;
	if (t->kind == SUM_LISTEN) {
		struct reposcan_listen *l = PUSH(s, listens, nlistens, listens_cap);

		l->at = t->at;
		l->call = t->call;
		l->expr = t->expr;
		l->source = RS_ADDR_UNRESOLVED;
		/* the handler as written where the call is (route served_by) */
		l->handler = t->depth == 0 ? t->router : NULL;
		return;
	}
	if (t->kind == SUM_GRPC) {
		strlist_addf(&s->warnings, "%s:%d: %s(%s): the descriptor is unknown (%s)",
			     s->files[t->at.file].path, t->at.line, t->call, t->expr, why);
		return;
	}
	if (t->fam_guessed)
		return; /* not known to be a router: no claim either way */
	u = PUSH(s, unresolved, nunresolved, unresolved_cap);
	u->at = t->at;
	u->kind = "route";
	u->call = t->router != NULL && t->router[0] != '\0'
		      ? reposcan_printf(s, "%s.%s", t->router, t->call)
		      : t->call;
	u->expr = t->expr;
	u->why = why;
	u->handler = t->handler != NULL && !rs_sv_has(t->handler, 0) ? t->handler : "";
	u->handler_symbol = t->hsym != NULL && !rs_sv_has(t->hsym, 0) ? t->hsym : NULL;
	u->via = t->depth > 0 || t->keep_at ? t->chain : NULL;
}

static void emit(struct ctx *x, const struct sum_tmpl *t)
{
	struct reposcan *s = x->s;
	struct reposcan_route r;
	const char *why = NULL, *path = resolve(x, t->path, &why, 0), *full = NULL, *rest;

	x->ss->t[t->origin].used = 1;
	if (t->kind == SUM_GRPC) {
		struct reposcan_grpc *g;

		if (t->handler == NULL || rs_sv_has(t->handler, 0) || t->handler[0] == '\0' ||
		    strcmp(t->handler, "func literal") == 0) {
			emit_unresolved(x, t, "not a descriptor variable");
			return;
		}
		g = PUSH(s, grpcs, ngrpcs, grpcs_cap);
		g->at = t->at;
		g->call = t->call;
		g->desc = t->handler;
		g->server = t->router;
		g->impl = "";
		return;
	}
	if (path == NULL) {
		emit_unresolved(x, t, why != NULL ? why : "not a constant");
		return;
	}
	if (t->kind == SUM_LISTEN) {
		struct reposcan_listen *l = PUSH(s, listens, nlistens, listens_cap);

		l->at = t->at;
		l->call = t->call;
		l->expr = t->expr;
		l->addr = path;
		l->source = RS_ADDR_LITERAL;
		l->handler = t->depth == 0 ? t->router : NULL;
		return;
	}
	memset(&r, 0, sizeof r);
	r.method = t->method;
	if (rs_sv_has(r.method, 0)) {
		const char *w = NULL, *m = resolve(x, t->method, &w, 0);

		/* a method the scan cannot know: the route, for any method */
		r.method = m != NULL ? m : "";
	}
	r.host = "";
	rest = path;
	if (t->fam == RS_NETHTTP && path[0] != '/') {
		/* Go 1.22 pattern "[METHOD ][HOST]/PATH" */
		const char *sp = strpbrk(path, " \t"), *sl;

		if (sp != NULL) {
			r.method = reposcan_strndup(s, path, (size_t)(sp - path));
			rest = sp + strspn(sp, " \t");
			r.go122 = 1;
		}
		sl = strchr(rest, '/');
		if (sl != NULL && sl > rest) {
			r.host = reposcan_strndup(s, rest, (size_t)(sl - rest));
			rest = sl;
		}
	}
	if (rest[0] != '/' && (t->fam_guessed || t->fam == RS_NETHTTP))
		return; /* not a path: whatever this was, it is not a route */
	r.go122 |= t->fam == RS_NETHTTP && strchr(rest, '{') != NULL;
	if (t->full != NULL) {
		/* t->full holds the router's prefix: joined as rs_join_path does */
		const char *w = NULL, *pre = resolve(x, t->full, &w, 0), *mp;

		if (pre == NULL && x->ss->t[t->origin].full != NULL &&
		    ((rs_sv_has(t->full, '?') && rs_sv_has(x->ss->t[t->origin].full, 'G')) ||
		     rs_sv_has(x->ss->t[t->origin].full, 'C') ||
		     rs_sv_has(x->ss->t[t->origin].full, 'P'))) {
			/* a receiver's router field the caller does not tell:
			 * never the path without its prefix */
			emit_unresolved(x, t, w);
			return;
		}
		full = pre != NULL ? join(s, pre, rest) : NULL;
		mp = t->mw_router != NULL ? mounted(x, t->mw_at.file, t->mw_at.func, t->mw_router)
					  : NULL;
		if (full != NULL && mp != NULL)
			full = join(s, mp, full);
	}
	r.at = t->at;
	r.family = t->fam;
	r.family_guessed = t->fam_guessed;
	r.call = t->call;
	r.router = t->router != NULL ? t->router : "";
	r.path = rest;
	r.full_path = full;
	r.pattern_expr = t->expr;
	r.handler = t->handler != NULL && !rs_sv_has(t->handler, 0) ? t->handler : "?";
	r.handler_symbol = t->hsym != NULL && !rs_sv_has(t->hsym, 0) ? t->hsym : NULL;
	r.mount = t->mount;
	r.via = t->depth > 0 || t->keep_at ? t->chain : NULL;
	if (r.via != NULL && t->mw_router != NULL) { /* the router the caller passed */
		struct reposcan_site *ra = reposcan_alloc(s, sizeof *ra);

		*ra = t->mw_at;
		r.router_at = ra;
		r.router_var = t->mw_router;
	}
	if (dup_route(s, &r))
		return;
	*(struct reposcan_route *)PUSH(s, routes, nroutes, routes_cap) = r;
	if (t->mw_router != NULL) { /* for Use in a later callee (reposcan_fieldset.c) */
		struct sum_hroute *h = PUSH(x->ss, hr, nhr, hrcap);

		h->at = t->mw_at;
		h->router = t->mw_router;
	}
	/* Middleware added to the router argument after this call. */
	for (size_t i = 0; t->mw_router != NULL && i < s->nmws; i++) {
		struct reposcan_middleware *m = &s->mws[i];

		if (m->at.file != t->mw_at.file || m->at.line <= t->mw_at.line ||
		    m->at.func == NULL || t->mw_at.func == NULL ||
		    strcmp(m->at.func, t->mw_at.func) != 0 || strcmp(m->router, t->mw_router) != 0)
			continue;
		if (m->routes_before++ == 0 || m->first_route_line > t->mw_at.line)
			m->first_route_line = t->mw_at.line;
		m->after_routes = 1;
	}
}

/* ---- the fixed point ---- */

static int still_open(const struct sum_tmpl *t)
{
	return rs_sv_has(t->path, 'P') || rs_sv_has(t->full, 'R') || rs_sv_has(t->full, 'P') ||
	       rs_sv_has(t->path, 'F') || rs_sv_has(t->full, 'F') || rs_sv_has(t->method, 'F') ||
	       rs_sv_has(t->full, 'G') || rs_sv_has(t->handler, 'P') || rs_sv_has(t->hsym, 'P') ||
	       rs_sv_has(t->method, 'P') || t->fv_arg > 0;
}

static int has_field(const struct sum_tmpl *t)
{
	return rs_sv_has(t->path, 'F') || rs_sv_has(t->full, 'F') || rs_sv_has(t->method, 'F') ||
	       rs_sv_has(t->full, 'G');
}

static int has_elem(const struct sum_tmpl *t)
{
	return rs_sv_has(t->path, 'E') || rs_sv_has(t->full, 'E') || rs_sv_has(t->handler, 'E') ||
	       rs_sv_has(t->method, 'E');
}

static void push(struct ctx *x, const struct sum_tmpl *n)
{
	struct sum_tmpl *o;

	if (rs_tset_has(&x->seen, x->ss->t, n))
		return; /* the same instance again: nothing new to learn */
	o = &x->ss->t[n->origin];
	if (x->ss->nt >= SUM_MAX_TEMPLATES || o->made >= SUM_MAX_PER_ORIGIN) {
		/* one entry per registration, not one per instance dropped (a
		 * fan-out of helpers made 900000 identical ones) */
		if (!o->capped)
			emit_unresolved(x, n, "too many helper instances to follow");
		o->capped = 1;
		return;
	}
	o->made++;
	*(struct sum_tmpl *)PUSH(x->ss, t, nt, tcap) = *n;
	rs_tset_insert(&x->seen, x->ss->t, x->ss->nt - 1);
}

static void through_call(struct ctx *x, const struct sum_tmpl *t0, const struct sum_call *c)
{
	struct sum_tmpl n, fv;
	const struct sum_tmpl *t = t0;
	const char *mvpre = NULL;

	if (t0->fv_arg > 0) {
		/* a router method passed as a function value (reposcan_funcv.c) */
		if (!rs_funcv_instance(x->s, t0, c, &fv, &mvpre))
			return;
		t = &fv;
	}
	n = *t;
	if (n.fv_arg > 0 && t->fv != NULL) {
		n.fv = reposcan_alloc(x->s, sizeof *n.fv);
		*n.fv = *t->fv;
		for (int j = 0; j < FV_SLOTS; j++) {
			n.fv->enc[j] = subst(x, t->fv->enc[j], c, NULL, M_STR);
			n.fv->text[j] = subst(x, t->fv->text[j], c, NULL, M_TEXT);
			n.fv->sym[j] = subst(x, t->fv->sym[j], c, NULL, M_SYM);
		}
	}
	n.path = subst(x, t->path, c, NULL, M_STR);
	n.method = subst(x, t->method, c, NULL, M_STR);
	n.full = subst(x, t->full, c, NULL, M_STR);
	n.handler = subst(x, t->handler, c, NULL, M_TEXT);
	n.hsym = subst(x, t->hsym, c, NULL, M_SYM);
	n.fn = c->caller;
	n.depth = t->depth + 1;
	/* the path argument as written at this call, when it is one parameter */
	if (t->path != NULL && t->path[0] == SV_M && t->path[1] == 'P' &&
	    strchr(t->path, SV_E) == t->path + strlen(t->path) - 1) {
		int k = atoi(t->path + 2);

		if (k >= 0 && k < c->nargs && c->args[k].text != NULL &&
		    !rs_sv_has(c->args[k].text, 0))
			n.expr = c->args[k].text;
	}
	if (!t->keep_at)
		n.at = c->at;
	n.chain = reposcan_printf(x->s, "%s:%d %s -> %s", x->s->files[c->at.file].path, c->at.line,
				  c->text, t->chain);
	if (t->fam_param >= 0 && t->fam_param < c->nargs) {
		const struct sum_arg *a = &c->args[t->fam_param];

		if (a->rprefix != NULL) {
			if (a->rfam != RS_FAMILY_UNKNOWN && (t->fam_guessed || t->fam == a->rfam)) {
				n.fam = a->rfam;
				n.fam_guessed = a->rguessed;
			}
			n.fam_param = a->rprefix[0] == SV_M && a->rprefix[1] == 'R'
					  ? atoi(a->rprefix + 2)
					  : -1;
			n.mw_router = a->text;
			n.mw_at = c->at;
		}
	}
	if (mvpre != NULL) {
		/* the method value's router, in the caller's terms */
		n.full = mvpre;
		n.fam_param = mvpre[0] == SV_M && mvpre[1] == 'R' ? atoi(mvpre + 2) : -1;
	}
	if (!still_open(&n) && !has_elem(&n))
		emit(x, &n);
	else if (n.depth >= SUM_MAX_DEPTH)
		emit_unresolved(x, &n, "more helper levels than the scan follows");
	else
		push(x, &n);
}

static int through_table(struct ctx *x, const struct sum_tmpl *t)
{
	int hits = 0;

	const char *m = NULL, *v = rs_sv_has(t->path, 'E')   ? t->path
				   : rs_sv_has(t->full, 'E') ? t->full
							     : t->handler;
	char id[512];
	size_t n;

	m = strstr(v, "\001E");
	if (m == NULL || (n = strcspn(m + 2, "\003\002")) >= sizeof id)
		return 0;
	memcpy(id, m + 2, n);
	id[n] = '\0';
	for (size_t i = 0; i < x->ss->ne; i++) {
		const struct sum_elem *e = &x->ss->e[i];
		struct sum_tmpl nt = *t;

		if (strcmp(e->table, id) != 0)
			continue;
		hits++;
		nt.path = subst(x, t->path, NULL, e, M_STR);
		nt.method = subst(x, t->method, NULL, e, M_STR);
		nt.full = subst(x, t->full, NULL, e, M_STR);
		nt.handler = subst(x, t->handler, NULL, e, M_TEXT);
		nt.hsym = subst(x, t->hsym, NULL, e, M_SYM);
		nt.at = e->at;
		nt.keep_at = 1;
		nt.chain = reposcan_printf(x->s, "%s:%d table element -> %s",
					   x->s->files[e->at.file].path, e->at.line, t->chain);
		if (has_elem(&nt))
			emit_unresolved(x, &nt, "a table element without the fields used");
		else if (still_open(&nt))
			push(x, &nt);
		else
			emit(x, &nt);
	}
	return hits;
}

static void fallback(struct ctx *x, const struct sum_tmpl *t);

static void process(struct ctx *x, size_t i)
{
	struct sum_tmpl t = x->ss->t[i];
	int calls = 0;

	if (has_elem(&t)) {
		if (through_table(x, &t) > 0)
			x->ss->t[t.origin].used = 1;
		return;
	}
	if (!still_open(&t)) {
		emit(x, &t);
		return;
	}
	for (int k = x->heads[hash_str(t.fn.name) & (x->nheads - 1)]; k >= 0; k = x->ss->c[k].next)
		if (rs_callee_match(x->ss, &t.fn, &x->ss->c[k]) &&
		    (!x->ss->c[k].recv_only || has_field(&t))) {
			through_call(x, &t, &x->ss->c[k]);
			calls++;
		}
	/* An instance made from a table element that no caller completes:
	 * what the original would get (originals get it at the end). */
	if (calls == 0 && i >= x->n0 && t.keep_at)
		fallback(x, &t);
}

/* A template nothing completed: say so, or keep the route as written. */
static void fallback(struct ctx *x, const struct sum_tmpl *t)
{
	struct sum_tmpl n = *t;

	if (t->kind == SUM_ROUTE && !rs_sv_has(t->path, 0) &&
	    (rs_sv_has(t->full, 'R') || rs_sv_has(t->full, 'G'))) {
		/* A literal path on a router parameter nobody is seen passing:
		 * the route as written, its prefix unknown; a router the
		 * function returns and nobody mounts is served as it is. */
		const char *r7 = strstr(t->full, "\001R7\002");

		n.full = NULL;
		if (r7 != NULL) {
			const char *rest =
			    reposcan_printf(x->s, "%.*s%s", (int)(r7 - t->full), t->full, r7 + 4);

			n.full = rs_sv_has(rest, 0) ? NULL : rest;
		}
		emit(x, &n);
		return;
	}
	if (has_elem(t)) {
		emit_unresolved(x, t, "a table with no elements found in the repo");
		return;
	}
	emit_unresolved(x, t,
			reposcan_printf(x->s,
					"%s's parameter: no call passing a constant was found",
					t->fn.name != NULL && t->fn.name[0] ? t->fn.name : "?"));
}

void rs_summary_finish(struct reposcan *s)
{
	struct reposcan_state *st = s->priv;
	struct sum_state *ss = st->sum;
	struct ctx x;
	double t0 = now_mono();
	size_t n0;

	if (ss == NULL || ss->nt == 0) {
		s->summary_seconds = now_mono() - t0;
		return;
	}
	memset(&x, 0, sizeof x);
	x.s = s;
	x.ss = ss;
	x.nheads = 64;
	while (x.nheads < ss->nc * 2)
		x.nheads *= 2;
	x.heads = xmalloc(x.nheads * sizeof *x.heads);
	for (size_t i = 0; i < x.nheads; i++)
		x.heads[i] = -1;
	for (size_t i = ss->nc; i-- > 0;) {
		size_t h = hash_str(ss->c[i].name) & (x.nheads - 1);

		ss->c[i].next = x.heads[h];
		x.heads[h] = (int)i;
	}
	if (ss->nk > 1)
		qsort(ss->k, ss->nk, sizeof *ss->k, const_cmp);
	rs_consts_dedupe(ss);
	if (ss->nm > 1)
		qsort(ss->m, ss->nm, sizeof *ss->m, rs_method_cmp);
	n0 = ss->nt;
	x.n0 = n0;
	for (size_t i = 0; i < n0; i++) {
		rs_field_family(ss, &ss->t[i]);
		rs_tset_insert(&x.seen, ss->t, i);
	}
	for (size_t i = 0; i < ss->nt && !st->nosum; i++)
		process(&x, i);
	for (size_t i = 0; i < n0; i++)
		if (!ss->t[i].used)
			fallback(&x, &ss->t[i]);
	/* Direct registrations on a router that is mounted in the same function. */
	for (size_t i = 0; ss->nmo > 0 && i < s->nroutes; i++) {
		struct reposcan_route *r = &s->routes[i];
		const char *mp;

		if (r->via != NULL || r->mount || r->path == NULL ||
		    (mp = mounted(&x, r->at.file, r->at.func, r->router)) == NULL)
			continue;
		r->full_path = join(s, mp, r->full_path != NULL ? r->full_path : r->path);
	}
	rs_mw_finish(s);
	free(x.heads);
	rs_tset_free(&x.seen);
	s->summary_seconds = now_mono() - t0;
}

void rs_sum_free(struct sum_state *ss)
{
	if (ss == NULL)
		return;
	free(ss->mo);
	free(ss->t);
	free(ss->c);
	free(ss->k);
	free(ss->e);
	free(ss->st);
	free(ss->m);
	free(ss->ct);
	free(ss->mc);
	free(ss->mp);
	free(ss->hr);
	free(ss);
}
