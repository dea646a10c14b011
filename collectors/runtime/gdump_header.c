/* gdump_header.c: the grammar of a goroutine header line, the one line of
 * a dump whose fields change with Go versions (part of the gdump module). */
#include "gdump_priv.h"

#include <string.h>

int gdump_header_parse(const char *s, size_t n, size_t off, struct gdump_goroutine *out,
		       size_t *state_start, size_t *state_end)
{
	struct gdump_goroutine g;
	size_t i = 10, st, se, close;
	uint64_t v;

	memset(&g, 0, sizeof g);
	g.m = -1;
	g.created = GDUMP_NONE;
	if (!scan_dec(s, n, &i, &g.id))
		return 0;
	/* Optional "gp=0x.. m=N mp=0x.." or "gp=0x.. m=nil" before the bracket. */
	while (i < n && s[i] == ' ' && !(i + 1 < n && s[i + 1] == '[')) {
		size_t j = i + 1;

		if (HAS(s + j, n - j, "gp=")) {
			j += 3;
			if (!scan_hex(s, n, &j, &g.gp))
				return 0;
		} else if (HAS(s + j, n - j, "mp=")) {
			j += 3;
			if (!scan_hex(s, n, &j, &g.mp))
				return 0;
		} else if (HAS(s + j, n - j, "m=nil")) {
			j += 5;
		} else if (HAS(s + j, n - j, "m=")) {
			j += 2;
			if (!scan_dec(s, n, &j, &v) || v > INT64_MAX)
				return 0;
			g.m = (int64_t)v;
		} else {
			return 0;
		}
		g.flags |= GDUMP_G_HAS_M;
		i = j;
	}
	if (i + 1 >= n || s[i] != ' ' || s[i + 1] != '[')
		return 0;
	st = i + 2;
	/* Wait reasons hold spaces, dots and parentheses but never ',' or ']'. */
	for (se = st; se < n && s[se] != ',' && s[se] != ']'; se++)
		;
	if (se >= n)
		return 0;
	close = se;
	while (close < n && s[close] == ',') {
		size_t j = close + 1, e;

		while (j < n && s[j] == ' ')
			j++;
		for (e = j; e < n && s[e] != ',' && s[e] != ']'; e++)
			;
		if (e >= n)
			return 0;
		if (HAS(s + j, e - j, "locked to thread") && e - j == 16) {
			g.flags |= GDUMP_G_LOCKED;
		} else if (HAS(s + j, e - j, "synctest group ") ||
			   HAS(s + j, e - j, "synctest bubble ")) {
			size_t k = j + (s[j + 9] == 'g' ? 15 : 16);

			if (!scan_dec(s, e, &k, &g.synctest) || k != e)
				g.flags |= GDUMP_G_ODD_FIELD;
		} else {
			size_t k = j;

			if (scan_dec(s, e, &k, &v) &&
			    (HAS(s + k, e - k, " minutes") || HAS(s + k, e - k, " minute")))
				g.wait_minutes = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
			else
				g.flags |= GDUMP_G_ODD_FIELD;
		}
		close = e;
	}
	if (close >= n || s[close] != ']' || s[n - 1] != ':')
		return 0;
	if (se - st >= 7 && memcmp(s + se - 7, " (scan)", 7) == 0) {
		g.flags |= GDUMP_G_SCAN;
		se -= 7;
	}
	/* Go 1.27 prints labels between ']' and ':'; keep whatever is there. */
	{
		size_t ls = close + 1, le = n - 1;

		while (ls < le && s[ls] == ' ')
			ls++;
		while (le > ls && s[le - 1] == ' ')
			le--;
		g.labels_off = (uint32_t)(off + ls);
		g.labels_len = (uint32_t)(le - ls);
	}
	g.line_off = (uint32_t)off;
	*out = g;
	*state_start = st;
	*state_end = se;
	return 1;
}
