/* facts_from_source.c: facts_collect() when the process-side parts come
 * from a facts_source (a document, or a host over ssh): see facts.h and
 * facts_parts.h. */
#include <stdlib.h>

#include "collectors/gomod/modstate.h"
#include "facts_parts.h"

/* The process-side parts in `want` from f->source; returns those it
 * filled (0 when nothing came: each part wanted then says why). */
static unsigned fill_from_source(struct facts *f, unsigned want)
{
	char *cause = NULL;
	int got;

	if (want == 0)
		return 0;
	got = f->source->fill(f->source->arg, f, want, &cause);
	if (got < 0) {
		/* Nothing came: every process-side part says why. */
		if (want & FACT_BINARY) {
			facts_free_binary(f);
			f->running_error = xstrdup(cause);
			f->funcs_error = xstrdup(cause);
		}
		if (want & FACT_DUMP) {
			facts_free_dump(f);
			f->dump_error = xstrdup(cause);
		}
		if (want & FACT_GRPC) {
			facts_free_grpc(f);
			f->grpc_error = xstrdup(cause);
		}
		if (want & FACT_MODULES) {
			free(f->env_error);
			f->env_error = xstrdup(cause);
		}
		got = 0;
	}
	free(cause);
	return (unsigned)got;
}

/* GOPROXY probes the source did not carry: made from this machine they
 * would judge its network and resolver, not the host's (a laptop reaching
 * proxy.golang.org says nothing of a production host behind a firewall),
 * so the part says where to make them instead. */
static void proxy_not_carried(struct facts *f)
{
	const char *host = f->source->host ? f->source->host : "the service's host";

	facts_free_proxy(f);
	if (f->mods != NULL && f->mods->mod.nrequire == 0) {
		f->proxy_error = xstrdup("go.mod requires no module, so no proxy lookup is needed");
		return;
	}
	f->proxy_error = xasprintf(
	    "the GOPROXY probes were not made on %s (collect there with --repo DIR or --module "
	    "PATH, or attach with --ssh); probing from this machine would judge its network, "
	    "not the host's",
	    host);
}

/* With a source, in two rounds so the host's slow parts overlap the
 * repo scan here: first what the repo side needs (the process, the build
 * info for the build context and revision, the Go environment), then the
 * rest (dump, listeners, probes), asked for at the start (prefetch) so
 * the host works on them while the repo is scanned. Never read this
 * host's /proc for the service's: BINARY, DUMP and GRPC come from the
 * source or not at all. GOPROXY probes and route probes the source did
 * not carry are made from here (route probes through the tunnel). */
void facts_collect_with_source(struct facts *f, unsigned parts)
{
	unsigned want = parts & (FACT_PROCESS_SIDE | FACT_MODULES | FACT_ROUTES);
	unsigned first = want & FACT_SOURCE_FIRST, got;

	if (f->source->prefetch != NULL)
		f->source->prefetch(f->source->arg, want);
	got = fill_from_source(f, first);
	if (parts & FACT_REPO)
		facts_collect_repo(f);
	if (parts & FACT_MODULES)
		facts_collect_modules(f);
	got |= fill_from_source(f, want & ~first);
	if ((parts & FACT_ROUTES) && !(got & FACT_ROUTES))
		facts_collect_routes(f);
	if ((parts & FACT_PROXY) && !(got & FACT_PROXY))
		proxy_not_carried(f);
}
