/* libFuzzer target: gowork_parse() on arbitrary bytes must not crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/gomod/gowork.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gowork out;
	char *cause = NULL;

	if (gowork_parse((const char *)data, size, &out, &cause) == 0)
		gowork_free(&out);
	free(cause);
	return 0;
}
