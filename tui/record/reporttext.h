/* reporttext.h: the one way report text leaves a journal: redacted,
 * sanitised, and for Markdown escaped so that it renders as the text it
 * was (no headings, lists, links, tables or HTML smuggled in).
 *
 * Used by tui/record/report.c, reporttimeline.c and faultlib.c; every string from a journal
 * passes one of these before it is printed. Returned strings are malloc'd
 * and owned by the caller. */
#ifndef GOTRIAGE_REPORTTEXT_H
#define GOTRIAGE_REPORTTEXT_H

#include <stddef.h>

#include <cJSON.h>

#include "collectors/base/common.h"

/* redact_text() then sanitize_str(); NULL stays NULL. */
char *reporttext_clean(const char *s);
/* Appends s cleaned and escaped as Markdown inline text, cut after about
 * max bytes (0: no limit) at a character boundary with an ellipsis. NULL
 * appends nothing. */
void reporttext_md(struct buf *b, const char *s, size_t max);
/* Adds a cleaned string field when s is not NULL. */
void reporttext_json_str(cJSON *o, const char *name, const char *s);
/* Adds a number rounded to milliseconds, or null when !valid. */
void reporttext_json_num(cJSON *o, const char *name, double v, int valid);
/* A copy of a journal value with every string, keys too, cleaned. */
cJSON *reporttext_json_copy(const cJSON *v);
/* How much of one journal string a report row shows. */
#define REPORTTEXT_DETAIL_MAX 300

/* "+02:14.3": t seconds after the session start; "?" when negative. */
void reporttext_offset(char *out, size_t size, double t);
/* "12 ms", "42.0s", "2m 14s", "1h 02m 03s"; "?" for a negative time. */
void reporttext_duration(char *out, size_t size, double secs);

#endif
