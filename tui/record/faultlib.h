/* faultlib.h: the team's fault library, from a folder of session journals:
 * which failure ids recur, in how many sessions, and how long each took to
 * find (median, fastest, slowest time from attach to the engineer's first
 * mark or note on that check after it failed: report.h), beside the tool's
 * part (attach to the first failed verdict), as Markdown or JSON.
 *
 * Call order: faultlib_new(); per journal faultlib_add() (it copies what it
 * needs; the journal may be freed right after) or faultlib_skip() with why
 * it was not read; faultlib_render() (malloc'd text for the caller);
 * faultlib_free() (accepts NULL). Text from journals passes reporttext.h. */
#ifndef GOTRIAGE_FAULTLIB_H
#define GOTRIAGE_FAULTLIB_H

#include <stddef.h>

#include "journalread.h"
#include "report.h"

struct faultlib;

struct faultlib *faultlib_new(void);
/* name: how to refer to the journal (its file name). */
void faultlib_add(struct faultlib *lib, const char *name, const struct journalread *jr);
void faultlib_skip(struct faultlib *lib, const char *name, const char *why);
/* Journals added so far. */
size_t faultlib_sessions(const struct faultlib *lib);
/* Sorts the failures (most sessions first), then renders. */
char *faultlib_render(struct faultlib *lib, const char *dir, enum report_format fmt);
void faultlib_free(struct faultlib *lib);

#endif
