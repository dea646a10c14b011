/* Fuzz target: the sanitiser must never emit a control byte, whatever it
 * is fed, and redaction must terminate. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b;
	char *s, *r;

	buf_init(&b);
	sanitize_append(&b, (const char *)data, size, size & 1);
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.data[i];

		if (c < 0x20 || c == 0x7f)
			abort();
	}
	s = xstrndup((const char *)data, strnlen((const char *)data, size));
	r = redact_text(s);
	free(r);
	free(s);
	buf_free(&b);
	return 0;
}
