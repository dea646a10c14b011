/* Unit tests for the HTTP client against a real loopback server (forked). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "collectors/net/http.h"

enum mode {
	SERVE_TEXT,
	SERVE_BIG,
	SERVE_SILENT,
	SERVE_GZIP,
	SERVE_BOMB,	  /* gzip: 4 MiB of newlines in a few KB */
	SERVE_DRIP,	  /* headers, then a byte a second */
	SERVE_REDIR_SAME, /* 302 to /final on the same origin */
	SERVE_REDIR_AWAY, /* 302 to another port */
	SERVE_HEADERS,	  /* 100000 header lines, then a body */
	SERVE_PADDED,	  /* gzip: 8 MiB of empty deflate blocks, then 27 bytes */
};

/* A gzip body of n bytes of newlines. */
static unsigned char *gzip_newlines(size_t n, size_t *outlen)
{
	static unsigned char in[65536];
	size_t cap = n / 100 + 65536;
	unsigned char *z = malloc(cap);
	z_stream s;

	memset(in, '\n', sizeof in);
	memset(&s, 0, sizeof s);
	deflateInit2(&s, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	s.next_out = z;
	s.avail_out = (unsigned)cap;
	for (size_t done = 0; done < n; done += sizeof in) {
		s.next_in = in;
		s.avail_in = sizeof in;
		deflate(&s, done + sizeof in >= n ? Z_FINISH : Z_NO_FLUSH);
	}
	*outlen = s.total_out;
	deflateEnd(&s);
	return z;
}

/* A gzip member that inflates to 27 bytes after `padding` bytes of empty
 * stored blocks (RFC 1951 3.2.4: BTYPE 00, LEN 0): every wire byte before
 * the last block decodes to nothing, so only the wire count can stop it. */
static void serve_padded(int fd, size_t padding)
{
	static const unsigned char head[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
	static const unsigned char empty[5] = {0x00, 0x00, 0x00, 0xff, 0xff};
	const char *plain = "goroutine profile: total 3\n";
	size_t pl = strlen(plain), total = sizeof head + padding + 5 + pl + 8;
	unsigned char chunk[5 * 8192], tail[5 + 64 + 8];
	unsigned long crc = crc32(0L, (const unsigned char *)plain, (unsigned)pl);
	char hdr[256];

	snprintf(hdr, sizeof hdr,
		 "HTTP/1.0 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %zu\r\n\r\n", total);
	for (size_t i = 0; i < sizeof chunk; i += 5)
		memcpy(chunk + i, empty, 5);
	if (send(fd, hdr, strlen(hdr), MSG_NOSIGNAL) < 0 ||
	    send(fd, head, sizeof head, MSG_NOSIGNAL) < 0)
		return;
	for (size_t sent = 0; sent < padding; sent += sizeof chunk)
		if (send(fd, chunk, sizeof chunk, MSG_NOSIGNAL) < 0)
			return;
	/* The final block: BFINAL 1, stored, LEN and ~LEN, the bytes, then
	 * the member's CRC-32 and ISIZE, little-endian. */
	tail[0] = 0x01;
	tail[1] = (unsigned char)pl, tail[2] = 0;
	tail[3] = (unsigned char)~pl, tail[4] = 0xff;
	memcpy(tail + 5, plain, pl);
	for (int i = 0; i < 4; i++) {
		tail[5 + pl + i] = (unsigned char)(crc >> (8 * i));
		tail[5 + pl + 4 + i] = (unsigned char)(pl >> (8 * i));
	}
	(void)!send(fd, tail, 5 + pl + 8, MSG_NOSIGNAL);
}

static void serve_hostile(int fd, const char *req, enum mode mode)
{
	char hdr[256];

	if (mode == SERVE_PADDED) {
		serve_padded(fd, 8 * MIB);
	} else if (mode == SERVE_BOMB) {
		size_t zl;
		unsigned char *z = gzip_newlines(4 * MIB, &zl);

		snprintf(hdr, sizeof hdr,
			 "HTTP/1.0 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %zu\r\n\r\n",
			 zl);
		(void)!write(fd, hdr, strlen(hdr));
		(void)!write(fd, z, zl);
		free(z);
	} else if (mode == SERVE_DRIP) {
		const char *h = "HTTP/1.0 200 OK\r\n\r\n";

		(void)!write(fd, h, strlen(h));
		for (int i = 0; i < 30; i++) {
			if (write(fd, "g", 1) < 0)
				break;
			sleep(1);
		}
	} else if (mode == SERVE_HEADERS) {
		const char *h = "HTTP/1.0 200 OK\r\n";

		(void)!write(fd, h, strlen(h));
		for (int i = 0; i < 100000; i++) {
			snprintf(hdr, sizeof hdr, "X-Flood-%d: %0100d\r\n", i, i);
			if (write(fd, hdr, strlen(hdr)) < 0)
				break;
		}
		(void)!write(fd, "\r\nbody", 6);
	} else if (strstr(req, "GET /final") != NULL) {
		const char *r = "HTTP/1.0 200 OK\r\n\r\nfinal";

		(void)!write(fd, r, strlen(r));
	} else {
		snprintf(hdr, sizeof hdr,
			 "HTTP/1.0 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n",
			 mode == SERVE_REDIR_SAME ? "/final" : "http://127.0.0.1:1/final");
		(void)!write(fd, hdr, strlen(hdr));
	}
}

static pid_t server_pid;
static int server_port;

/* A one-purpose HTTP/1.0 server: answers each connection per `mode`. */
static void serve(int ls, enum mode mode)
{
	for (;;) {
		int fd = accept(ls, NULL, NULL);
		char req[4096];

		if (fd < 0)
			_exit(0);
		if (read(fd, req, sizeof req) <= 0) {
			close(fd);
			continue;
		}
		if (mode >= SERVE_BOMB) {
			serve_hostile(fd, req, mode);
		} else if (mode == SERVE_SILENT) {
			sleep(30); /* accepts, never answers */
		} else if (mode == SERVE_TEXT) {
			const char *r = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
					"X-Trace-ID: abc\r\n\r\nhello pprof";
			(void)!write(fd, r, strlen(r));
		} else if (mode == SERVE_BIG) {
			const char *h = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n";
			char chunk[4096];

			memset(chunk, 'x', sizeof chunk);
			(void)!write(fd, h, strlen(h));
			for (int i = 0; i < 64; i++)
				if (write(fd, chunk, sizeof chunk) < 0)
					break;
		} else {
			const char *plain = "goroutine profile: total 3\n";
			unsigned char z[256];
			z_stream s;
			char hdr[256];

			memset(&s, 0, sizeof s);
			deflateInit2(&s, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
			s.next_in = (unsigned char *)plain;
			s.avail_in = (unsigned)strlen(plain);
			s.next_out = z;
			s.avail_out = sizeof z;
			deflate(&s, Z_FINISH);
			snprintf(hdr, sizeof hdr,
				 "HTTP/1.0 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
				 "%lu\r\n\r\n",
				 s.total_out);
			(void)!write(fd, hdr, strlen(hdr));
			(void)!write(fd, z, s.total_out);
			deflateEnd(&s);
		}
		close(fd);
	}
}

static void start_server(enum mode mode)
{
	struct sockaddr_in a;
	socklen_t al = sizeof a;
	int ls = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(ls, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(ls, 8), 0);
	getsockname(ls, (struct sockaddr *)&a, &al);
	server_port = ntohs(a.sin_port);
	server_pid = fork();
	if (server_pid == 0) {
		/* Dies with the test: a failed assertion skips stop_server(). */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		serve(ls, mode);
	}
	close(ls);
}

static void stop_server(void)
{
	kill(server_pid, SIGKILL);
	waitpid(server_pid, NULL, 0);
}

static struct http_response *get(size_t cap, long timeout_ms)
{
	char url[64];
	struct http_request rq = {0};

	snprintf(url, sizeof url, "http://127.0.0.1:%d/debug/pprof/", server_port);
	rq.url = url;
	rq.max_bytes = cap;
	rq.timeout_ms = timeout_ms;
	return http_run_sync(&rq);
}

static void test_get_text(void **state)
{
	struct http_response *r;

	(void)state;
	start_server(SERVE_TEXT);
	r = get(0, 3000);
	assert_null(r->error);
	assert_int_equal(r->status, 200);
	assert_string_equal(r->body.data, "hello pprof");
	assert_string_equal(r->content_type, "text/plain");
	assert_string_equal(http_header(r, "x-trace-id"), "abc");
	assert_null(http_header(r, "X-Missing"));
	http_response_free(r);
	stop_server();
}

static void test_cap_truncates(void **state)
{
	struct http_response *r;

	(void)state;
	start_server(SERVE_BIG);
	r = get(10000, 3000);
	assert_null(r->error);
	assert_int_equal(r->truncated, 1);
	assert_int_equal(r->body.len, 10000);
	http_response_free(r);
	stop_server();
}

static void test_silent_server_times_out(void **state)
{
	struct http_response *r;
	double t0 = now_mono();

	(void)state;
	start_server(SERVE_SILENT);
	r = get(0, 500);
	assert_non_null(r->error);
	assert_int_equal(r->status, 0);
	assert_true(now_mono() - t0 < 3.0);
	http_response_free(r);
	stop_server();
}

static void test_gzip_decoded(void **state)
{
	struct http_response *r;

	(void)state;
	start_server(SERVE_GZIP);
	r = get(0, 3000);
	assert_null(r->error);
	assert_string_equal(r->body.data, "goroutine profile: total 3\n");
	http_response_free(r);
	stop_server();
}

/* A gzip bomb meets the decoded cap after a few KB of wire, is marked cut,
 * and http_problem says so. */
static void test_gzip_bomb_cut(void **state)
{
	struct http_response *r;
	char *why;

	(void)state;
	start_server(SERVE_BOMB);
	r = get(64 * 1024, 3000);
	assert_null(r->error);
	assert_int_equal(r->truncated, 1);
	assert_int_equal(r->cut_on_wire, 0);
	assert_int_equal(r->body.len, 64 * 1024);
	assert_true(r->body.cap <= 64 * 1024 + 1);
	assert_true(r->wire_bytes < 64 * 1024);
	why = http_problem(r);
	assert_non_null(why);
	assert_non_null(strstr(why, "cut at the 64 KiB cap"));
	free(why);
	http_response_free(r);
	stop_server();
}

/* The wire cap holds even when the decoded cap is larger. */
static void test_wire_cap(void **state)
{
	struct http_request rq = {0};
	struct http_response *r;
	char url[64];

	(void)state;
	start_server(SERVE_BIG);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", server_port);
	rq.url = url;
	rq.max_bytes = MIB;
	rq.max_wire_bytes = 20000;
	r = http_run_sync(&rq);
	assert_null(r->error);
	assert_int_equal(r->truncated, 1);
	assert_int_equal(r->cut_on_wire, 1);
	assert_true(r->body.len <= 20000 + 2 * 16384);
	http_response_free(r);
	stop_server();
}

/* The wire cap must stop a gzip answer whose wire bytes decode to nothing:
 * 8 MiB of empty deflate blocks before a 27-byte body never reach the
 * decoded cap (nor the body callback), so only the wire count can cut it.
 * Without it the whole 8 MiB is read (and a server that pads for ever is
 * read until the timeout). */
static void test_wire_cap_padded_gzip(void **state)
{
	struct http_response *r;
	char *why;

	(void)state;
	start_server(SERVE_PADDED);
	r = get(64 * 1024, 10000); /* the default wire cap: 64 KiB + 64 KiB */
	assert_null(r->error);
	assert_int_equal(r->truncated, 1);
	assert_int_equal(r->cut_on_wire, 1);
	assert_int_equal(r->body.len, 0);
	/* libcurl checks progress between bursts of up to 100 socket reads
	 * (16 KiB each), so on loopback the cut lands up to ~1.6 MiB late
	 * (1.5 MiB seen here); without the wire cap all 8 MiB are read. */
	if (r->wire_bytes > 3 * MIB)
		fail_msg("read %zu wire bytes past a 128 KiB wire cap", r->wire_bytes);
	why = http_problem(r);
	assert_non_null(strstr(why, "on the wire (the cap)"));
	free(why);
	http_response_free(r);
	stop_server();
}

/* A body that drips is given up after the low-speed window, well before
 * the total timeout. */
static void test_drip_low_speed(void **state)
{
	struct http_limits l = *http_limits_get(), saved = l;
	struct http_response *r;
	double t0 = now_mono();

	(void)state;
	l.low_speed_ms = 2000;
	http_limits_set(&l);
	start_server(SERVE_DRIP);
	r = get(0, 20000);
	assert_non_null(r->error);
	assert_int_equal(r->slow, 1);
	assert_non_null(strstr(r->error, "stalled"));
	assert_true(now_mono() - t0 < 6.0);
	http_response_free(r);
	stop_server();
	http_limits_set(&saved);
}

static void test_redirect_not_followed(void **state)
{
	struct http_response *r;
	char *why;

	(void)state;
	start_server(SERVE_REDIR_SAME);
	r = get(0, 3000);
	assert_null(r->error);
	assert_int_equal(r->status, 302);
	assert_non_null(r->redirect_to);
	assert_non_null(strstr(r->redirect_to, "/final"));
	why = http_problem(r);
	assert_non_null(strstr(why, "not followed"));
	free(why);
	http_response_free(r);
	stop_server();
}

/* A server that sends headers for ever: the response keeps at most the
 * caps, and the fetch ends with an error that says why. */
static void test_header_flood_capped(void **state)
{
	struct http_response *r;

	(void)state;
	start_server(SERVE_HEADERS);
	r = get(0, 5000);
	assert_true(r->headers.n <= HTTP_MAX_HEADER_LINES);
	assert_true(r->header_bytes <= HTTP_MAX_HEADER_BYTES);
	assert_non_null(r->error);
	assert_non_null(strstr(r->error, "header lines"));
	http_response_free(r);
	stop_server();
}

/* The line feeder itself: a status line starts over, the caps hold. */
static void test_header_lines(void **state)
{
	struct http_response r;
	char line[64];

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(http_header_line(&r, "X-A: 1\r\n", 8, 0), 0);
	assert_int_equal(http_header_line(&r, "HTTP/1.1 200 OK\r\n", 17, 0), 0);
	assert_int_equal(r.headers.n, 0);
	for (int i = 0; i < HTTP_MAX_HEADER_LINES; i++) {
		snprintf(line, sizeof line, "X-%d: v\r\n", i);
		assert_int_equal(http_header_line(&r, line, strlen(line), 0), 0);
	}
	assert_int_equal(http_header_line(&r, "X-Over: v\r\n", 11, 0), -1);
	assert_int_equal(r.headers.n, HTTP_MAX_HEADER_LINES);
	assert_int_equal(http_header_line(&r, "grpc-status: 0\r\n", 16, 1), 0);
	assert_int_equal(r.trailers.n, 1);
	strlist_free(&r.headers);
	strlist_free(&r.trailers);
}

static struct http_response *get_same_host(void)
{
	struct http_request rq = {0};
	char url[64];

	snprintf(url, sizeof url, "http://127.0.0.1:%d/start", server_port);
	rq.url = url;
	rq.redirects = HTTP_REDIRECT_SAME_HOST;
	return http_run_sync(&rq);
}

static void test_redirect_same_host(void **state)
{
	struct http_response *r;

	(void)state;
	start_server(SERVE_REDIR_SAME);
	r = get_same_host();
	assert_null(r->error);
	assert_int_equal(r->status, 200);
	assert_string_equal(r->body.data, "final");
	assert_non_null(strstr(r->url, "/final"));
	http_response_free(r);
	stop_server();
	/* Another port is another origin: reported, not followed. */
	start_server(SERVE_REDIR_AWAY);
	r = get_same_host();
	assert_int_equal(r->status, 302);
	assert_non_null(r->redirect_to);
	assert_string_equal(r->redirect_to, "http://127.0.0.1:1/final");
	http_response_free(r);
	stop_server();
}

static void test_limits_flag(void **state)
{
	struct http_limits l = *http_limits_get();
	char *argv[] = {"x", "--timeout", "90", "--connect-timeout=5", "--low-speed-time",
			"0", "--other"};
	char *cause = NULL;
	int i = 1;

	(void)state;
	assert_int_equal(http_limits_flag(&l, 7, argv, &i, &cause), 1);
	assert_int_equal(i, 2);
	assert_int_equal(l.total_ms, 90000);
	i = 3;
	assert_int_equal(http_limits_flag(&l, 7, argv, &i, &cause), 1);
	assert_int_equal(l.connect_ms, 5000);
	i = 4;
	assert_int_equal(http_limits_flag(&l, 7, argv, &i, &cause), -1);
	assert_non_null(cause);
	free(cause);
	i = 6;
	assert_int_equal(http_limits_flag(&l, 7, argv, &i, &cause), 0);
}

static void done_count(struct http_response *r, void *arg)
{
	(*(int *)arg)++;
	assert_true(r->cancelled);
	http_response_free(r);
}

static void test_cancel(void **state)
{
	struct http_client *c;
	struct http_request rq = {0};
	char url[64];
	int n = 0, id;

	(void)state;
	start_server(SERVE_SILENT);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", server_port);
	rq.url = url;
	c = http_client_new();
	id = http_start(c, &rq, done_count, &n);
	http_poll(c, NULL, 0, 50);
	assert_int_equal(http_active(c), 1);
	http_cancel(c, id);
	assert_int_equal(n, 1);
	assert_int_equal(http_active(c), 0);
	http_client_free(c);
	stop_server();
}

static void test_refused(void **state)
{
	struct http_request rq = {0};
	struct http_response *r;

	(void)state;
	rq.url = "http://127.0.0.1:1/";
	r = http_run_sync(&rq);
	assert_non_null(r->error);
	http_response_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_get_text),
	    cmocka_unit_test(test_cap_truncates),
	    cmocka_unit_test(test_silent_server_times_out),
	    cmocka_unit_test(test_gzip_decoded),
	    cmocka_unit_test(test_cancel),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_gzip_bomb_cut),
	    cmocka_unit_test(test_wire_cap),
	    cmocka_unit_test(test_wire_cap_padded_gzip),
	    cmocka_unit_test(test_drip_low_speed),
	    cmocka_unit_test(test_redirect_not_followed),
	    cmocka_unit_test(test_redirect_same_host),
	    cmocka_unit_test(test_limits_flag),
	    cmocka_unit_test(test_header_flood_capped),
	    cmocka_unit_test(test_header_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
