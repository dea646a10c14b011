/* report.c: the postmortem draft from one session journal. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "collectors/base/common.h"
#include "reporttext.h"
#include "reporttimeline.h"

/* ---- analysis --------------------------------------------------------- */

struct check {
	const char *id;
	const cJSON *last;	 /* latest verdict event */
	const cJSON *first_fail; /* earliest "fail" */
	const cJSON *last_fail;
	double first_fail_t; /* -1: never failed or no time */
	/* The engineer's first mark (not "none") or note on this check once
	 * it had failed: -1 / NULL when there was none. */
	double found_t;
	const char *found_how;
};

struct analysis {
	const struct journalread *jr;
	const cJSON *attach; /* first attach event */
	const cJSON *end;    /* last end event */
	double t0;	     /* attach time, 0 without one */
	double last_t;
	struct check *checks;
	size_t n, cap;
	const struct check *first_fail;
	/* Time to find: the engineer's first mark or note on a check that had
	 * failed by then; NULL / -1 when there was none. */
	const char *found_id, *found_how;
	double found_t;
};

static struct check *find_check(struct analysis *a, const char *id)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->checks[i].id, id) == 0)
			return &a->checks[i];
	a->checks = xgrow(a->checks, &a->cap, a->n + 1, sizeof *a->checks);
	memset(&a->checks[a->n], 0, sizeof a->checks[0]);
	a->checks[a->n].id = id;
	a->checks[a->n].first_fail_t = -1;
	a->checks[a->n].found_t = -1;
	return &a->checks[a->n++];
}

/* A mark or note on a failing check: the engineer found it then. The
 * session's "found" is the first such event on any check; each check keeps
 * its own first one (the fault library's time to find). */
static void engineer_saw(struct analysis *a, const cJSON *e, const char *kind, double t)
{
	const char *id = journalread_str(e, "check"), *m = journalread_str(e, "mark");

	if (id == NULL || (strcmp(kind, "mark") == 0 && m != NULL && strcmp(m, "none") == 0))
		return;
	for (size_t i = 0; i < a->n; i++) {
		struct check *c = &a->checks[i];
		const char *how = strcmp(kind, "note") == 0 ? "note" : m != NULL ? m : "mark";

		if (strcmp(c->id, id) != 0 || c->first_fail == NULL)
			continue;
		if (c->found_how == NULL) {
			c->found_how = how;
			c->found_t = t;
		}
		if (a->found_id == NULL) {
			a->found_id = c->id;
			a->found_how = how;
			a->found_t = t;
		}
		return;
	}
}

static void analyze(const struct journalread *jr, struct analysis *a)
{
	memset(a, 0, sizeof *a);
	a->jr = jr;
	a->found_t = -1;
	for (size_t i = 0; i < jr->n_events; i++) {
		const cJSON *e = jr->events[i];
		const char *kind = journalread_kind(e);
		double t = journalread_t(e);

		if (t > a->last_t)
			a->last_t = t;
		if (strcmp(kind, "attach") == 0 && a->attach == NULL) {
			a->attach = e;
			a->t0 = t >= 0 ? t : 0;
		} else if (strcmp(kind, "end") == 0) {
			a->end = e;
		} else if (strcmp(kind, "mark") == 0 || strcmp(kind, "note") == 0) {
			engineer_saw(a, e, kind, t);
		} else if (strcmp(kind, "verdict") == 0) {
			const char *id = journalread_str(e, "id");
			const char *v = journalread_str(e, "verdict");
			struct check *c = find_check(a, id != NULL ? id : "(no id)");

			c->last = e;
			if (v != NULL && strcmp(v, "fail") == 0) {
				if (c->first_fail == NULL) {
					c->first_fail = e;
					c->first_fail_t = t;
				}
				c->last_fail = e;
			}
		}
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct check *c = &a->checks[i];

		if (c->first_fail == NULL)
			continue;
		if (a->first_fail == NULL ||
		    (c->first_fail_t >= 0 && (a->first_fail->first_fail_t < 0 ||
					      c->first_fail_t < a->first_fail->first_fail_t)))
			a->first_fail = c;
	}
}

/* Seconds from attach to a check's first failure, -1 when unknown. A
 * check that failed before the attach (a static check) counts as 0. */
static double time_to_find(const struct analysis *a, const struct check *c)
{
	if (c == NULL || c->first_fail_t < 0)
		return -1;
	return c->first_fail_t > a->t0 ? c->first_fail_t - a->t0 : 0;
}

/* Seconds from attach to time t (a mark or note), -1 when t is unknown. */
static double since_attach(const struct analysis *a, double t)
{
	if (t < 0)
		return -1;
	return t > a->t0 ? t - a->t0 : 0;
}

/* Seconds from attach to the engineer's first mark or note on a failing
 * check, -1 when there was none. */
static double time_to_found(const struct analysis *a)
{
	if (a->found_id == NULL || a->found_t < 0)
		return -1;
	return a->found_t > a->t0 ? a->found_t - a->t0 : 0;
}

static const char *final_verdict(const struct check *c)
{
	const char *v = journalread_str(c->last, "verdict");

	return v != NULL ? v : "?";
}

/* A field of the attach event, else of the header. */
static const char *fact(const struct analysis *a, const char *field)
{
	const char *s = journalread_str(a->attach, field);

	return s != NULL ? s : journalread_str(a->jr->header, field);
}

/* ---- what the reader skipped -------------------------------------------- */

static void skipped_md(struct buf *b, const struct analysis *a)
{
	const struct journalread *jr = a->jr;
	struct buf items;

	buf_init(&items);
	if (jr->header == NULL)
		buf_adds(
		    &items,
		    "- The journal has no header line; host, user and start time are unknown.\n");
	if (jr->format > JOURNAL_FORMAT)
		buf_printf(&items,
			   "- Written in journal format %d, newer than this gotriage reads (%d); "
			   "fields it does not know are not shown.\n",
			   jr->format, JOURNAL_FORMAT);
	if (jr->unknown > 0) {
		buf_printf(&items, "- %zu event%s of kind%s this version does not know (",
			   jr->unknown, jr->unknown == 1 ? "" : "s",
			   jr->unknown_kinds.n == 1 ? "" : "s");
		for (size_t i = 0; i < jr->unknown_kinds.n; i++) {
			if (i > 0)
				buf_adds(&items, ", ");
			reporttext_md(&items, jr->unknown_kinds.v[i], 64);
		}
		buf_adds(&items, ") are listed in the timeline but not interpreted.\n");
	}
	if (jr->garbage > 0)
		buf_printf(&items,
			   "- %zu line%s could not be read and %s skipped (first at line %zu%s).\n",
			   jr->garbage, jr->garbage == 1 ? "" : "s",
			   jr->garbage == 1 ? "was" : "were", jr->first_garbage,
			   jr->oversized > 0 ? "; some were over the 1 MiB line limit" : "");
	if (jr->truncated_tail)
		buf_adds(&items, "- The last line was cut off mid-write (the session was probably "
				 "killed) and was skipped.\n");
	if (jr->capped)
		buf_adds(&items,
			 "- The file is larger than 16 MiB; only its first 16 MiB were read.\n");
	if (jr->extra_headers > 0)
		buf_printf(&items,
			   "- The file holds %zu more session%s appended after the first; "
			   "times after each restart start again from zero.\n",
			   jr->extra_headers, jr->extra_headers == 1 ? "" : "s");
	if (a->end == NULL)
		buf_adds(&items, "- There is no end event: the session was killed or is still "
				 "running.\n");
	if (items.len > 0) {
		buf_adds(b, "\n## About this journal\n\n");
		buf_adds(b, items.data);
	}
	buf_free(&items);
}

static cJSON *skipped_json(const struct analysis *a)
{
	const struct journalread *jr = a->jr;
	cJSON *o = cJSON_CreateObject();
	cJSON *kinds = cJSON_AddArrayToObject(o, "unknown_kinds");

	cJSON_AddBoolToObject(o, "no_header", jr->header == NULL);
	cJSON_AddBoolToObject(o, "newer_format", jr->format > JOURNAL_FORMAT);
	cJSON_AddNumberToObject(o, "unknown_events", (double)jr->unknown);
	for (size_t i = 0; i < jr->unknown_kinds.n; i++) {
		char *c = reporttext_clean(jr->unknown_kinds.v[i]);

		cJSON_AddItemToArray(kinds, cJSON_CreateString(c));
		free(c);
	}
	cJSON_AddNumberToObject(o, "garbage_lines", (double)jr->garbage);
	cJSON_AddNumberToObject(o, "first_garbage_line", (double)jr->first_garbage);
	cJSON_AddNumberToObject(o, "oversized_lines", (double)jr->oversized);
	cJSON_AddBoolToObject(o, "truncated_last_line", jr->truncated_tail);
	cJSON_AddBoolToObject(o, "capped", jr->capped);
	cJSON_AddNumberToObject(o, "extra_headers", (double)jr->extra_headers);
	cJSON_AddBoolToObject(o, "no_end_event", a->end == NULL);
	return o;
}

/* ---- one session, Markdown ------------------------------------------------ */

static void summary_row(struct buf *b, const char *label, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(b, "| %s | ", label);
	reporttext_md(b, value, REPORTTEXT_DETAIL_MAX);
	buf_adds(b, " |\n");
}

static void evidence_md(struct buf *b, const cJSON *e)
{
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(e, "evidence");
	const cJSON *line;
	const char *remedy = journalread_str(e, "remedy");
	const char *missing = journalread_str(e, "missing");

	if (cJSON_IsArray(ev) && cJSON_GetArraySize(ev) > 0) {
		buf_adds(b, "\nEvidence:\n\n");
		cJSON_ArrayForEach(line, ev)
		{
			if (!cJSON_IsString(line))
				continue;
			buf_adds(b, "- ");
			reporttext_md(b, line->valuestring, 0);
			buf_addc(b, '\n');
		}
	}
	if (remedy != NULL) {
		buf_adds(b, "\nRemedy: ");
		reporttext_md(b, remedy, 0);
		buf_addc(b, '\n');
	}
	if (missing != NULL) {
		buf_adds(b, "\nMissing: ");
		reporttext_md(b, missing, 0);
		buf_addc(b, '\n');
	}
}

static void checks_md(struct buf *b, const struct analysis *a, const char *which, const char *title)
{
	int any = 0;

	for (size_t i = 0; i < a->n; i++) {
		const struct check *c = &a->checks[i];
		char when[32], find[32];

		if (strcmp(final_verdict(c), which) != 0)
			continue;
		if (!any)
			buf_printf(b, "\n## %s\n", title);
		any = 1;
		buf_adds(b, "\n### ");
		reporttext_md(b, c->id, 120);
		buf_adds(b, "\n\n");
		reporttext_md(b, journalread_str(c->last, "summary"), 0);
		buf_addc(b, '\n');
		if (c->first_fail != NULL) {
			reporttext_offset(when, sizeof when, c->first_fail_t);
			reporttext_duration(find, sizeof find, time_to_find(a, c));
			buf_printf(b, "\nFirst failed at %s, %s after attach.\n", when, find);
		}
		evidence_md(b, c->last);
	}
}

static void recovered_md(struct buf *b, const struct analysis *a)
{
	int any = 0;

	for (size_t i = 0; i < a->n; i++) {
		const struct check *c = &a->checks[i];
		char when[32];

		if (c->first_fail == NULL || strcmp(final_verdict(c), "fail") == 0)
			continue;
		if (!any)
			buf_adds(b, "\n## Failed, then no longer failing\n\n");
		any = 1;
		reporttext_offset(when, sizeof when, c->first_fail_t);
		buf_adds(b, "- ");
		reporttext_md(b, c->id, 120);
		buf_printf(b, ": failed at %s (", when);
		reporttext_md(b, journalread_str(c->first_fail, "summary"), REPORTTEXT_DETAIL_MAX);
		buf_adds(b, "), last verdict ");
		reporttext_md(b, final_verdict(c), 16);
		buf_addc(b, '\n');
	}
}

static void notes_md(struct buf *b, const struct journalread *jr)
{
	int any = 0;

	for (size_t i = 0; i < jr->n_events; i++) {
		const cJSON *e = jr->events[i];
		char when[32];

		if (strcmp(journalread_kind(e), "note") != 0)
			continue;
		if (!any)
			buf_adds(b, "\n## Notes\n\n");
		any = 1;
		reporttext_offset(when, sizeof when, journalread_t(e));
		buf_printf(b, "- %s", when);
		if (journalread_str(e, "check") != NULL) {
			buf_adds(b, " (on ");
			reporttext_md(b, journalread_str(e, "check"), 80);
			buf_adds(b, ")");
		}
		buf_adds(b, ": ");
		reporttext_md(b, journalread_str(e, "text"), 0);
		buf_addc(b, '\n');
	}
	if (!any)
		buf_adds(b, "\n## Notes\n\nNo notes were taken.\n");
}

static char *session_md(const struct analysis *a, const char *name)
{
	const struct journalread *jr = a->jr;
	struct buf b;
	char dur[32], find[32];

	buf_init(&b);
	buf_adds(&b, "# Postmortem draft: ");
	reporttext_md(&b, fact(a, "target") != NULL ? fact(a, "target") : "unknown target", 200);
	buf_adds(&b, "\n\n_Drafted by gotriage " GOTRIAGE_VERSION " from the session journal ");
	reporttext_md(&b, name, 0);
	buf_adds(&b, "._\n\n## Summary\n\n| | |\n|---|---|\n");
	summary_row(&b, "Target", fact(a, "target"));
	summary_row(&b, "Binary", fact(a, "binary"));
	summary_row(&b, "Main module", fact(a, "module"));
	summary_row(&b, "Revision", fact(a, "revision"));
	summary_row(&b, "Go", fact(a, "go_version"));
	summary_row(&b, "Host", journalread_str(jr->header, "host"));
	summary_row(&b, "Engineer", journalread_str(jr->header, "user"));
	summary_row(&b, "Started", journalread_str(jr->header, "started"));
	reporttext_duration(dur, sizeof dur, a->last_t);
	summary_row(&b, "Session length", dur);
	summary_row(&b, "Ended",
		    a->end != NULL ? journalread_str(a->end, "reason")
				   : "no end event (killed or still running)");
	if (a->first_fail != NULL) {
		struct buf v;

		buf_init(&v);
		reporttext_duration(find, sizeof find, time_to_find(a, a->first_fail));
		buf_printf(&v, "%s (%s)%s", find, a->first_fail->id,
			   a->attach == NULL ? ", from the session start: no attach event" : "");
		summary_row(&b, "Time to first failed verdict", v.data);
		buf_free(&v);
	} else {
		summary_row(&b, "Time to first failed verdict", "no check failed");
	}
	if (a->found_id != NULL) {
		struct buf v;

		buf_init(&v);
		reporttext_duration(find, sizeof find, time_to_found(a));
		buf_printf(&v, "%s (%s, %s)", find, a->found_id, a->found_how);
		summary_row(&b, "Time to find", v.data);
		buf_free(&v);
	} else {
		summary_row(&b, "Time to find",
			    "unknown: no mark or note on a failing check (c, d or a on the step)");
	}
	skipped_md(&b, a);
	checks_md(&b, a, "fail", "Failed checks");
	checks_md(&b, a, "warn", "Warnings");
	checks_md(&b, a, "unknown", "Checks that could not decide");
	recovered_md(&b, a);
	notes_md(&b, jr);
	reporttimeline_md(&b, jr);
	return buf_steal(&b);
}

/* ---- one session, JSON ---------------------------------------------------- */

static cJSON *check_json(const struct analysis *a, const struct check *c)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(c->last, "evidence");
	double ttf = time_to_find(a, c);

	reporttext_json_str(o, "id", c->id);
	reporttext_json_str(o, "verdict", final_verdict(c));
	reporttext_json_str(o, "summary", journalread_str(c->last, "summary"));
	cJSON_AddItemToObject(o, "evidence",
			      cJSON_IsArray(ev) ? reporttext_json_copy(ev) : cJSON_CreateArray());
	reporttext_json_str(o, "remedy", journalread_str(c->last, "remedy"));
	reporttext_json_str(o, "missing", journalread_str(c->last, "missing"));
	cJSON_AddBoolToObject(o, "ever_failed", c->first_fail != NULL);
	reporttext_json_num(o, "first_fail_t", c->first_fail_t, c->first_fail_t >= 0);
	reporttext_json_num(o, "time_to_find_s", ttf, ttf >= 0);
	return o;
}

static char *session_json(const struct analysis *a, const char *name)
{
	const struct journalread *jr = a->jr;
	cJSON *o = cJSON_CreateObject(), *s, *checks, *notes, *events;
	double ttf = time_to_find(a, a->first_fail);
	char *out;

	reporttext_json_str(o, "journal", name);
	cJSON_AddNumberToObject(o, "format", jr->format);
	s = cJSON_AddObjectToObject(o, "summary");
	reporttext_json_str(s, "target", fact(a, "target"));
	reporttext_json_str(s, "binary", fact(a, "binary"));
	reporttext_json_str(s, "module", fact(a, "module"));
	reporttext_json_str(s, "revision", fact(a, "revision"));
	reporttext_json_str(s, "go_version", fact(a, "go_version"));
	reporttext_json_str(s, "host", journalread_str(jr->header, "host"));
	reporttext_json_str(s, "user", journalread_str(jr->header, "user"));
	reporttext_json_str(s, "tool_version", journalread_str(jr->header, "tool_version"));
	reporttext_json_str(s, "started", journalread_str(jr->header, "started"));
	reporttext_json_num(s, "duration_s", a->last_t, 1);
	reporttext_json_num(s, "attach_t", a->t0, a->attach != NULL);
	if (a->end != NULL)
		reporttext_json_str(s, "end_reason", journalread_str(a->end, "reason"));
	else
		cJSON_AddNullToObject(s, "end_reason");
	reporttext_json_num(o, "time_to_first_fail_s", ttf, ttf >= 0);
	reporttext_json_num(o, "time_to_find_s", time_to_found(a), time_to_found(a) >= 0);
	reporttext_json_str(o, "found", a->found_id);
	reporttext_json_str(o, "found_by", a->found_how);
	if (a->first_fail != NULL)
		reporttext_json_str(o, "first_fail", a->first_fail->id);
	else
		cJSON_AddNullToObject(o, "first_fail");
	checks = cJSON_AddArrayToObject(o, "checks");
	for (size_t i = 0; i < a->n; i++)
		cJSON_AddItemToArray(checks, check_json(a, &a->checks[i]));
	notes = cJSON_AddArrayToObject(o, "notes");
	events = cJSON_AddArrayToObject(o, "events");
	for (size_t i = 0; i < jr->n_events; i++) {
		const cJSON *e = jr->events[i];

		if (strcmp(journalread_kind(e), "note") == 0) {
			cJSON *n = cJSON_CreateObject();

			reporttext_json_num(n, "t", journalread_t(e), journalread_t(e) >= 0);
			reporttext_json_str(n, "text", journalread_str(e, "text"));
			reporttext_json_str(n, "check", journalread_str(e, "check"));
			cJSON_AddItemToArray(notes, n);
		}
		cJSON_AddItemToArray(events, reporttext_json_copy(e));
	}
	cJSON_AddItemToObject(o, "skipped", skipped_json(a));
	out = cJSON_Print(o);
	cJSON_Delete(o);
	if (out == NULL)
		fatal("out of memory printing the report");
	return out;
}

char *report_session(const struct journalread *jr, const char *name, enum report_format fmt)
{
	struct analysis a;
	char *out;

	analyze(jr, &a);
	out = fmt == REPORT_JSON ? session_json(&a, name) : session_md(&a, name);
	free(a.checks);
	return out;
}

void report_facts(const struct journalread *jr, struct report_facts *out)
{
	struct analysis a;

	analyze(jr, &a);
	memset(out, 0, sizeof *out);
	out->target = fact(&a, "target");
	out->started = journalread_str(jr->header, "started");
	out->first_fail = a.first_fail != NULL ? a.first_fail->id : NULL;
	out->first_fail_s = time_to_find(&a, a.first_fail);
	out->found = a.found_id;
	out->found_how = a.found_how;
	out->found_s = time_to_found(&a);
	out->ended = a.end != NULL;
	for (size_t i = 0; i < a.n; i++) {
		const struct check *c = &a.checks[i];
		struct report_failure *f;

		if (c->first_fail == NULL)
			continue;
		out->failures = xrealloc(out->failures, (out->n_failures + 1) * sizeof *f);
		f = &out->failures[out->n_failures++];
		f->id = c->id;
		f->summary = journalread_str(c->first_fail, "summary");
		f->time_to_verdict = time_to_find(&a, c);
		f->time_to_find = c->found_how != NULL ? since_attach(&a, c->found_t) : -1;
		f->found_how = c->found_how;
	}
	free(a.checks);
}

void report_facts_free(struct report_facts *f)
{
	if (f == NULL)
		return;
	free(f->failures);
	memset(f, 0, sizeof *f);
}
