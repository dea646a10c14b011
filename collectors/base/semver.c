/* semver.c: module versions (golang.org/x/mod/semver rules) and Go
 * versions (go/version rules), validated and compared. */
#include "semver.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

struct semver {
	const char *major, *minor, *patch, *pre; /* pre includes '-' */
	size_t lmajor, lminor, lpatch, lpre;
	int short_form;
	int incompatible; /* build is exactly "+incompatible" */
};

static const char *parse_num(const char *s, size_t *len)
{
	const char *p = s;

	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*s == '0' && p - s > 1)
		return NULL;
	*len = (size_t)(p - s);
	return p;
}

static int ident_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '-';
}

/* Parses dot-separated identifiers; numeric ones may not have leading
 * zeros when `pre` is set. Returns the end or NULL. */
static const char *parse_idents(const char *p, int pre)
{
	for (;;) {
		const char *s = p;
		int num = 1;

		while (ident_char(*p)) {
			if (*p < '0' || *p > '9')
				num = 0;
			p++;
		}
		if (p == s)
			return NULL;
		if (pre && num && *s == '0' && p - s > 1)
			return NULL;
		if (*p != '.')
			return p;
		p++;
	}
}

static int semver_parse(const char *v, struct semver *sv)
{
	const char *p, *q;

	memset(sv, 0, sizeof *sv);
	if (v == NULL || v[0] != 'v')
		return 0;
	sv->major = v + 1;
	if ((p = parse_num(sv->major, &sv->lmajor)) == NULL)
		return 0;
	if (*p == '\0') {
		sv->short_form = 1;
		return 1;
	}
	if (*p != '.')
		return 0;
	sv->minor = p + 1;
	if ((p = parse_num(sv->minor, &sv->lminor)) == NULL)
		return 0;
	if (*p == '\0') {
		sv->short_form = 1;
		return 1;
	}
	if (*p != '.')
		return 0;
	sv->patch = p + 1;
	if ((p = parse_num(sv->patch, &sv->lpatch)) == NULL)
		return 0;
	if (*p == '-') {
		sv->pre = p;
		if ((q = parse_idents(p + 1, 1)) == NULL)
			return 0;
		sv->lpre = (size_t)(q - p);
		p = q;
	}
	if (*p == '+') {
		if ((q = parse_idents(p + 1, 0)) == NULL)
			return 0;
		sv->incompatible = strcmp(p, "+incompatible") == 0;
		p = q;
	}
	return *p == '\0';
}

int semver_valid(const char *v)
{
	struct semver sv;

	return semver_parse(v, &sv);
}

char *semver_canonical(const char *v)
{
	struct semver sv;

	if (!semver_parse(v, &sv))
		return NULL;
	return xasprintf("v%.*s.%.*s.%.*s%.*s%s", (int)sv.lmajor, sv.major,
			 sv.minor ? (int)sv.lminor : 1, sv.minor ? sv.minor : "0",
			 sv.patch ? (int)sv.lpatch : 1, sv.patch ? sv.patch : "0", (int)sv.lpre,
			 sv.pre ? sv.pre : "", sv.incompatible ? "+incompatible" : "");
}

static int cmp_num(const char *a, size_t la, const char *b, size_t lb)
{
	if (la != lb)
		return la < lb ? -1 : 1;
	int c = memcmp(a, b, la);

	return c < 0 ? -1 : c > 0;
}

static int cmp_pre(const char *a, size_t la, const char *b, size_t lb)
{
	if (la == 0 || lb == 0)
		return la == lb ? 0 : la == 0 ? 1 : -1; /* no prerelease sorts last */
	a++, la--, b++, lb--;
	while (la > 0 && lb > 0) {
		size_t ea = 0, eb = 0;
		int na = 1, nb = 1, c;

		while (ea < la && a[ea] != '.')
			na &= a[ea] >= '0' && a[ea] <= '9', ea++;
		while (eb < lb && b[eb] != '.')
			nb &= b[eb] >= '0' && b[eb] <= '9', eb++;
		if (na && nb)
			c = cmp_num(a, ea, b, eb);
		else if (na != nb)
			c = na ? -1 : 1;
		else {
			size_t m = ea < eb ? ea : eb;

			c = memcmp(a, b, m);
			c = c ? (c < 0 ? -1 : 1) : ea == eb ? 0 : ea < eb ? -1 : 1;
		}
		if (c)
			return c;
		a += ea, la -= ea, b += eb, lb -= eb;
		if (la)
			a++, la--;
		if (lb)
			b++, lb--;
	}
	return la == lb ? 0 : la == 0 ? -1 : 1;
}

int semver_compare(const char *a, const char *b)
{
	struct semver x, y;
	int vx = semver_parse(a, &x), vy = semver_parse(b, &y), c;

	if (!vx || !vy)
		return vx == vy ? 0 : vx ? 1 : -1;
	if ((c = cmp_num(x.major, x.lmajor, y.major, y.lmajor)) != 0)
		return c;
	if ((c = cmp_num(x.minor ? x.minor : "0", x.minor ? x.lminor : 1, y.minor ? y.minor : "0",
			 y.minor ? y.lminor : 1)) != 0)
		return c;
	if ((c = cmp_num(x.patch ? x.patch : "0", x.patch ? x.lpatch : 1, y.patch ? y.patch : "0",
			 y.patch ? y.lpatch : 1)) != 0)
		return c;
	return cmp_pre(x.pre, x.lpre, y.pre, y.lpre);
}

/* ---- Go versions ---- */

struct gover {
	long major, minor, patch; /* patch -1: a language version like "1.21" */
	int kind;		  /* 0 alpha, 1 beta, 2 rc, 3 release */
	long pre;
};

static int gover_parse(const char *s, struct gover *g)
{
	char *e;

	memset(g, 0, sizeof *g);
	g->patch = -1;
	g->kind = 3;
	if (s == NULL || *s < '1' || *s > '9')
		return 0;
	g->major = strtol(s, &e, 10);
	if (*e != '.')
		return *e == '\0' ? 1 : 0;
	s = e + 1;
	if (*s < '0' || *s > '9' || (*s == '0' && s[1] >= '0' && s[1] <= '9'))
		return 0;
	g->minor = strtol(s, &e, 10);
	if (*e == '.') {
		s = e + 1;
		if (*s < '0' || *s > '9' || (*s == '0' && s[1] >= '0' && s[1] <= '9'))
			return 0;
		g->patch = strtol(s, &e, 10);
	}
	if (*e == '\0')
		return 1;
	if (str_has_prefix(e, "alpha"))
		g->kind = 0, e += 5;
	else if (str_has_prefix(e, "beta"))
		g->kind = 1, e += 4;
	else if (str_has_prefix(e, "rc"))
		g->kind = 2, e += 2;
	else
		return 0;
	if (*e < '1' || *e > '9')
		return 0;
	g->pre = strtol(e, &e, 10);
	return *e == '\0';
}

int semver_go_valid(const char *v)
{
	struct gover g;
	const char *p = v;
	int dots = 0;

	if (!gover_parse(v, &g))
		return 0;
	for (; *p; p++)
		dots += *p == '.';
	if (dots == 0)
		return 0; /* "1" alone does not match GoVersionRE */
	/* GoVersionRE allows any [a-z]+[0-9]+ suffix; ours knows the real ones. */
	return 1;
}

int semver_go_compare(const char *a, const char *b)
{
	struct gover x, y;
	int vx = gover_parse(a, &x), vy = gover_parse(b, &y);

	if (!vx || !vy)
		return vx == vy ? 0 : vx ? 1 : -1;
#define CMP(f)                                                                                     \
	if (x.f != y.f)                                                                            \
	return x.f < y.f ? -1 : 1
	CMP(major);
	CMP(minor);
	/* 1.21 < 1.21rc1 < 1.21.0 < 1.21.1 */
	int rx = x.patch >= 0 ? 2 : x.kind < 3 ? 1 : 0;
	int ry = y.patch >= 0 ? 2 : y.kind < 3 ? 1 : 0;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	CMP(patch);
	CMP(kind);
	CMP(pre);
#undef CMP
	return 0;
}
