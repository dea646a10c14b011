/* repo_checks.c: route-excluded-by-build, middleware-order, embed-path,
 * cgo-disabled and listener-missing; see repo_checks.h. */
#include "repo_checks.h"

#include <stdlib.h>
#include <string.h>

static const char *route_path(const struct reposcan_route *r)
{
	return r->full_path != NULL ? r->full_path : r->path != NULL ? r->path : r->pattern_expr;
}

static const char *route_method(const struct reposcan_route *r)
{
	return r->method != NULL && r->method[0] != '\0' ? r->method : "ANY";
}

static void context_evidence(const struct reposcan *s, const char *origin, struct verdict *v)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "build context: GOOS=%s GOARCH=%s CGO_ENABLED=%d go1.%d", s->ctx.goos,
		   s->ctx.goarch, s->ctx.cgo, s->ctx.go_minor);
	buf_adds(&b, " -tags=");
	for (size_t i = 0; i < s->ctx.tags.n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", s->ctx.tags.v[i]);
	if (origin != NULL)
		buf_printf(&b, " (from %s)", origin);
	verdict_evidence(v, "%s", b.data);
	buf_free(&b);
}

/* "excluded by //go:build !prod (line 1): tag prod is set via -tags" */
static char *why_excluded(const struct reposcan_file *f)
{
	if (f->bc.line > 0)
		return xasprintf("%s (line %d) is false: %s", f->bc.constraint, f->bc.line,
				 f->bc.setting);
	return xasprintf("%s: %s", f->bc.constraint, f->bc.setting);
}

void check_route_excluded_by_build(const struct route_excluded_inputs *in, struct verdict *v)
{
	const struct reposcan *s = in != NULL ? in->scan : NULL;
	size_t excluded = 0, covered = 0, present = 0, undecided = 0;
	char *first = NULL;

	if (s == NULL) {
		verdict_unknown(v, "the repository was not scanned: pass --repo DIR");
		return;
	}
	if (s->nroutes == 0 && s->nunresolved == 0) {
		verdict_set(v, VERDICT_SKIP, "no HTTP route registrations found in %s", s->root);
		return;
	}
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct reposcan_route *r = &s->routes[i];
		const struct reposcan_file *f = &s->files[r->at.file];
		const char *sym = r->handler_symbol, *p = route_path(r);
		const struct reposcan_route *alt = NULL;
		char *why;

		if (f->bc.included)
			continue;
		/* The same route registered by a file the build includes (the
		 * usual prod/dev pair) is served all the same. */
		for (size_t j = 0; j < s->nroutes && alt == NULL; j++) {
			const struct reposcan_route *o = &s->routes[j];

			if (s->files[o->at.file].bc.included &&
			    strcmp(route_method(o), route_method(r)) == 0 &&
			    strcmp(route_path(o), p) == 0)
				alt = o;
		}
		why = why_excluded(f);
		if (alt != NULL) {
			covered++;
			verdict_evidence(v,
					 "code:%s:%d %s %s is registered in %s, excluded by %s; "
					 "also registered at %s:%d, which is built",
					 f->path, r->at.line, route_method(r), p, f->path, why,
					 s->files[alt->at.file].path, alt->at.line);
			free(why);
			continue;
		}
		/* Closures in excluded files have no trustworthy symbol name. */
		if (in->in_binary != NULL && sym != NULL && sym[0] != '*' &&
		    strncmp(r->handler, "func", 4) != 0 && in->in_binary(sym, in->arg)) {
			present++;
			verdict_evidence(v,
					 "code:%s:%d %s %s: the registration is in %s, excluded by "
					 "%s, yet its handler is compiled in",
					 f->path, r->at.line, route_method(r), p, f->path, why);
			verdict_evidence(
			    v, "sym:%s is in the binary: registered from another file?", sym);
			free(why);
			continue;
		}
		excluded++;
		if (first == NULL)
			first = xasprintf("%s %s -> %s in %s: %s", route_method(r), p, r->handler,
					  f->path, why);
		verdict_evidence(v, "code:%s:%d %s %s -> %s is in %s, excluded by %s", f->path,
				 r->at.line, route_method(r), p, r->handler, f->path, why);
		if (in->in_binary != NULL && sym != NULL && sym[0] != '*' &&
		    strncmp(r->handler, "func", 4) != 0)
			verdict_evidence(
			    v,
			    "sym:%s handler %s is not in the binary's function table: the "
			    "binary confirms the exclusion",
			    sym, sym);
		free(why);
	}
	/* Registrations with unresolved paths in excluded files: the binary
	 * decides through their handlers; otherwise they stay undecided. */
	for (size_t i = 0; i < s->nunresolved; i++) {
		const struct reposcan_unresolved *u = &s->unresolved[i];
		const struct reposcan_file *f = &s->files[u->at.file];
		const char *sym = u->handler_symbol;
		char *why;

		if (f->bc.included || strcmp(u->kind, "route") != 0)
			continue;
		why = why_excluded(f);
		if (in->in_binary != NULL && sym != NULL && sym[0] != '*') {
			if (in->in_binary(sym, in->arg)) {
				present++;
				verdict_evidence(
				    v,
				    "code:%s:%d %s(%s, %s) (path unresolved: %s) is in %s, "
				    "excluded by %s, yet its handler is compiled in",
				    f->path, u->at.line, u->call, u->expr, u->handler, u->why,
				    f->path, why);
			} else {
				excluded++;
				if (first == NULL)
					first = xasprintf("%s(%s, %s) in %s: %s", u->call, u->expr,
							  u->handler, f->path, why);
				verdict_evidence(
				    v,
				    "code:%s:%d %s(%s, %s) (path unresolved: %s) is in %s, "
				    "excluded by %s",
				    f->path, u->at.line, u->call, u->expr, u->handler, u->why,
				    f->path, why);
				verdict_evidence(
				    v,
				    "sym:%s is not in the binary's function table: the "
				    "binary confirms the exclusion",
				    sym);
			}
		} else {
			undecided++;
			verdict_evidence(v,
					 "code:%s:%d %s(%s, %s) is in %s, excluded by %s; its path "
					 "is unresolved (%s) and no function table tells whether "
					 "its handler is built",
					 f->path, u->at.line, u->call, u->expr,
					 u->handler != NULL && u->handler[0] ? u->handler : "?",
					 f->path, why, u->why);
		}
		free(why);
	}
	if (excluded > 0) {
		verdict_set(v, VERDICT_FAIL,
			    "%zu declared route%s compiled out of this build: %s%s", excluded,
			    excluded == 1 ? "" : "s", first, excluded > 1 ? " (and more)" : "");
	} else if (present > 0) {
		verdict_set(v, VERDICT_WARN,
			    "%zu route registration%s sit in excluded files, but their handlers "
			    "are compiled in",
			    present, present == 1 ? "" : "s");
	} else if (undecided > 0) {
		verdict_unknown(v,
				"%zu registration%s in excluded files ha%s an unresolved path and "
				"no binary function table to check the handler against: pass "
				"--pid or --binary",
				undecided, undecided == 1 ? "" : "s", undecided == 1 ? "s" : "ve");
	} else if (s->nroutes == 0) {
		verdict_unknown(v,
				"no registration has a path the scan could resolve (%zu "
				"unresolved, all in built files)",
				s->nunresolved);
	} else {
		verdict_set(
		    v, VERDICT_PASS, "all %zu declared routes are in files this build includes%s",
		    s->nroutes, covered > 0 ? " (or registered again in an included file)" : "");
	}
	context_evidence(s, in->settings_origin, v);
	free(first);
}

static const char *effect_text(const struct reposcan_middleware *m)
{
	switch (m->effect) {
	case RS_MW_LATER_ONLY:
		return m->family == RS_ECHO
			   ? "an echo Group copies its middleware into each route as the route is "
			     "added, so earlier routes never run it"
			   : "gin copies a group's middleware into each route as the route is "
			     "added, so earlier routes never run it";
	case RS_MW_PANICS:
		return "chi panics at start-up when Use() follows a route on the same mux "
		       "(\"chi: all middlewares must be defined before routes on a mux\")";
	case RS_MW_ALL_ROUTES:
		return "harmless: this router applies its middleware on every request, whatever "
		       "the order";
	case RS_MW_UNKNOWN:
		break;
	}
	return "most routers apply Use() only to routes registered after it";
}

void check_middleware_order(const struct middleware_order_inputs *in, struct verdict *v)
{
	const struct reposcan *s = in != NULL ? in->scan : NULL;
	const char *hdr = in != NULL ? in->header : NULL;
	size_t uses = 0, issues = 0, missing = 0, with = 0;
	char *first_issue = NULL, *first_missing = NULL;

	if (s == NULL) {
		verdict_unknown(v, "the repository was not scanned: pass --repo DIR");
		return;
	}
	for (size_t i = 0; i < s->nmws; i++) {
		const struct reposcan_middleware *m = &s->mws[i];
		const struct reposcan_file *f = &s->files[m->at.file];

		if (!f->bc.included)
			continue;
		uses++;
		if (!m->after_routes && !m->after_group)
			continue;
		if (m->effect == RS_MW_ALL_ROUTES) {
			verdict_evidence(v, "code:%s:%d %s.Use(%s) comes after %d route(s): %s",
					 f->path, m->at.line, m->router, m->expr, m->routes_before,
					 effect_text(m));
			continue;
		}
		issues++;
		if (m->after_routes) {
			verdict_evidence(v,
					 "code:%s:%d %s.Use(%s) comes after %d route(s) on %s (the "
					 "first at line %d): %s",
					 f->path, m->at.line, m->router, m->expr, m->routes_before,
					 m->router, m->first_route_line, effect_text(m));
		} else {
			verdict_evidence(v,
					 "code:%s:%d %s.Use(%s) comes after a group was derived "
					 "from %s: the group does not inherit it",
					 f->path, m->at.line, m->router, m->expr, m->router);
		}
		if (first_issue == NULL)
			first_issue = xasprintf("%s.Use(%s) at %s:%d comes after routes on %s",
						m->router, m->expr, f->path, m->at.line, m->router);
	}
	for (size_t i = 0; hdr != NULL && in->probes != NULL && i < in->nprobes; i++) {
		const struct middleware_probe *p = &in->probes[i];

		if (p->status < 200 || p->status == 404 || p->status == 405)
			continue; /* not served: route-not-served says so */
		if (p->header_present) {
			with++;
			continue;
		}
		missing++;
		verdict_evidence(v, "%s %s answered %d without %s", p->method ? p->method : "GET",
				 p->path, p->status, hdr);
		if (first_missing == NULL)
			first_missing = xasprintf("%s %s (%d)", p->method ? p->method : "GET",
						  p->path, p->status);
	}
	if (missing > 0 && uses == 0 && with == 0 && issues == 0)
		/* No middleware in the code and no route carries the header: its
		 * absence says nothing about middleware order. */
		verdict_set(v, VERDICT_SKIP,
			    "no middleware Use() calls in the built files and no probed route "
			    "carries %s: nothing to judge",
			    hdr);
	else if (missing > 0)
		verdict_set(v, VERDICT_FAIL, "%zu probed route%s answered without %s: %s%s",
			    missing, missing == 1 ? "" : "s", hdr, first_missing,
			    issues > 0 ? "; see the Use() order" : "");
	else if (issues > 0)
		verdict_set(v, VERDICT_WARN, "%s%s", first_issue,
			    hdr == NULL ? " (pass --header NAME to confirm on the live routes)"
			    : in->nprobes > 0 ? ""
					      : " (no live probe ran to confirm)");
	else if (uses == 0 && (hdr == NULL || with == 0))
		/* Nothing to judge: no middleware, and no header seen on the routes. */
		verdict_set(v, VERDICT_SKIP, "no middleware Use() calls found in the built files");
	else if (hdr == NULL)
		verdict_set(v, VERDICT_SKIP,
			    "every Use() comes before the routes of its router (%zu calls), but "
			    "no header is being checked on the live routes: pass --header NAME "
			    "(the header your middleware sets, e.g. --header X-Request-ID)",
			    uses);
	else if (with > 0)
		verdict_set(v, VERDICT_PASS, "%s present on all %zu probed routes", hdr, with);
	else
		verdict_set(v, VERDICT_PASS,
			    "every Use() comes before the routes of its router (%zu calls)", uses);
	free(first_issue);
	free(first_missing);
}

void check_embed_path(const struct embed_path_inputs *in, struct verdict *v)
{
	const struct reposcan *s = in != NULL ? in->scan : NULL;
	size_t bad = 0, nothing = 0, n = 0;
	char *first = NULL;

	if (s == NULL) {
		verdict_unknown(v, "the repository was not scanned: pass --repo DIR");
		return;
	}
	for (size_t i = 0; i < s->nembedcalls; i++) {
		const struct reposcan_embedcall *c = &s->embedcalls[i];
		const struct reposcan_file *f = &s->files[c->at.file];

		if (!f->bc.included)
			continue;
		n++;
		if (c->valid)
			continue;
		bad++;
		verdict_evidence(v,
				 "code:%s:%d %s(%s, \"%s\"): %s; io/fs.ValidPath rejects it, so "
				 "the call always fails (\"file does not exist\")",
				 f->path, c->at.line, c->call, c->var, c->path, c->why);
		if (first == NULL)
			first = xasprintf("%s(\"%s\") at %s:%d: %s", c->call, c->path, f->path,
					  c->at.line, c->why);
	}
	for (size_t i = 0; i < s->nembeds; i++) {
		const struct reposcan_embed *e = &s->embeds[i];
		const struct reposcan_file *f = &s->files[e->at.file];

		if (!f->bc.included)
			continue;
		n++;
		if (!e->valid) {
			bad++;
			verdict_evidence(v,
					 "code:%s:%d //go:embed %s: invalid pattern (go build "
					 "fails: invalid pattern syntax)",
					 f->path, e->at.line, e->pattern);
			if (first == NULL)
				first = xasprintf("//go:embed %s at %s:%d is not a valid pattern",
						  e->pattern, f->path, e->at.line);
		} else if (e->matches == 0) {
			nothing++;
			verdict_evidence(v,
					 "code:%s:%d //go:embed %s matches nothing in %s/ (go "
					 "build fails: no matching files found)",
					 f->path, e->at.line, e->pattern, f->dir[0] ? f->dir : ".");
		}
	}
	if (n == 0)
		verdict_set(v, VERDICT_SKIP,
			    "no //go:embed directives or embed.FS lookups in the built files");
	else if (bad > 0)
		verdict_set(v, VERDICT_FAIL, "%zu invalid embed path%s: %s", bad,
			    bad == 1 ? "" : "s", first);
	else if (nothing > 0)
		verdict_set(
		    v, VERDICT_WARN,
		    "%zu //go:embed pattern%s match nothing: the repo differs from what was built",
		    nothing, nothing == 1 ? "" : "s");
	else
		verdict_set(v, VERDICT_PASS,
			    "all embed patterns match and every literal lookup path is valid");
	free(first);
}

/* Modules that are bindings to C libraries: without cgo they do not
 * build, or build a stub that fails at run time (go-sqlite3: "Binary was
 * compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work"). */
static const char *const cgo_modules[] = {
    "github.com/mattn/go-sqlite3", "github.com/mattn/go-oci8",
    "github.com/godror/godror",	   "github.com/confluentinc/confluent-kafka-go",
    "github.com/DataDog/zstd",	   "github.com/linxGnu/grocksdb",
    "github.com/tecbot/gorocksdb", "github.com/miekg/pkcs11",
};

int repo_checks_cgo_only(const char *m)
{
	for (size_t i = 0; m != NULL && i < ARRAY_LEN(cgo_modules); i++) {
		size_t n = strlen(cgo_modules[i]);

		if (strncmp(m, cgo_modules[i], n) == 0 && (m[n] == '\0' || m[n] == '/'))
			return 1;
	}
	return 0;
}

void check_cgo_disabled(const struct cgo_disabled_inputs *in, struct verdict *v)
{
	const struct reposcan *s = in != NULL ? in->scan : NULL;
	size_t cfiles = 0, cdeps = 0;
	const char *first_file = NULL, *first_dep = NULL;

	if (in == NULL || (s == NULL && in->deps == NULL && in->cgo_enabled < 0)) {
		verdict_unknown(v, "neither the repository nor the binary's dependencies are "
				   "known: pass --repo DIR and a binary or PID");
		return;
	}
	if (in->cgo_enabled < 0) {
		verdict_unknown(
		    v, "CGO_ENABLED is not in the binary's build info (recorded from go1.18 on)");
		return;
	}
	for (size_t i = 0; s != NULL && i < s->nfiles; i++) {
		const struct reposcan_file *f = &s->files[i];

		if (!f->imports_c || !f->scanned || f->bc.reason == BCR_FILENAME ||
		    f->bc.reason == BCR_GOBUILD || f->bc.reason == BCR_PLUSBUILD)
			continue;
		cfiles++;
		if (first_file == NULL)
			first_file = f->path;
		verdict_evidence(v, "code:%s:%d imports \"C\"%s", f->path, f->imports_c_line,
				 in->cgo_enabled
				     ? ""
				     : ": built only with cgo, so this build left the file out");
	}
	for (size_t i = 0; i < in->ndeps; i++) {
		if (!repo_checks_cgo_only(in->deps[i]))
			continue;
		cdeps++;
		if (first_dep == NULL)
			first_dep = in->deps[i];
		verdict_evidence(v, "dependency %s binds a C library and needs cgo", in->deps[i]);
	}
	if (in->cgo_enabled && s == NULL) {
		verdict_set(v, VERDICT_PASS,
			    "built with CGO_ENABLED=1: no file was left out for "
			    "lack of cgo");
		return;
	}
	if (in->cgo_enabled) {
		verdict_set(v, VERDICT_PASS, "built with CGO_ENABLED=1 (%zu file%s import \"C\")",
			    cfiles, cfiles == 1 ? "" : "s");
		return;
	}
	if (s == NULL && cdeps == 0) {
		verdict_unknown(v, "built with CGO_ENABLED=0 and no dependency needs cgo; whether "
				   "files of the service that import \"C\" were left out needs the "
				   "source: pass --repo DIR");
		return;
	}
	if (cfiles > 0)
		verdict_set(v, VERDICT_FAIL,
			    "CGO_ENABLED=0 silently dropped %zu file%s that import \"C\" (first: "
			    "%s): go treats them as //go:build cgo",
			    cfiles, cfiles == 1 ? "" : "s", first_file);
	else if (cdeps > 0)
		verdict_set(
		    v, VERDICT_WARN,
		    "CGO_ENABLED=0 with %s, which needs cgo: it fails to build or runs as a stub",
		    first_dep);
	else
		verdict_set(v, VERDICT_PASS,
			    "CGO_ENABLED=0 and nothing in the repo or its dependencies needs cgo");
}

/* ---- listener-missing ---- */

int repo_checks_parse_addr(const char *addr, struct listen_socket *out)
{
	const char *colon, *port;
	size_t hl;
	char *end;
	long p;

	memset(out, 0, sizeof *out);
	if (addr == NULL)
		return -1;
	if (*addr == '\0')
		addr = ":http"; /* net/http's default for an empty Addr */
	colon = strrchr(addr, ':');
	if (colon == NULL)
		return -1;
	port = colon + 1;
	if (strcmp(port, "http") == 0)
		p = 80;
	else if (strcmp(port, "https") == 0)
		p = 443;
	else {
		p = strtol(port, &end, 10);
		if (*port == '\0' || *end != '\0' || p < 0 || p > 65535)
			return -1;
	}
	hl = (size_t)(colon - addr);
	if (hl >= 2 && addr[0] == '[' && addr[hl - 1] == ']') {
		addr++;
		hl -= 2;
	}
	if (hl >= sizeof out->host)
		return -1;
	memcpy(out->host, addr, hl);
	out->host[hl] = '\0';
	if (strcmp(out->host, "*") == 0 || strcmp(out->host, "0.0.0.0") == 0 ||
	    strcmp(out->host, "::") == 0)
		out->host[0] = '\0';
	out->port = (int)p;
	return 0;
}

static int host_matches(const char *want, const char *have)
{
	if (want[0] == '\0' || have[0] == '\0')
		return want[0] == '\0' ? 1
				       : have[0] == '\0'; /* a wildcard socket serves every host */
	if (strcmp(want, have) == 0)
		return 1;
	if (strcmp(want, "localhost") == 0)
		return strcmp(have, "127.0.0.1") == 0 || strcmp(have, "::1") == 0;
	return 0;
}

/* The value of flag `name` in argv (-name=v, --name=v, -name v), or NULL. */
static const char *flag_value(const struct strlist *argv, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 1; argv != NULL && i < argv->n; i++) {
		const char *a = argv->v[i];

		if (a[0] != '-')
			continue;
		a += a[1] == '-' ? 2 : 1;
		if (strncmp(a, name, n) != 0)
			continue;
		if (a[n] == '=')
			return a + n + 1;
		if (a[n] == '\0' && i + 1 < argv->n)
			return argv->v[i + 1];
	}
	return NULL;
}

/* The address the process was really given for a flag or env default. */
static const char *overridden_addr(const struct listener_missing_inputs *in,
				   const struct reposcan_listen *l, const char **how)
{
	const char *val = NULL;

	if (l->source_name == NULL)
		return NULL;
	if (l->source == RS_ADDR_ENV && in->env_lookup != NULL) {
		val = in->env_lookup(l->source_name, in->env_arg);
		*how = "in the process environment";
	} else if (l->source == RS_ADDR_FLAG) {
		val = flag_value(in->argv, l->source_name);
		*how = "on the process command line";
	}
	return val != NULL && val[0] != '\0' ? val : NULL;
}

void check_listener_missing(const struct listener_missing_inputs *in, struct verdict *v)
{
	const struct reposcan *s = in != NULL ? in->scan : NULL;
	size_t checked = 0, missing = 0, soft = 0;
	char *first = NULL;

	if (s == NULL) {
		verdict_unknown(v, "the repository was not scanned: pass --repo DIR");
		return;
	}
	if (!in->sockets_known) {
		verdict_unknown(v,
				"the listening sockets of PID %d could not be read%s%s: run as the "
				"process's user or root",
				in->pid, in->sockets_error ? ": " : "",
				in->sockets_error ? in->sockets_error : "");
		return;
	}
	for (size_t i = 0; i < s->nlistens; i++) {
		const struct reposcan_listen *l = &s->listens[i];
		const struct reposcan_file *f = &s->files[l->at.file];
		struct listen_socket want;
		int found = 0;

		if (!f->bc.included)
			continue;
		const char *addr = l->addr, *how = NULL, *given = overridden_addr(in, l, &how);
		int literal = l->source == RS_ADDR_LITERAL;

		if (given != NULL) {
			/* What the process was started with is what it must serve. */
			verdict_evidence(v, "code:%s:%d %s: %s=%s %s overrides the default %s",
					 f->path, l->at.line, l->call, l->source_name, given, how,
					 l->addr ? l->addr : "?");
			addr = given;
			literal = 1;
		}
		if (addr == NULL) {
			verdict_evidence(v, "code:%s:%d %s(%s): address not resolvable in the code",
					 f->path, l->at.line, l->call, l->expr);
			continue;
		}
		if (repo_checks_parse_addr(addr, &want) < 0 || want.port == 0) {
			verdict_evidence(v, "code:%s:%d %s(\"%s\"): no fixed port to look for",
					 f->path, l->at.line, l->call, l->addr);
			continue;
		}
		checked++;
		for (size_t k = 0; k < in->nsockets && !found; k++)
			found = in->sockets[k].port == want.port &&
				host_matches(want.host, in->sockets[k].host);
		if (found) {
			verdict_evidence(v, "code:%s:%d %s %s: listening", f->path, l->at.line,
					 l->call, addr);
			continue;
		}
		if (literal) {
			missing++;
			verdict_evidence(v, "code:%s:%d %s %s: PID %d does not listen there",
					 f->path, l->at.line, l->call, addr, in->pid);
			if (first == NULL)
				first = xasprintf("%s (%s at %s:%d)", addr, l->call, f->path,
						  l->at.line);
		} else {
			soft++;
			verdict_evidence(v,
					 "code:%s:%d %s %s is the %s%s%s: PID %d does not listen "
					 "there (overridden at start-up?)",
					 f->path, l->at.line, l->call, l->addr,
					 reposcan_addr_source_name(l->source),
					 l->source_name ? " of " : "",
					 l->source_name ? l->source_name : "", in->pid);
			if (first == NULL)
				first = xasprintf("%s (%s of %s at %s:%d)", l->addr,
						  reposcan_addr_source_name(l->source),
						  l->source_name ? l->source_name : "?", f->path,
						  l->at.line);
		}
	}
	if (checked == 0)
		verdict_set(v, VERDICT_SKIP, "no literal listen address in the built files");
	else if (missing > 0)
		verdict_set(v, VERDICT_FAIL,
			    "PID %d does not listen on %zu address%s the code names: %s", in->pid,
			    missing, missing == 1 ? "" : "es", first);
	else if (soft > 0)
		verdict_set(v, VERDICT_WARN,
			    "PID %d does not listen on the default address %s; check the flags and "
			    "environment it was started with",
			    in->pid, first);
	else
		verdict_set(v, VERDICT_PASS,
			    "PID %d listens on all %zu literal addresses in the code", in->pid,
			    checked);
	free(first);
}
