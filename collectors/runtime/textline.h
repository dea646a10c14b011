/* textline.h: the reading the runtime's debug=1 text formats share (the
 * goroutine profile, gprofile.c; the heap profile header and the MemStats
 * block, memstats.c): lines with "\n" or "\r\n" ends, unsigned decimals
 * that refuse to overflow, and literals. Pure; nothing is copied.
 *
 *   const char *t = buf, *end = buf + len, *s;
 *   size_t n, i = 0;
 *   while (textline_next(&t, end, &s, &n))
 *           if (textline_lit(s, n, &i, "total ") && textline_dec(s, n, &i, &v)) ...
 */
#ifndef GOTRIAGE_TEXTLINE_H
#define GOTRIAGE_TEXTLINE_H

#include <stddef.h>
#include <stdint.h>

/* The next line of [*t, end) in s[0..n), without its "\n" or "\r\n"; *t
 * moves past it. Returns 0 when nothing is left. The last line may lack
 * its newline. */
int textline_next(const char **t, const char *end, const char **s, size_t *n);
/* An unsigned decimal at s[*i..n): returns 1 and moves *i past it, or 0
 * (no digit, or more than uint64_t holds) leaving *i alone. */
int textline_dec(const char *s, size_t n, size_t *i, uint64_t *v);
/* The literal l at s[*i..n): returns 1 and moves *i past it, or 0. */
int textline_lit(const char *s, size_t n, size_t *i, const char *l);

#endif
