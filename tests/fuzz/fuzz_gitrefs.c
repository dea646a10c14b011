/* libFuzzer target: HEAD / loose ref, .git file, commondir and packed-refs
 * parsers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/git/gitrefs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char hash[GITREFS_HASH_MAX + 1], *ref = NULL, *dir = NULL, *cause = NULL;

	if (gitrefs_parse_head(s, size, &ref, hash, &cause) == 0 && ref == NULL &&
	    strlen(hash) != 40 && strlen(hash) != 64)
		abort();
	free(ref);
	free(cause);
	cause = NULL;
	gitrefs_parse_gitfile(s, size, &dir, &cause);
	free(dir);
	free(cause);
	cause = NULL;
	dir = NULL;
	gitrefs_parse_commondir(s, size, &dir, &cause);
	free(dir);
	free(cause);
	cause = NULL;
	if (gitrefs_parse_packed(s, size, "refs/heads/main", hash, &cause) == 1 &&
	    !gitrefs_is_hash(hash, strlen(hash)))
		abort();
	free(cause);
	return 0;
}
