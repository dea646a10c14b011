/* textwrap.c: the one word-wrap of the panes (see textwrap.h). */
#include "textwrap.h"

size_t textwrap_cp_bytes(const char *s, size_t ncp)
{
	size_t i = 0;

	while (s[i] != '\0' && ncp > 0) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		ncp--;
	}
	return i;
}

size_t textwrap_cut(const char *s, size_t cols)
{
	size_t n = textwrap_cp_bytes(s, cols ? cols : 1), sp = n;

	if (s[n] == '\0' || s[n] == ' ')
		return n;
	while (sp > 0 && s[sp] != ' ')
		sp--;
	return sp > n / 2 ? sp : n;
}

const char *textwrap_skip(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}
