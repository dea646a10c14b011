/* report.h: turns a session journal into a postmortem draft, as Markdown
 * or JSON (tui/record/faultlib.h does a folder of them).
 *
 * Pure rendering: the caller loads journals with journalread_load() and
 * hands them over read-only; the functions return a malloc'd text the
 * caller frees. Every string taken from a journal passes reporttext.h
 * (redacted, sanitised, Markdown-escaped). What the
 * reader skipped (garbage or cut lines, a newer format, unknown kinds) is
 * said in the output, never silently dropped.
 *
 * Times, from the session's first attach event (or its start when there
 * is none): "time to first failed verdict" is to a check's first "fail"
 * verdict (the tool's speed); "time to find" is to the engineer's first
 * mark (confirmed or dismissed, not "none") or note on a check that had
 * failed by then. The fault library's per-failure time to find
 * (report_facts) is the same, per check: the first mark or note on that
 * check after its first failed verdict. */
#ifndef GOTRIAGE_REPORT_H
#define GOTRIAGE_REPORT_H

#include "journalread.h"

enum report_format {
	REPORT_MD,
	REPORT_JSON,
};

/* The postmortem draft for one journal; name is how to refer to it (its
 * path). */
char *report_session(const struct journalread *jr, const char *name, enum report_format fmt);

/* What one journal says about its failures, for the fault library
 * (tui/record/faultlib.h). Strings point into jr and are raw (not yet cleaned);
 * report_facts_free() releases only the array. */
struct report_failure {
	const char *id;
	const char *summary;	/* of its first failed verdict */
	double time_to_verdict; /* seconds from attach to its first failed verdict, -1 unknown */
	double time_to_find;	/* seconds from attach to the engineer's first mark or
				 * note on it after that, -1 when nobody marked it */
	const char *found_how;	/* "confirmed", "dismissed", "mark", "note"; NULL */
};
struct report_facts {
	const char *target, *started; /* NULL when the journal does not say */
	const char *first_fail;	      /* the earliest failure's id, or NULL */
	double first_fail_s;	      /* seconds to its failed verdict, -1 unknown */
	const char *found;	      /* the first failing check marked or noted, or NULL */
	const char *found_how;	      /* how ("confirmed", "note", ...) */
	double found_s;		      /* seconds from attach to it, -1 none */
	int ended;		      /* the journal has an end event */
	struct report_failure *failures;
	size_t n_failures;
};
void report_facts(const struct journalread *jr, struct report_facts *out);
void report_facts_free(struct report_facts *f);

#endif
