/* Fuzz target: paths and go:embed patterns from a repository reaching
 * srctree (collectors/base/srctree.h): srctree_path_ok() must never accept
 * a path that climbs out ("..", absolute, empty element), and
 * srctree_glob_count() over a small in-memory tree (no I/O) must stay
 * bounded and never count more entries than the tree has. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/srctree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed tree: "", "a", "a/b", each holding x.go, .h, b (dir except in a/b). */
static int mem_list(void *impl, const char *rel, struct srctree_ent **e, size_t *n, char **cause)
{
	static const char *const names[] = {"x.go", ".h", "b", "a"};
	int depth = rel[0] == '\0' ? 0 : strchr(rel, '/') == NULL ? 1 : 2;

	(void)impl;
	if (depth > 2)
		return err_set(cause, "no such dir");
	*e = xcalloc(4, sizeof **e);
	*n = depth == 0 ? 4 : 3;
	for (size_t i = 0; i < *n; i++) {
		(*e)[i].name = xstrdup(names[i]);
		(*e)[i].kind = i >= 2 && depth < 2 ? SRCTREE_DIR : SRCTREE_FILE;
	}
	return 0;
}

static int mem_read(void *impl, const char *rel, size_t cap, struct buf *out, int *trunc,
		    char **cause)
{
	(void)impl, (void)rel, (void)cap, (void)out, (void)trunc;
	return err_set(cause, "not read");
}

static enum srctree_kind mem_stat(void *impl, const char *rel, size_t *size)
{
	(void)impl, (void)rel, (void)size;
	return SRCTREE_NONE;
}

static const struct srctree_ops mem_ops = {mem_list, mem_read, mem_stat, NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	struct srctree *t = srctree_new(&mem_ops, NULL, "/mem", "fuzz");
	int n;

	if (srctree_path_ok(s) && s[0] != '\0') {
		if (s[0] == '/' || strstr(s, "//") != NULL || strcmp(s, "..") == 0 ||
		    strncmp(s, "../", 3) == 0 || strstr(s, "/../") != NULL ||
		    (strlen(s) >= 3 && strcmp(s + strlen(s) - 3, "/..") == 0))
			abort();
	}
	n = srctree_glob_count(t, "", s);
	if (n > 12) /* 4 + 3 + 3 + 2 entries at most */
		abort();
	srctree_free(t);
	free(s);
	return 0;
}
