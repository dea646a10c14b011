/* fuzz_modzip.c: libFuzzer target for module zips and .ziphash files from
 * GOMODCACHE (another user's cache, a corrupt download): the first byte
 * picks modhash_h1_zip() (libzip, Go's dirhash) or modhash_read_ziphash();
 * the rest is the file, written to a memfd opened by path. A result must
 * be an "h1:" hash; a failure must say why. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "collectors/gomod/modhash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], *cause = NULL, *h1 = NULL;
	int fd, rc;

	if (size < 1)
		return 0;
	fd = memfd_create("fuzz-modzip", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (data[0] & 1)
		rc = modhash_read_ziphash(path, &h1, &cause);
	else
		rc = modhash_h1_zip(path, &h1, &cause);
	if (rc == 0 && (h1 == NULL || strncmp(h1, "h1:", 3) != 0))
		abort();
	if (rc != 0 && cause == NULL)
		abort();
	free(h1);
	free(cause);
	close(fd);
	return 0;
}
