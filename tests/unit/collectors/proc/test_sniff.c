/* Unit tests: protocol classification of first answers, the probes' bytes,
 * and the state machine against small forked loopback servers (silent,
 * closing, HTTP/1, h2, TLS-after-a-dropped-preface). */
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
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collectors/base/common.h"
#include "collectors/proc/sniff.h"

static enum sniff_proto cls(enum sniff_probe after, const char *b, size_t n, char *d)
{
	return sniff_classify(after, (const uint8_t *)b, n, d, 160);
}

static void test_classify(void **state)
{
	char d[160];

	(void)state;
	assert_int_equal(cls(SNIFF_PROBE_H2, "\0\0\x06\x04\0\0\0\0\0\0\x05\0\0\x40\0", 15, d),
			 SNIFF_H2C);
	assert_non_null(strstr(d, "SETTINGS"));
	assert_int_equal(cls(SNIFF_PROBE_H2, "\0\0\x08\x07\0\0\0\0\0", 9, d), SNIFF_H2C);
	assert_non_null(strstr(d, "GOAWAY"));
	/* A SETTINGS frame on stream 1 is not a server greeting. */
	assert_int_equal(cls(SNIFF_PROBE_H2, "\0\0\0\x04\0\0\0\0\x01", 9, d), SNIFF_UNKNOWN);
	/* A SETTINGS-looking answer to a ClientHello is not h2. */
	assert_int_equal(cls(SNIFF_PROBE_TLS, "\0\0\x06\x04\0\0\0\0\0", 9, d), SNIFF_UNKNOWN);
	assert_int_equal(cls(SNIFF_PROBE_H2, "HTTP/1.1 400 Bad Request\r\nX: y\r\n", 32, d),
			 SNIFF_HTTP1);
	assert_string_equal(d, "HTTP/1.1 400 Bad Request");
	assert_int_equal(cls(SNIFF_PROBE_HTTP1, "HTTP/1.0 200 OK\r\n", 17, d), SNIFF_HTTP1);
	assert_int_equal(cls(SNIFF_PROBE_TLS, "\x16\x03\x03\x00\x5d\x02", 6, d), SNIFF_TLS);
	assert_int_equal(cls(SNIFF_PROBE_TLS, "\x15\x03\x01\x00\x02\x02\x28", 7, d), SNIFF_TLS);
	assert_string_equal(d, "TLS alert 40");
	/* Go's answer to plain HTTP on a TLS port. */
	assert_int_equal(
	    cls(SNIFF_PROBE_HTTP1,
		"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS "
		"server.\n",
		76, d),
	    SNIFF_TLS);
	assert_int_equal(cls(SNIFF_PROBE_H2, "SSH-2.0-OpenSSH_9.2\r\n", 21, d), SNIFF_UNKNOWN);
	assert_non_null(strstr(d, "SSH-2.0-OpenSSH_9.2"));
	assert_int_equal(cls(SNIFF_PROBE_H2, "", 0, d), SNIFF_UNKNOWN);
	assert_int_equal(cls(SNIFF_PROBE_H2, "HTT", 3, d), SNIFF_UNKNOWN);
	assert_int_equal(cls(SNIFF_PROBE_H2, "\x16", 1, d), SNIFF_UNKNOWN);
	assert_int_equal(cls(SNIFF_PROBE_H2, "\x16\x03\x09", 3, d), SNIFF_UNKNOWN);
}

static void test_classify_sanitises(void **state)
{
	char d[160];

	(void)state;
	assert_int_equal(cls(SNIFF_PROBE_H2, "HTTP/1.1 200 \x1b]2;pwned\x07\r\n", 25, d),
			 SNIFF_HTTP1);
	assert_null(strchr(d, 0x1b));
	assert_null(strchr(d, 0x07));
	/* A 10 KB status line is cut, not copied whole. */
	{
		char big[10000];

		memcpy(big, "HTTP/1.1 ", 9);
		memset(big + 9, 'A', sizeof big - 9);
		assert_int_equal(cls(SNIFF_PROBE_H2, big, sizeof big, d), SNIFF_HTTP1);
		assert_true(strlen(d) < 160);
	}
}

static void test_probe_bytes(void **state)
{
	struct buf b;
	const uint8_t *p;

	(void)state;
	buf_init(&b);
	sniff_h2_preface(&b);
	assert_int_equal(b.len, 24 + 9);
	assert_memory_equal(b.data, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24);
	assert_int_equal(b.data[24 + 3], 4); /* SETTINGS */
	buf_reset(&b);
	sniff_client_hello(&b);
	p = (const uint8_t *)b.data;
	assert_int_equal(p[0], 0x16);
	assert_int_equal((size_t)(p[3] << 8 | p[4]), b.len - 5); /* record length */
	assert_int_equal(p[5], 1);				 /* ClientHello */
	assert_int_equal((size_t)(p[6] << 16 | p[7] << 8 | p[8]), b.len - 9);
	buf_free(&b);
}

/* ---- live: forked servers on loopback --------------------------------- */

enum behaviour { SILENT, CLOSE_ALL, ANSWER_HTTP1, ANSWER_H2, TLS_AFTER_DROP, SLOW_H2 };

static pid_t serve(enum behaviour how, struct sockaddr_in *sin)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	socklen_t len = sizeof *sin;
	pid_t pid;

	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)sin, sizeof *sin), 0);
	assert_int_equal(listen(s, 8), 0);
	getsockname(s, (struct sockaddr *)sin, &len);
	pid = fork();
	if (pid == 0) {
		char buf[4096];

		for (int n = 0;; n++) {
			int c;

			if (how == SILENT) {
				pause();
				_exit(0);
			}
			c = accept(s, NULL, NULL);
			if (c < 0)
				_exit(1);
			if (how == CLOSE_ALL || (how == TLS_AFTER_DROP && n == 0)) {
				close(c);
				continue;
			}
			if (read(c, buf, sizeof buf) <= 0)
				_exit(2);
			if (how == ANSWER_HTTP1 &&
			    write(c, "HTTP/1.1 404 Not Found\r\n\r\n", 26) < 0)
				_exit(3);
			if (how == ANSWER_H2 &&
			    write(c, "\0\0\x06\x04\0\0\0\0\0\0\x03\0\0\0\x64", 15) < 0)
				_exit(3);
			if (how == SLOW_H2) {
				/* The greeting in two pieces, 50 ms apart. */
				if (write(c, "\0\0\x06", 3) < 0)
					_exit(3);
				usleep(50 * 1000);
				if (write(c, "\x04\0\0\0\0\0\0\x03\0\0\0\x64", 12) < 0)
					_exit(3);
			}
			if (how == TLS_AFTER_DROP && buf[0] == 0x16 &&
			    write(c, "\x15\x03\x03\x00\x02\x02\x28", 7) < 0)
				_exit(3);
			usleep(100 * 1000);
			close(c);
		}
	}
	close(s);
	return pid;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void test_live(void **state)
{
	static const struct {
		enum behaviour how;
		enum sniff_proto want;
		const char *detail;
	} cases[] = {
	    {ANSWER_HTTP1, SNIFF_HTTP1, "HTTP/1.1 404 Not Found"},
	    {ANSWER_H2, SNIFF_H2C, "SETTINGS"},
	    {SLOW_H2, SNIFF_H2C, "SETTINGS"},
	    {TLS_AFTER_DROP, SNIFF_TLS, "alert 40"},
	    {CLOSE_ALL, SNIFF_UNKNOWN, "without answering"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct sockaddr_in sin;
		pid_t pid = serve(cases[i].how, &sin);
		struct sniff_result r;

		sniff_run((struct sockaddr *)&sin, sizeof sin, 2000, &r);
		stop(pid);
		if (r.proto != cases[i].want || strstr(r.detail, cases[i].detail) == NULL)
			fail_msg("case %zu: got %s (%s)", i, sniff_proto_name(r.proto), r.detail);
		assert_true(r.elapsed_ms < 1500);
	}
}

static void test_silent_is_bounded(void **state)
{
	struct sockaddr_in sin;
	pid_t pid = serve(SILENT, &sin);
	struct sniff_result r;
	double t0 = now_mono(), took;

	(void)state;
	sniff_run((struct sockaddr *)&sin, sizeof sin, 300, &r);
	took = now_mono() - t0;
	stop(pid);
	assert_int_equal(r.proto, SNIFF_UNKNOWN);
	assert_string_equal(r.detail, "no answer in 300 ms");
	assert_true(took >= 0.29 && took < 1.5); /* bounded, with slack for a loaded host */
}

static void test_refused_and_bad_family(void **state)
{
	struct sockaddr_in sin;
	pid_t pid = serve(SILENT, &sin);
	struct sniff_result r;
	struct sockaddr sa = {.sa_family = AF_UNIX};

	(void)state;
	stop(pid); /* the listening socket dies with it */
	sniff_run((struct sockaddr *)&sin, sizeof sin, 500, &r);
	assert_int_equal(r.proto, SNIFF_REFUSED);
	sniff_run(&sa, sizeof sa, 500, &r);
	assert_int_equal(r.proto, SNIFF_UNKNOWN);
	assert_string_equal(sniff_proto_name(SNIFF_H2C), "h2c");
}

/* The console's way: its own poll loop over several sniffs at once. */
static void test_state_machine_concurrent(void **state)
{
	struct sockaddr_in a, b;
	pid_t pa = serve(SILENT, &a), pb = serve(ANSWER_H2, &b);
	struct sniff *s[2];
	double t0 = now_mono();

	(void)state;
	s[0] = sniff_start((struct sockaddr *)&a, sizeof a, 400);
	s[1] = sniff_start((struct sockaddr *)&b, sizeof b, 400);
	while (!sniff_done(s[0]) || !sniff_done(s[1])) {
		struct pollfd pfd[2];
		int idx[2], n = 0, wait = 1000, rc;

		for (int i = 0; i < 2; i++)
			if (sniff_pollfd(s[i], &pfd[n]) == 0) {
				idx[n++] = i;
				if (sniff_timeout_ms(s[i]) < wait)
					wait = sniff_timeout_ms(s[i]);
			}
		rc = poll(pfd, (nfds_t)n, wait);
		for (int k = 0; k < n; k++)
			sniff_step(s[idx[k]], rc > 0 ? pfd[k].revents : 0);
		assert_true(now_mono() - t0 < 2.0);
	}
	assert_int_equal(sniff_result(s[1])->proto, SNIFF_H2C);
	assert_true(sniff_result(s[1])->elapsed_ms < 300);
	assert_int_equal(sniff_result(s[0])->proto, SNIFF_UNKNOWN);
	assert_int_equal(sniff_step(s[0], 0), 1);
	sniff_free(s[0]);
	sniff_free(s[1]);
	sniff_free(NULL);
	stop(pa);
	stop(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_classify),
	    cmocka_unit_test(test_classify_sanitises),
	    cmocka_unit_test(test_probe_bytes),
	    cmocka_unit_test(test_live),
	    cmocka_unit_test(test_silent_is_bounded),
	    cmocka_unit_test(test_refused_and_bad_family),
	    cmocka_unit_test(test_state_machine_concurrent),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
