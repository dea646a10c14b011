/* reposcan_tmpl.c: templates of registrations that are not literal (a
 * route, listen address, gRPC service or mount whose path or handler is a
 * parameter of the enclosing function), recorded per file for the summary
 * pass to complete at the call sites; see reposcan_sum.h. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

/* ---- templates ---- */

static const char *site_text(struct fscan *f, int tok, const char *what)
{
	const char *p = f->s->files[f->file].path, *b = strrchr(p, '/');

	(void)b;
	return reposcan_printf(f->s, "%s:%d %s", p, (int)f->t[tok].line, what);
}

/* The handler argument as a symbolic (text, symbol) pair. */
static void handler_enc(struct fscan *f, int h_a, int h_b, const char **text, const char **sym)
{
	struct sum_arg a;

	if (h_a < 0) {
		*text = "";
		*sym = NULL;
		return;
	}
	if (rs_is_kw(f, h_a, GOKW_FUNC)) {
		/* A wrapper literal that calls a parameter of the helper
		 * (func(w, r) { ...; h(w, r) }): the handler is what the caller
		 * passes for it. */
		for (int k = h_a + 1; k < h_b; k++) {
			int p;

			if (rs_is_ident(f, k) && rs_is_op(f, k + 1, GOOP_LPAREN) &&
			    !rs_is_op(f, k - 1, GOOP_PERIOD) &&
			    (p = rs_param(f, k, NULL, NULL)) >= 0) {
				*text = *sym = rs_mark(f, 'P', p);
				return;
			}
		}
	}
	rs_sum_arg(f, h_a, h_b, &a);
	*text = a.text;
	*sym = rs_is_kw(f, h_a, GOKW_FUNC) ? NULL : a.sym;
}

static void add_unresolved(struct fscan *f, int i, const char *kind, const char *call,
			   const char *expr, const char *why, int h_a, int h_b)
{
	struct reposcan *s = f->s;
	struct reposcan_unresolved *u = PUSH(s, unresolved, nunresolved, unresolved_cap);

	u->at = rs_site(f, f->reg_site >= 0 ? f->reg_site : i);
	u->kind = kind;
	u->call = call;
	u->expr = expr;
	u->why = why;
	handler_enc(f, h_a, h_b, &u->handler, &u->handler_symbol);
	if (rs_sv_has(u->handler, 0)) {
		u->handler = rs_text(f, h_a, h_b);
		u->handler_symbol = NULL;
	}
}

/* The reason inside the first "\1?...\2" marker. */
static const char *first_why(struct reposcan *s, const char *v)
{
	const char *p = v;

	while (p != NULL && (p = strchr(p, SV_M)) != NULL && p[1] != '?')
		p++;
	if (p == NULL)
		return "not a constant";
	return reposcan_strndup(s, p + 2, strcspn(p + 2, "\002"));
}

/* A registration with a path, method or prefix that is not literal here.
 * Returns 1 when it was taken (as a template or an unresolved entry), 0
 * when the caller should record the route as it is. */
int rs_sum_route(struct fscan *f, int i, const struct rinfo *ri, const char *router,
		 const char *method, int path_a, int path_b, int h_a, int h_b, int mount)
{
	struct sum_state *ss;
	struct sum_tmpl *t;
	const char *path = rs_enc(f, path_a, path_b), *call = rs_text(f, i, i);
	const char *callx =
	    router != NULL && router[0] ? reposcan_printf(f->s, "%s.%s", router, call) : call;
	int marks = rs_sv_has(path, 'P') || rs_sv_has(path, 'C') || rs_sv_has(path, 'E') ||
		    rs_sv_has(path, 'F') || rs_sv_has(ri->prefix, 'G') ||
		    rs_sv_has(ri->prefix, 'R') || rs_sv_has(ri->prefix, 'C') ||
		    rs_sv_has(ri->prefix, 'P') || rs_sv_has(method, 'P') ||
		    rs_sv_has(method, 'E') || rs_sv_has(method, 'C');

	if (rs_sv_has(path, '?') || rs_sv_has(ri->prefix, '?')) {
		add_unresolved(f, i, "route", callx, rs_text(f, path_a, path_b),
			       first_why(f->s, rs_sv_has(path, '?') ? path : ri->prefix), h_a, h_b);
		return 1;
	}
	if (!marks)
		return 0;
	ss = rs_sum(f->s);
	if (ss->nt >= SUM_MAX_TEMPLATES)
		return 0;
	t = PUSH(ss, t, nt, tcap);
	rs_sum_fn(f, &t->fn);
	t->kind = SUM_ROUTE;
	t->at = rs_site(f, f->reg_site >= 0 ? f->reg_site : i);
	t->chain = site_text(f, i, callx);
	t->origin = (int)ss->nt - 1;
	t->fam = ri->fam;
	t->fam_guessed = !ri->known || ri->guessed;
	t->fam_param = -1;
	if (ri->prefix != NULL && ri->prefix[0] == SV_M && ri->prefix[1] == 'R')
		t->fam_param = atoi(ri->prefix + 2);
	t->call = call;
	t->router = router;
	t->method = method != NULL ? method : "";
	t->path = path;
	t->full = ri->prefix; /* the prefix; joined with the path when complete */
	handler_enc(f, h_a, h_b, &t->handler, &t->hsym);
	t->expr = rs_text(f, path_a, path_b);
	t->mount = mount;
	return 1;
}

int rs_sum_listen(struct fscan *f, int i, const char *call, int a, int b)
{
	struct sum_state *ss;
	struct sum_tmpl *t;
	const char *v = rs_enc(f, a, b);

	if (rs_sv_has(v, '?') ||
	    !(rs_sv_has(v, 'P') || rs_sv_has(v, 'C') || rs_sv_has(v, 'E') || rs_sv_has(v, 'F')))
		return 0;
	ss = rs_sum(f->s);
	if (ss->nt >= SUM_MAX_TEMPLATES)
		return 0;
	t = PUSH(ss, t, nt, tcap);
	rs_sum_fn(f, &t->fn);
	t->kind = SUM_LISTEN;
	t->at = rs_site(f, i);
	t->chain = site_text(f, i, call);
	t->origin = (int)ss->nt - 1;
	t->fam_param = -1;
	t->call = call;
	t->path = v;
	t->expr = rs_text(f, a, b);
	t->handler = "";
	return 1;
}

/* s.RegisterService(svc.desc, svc.impl) over a table of services, or
 * with a helper's parameter: the descriptor comes from the element or the
 * caller. Returns 1 when taken as a template. */
int rs_sum_grpc(struct fscan *f, int i, int ra, int rb, int da, int db)
{
	struct sum_state *ss;
	struct sum_tmpl *t;
	struct sum_arg a;

	rs_sum_arg(f, da, db, &a);
	if (a.text == NULL || a.text[0] != SV_M || (a.text[1] != 'E' && a.text[1] != 'P'))
		return 0;
	ss = rs_sum(f->s);
	if (ss->nt >= SUM_MAX_TEMPLATES)
		return 0;
	t = PUSH(ss, t, nt, tcap);
	rs_sum_fn(f, &t->fn);
	t->kind = SUM_GRPC;
	t->at = rs_site(f, i);
	t->chain = site_text(f, i, reposcan_printf(f->s, "%s.RegisterService", rs_text(f, ra, rb)));
	t->origin = (int)ss->nt - 1;
	t->fam_param = -1;
	t->call = reposcan_printf(f->s, "%s.RegisterService", rs_text(f, ra, rb));
	t->router = rs_text(f, ra, rb);
	t->path = "";
	t->handler = a.text;
	t->expr = rs_text(f, da, db);
	return 1;
}

/* r.Mount("/admin", sub): routes registered on sub in this function (or
 * in helpers it is passed to) live under the mount's path. */
void rs_sum_mount(struct fscan *f, int i, const struct rinfo *ri, int pa, int pb, int ra, int rb)
{
	char key[KEYLEN];
	struct binding *b;
	struct sum_state *ss;
	struct sum_mount *m;
	const char *p = rs_arg_string(f, pa, pb);

	if (p == NULL || ri->prefix == NULL || rs_sv_has(ri->prefix, 0) || ra != rb ||
	    rs_key(f, ra, rb, key, sizeof key) < 0 || (b = rs_lookup(f, key, ra)) == NULL ||
	    b->kind != B_ROUTER || !b->is_root)
		return;
	ss = rs_sum(f->s);
	m = PUSH(ss, mo, nmo, mocap);
	m->file = f->file;
	m->func = rs_site(f, i).func;
	m->key = reposcan_strdup(f->s, key);
	m->prefix = rs_join_path(f, ri->prefix, p);
}
