/* Fuzz target: keymap files (user-supplied text). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "tui/frame/keymap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keymap km = {0};
	char *cause = NULL;

	keymap_parse(&km, (const char *)data, size, "fuzz", &cause);
	free(cause);
	keymap_free(&km);
	return 0;
}
