/* fuzz_memstats.c: libFuzzer target for the MemStats readers: the same
 * bytes as heap?debug=1 text and as /debug/vars JSON. */
#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/runtime/memstats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(struct memstats *m)
{
	cJSON *j = memstats_to_json(m);

	cJSON_Delete(j);
	memstats_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memstats m;
	char *cause = NULL;

	if (memstats_parse_heap((const char *)data, size, &m, &cause) == 0)
		use(&m);
	free(cause);
	cause = NULL;
	if (memstats_parse_expvar((const char *)data, size, &m, &cause) == 0)
		use(&m);
	free(cause);
	return 0;
}
