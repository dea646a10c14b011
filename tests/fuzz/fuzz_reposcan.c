/* Fuzz target: the repo scanner's per-file analysis (every recogniser and
 * the cross-file resolution) on arbitrary bytes, split into two files so
 * that cross-file lookups run too, then the JSON of the result. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/repo/reposcan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	const char *split = memchr(src, 0, size);
	size_t a = split != NULL ? (size_t)(split - src) : size;
	struct reposcan *s = reposcan_new(NULL, NULL);
	cJSON *j;

	s->module = xstrdup("example.com/fuzz");
	reposcan_source(s, "main.go", src, a);
	if (split != NULL)
		reposcan_source(s, "pkg/b.go", split + 1, size - a - 1);
	reposcan_finish(s);
	j = reposcan_to_json(s);
	cJSON_Delete(j);
	reposcan_free(s);
	return 0;
}
