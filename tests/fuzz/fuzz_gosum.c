/* libFuzzer target: gosum_parse() on arbitrary bytes must not crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/gomod/gosum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gosum out;
	char *cause = NULL;

	if (gosum_parse((const char *)data, size, &out, &cause) == 0)
		gosum_free(&out);
	free(cause);
	return 0;
}
