/* step_md.h: one checklist step as Markdown ready to paste into a ticket:
 * the check, its verdict and summary, the evidence, what to run by hand,
 * the remedy, the engineer's mark and notes. The checklist's `y` copies it
 * from the live verdicts and `gotriage report JOURNAL --step ID` renders it
 * from a journal, so both say the same thing the same way.
 *
 * Every string that came from the target, the repo or the engineer passes
 * step_md_escape(): redacted (collectors/base/redact.h), sanitised
 * (collectors/base/sanitize.h) and escaped, so it renders as the text it
 * was (no heading, list, link, table or HTML smuggled in). The catalog's
 * own texts are ours and escaped too (they hold `*`, `_` and `<`). */
#ifndef GOTRIAGE_STEP_MD_H
#define GOTRIAGE_STEP_MD_H

#include <stddef.h>

#include "catalog.h"
#include "collectors/base/common.h"

struct step_md {
	const struct check *check; /* required */
	const char *verdict;	   /* "fail", "pass", ...; NULL: not judged */
	const char *summary;	   /* NULL: none */
	const char *const *evidence;
	size_t nevidence;
	const char *missing; /* what an unknown lacked, NULL */
	const char *mark;    /* "confirmed", "dismissed", NULL */
	const char *const *notes;
	size_t nnotes;
	const char *target; /* "name (PID N) on HOST", NULL when unknown */
	const char *when;   /* e.g. "first failed 2m 14s after attach", NULL */
};

/* Appends s (NULL: nothing) cleaned and escaped as Markdown inline text,
 * cut after about max bytes (0: no limit) at a character boundary with an
 * ellipsis. */
void step_md_escape(struct buf *b, const char *s, size_t max);
/* The step as Markdown (a "### " heading and lists); malloc'd. */
char *step_md_render(const struct step_md *s);

#endif
