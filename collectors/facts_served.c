/* facts_served.c: where to probe a declared route. A route whose router
 * is served by a listen call (reposcan served_by) other than the one --url
 * reaches 404s at --url however healthy the service is (an admin mux on
 * its own listener, echo beside gin): it is probed at that listener's
 * loopback address when the scan knows it and the process listens there,
 * else not probed, or probed with a 404 left unjudged when the scan cannot
 * tell which listener --url reaches. Never another host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/repo/reposcan.h"
#include "facts_parts.h"

enum place { AT_BASE, AT_OTHER, OTHER_HOST, UNPLACED };

/* The port of "host:port" (0 if none) and whether the host is this
 * machine's loopback or any address. */
static unsigned addr_port(const char *addr, int *local)
{
	const char *colon = addr != NULL ? strrchr(addr, ':') : NULL;
	size_t hl;
	unsigned long p;
	char *end;

	*local = 0;
	if (colon == NULL || colon[1] == '\0')
		return 0;
	p = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || p == 0 || p > 65535)
		return 0;
	hl = (size_t)(colon - addr);
	*local = hl == 0 || (hl == 9 && memcmp(addr, "127.0.0.1", 9) == 0) ||
		 (hl == 9 && memcmp(addr, "localhost", 9) == 0) ||
		 (hl == 7 && memcmp(addr, "0.0.0.0", 7) == 0) ||
		 (hl == 4 && memcmp(addr, "[::]", 4) == 0) ||
		 (hl == 5 && memcmp(addr, "[::1]", 5) == 0);
	return (unsigned)p;
}

/* The port of a loopback base URL, 0 for anything else. */
static unsigned base_port(const char *base)
{
	const char *h = strncmp(base, "http://", 7) == 0 ? base + 7 : NULL;
	char hp[64];
	size_t n;
	int local;
	unsigned p;

	if (h == NULL || (n = strcspn(h, "/")) >= sizeof hp)
		return 0;
	memcpy(hp, h, n);
	hp[n] = '\0';
	p = addr_port(hp, &local);
	return local ? p : 0;
}

/* 1 the process listens on port, 0 it does not, -1 unknown. */
static int proc_listens(const struct facts *f, unsigned port)
{
	const struct listeners *ls = f->target != NULL ? f->target->listeners : NULL;

	if (ls == NULL)
		return -1;
	for (size_t i = 0; i < ls->n; i++)
		if (ls->v[i].port == port)
			return 1;
	return 0;
}

static enum place placement(const struct facts *f, const struct reposcan_listen *l, unsigned b,
			    unsigned *port)
{
	int local;
	unsigned p = addr_port(l->addr, &local);

	*port = p;
	if (p == 0)
		return UNPLACED;
	if (!local)
		return l->source == RS_ADDR_LITERAL ? OTHER_HOST : UNPLACED;
	if (b != 0 && p == b)
		return AT_BASE;
	/* a literal is where it listens; a flag's default only if in use */
	if (b != 0 && (l->source == RS_ADDR_LITERAL || proc_listens(f, p) == 1))
		return AT_OTHER;
	return UNPLACED;
}

/* "main.go:32 echo.Start(addr) (address unresolved)" */
static char *describe(const struct reposcan *s, const struct reposcan_listen *l)
{
	const char *file = s->files[l->at.file].path, *expr = l->expr ? l->expr : "";

	switch (l->source) {
	case RS_ADDR_FLAG:
		return xasprintf("%s:%d %s(%s) (flag -%s, default %s)", file, l->at.line, l->call,
				 expr, l->source_name ? l->source_name : "?",
				 l->addr ? l->addr : "?");
	case RS_ADDR_ENV:
		return xasprintf("%s:%d %s(%s) ($%s, else %s)", file, l->at.line, l->call, expr,
				 l->source_name ? l->source_name : "?", l->addr ? l->addr : "?");
	case RS_ADDR_UNRESOLVED:
		if (l->source_name != NULL)
			return xasprintf("%s:%d %s(%s) (address from $%s)", file, l->at.line,
					 l->call, expr, l->source_name);
		return xasprintf("%s:%d %s(%s) (address unresolved)", file, l->at.line, l->call,
				 expr);
	default:
		return xasprintf("%s:%d %s(%s) (%s)", file, l->at.line, l->call, expr,
				 l->addr ? l->addr : "?");
	}
}

/* The listen call placed at --url's port, if any. */
static const struct reposcan_listen *base_claim(const struct facts *f, unsigned b)
{
	const struct reposcan *s = f->scan;
	unsigned p;

	for (size_t i = 0; b != 0 && i < s->nlistens; i++)
		if (placement(f, &s->listens[i], b, &p) == AT_BASE)
			return &s->listens[i];
	return NULL;
}

/* Is port where one of the scan's listen calls listens? */
static int port_explained(const struct facts *f, unsigned b, unsigned port)
{
	const struct reposcan *s = f->scan;
	unsigned p;

	for (size_t i = 0; i < s->nlistens; i++)
		if (placement(f, &s->listens[i], b, &p) != UNPLACED && p == port)
			return 1;
	return 0;
}

/* How many TCP ports the process listens on that are neither --url's (b)
 * nor any listen call's the scan placed (0 when unknown). */
static size_t unexplained_ports(const struct facts *f, unsigned b)
{
	const struct listeners *ls = f->target != NULL ? f->target->listeners : NULL;
	size_t n = 0;

	for (size_t i = 0; ls != NULL && i < ls->n; i++) {
		int dup = ls->v[i].port == b || port_explained(f, b, ls->v[i].port);

		for (size_t k = 0; k < i && !dup; k++)
			dup = ls->v[k].port == ls->v[i].port;
		n += !dup;
	}
	return n;
}

/* A route whose router reaches no listen call the scan follows (an
 * embedded engine's Run, a server built elsewhere): when a listen call of
 * the source is known to be --url's and the process also listens on ports
 * no listen call of the source explains, this router may be served there,
 * so a 404 at --url proves nothing. Otherwise --url, as always. */
static enum facts_where unlinked_route(const struct facts *f, unsigned b, char **why)
{
	const struct reposcan_listen *claim = base_claim(f, b);
	size_t n = claim != NULL ? unexplained_ports(f, b) : 0;
	char *d;

	if (n == 0)
		return WHERE_BASE;
	d = describe(f->scan, claim);
	*why = xasprintf("its router reaches no listen call the scan follows, --url reaches %s "
			 "and the process listens on %zu port%s the source does not explain",
			 d, n, n == 1 ? "" : "s");
	free(d);
	return WHERE_UNSURE;
}

enum facts_where facts_route_where(const struct facts *f, const struct reposcan_route *r,
				   const char *base, char **alt, char **why)
{
	const struct reposcan *s = f->scan;
	const struct reposcan_listen *l, *claim = NULL;
	unsigned b = f->http_via == NULL ? base_port(base) : 0, p, p2;
	size_t ambiguous = 0;
	char *d, *d2;

	*alt = NULL;
	*why = NULL;
	if (r->served_by <= 0 || (size_t)r->served_by > s->nlistens)
		return unlinked_route(f, b, why);
	l = &s->listens[r->served_by - 1];
	switch (placement(f, l, b, &p)) {
	case AT_BASE:
		return WHERE_BASE;
	case AT_OTHER:
		*alt = xasprintf("http://127.0.0.1:%u", p);
		return WHERE_BASE;
	case OTHER_HOST:
		d = describe(s, l);
		*why = xasprintf("its router is served by %s, on another host", d);
		free(d);
		return WHERE_SKIP;
	case UNPLACED:
		break;
	}
	/* Which listener --url reaches: one placed there claims it; several
	 * unplaced ones leave it open. */
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct reposcan_listen *l2;
		int by = s->routes[i].served_by, seen = 0;

		if (by <= 0 || (size_t)by > s->nlistens || by == r->served_by)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = s->routes[k].served_by == by;
		if (seen)
			continue;
		l2 = &s->listens[by - 1];
		switch (placement(f, l2, b, &p2)) {
		case AT_BASE:
			claim = l2;
			break;
		case UNPLACED:
			ambiguous++;
			break;
		default:
			break;
		}
	}
	if (claim == NULL && ambiguous == 0)
		return WHERE_BASE; /* the only listener --url can be */
	d = describe(s, l);
	if (claim != NULL) {
		d2 = describe(s, claim);
		*why = xasprintf("its router is served by %s, and --url reaches %s", d, d2);
		free(d2);
		free(d);
		return WHERE_SKIP;
	}
	*why =
	    xasprintf("its router is served by %s, which may not be the listener --url reaches", d);
	free(d);
	return WHERE_UNSURE;
}
