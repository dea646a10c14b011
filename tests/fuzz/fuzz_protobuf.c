/* libFuzzer target: the protobuf field iterator, descending into every
 * length-delimited field as if it were a message. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/base/protobuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const uint8_t *p, size_t n, int depth)
{
	struct protobuf_iter it;
	struct protobuf_field f;

	protobuf_iter_init(&it, p, n);
	while (protobuf_next(&it, &f) == 1) {
		if (f.data != NULL && (f.data < p || f.data + f.len > p + n))
			abort(); /* a field must lie inside its message */
		if ((f.wire == PROTOBUF_LEN || f.wire == PROTOBUF_SGROUP) && depth < 8)
			walk(f.data, f.len, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	walk(data, size, 0);
	return 0;
}
