/* fuzz_gprofile.c: libFuzzer target for the debug=1 goroutine profile. */
#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/runtime/gprofile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gprofile p;
	char *cause = NULL;
	uint64_t sum = 0;
	cJSON *j;

	if (gprofile_parse((const char *)data, size, &p, &cause) != 0) {
		free(cause);
		return 0;
	}
	for (size_t i = 0; i < p.n; i++) {
		sum += p.v[i].count;
		for (size_t k = 0; k < p.v[i].nframes; k++)
			if ((p.v[i].frames[k].func == NULL) != (p.v[i].frames[k].file == NULL))
				abort();
	}
	if (sum != p.sum)
		abort();
	gprofile_count_func(&p, "main.main");
	j = gprofile_to_json(&p, 10);
	cJSON_Delete(j);
	gprofile_free(&p);
	return 0;
}
