/* verdict.h: what a check concludes, with the evidence behind it.
 *
 * A check is a pure function from collected facts to a verdict; it never
 * does I/O. Each check file exports `void check_<id>(const <inputs> *,
 * struct verdict *)` over the collector results it needs; the catalog
 * (checks/catalog.c) gathers those inputs from the session's facts.
 * Evidence lines are plain text (file:line, URL + status, symbol, env var +
 * where it was set); a line that points at something another pane shows
 * starts with a jump prefix: "code:FILE:LINE ", "sym:NAME ", "goroutine:ID ".
 * The verdict owns its strings; verdict_free() releases them. */
#ifndef GOTRIAGE_VERDICT_H
#define GOTRIAGE_VERDICT_H

#include "collectors/base/common.h"

/* Ordered by severity, so the worst of several is the maximum. */
enum verdict_kind {
	VERDICT_NONE = 0, /* not run yet */
	VERDICT_SKIP,
	VERDICT_PASS,
	VERDICT_UNKNOWN,
	VERDICT_WARN,
	VERDICT_FAIL,
};

struct verdict {
	enum verdict_kind kind;
	char *summary;		 /* one line */
	struct strlist evidence; /* one line each */
	char *missing;		 /* for UNKNOWN: what was missing and how to get it */
};

void verdict_init(struct verdict *v);
void verdict_free(struct verdict *v);
/* Sets kind and summary (replacing an earlier summary). */
void verdict_set(struct verdict *v, enum verdict_kind kind, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Raises the kind to `kind` if that is worse; keeps the summary otherwise. */
void verdict_raise(struct verdict *v, enum verdict_kind kind, const char *fmt, ...)
    PRINTF_LIKE(3, 4);
void verdict_evidence(struct verdict *v, const char *fmt, ...) PRINTF_LIKE(2, 3);
void verdict_unknown(struct verdict *v, const char *missing_fmt, ...) PRINTF_LIKE(2, 3);

/* An evidence line without its jump prefix ("code:F:L ", "sym:N ",
 * "goroutine:ID "); *jump (may be NULL) gets the prefix's target, e.g.
 * "code:main.go:12", or "" when there is none. */
const char *verdict_evidence_text(const char *line, char *jump, size_t jumplen);
/* The line as a reader sees it: the subject kept, only the "code:" and
 * "sym:" kind words dropped ("sym:main.f is compiled in" -> "main.f is
 * compiled in", "code:a.go:3 x" -> "a.go:3 x"; goroutine lines unchanged). */
const char *verdict_evidence_subject(const char *line);

const char *verdict_name(enum verdict_kind k);	    /* "pass", "fail", ... */
enum verdict_kind verdict_from_name(const char *s); /* VERDICT_NONE if unknown */

#endif
