/* textwrap.h: the one word-wrap of the panes (curses-free, so the row
 * models and their tests use it too).
 *
 * A line of text is cut into rows of at most `cols` code points: a row
 * ends at the last space of its chunk when that space lies in the chunk's
 * second half (so a long word does not leave a near-empty row), else the
 * chunk is cut hard, never inside a UTF-8 sequence. The spaces at a cut
 * are dropped by the caller (textwrap_skip). Widths are code points:
 * draw_text() clips to display columns again for wide characters.
 *
 *   for (const char *p = s; *p; p = textwrap_skip(p + n)) {
 *           n = textwrap_cut(p, cols);
 *           ... the row is p[0..n) ...
 *   }
 */
#ifndef GOTRIAGE_TEXTWRAP_H
#define GOTRIAGE_TEXTWRAP_H

#include <stddef.h>

/* Bytes taken by the first ncp code points of s (all of s when shorter). */
size_t textwrap_cp_bytes(const char *s, size_t ncp);
/* Bytes of s that go on the next row of at most cols (>= 1) code points. */
size_t textwrap_cut(const char *s, size_t cols);
/* s past the spaces that follow a cut. */
const char *textwrap_skip(const char *s);

#endif
