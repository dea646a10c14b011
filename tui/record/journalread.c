/* journalread.c: tolerant reader of session journals (JSON Lines). */
#include "journalread.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const known_kinds[] = {
    "header", "attach", "fetch", "verdict", "pane", "key",	  "command",
    "note",   "resize", "end",	 "step",    "mark", "goroutines",
};

#define MAX_UNKNOWN_NAMES 32

int journalread_kind_known(const char *kind)
{
	if (kind == NULL)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(known_kinds); i++)
		if (strcmp(kind, known_kinds[i]) == 0)
			return 1;
	return 0;
}

const char *journalread_known_kinds(void)
{
	return "header,attach,fetch,verdict,pane,key,command,note,resize,end";
}

const char *journalread_str(const cJSON *obj, const char *field)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, field);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

double journalread_num(const cJSON *obj, const char *field, double fallback)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, field);

	if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
		return fallback;
	return it->valuedouble;
}

const char *journalread_kind(const cJSON *ev)
{
	return journalread_str(ev, "kind");
}

double journalread_t(const cJSON *ev)
{
	double t = journalread_num(ev, "t", -1);

	/* Ten years: anything beyond is a corrupt or hostile value, and keeping
	 * it out lets callers format times without overflow checks. */
	if (t < 0 || t > 10.0 * 366 * 86400)
		return -1;
	return t;
}

static void note_garbage(struct journalread *jr, size_t lineno)
{
	jr->garbage++;
	if (jr->first_garbage == 0)
		jr->first_garbage = lineno;
}

static void note_unknown(struct journalread *jr, const char *kind)
{
	jr->unknown++;
	for (size_t i = 0; i < jr->unknown_kinds.n; i++)
		if (strcmp(jr->unknown_kinds.v[i], kind) == 0)
			return;
	if (jr->unknown_kinds.n < MAX_UNKNOWN_NAMES)
		strlist_add(&jr->unknown_kinds, kind);
}

/* Parses one line; returns the object when it is a JSON object whose
 * "kind" is a string and nothing but blanks follow it. */
static cJSON *parse_line(const char *s, size_t n)
{
	const char *end = NULL;
	cJSON *obj;

	obj = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	if (obj == NULL)
		return NULL;
	if (end != NULL) {
		while (end < s + n && (*end == ' ' || *end == '\t' || *end == '\r'))
			end++;
		if (end < s + n) {
			cJSON_Delete(obj);
			return NULL;
		}
	}
	if (!cJSON_IsObject(obj) || journalread_kind(obj) == NULL) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

static void take_line(struct journalread *jr, const char *s, size_t n, size_t lineno,
		      int last_unterminated)
{
	cJSON *obj;
	const char *kind;

	jr->lines++;
	if (n > JOURNALREAD_MAX_LINE) {
		jr->oversized++;
		if (last_unterminated)
			jr->truncated_tail = 1;
		else
			note_garbage(jr, lineno);
		return;
	}
	obj = parse_line(s, n);
	if (obj == NULL) {
		/* A killed writer leaves at most its last line cut off; that is
		 * expected, not garbage. */
		if (last_unterminated)
			jr->truncated_tail = 1;
		else
			note_garbage(jr, lineno);
		return;
	}
	kind = journalread_kind(obj);
	if (strcmp(kind, "header") == 0) {
		if (jr->header == NULL && jr->n_events == 0) {
			double f = journalread_num(obj, "format", 0);

			jr->header = obj;
			jr->format = (f >= 1 && f <= 1e6) ? (int)f : 0;
			return;
		}
		jr->extra_headers++;
	} else if (!journalread_kind_known(kind)) {
		note_unknown(jr, kind);
	}
	jr->events = xgrow(jr->events, &jr->cap_events, jr->n_events + 1, sizeof *jr->events);
	jr->events[jr->n_events++] = obj;
}

int journalread_parse(const char *buf, size_t len, struct journalread *out, char **cause)
{
	size_t i = 0, lineno = 0;

	memset(out, 0, sizeof *out);
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - (buf + i)) : len - i;
		size_t s = i, e = i + n;

		lineno++;
		i += n + (nl != NULL);
		while (s < e && (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\r'))
			s++;
		if (s == e)
			continue;
		take_line(out, buf + s, e - s, lineno, nl == NULL);
	}
	if (out->header == NULL && out->n_events == 0) {
		if (out->lines == 0)
			return err_set(cause, "the journal is empty");
		return err_set(cause,
			       "no line of %zu is a journal event (a JSON object with a \"kind\")",
			       out->lines);
	}
	return 0;
}

int journalread_load(const char *path, struct journalread *out, char **cause)
{
	struct buf b;
	int truncated = 0, rc;
	char *why = NULL;

	memset(out, 0, sizeof *out);
	buf_init(&b);
	if (read_file_capped(path, JOURNALREAD_MAX_FILE, &b, &truncated, &why) < 0) {
		err_set(cause, "%s", why);
		free(why);
		buf_free(&b);
		return -1;
	}
	rc = journalread_parse(b.data != NULL ? b.data : "", b.len, out, &why);
	out->capped = truncated;
	if (rc < 0) {
		err_set(cause, "%s: %s", path, why);
		free(why);
	}
	buf_free(&b);
	return rc;
}

void journalread_free(struct journalread *jr)
{
	if (jr == NULL)
		return;
	cJSON_Delete(jr->header);
	for (size_t i = 0; i < jr->n_events; i++)
		cJSON_Delete(jr->events[i]);
	free(jr->events);
	strlist_free(&jr->unknown_kinds);
	memset(jr, 0, sizeof *jr);
}
