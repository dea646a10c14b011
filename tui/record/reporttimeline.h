/* reporttimeline.h: the timeline section of a session's postmortem draft
 * (tui/record/report.c): what happened, row by row, cleaned and escaped
 * as all report text (reporttext.h). */
#ifndef GOTRIAGE_REPORTTIMELINE_H
#define GOTRIAGE_REPORTTIMELINE_H

#include "collectors/base/common.h"
#include "journalread.h"

/* Appends "## Series" (when any) and "## Timeline" for jr's events. */
void reporttimeline_md(struct buf *b, const struct journalread *jr);

#endif
