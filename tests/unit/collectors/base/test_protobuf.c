/* Unit tests: protobuf varints, field iteration over every wire type,
 * groups, malformed input, and the encoder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/base/protobuf.h"

static void test_varint_roundtrip(void **state)
{
	static const uint64_t vals[] = {
	    0, 1, 127, 128, 300, 16383, 16384, UINT32_MAX, (uint64_t)1 << 63, UINT64_MAX};
	struct buf b;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(vals); i++) {
		const uint8_t *p;
		uint64_t v = 0;

		buf_init(&b);
		protobuf_put_varint(&b, vals[i]);
		p = (const uint8_t *)b.data;
		assert_int_equal(protobuf_read_varint(&p, p + b.len, &v), 0);
		assert_true(v == vals[i]);
		assert_ptr_equal(p, (const uint8_t *)b.data + b.len);
		buf_free(&b);
	}
	buf_init(&b);
	protobuf_put_varint(&b, 300);
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.data, "\xac\x02", 2);
	buf_free(&b);
}

static void test_varint_bad(void **state)
{
	static const uint8_t trunc[] = {0x80, 0x80};
	static const uint8_t eleven[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					 0xff, 0xff, 0xff, 0xff, 0x01};
	static const uint8_t tenth_big[] = {0xff, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff, 0xff, 0xff, 0x02};
	const uint8_t *p;
	uint64_t v;

	(void)state;
	p = trunc;
	assert_int_equal(protobuf_read_varint(&p, trunc + sizeof trunc, &v), -1);
	assert_ptr_equal(p, trunc); /* not advanced on error */
	p = eleven;
	assert_int_equal(protobuf_read_varint(&p, eleven + sizeof eleven, &v), -1);
	p = tenth_big;
	assert_int_equal(protobuf_read_varint(&p, tenth_big + sizeof tenth_big, &v), -1);
	p = trunc;
	assert_int_equal(protobuf_read_varint(&p, trunc, &v), -1); /* empty */
}

static void test_iter_all_wire_types(void **state)
{
	/* 1: varint 150; 2: "hi"; 3: fixed64; 4: group { 1: varint 5 }; 5: fixed32 */
	static const uint8_t m[] = {0x08, 0x96, 0x01, 0x12, 0x02, 'h',	'i', 0x19, 1,
				    2,	  3,	4,    5,    6,	  7,	8,   0x23, 0x08,
				    0x05, 0x24, 0x2d, 0x78, 0x56, 0x34, 0x12};
	struct protobuf_iter it;
	struct protobuf_field f;

	(void)state;
	protobuf_iter_init(&it, m, sizeof m);
	assert_int_equal(protobuf_next(&it, &f), 1);
	assert_int_equal(f.num, 1);
	assert_int_equal(f.wire, PROTOBUF_VARINT);
	assert_int_equal(f.u, 150);
	assert_int_equal(protobuf_next(&it, &f), 1);
	assert_int_equal(f.num, 2);
	assert_int_equal(f.len, 2);
	assert_memory_equal(f.data, "hi", 2);
	assert_int_equal(protobuf_next(&it, &f), 1);
	assert_int_equal(f.wire, PROTOBUF_I64);
	assert_true(f.u == 0x0807060504030201ULL);
	assert_int_equal(protobuf_next(&it, &f), 1);
	assert_int_equal(f.num, 4);
	assert_int_equal(f.wire, PROTOBUF_SGROUP);
	assert_int_equal(f.len, 2); /* the group's contents, without the end tag */
	assert_memory_equal(f.data, "\x08\x05", 2);
	assert_int_equal(protobuf_next(&it, &f), 1);
	assert_int_equal(f.wire, PROTOBUF_I32);
	assert_int_equal(f.u, 0x12345678);
	assert_int_equal(protobuf_next(&it, &f), 0);
	assert_int_equal(protobuf_next(&it, &f), 0);
}

static void test_iter_malformed(void **state)
{
	static const struct {
		const char *what;
		const char *bytes;
		size_t len;
	} bad[] = {
	    {"length past end",
	     "\x0a\x05"
	     "abc",
	     5},
	    {"huge length", "\x0a\xff\xff\xff\xff\x0f", 6},
	    {"field 0", "\x00\x01", 2},
	    {"wire 6", "\x0e\x01", 2},
	    {"wire 7", "\x0f\x01", 2},
	    {"stray end group", "\x0c", 1},
	    {"group never ends", "\x0b\x08\x01", 3},
	    {"group ends with another number", "\x0b\x08\x01\x14", 4},
	    {"truncated fixed64", "\x09\x01\x02", 3},
	    {"truncated fixed32", "\x0d\x01", 2},
	    {"truncated varint value", "\x08\x80", 2},
	    {"truncated tag", "\x80", 1},
	};
	struct protobuf_iter it;
	struct protobuf_field f;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		int rc;

		protobuf_iter_init(&it, bad[i].bytes, bad[i].len);
		while ((rc = protobuf_next(&it, &f)) == 1)
			;
		if (rc != -1)
			fail_msg("%s: accepted", bad[i].what);
		assert_true(it.error);
		assert_int_equal(protobuf_next(&it, &f), -1); /* sticky */
	}
}

static void test_group_depth_cap(void **state)
{
	struct buf b;
	struct protobuf_iter it;
	struct protobuf_field f;

	(void)state;
	/* 1000 nested groups: must be refused, not recursed into. */
	buf_init(&b);
	for (int i = 0; i < 1000; i++)
		buf_addc(&b, 0x0b);
	for (int i = 0; i < 1000; i++)
		buf_addc(&b, 0x0c);
	protobuf_iter_init(&it, b.data, b.len);
	assert_int_equal(protobuf_next(&it, &f), -1);
	buf_free(&b);
	/* 10 nested groups are fine. */
	buf_init(&b);
	for (int i = 0; i < 10; i++)
		buf_addc(&b, 0x0b);
	for (int i = 0; i < 10; i++)
		buf_addc(&b, 0x0c);
	protobuf_iter_init(&it, b.data, b.len);
	assert_int_equal(protobuf_next(&it, &f), 1);
	assert_int_equal(f.len, 18);
	assert_int_equal(protobuf_next(&it, &f), 0);
	buf_free(&b);
}

static void test_empty_and_null(void **state)
{
	struct protobuf_iter it;
	struct protobuf_field f;

	(void)state;
	protobuf_iter_init(&it, "", 0);
	assert_int_equal(protobuf_next(&it, &f), 0);
	protobuf_iter_init(&it, NULL, 0);
	assert_int_equal(protobuf_next(&it, &f), 0);
}

static void test_encoder(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	protobuf_put_string(&b, 7, ""); /* reflection list_services */
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.data, "\x3a\x00", 2);
	buf_reset(&b);
	protobuf_put_uint(&b, 1, 1); /* health SERVING */
	assert_memory_equal(b.data, "\x08\x01", 2);
	buf_reset(&b);
	protobuf_put_string(&b, 1, "grpc.health.v1.Health");
	assert_int_equal((uint8_t)b.data[0], 0x0a);
	assert_int_equal(b.data[1], 21);
	buf_reset(&b);
	protobuf_put_tag(&b, 536870911, PROTOBUF_LEN); /* the largest field number */
	{
		struct protobuf_iter it;
		struct protobuf_field f;

		protobuf_put_varint(&b, 0);
		protobuf_iter_init(&it, b.data, b.len);
		assert_int_equal(protobuf_next(&it, &f), 1);
		assert_int_equal(f.num, 536870911);
	}
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_varint_roundtrip),
	    cmocka_unit_test(test_varint_bad),
	    cmocka_unit_test(test_iter_all_wire_types),
	    cmocka_unit_test(test_iter_malformed),
	    cmocka_unit_test(test_group_depth_cap),
	    cmocka_unit_test(test_empty_and_null),
	    cmocka_unit_test(test_encoder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
