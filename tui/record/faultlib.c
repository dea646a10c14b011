/* faultlib.c: the team's fault library over a folder of session journals. */
#include "faultlib.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "collectors/base/common.h"
#include "report.h"
#include "reporttext.h"

struct lib_session {
	char *name, *target, *started;
	char *first_fail; /* id, NULL when nothing failed */
	double first_fail_s;
	char *found, *found_how; /* the first failing check marked or noted, NULL */
	double found_s;
	size_t garbage;
	int truncated, newer, no_end;
};

struct lib_fault {
	char *id;
	char *last_summary;
	double *times; /* time to find (mark or note), one per session where marked */
	size_t n_times, cap_times;
	double *vtimes; /* time to the failed verdict, one per session where known */
	size_t n_vtimes, cap_vtimes;
	size_t sessions;
	char *last_session;
};

struct faultlib {
	struct lib_session *s;
	size_t n, cap;
	struct lib_fault *f;
	size_t nf, capf;
	struct strlist skipped; /* "name\tdetail" */
};

struct faultlib *faultlib_new(void)
{
	return xcalloc(1, sizeof(struct faultlib));
}

static struct lib_fault *lib_fault(struct faultlib *lib, const char *id)
{
	for (size_t i = 0; i < lib->nf; i++)
		if (strcmp(lib->f[i].id, id) == 0)
			return &lib->f[i];
	lib->f = xgrow(lib->f, &lib->capf, lib->nf + 1, sizeof *lib->f);
	memset(&lib->f[lib->nf], 0, sizeof lib->f[0]);
	lib->f[lib->nf].id = xstrdup(id);
	return &lib->f[lib->nf++];
}

void faultlib_add(struct faultlib *lib, const char *name, const struct journalread *jr)
{
	struct report_facts rf;
	struct lib_session *s;

	report_facts(jr, &rf);
	lib->s = xgrow(lib->s, &lib->cap, lib->n + 1, sizeof *lib->s);
	s = &lib->s[lib->n++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->target = rf.target != NULL ? xstrdup(rf.target) : NULL;
	s->started = rf.started != NULL ? xstrdup(rf.started) : NULL;
	s->garbage = jr->garbage;
	s->truncated = jr->truncated_tail || jr->capped;
	s->newer = jr->format > JOURNAL_FORMAT || jr->unknown > 0;
	s->no_end = !rf.ended;
	s->first_fail_s = rf.first_fail_s;
	s->first_fail = rf.first_fail != NULL ? xstrdup(rf.first_fail) : NULL;
	s->found = rf.found != NULL ? xstrdup(rf.found) : NULL;
	s->found_how = rf.found_how != NULL ? xstrdup(rf.found_how) : NULL;
	s->found_s = rf.found_s;
	for (size_t i = 0; i < rf.n_failures; i++) {
		const struct report_failure *c = &rf.failures[i];
		struct lib_fault *f = lib_fault(lib, c->id);

		f->sessions++;
		if (c->time_to_find >= 0) {
			f->times = xgrow(f->times, &f->cap_times, f->n_times + 1, sizeof *f->times);
			f->times[f->n_times++] = c->time_to_find;
		}
		if (c->time_to_verdict >= 0) {
			f->vtimes =
			    xgrow(f->vtimes, &f->cap_vtimes, f->n_vtimes + 1, sizeof *f->vtimes);
			f->vtimes[f->n_vtimes++] = c->time_to_verdict;
		}
		free(f->last_summary);
		f->last_summary = c->summary != NULL ? xstrdup(c->summary) : NULL;
		free(f->last_session);
		f->last_session = xstrdup(name);
	}
	report_facts_free(&rf);
}

void faultlib_skip(struct faultlib *lib, const char *name, const char *why)
{
	strlist_addf(&lib->skipped, "%s\t%s", name, why);
}

size_t faultlib_sessions(const struct faultlib *lib)
{
	return lib->n;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

static int cmp_fault(const void *x, const void *y)
{
	const struct lib_fault *a = x, *b = y;

	if (a->sessions != b->sessions)
		return a->sessions > b->sessions ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* Median, min and max of t[0..n) (sorted in place); -1 when none. */
static void stats(double *t, size_t n, double *med, double *min, double *max)
{
	*med = *min = *max = -1;
	if (n == 0)
		return;
	qsort(t, n, sizeof *t, cmp_double);
	*min = t[0];
	*max = t[n - 1];
	*med = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

static size_t with_failures(const struct faultlib *lib)
{
	size_t n = 0;

	for (size_t i = 0; i < lib->n; i++)
		n += lib->s[i].first_fail != NULL;
	return n;
}

static char *library_md(struct faultlib *lib, const char *dir)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "# Fault library: ");
	reporttext_md(&b, dir, 0);
	buf_printf(&b, "\n\n%zu session journal%s read, %zu with at least one failed check", lib->n,
		   lib->n == 1 ? "" : "s", with_failures(lib));
	if (lib->skipped.n > 0)
		buf_printf(&b, "; %zu file%s skipped (listed at the end)", lib->skipped.n,
			   lib->skipped.n == 1 ? "" : "s");
	buf_adds(&b, ". Time to find is from attach to the engineer's first mark (c, d or a on the "
		     "step) or note on the check after it failed; a session where nobody marked "
		     "it is counted in Sessions but not in Marked or the times. The last "
		     "columns are the tool's part: attach to the first failed verdict.\n");
	buf_adds(&b, "\n## Recurring failures\n\n");
	if (lib->nf == 0) {
		buf_adds(&b, "No check failed in any session.\n");
	} else {
		buf_adds(&b, "| Failure | Sessions | Marked | Median time to find | Fastest | "
			     "Slowest | Median time to failed verdict | Last summary |\n"
			     "|---|---|---|---|---|---|---|---|\n");
		for (size_t i = 0; i < lib->nf; i++) {
			struct lib_fault *f = &lib->f[i];
			char med[32], min[32], max[32], vmed[32];
			double m, lo, hi, vm, vlo, vhi;

			stats(f->times, f->n_times, &m, &lo, &hi);
			stats(f->vtimes, f->n_vtimes, &vm, &vlo, &vhi);
			reporttext_duration(med, sizeof med, m);
			reporttext_duration(min, sizeof min, lo);
			reporttext_duration(max, sizeof max, hi);
			reporttext_duration(vmed, sizeof vmed, vm);
			buf_adds(&b, "| ");
			reporttext_md(&b, f->id, 120);
			buf_printf(&b, " | %zu of %zu | %zu | %s | %s | %s | %s | ", f->sessions,
				   lib->n, f->n_times, med, min, max, vmed);
			reporttext_md(&b, f->last_summary, 200);
			buf_adds(&b, " |\n");
		}
	}
	buf_adds(&b,
		 "\n## Sessions\n\n| Journal | Target | Started | First failure | "
		 "Time to it | Found | Time to find | Read |\n|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < lib->n; i++) {
		const struct lib_session *s = &lib->s[i];
		char ttf[32], found[32];

		reporttext_duration(ttf, sizeof ttf, s->first_fail_s);
		reporttext_duration(found, sizeof found, s->found_s);
		buf_adds(&b, "| ");
		reporttext_md(&b, s->name, 200);
		buf_adds(&b, " | ");
		reporttext_md(&b, s->target != NULL ? s->target : "?", 120);
		buf_adds(&b, " | ");
		reporttext_md(&b, s->started != NULL ? s->started : "?", 40);
		buf_adds(&b, " | ");
		reporttext_md(&b, s->first_fail != NULL ? s->first_fail : "none", 120);
		buf_printf(&b, " | %s | ", s->first_fail != NULL ? ttf : "");
		if (s->found != NULL) {
			reporttext_md(&b, s->found, 120);
			buf_printf(&b, " (%s) | %s | ",
				   s->found_how != NULL ? s->found_how : "mark", found);
		} else {
			buf_adds(&b, s->first_fail != NULL ? "not marked |  | " : " |  | ");
		}
		if (s->garbage == 0 && !s->truncated && !s->newer && !s->no_end)
			buf_adds(&b, "complete");
		else
			buf_printf(&b, "%s%s%s%s", s->garbage > 0 ? "garbage lines skipped; " : "",
				   s->truncated ? "cut short; " : "",
				   s->newer ? "newer format or unknown events; " : "",
				   s->no_end ? "no end event" : "");
		buf_adds(&b, " |\n");
	}
	if (lib->skipped.n > 0) {
		buf_adds(&b, "\n## Skipped files\n\n");
		for (size_t i = 0; i < lib->skipped.n; i++) {
			char *tab = strchr(lib->skipped.v[i], '\t');
			char *file = xstrndup(lib->skipped.v[i], (size_t)(tab - lib->skipped.v[i]));

			buf_adds(&b, "- ");
			reporttext_md(&b, file, 200);
			buf_adds(&b, ": ");
			reporttext_md(&b, tab + 1, 300);
			buf_addc(&b, '\n');
			free(file);
		}
	}
	return buf_steal(&b);
}

static char *library_json(struct faultlib *lib, const char *dir)
{
	cJSON *o = cJSON_CreateObject(), *fs, *ss, *sk;
	char *out;

	reporttext_json_str(o, "dir", dir);
	cJSON_AddNumberToObject(o, "sessions", (double)lib->n);
	cJSON_AddNumberToObject(o, "sessions_with_failures", (double)with_failures(lib));
	fs = cJSON_AddArrayToObject(o, "failures");
	for (size_t i = 0; i < lib->nf; i++) {
		struct lib_fault *f = &lib->f[i];
		cJSON *x = cJSON_CreateObject();
		double m, lo, hi, vm, vlo, vhi;

		stats(f->times, f->n_times, &m, &lo, &hi);
		stats(f->vtimes, f->n_vtimes, &vm, &vlo, &vhi);
		reporttext_json_str(x, "id", f->id);
		cJSON_AddNumberToObject(x, "sessions", (double)f->sessions);
		cJSON_AddNumberToObject(x, "marked_sessions", (double)f->n_times);
		reporttext_json_num(x, "median_time_to_find_s", m, m >= 0);
		reporttext_json_num(x, "min_time_to_find_s", lo, lo >= 0);
		reporttext_json_num(x, "max_time_to_find_s", hi, hi >= 0);
		reporttext_json_num(x, "median_time_to_fail_s", vm, vm >= 0);
		reporttext_json_num(x, "min_time_to_fail_s", vlo, vlo >= 0);
		reporttext_json_num(x, "max_time_to_fail_s", vhi, vhi >= 0);
		reporttext_json_str(x, "last_summary", f->last_summary);
		reporttext_json_str(x, "last_session", f->last_session);
		cJSON_AddItemToArray(fs, x);
	}
	ss = cJSON_AddArrayToObject(o, "journals");
	for (size_t i = 0; i < lib->n; i++) {
		const struct lib_session *s = &lib->s[i];
		cJSON *x = cJSON_CreateObject();

		reporttext_json_str(x, "journal", s->name);
		reporttext_json_str(x, "target", s->target);
		reporttext_json_str(x, "started", s->started);
		reporttext_json_str(x, "first_fail", s->first_fail);
		reporttext_json_num(x, "time_to_first_fail_s", s->first_fail_s,
				    s->first_fail_s >= 0);
		reporttext_json_str(x, "found", s->found);
		reporttext_json_str(x, "found_by", s->found_how);
		reporttext_json_num(x, "time_to_find_s", s->found_s, s->found_s >= 0);
		cJSON_AddNumberToObject(x, "garbage_lines", (double)s->garbage);
		cJSON_AddBoolToObject(x, "cut_short", s->truncated);
		cJSON_AddBoolToObject(x, "newer_or_unknown", s->newer);
		cJSON_AddBoolToObject(x, "no_end_event", s->no_end);
		cJSON_AddItemToArray(ss, x);
	}
	sk = cJSON_AddArrayToObject(o, "skipped");
	for (size_t i = 0; i < lib->skipped.n; i++) {
		char *tab = strchr(lib->skipped.v[i], '\t');
		char *file = xstrndup(lib->skipped.v[i], (size_t)(tab - lib->skipped.v[i]));
		cJSON *x = cJSON_CreateObject();

		reporttext_json_str(x, "file", file);
		reporttext_json_str(x, "reason", tab + 1);
		cJSON_AddItemToArray(sk, x);
		free(file);
	}
	out = cJSON_Print(o);
	cJSON_Delete(o);
	if (out == NULL)
		fatal("out of memory printing the report");
	return out;
}

char *faultlib_render(struct faultlib *lib, const char *dir, enum report_format fmt)
{
	/* No faults in the folder: lib->f is NULL, and qsort(NULL, 0) is
	 * undefined (UBSan's nonnull-attribute). */
	if (lib->nf > 1)
		qsort(lib->f, lib->nf, sizeof *lib->f, cmp_fault);
	return fmt == REPORT_JSON ? library_json(lib, dir) : library_md(lib, dir);
}

void faultlib_free(struct faultlib *lib)
{
	if (lib == NULL)
		return;
	for (size_t i = 0; i < lib->n; i++) {
		free(lib->s[i].name);
		free(lib->s[i].target);
		free(lib->s[i].started);
		free(lib->s[i].first_fail);
		free(lib->s[i].found);
		free(lib->s[i].found_how);
	}
	for (size_t i = 0; i < lib->nf; i++) {
		free(lib->f[i].id);
		free(lib->f[i].last_summary);
		free(lib->f[i].times);
		free(lib->f[i].vtimes);
		free(lib->f[i].last_session);
	}
	free(lib->s);
	free(lib->f);
	strlist_free(&lib->skipped);
	free(lib);
}
