/* overview_rows.h: the overview pane's facts as plain rows, with no
 * terminal: what the process is (PID, state, exe, start, command line),
 * its listeners and the probes of them, the debug URL or why there is
 * none, the goroutine total, the repo and HEAD, and the recording.
 *
 * Each row is a label and one value line for a value column `width`
 * code points wide: the value has had its secrets masked (redact_text)
 * and its target bytes made safe (sanitize_str), and a value that does
 * not fit ends in an ellipsis ("~" with ascii). The pane maps tones to
 * draw styles and draws label and value (draw_text again: harmless).
 * The checklist summary under these rows is drawn by the pane itself.
 *
 * Use:
 *   struct overview_rows r;
 *   overview_rows_build(&in, &r);  ... r.v[0..r.n) ...
 *   overview_rows_free(&r);
 * The input is only read; rows own their text. */
#ifndef GOTRIAGE_OVERVIEW_ROWS_H
#define GOTRIAGE_OVERVIEW_ROWS_H

#include <stddef.h>

#include "collectors/proc/target.h"

/* More listeners than this are summed up in one row. */
#define OVERVIEW_ROWS_MAX_LISTENERS 64

enum overview_tone {
	OVERVIEW_NORMAL = 0,
	OVERVIEW_DIM,
	OVERVIEW_PASS,
	OVERVIEW_WARN,
	OVERVIEW_FAIL,
};

struct overview_row {
	const char *label; /* static; "" under a first row; NULL: a blank row */
	enum overview_tone tone;
	char *text; /* redacted, sanitised, at most `width` code points */
};

struct overview_rows {
	struct overview_row *v;
	size_t n, cap;
};

struct overview_rows_in {
	const struct target *t;
	long goroutines;	 /* the debug=1 total, -1 unknown */
	double fetch_seconds;	 /* of the answer that gave it */
	size_t fetch_bytes;	 /* its size */
	double fetch_age;	 /* seconds since it arrived */
	const char *fetch_error; /* why the last fetch gave no total, or NULL */
	const char *record_path; /* the journal being written, or NULL */
	const char *record_note; /* why there is none, or NULL (--no-record) */
	int width;		 /* code points of the value column (>= 1) */
	int ascii;		 /* cut with '~' instead of an ellipsis */
};

void overview_rows_build(const struct overview_rows_in *in, struct overview_rows *out);
void overview_rows_free(struct overview_rows *r);

/* Masks, sanitises and fits s to width code points (ellipsis when cut). */
char *overview_rows_fit(const char *s, int width, int ascii);

/* The first row whose label or text contains needle, or -1 (tests). */
long overview_rows_find(const struct overview_rows *r, const char *needle);

#endif
