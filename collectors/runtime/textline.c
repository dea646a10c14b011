/* textline.c: lines, decimals and literals of the debug=1 text formats
 * (see textline.h). */
#include "textline.h"

#include <string.h>

int textline_next(const char **t, const char *end, const char **s, size_t *n)
{
	const char *e;

	if (*t >= end)
		return 0;
	e = memchr(*t, '\n', (size_t)(end - *t));
	*s = *t;
	*n = e != NULL ? (size_t)(e - *t) : (size_t)(end - *t);
	if (*n > 0 && (*s)[*n - 1] == '\r')
		(*n)--;
	*t = e != NULL ? e + 1 : end;
	return 1;
}

int textline_dec(const char *s, size_t n, size_t *i, uint64_t *v)
{
	size_t j = *i;
	uint64_t x = 0;

	for (; j < n && s[j] >= '0' && s[j] <= '9'; j++) {
		uint64_t d = (uint64_t)(s[j] - '0');

		if (x > (UINT64_MAX - d) / 10) /* exact: UINT64_MAX itself fits */
			return 0;
		x = x * 10 + d;
	}
	if (j == *i)
		return 0;
	*i = j;
	*v = x;
	return 1;
}

int textline_lit(const char *s, size_t n, size_t *i, const char *l)
{
	size_t ll = strlen(l);

	if (*i > n || n - *i < ll || memcmp(s + *i, l, ll) != 0)
		return 0;
	*i += ll;
	return 1;
}
