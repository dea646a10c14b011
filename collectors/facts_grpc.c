/* facts_grpc.c: FACT_GRPC: sniff every listener of the process once (all
 * at once, one poll loop, one deadline) and ask the HTTP/2 ones for their
 * gRPC services (reflection) and health. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "facts_parts.h"
#include "collectors/net/grpc.h"
#include "collectors/proc/sniff.h"

#define SNIFF_TIMEOUT_MS 1000
#define GRPC_TIMEOUT_MS 3000

void facts_free_grpc(struct facts *f)
{
	for (size_t i = 0; i < f->ngrpc; i++) {
		free(f->grpc[i].addr);
		free(f->grpc[i].url);
		free(f->grpc[i].proto);
		strlist_free(&f->grpc[i].services);
		free(f->grpc[i].reflection_error);
		free(f->grpc[i].reflection_version);
	}
	free(f->grpc);
	free(f->grpc_error);
	f->grpc = NULL;
	f->ngrpc = 0;
	f->grpc_error = NULL;
}

static void sniff_all(struct facts *f, const struct listeners *ls)
{
	struct sniff **sn = xcalloc(ls->n, sizeof *sn);
	struct pollfd *pfd = xcalloc(ls->n, sizeof *pfd);
	size_t left = ls->n;

	for (size_t i = 0; i < ls->n; i++) {
		struct sockaddr_storage ss;
		socklen_t len;

		procnet_connect_addr(&ls->v[i], &ss, &len);
		sn[i] = sniff_start((struct sockaddr *)&ss, len, SNIFF_TIMEOUT_MS);
		if (sniff_done(sn[i]))
			left--;
	}
	while (left > 0) {
		int timeout = SNIFF_TIMEOUT_MS;
		size_t idx[256], n = 0;

		for (size_t i = 0; i < ls->n && n < ARRAY_LEN(idx); i++) {
			if (sniff_done(sn[i]) || sniff_pollfd(sn[i], &pfd[n]) != 0)
				continue;
			if (sniff_timeout_ms(sn[i]) < timeout)
				timeout = sniff_timeout_ms(sn[i]);
			idx[n++] = i;
		}
		if (n == 0)
			break;
		poll(pfd, n, timeout);
		for (size_t k = 0; k < n; k++)
			if (sniff_step(sn[idx[k]], pfd[k].revents) && sniff_done(sn[idx[k]]))
				left--;
	}
	for (size_t i = 0; i < ls->n; i++) {
		const struct sniff_result *r = sniff_result(sn[i]);
		struct grpc_listener *g = &f->grpc[i];

		g->proto = xstrdup(sniff_proto_name(r->proto));
		g->is_h2c = r->proto == SNIFF_H2C;
		g->detail_ms = r->elapsed_ms;
		sniff_free(sn[i]);
	}
	free(sn);
	free(pfd);
}

static void grpc_done(struct grpc_probe *p, void *arg)
{
	struct grpc_listener *g = arg;

	if (p->error != NULL) {
		g->reflection_error = xstrdup(p->error);
	} else if (p->reflection_error != NULL) {
		g->reflection_error = xstrdup(p->reflection_error);
	} else {
		for (size_t i = 0; i < p->services.n; i++)
			strlist_add(&g->services, p->services.v[i]);
		g->reflection_version =
		    xstrdup(p->reflection == GRPC_REFLECTION_V1 ? "v1" : "v1alpha");
	}
	g->health = (int)p->health;
	grpc_probe_free(p);
}

void facts_collect_grpc(struct facts *f)
{
	const struct listeners *ls = f->target->listeners;
	struct http_client *c;

	facts_free_grpc(f);
	if (f->target->pid == 0 || ls == NULL) {
		f->grpc_error = xstrdup(f->target->listeners_error
					    ? f->target->listeners_error
					    : "no process: pass --pid to see its listeners");
		return;
	}
	if (ls->n == 0)
		return;
	f->ngrpc = ls->n;
	f->grpc = xcalloc(ls->n, sizeof *f->grpc);
	for (size_t i = 0; i < ls->n; i++) {
		f->grpc[i].addr = xstrdup(ls->v[i].local);
		f->grpc[i].url = xstrdup(ls->v[i].url);
		f->grpc[i].health = -1;
	}
	sniff_all(f, ls);
	c = http_client_new();
	for (size_t i = 0; i < f->ngrpc; i++) {
		char *cause = NULL;

		if (!f->grpc[i].is_h2c)
			continue;
		if (grpc_probe_start(c, f->grpc[i].url, GRPC_TIMEOUT_MS, grpc_done, &f->grpc[i],
				     &cause) != 0) {
			f->grpc[i].reflection_error = cause;
		}
	}
	http_wait(c);
	http_client_free(c);
}
