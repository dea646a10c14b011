/* serve_checks.h: the checks that compare what the repo declares with what
 * the live process serves over the network: route-not-served and
 * grpc-service-missing. Pure functions over the scan and the probe
 * results. */
#ifndef GOTRIAGE_SERVE_CHECKS_H
#define GOTRIAGE_SERVE_CHECKS_H

#include "collectors/facts.h"
#include "collectors/repo/reposcan.h"
#include "verdict.h"

struct route_served_inputs {
	const struct reposcan *scan; /* NULL: see scan_error */
	const char *scan_error;
	const struct route_probe *probes; /* NULL: see probes_error */
	size_t nprobes;
	const char *probes_error;
	const char *url; /* the service's URL when one is known (--url, or found) */
	/* Is a function symbol in the running binary? NULL: no function table. */
	int (*in_binary)(const char *symbol, void *arg);
	void *arg;
};
/* Registrations whose path is unresolved (scan->unresolved) are never
 * declared routes: when no route is left to decide, the verdict is
 * unknown and names them. A 404 on a route whose handler is in the
 * binary points at the registration (the chain, scan->routes[].via); one
 * whose handler is absent points at the build. */
void check_route_not_served(const struct route_served_inputs *in, struct verdict *v);

struct grpc_served_inputs {
	const struct reposcan *scan;
	const char *scan_error;
	const struct grpc_listener *listeners; /* NULL: see listeners_error */
	size_t nlisteners;
	const char *listeners_error;
};
void check_grpc_service_missing(const struct grpc_served_inputs *in, struct verdict *v);

/* Does a served name ("helloworld.Greeter") provide the service the repo
 * registers ("Greeter", proto package unknown)? */
int serve_checks_service_match(const char *served, const char *declared);

#endif
