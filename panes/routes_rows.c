/* routes_rows.c: join declared routes, build constraints, live probes and
 * listeners into the rows the routes pane draws. */
#include "routes_rows.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/net/grpc.h"
#include "checks/jump.h"
#include "checks/serve_checks.h"

#define S(x) ((x) != NULL ? (x) : "")

void routes_rows_inputs_from_facts(struct routes_rows_inputs *in, const struct facts *f,
				   const struct target *t, unsigned collecting)
{
	memset(in, 0, sizeof *in);
	in->scan = f->scan;
	in->scan_error = f->scan_error;
	in->probes = f->probes;
	in->nprobes = f->nprobes;
	in->probes_error = f->probes_error;
	in->probes_collected = (f->collected & FACT_ROUTES) != 0;
	in->probing = (collecting & FACT_ROUTES) != 0;
	in->scanning = (collecting & FACT_REPO) != 0;
	in->expected_header = f->expected_header;
	in->grpc = f->grpc;
	in->ngrpc = f->ngrpc;
	in->grpc_error = f->grpc_error;
	in->grpc_collected = (f->collected & FACT_GRPC) != 0;
	in->sniffing = (collecting & FACT_GRPC) != 0;
	in->listeners = t != NULL ? t->listeners : NULL;
	in->listeners_error = t != NULL ? t->listeners_error : NULL;
	if (t != NULL && t->pid == 0 && in->listeners_error == NULL)
		in->listeners_error = "no process: pass --pid to see its listeners";
}

char *routes_rows_probe_path(const char *path)
{
	/* One definition of where a route is probed: the collector's. */
	return facts_probe_path(path);
}

static const char *route_path(const struct reposcan_route *r)
{
	return r->full_path != NULL ? r->full_path : r->path;
}

static const struct route_probe *find_probe(const struct routes_rows_inputs *in,
					    const struct reposcan_route *r)
{
	const char *path = route_path(r);
	const struct route_probe *found = NULL;
	char *key;

	if (path == NULL || path[0] != '/')
		return NULL;
	key = routes_rows_probe_path(path);
	for (size_t i = 0; i < in->nprobes && found == NULL; i++)
		if (in->probes[i].path != NULL && strcmp(in->probes[i].path, key) == 0)
			found = &in->probes[i];
	free(key);
	return found;
}

/* ---- route rows ------------------------------------------------------- */

static void build_cell(struct routes_route_row *row, const struct reposcan_file *f)
{
	const struct buildconstraint_result *bc = &f->bc;

	row->in_build = bc->included;
	row->build_why = buildconstraint_result_describe(bc);
	if (!bc->included)
		row->build_short = xasprintf("excluded by %s%s%s", S(bc->constraint),
					     bc->setting != NULL ? ": " : "", S(bc->setting));
	if (bc->included) {
		row->build = xstrdup("yes");
		row->build_tone = ROUTES_TONE_NORMAL;
	} else {
		row->build = xasprintf("no %s", bc->term != NULL ? bc->term
						: bc->constraint != NULL
						    ? bc->constraint
						    : buildconstraint_reason_name(bc->reason));
		row->build_tone = ROUTES_TONE_BAD;
	}
}

/* The route exists in the process unless nothing is registered for the
 * path (404), or a GET is refused with 405 (serve_checks.c judges alike). */
static enum routes_tone status_tone(const struct route_probe *p)
{
	if (p->status == 404 || (p->status == 405 && strcmp(S(p->method), "GET") == 0))
		return ROUTES_TONE_BAD;
	if (p->status >= 500)
		return ROUTES_TONE_WARN;
	if ((p->status >= 200 && p->status < 400) || p->status == 405)
		return ROUTES_TONE_GOOD;
	return ROUTES_TONE_NORMAL;
}

static void live_cell(struct routes_route_row *row, const struct reposcan_route *r,
		      const struct routes_rows_inputs *in)
{
	const struct route_probe *p = find_probe(in, r);
	const char *path = route_path(r);

	row->header = -1;
	row->live_tone = ROUTES_TONE_DIM;
	if (p != NULL && p->status > 0) {
		row->probe = p;
		row->live = strcmp(S(p->method), "GET") == 0
				? xasprintf("%ld", p->status)
				: xasprintf("%ld %s", p->status, p->method);
		row->header = in->expected_header != NULL ? p->has_header != 0 : -1;
		if (in->expected_header != NULL)
			row->live_why = xasprintf(
			    "%s %s -> %ld in %.0f ms, %s %s", S(p->method), S(p->path), p->status,
			    p->seconds * 1000, p->has_header ? "with" : "no", in->expected_header);
		else
			row->live_why = xasprintf("%s %s -> %ld in %.0f ms", S(p->method),
						  S(p->path), p->status, p->seconds * 1000);
		row->live_tone = status_tone(p);
		return;
	}
	if (p != NULL) {
		row->probe = p;
		row->live = xstrdup("no answer");
		row->live_why = xasprintf("%s %s -> no answer: %s", S(p->method), S(p->path),
					  p->error != NULL ? p->error : "?");
		row->live_tone = ROUTES_TONE_WARN;
		return;
	}
	if (path == NULL) {
		row->live = xstrdup("not probed");
		row->live_why = xasprintf("not probed: the path is not a literal (%s)",
					  r->pattern_expr != NULL ? r->pattern_expr : "?");
	} else if (path[0] != '/') {
		row->live = xstrdup("not probed");
		row->live_why = xasprintf("not probed: %s is not an absolute path", path);
	} else if (in->probing) {
		row->live = xstrdup("probing");
		row->live_why = xstrdup("probing the declared routes...");
	} else if (in->probes_error != NULL) {
		row->live = xstrdup("not probed");
		row->live_why = xasprintf("not probed: %s", in->probes_error);
	} else if (!in->probes_collected) {
		row->live = xstrdup("not probed");
		row->live_why = xstrdup("not probed yet (r probes the routes)");
	} else {
		row->live = xstrdup("not probed");
		row->live_why = xasprintf(
		    "not probed: only the first %zu distinct paths are probed", in->nprobes);
	}
}

static void route_row(struct routes_route_row *row, size_t idx, const struct reposcan *s,
		      const struct routes_rows_inputs *in)
{
	const struct reposcan_route *r = &s->routes[idx];
	const struct reposcan_file *f = &s->files[r->at.file];
	const char *path = route_path(r);

	row->route = idx;
	row->file = f->path;
	row->line = r->at.line;
	row->method = xstrdup(r->method != NULL && r->method[0] ? r->method : "*");
	if (path == NULL)
		path = r->pattern_expr != NULL ? r->pattern_expr : "?";
	row->path = xasprintf("%s%s", S(r->host), path);
	row->handler = xstrdup(r->handler != NULL ? r->handler : "?");
	row->where = xasprintf("%s:%d", f->path, r->at.line);
	build_cell(row, f);
	live_cell(row, r, in);
}

/* A registration whose path the scan could not resolve: listed, never
 * probed, never counted as a route. */
static void unresolved_row(struct routes_route_row *row, size_t j, const struct reposcan *s)
{
	const struct reposcan_unresolved *u = &s->unresolved[j];
	const struct reposcan_file *f = &s->files[u->at.file];

	row->route = s->nroutes + j;
	row->file = f->path;
	row->line = u->at.line;
	row->method = xstrdup("?");
	row->path = xstrdup(S(u->expr));
	row->handler = xstrdup(u->handler != NULL && u->handler[0] ? u->handler : "?");
	row->where = xasprintf("%s:%d", f->path, u->at.line);
	build_cell(row, f);
	row->header = -1;
	row->live = xstrdup("unresolved");
	row->live_why = xasprintf("not probed: the path is unresolved (%s)", S(u->why));
	row->live_tone = ROUTES_TONE_DIM;
}

static char *context_line(const struct buildconstraint_ctx *c)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "build %s/%s go1.%d cgo=%d", S(c->goos), S(c->goarch), c->go_minor, c->cgo);
	if (c->tags.n == 0) {
		buf_adds(&b, " no tags");
	} else {
		buf_adds(&b, " tags=");
		for (size_t i = 0; i < c->tags.n; i++)
			buf_printf(&b, "%s%s", i ? "," : "", c->tags.v[i]);
		if (c->tags_origin != NULL)
			buf_printf(&b, " (%s)", c->tags_origin);
	}
	return buf_steal(&b);
}

static void route_rows(struct routes_rows *rows, const struct routes_rows_inputs *in)
{
	const struct reposcan *s = in->scan;
	size_t excluded = 0, probed = 0, missing = 0, with_header = 0;
	struct buf b;

	if (s == NULL) {
		rows->routes_note =
		    in->scanning ? xstrdup("scanning the repository...")
				 : xasprintf("no repository scan: %s",
					     in->scan_error != NULL
						 ? in->scan_error
						 : "pass --repo DIR (the checkout holding go.mod)");
		rows->summary = xstrdup("Routes: no repository scan");
		return;
	}
	rows->context = context_line(&s->ctx);
	rows->nroutes = s->nroutes + s->nunresolved;
	rows->routes = xcalloc(rows->nroutes + 1, sizeof *rows->routes);
	for (size_t j = 0; j < s->nunresolved; j++)
		unresolved_row(&rows->routes[s->nroutes + j], j, s);
	for (size_t i = 0; i < s->nroutes; i++) {
		struct routes_route_row *row = &rows->routes[i];

		route_row(row, i, s, in);
		excluded += !row->in_build;
		if (row->probe != NULL && row->probe->status > 0) {
			probed++;
			missing += row->live_tone == ROUTES_TONE_BAD;
			with_header += row->header == 1;
		}
	}
	if (s->nroutes == 0)
		rows->routes_note = xstrdup("the repository declares no HTTP routes the scan "
					    "recognises (net/http, gin, echo, chi, gorilla/mux)");
	buf_init(&b);
	buf_printf(&b, "%zu route%s, %zu not in the build", s->nroutes, s->nroutes == 1 ? "" : "s",
		   excluded);
	if (s->nunresolved > 0)
		buf_printf(&b, ", %zu unresolved", s->nunresolved);
	if (in->probing)
		buf_adds(&b, "; probing...");
	else if (in->probes_error != NULL)
		buf_printf(&b, "; not probed: %s", in->probes_error);
	else if (in->probes_collected && in->expected_header != NULL)
		buf_printf(&b, "; %zu answered, %zu not served, %zu with %s", probed, missing,
			   with_header, in->expected_header);
	else if (in->probes_collected)
		buf_printf(&b, "; %zu answered, %zu not served", probed, missing);
	rows->summary = buf_steal(&b);
}

/* ---- listener rows ---------------------------------------------------- */

static const struct grpc_listener *grpc_for(const struct routes_rows_inputs *in, const char *addr)
{
	for (size_t i = 0; i < in->ngrpc; i++)
		if (in->grpc[i].addr != NULL && strcmp(in->grpc[i].addr, addr) == 0)
			return &in->grpc[i];
	return NULL;
}

static int serves(const struct grpc_listener *g, const char *service)
{
	if (g == NULL || service == NULL || g->reflection_error != NULL)
		return 0;
	for (size_t i = 0; i < g->services.n; i++)
		if (serve_checks_service_match(g->services.v[i], service))
			return 1;
	return 0;
}

static const char *health_name(int h)
{
	return h < 0 ? "-" : grpc_health_name((enum grpc_health)h);
}

static void listener_cells(struct routes_listener_row *row, const struct routes_rows_inputs *in)
{
	const struct grpc_listener *g = row->grpc;
	const struct reposcan *s = in->scan;
	struct buf b;

	row->tone = ROUTES_TONE_NORMAL;
	if (g == NULL) {
		row->proto = xstrdup(in->sniffing ? "..." : "?");
		row->health = xstrdup("-");
		row->declared = xstrdup("-");
		row->served = xstrdup(in->sniffing	       ? "sniffing..."
				      : in->grpc_error != NULL ? in->grpc_error
							       : "not sniffed yet (r sniffs)");
		row->tone = ROUTES_TONE_DIM;
		return;
	}
	row->proto = xstrdup(g->proto != NULL ? g->proto : "?");
	row->health = xstrdup(g->is_h2c ? health_name(g->health) : "-");
	if (!g->is_h2c) {
		row->declared = xstrdup("-");
		row->served = xstrdup(g->proto != NULL && strcmp(g->proto, "tls") == 0
					  ? "TLS: reflection is not attempted"
					  : "-");
		return;
	}
	if (g->reflection_error != NULL) {
		row->served = xasprintf("no reflection: %s", g->reflection_error);
		row->declared = xstrdup(s != NULL && s->ngrpcs > 0 ? "unknown" : "-");
		row->tone = ROUTES_TONE_WARN;
		return;
	}
	buf_init(&b);
	buf_printf(&b, "%zu:", g->services.n);
	for (size_t i = 0; i < g->services.n; i++)
		buf_printf(&b, "%s %s", i ? "," : "", g->services.v[i]);
	row->served = buf_steal(&b);
	if (s == NULL || s->ngrpcs == 0) {
		row->declared = xstrdup(s == NULL ? "no repo" : "none");
		return;
	}
	{
		size_t ok = 0;
		const char *first_missing = NULL;

		for (size_t i = 0; i < s->ngrpcs; i++) {
			if (serves(g, s->grpcs[i].service))
				ok++;
			else if (first_missing == NULL)
				first_missing = s->grpcs[i].service ? s->grpcs[i].service : "?";
		}
		if (first_missing == NULL) {
			row->declared = xasprintf("%zu/%zu ok", ok, s->ngrpcs);
			row->tone = ROUTES_TONE_GOOD;
		} else {
			row->declared =
			    xasprintf("%zu/%zu: %s missing", ok, s->ngrpcs, first_missing);
			row->tone = ROUTES_TONE_BAD;
		}
	}
}

static void listener_why(struct routes_listener_row *row, const struct routes_rows_inputs *in)
{
	const struct grpc_listener *g = row->grpc;

	if (row->kind == ROUTES_LROW_DECLARED) {
		const struct reposcan_grpc *d = &in->scan->grpcs[row->decl];

		row->why = xasprintf("%s (%s at %s): %s", row->addr, S(d->call), row->declared,
				     row->served);
	} else if (g == NULL) {
		row->why = xasprintf("%s: %s", row->addr, row->served);
	} else if (!g->is_h2c) {
		row->why = xasprintf("%s speaks %s (sniffed in %.0f ms): %s", row->addr, row->proto,
				     g->detail_ms,
				     strcmp(row->proto, "tls") == 0
					 ? "TLS, so reflection is not attempted (grpcurl -insecure)"
					 : "not HTTP/2 cleartext, so no gRPC");
	} else if (g->reflection_error != NULL) {
		row->why = xasprintf("%s: HTTP/2, health %s; reflection failed: %s", row->addr,
				     row->health, g->reflection_error);
	} else {
		row->why = xasprintf("%s: HTTP/2, health %s, reflection %s; declared %s; served %s",
				     row->addr, row->health, S(g->reflection_version),
				     row->declared, row->served);
	}
}

static struct routes_listener_row *add_lrow(struct routes_rows *rows, size_t *cap)
{
	struct routes_listener_row *row;

	rows->listeners =
	    xgrow(rows->listeners, cap, rows->nlisteners + 1, sizeof *rows->listeners);
	row = &rows->listeners[rows->nlisteners++];
	memset(row, 0, sizeof *row);
	return row;
}

static void declared_row(struct routes_rows *rows, size_t *cap, size_t idx,
			 const struct routes_rows_inputs *in)
{
	const struct reposcan_grpc *d = &in->scan->grpcs[idx];
	struct routes_listener_row *row = add_lrow(rows, cap);
	size_t h2 = 0, reflected = 0;
	struct buf b;

	row->kind = ROUTES_LROW_DECLARED;
	row->decl = idx;
	row->file = in->scan->files[d->at.file].path;
	row->line = d->at.line;
	row->addr = xstrdup(d->service != NULL ? d->service : S(d->call));
	row->proto = xstrdup("");
	row->health = xstrdup("");
	row->declared = xasprintf("%s:%d", row->file, row->line);
	buf_init(&b);
	for (size_t k = 0; k < in->ngrpc; k++) {
		const struct grpc_listener *g = &in->grpc[k];

		h2 += g->is_h2c != 0;
		reflected += g->is_h2c && g->reflection_error == NULL;
		if (g->is_h2c && serves(g, d->service))
			buf_printf(&b, "%s%s", b.len ? ", " : "served on ", S(g->addr));
	}
	if (b.len > 0) {
		row->tone = ROUTES_TONE_GOOD;
	} else if (reflected > 0) {
		buf_adds(&b, "NOT SERVED by any listener");
		row->tone = ROUTES_TONE_BAD;
	} else if (h2 > 0) {
		buf_adds(&b, "unknown: no reflection on the HTTP/2 listener");
		row->tone = ROUTES_TONE_WARN;
	} else if (in->grpc_collected && in->grpc_error == NULL) {
		buf_adds(&b, "NOT SERVED: no listener speaks HTTP/2");
		row->tone = ROUTES_TONE_BAD;
	} else {
		buf_adds(&b, "unknown: listeners not sniffed");
		row->tone = ROUTES_TONE_DIM;
	}
	if (d->in_go || d->after_serve || d->other_server)
		buf_printf(&b, " (registration %s)",
			   d->in_go	    ? "inside a go statement"
			   : d->after_serve ? "after Serve("
					    : "on another server");
	row->served = buf_steal(&b);
	listener_why(row, in);
}

static void listener_rows(struct routes_rows *rows, const struct routes_rows_inputs *in)
{
	const struct listeners *ls = in->listeners;
	size_t cap = 0;

	for (size_t i = 0; ls != NULL && i < ls->n; i++) {
		struct routes_listener_row *row = add_lrow(rows, &cap);

		row->kind = ROUTES_LROW_LISTENER;
		row->addr = xstrdup(ls->v[i].local);
		row->grpc = grpc_for(in, ls->v[i].local);
		listener_cells(row, in);
		listener_why(row, in);
	}
	/* Sniffed listeners the last /proc refresh no longer shows. */
	for (size_t k = 0; k < in->ngrpc; k++) {
		int seen = 0;

		for (size_t i = 0; ls != NULL && i < ls->n && !seen; i++)
			seen = in->grpc[k].addr != NULL &&
			       strcmp(in->grpc[k].addr, ls->v[i].local) == 0;
		if (!seen && in->grpc[k].addr != NULL) {
			struct routes_listener_row *row = add_lrow(rows, &cap);

			row->kind = ROUTES_LROW_LISTENER;
			row->addr = xstrdup(in->grpc[k].addr);
			row->grpc = &in->grpc[k];
			listener_cells(row, in);
			listener_why(row, in);
		}
	}
	if (rows->nlisteners == 0)
		rows->listeners_note =
		    ls != NULL
			? xstrdup("the process listens on no TCP socket")
			: xstrdup(in->listeners_error != NULL ? in->listeners_error
				  : in->grpc_error != NULL    ? in->grpc_error
							      : "no listeners known (pass --pid)");
	for (size_t i = 0; in->scan != NULL && i < in->scan->ngrpcs; i++)
		declared_row(rows, &cap, i, in);
}

struct routes_rows *routes_rows_build(const struct routes_rows_inputs *in)
{
	struct routes_rows *rows = xcalloc(1, sizeof *rows);

	rows->header = in->expected_header; /* NULL: no header column */
	route_rows(rows, in);
	listener_rows(rows, in);
	return rows;
}

void routes_rows_free(struct routes_rows *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nroutes; i++) {
		struct routes_route_row *x = &r->routes[i];

		free(x->method);
		free(x->path);
		free(x->handler);
		free(x->where);
		free(x->build);
		free(x->build_why);
		free(x->build_short);
		free(x->live);
		free(x->live_why);
	}
	for (size_t i = 0; i < r->nlisteners; i++) {
		struct routes_listener_row *x = &r->listeners[i];

		free(x->addr);
		free(x->proto);
		free(x->health);
		free(x->declared);
		free(x->served);
		free(x->why);
	}
	free(r->routes);
	free(r->listeners);
	free(r->summary);
	free(r->context);
	free(r->routes_note);
	free(r->listeners_note);
	free(r);
}

/* ---- filter and jumps -------------------------------------------------- */

static int has(const char *cell, const char *filter)
{
	return cell != NULL && strcasestr(cell, filter) != NULL;
}

int routes_rows_route_match(const struct routes_route_row *r, const char *filter)
{
	return has(r->method, filter) || has(r->path, filter) || has(r->handler, filter) ||
	       has(r->where, filter) || has(r->build, filter) || has(r->live, filter);
}

int routes_rows_listener_match(const struct routes_listener_row *r, const char *filter)
{
	return has(r->addr, filter) || has(r->proto, filter) || has(r->health, filter) ||
	       has(r->declared, filter) || has(r->served, filter);
}

int routes_rows_parse_code(const char *what, char **file, int *line)
{
	struct jump j;

	*file = NULL;
	*line = 0;
	if (jump_parse(what, &j) != 0 || j.kind != JUMP_CODE)
		return -1;
	*file = xstrndup(j.arg, j.arg_len);
	*line = j.line;
	return 0;
}

int routes_rows_same_file(const char *given, const char *rel)
{
	size_t a, b;

	while (given[0] == '.' && given[1] == '/')
		given += 2;
	if (strcmp(given, rel) == 0)
		return 1;
	a = strlen(given);
	b = strlen(rel);
	return a > b && given[a - b - 1] == '/' && strcmp(given + a - b, rel) == 0;
}

long routes_rows_find_route(const struct routes_rows *r, const char *file, int line)
{
	for (size_t i = 0; i < r->nroutes; i++)
		if (r->routes[i].line == line && routes_rows_same_file(file, r->routes[i].file))
			return (long)i;
	return -1;
}

long routes_rows_find_listener(const struct routes_rows *r, const char *file, int line)
{
	for (size_t i = 0; i < r->nlisteners; i++)
		if (r->listeners[i].kind == ROUTES_LROW_DECLARED && r->listeners[i].line == line &&
		    routes_rows_same_file(file, r->listeners[i].file))
			return (long)i;
	return -1;
}

void routes_rows_resolve_code(const struct routes_rows *r, const struct routes_rows_inputs *in,
			      const char *file, int line, struct routes_jump *out)
{
	const struct reposcan *s = in->scan;
	long i, best = -1;

	memset(out, 0, sizeof *out);
	if ((i = routes_rows_find_route(r, file, line)) >= 0) {
		out->table = ROUTES_JUMP_ROUTES;
		out->idx = (size_t)i;
		return;
	}
	if ((i = routes_rows_find_listener(r, file, line)) >= 0) {
		out->table = ROUTES_JUMP_LISTENERS;
		out->idx = (size_t)i;
		return;
	}
	for (size_t k = 0; s != NULL && k < s->nmws; k++) {
		const struct reposcan_middleware *m = &s->mws[k];
		const char *mf = s->files[m->at.file].path;

		if (m->at.line != line || !routes_rows_same_file(file, mf))
			continue;
		if (m->first_route_line > 0 &&
		    (i = routes_rows_find_route(r, mf, m->first_route_line)) >= 0) {
			out->table = ROUTES_JUMP_ROUTES;
			out->idx = (size_t)i;
			out->note =
			    xasprintf("%s.Use(%s) at %s:%d comes after this route (and %d "
				      "more): routes registered before it lack the middleware",
				      S(m->router), S(m->expr), mf, line,
				      m->routes_before > 0 ? m->routes_before - 1 : 0);
			return;
		}
	}
	for (size_t k = 0; s != NULL && k < s->nlistens; k++) {
		const struct reposcan_listen *l = &s->listens[k];

		if (l->at.line != line || !routes_rows_same_file(file, s->files[l->at.file].path))
			continue;
		out->table = r->nlisteners > 0 ? ROUTES_JUMP_LISTENERS : ROUTES_JUMP_NONE;
		out->note = xasprintf("%s:%d %s listens on %s (%s); the process's listeners are "
				      "in the second table",
				      s->files[l->at.file].path, line, S(l->call),
				      l->addr != NULL ? l->addr : S(l->expr),
				      reposcan_addr_source_name(l->source));
		return;
	}
	for (size_t k = 0; k < r->nroutes; k++)
		if (routes_rows_same_file(file, r->routes[k].file) &&
		    (best < 0 || abs(r->routes[k].line - line) < abs(r->routes[best].line - line)))
			best = (long)k;
	if (best >= 0) {
		out->table = ROUTES_JUMP_ROUTES;
		out->idx = (size_t)best;
		out->note = xasprintf("no route is declared at %s:%d; the nearest in that file is "
				      "selected",
				      file, line);
	}
}

/* ---- detail ----------------------------------------------------------- */

static void kv(struct strlist *out, const char *label, const char *value)
{
	if (value != NULL && value[0] != '\0')
		strlist_addf(out, "%s: %s", label, value);
}

void routes_rows_route_detail(const struct routes_rows *r, size_t i,
			      const struct routes_rows_inputs *in, struct strlist *out)
{
	const struct routes_route_row *row = &r->routes[i];
	const struct reposcan_route *d;
	const struct reposcan_file *f;
	const struct route_probe *p = row->probe;

	if (in->scan == NULL)
		return;
	if (row->route >= in->scan->nroutes &&
	    row->route < in->scan->nroutes + in->scan->nunresolved) {
		const struct reposcan_unresolved *u =
		    &in->scan->unresolved[row->route - in->scan->nroutes];

		strlist_addf(out, "Unresolved registration: %s(%s, ...)", S(u->call), S(u->expr));
		kv(out, "Why", u->why);
		kv(out, "Handler", u->handler);
		kv(out, "Handler symbol", u->handler_symbol);
		strlist_addf(out, "Declared at: %s", row->where);
		kv(out, "Via", u->via);
		kv(out, "In build", row->build_why);
		strlist_add(out, "Not a declared route: not probed, not counted by the checks");
		return;
	}
	if (row->route >= in->scan->nroutes)
		return;
	d = &in->scan->routes[row->route];
	f = &in->scan->files[d->at.file];
	strlist_addf(out, "Route: %s %s", row->method, row->path);
	kv(out, "Pattern as written", d->pattern_expr);
	if (d->full_path != NULL && d->path != NULL && strcmp(d->full_path, d->path) != 0)
		strlist_addf(out, "Path: %s (full path %s, with its group/prefix)", d->path,
			     d->full_path);
	kv(out, "Host", d->host);
	kv(out, "Handler", d->handler);
	kv(out, "Handler symbol", d->handler_symbol);
	strlist_addf(out, "Registered by: %s.%s (%s%s)", S(d->router), S(d->call),
		     reposcan_family_name(d->family), d->family_guessed ? ", guessed" : "");
	strlist_addf(out, "Declared at: %s:%d%s%s", f->path, d->at.line,
		     d->at.func != NULL && d->at.func[0] ? " in " : "", S(d->at.func));
	kv(out, "Function symbol", d->at.symbol);
	kv(out, "Via", d->via);
	if (d->go122)
		strlist_add(out, "Go 1.22 pattern: a method or {wildcard} in a net/http pattern "
				 "(older Go treats it as a literal path)");
	if (d->mount)
		strlist_add(out, "Mount: a prefix mount (the whole subtree is delegated)");
	kv(out, "In build", row->build_why);
	if (f->bc.gobuild != NULL)
		strlist_addf(out, "Line %d: %s", f->bc.gobuild_line, f->bc.gobuild);
	if (f->bc.plusbuild != NULL)
		strlist_addf(out, "Line %d: %s", f->bc.plusbuild_line, f->bc.plusbuild);
	if (f->bc.disagree)
		strlist_add(out, "Warning: the //go:build and // +build lines disagree (go uses "
				 "//go:build)");
	kv(out, "Judged against", r->context);
	if (p != NULL) {
		strlist_addf(out, "Probe: %s %s", S(p->method), S(p->url));
		if (p->status > 0)
			strlist_addf(out, "Answer: %ld in %.1f ms", p->status, p->seconds * 1000);
		else
			strlist_addf(out, "Answer: none (%s)", p->error != NULL ? p->error : "?");
		if (p->status > 0 && r->header != NULL)
			strlist_addf(out, "Header %s: %s", r->header,
				     p->has_header ? "present" : "absent");
		if (p->status > 0)
			kv(out, "Error", p->error);
	} else {
		kv(out, "Probe", row->live_why);
	}
}

void routes_rows_listener_detail(const struct routes_rows *r, size_t i,
				 const struct routes_rows_inputs *in, struct strlist *out)
{
	const struct routes_listener_row *row = &r->listeners[i];
	const struct reposcan *s = in->scan;

	if (row->kind == ROUTES_LROW_DECLARED) {
		const struct reposcan_grpc *d;

		if (s == NULL || row->decl >= s->ngrpcs)
			return;
		d = &s->grpcs[row->decl];
		strlist_addf(out, "gRPC service declared: %s", row->addr);
		strlist_addf(out, "Registration: %s(%s, %s)", S(d->call), S(d->server), S(d->impl));
		strlist_addf(out, "Declared at: %s:%d%s%s", row->file, row->line,
			     d->at.func != NULL && d->at.func[0] ? " in " : "", S(d->at.func));
		kv(out, "Served", row->served);
		if (d->serve_line > 0)
			strlist_addf(out, "Serve( in the same function: line %d on %s",
				     d->serve_line, d->served != NULL ? d->served : "?");
		if (d->in_go)
			strlist_add(out, "Warning: registered inside a go statement (races Serve)");
		if (d->after_serve)
			strlist_add(out, "Warning: registered after Serve( in the same function");
		if (d->other_server)
			strlist_add(
			    out, "Warning: registered on a different server than the one served");
		return;
	}
	strlist_addf(out, "Listener: %s", row->addr);
	if (row->grpc == NULL) {
		strlist_addf(out, "Protocol: %s", row->served);
		return;
	}
	kv(out, "URL", row->grpc->url);
	strlist_addf(out, "Protocol: %s (sniffed in %.1f ms)", row->proto, row->grpc->detail_ms);
	if (!row->grpc->is_h2c)
		return;
	if (row->grpc->reflection_error != NULL) {
		strlist_addf(out, "Reflection: failed: %s", row->grpc->reflection_error);
	} else {
		strlist_addf(out, "Reflection: %s, %zu service%s", S(row->grpc->reflection_version),
			     row->grpc->services.n, row->grpc->services.n == 1 ? "" : "s");
		for (size_t k = 0; k < row->grpc->services.n; k++)
			strlist_addf(out, "  served: %s", row->grpc->services.v[k]);
	}
	strlist_addf(out, "Health (grpc.health.v1 Check \"\"): %s", health_name(row->grpc->health));
	for (size_t k = 0; s != NULL && k < s->ngrpcs; k++)
		strlist_addf(out, "  declared: %s at %s:%d: %s", S(s->grpcs[k].service),
			     s->files[s->grpcs[k].at.file].path, s->grpcs[k].at.line,
			     row->grpc->reflection_error != NULL      ? "unknown (no reflection)"
			     : serves(row->grpc, s->grpcs[k].service) ? "served here"
								      : "NOT served here");
}
