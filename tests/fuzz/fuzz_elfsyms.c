/* fuzz_elfsyms.c: libFuzzer target for the dynamic-symbol reader (Go
 * plugins' exports): raw bytes as an ELF file through libelf and
 * elfsyms_load_dynamic(). The bytes go to a memfd read through
 * /proc/self/fd, the way the reader opens a path. ASan catches any read
 * outside what libelf hands back; every name must be a C string we own. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "collectors/elf/elfsyms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist syms = {0};
	char path[64], *cause = NULL;
	int fd = memfd_create("fuzz-elfsyms", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if (elfsyms_load_dynamic(path, &syms, &cause) == 0) {
			if (syms.n > ELFSYMS_MAX_SYMBOLS)
				abort();
			for (size_t i = 0; i < syms.n; i++)
				if (strlen(syms.v[i]) > size)
					abort(); /* a name longer than the file */
			(void)elfsyms_has_go_symbol(&syms, "main.Greet");
		} else if (cause == NULL) {
			abort();
		}
	}
	strlist_free(&syms);
	free(cause);
	close(fd);
	return 0;
}
