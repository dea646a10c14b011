/* Fuzz target: the sanitiser must never emit a control character (C0,
 * C1, bidi controls, separators) nor invalid UTF-8, whatever it is fed,
 * and redaction must terminate. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The output is valid UTF-8 (ASCII in ASCII mode) holding no C0, DEL, C1,
 * bidi embedding/override/isolate control, line/paragraph separator or
 * BOM: nothing a terminal would act on or that reorders what is read. */
static void check_output(const struct buf *b, int ascii)
{
	const unsigned char *p = (const unsigned char *)b->data;
	size_t i = 0;

	while (i < b->len) {
		unsigned c = p[i], cp;
		size_t n;

		if (c < 0x80) {
			cp = c;
			n = 1;
		} else if ((c & 0xe0) == 0xc0) {
			cp = c & 0x1f;
			n = 2;
		} else if ((c & 0xf0) == 0xe0) {
			cp = c & 0x0f;
			n = 3;
		} else if ((c & 0xf8) == 0xf0) {
			cp = c & 0x07;
			n = 4;
		} else {
			abort(); /* not a lead byte */
		}
		if (ascii && n > 1)
			abort();
		if (i + n > b->len)
			abort();
		for (size_t k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				abort();
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			abort();
		if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff)
			abort();
		i += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b;
	char *s, *r;

	buf_init(&b);
	sanitize_append(&b, (const char *)data, size, size & 1);
	check_output(&b, size & 1);
	s = xstrndup((const char *)data, strnlen((const char *)data, size));
	r = redact_text(s);
	free(r);
	free(s);
	buf_free(&b);
	return 0;
}
