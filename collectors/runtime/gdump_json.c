/* gdump_json.c: a parsed goroutine dump as JSON, every string from the
 * dump sanitised (part of the gdump module: declared in gdump.h). */
#include "gdump.h"

#include <cJSON.h>

#include "collectors/base/sanitize.h"

static void add_text(cJSON *o, const char *key, const char *s, size_t n)
{
	struct buf b;

	buf_init(&b);
	sanitize_append(&b, s, n, 0);
	cJSON_AddStringToObject(o, key, b.data != NULL ? b.data : "");
	buf_free(&b);
}

cJSON *gdump_frame_to_json(const struct gdump *d, const struct gdump_frame *f)
{
	cJSON *o = cJSON_CreateObject();
	size_t an;
	const char *a = gdump_args(d, f, &an);

	add_text(o, "func", gdump_str(d, f->func), d->str_len[f->func]);
	add_text(o, "args", a, an);
	if (!(f->flags & GDUMP_F_NOFILE)) {
		add_text(o, "file", gdump_str(d, f->file), d->str_len[f->file]);
		cJSON_AddNumberToObject(o, "line", f->line);
	}
	if (f->flags & GDUMP_F_OFFSET)
		cJSON_AddNumberToObject(o, "pc_offset", f->pcoff);
	if (f->flags & GDUMP_F_INLINED)
		cJSON_AddBoolToObject(o, "inlined", 1);
	return o;
}

static cJSON *frames_json(const struct gdump *d, uint32_t frame0, uint32_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (uint32_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, gdump_frame_to_json(d, &d->frames[frame0 + i]));
	return a;
}

static cJSON *goroutine_json(const struct gdump *d, const struct gdump_goroutine *g)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)g->id);
	add_text(o, "state", gdump_str(d, g->state), d->str_len[g->state]);
	if (g->wait_minutes)
		cJSON_AddNumberToObject(o, "wait_minutes", g->wait_minutes);
	if (g->flags & GDUMP_G_LOCKED)
		cJSON_AddBoolToObject(o, "locked_to_thread", 1);
	if (g->flags & GDUMP_G_UNAVAILABLE)
		cJSON_AddBoolToObject(o, "stack_unavailable", 1);
	if (g->flags & GDUMP_G_ELIDED)
		cJSON_AddNumberToObject(o, "frames_elided", g->elided_n);
	if (g->labels_len)
		add_text(o, "labels", d->text + g->labels_off, g->labels_len);
	if (g->synctest)
		cJSON_AddNumberToObject(o, "synctest_group", (double)g->synctest);
	cJSON_AddItemToObject(o, "frames", frames_json(d, g->frame0, g->nframes));
	if (g->created != GDUMP_NONE) {
		cJSON *c = gdump_frame_to_json(d, &d->frames[g->created]);

		if (g->parent)
			cJSON_AddNumberToObject(c, "goroutine", (double)g->parent);
		cJSON_AddItemToObject(o, "created_by", c);
	}
	if (g->nanc) {
		cJSON *arr = cJSON_AddArrayToObject(o, "ancestors");

		for (uint32_t i = 0; i < g->nanc; i++) {
			const struct gdump_ancestor *an = &d->anc[g->anc0 + i];
			cJSON *ao = cJSON_CreateObject();

			cJSON_AddNumberToObject(ao, "id", (double)an->id);
			cJSON_AddItemToObject(ao, "frames",
					      frames_json(d, an->frame0, an->nframes));
			if (an->created != GDUMP_NONE)
				cJSON_AddItemToObject(
				    ao, "created_by",
				    gdump_frame_to_json(d, &d->frames[an->created]));
			cJSON_AddItemToArray(arr, ao);
		}
	}
	return o;
}

static cJSON *spans_json(const struct gdump *d, const struct gdump_span *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		struct buf b;

		buf_init(&b);
		sanitize_append(&b, d->text + v[i].off, v[i].len, 0);
		cJSON_AddItemToArray(a, cJSON_CreateString(b.data != NULL ? b.data : ""));
		buf_free(&b);
	}
	return a;
}

cJSON *gdump_to_json(const struct gdump *d, int with_goroutines)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "bytes", (double)d->len);
	cJSON_AddNumberToObject(o, "lines", (double)d->lines);
	cJSON_AddNumberToObject(o, "goroutines", (double)d->ng);
	cJSON_AddNumberToObject(o, "frames", (double)d->nframes);
	cJSON_AddNumberToObject(o, "unparsed_lines", (double)d->unparsed);
	cJSON_AddBoolToObject(o, "ends_midline", d->ends_midline);
	cJSON_AddBoolToObject(o, "runtime_64mib_cut", d->runtime_cap);
	cJSON_AddNumberToObject(o, "parse_seconds", d->parse_seconds);
	if (d->npreamble)
		cJSON_AddItemToObject(o, "preamble", spans_json(d, d->preamble, d->npreamble));
	if (d->nkept)
		cJSON_AddItemToObject(o, "unparsed", spans_json(d, d->kept, d->nkept));
	if (with_goroutines) {
		cJSON *a = cJSON_AddArrayToObject(o, "goroutine_list");

		for (size_t i = 0; i < d->ng; i++)
			cJSON_AddItemToArray(a, goroutine_json(d, &d->g[i]));
	}
	return o;
}
