/* Unit tests: gRPC framing, reassembly across reads, reflection and health
 * response decoding, grpc-status parsing. The live calls are in
 * tests/it/grpc.sh against a real grpc-go server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/net/grpc.h"
#include "collectors/base/protobuf.h"

/* A ServerReflectionResponse as grpc-go 1.33 sends it, services given. */
static void reflection_response(struct buf *out, const char *const *names, size_t n)
{
	struct buf msg, list, svc;

	buf_init(&msg);
	buf_init(&list);
	buf_init(&svc);
	protobuf_put_string(&msg, 1, "");	    /* valid_host */
	protobuf_put_bytes(&msg, 2, "\x3a\x00", 2); /* original_request */
	for (size_t i = 0; i < n; i++) {
		buf_reset(&svc);
		protobuf_put_string(&svc, 1, names[i]);
		protobuf_put_uint(&svc, 9, 42); /* an unknown field, skipped */
		protobuf_put_bytes(&list, 1, svc.data, svc.len);
	}
	protobuf_put_bytes(&msg, 6, list.data, list.len);
	grpc_frame(out, msg.data, msg.len);
	buf_free(&msg);
	buf_free(&list);
	buf_free(&svc);
}

static void test_frame_and_requests(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	grpc_reflection_list_request(&b);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.data, "\0\0\0\0\x02\x3a\x00", 7);
	buf_reset(&b);
	grpc_health_request(&b, "");
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "\0\0\0\0\0", 5);
	buf_reset(&b);
	grpc_health_request(&b, "demo.v1.Pinger");
	assert_int_equal(b.len, 5 + 16);
	assert_int_equal(b.data[4], 16);
	buf_reset(&b);
	{
		char big[70000];

		memset(big, 'x', sizeof big);
		grpc_frame(&b, big, sizeof big);
		assert_memory_equal(b.data, "\0\0\x01\x11\x70", 5); /* 70000 big-endian */
	}
	buf_free(&b);
}

static void test_reader_split_reads(void **state)
{
	struct buf all;
	struct grpc_reader r;
	const uint8_t *m;
	size_t n;
	int comp, got = 0;

	(void)state;
	buf_init(&all);
	grpc_frame(&all, "one", 3);
	grpc_frame(&all, "", 0);
	grpc_frame(&all, "three", 5);
	grpc_reader_init(&r, 0);
	/* One byte per read: messages straddle every possible boundary. */
	for (size_t i = 0; i < all.len; i++) {
		grpc_reader_feed(&r, all.data + i, 1);
		while (grpc_reader_next(&r, &m, &n, &comp) == 1) {
			got++;
			if (got == 1)
				assert_memory_equal(m, "one", 3);
			if (got == 2)
				assert_int_equal(n, 0);
			if (got == 3)
				assert_memory_equal(m, "three", 5);
			assert_int_equal(comp, 0);
		}
	}
	assert_int_equal(got, 3);
	assert_int_equal(grpc_reader_pending(&r), 0);
	/* Half a message stays pending. */
	grpc_reader_feed(&r,
			 "\0\0\0\0\x09"
			 "abc",
			 8);
	assert_int_equal(grpc_reader_next(&r, &m, &n, &comp), 0);
	assert_int_equal(grpc_reader_pending(&r), 8);
	grpc_reader_free(&r);
	buf_free(&all);
}

static void test_reader_bad_prefix(void **state)
{
	struct grpc_reader r;
	const uint8_t *m;
	size_t n;
	int comp;

	(void)state;
	grpc_reader_init(&r, 1024);
	grpc_reader_feed(&r, "\x02\0\0\0\x01x", 6); /* flag 2 */
	assert_int_equal(grpc_reader_next(&r, &m, &n, &comp), -1);
	grpc_reader_free(&r);
	grpc_reader_init(&r, 1024);
	grpc_reader_feed(&r, "\0\xff\xff\xff\xff", 5); /* 4 GiB claimed */
	assert_int_equal(grpc_reader_next(&r, &m, &n, &comp), -1);
	assert_int_equal(grpc_reader_next(&r, &m, &n, &comp), -1); /* sticky */
	grpc_reader_free(&r);
}

static void test_decode_list(void **state)
{
	static const char *const names[] = {"demo.v1.Pinger", "grpc.health.v1.Health",
					    "grpc.reflection.v1alpha.ServerReflection"};
	struct buf b;
	struct strlist l = {0};
	char *cause = NULL;

	(void)state;
	buf_init(&b);
	reflection_response(&b, names, 3);
	assert_int_equal(grpc_decode_list_services(b.data, b.len, &l, &cause), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0], "demo.v1.Pinger");
	assert_string_equal(l.v[2], "grpc.reflection.v1alpha.ServerReflection");
	strlist_free(&l);
	/* Two messages in one body are both read. */
	reflection_response(&b, names, 1);
	assert_int_equal(grpc_decode_list_services(b.data, b.len, &l, &cause), 0);
	assert_int_equal(l.n, 4);
	strlist_free(&l);
	/* Cut anywhere inside: an error, never a crash or a partial success. */
	for (size_t cut = 1; cut < b.len; cut++) {
		int rc = grpc_decode_list_services(b.data, cut, &l, &cause);

		if (rc == 0) {
			/* Only a cut exactly between the two messages is whole. */
			assert_true(l.n == 3);
		}
		strlist_free(&l);
		free(cause);
		cause = NULL;
	}
	buf_free(&b);
	assert_int_equal(grpc_decode_list_services("", 0, &l, &cause), -1);
	assert_non_null(strstr(cause, "no message"));
	free(cause);
}

static void test_decode_list_error_response(void **state)
{
	struct buf b, msg, err;
	struct strlist l = {0};
	char *cause = NULL;

	(void)state;
	buf_init(&b);
	buf_init(&msg);
	buf_init(&err);
	protobuf_put_uint(&err, 1, 12);
	protobuf_put_string(&err, 2, "not \x1b[31mhere");
	protobuf_put_bytes(&msg, 7, err.data, err.len);
	grpc_frame(&b, msg.data, msg.len);
	assert_int_equal(grpc_decode_list_services(b.data, b.len, &l, &cause), -1);
	assert_non_null(strstr(cause, "reflection error 12 UNIMPLEMENTED"));
	assert_null(strchr(cause, 0x1b)); /* the server's text is sanitised */
	free(cause);
	buf_free(&b);
	buf_free(&msg);
	buf_free(&err);
}

static void test_decode_list_hostile(void **state)
{
	struct buf b;
	struct strlist l = {0};
	char *cause = NULL;

	(void)state;
	/* A compressed message we never asked for. */
	buf_init(&b);
	buf_add(&b, "\x01\0\0\0\x02\x3a\x00", 7);
	assert_int_equal(grpc_decode_list_services(b.data, b.len, &l, &cause), -1);
	assert_non_null(strstr(cause, "compressed"));
	free(cause);
	cause = NULL;
	/* A list_services_response whose inner length lies. */
	buf_reset(&b);
	grpc_frame(&b, "\x32\x05\x0a\x09xx", 6);
	assert_int_equal(grpc_decode_list_services(b.data, b.len, &l, &cause), -1);
	free(cause);
	cause = NULL;
	/* Not gRPC at all (an HTML error page). */
	assert_int_equal(grpc_decode_list_services("<html>", 6, &l, &cause), -1);
	free(cause);
	cause = NULL;
	strlist_free(&l);
	/* More names than the cap. */
	{
		struct buf msg, list;

		buf_init(&msg);
		buf_init(&list);
		for (int i = 0; i < GRPC_MAX_SERVICES + 5; i++)
			protobuf_put_bytes(&list, 1, "\x0a\x01x", 3);
		protobuf_put_bytes(&msg, 6, list.data, list.len);
		buf_reset(&b);
		grpc_frame(&b, msg.data, msg.len);
		assert_int_equal(grpc_decode_list_services(b.data, b.len, &l, &cause), -1);
		assert_int_equal(l.n, GRPC_MAX_SERVICES);
		free(cause);
		strlist_free(&l);
		buf_free(&msg);
		buf_free(&list);
	}
	buf_free(&b);
}

static void test_decode_health(void **state)
{
	enum grpc_health h;
	char *cause = NULL;

	(void)state;
	assert_int_equal(grpc_decode_health("\0\0\0\0\x02\x08\x01", 7, &h, &cause), 0);
	assert_int_equal(h, GRPC_HEALTH_SERVING);
	assert_int_equal(grpc_decode_health("\0\0\0\0\x02\x08\x02", 7, &h, &cause), 0);
	assert_int_equal(h, GRPC_HEALTH_NOT_SERVING);
	/* proto3 drops the zero: an empty message is UNKNOWN. */
	assert_int_equal(grpc_decode_health("\0\0\0\0\0", 5, &h, &cause), 0);
	assert_int_equal(h, GRPC_HEALTH_UNKNOWN);
	/* No message, two messages, a malformed one. */
	assert_int_equal(grpc_decode_health("", 0, &h, &cause), -1);
	assert_int_equal(h, GRPC_HEALTH_NONE);
	free(cause);
	cause = NULL;
	assert_int_equal(grpc_decode_health("\0\0\0\0\0\0\0\0\0\0", 10, &h, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(grpc_decode_health("\0\0\0\0\x01\x08", 6, &h, &cause), -1);
	assert_int_equal(h, GRPC_HEALTH_NONE);
	free(cause);
}

static void test_status(void **state)
{
	struct http_response r;
	char *msg = NULL, *d;

	(void)state;
	memset(&r, 0, sizeof r);
	strlist_add(&r.headers, "content-type: application/grpc");
	assert_int_equal(grpc_status_of(&r, &msg), -1);
	/* Trailers-Only: the status is in the headers. */
	strlist_add(&r.headers, "grpc-status: 12");
	strlist_add(&r.headers,
		    "grpc-message: unknown service grpc.reflection.v1.ServerReflection");
	assert_int_equal(grpc_status_of(&r, &msg), 12);
	assert_string_equal(msg, "unknown service grpc.reflection.v1.ServerReflection");
	free(msg);
	/* Real trailers win over headers. */
	strlist_add(&r.trailers, "grpc-status: 0");
	assert_int_equal(grpc_status_of(&r, &msg), 0);
	free(msg);
	strlist_free(&r.headers);
	strlist_free(&r.trailers);
	strlist_add(&r.trailers, "grpc-status: banana");
	assert_int_equal(grpc_status_of(&r, NULL), -1);
	strlist_free(&r.trailers);
	strlist_add(&r.trailers, "grpc-status: 99999999999999");
	assert_int_equal(grpc_status_of(&r, NULL), -1);
	strlist_free(&r.trailers);

	d = grpc_percent_decode("a%20b%zz%4%");
	assert_string_equal(d, "a b%zz%4%");
	free(d);
	assert_string_equal(grpc_status_name(12), "UNIMPLEMENTED");
	assert_string_equal(grpc_status_name(16), "UNAUTHENTICATED");
	assert_string_equal(grpc_status_name(17), "?");
	assert_string_equal(grpc_status_name(-1), "?");
	assert_string_equal(grpc_health_name(GRPC_HEALTH_SERVING), "SERVING");
}

static void test_probe_refused_and_bad_url(void **state)
{
	struct grpc_probe *p;

	(void)state;
	/* Port 1 on loopback: nothing listens; the probe must end, with why. */
	p = grpc_probe_run("http://127.0.0.1:1", 1000);
	assert_non_null(p);
	assert_non_null(p->error);
	assert_int_equal(p->reflection, GRPC_REFLECTION_NONE);
	assert_int_equal(p->health, GRPC_HEALTH_NONE);
	grpc_probe_free(p);
	p = grpc_probe_run("ftp://x", 1000);
	assert_non_null(p->error);
	grpc_probe_free(p);
	grpc_probe_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_frame_and_requests),
	    cmocka_unit_test(test_reader_split_reads),
	    cmocka_unit_test(test_reader_bad_prefix),
	    cmocka_unit_test(test_decode_list),
	    cmocka_unit_test(test_decode_list_error_response),
	    cmocka_unit_test(test_decode_list_hostile),
	    cmocka_unit_test(test_decode_health),
	    cmocka_unit_test(test_status),
	    cmocka_unit_test(test_probe_refused_and_bad_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
