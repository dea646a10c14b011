/* Fuzz target: the Go lexer terminates on any bytes, never reads outside
 * the buffer, returns tokens in order, and unquoting stays in bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/repo/golex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	struct golex lx;
	struct gotok t;
	size_t count = 0, last = 0;
	char out[256];

	golex_init(&lx, src, size);
	while (golex_next(&lx, &t) != GOTOK_EOF) {
		/* Each call consumes input or emits a zero-length semicolon once. */
		if ((size_t)t.off + t.len > size || t.off < last || ++count > 2 * size + 2)
			abort();
		last = t.off;
		if (t.kind == GOTOK_STRING || t.kind == GOTOK_RAWSTRING) {
			size_t n = 0;

			if (golex_unquote(src, &t, out, sizeof out, &n) == 0 && n >= sizeof out)
				abort();
		}
	}
	return 0;
}
