/* jsnap.c: goroutine snapshots in the session journal (see jsnap.h). */
#include "jsnap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"

/* ---- writing ------------------------------------------------------------ */

/* The first goroutine's text of bucket k: its header line to the end of
 * its last line, without the blank line that separates goroutines; cut
 * after the last whole line under JSNAP_MAX_STANZA. */
static size_t stanza(const struct gbuckets *b, const struct gbucket *k, const char **start)
{
	const struct gdump *d = b->d;
	size_t off = d->g[k->rep].line_off;
	size_t end = (size_t)k->rep + 1 < d->ng ? d->g[k->rep + 1].line_off : d->len;
	size_t len;

	if (off >= d->len || end > d->len || end < off)
		return 0;
	*start = d->text + off;
	len = end - off;
	while (len > 0 && ((*start)[len - 1] == '\n' || (*start)[len - 1] == '\r'))
		len--;
	if (len > JSNAP_MAX_STANZA) {
		len = JSNAP_MAX_STANZA;
		while (len > 0 && (*start)[len - 1] != '\n')
			len--;
		/* Keep a frame whole: its function line and its file line. */
		if (len > 0 && len < JSNAP_MAX_STANZA) {
			size_t l = len - 1;

			while (l > 0 && (*start)[l - 1] != '\n')
				l--;
			if ((*start)[l] != '\t')
				len = l;
		}
		while (len > 0 && (*start)[len - 1] == '\n')
			len--;
	}
	return len;
}

/* The journal escapes control characters (a tab becomes the two
 * characters \t): a line's leading tab is written as four spaces, which
 * no other line of a dump starts with, and read back by retab(). */
static char *untab(const char *s, size_t len)
{
	struct buf o;
	int bol = 1;

	buf_init(&o);
	for (size_t i = 0; i < len; i++) {
		if (bol && s[i] == '\t')
			buf_adds(&o, "    ");
		else
			buf_addc(&o, s[i]);
		bol = s[i] == '\n';
	}
	return buf_steal(&o);
}

static void retab(struct buf *o, const char *s)
{
	int bol = 1;

	for (; *s != '\0'; s++) {
		if (bol && strncmp(s, "    ", 4) == 0) {
			buf_addc(o, '\t');
			s += 3;
			bol = 0;
			continue;
		}
		buf_addc(o, *s);
		bol = *s == '\n';
	}
}

cJSON *jsnap_payload(const struct gbuckets *b)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	uint64_t kept = 0;
	size_t text = 0;

	cJSON_AddStringToObject(o, "what", "goroutine dump (debug=2)");
	cJSON_AddNumberToObject(o, "total", (double)b->d->ng);
	cJSON_AddNumberToObject(o, "buckets", (double)b->n);
	arr = cJSON_AddArrayToObject(o, "stacks");
	for (size_t i = 0; i < b->n && i < JSNAP_MAX_STACKS; i++) {
		const struct gbucket *k = &b->v[i];
		const char *s = NULL;
		size_t len = stanza(b, k, &s);
		cJSON *e;
		char *t;

		if (len == 0 || text + len > JSNAP_MAX_TEXT)
			break;
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "n", (double)k->count);
		t = untab(s, len);
		cJSON_AddStringToObject(e, "text", t);
		free(t);
		cJSON_AddItemToArray(arr, e);
		text += len;
		kept += k->count;
	}
	cJSON_AddNumberToObject(o, "other", (double)(b->d->ng - kept));
	return o;
}

/* ---- reading ------------------------------------------------------------ */

int jsnap_pick(const struct journalread *jr, size_t at, const cJSON **ev, size_t *count, double *t,
	       char **cause)
{
	size_t n = 0;

	*ev = NULL;
	*t = -1;
	for (size_t i = 0; i < jr->n_events; i++) {
		if (strcmp(journalread_kind(jr->events[i]), "goroutines") != 0)
			continue;
		n++;
		if (at == 0 || n == at) {
			*ev = jr->events[i];
			*t = journalread_t(jr->events[i]);
		}
	}
	*count = n;
	if (n == 0) {
		*cause = xstrdup("the journal holds no goroutine snapshot (the console records one "
				 "each time it parses a full debug=2 dump)");
		return -1;
	}
	if (*ev == NULL) {
		*cause = xasprintf("the journal holds %zu goroutine snapshot%s, not %zu", n,
				   n == 1 ? "" : "s", at);
		return -1;
	}
	return 0;
}

/* A whole number in [0, max], else -1. */
static double count_field(const cJSON *o, const char *name, double max)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble) || x->valuedouble < 0 ||
	    x->valuedouble > max || x->valuedouble != floor(x->valuedouble))
		return -1;
	return x->valuedouble;
}

int jsnap_load(const cJSON *ev, struct jsnap *out, char **cause)
{
	const cJSON *stacks = cJSON_GetObjectItemCaseSensitive(ev, "stacks"), *e;
	double total = count_field(ev, "total", 1e12), other = count_field(ev, "other", 1e12);
	double buckets = count_field(ev, "buckets", 1e12), sum = 0;
	struct buf text;
	size_t n = 0, i = 0;

	memset(out, 0, sizeof *out);
	if (!cJSON_IsArray(stacks) || total < 0 || other < 0 || buckets < 0) {
		*cause = xstrdup("malformed goroutine snapshot: it needs total, buckets, other "
				 "(whole numbers) and a stacks array");
		return -1;
	}
	n = (size_t)cJSON_GetArraySize(stacks);
	if (n > JSNAP_MAX_STACKS || n > buckets) {
		*cause = xasprintf("malformed goroutine snapshot: %zu stacks (at most %d, and "
				   "no more than its %.0f buckets)",
				   n, JSNAP_MAX_STACKS, buckets);
		return -1;
	}
	out->weight = xcalloc(n ? n : 1, sizeof *out->weight);
	buf_init(&text);
	cJSON_ArrayForEach(e, stacks)
	{
		const cJSON *tx = cJSON_GetObjectItemCaseSensitive(e, "text");
		double c = count_field(e, "n", JSNAP_MAX_COUNT);

		if (!cJSON_IsString(tx) || c < 1 ||
		    strlen(tx->valuestring) > 2 * JSNAP_MAX_STANZA ||
		    strncmp(tx->valuestring, "goroutine ", 10) != 0) {
			*cause =
			    xasprintf("malformed goroutine snapshot: stack %zu is not {\"n\": "
				      "count >= 1, \"text\": one goroutine of at most %zu bytes}",
				      i + 1, 2 * JSNAP_MAX_STANZA);
			buf_free(&text);
			jsnap_free(out);
			return -1;
		}
		out->weight[i++] = (uint32_t)c;
		sum += c;
		retab(&text, tx->valuestring);
		buf_adds(&text, "\n\n");
	}
	if (sum + other != total) {
		*cause = xasprintf("malformed goroutine snapshot: its stacks hold %.0f goroutines "
				   "and other %.0f, but total says %.0f",
				   sum, other, total);
		buf_free(&text);
		jsnap_free(out);
		return -1;
	}
	if (gdump_parse(text.data != NULL ? text.data : "", text.len, &out->d, cause) != 0) {
		buf_free(&text);
		jsnap_free(out);
		return -1;
	}
	buf_free(&text);
	if (out->d.ng != n) {
		*cause = xasprintf("malformed goroutine snapshot: its %zu stacks read as %zu "
				   "goroutines",
				   n, out->d.ng);
		jsnap_free(out);
		return -1;
	}
	out->total = (uint64_t)total;
	out->other = (uint64_t)other;
	out->buckets = (uint64_t)buckets;
	out->kept = n;
	return 0;
}

void jsnap_free(struct jsnap *s)
{
	if (s == NULL)
		return;
	gdump_free(&s->d);
	free(s->weight);
	memset(s, 0, sizeof *s);
}

static int cmp_weighed(const void *pa, const void *pb)
{
	const struct gbucket *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->rep < b->rep ? -1 : a->rep > b->rep;
}

void jsnap_weigh(struct gbuckets *b, const struct jsnap *s)
{
	for (size_t i = 0; i < b->n; i++) {
		struct gbucket *k = &b->v[i];
		const uint32_t *m = gbucket_members(b, k);
		uint64_t w = 0;

		for (uint32_t j = 0; j < k->count; j++)
			w += m[j] < s->kept ? s->weight[m[j]] : 0;
		k->count = w > UINT32_MAX ? UINT32_MAX : (uint32_t)w;
	}
	if (b->n > 1)
		qsort(b->v, b->n, sizeof *b->v, cmp_weighed);
}
