/* leakcheck.h: for the masking tests of the panes: does a row show any
 * piece of a secret? A row "shows" what draw_text() would put on the
 * screen: the row masked again on its own, as draw_text() does. Any run of
 * 6 or more characters of the secret counts (a wrap or a cut that splits
 * a secret leaves its halves, and draw_text() recognises neither). */
#ifndef GOTRIAGE_TESTS_LEAKCHECK_H
#define GOTRIAGE_TESTS_LEAKCHECK_H

#include <stdlib.h>
#include <string.h>

#include "collectors/base/redact.h"

#define LEAK_PIECE 6

/* The first piece of secret (LEAK_PIECE bytes) found in s, or -1. */
static inline long leak_piece_in(const char *s, const char *secret)
{
	size_t n = strlen(secret);

	for (size_t i = 0; i + LEAK_PIECE <= n; i++) {
		char piece[LEAK_PIECE + 1];

		memcpy(piece, secret + i, LEAK_PIECE);
		piece[LEAK_PIECE] = '\0';
		if (strstr(s, piece) != NULL)
			return (long)i;
	}
	return -1;
}

/* What draw_text() would show of row: the piece found, or -1. */
static inline long leak_shown(const char *row, const char *secret)
{
	char *shown = redact_text(row != NULL ? row : "");
	long at = leak_piece_in(shown, secret);

	free(shown);
	return at;
}

#endif
