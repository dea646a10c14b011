/* reporttext.c: journal text made safe for Markdown and JSON reports. */
#include "reporttext.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"
#include "checks/step_md.h"

/* Redacted and sanitised copy; NULL stays NULL. */
char *reporttext_clean(const char *s)
{
	char *r, *c;

	if (s == NULL)
		return NULL;
	r = redact_text(s);
	c = sanitize_str(r);
	free(r);
	return c;
}

/* The escaping is checks/step_md.c's, so a step copied from the console
 * and the report say the same thing the same way. */
void reporttext_md(struct buf *b, const char *s, size_t max)
{
	step_md_escape(b, s != NULL ? s : "", max);
}

/* Adds a cleaned string field when s is not NULL. */
void reporttext_json_str(cJSON *o, const char *name, const char *s)
{
	char *c = reporttext_clean(s);

	if (c != NULL)
		cJSON_AddStringToObject(o, name, c);
	free(c);
}

void reporttext_json_num(cJSON *o, const char *name, double v, int valid)
{
	if (valid)
		cJSON_AddNumberToObject(o, name, floor(v * 1000 + 0.5) / 1000);
	else
		cJSON_AddNullToObject(o, name);
}

/* A copy of a journal value with every string (keys too) cleaned. */
cJSON *reporttext_json_copy(const cJSON *v)
{
	cJSON *o;

	if (cJSON_IsString(v)) {
		char *c = reporttext_clean(v->valuestring);

		o = cJSON_CreateString(c);
		free(c);
		return o;
	}
	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		o = cJSON_IsObject(v) ? cJSON_CreateObject() : cJSON_CreateArray();
		for (const cJSON *c = v->child; c != NULL; c = c->next) {
			if (cJSON_IsObject(v)) {
				char *k = reporttext_clean(c->string != NULL ? c->string : "");

				cJSON_AddItemToObject(o, k, reporttext_json_copy(c));
				free(k);
			} else {
				cJSON_AddItemToArray(o, reporttext_json_copy(c));
			}
		}
		return o;
	}
	return cJSON_Duplicate(v, 0);
}

void reporttext_duration(char *out, size_t size, double s)
{
	long total;

	if (!(s >= 0) || s > 1e9) {
		snprintf(out, size, "?");
		return;
	}
	if (s < 1) {
		snprintf(out, size, "%.0f ms", s * 1000);
		return;
	}
	if (s < 60) {
		snprintf(out, size, "%.1fs", s);
		return;
	}
	total = (long)(s + 0.5);
	if (total < 3600)
		snprintf(out, size, "%ldm %02lds", total / 60, total % 60);
	else
		snprintf(out, size, "%ldh %02ldm %02lds", total / 3600, total / 60 % 60,
			 total % 60);
}

/* "+02:14.3" relative to the session start. */
void reporttext_offset(char *out, size_t size, double t)
{
	if (t < 0) {
		snprintf(out, size, "?");
	} else if (t < 3600) {
		int m = (int)(t / 60);
		double sec = t - 60.0 * m; /* exact, as fmod would be; no libm */

		if (sec < 0) /* t / 60 rounded up to the next minute */
			sec = t - 60.0 * --m;
		snprintf(out, size, "+%02d:%04.1f", m, sec);
	} else {
		long s = t < 1e12 ? (long)t : 999999999999L; /* t is clamped by the reader */

		snprintf(out, size, "+%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	}
}
