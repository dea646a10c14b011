/* journalread.h: reads a session journal (JSON Lines written by tui/record/journal.c)
 * back into memory, tolerating what a killed session or a newer gotriage
 * leaves behind.
 *
 * A journal is one header line ({"kind":"header","format":N,...}) followed
 * by one JSON object per event ({"t":secs,"ts":unix,"kind":"...",...}).
 * The reader never rejects a file for what it cannot use: a last line cut
 * off mid-write, lines that are not JSON objects, lines longer than
 * JOURNALREAD_MAX_LINE, events of kinds this version does not know and a
 * newer format number are all kept or counted in struct journalread so the
 * caller can say what was skipped. Only a buffer without a single usable
 * line is an error.
 *
 * Ownership: journalread_parse()/journalread_load() fill a caller-provided
 * struct; it owns every cJSON object in it until journalread_free(). The
 * writer (tui/record/journal.c) takes JOURNAL_FORMAT and the kind names from here,
 * so reader and writer cannot drift apart. */
#ifndef GOTRIAGE_JOURNALREAD_H
#define GOTRIAGE_JOURNALREAD_H

#include <stddef.h>

#include <cJSON.h>

#include "collectors/base/common.h"

/* The format this version writes; a header with a larger number is read
 * anyway and reported as newer. */
#define JOURNAL_FORMAT 1
/* journalread_load() reads at most this much; the rest is reported as cut. */
#define JOURNALREAD_MAX_FILE (16 * MIB)
/* A longer line is counted as garbage without being parsed. */
#define JOURNALREAD_MAX_LINE ((size_t)1 * MIB)

struct journalread {
	cJSON *header;	/* the first header line, NULL when there was none */
	int format;	/* header's "format", 0 when unknown */
	cJSON **events; /* every other valid line, in file order */
	size_t n_events;
	size_t cap_events;

	size_t lines;		      /* non-empty lines seen (including the header) */
	size_t garbage;		      /* lines that were not JSON objects with a "kind" */
	size_t first_garbage;	      /* 1-based line number of the first, 0 if none */
	size_t oversized;	      /* of those, lines over JOURNALREAD_MAX_LINE */
	int truncated_tail;	      /* the last line had no newline and did not parse */
	int capped;		      /* the file was larger than JOURNALREAD_MAX_FILE */
	size_t extra_headers;	      /* later header lines (two sessions in one file) */
	size_t unknown;		      /* events whose kind this version does not know */
	struct strlist unknown_kinds; /* their distinct kind names (at most 32) */
};

/* Parses buf[0..len) (NUL bytes allowed). Returns 0, or -1 with *cause set
 * when not one line was a usable JSON object; *out is filled either way and
 * must be released with journalread_free(). */
int journalread_parse(const char *buf, size_t len, struct journalread *out, char **cause);
/* Reads at most JOURNALREAD_MAX_FILE bytes of path and parses them. */
int journalread_load(const char *path, struct journalread *out, char **cause);
void journalread_free(struct journalread *jr);

/* True for the event kinds this version writes and understands. */
int journalread_kind_known(const char *kind);
/* The comma-separated list of those kinds ("header,attach,..."). */
const char *journalread_known_kinds(void);

/* Field accessors that never fail: a missing or mistyped field gives the
 * fallback (or NULL for strings). */
const char *journalread_str(const cJSON *obj, const char *field);
double journalread_num(const cJSON *obj, const char *field, double fallback);
const char *journalread_kind(const cJSON *ev);
/* The event's "t" (seconds since the session started), or -1 when absent
 * or not a plausible time (negative, NaN, more than ten years). */
double journalread_t(const cJSON *ev);

#endif
