/* textwrap.h: the one word-wrap of the panes, and the one place a pane
 * gets target text ready to be cut (curses-free, so the row models and
 * their tests use it too).
 *
 * Masking comes first, on the whole text: a secret that a wrap or a cut
 * splits over two rows would be recognised on neither (draw_text() masks
 * each row again, but it sees only halves). So the wrap takes the raw
 * text and masks it itself (redact_text) before it
 * cuts a single row; there is no public way to wrap text that was not
 * masked first. Masking twice is harmless: the masked text has nothing
 * left to mask. Making the text safe (sanitize_str) is the caller's, before
 * the wrap when the row widths must be right, and draw_text()'s anyway.
 *
 * A line of text is cut into rows of at most `cols` code points: a row
 * ends at the last space of its chunk when that space lies in the chunk's
 * second half (so a long word does not leave a near-empty row), else the
 * chunk is cut hard, never inside a UTF-8 sequence. The spaces at a cut
 * are dropped. Widths are code points: draw_text() clips to display
 * columns again for wide characters.
 *
 *   struct textwrap tw;
 *   const char *row;
 *   size_t n;
 *
 *   textwrap_begin(&tw, raw);
 *   while ((row = textwrap_next(&tw, cols, &n)) != NULL)
 *           ... the row is row[0..n) ...
 *   textwrap_end(&tw);
 *
 * The cols of each call may differ (continuation rows indented deeper).
 */
#ifndef GOTRIAGE_TEXTWRAP_H
#define GOTRIAGE_TEXTWRAP_H

#include <stddef.h>

struct textwrap {
	char *text;    /* the whole text, masked */
	const char *p; /* where the next row starts */
	int started;   /* a row was given (an empty text is one empty row) */
};

/* Secrets masked (redact.h) in the whole of raw (NULL: ""), then made safe
 * (sanitize.h): what any pane must start from before it cuts, abbreviates
 * or scrolls target text sideways. A new string. */
char *textwrap_mask(const char *raw);
/* Starts wrapping raw (NULL: ""): masks it whole (redact_text). */
void textwrap_begin(struct textwrap *w, const char *raw);
/* The next row of at most cols (0 counts as 1) code points: its start,
 * with its length in *len; NULL when the text is used up. An empty text
 * gives one empty row. */
const char *textwrap_next(struct textwrap *w, size_t cols, size_t *len);
void textwrap_end(struct textwrap *w);
/* Bytes taken by the first ncp code points of s (all of s when shorter). */
size_t textwrap_cp_bytes(const char *s, size_t ncp);

#endif
