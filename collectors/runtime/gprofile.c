/* gprofile.c: parser for the debug=1 goroutine profile. */
#include "gprofile.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"
#include "textline.h"

/* "0x..." at s[*i..n). */
static int get_hex(const char *s, size_t n, size_t *i, uint64_t *v)
{
	size_t j = *i;
	uint64_t x = 0;
	int nd = 0, h;

	if (j + 2 > n || s[j] != '0' || (s[j + 1] != 'x' && s[j + 1] != 'X'))
		return 0;
	for (j += 2; j < n && (h = hex_digit((unsigned char)s[j])) >= 0; j++) {
		if (++nd > 16)
			return 0;
		x = (x << 4) | (uint64_t)h;
	}
	if (nd == 0)
		return 0;
	*i = j;
	*v = x;
	return 1;
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* "COUNT @ 0xPC 0xPC ..." */
static int parse_record(struct gprofile *p, const char *s, size_t n, size_t *cap)
{
	struct gprofile_record r;
	size_t i = 0, pcap = 0;
	uint64_t pc;

	memset(&r, 0, sizeof r);
	if (!textline_dec(s, n, &i, &r.count) || i + 2 > n || s[i] != ' ' || s[i + 1] != '@')
		return 0;
	i += 2;
	while ((i = skip_ws(s, n, i)) < n) {
		if (!get_hex(s, n, &i, &pc)) {
			free(r.pcs);
			return 0;
		}
		r.pcs = xgrow(r.pcs, &pcap, r.npcs + 1, sizeof *r.pcs);
		r.pcs[r.npcs++] = pc;
	}
	p->v = xgrow(p->v, cap, p->n + 1, sizeof *p->v);
	p->v[p->n++] = r;
	p->sum += r.count;
	return 1;
}

/* "#\t0xPC\tFUNC+0xOFF\tFILE:LINE" or "#\t0xPC" */
static int parse_frame(struct gprofile_record *r, const char *s, size_t n, size_t *fcap)
{
	struct gprofile_frame f;
	size_t i = skip_ws(s, n, 1), fs, fe, plus, colon;
	uint64_t v;

	memset(&f, 0, sizeof f);
	if (!get_hex(s, n, &i, &f.pc))
		return 0;
	i = skip_ws(s, n, i);
	if (i < n) {
		/* FUNC+0xOFF: function names hold no tabs; the offset is the
		 * last "+0x" in the field. */
		for (fs = i, fe = i; fe < n && s[fe] != '\t'; fe++)
			;
		for (plus = fe; plus > fs && s[plus - 1] != '+'; plus--)
			;
		if (plus <= fs + 1)
			return 0;
		{
			size_t k = plus;

			if (!get_hex(s, fe, &k, &f.off) || k != fe)
				return 0;
		}
		i = skip_ws(s, n, fe);
		for (colon = n; colon > i && s[colon - 1] != ':'; colon--)
			;
		if (colon <= i + 1)
			return 0;
		{
			size_t k = colon;

			if (!textline_dec(s, n, &k, &v) || k != n || v > UINT32_MAX)
				return 0;
		}
		f.func = xstrndup(s + fs, plus - 1 - fs);
		f.file = xstrndup(s + i, colon - 1 - i);
		f.line = (uint32_t)v;
	}
	r->frames = xgrow(r->frames, fcap, r->nframes + 1, sizeof *r->frames);
	r->frames[r->nframes++] = f;
	return 1;
}

int gprofile_parse(const char *buf, size_t len, struct gprofile *out, char **cause)
{
	const char *t = buf, *end = buf + len, *line;
	size_t cap = 0, fcap = 0, n;
	struct gprofile_record *cur = NULL;
	int header = 0;

	memset(out, 0, sizeof *out);
	if (len > GPROFILE_MAX_BYTES)
		return err_set(cause, "profile of %zu MiB is larger than the %zu MiB limit",
			       len / MIB, GPROFILE_MAX_BYTES / MIB);
	while (textline_next(&t, end, &line, &n)) {
		if (!header) {
			const char *mark = n > 0 ? memmem(line, n, " profile: total ", 16) : NULL;
			size_t i;

			if (mark != NULL && mark > line) {
				i = (size_t)(mark - line) + 16;
				if (textline_dec(line, n, &i, &out->total) && i == n) {
					out->name = xstrndup(line, (size_t)(mark - line));
					header = 1;
				}
			}
			if (!header && n > 0)
				out->unparsed++;
		} else if (n == 0) {
			cur = NULL;
		} else if (line[0] == '#' && n > 10 && memcmp(line, "# labels: ", 10) == 0 &&
			   cur != NULL && cur->labels == NULL) {
			cur->labels = xstrndup(line + 10, n - 10);
		} else if (line[0] == '#' && cur != NULL) {
			if (!parse_frame(cur, line, n, &fcap))
				out->unparsed++;
		} else if (line[0] >= '0' && line[0] <= '9') {
			if (parse_record(out, line, n, &cap)) {
				cur = &out->v[out->n - 1];
				fcap = 0;
			} else {
				out->unparsed++;
			}
		} else {
			out->unparsed++;
		}
	}
	if (!header) {
		gprofile_free(out);
		return err_set(cause,
			       "no \"goroutine profile: total N\" line: not a debug=1 profile");
	}
	return 0;
}

void gprofile_free(struct gprofile *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++) {
		struct gprofile_record *r = &p->v[i];

		for (size_t j = 0; j < r->nframes; j++) {
			free(r->frames[j].func);
			free(r->frames[j].file);
		}
		free(r->frames);
		free(r->pcs);
		free(r->labels);
	}
	free(p->v);
	free(p->name);
	memset(p, 0, sizeof *p);
}

uint64_t gprofile_count_func(const struct gprofile *p, const char *func)
{
	size_t fl = strlen(func);
	uint64_t total = 0;

	for (size_t i = 0; i < p->n; i++) {
		const struct gprofile_record *r = &p->v[i];

		for (size_t j = 0; j < r->nframes; j++) {
			const char *f = r->frames[j].func;
			size_t n = f != NULL ? strlen(f) : 0;

			if (f != NULL && n >= fl && memcmp(f, func, fl) == 0 &&
			    (n == fl || (n > fl + 5 && memcmp(f + fl, ".func", 5) == 0) ||
			     (n >= fl + 5 && memcmp(f + fl, "[...]", 5) == 0))) {
				total += r->count;
				break;
			}
		}
	}
	return total;
}

static void add_clean(cJSON *o, const char *key, const char *s)
{
	char *c = sanitize_str(s);

	cJSON_AddStringToObject(o, key, c);
	free(c);
}

cJSON *gprofile_to_json(const struct gprofile *p, size_t max_records)
{
	cJSON *o = cJSON_CreateObject(), *arr;

	add_clean(o, "name", p->name != NULL ? p->name : "");
	cJSON_AddNumberToObject(o, "total", (double)p->total);
	cJSON_AddNumberToObject(o, "sum", (double)p->sum);
	cJSON_AddNumberToObject(o, "unparsed_lines", (double)p->unparsed);
	arr = cJSON_AddArrayToObject(o, "records");
	for (size_t i = 0; i < p->n && i < max_records; i++) {
		const struct gprofile_record *r = &p->v[i];
		cJSON *ro = cJSON_CreateObject(), *fa;

		cJSON_AddNumberToObject(ro, "count", (double)r->count);
		if (r->labels != NULL)
			add_clean(ro, "labels", r->labels);
		fa = cJSON_AddArrayToObject(ro, "frames");
		for (size_t j = 0; j < r->nframes; j++) {
			const struct gprofile_frame *f = &r->frames[j];
			cJSON *fo = cJSON_CreateObject();
			char pc[24];

			snprintf(pc, sizeof pc, "0x%llx", (unsigned long long)f->pc);
			cJSON_AddStringToObject(fo, "pc", pc);
			if (f->func != NULL) {
				add_clean(fo, "func", f->func);
				add_clean(fo, "file", f->file);
				cJSON_AddNumberToObject(fo, "line", f->line);
			}
			cJSON_AddItemToArray(fa, fo);
		}
		cJSON_AddItemToArray(arr, ro);
	}
	return o;
}
