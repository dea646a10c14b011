/* reposcan_json.c: the repo scan as cJSON, for --json and recordings. */
#include "reposcan.h"

#include "collectors/base/sanitize.h"

static void str(cJSON *o, const char *k, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, k, v);
}

static cJSON *site(const struct reposcan *s, const struct reposcan_site *at)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "file", s->files[at->file].path);
	cJSON_AddNumberToObject(o, "line", at->line);
	str(o, "func", at->func);
	str(o, "symbol", at->symbol);
	cJSON_AddBoolToObject(o, "in_build", s->files[at->file].bc.included);
	return o;
}

static cJSON *file_json(const struct reposcan_file *f)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "path", f->path);
	str(o, "package", f->pkg);
	cJSON_AddNumberToObject(o, "lines", f->lines);
	cJSON_AddBoolToObject(o, "in_build", f->bc.included);
	if (f->imports_c)
		cJSON_AddBoolToObject(o, "imports_c", 1);
	if (f->truncated)
		cJSON_AddBoolToObject(o, "truncated", 1);
	if (!f->bc.included || f->bc.gobuild != NULL || f->bc.plusbuild != NULL)
		cJSON_AddItemToObject(o, "constraint", buildconstraint_result_to_json(&f->bc));
	return o;
}

#define ARRAY(name, n, body)                                                                       \
	do {                                                                                       \
		cJSON *arr_ = cJSON_AddArrayToObject(root, name);                                  \
		for (size_t i = 0; i < (n); i++) {                                                 \
			cJSON *o = cJSON_CreateObject();                                           \
			body;                                                                      \
			cJSON_AddItemToArray(arr_, o);                                             \
		}                                                                                  \
	} while (0)

cJSON *reposcan_to_json(const struct reposcan *s)
{
	cJSON *root = cJSON_CreateObject(), *files;

	cJSON_AddStringToObject(root, "root", s->root);
	str(root, "module", s->module);
	cJSON_AddItemToObject(root, "build_context", buildconstraint_ctx_to_json(&s->ctx));
	cJSON_AddNumberToObject(root, "files_scanned", (double)s->nfiles);
	cJSON_AddNumberToObject(root, "lines", (double)s->lines);
	cJSON_AddNumberToObject(root, "bytes", (double)s->bytes);
	cJSON_AddNumberToObject(root, "seconds", s->seconds);
	cJSON_AddNumberToObject(root, "summary_seconds", s->summary_seconds);
	files = cJSON_AddArrayToObject(root, "files");
	for (size_t i = 0; i < s->nfiles; i++)
		cJSON_AddItemToArray(files, file_json(&s->files[i]));
	ARRAY("routes", s->nroutes, {
		const struct reposcan_route *r = &s->routes[i];
		cJSON_AddItemToObject(o, "at", site(s, &r->at));
		cJSON_AddStringToObject(o, "family", reposcan_family_name(r->family));
		if (r->family_guessed)
			cJSON_AddBoolToObject(o, "family_guessed", 1);
		str(o, "call", r->call);
		str(o, "router", r->router);
		str(o, "method", r->method);
		str(o, "path", r->path);
		str(o, "full_path", r->full_path);
		if (r->host != NULL && r->host[0] != '\0')
			str(o, "host", r->host);
		str(o, "pattern_expr", r->pattern_expr);
		str(o, "handler", r->handler);
		str(o, "handler_symbol", r->handler_symbol);
		if (r->go122)
			cJSON_AddBoolToObject(o, "needs_go1_22_mux", 1);
		if (r->mount)
			cJSON_AddBoolToObject(o, "mount", 1);
		str(o, "via", r->via);
		str(o, "served_addr", r->served_addr);
		if (r->served_by > 0) /* an index into listen_addresses */
			cJSON_AddNumberToObject(o, "served_by", r->served_by - 1);
	});
	ARRAY("unresolved", s->nunresolved, {
		const struct reposcan_unresolved *u = &s->unresolved[i];
		cJSON_AddItemToObject(o, "at", site(s, &u->at));
		str(o, "kind", u->kind);
		str(o, "call", u->call);
		str(o, "expr", u->expr);
		str(o, "why", u->why);
		str(o, "handler", u->handler);
		str(o, "handler_symbol", u->handler_symbol);
		str(o, "via", u->via);
	});
	ARRAY("middleware", s->nmws, {
		const struct reposcan_middleware *m = &s->mws[i];
		cJSON_AddItemToObject(o, "at", site(s, &m->at));
		cJSON_AddStringToObject(o, "family", reposcan_family_name(m->family));
		str(o, "router", m->router);
		str(o, "expr", m->expr);
		cJSON_AddBoolToObject(o, "after_routes", m->after_routes);
		if (m->after_routes) {
			cJSON_AddNumberToObject(o, "routes_before", m->routes_before);
			cJSON_AddNumberToObject(o, "first_route_line", m->first_route_line);
		}
		if (m->after_group)
			cJSON_AddBoolToObject(o, "after_group", 1);
		cJSON_AddStringToObject(o, "effect", reposcan_mw_effect_name(m->effect));
	});
	ARRAY("grpc_registrations", s->ngrpcs, {
		const struct reposcan_grpc *g = &s->grpcs[i];
		cJSON_AddItemToObject(o, "at", site(s, &g->at));
		str(o, "call", g->call);
		str(o, "service", g->service);
		str(o, "desc", g->desc);
		str(o, "server", g->server);
		str(o, "impl", g->impl);
		cJSON_AddBoolToObject(o, "in_go", g->in_go);
		cJSON_AddBoolToObject(o, "after_serve", g->after_serve);
		cJSON_AddBoolToObject(o, "other_server", g->other_server);
		if (g->served != NULL)
			str(o, "served", g->served);
		if (g->serve_line > 0)
			cJSON_AddNumberToObject(o, "serve_line", g->serve_line);
	});
	ARRAY("listen_addresses", s->nlistens, {
		const struct reposcan_listen *l = &s->listens[i];
		cJSON_AddItemToObject(o, "at", site(s, &l->at));
		str(o, "call", l->call);
		str(o, "addr", l->addr);
		str(o, "expr", l->expr);
		cJSON_AddStringToObject(o, "source", reposcan_addr_source_name(l->source));
		str(o, "source_name", l->source_name);
	});
	ARRAY("tickers", s->ntickers, {
		const struct reposcan_ticker *t = &s->tickers[i];
		cJSON_AddItemToObject(o, "at", site(s, &t->at));
		str(o, "call", t->call);
		str(o, "var", t->var);
		str(o, "consumer", t->consumer);
		str(o, "consumer_symbol", t->consumer_symbol);
		cJSON_AddBoolToObject(o, "consumer_found", t->consumer_found);
		cJSON_AddBoolToObject(o, "started_by_go", t->started_by_go);
	});
	ARRAY("viper", s->nvipers, {
		const struct reposcan_viper *v = &s->vipers[i];
		cJSON_AddItemToObject(o, "at", site(s, &v->at));
		cJSON_AddStringToObject(o, "call", v->on_change ? "OnConfigChange" : "WatchConfig");
		if (v->on_change) {
			str(o, "callback", v->callback);
			if (v->reloads_nothing >= 0)
				cJSON_AddBoolToObject(o, "reloads_nothing", v->reloads_nothing);
			str(o, "app_calls", v->app_calls);
		}
	});
	ARRAY("init_goroutines", s->ninitgos, {
		cJSON_AddItemToObject(o, "at", site(s, &s->initgos[i].at));
		str(o, "expr", s->initgos[i].expr);
	});
	ARRAY("plugin_opens", s->nplugins, {
		cJSON_AddItemToObject(o, "at", site(s, &s->plugins[i].at));
		str(o, "path", s->plugins[i].path);
		str(o, "expr", s->plugins[i].expr);
	});
	ARRAY("embed_patterns", s->nembeds, {
		const struct reposcan_embed *e = &s->embeds[i];
		cJSON_AddItemToObject(o, "at", site(s, &e->at));
		str(o, "var", e->var);
		str(o, "pattern", e->pattern);
		cJSON_AddBoolToObject(o, "embed_fs", e->is_fs);
		cJSON_AddBoolToObject(o, "valid", e->valid);
		if (e->matches >= 0)
			cJSON_AddNumberToObject(o, "matches", e->matches);
	});
	ARRAY("embed_lookups", s->nembedcalls, {
		const struct reposcan_embedcall *c = &s->embedcalls[i];
		cJSON_AddItemToObject(o, "at", site(s, &c->at));
		str(o, "var", c->var);
		str(o, "call", c->call);
		str(o, "path", c->path);
		cJSON_AddBoolToObject(o, "valid", c->valid);
		str(o, "why", c->why);
	});
	cJSON_AddItemToObject(root, "warnings", sanitize_json_list(&s->warnings, NULL));
	return root;
}
