/* memstats.c: runtime.MemStats from heap?debug=1 and /debug/vars. */
#include "memstats.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"
#include "textline.h"

static const char *const names[MS_NFIELDS] = {
    [MS_ALLOC] = "Alloc",
    [MS_TOTAL_ALLOC] = "TotalAlloc",
    [MS_SYS] = "Sys",
    [MS_LOOKUPS] = "Lookups",
    [MS_MALLOCS] = "Mallocs",
    [MS_FREES] = "Frees",
    [MS_HEAP_ALLOC] = "HeapAlloc",
    [MS_HEAP_SYS] = "HeapSys",
    [MS_HEAP_IDLE] = "HeapIdle",
    [MS_HEAP_INUSE] = "HeapInuse",
    [MS_HEAP_RELEASED] = "HeapReleased",
    [MS_HEAP_OBJECTS] = "HeapObjects",
    [MS_STACK_INUSE] = "StackInuse",
    [MS_STACK_SYS] = "StackSys",
    [MS_MSPAN_INUSE] = "MSpanInuse",
    [MS_MSPAN_SYS] = "MSpanSys",
    [MS_MCACHE_INUSE] = "MCacheInuse",
    [MS_MCACHE_SYS] = "MCacheSys",
    [MS_BUCK_HASH_SYS] = "BuckHashSys",
    [MS_GC_SYS] = "GCSys",
    [MS_OTHER_SYS] = "OtherSys",
    [MS_NEXT_GC] = "NextGC",
    [MS_LAST_GC] = "LastGC",
    [MS_PAUSE_TOTAL_NS] = "PauseTotalNs",
    [MS_NUM_GC] = "NumGC",
    [MS_NUM_FORCED_GC] = "NumForcedGC",
    [MS_MAX_RSS] = "MaxRSS",
    [MS_LAST_PAUSE_NS] = "LastPauseNs",
};

/* The heap text prints these three as "inuse / sys" under a short name. */
static const struct {
	const char *name;
	enum memstats_field inuse, sys;
} pairs[] = {
    {"Stack", MS_STACK_INUSE, MS_STACK_SYS},
    {"MSpan", MS_MSPAN_INUSE, MS_MSPAN_SYS},
    {"MCache", MS_MCACHE_INUSE, MS_MCACHE_SYS},
};

const char *memstats_field_name(enum memstats_field f)
{
	return f < MS_NFIELDS ? names[f] : "";
}

static void init(struct memstats *m)
{
	memset(m, 0, sizeof *m);
	m->gc_cpu_fraction = -1;
	m->debug_gc = m->enable_gc = -1;
}

static void set(struct memstats *m, enum memstats_field f, uint64_t v)
{
	m->v[f] = v;
	m->have |= 1ULL << f;
}

static int field_by_name(const char *s, size_t n)
{
	for (int f = 0; f < MS_NFIELDS; f++)
		if (strlen(names[f]) == n && memcmp(names[f], s, n) == 0)
			return f;
	return -1;
}

static void derive_last_pause(struct memstats *m, const uint64_t *pause, int have_pause)
{
	if (have_pause && memstats_has(m, MS_NUM_GC) && m->v[MS_NUM_GC] > 0)
		set(m, MS_LAST_PAUSE_NS, pause[(m->v[MS_NUM_GC] + 255) % 256]);
}

/* "heap profile: 4: 2048 [10: 8192] @ heap/1048576" */
static void heap_header(struct memstats *m, const char *s, size_t n)
{
	size_t i = 0;

	if (textline_lit(s, n, &i, "heap profile: ") && textline_dec(s, n, &i, &m->inuse_objects) &&
	    textline_lit(s, n, &i, ": ") && textline_dec(s, n, &i, &m->inuse_bytes) &&
	    textline_lit(s, n, &i, " [") && textline_dec(s, n, &i, &m->alloc_objects) &&
	    textline_lit(s, n, &i, ": ") && textline_dec(s, n, &i, &m->alloc_bytes) &&
	    textline_lit(s, n, &i, "] @ heap/") && textline_dec(s, n, &i, &m->sample_rate2))
		m->have_heap_header = 1;
}

/* One "# Name = value" line of the MemStats block. */
static int memstats_line(struct memstats *m, const char *s, size_t n, uint64_t *pause,
			 int *have_pause)
{
	size_t i = 2, ne, j;
	uint64_t a, b;
	int f;

	if (n < 6 || s[0] != '#' || s[1] != ' ')
		return 0;
	for (ne = i; ne < n && s[ne] != ' '; ne++)
		;
	j = ne;
	if (!textline_lit(s, n, &j, " = "))
		return 0;
	for (size_t p = 0; p < ARRAY_LEN(pairs); p++) {
		if (strlen(pairs[p].name) == ne - i && memcmp(s + i, pairs[p].name, ne - i) == 0) {
			if (!textline_dec(s, n, &j, &a) || !textline_lit(s, n, &j, " / ") ||
			    !textline_dec(s, n, &j, &b) || j != n)
				return 0;
			set(m, pairs[p].inuse, a);
			set(m, pairs[p].sys, b);
			return 1;
		}
	}
	if (ne - i == 7 && memcmp(s + i, "PauseNs", 7) == 0) {
		size_t k = 0;

		if (!textline_lit(s, n, &j, "["))
			return 0;
		while (k < 256 && textline_dec(s, n, &j, &a)) {
			pause[k++] = a;
			if (j < n && s[j] == ' ')
				j++;
		}
		if (k != 256 || !textline_lit(s, n, &j, "]") || j != n)
			return 0;
		*have_pause = 1;
		return 1;
	}
	if (ne - i == 8 && memcmp(s + i, "PauseEnd", 8) == 0)
		return s[n - 1] == ']';
	if (ne - i == 13 && memcmp(s + i, "GCCPUFraction", 13) == 0) {
		char tmp[64];
		char *end;
		size_t vl = n - j;

		if (vl == 0 || vl >= sizeof tmp)
			return 0;
		memcpy(tmp, s + j, vl);
		tmp[vl] = '\0';
		m->gc_cpu_fraction = strtod(tmp, &end);
		if (*end != '\0' || m->gc_cpu_fraction < 0) {
			m->gc_cpu_fraction = -1;
			return 0;
		}
		return 1;
	}
	if (ne - i == 7 && memcmp(s + i, "DebugGC", 7) == 0) {
		if (n - j == 4 && memcmp(s + j, "true", 4) == 0)
			m->debug_gc = 1;
		else if (n - j == 5 && memcmp(s + j, "false", 5) == 0)
			m->debug_gc = 0;
		else
			return 0;
		return 1;
	}
	f = field_by_name(s + i, ne - i);
	if (f < 0 || f == MS_PAUSE_TOTAL_NS || f == MS_LAST_PAUSE_NS ||
	    !textline_dec(s, n, &j, &a) || j != n)
		return 0;
	set(m, (enum memstats_field)f, a);
	return 1;
}

int memstats_parse_heap(const char *buf, size_t len, struct memstats *out, char **cause)
{
	const char *t = buf, *end = buf + len, *line;
	size_t n;
	int in_block = 0, have_pause = 0, first = 1;
	uint64_t *pause = xcalloc(256, sizeof *pause);

	init(out);
	if (len > MEMSTATS_MAX_BYTES) {
		free(pause);
		return err_set(cause, "heap profile of %zu MiB is larger than the %zu MiB limit",
			       len / MIB, MEMSTATS_MAX_BYTES / MIB);
	}
	while (textline_next(&t, end, &line, &n)) {
		if (first)
			heap_header(out, line, n);
		first = 0;
		if (n == 18 && memcmp(line, "# runtime.MemStats", 18) == 0)
			in_block = 1;
		else if (in_block && n > 0 && !memstats_line(out, line, n, pause, &have_pause))
			out->unparsed++;
	}
	derive_last_pause(out, pause, have_pause);
	free(pause);
	if (!in_block) {
		int hdr = out->have_heap_header;

		memstats_free(out);
		return err_set(cause, "no \"# runtime.MemStats\" block%s: ask for heap?debug=1",
			       hdr ? " in the heap profile" : "");
	}
	return 0;
}

/* A JSON number as a count: non-negative and within uint64_t. */
static int as_u64(const cJSON *it, uint64_t *v)
{
	if (!cJSON_IsNumber(it) || !(it->valuedouble >= 0) || it->valuedouble >= 1.8e19)
		return 0;
	*v = (uint64_t)it->valuedouble;
	return 1;
}

int memstats_parse_expvar(const char *buf, size_t len, struct memstats *out, char **cause)
{
	cJSON *root, *ms, *it;
	uint64_t pause[256];
	int have_pause = 0;

	init(out);
	out->from_expvar = 1;
	if (len > MEMSTATS_MAX_BYTES)
		return err_set(cause, "/debug/vars of %zu MiB is larger than the %zu MiB limit",
			       len / MIB, MEMSTATS_MAX_BYTES / MIB);
	root = cJSON_ParseWithLength(buf, len);
	if (root == NULL || !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return err_set(cause, "/debug/vars is not a JSON object");
	}
	ms = cJSON_GetObjectItemCaseSensitive(root, "memstats");
	if (!cJSON_IsObject(ms)) {
		cJSON_Delete(root);
		return err_set(cause,
			       "/debug/vars has no \"memstats\" object (expvar not imported?)");
	}
	cJSON_ArrayForEach(it, ms)
	{
		int f = it->string != NULL ? field_by_name(it->string, strlen(it->string)) : -1;
		uint64_t v;

		if (f >= 0 && f != MS_MAX_RSS && f != MS_LAST_PAUSE_NS && as_u64(it, &v))
			set(out, (enum memstats_field)f, v);
		else if (it->string != NULL && strcmp(it->string, "GCCPUFraction") == 0 &&
			 cJSON_IsNumber(it))
			out->gc_cpu_fraction = it->valuedouble;
		else if (it->string != NULL && strcmp(it->string, "EnableGC") == 0 &&
			 cJSON_IsBool(it))
			out->enable_gc = cJSON_IsTrue(it);
		else if (it->string != NULL && strcmp(it->string, "DebugGC") == 0 &&
			 cJSON_IsBool(it))
			out->debug_gc = cJSON_IsTrue(it);
		else if (it->string != NULL && strcmp(it->string, "PauseNs") == 0 &&
			 cJSON_IsArray(it) && cJSON_GetArraySize(it) == 256) {
			int k = 0;
			cJSON *p;

			cJSON_ArrayForEach(p, it)
			{
				if (!as_u64(p, &pause[k]))
					pause[k] = 0;
				k++;
			}
			have_pause = 1;
		}
	}
	derive_last_pause(out, pause, have_pause);
	cJSON_ArrayForEach(it, root)
	{
		if (it->string == NULL || strcmp(it->string, "memstats") == 0)
			continue;
		if (strcmp(it->string, "cmdline") == 0 && cJSON_IsArray(it)) {
			cJSON *a;

			cJSON_ArrayForEach(a, it)
			{
				if (cJSON_IsString(a))
					strlist_add(&out->cmdline, a->valuestring);
			}
		} else {
			strlist_add(&out->vars, it->string);
		}
	}
	cJSON_Delete(root);
	return 0;
}

void memstats_free(struct memstats *m)
{
	if (m == NULL)
		return;
	strlist_free(&m->cmdline);
	strlist_free(&m->vars);
	init(m);
}

cJSON *memstats_to_json(const struct memstats *m)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "source", m->from_expvar ? "expvar" : "heap");
	for (int f = 0; f < MS_NFIELDS; f++)
		if (memstats_has(m, (enum memstats_field)f))
			cJSON_AddNumberToObject(o, names[f], (double)m->v[f]);
	if (m->gc_cpu_fraction >= 0)
		cJSON_AddNumberToObject(o, "GCCPUFraction", m->gc_cpu_fraction);
	if (m->debug_gc >= 0)
		cJSON_AddBoolToObject(o, "DebugGC", m->debug_gc);
	if (m->enable_gc >= 0)
		cJSON_AddBoolToObject(o, "EnableGC", m->enable_gc);
	if (m->have_heap_header) {
		cJSON *h = cJSON_AddObjectToObject(o, "heap_profile");

		cJSON_AddNumberToObject(h, "inuse_objects", (double)m->inuse_objects);
		cJSON_AddNumberToObject(h, "inuse_bytes", (double)m->inuse_bytes);
		cJSON_AddNumberToObject(h, "alloc_objects", (double)m->alloc_objects);
		cJSON_AddNumberToObject(h, "alloc_bytes", (double)m->alloc_bytes);
		cJSON_AddNumberToObject(h, "sample_rate", (double)(m->sample_rate2 / 2));
	}
	if (m->from_expvar) {
		cJSON_AddItemToObject(o, "cmdline", sanitize_json_list(&m->cmdline, sanitize_str));
		cJSON_AddItemToObject(o, "vars", sanitize_json_list(&m->vars, sanitize_str));
	}
	return o;
}
