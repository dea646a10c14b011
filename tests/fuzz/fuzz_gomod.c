/* libFuzzer target: gomod_parse() on arbitrary bytes must not crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/gomod/gomod.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gomod out;
	char *cause = NULL;

	if (gomod_parse((const char *)data, size, &out, &cause) == 0)
		gomod_free(&out);
	free(cause);
	return 0;
}
