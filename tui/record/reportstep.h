/* reportstep.h: one checklist step of a session journal as Markdown for a
 * ticket (`gotriage report JOURNAL --step ID`), the same text the
 * console's `y` copies (checks/step_md.h renders both).
 *
 * The step is the check's last verdict in the journal, with the first
 * time it failed, the engineer's last mark and every note on it. */
#ifndef GOTRIAGE_REPORTSTEP_H
#define GOTRIAGE_REPORTSTEP_H

#include "journalread.h"

/* The step's Markdown (malloc'd), or NULL with *cause when id is not a
 * check of the catalog or the journal has no verdict for it. */
char *report_step(const struct journalread *jr, const char *id, char **cause);

#endif
