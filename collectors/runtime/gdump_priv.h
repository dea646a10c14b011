/* gdump_priv.h: what the gdump module's own files share (gdump.c: the
 * line loop, interning and I/O; gdump_header.c: the header-line grammar).
 * Nothing outside collectors/gdump*.c includes it.
 *
 * The scanners are static inline: the parser calls them on every frame
 * line, so they stay inlined in each file that uses them.
 * gdump_header_parse() is pure: it reads one line and fills a goroutine
 * record; the caller interns the state and appends the record. */
#ifndef GOTRIAGE_GDUMP_PRIV_H
#define GOTRIAGE_GDUMP_PRIV_H

#include <stdint.h>
#include <string.h>

#include "gdump.h"

/* lit must be a string literal: sizeof gives its length. */
#define HAS(s, n, lit) ((n) >= sizeof(lit) - 1 && memcmp((s), (lit), sizeof(lit) - 1) == 0)

/* Decimal digits at s[*i..n); returns 0 when there are none or on overflow. */
static inline int scan_dec(const char *s, size_t n, size_t *i, uint64_t *v)
{
	size_t j = *i;
	uint64_t x = 0;

	while (j < n && s[j] >= '0' && s[j] <= '9') {
		if (x > (UINT64_MAX - 9) / 10)
			return 0;
		x = x * 10 + (uint64_t)(s[j] - '0');
		j++;
	}
	if (j == *i)
		return 0;
	*i = j;
	*v = x;
	return 1;
}

/* "0x" and hex digits at s[*i..n). */
static inline int scan_hex(const char *s, size_t n, size_t *i, uint64_t *v)
{
	size_t j = *i;
	uint64_t x = 0;
	int nd = 0, h;

	if (j + 2 > n || s[j] != '0' || s[j + 1] != 'x')
		return 0;
	j += 2;
	while (j < n && (h = hex_digit((unsigned char)s[j])) >= 0) {
		if (++nd > 16)
			return 0;
		x = (x << 4) | (uint64_t)h;
		j++;
	}
	if (nd == 0)
		return 0;
	*i = j;
	*v = x;
	return 1;
}

/* A header line s[0..n) (starting "goroutine "; `off` is where it starts in
 * the dump's text) in the grammar gdump.h describes. Returns 1 and fills
 * *out (everything but state and frame0: the string id and the frame index
 * are the caller's) with the status or wait reason at s[*state_start ..
 * *state_end), " (scan)" already removed; returns 0, *out untouched, when
 * the line is not a header. */
int gdump_header_parse(const char *s, size_t n, size_t off, struct gdump_goroutine *out,
		       size_t *state_start, size_t *state_end);

#endif
