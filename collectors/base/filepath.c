/* filepath.c: Go's path/filepath Clean and Rel, and cmd/go's ShortPath,
 * for the slash paths the module files name. */
#include "filepath.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

char *filepath_join(const char *a, const char *b)
{
	if (b[0] == '/')
		return xstrdup(b);
	return xasprintf("%s%s%s", a, (*a && a[strlen(a) - 1] == '/') ? "" : "/", b);
}

char *filepath_clean(const char *p)
{
	char **el = NULL;
	size_t n = 0, cap = 0;
	int abs = p[0] == '/';
	char *dup = xstrdup(p), *save = NULL;
	struct buf b;

	for (char *t = strtok_r(dup, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0 && n > 0 && strcmp(el[n - 1], "..") != 0) {
			n--;
			continue;
		}
		if (strcmp(t, "..") == 0 && abs)
			continue;
		el = xgrow(el, &cap, n + 1, sizeof *el);
		el[n++] = t;
	}
	buf_init(&b);
	if (abs)
		buf_addc(&b, '/');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, '/');
		buf_adds(&b, el[i]);
	}
	if (b.len == 0)
		buf_addc(&b, '.');
	free(el);
	free(dup);
	return buf_steal(&b);
}

char *filepath_rel(const char *base, const char *target)
{
	size_t i = 0, last = 0;
	struct buf b;

	if (strcmp(base, target) == 0)
		return xstrdup(".");
	if (strcmp(base, "/") == 0)
		return xstrdup(target + 1);
	while (base[i] && base[i] == target[i]) {
		if (base[i] == '/')
			last = i;
		i++;
	}
	if (base[i] == '\0' && target[i] == '/')
		last = i;
	else if (base[i] == '/' && target[i] == '\0')
		last = i;
	buf_init(&b);
	for (const char *p = base + last; *p; p++)
		if (*p == '/')
			buf_adds(&b, b.len ? "/.." : "..");
	if (target[last] == '/' && target[last + 1]) {
		if (b.len)
			buf_addc(&b, '/');
		buf_adds(&b, target + last + 1);
	}
	return b.len ? buf_steal(&b) : (buf_free(&b), xstrdup("."));
}

char *filepath_short(const char *cwd, const char *path)
{
	char *rel = filepath_rel(cwd, path);

	if (strlen(rel) < strlen(path) && (strcmp(rel, ".") == 0 || !str_has_prefix(rel, "..")))
		return rel;
	free(rel);
	return xstrdup(path);
}
