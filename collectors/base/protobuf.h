/* protobuf.h: just enough of the protobuf wire format for gRPC reflection
 * and health: varints, length-delimited fields, and skipping every other
 * wire type (fixed64, fixed32, and groups, nested up to
 * PROTOBUF_MAX_DEPTH). Bounds-checked; never reads outside [buf, buf+len).
 *
 * Decoding is an iterator over one message's fields; nested messages are
 * decoded by starting a new iterator on a field's bytes. The iterator never
 * allocates and points into the caller's buffer. Encoding appends to a
 * struct buf. */
#ifndef GOTRIAGE_PROTOBUF_H
#define GOTRIAGE_PROTOBUF_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

#define PROTOBUF_MAX_DEPTH 32

enum protobuf_wire {
	PROTOBUF_VARINT = 0,
	PROTOBUF_I64 = 1,
	PROTOBUF_LEN = 2,
	PROTOBUF_SGROUP = 3,
	PROTOBUF_EGROUP = 4,
	PROTOBUF_I32 = 5,
};

struct protobuf_field {
	uint32_t num; /* field number, >= 1 */
	enum protobuf_wire wire;
	uint64_t u;	     /* VARINT, I64, I32 value */
	const uint8_t *data; /* LEN bytes, or a group's contents */
	size_t len;
};

struct protobuf_iter {
	const uint8_t *p, *end;
	int error; /* set when the message is malformed */
};

void protobuf_iter_init(struct protobuf_iter *it, const void *buf, size_t len);
/* Returns 1 with *f filled, 0 at the clean end, -1 when malformed (and
 * it->error set; later calls keep returning -1). */
int protobuf_next(struct protobuf_iter *it, struct protobuf_field *f);

/* Reads one varint (at most 10 bytes) from *p, advancing it. -1 on
 * truncation or overlong encoding. */
int protobuf_read_varint(const uint8_t **p, const uint8_t *end, uint64_t *v);

void protobuf_put_varint(struct buf *b, uint64_t v);
void protobuf_put_tag(struct buf *b, uint32_t num, enum protobuf_wire wire);
void protobuf_put_uint(struct buf *b, uint32_t num, uint64_t v);
void protobuf_put_bytes(struct buf *b, uint32_t num, const void *p, size_t n);
void protobuf_put_string(struct buf *b, uint32_t num, const char *s);

#endif
