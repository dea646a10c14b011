/* serve_checks.c: declared routes and gRPC services vs the live process. */
#include "serve_checks.h"

#include <stdlib.h>
#include <string.h>

int serve_checks_service_match(const char *served, const char *declared)
{
	size_t a = strlen(served), b = strlen(declared);

	if (strcmp(served, declared) == 0)
		return 1;
	return a > b && served[a - b - 1] == '.' && strcmp(served + a - b, declared) == 0;
}

/* The declared route(s) a probe path came from, for evidence. */
static const struct reposcan_route *route_for(const struct reposcan *s, const char *path)
{
	const struct reposcan_route *best = NULL;

	/* the route probed at exactly this path (":id" and "{id}" made concrete) */
	for (size_t i = 0; s != NULL && i < s->nroutes; i++) {
		const char *p = s->routes[i].full_path ? s->routes[i].full_path : s->routes[i].path;
		char *pp = p != NULL ? facts_probe_path(p) : NULL;
		int hit = pp != NULL && strcmp(pp, path) == 0;

		free(pp);
		if (hit)
			return &s->routes[i];
	}
	for (size_t i = 0; s != NULL && i < s->nroutes; i++) {
		const char *p = s->routes[i].full_path ? s->routes[i].full_path : s->routes[i].path;

		if (p != NULL && strncmp(p, path, strlen(path)) == 0 &&
		    (best == NULL || strcmp(p, path) == 0))
			best = &s->routes[i];
	}
	return best;
}

/* The unresolved registrations in built files, as evidence; their count. */
static size_t unresolved_evidence(const struct reposcan *s, struct verdict *v)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nunresolved; i++) {
		const struct reposcan_unresolved *u = &s->unresolved[i];

		if (!s->files[u->at.file].bc.included || strcmp(u->kind, "route") != 0)
			continue;
		n++;
		verdict_evidence(v, "code:%s:%d %s:%d %s(%s, %s): path unresolved (%s), not probed",
				 s->files[u->at.file].path, u->at.line, s->files[u->at.file].path,
				 u->at.line, u->call, u->expr,
				 u->handler != NULL && u->handler[0] ? u->handler : "?", u->why);
	}
	return n;
}

static void handler_witness(const struct route_served_inputs *in, const struct reposcan_route *r,
			    struct verdict *v)
{
	const char *sym = r != NULL ? r->handler_symbol : NULL;

	if (in->in_binary == NULL || sym == NULL || sym[0] == '*')
		return;
	if (in->in_binary(sym, in->arg))
		verdict_evidence(v,
				 "sym:%s handler %s is in the binary: it is compiled in, so the "
				 "registration did not reach the mux being served: follow %s",
				 sym, sym, r->via != NULL ? r->via : "its registration call");
	else
		verdict_evidence(v,
				 "sym:%s handler %s is not in the binary: the running build does "
				 "not contain it (stale or differently built binary)",
				 sym, sym);
}

void check_route_not_served(const struct route_served_inputs *in, struct verdict *v)
{
	size_t missing = 0, answered = 0, unresolved, lacking = 0, elsewhere = 0;
	const char *first_lacking = NULL;

	if (in->scan == NULL) {
		verdict_unknown(v, "no repository scan (%s)",
				in->scan_error ? in->scan_error : "pass --repo DIR");
		return;
	}
	if (in->scan->nroutes == 0) {
		unresolved = unresolved_evidence(in->scan, v);
		if (unresolved > 0)
			verdict_unknown(v,
					"no declared route has a path the scan could resolve: %zu "
					"registration%s with unresolved paths (see the evidence)",
					unresolved, unresolved == 1 ? "" : "s");
		else
			verdict_set(v, VERDICT_SKIP,
				    "the repository declares no HTTP routes we recognise");
		return;
	}
	if (in->probes == NULL && in->nprobes == 0) {
		unresolved_evidence(in->scan, v);
		if (in->probes_error != NULL)
			verdict_unknown(v, "the routes were not probed: %s", in->probes_error);
		else if (in->url != NULL)
			verdict_unknown(v,
					"the routes were not probed: no declared route has an "
					"absolute path to request at %s",
					in->url);
		else
			verdict_unknown(v, "the routes were not probed: no HTTP endpoint known; "
					   "pass --url");
		return;
	}
	for (size_t i = 0; i < in->nprobes; i++) {
		const struct route_probe *p = &in->probes[i];
		const struct reposcan_route *r = route_for(in->scan, p->path);
		const char *file = r ? in->scan->files[r->at.file].path : "?";
		int line = r ? r->at.line : 0;
		const char *handler = r && r->handler ? r->handler : "?";

		if (p->added_in != NULL) {
			/* Declared only by a commit the running build lacks. */
			if (p->status == 404 ||
			    (p->status == 405 && strcmp(p->method, "GET") == 0)) {
				lacking++;
				if (first_lacking == NULL)
					first_lacking = p->path;
				verdict_evidence(
				    v,
				    "%s %s -> %ld: the route was added in %s, a commit "
				    "the running build lacks",
				    p->method, p->url, p->status, p->added_in);
			} else if (p->status != 0) {
				answered++;
				verdict_evidence(v, "%s %s -> %ld (added in %s)", p->method, p->url,
						 p->status, p->added_in);
			}
			continue;
		}
		if (p->skipped) {
			elsewhere++;
			verdict_evidence(v, "code:%s:%d %s %s: not probed: %s", file, line,
					 p->method, p->path, p->elsewhere ? p->elsewhere : "?");
			continue;
		}
		if (p->status == 0) {
			verdict_evidence(v, "code:%s:%d %s %s -> no answer (%s)", file, line,
					 p->method, p->url, p->error ? p->error : "?");
			continue;
		}
		if (p->elsewhere != NULL &&
		    (p->status == 404 || (p->status == 405 && strcmp(p->method, "GET") == 0))) {
			/* probed at --url for want of a better place: proves nothing */
			elsewhere++;
			verdict_evidence(v, "code:%s:%d %s %s -> %ld (not judged: %s)", file, line,
					 p->method, p->url, p->status, p->elsewhere);
			continue;
		}
		answered++;
		/* A route declared for another method, probed with HEAD, answers
		 * 405 when it exists; 404 means nothing is registered there. */
		if (r != NULL && r->mount && p->status == 404) {
			/* A mount's own prefix need not answer: its subtree decides. */
			verdict_evidence(v,
					 "code:%s:%d %s %s -> 404 on a mount prefix (not judged)",
					 file, line, p->method, p->url);
		} else if (p->status == 404 && r != NULL && r->family == RS_GIN &&
			   strcmp(p->method, "HEAD") == 0 && r->method[0] != '\0' &&
			   strstr(r->method, "GET") == NULL && strstr(r->method, "HEAD") == NULL) {
			/* gin answers 404, not 405, to a path routed only for other
			 * methods (Engine.HandleMethodNotAllowed is false by
			 * default): a safe probe cannot tell this route apart. */
			verdict_evidence(
			    v,
			    "code:%s:%d %s %s -> 404 on a gin %s route (not judged: gin "
			    "answers 404 to other methods unless HandleMethodNotAllowed)",
			    file, line, p->method, p->url, r->method);
		} else if (p->status == 404 || (p->status == 405 && strcmp(p->method, "GET") == 0 &&
						r != NULL && strstr(r->method, "GET") != NULL)) {
			/* 405 to a GET is a missing route only where GET was declared:
			 * for a route of any method, the handler itself refused GET. */
			missing++;
			verdict_evidence(v, "code:%s:%d %s %s -> %ld, declared with handler %s",
					 file, line, p->method, p->url, p->status, handler);
			if (r != NULL && r->via != NULL)
				verdict_evidence(v, "registered via %s", r->via);
			handler_witness(in, r, v);
		} else {
			verdict_evidence(v, "%s %s -> %ld (%.0f ms)", p->method, p->url, p->status,
					 p->seconds * 1000);
		}
	}
	unresolved = unresolved_evidence(in->scan, v);
	if (lacking > 0 && missing == 0)
		verdict_set(v, VERDICT_FAIL,
			    "%s is not served: the route was added in a commit the running build "
			    "lacks (deploy a build of that commit)",
			    first_lacking);
	else if (lacking > 0)
		verdict_set(v, VERDICT_FAIL,
			    "%zu declared route%s not served, and %s was added in a commit the "
			    "running build lacks",
			    missing, missing == 1 ? " is" : "s are", first_lacking);
	else if (missing > 0)
		verdict_set(v, VERDICT_FAIL,
			    "%zu of %zu declared route%s not served (404: nothing "
			    "registered for the path in this process)",
			    missing, in->nprobes, in->nprobes == 1 ? " is" : "s are");
	else if (answered == 0 && elsewhere > 0)
		verdict_unknown(v,
				"%zu declared route%s served by another listener than --url's, "
				"whose address the scan cannot place (see the evidence)",
				elsewhere, elsewhere == 1 ? " is" : "s are");
	else if (answered == 0)
		verdict_unknown(v, "no probed route answered: is the URL the service's own "
				   "listener?");
	else
		verdict_set(v, VERDICT_PASS, "all %zu probed routes answer%s%s", answered,
			    unresolved > 0 ? " (registrations with unresolved paths not probed)"
					   : "",
			    elsewhere > 0 ? " (routes of other listeners not judged)" : "");
}

void check_grpc_service_missing(const struct grpc_served_inputs *in, struct verdict *v)
{
	size_t h2 = 0, reflected = 0, missing = 0, tls = 0;
	int flagged = 0;

	if (in->scan == NULL) {
		verdict_unknown(v, "no repository scan (%s)",
				in->scan_error ? in->scan_error : "pass --repo DIR");
		return;
	}
	if (in->scan->ngrpcs == 0) {
		verdict_set(v, VERDICT_SKIP, "the repository registers no gRPC services");
		return;
	}
	/* What the code itself gets wrong, whatever the process says. */
	for (size_t i = 0; i < in->scan->ngrpcs; i++) {
		const struct reposcan_grpc *g = &in->scan->grpcs[i];
		const char *file = in->scan->files[g->at.file].path;

		if (g->in_go || g->after_serve || g->other_server) {
			flagged = 1;
			verdict_evidence(
			    v, "code:%s:%d %s(%s, ...)%s%s%s", file, g->at.line, g->call,
			    g->server ? g->server : "?",
			    g->in_go ? " runs inside a go statement (races Serve)" : "",
			    g->after_serve ? " comes after Serve( in the same function" : "",
			    g->other_server ? " registers on a different server than the one "
					      "served"
					    : "");
		}
	}
	if (in->listeners == NULL) {
		verdict_unknown(v,
				"the process's listeners are unknown (%s); the static "
				"findings are listed",
				in->listeners_error ? in->listeners_error : "pass --pid");
		if (flagged)
			verdict_raise(v, VERDICT_WARN,
				      "registrations that race or miss Serve (static "
				      "analysis; listeners unknown)");
		return;
	}
	for (size_t i = 0; i < in->nlisteners; i++) {
		const struct grpc_listener *l = &in->listeners[i];

		if (l->proto != NULL && strcmp(l->proto, "tls") == 0)
			tls++;
		if (!l->is_h2c)
			continue;
		h2++;
		if (l->reflection_error == NULL) {
			reflected++;
			verdict_evidence(v, "%s serves (reflection %s): %zu service%s", l->addr,
					 l->reflection_version ? l->reflection_version : "?",
					 l->services.n, l->services.n == 1 ? "" : "s");
		} else {
			verdict_evidence(v, "%s speaks HTTP/2 but reflection failed: %s", l->addr,
					 l->reflection_error);
		}
	}
	for (size_t i = 0; i < in->scan->ngrpcs && reflected > 0; i++) {
		const struct reposcan_grpc *g = &in->scan->grpcs[i];
		int found = 0;

		for (size_t k = 0; k < in->nlisteners && !found; k++)
			for (size_t s = 0; s < in->listeners[k].services.n && !found; s++)
				if (g->service != NULL &&
				    serve_checks_service_match(in->listeners[k].services.v[s],
							       g->service))
					found = 1;
		if (!found) {
			const struct reposcan_file *f = &in->scan->files[g->at.file];

			missing++;
			/* A registration (or table entry) in a file the build leaves
			 * out: the cause, rather than the serving. */
			if (!f->bc.included)
				verdict_evidence(
				    v,
				    "code:%s:%d %s: service %s is registered in the code "
				    "but no listener serves it: its file is excluded by "
				    "%s (%s)",
				    f->path, g->at.line, g->call, g->service ? g->service : "?",
				    f->bc.constraint, f->bc.setting ? f->bc.setting : "");
			else
				verdict_evidence(
				    v,
				    "code:%s:%d %s: service %s is registered in the code "
				    "but no listener serves it",
				    f->path, g->at.line, g->call, g->service ? g->service : "?");
		}
	}
	if (missing > 0)
		verdict_set(v, VERDICT_FAIL,
			    "%zu gRPC service%s registered in the code %s not "
			    "served",
			    missing, missing == 1 ? "" : "s", missing == 1 ? "is" : "are");
	else if (reflected > 0)
		verdict_set(v, VERDICT_PASS, "every registered gRPC service is served");
	else if (h2 > 0)
		verdict_unknown(v,
				"server reflection is not enabled, so the served services "
				"cannot be listed; register reflection (reflection.Register(srv)) "
				"or check with grpcurl and the .proto files");
	else if (tls > 0)
		verdict_unknown(v, "the gRPC listener uses TLS; reflection over TLS is not "
				   "attempted (grpcurl -insecure HOST:PORT list)");
	else
		verdict_set(v, VERDICT_FAIL,
			    "the code registers gRPC services but no listener of "
			    "the process speaks HTTP/2 (gRPC)");
	if (flagged && v->kind < VERDICT_WARN)
		verdict_raise(v, VERDICT_WARN,
			      "registrations that race or miss Serve (static "
			      "analysis)");
}
