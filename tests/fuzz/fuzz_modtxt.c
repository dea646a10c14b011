/* libFuzzer target: modtxt_parse() on arbitrary bytes must not crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/gomod/modtxt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct modtxt out;
	char *cause = NULL;

	if (modtxt_parse((const char *)data, size, &out, &cause) == 0)
		modtxt_free(&out);
	free(cause);
	return 0;
}
