/* reportstep.c: one step of a journal as Markdown (see reportstep.h). */
#include "reportstep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/step_md.h"
#include "checks/verdict.h"
#include "reporttext.h"

static int is(const cJSON *e, const char *kind)
{
	return strcmp(journalread_kind(e), kind) == 0;
}

/* Every string of the journal's evidence array, jump kind words dropped
 * ("sym:main.f is..." -> "main.f is..."), as the checklist shows them. */
static void evidence_of(const cJSON *verdict, struct strlist *out)
{
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(verdict, "evidence"), *line;

	if (!cJSON_IsArray(ev))
		return;
	cJSON_ArrayForEach(line, ev)
	{
		if (cJSON_IsString(line)) /* as the screen shows it */
			strlist_add(out, verdict_evidence_subject(line->valuestring));
	}
}

char *report_step(const struct journalread *jr, const char *id, char **cause)
{
	const struct check *k = catalog_find(id);
	const cJSON *last = NULL, *first_fail = NULL, *attach = NULL;
	const char *mark = NULL, *target;
	struct strlist ev = {0}, notes = {0};
	struct step_md s;
	char when[96];
	char *out;

	if (k == NULL) {
		err_set(cause, "no check is named '%s' (gotriage check --list names them)", id);
		return NULL;
	}
	for (size_t i = 0; i < jr->n_events; i++) {
		const cJSON *e = jr->events[i];
		const char *eid = journalread_str(e, "id"), *check = journalread_str(e, "check");

		if (is(e, "attach") && attach == NULL)
			attach = e;
		if (is(e, "verdict") && eid != NULL && strcmp(eid, id) == 0) {
			const char *v = journalread_str(e, "verdict");

			last = e;
			if (first_fail == NULL && v != NULL && strcmp(v, "fail") == 0)
				first_fail = e;
		}
		if (check == NULL || strcmp(check, id) != 0)
			continue;
		if (is(e, "mark")) {
			mark = journalread_str(e, "mark");
			if (mark != NULL && strcmp(mark, "none") == 0)
				mark = NULL;
		} else if (is(e, "note") && journalread_str(e, "text") != NULL) {
			strlist_add(&notes, journalread_str(e, "text"));
		}
	}
	if (last == NULL) {
		err_set(cause, "the journal holds no verdict of %s", id);
		strlist_free(&notes);
		return NULL;
	}
	evidence_of(last, &ev);
	memset(&s, 0, sizeof s);
	s.check = k;
	s.verdict = journalread_str(last, "verdict");
	s.summary = journalread_str(last, "summary");
	s.missing = journalread_str(last, "missing");
	s.evidence = (const char *const *)ev.v;
	s.nevidence = ev.n;
	s.notes = (const char *const *)notes.v;
	s.nnotes = notes.n;
	s.mark = mark;
	target = journalread_str(attach, "target");
	s.target = target != NULL ? target : journalread_str(jr->header, "target");
	if (first_fail != NULL) {
		double t0 = attach != NULL ? journalread_t(attach) : 0,
		       t = journalread_t(first_fail);
		char d[32];

		reporttext_duration(d, sizeof d, t > t0 ? t - t0 : 0);
		snprintf(when, sizeof when, "first failed %s after %s", d,
			 attach != NULL ? "attach" : "the session start");
		s.when = when;
	}
	out = step_md_render(&s);
	strlist_free(&ev);
	strlist_free(&notes);
	return out;
}
