/* protobuf.c: the protobuf wire format, bounds-checked (see protobuf.h). */
#include "protobuf.h"

#include <string.h>

int protobuf_read_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t x = 0;
	const uint8_t *q = *p;

	for (int shift = 0; shift < 64; shift += 7) {
		uint8_t byte;

		if (q >= end)
			return -1;
		byte = *q++;
		/* The tenth byte may only carry the top bit of a uint64. */
		if (shift == 63 && byte > 1)
			return -1;
		x |= (uint64_t)(byte & 0x7f) << shift;
		if ((byte & 0x80) == 0) {
			*p = q;
			*v = x;
			return 0;
		}
	}
	return -1;
}

void protobuf_iter_init(struct protobuf_iter *it, const void *buf, size_t len)
{
	it->p = buf;
	it->end = buf != NULL ? it->p + len : NULL;
	it->error = 0;
}

static int read_tag(const uint8_t **p, const uint8_t *end, uint32_t *num, int *wire)
{
	uint64_t t;

	if (protobuf_read_varint(p, end, &t) < 0)
		return -1;
	*wire = (int)(t & 7);
	t >>= 3;
	if (t == 0 || t > 0x1fffffff || *wire == 6 || *wire == 7)
		return -1;
	*num = (uint32_t)t;
	return 0;
}

static int skip_value(const uint8_t **p, const uint8_t *end, uint32_t num, int wire, int depth);

/* Skips a group's fields up to and including its end tag; *body_end (may
 * be NULL) gets where that tag starts. */
static int skip_group(const uint8_t **p, const uint8_t *end, uint32_t num, int depth,
		      const uint8_t **body_end)
{
	if (depth >= PROTOBUF_MAX_DEPTH)
		return -1;
	for (;;) {
		const uint8_t *tag = *p;
		uint32_t n;
		int w;

		if (read_tag(p, end, &n, &w) < 0)
			return -1;
		if (w == PROTOBUF_EGROUP) {
			if (body_end != NULL)
				*body_end = tag;
			return n == num ? 0 : -1;
		}
		if (skip_value(p, end, n, w, depth + 1) < 0)
			return -1;
	}
}

/* Skips one value of `wire` at *p; for a group, up to and including its
 * matching end tag. */
static int skip_value(const uint8_t **p, const uint8_t *end, uint32_t num, int wire, int depth)
{
	uint64_t v;

	switch (wire) {
	case PROTOBUF_VARINT:
		return protobuf_read_varint(p, end, &v);
	case PROTOBUF_I64:
		if (end - *p < 8)
			return -1;
		*p += 8;
		return 0;
	case PROTOBUF_I32:
		if (end - *p < 4)
			return -1;
		*p += 4;
		return 0;
	case PROTOBUF_LEN:
		if (protobuf_read_varint(p, end, &v) < 0 || v > (uint64_t)(end - *p))
			return -1;
		*p += v;
		return 0;
	case PROTOBUF_SGROUP:
		return skip_group(p, end, num, depth, NULL);
	default:
		return -1; /* a stray end-group */
	}
}

int protobuf_next(struct protobuf_iter *it, struct protobuf_field *f)
{
	const uint8_t *p = it->p, *start;
	uint64_t v;
	int wire;

	if (it->error)
		return -1;
	if (p == NULL || p >= it->end)
		return 0;
	memset(f, 0, sizeof *f);
	if (read_tag(&p, it->end, &f->num, &wire) < 0)
		goto bad;
	f->wire = (enum protobuf_wire)wire;
	start = p;
	switch (wire) {
	case PROTOBUF_VARINT:
		if (protobuf_read_varint(&p, it->end, &f->u) < 0)
			goto bad;
		break;
	case PROTOBUF_I64:
	case PROTOBUF_I32: {
		int n = wire == PROTOBUF_I64 ? 8 : 4;

		if (it->end - p < n)
			goto bad;
		for (int i = n - 1; i >= 0; i--)
			f->u = f->u << 8 | p[i]; /* little-endian */
		p += n;
		break;
	}
	case PROTOBUF_LEN:
		if (protobuf_read_varint(&p, it->end, &v) < 0 || v > (uint64_t)(it->end - p))
			goto bad;
		f->data = p;
		f->len = (size_t)v;
		p += v;
		break;
	case PROTOBUF_SGROUP: {
		const uint8_t *body_end = start;

		if (skip_group(&p, it->end, f->num, 0, &body_end) < 0)
			goto bad;
		f->data = start;
		f->len = (size_t)(body_end - start);
		break;
	}
	default:
		goto bad;
	}
	it->p = p;
	return 1;
bad:
	it->error = 1;
	return -1;
}

void protobuf_put_varint(struct buf *b, uint64_t v)
{
	uint8_t tmp[10];
	size_t n = 0;

	do {
		tmp[n] = (uint8_t)(v & 0x7f);
		v >>= 7;
		if (v != 0)
			tmp[n] |= 0x80;
		n++;
	} while (v != 0);
	buf_add(b, tmp, n);
}

void protobuf_put_tag(struct buf *b, uint32_t num, enum protobuf_wire wire)
{
	protobuf_put_varint(b, (uint64_t)num << 3 | (unsigned)wire);
}

void protobuf_put_uint(struct buf *b, uint32_t num, uint64_t v)
{
	protobuf_put_tag(b, num, PROTOBUF_VARINT);
	protobuf_put_varint(b, v);
}

void protobuf_put_bytes(struct buf *b, uint32_t num, const void *p, size_t n)
{
	protobuf_put_tag(b, num, PROTOBUF_LEN);
	protobuf_put_varint(b, n);
	if (n > 0)
		buf_add(b, p, n);
}

void protobuf_put_string(struct buf *b, uint32_t num, const char *s)
{
	protobuf_put_bytes(b, num, s, strlen(s));
}
