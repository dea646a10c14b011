/* fuzz_gobinary.c: libFuzzer target for the Go-program test: raw bytes as
 * an ELF file through every sign gobinary_detect_image() looks at. ASan
 * catches any read outside the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/elf/elfimage.h"
#include "collectors/elf/gobinary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elfimage *img = NULL;
	char *cause = NULL, *sign = NULL;

	if (elfimage_open_mem(data, size, "fuzz", &img, &cause) != 0) {
		free(cause);
		return 0;
	}
	gobinary_detect_image(img, &sign);
	free(sign);
	elfimage_close(img);
	return 0;
}
