/* proxyjson.c: one JSON form of a GOPROXY walk (contract in proxyjson.h). */
#include "proxyjson.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"url", "direct", "off", "noproxy"};

const char *proxyjson_kind_name(enum proxyprobe_kind k)
{
	return (unsigned)k < ARRAY_LEN(kind_names) ? kind_names[k] : "?";
}

static void add_clean(cJSON *o, const char *k, const char *v, char *(*clean)(const char *))
{
	char *c;

	if (v == NULL)
		return;
	c = clean(v);
	cJSON_AddStringToObject(o, k, c ? c : "");
	free(c);
}

cJSON *proxyjson_new(const struct proxyprobe *p, char *(*clean)(const char *))
{
	cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "entries"), *w;

	for (size_t i = 0; i < p->n; i++) {
		const struct proxyprobe_entry *e = &p->v[i];
		cJSON *j = cJSON_CreateObject();

		add_clean(j, "url", e->url, clean);
		cJSON_AddStringToObject(j, "kind", proxyjson_kind_name(e->kind));
		cJSON_AddBoolToObject(j, "fallback_on_error", e->fallback_on_error);
		add_clean(j, "probe_url", e->probe_url, clean);
		cJSON_AddStringToObject(j, "outcome", proxyprobe_outcome_name(e->outcome));
		cJSON_AddNumberToObject(j, "status", (double)e->status);
		add_clean(j, "error", e->error, clean);
		cJSON_AddNumberToObject(j, "t_dns", e->t_dns);
		cJSON_AddNumberToObject(j, "t_connect", e->t_connect);
		cJSON_AddNumberToObject(j, "t_total", e->t_total);
		cJSON_AddItemToArray(a, j);
	}
	add_clean(o, "module", p->module, clean);
	add_clean(o, "parse_error", p->parse_error, clean);
	cJSON_AddBoolToObject(o, "served", p->served);
	cJSON_AddNumberToObject(o, "served_by", (double)p->served_by);
	cJSON_AddBoolToObject(o, "direct_reached", p->direct_reached);
	cJSON_AddBoolToObject(o, "dead_first", p->dead_first);
	add_clean(o, "decision", p->decision, clean);
	w = cJSON_AddArrayToObject(o, "walk");
	for (size_t i = 0; i < p->walk.n; i++) {
		char *c = clean(p->walk.v[i]);

		cJSON_AddItemToArray(w, cJSON_CreateString(c ? c : ""));
		free(c);
	}
	return o;
}

/* A name from `names`, or (version 1 documents) its index as a number. */
static int from(const cJSON *v, const char *const *names, size_t n)
{
	if (cJSON_IsNumber(v))
		return v->valuedouble >= 0 && v->valuedouble < (double)n &&
			       v->valuedouble == (double)(int)v->valuedouble
			   ? (int)v->valuedouble
			   : -1;
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v->valuestring, names[i]) == 0)
			return (int)i;
	return -1;
}

int proxyjson_kind_from(const cJSON *v)
{
	return from(v, kind_names, ARRAY_LEN(kind_names));
}

int proxyjson_outcome_from(const cJSON *v)
{
	const char *names[PROXYPROBE_UNPROBED + 1];

	for (int i = 0; i <= PROXYPROBE_UNPROBED; i++)
		names[i] = proxyprobe_outcome_name((enum proxyprobe_outcome)i);
	return from(v, names, ARRAY_LEN(names));
}
