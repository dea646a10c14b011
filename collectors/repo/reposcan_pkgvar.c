/* reposcan_pkgvar.c: routers kept in package-level variables declared or
 * assigned in another file of the same package.
 *
 *   vars.go:   var router = chi.NewRouter()      var api *echo.Group
 *   main.go:   api = e.Group("/api")
 *   routes.go: router.Get("/a", h)               api.GET("/g", h)
 *
 * routes.go alone cannot tell what router or api are: its routes are
 * recorded with a guessed family and noted here (rs_pkgvar_route). Every
 * file reports its package-level router variables: declarations with a
 * type or a value (rs_pkgvar_decls) and assignments to a name that is not
 * local (rs_pkgvar_assign). Once all files are in (rs_pkgvar_finish), a
 * noted route takes the variable's family and prefix; when the prefix
 * cannot be known (a group assigned from something the scan does not
 * resolve, or assigned different prefixes) the route becomes an
 * unresolved entry, never a path without its prefix. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

struct pv_rec { /* what a file says about package variable pkg.name */
	const char *pkg, *name;
	enum reposcan_family fam;
	int has_value;	    /* 1: a value (prefix known or not) */
	const char *prefix; /* has_value: NULL = unknown */
	int root_type;	    /* declared with a root router type (ServeMux, Engine...) */
	const char *parent; /* api = e.Group("/api"): e, the prefix then "/api" */
	struct reposcan_site at;
};

struct pv_route {
	size_t idx; /* into s->routes */
	const char *pkg, *name;
};

struct pv_listen {  /* engine.Run(addr) on a package variable of another file */
	size_t idx; /* into s->listens */
	const char *pkg, *name;
	enum reposcan_family fam; /* the family the call listens on */
};

struct pkgvar_state {
	struct pv_rec *r;
	size_t nr, rcap;
	struct pv_route *q;
	size_t nq, qcap;
	struct pv_listen *l;
	size_t nl, lcap;
};

static struct pkgvar_state *pv(struct reposcan *s)
{
	struct reposcan_state *st = s->priv;

	if (st->pkgvars == NULL)
		st->pkgvars = xcalloc(1, sizeof *st->pkgvars);
	return st->pkgvars;
}

void rs_pkgvar_free(struct pkgvar_state *p)
{
	if (p == NULL)
		return;
	free(p->r);
	free(p->q);
	free(p->l);
	free(p);
}

static struct pv_rec *add_rec(struct fscan *f, int name_tok)
{
	struct pkgvar_state *p = pv(f->s);
	struct pv_rec *r;
	char key[KEYLEN];

	if (p->nr >= SUM_MAX_CALLS || rs_key(f, name_tok, name_tok, key, sizeof key) < 0)
		return NULL;
	r = PUSH(p, r, nr, rcap);
	r->pkg = f->s->files[f->file].symbol_pkg;
	r->name = reposcan_strdup(f->s, key);
	r->at = rs_site(f, name_tok);
	return r;
}

/* The family of a router type written over [a, b] (*chi.Mux, chi.Router,
 * *echo.Group, *gin.Engine, *http.ServeMux, *mux.Router); *root: a type
 * only a constructor makes (its prefix is ""). */
enum reposcan_family rs_type_family(const struct fscan *f, int a, int b, int *root)
{
	static const struct {
		enum imp_role role;
		const char *type;
		enum reposcan_family fam;
		int root;
	} tt[] = {
	    {IMP_HTTP, "ServeMux", RS_NETHTTP, 1}, {IMP_CHI, "Mux", RS_CHI, 1},
	    {IMP_CHI, "Router", RS_CHI, 0},	   {IMP_GIN, "Engine", RS_GIN, 1},
	    {IMP_GIN, "RouterGroup", RS_GIN, 0},   {IMP_GIN, "IRouter", RS_GIN, 0},
	    {IMP_GIN, "IRoutes", RS_GIN, 0},	   {IMP_ECHO, "Echo", RS_ECHO, 1},
	    {IMP_ECHO, "Group", RS_ECHO, 0},	   {IMP_GORILLA, "Router", RS_GORILLA, 0},
	};

	*root = 0;
	while (a < b && rs_is_op(f, a, GOOP_MUL))
		a++;
	if (b != a + 2 || !rs_is_op(f, a + 1, GOOP_PERIOD))
		return RS_FAMILY_UNKNOWN;
	for (size_t k = 0; k < ARRAY_LEN(tt); k++)
		if (rs_is_role(f, a, tt[k].role) && rs_tok_is(f, b, tt[k].type)) {
			*root = tt[k].root;
			return tt[k].fam;
		}
	return RS_FAMILY_UNKNOWN;
}

/* One spec "a, b T = v" over [a, e): records each router-typed name. */
static void spec(struct fscan *f, int a, int e)
{
	int k = a, tb, eq = -1, root;
	enum reposcan_family fam;

	while (k < e && rs_is_ident(f, k) && rs_is_op(f, k + 1, GOOP_COMMA))
		k += 2;
	if (k >= e || !rs_is_ident(f, k))
		return;
	for (int j = k + 1; j < e; j++)
		if (rs_is_op(f, j, GOOP_ASSIGN)) {
			eq = j;
			break;
		}
	tb = eq >= 0 ? eq - 1 : e - 1;
	if (tb <= k)
		return; /* no type: a value, seen by rs_assign */
	fam = rs_type_family(f, k + 1, tb, &root);
	if (fam == RS_FAMILY_UNKNOWN)
		return;
	for (int n = a; n <= k; n += 2) {
		struct pv_rec *r = eq < 0 ? add_rec(f, n) : NULL;

		if (r != NULL) {
			r->fam = fam;
			r->root_type = root;
		}
	}
}

void rs_pkgvar_decls(struct fscan *f)
{
	for (int i = 0; i < f->nt; i++) {
		int e;

		if (rs_is_op(f, i, GOOP_LBRACE) || rs_is_op(f, i, GOOP_LPAREN)) {
			if (f->m[i] > i)
				i = f->m[i];
			continue;
		}
		if (!rs_is_kw(f, i, GOKW_VAR))
			continue;
		if (rs_is_op(f, i + 1, GOOP_LPAREN) && f->m[i + 1] > i + 1) {
			int end = f->m[i + 1], s0 = i + 2;

			for (int j = s0; j <= end; j++) {
				if (j < end &&
				    (rs_is_op(f, j, GOOP_LBRACE) || rs_is_op(f, j, GOOP_LPAREN) ||
				     rs_is_op(f, j, GOOP_LBRACK)) &&
				    f->m[j] > j) {
					j = f->m[j];
					continue;
				}
				if (j == end || f->t[j].kind == GOTOK_SEMI) {
					if (j > s0)
						spec(f, s0, j);
					s0 = j + 1;
				}
			}
			i = end;
			continue;
		}
		for (e = i + 1; e < f->nt && f->t[e].kind != GOTOK_SEMI; e++)
			if ((rs_is_op(f, e, GOOP_LBRACE) || rs_is_op(f, e, GOOP_LPAREN)) &&
			    f->m[e] > e)
				e = f->m[e];
		spec(f, i + 1, e);
		i = e;
	}
}

void rs_pkgvar_assign(struct fscan *f, int lhs_a, int lhs_b, const struct rinfo *ri)
{
	struct pv_rec *r;

	if (lhs_a != lhs_b || !rs_is_ident(f, lhs_a) || (f->top >= 0 && rs_is_local(f, lhs_a)))
		return;
	if ((r = add_rec(f, lhs_a)) == NULL)
		return;
	r->fam = ri->fam;
	r->has_value = 1;
	r->prefix = ri->prefix != NULL && !rs_sv_has(ri->prefix, 0) ? ri->prefix : NULL;
}

/* api = e.Group("/api") with e a router the file does not know (a
 * package variable of another file, maybe): the prefix is e's, joined. */
void rs_pkgvar_group(struct fscan *f, int lhs_a, int lhs_b, int rhs, int end)
{
	static const char *const grp[] = {"Group", "PathPrefix", "Route"};
	struct pv_rec *r;
	const char *lit;
	char key[KEYLEN];
	int hit = 0;

	if (end != rhs + 5 || !rs_is_ident(f, rhs) || !rs_is_op(f, rhs + 1, GOOP_PERIOD) ||
	    !rs_is_op(f, rhs + 3, GOOP_LPAREN) || f->m[rhs + 3] != end || !rs_is_str(f, rhs + 4) ||
	    (lit = rs_arg_string(f, rhs + 4, rhs + 4)) == NULL ||
	    (f->top >= 0 && rs_is_local(f, rhs)) || rs_key(f, rhs, rhs, key, sizeof key) < 0 ||
	    rs_lookup(f, key, rhs) != NULL)
		return;
	for (size_t k = 0; k < ARRAY_LEN(grp); k++)
		hit |= rs_tok_is(f, rhs + 2, grp[k]);
	if (!hit || lhs_a != lhs_b || !rs_is_ident(f, lhs_a) ||
	    (f->top >= 0 && rs_is_local(f, lhs_a)) || (r = add_rec(f, lhs_a)) == NULL)
		return;
	r->fam = RS_FAMILY_UNKNOWN;
	r->has_value = 1;
	r->prefix = lit;
	r->parent = reposcan_strdup(f->s, key);
}

void rs_pkgvar_route(struct fscan *f, int ra, int rb, size_t idx)
{
	struct pkgvar_state *p;
	struct pv_route *q;
	char key[KEYLEN];

	if (ra < 0 || ra != rb || !rs_is_ident(f, ra) || f->top < 0 || rs_is_local(f, ra) ||
	    rs_key(f, ra, ra, key, sizeof key) < 0)
		return;
	p = pv(f->s);
	if (p->nq >= SUM_MAX_CALLS)
		return;
	q = PUSH(p, q, nq, qcap);
	q->idx = idx;
	q->pkg = f->s->files[f->file].symbol_pkg;
	q->name = reposcan_strdup(f->s, key);
}

int rs_pkgvar_listen(struct fscan *f, int ra, enum reposcan_family fam, size_t idx)
{
	struct pkgvar_state *p = pv(f->s);
	struct pv_listen *l;
	char key[KEYLEN];

	if (p->nl >= SUM_MAX_CALLS || rs_key(f, ra, ra, key, sizeof key) < 0)
		return 0;
	l = PUSH(p, l, nl, lcap);
	l->idx = idx;
	l->pkg = f->s->files[f->file].symbol_pkg;
	l->name = reposcan_strdup(f->s, key);
	l->fam = fam;
	return 1;
}

/* ---- once all files are in ---- */

static const char *join(struct reposcan *s, const char *pre, const char *path)
{
	size_t pl = strlen(pre);

	if (pl == 0)
		return path;
	if (pre[pl - 1] == '/' && path[0] == '/')
		return reposcan_printf(s, "%.*s%s", (int)(pl - 1), pre, path);
	return reposcan_printf(s, "%s%s", pre, path);
}

/* The family and prefix of pkg.name; 0: nothing known about it, -1: a
 * router whose prefix is unknown (*why says where it is set). */
static int var_router(struct reposcan *s, const struct pkgvar_state *p, const char *pkg,
		      const char *name, enum reposcan_family *fam, const char **prefix,
		      const char **why, int depth)
{
	int found = 0, values = 0, unknown = 0, root = 0, conflict = 0;
	const char *pre = NULL;
	const struct pv_rec *last = NULL;

	*fam = RS_FAMILY_UNKNOWN;
	for (size_t i = 0; i < p->nr; i++) {
		const struct pv_rec *r = &p->r[i];

		if (strcmp(r->name, name) != 0 || strcmp(r->pkg, pkg) != 0)
			continue;
		found = 1;
		if (r->fam != RS_FAMILY_UNKNOWN) {
			if (*fam != RS_FAMILY_UNKNOWN && *fam != r->fam)
				conflict = 1;
			*fam = r->fam;
		}
		root |= r->root_type;
		if (!r->has_value)
			continue;
		values++;
		last = r;
		if (r->parent != NULL) {
			/* a group of another package variable: its prefix first */
			enum reposcan_family pf;
			const char *pp = NULL, *pw = NULL;

			if (depth < 8 &&
			    var_router(s, p, pkg, r->parent, &pf, &pp, &pw, depth + 1) > 0) {
				const char *full = join(s, pp, r->prefix);

				if (*fam == RS_FAMILY_UNKNOWN)
					*fam = pf;
				if (pre != NULL && strcmp(pre, full) != 0)
					unknown = 1;
				pre = full;
			} else {
				unknown = 1;
			}
			continue;
		}
		if (r->prefix == NULL)
			unknown = 1;
		else if (pre != NULL && strcmp(pre, r->prefix) != 0)
			unknown = 1;
		else
			pre = r->prefix;
	}
	if (!found || conflict)
		return 0;
	if (values == 0 && root)
		pre = "";
	if (unknown || pre == NULL) {
		*why =
		    last != NULL
			? reposcan_printf(s,
					  "the prefix of %s (a package variable) is not known: it "
					  "is set at %s:%d%s",
					  name, s->files[last->at.file].path, last->at.line,
					  values > 1 ? " and elsewhere" : "")
			: reposcan_printf(s,
					  "the prefix of %s (a package variable) is not known: "
					  "no assignment to it was found",
					  name);
		return -1;
	}
	*prefix = pre;
	return 1;
}

/* A listen call on a name no file-local scan knew keeps its place only
 * when that name is a package-level router of the call's family. */
static void listens_finish(struct reposcan *s, const struct pkgvar_state *p)
{
	char *drop;
	size_t k = 0;

	if (p->nl == 0)
		return;
	drop = xcalloc(s->nlistens + 1, 1);
	for (size_t i = 0; i < p->nl; i++) {
		enum reposcan_family fam = RS_FAMILY_UNKNOWN;
		const char *pre = NULL, *why = NULL;

		if (p->l[i].idx >= s->nlistens)
			continue;
		if (var_router(s, p, p->l[i].pkg, p->l[i].name, &fam, &pre, &why, 0) == 0 ||
		    fam != p->l[i].fam)
			drop[p->l[i].idx] = 1;
	}
	for (size_t i = 0; i < s->nlistens; i++)
		if (!drop[i])
			s->listens[k++] = s->listens[i];
	s->nlistens = k;
	free(drop);
}

void rs_pkgvar_finish(struct reposcan *s)
{
	struct reposcan_state *st = s->priv;
	struct pkgvar_state *p = st->pkgvars;
	char *drop;
	size_t k = 0;

	if (p == NULL)
		return;
	listens_finish(s, p);
	if (p->nq == 0)
		return;
	drop = xcalloc(s->nroutes + 1, 1);
	for (size_t i = 0; i < p->nq; i++) {
		struct reposcan_route *r;
		struct reposcan_unresolved *u;
		enum reposcan_family fam;
		const char *pre = NULL, *why = NULL;
		int how;

		if (p->q[i].idx >= s->nroutes)
			continue;
		r = &s->routes[p->q[i].idx];
		if (!r->family_guessed || r->path == NULL ||
		    (how = var_router(s, p, p->q[i].pkg, p->q[i].name, &fam, &pre, &why, 0)) == 0)
			continue;
		if (fam != RS_FAMILY_UNKNOWN) {
			r->family = fam;
			r->family_guessed = 0;
		}
		if (how > 0) {
			if (pre[0] != '\0')
				r->full_path =
				    join(s, pre, r->full_path != NULL ? r->full_path : r->path);
			continue;
		}
		u = PUSH(s, unresolved, nunresolved, unresolved_cap);
		u->at = r->at;
		u->kind = "route";
		u->call = reposcan_printf(s, "%s.%s", r->router, r->call);
		u->expr = r->pattern_expr;
		u->why = why;
		u->handler = r->handler != NULL ? r->handler : "";
		u->handler_symbol = r->handler_symbol;
		drop[p->q[i].idx] = 1;
	}
	for (size_t i = 0; i < s->nroutes; i++)
		if (!drop[i])
			s->routes[k++] = s->routes[i];
	s->nroutes = k;
	free(drop);
}
