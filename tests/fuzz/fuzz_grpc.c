/* libFuzzer target: gRPC response decoders (reflection list, health) and
 * the message reassembler fed in uneven chunks. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/net/grpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist l = {0};
	enum grpc_health h;
	struct grpc_reader r;
	const uint8_t *m;
	size_t n, off = 0, step = 1;
	int comp;
	char *cause = NULL;

	grpc_decode_list_services(data, size, &l, &cause);
	if (l.n > GRPC_MAX_SERVICES)
		abort();
	strlist_free(&l);
	free(cause);
	cause = NULL;
	grpc_decode_health(data, size, &h, &cause);
	free(cause);

	grpc_reader_init(&r, 1 << 16);
	while (off < size) {
		size_t k = size - off < step ? size - off : step;

		grpc_reader_feed(&r, data + off, k);
		off += k;
		step = step * 3 % 17 + 1;
		while (grpc_reader_next(&r, &m, &n, &comp) == 1)
			if (n > (1 << 16))
				abort();
	}
	grpc_reader_free(&r);
	return 0;
}
