/* Unit tests: /proc/net/tcp{,6} rows, ss-style addresses, a process's own
 * listeners and port -> PID, against sockets this test opens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collectors/base/common.h"
#include "collectors/proc/procnet.h"

/* Lines as Linux 6.1 prints them (header, a listener, an established). */
static const char tcp4[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode\n"
    "   0: 0100007F:17AC 00000000:0000 0A 00000000:00000003 00:00000000 00000000  1000   "
    "     0 31337 1 0000000000000000 100 0 0 10 0\n"
    "   1: 0100007F:17AC 0100007F:D431 01 00000010:00000000 02:000A7D5A 00000000  1000   "
    "     0 31338 2 0000000000000000 20 4 30 10 -1\n";

static const char tcp6[] =
    "  sl  local_address                         remote_address                        st "
    "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A "
    "00000000:00000000 00:00000000 00000000     0        0 4001 1 0000000000000000 100 0 0 "
    "10 0\n"
    "   1: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A "
    "00000000:00000000 00:00000000 00000000     0        0 4002 1 0000000000000000 100 0 0 "
    "10 0\n"
    "   2: 0000000000000000FFFF00000100007F:9476 00000000000000000000000000000000:0000 0A "
    "00000000:00000000 00:00000000 00000000     0        0 4003 1 0000000000000000 100 0 0 "
    "10 0\n";

static void test_parse_ipv4(void **state)
{
	struct procnet_table t = {0};
	char a[PROCNET_ADDR_LEN];

	(void)state;
	assert_int_equal(procnet_parse(tcp4, strlen(tcp4), AF_INET, &t, NULL), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.skipped, 0);
	assert_int_equal(t.v[0].state, PROCNET_LISTEN);
	assert_int_equal(t.v[0].lport, 6060);
	assert_int_equal(t.v[0].rx_queue, 3);
	assert_int_equal(t.v[0].inode, 31337);
	assert_int_equal(t.v[0].uid, 1000);
	assert_string_equal(
	    procnet_format_addr(AF_INET, t.v[0].laddr, t.v[0].lport, 0, a, sizeof a),
	    "127.0.0.1:6060");
	assert_int_equal(t.v[1].state, PROCNET_ESTABLISHED);
	assert_int_equal(t.v[1].rport, 0xD431);
	assert_int_equal(t.v[1].tx_queue, 16);
	procnet_table_free(&t);
}

static void test_parse_ipv6(void **state)
{
	struct procnet_table t = {0};
	char a[PROCNET_ADDR_LEN];

	(void)state;
	assert_int_equal(procnet_parse(tcp6, strlen(tcp6), AF_INET6, &t, NULL), 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(procnet_format_addr(AF_INET6, t.v[0].laddr, 8080, 0, a, sizeof a),
			    "[::]:8080");
	assert_string_equal(procnet_format_addr(AF_INET6, t.v[0].laddr, 8080, 1, a, sizeof a),
			    "*:8080");
	assert_string_equal(
	    procnet_format_addr(AF_INET6, t.v[1].laddr, t.v[1].lport, 0, a, sizeof a), "[::1]:80");
	assert_string_equal(
	    procnet_format_addr(AF_INET6, t.v[2].laddr, t.v[2].lport, 0, a, sizeof a),
	    "[::ffff:127.0.0.1]:38006");
	procnet_table_free(&t);
}

static void test_format_ipv4_wildcard(void **state)
{
	uint8_t z[16] = {0};
	char a[PROCNET_ADDR_LEN];

	(void)state;
	/* ss (iproute2 6.1) prints 0.0.0.0, not "*", for IPv4. */
	assert_string_equal(procnet_format_addr(AF_INET, z, 2024, 1, a, sizeof a), "0.0.0.0:2024");
}

static void test_parse_malformed(void **state)
{
	static const char *const bad[] = {
	    "   0: 0100007F:17AC\n", /* truncated */
	    "   0: 0100007G:17AC 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
	    "   0: 100007F:17AC 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
	    "   0: 0100007F:17AC 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 x\n",
	    "   0: 0100007F:17AC00 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
	    "   x: 0100007F:17AC 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
	    ("   0: 0100007F:17AC 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 "
	     "99999999999999999999999\n"),
	    "\x01\x02\xff\xfe garbage\n",
	};
	struct procnet_table t = {0};
	struct buf b;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(procnet_parse(bad[i], strlen(bad[i]), AF_INET, &t, NULL), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.skipped, ARRAY_LEN(bad));
	/* An IPv4 line in the IPv6 file is malformed too. */
	assert_int_equal(procnet_parse(tcp4, strlen(tcp4), AF_INET6, &t, NULL), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.skipped, ARRAY_LEN(bad) + 2);
	/* Bad family is an error, not a skip. */
	{
		char *cause = NULL;

		assert_int_equal(procnet_parse(tcp4, strlen(tcp4), 12345, &t, &cause), -1);
		assert_non_null(cause);
		free(cause);
	}
	procnet_table_free(&t);

	/* One 4 MiB line and a last line without '\n'. */
	buf_init(&b);
	for (int i = 0; i < 4 * 1024 * 1024; i++)
		buf_addc(&b, 'A');
	buf_adds(&b, "\n   0: 0100007F:17AC 00000000:0000 0A 00000000:00000000 00:00000000 "
		     "00000000 0 0 77");
	assert_int_equal(procnet_parse(b.data, b.len, AF_INET, &t, NULL), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.v[0].inode, 77);
	assert_int_equal(t.skipped, 1);
	buf_free(&b);
	procnet_table_free(&t);
	procnet_table_free(NULL);
}

static void test_parse_many(void **state)
{
	struct procnet_table t = {0};
	struct buf b;

	(void)state;
	buf_init(&b);
	for (int i = 0; i < 20000; i++)
		buf_printf(&b,
			   "%5d: 0100007F:%04X 00000000:0000 0A 00000000:00000000 00:00000000 "
			   "00000000 0 0 %d 1 0000000000000000 100 0 0 10 0\n",
			   i, 1000 + i % 60000, 100000 + i);
	assert_int_equal(procnet_parse(b.data, b.len, AF_INET, &t, NULL), 0);
	assert_int_equal(t.n, 20000);
	assert_int_equal(t.v[19999].inode, 119999);
	buf_free(&b);
	procnet_table_free(&t);
}

static int listen_on(int family, const char *ip, uint16_t *port)
{
	struct sockaddr_storage ss = {0};
	socklen_t len;
	int s = socket(family, SOCK_STREAM, 0), one = 1;

	assert_true(s >= 0);
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		inet_pton(AF_INET, ip, &sin->sin_addr);
		len = sizeof *sin;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		inet_pton(AF_INET6, ip, &sin6->sin6_addr);
		setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
		len = sizeof *sin6;
	}
	if (bind(s, (struct sockaddr *)&ss, len) < 0 || listen(s, 16) < 0) {
		close(s);
		return -1;
	}
	len = sizeof ss;
	getsockname(s, (struct sockaddr *)&ss, &len);
	*port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					: ((struct sockaddr_in6 *)&ss)->sin6_port);
	return s;
}

static void test_listeners_for_self(void **state)
{
	uint16_t p4, p6, pother;
	int s4 = listen_on(AF_INET, "127.0.0.1", &p4);
	int s6 = listen_on(AF_INET6, "::1", &p6);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sin = {.sin_family = AF_INET};
	struct listeners *l = NULL;
	char *cause = NULL, want4[64];
	int seen4 = 0, seen6 = 0, pipefd[2];
	pid_t child;

	(void)state;
	assert_true(s4 >= 0);
	/* A listener in another process of the same namespace must not show. */
	assert_int_equal(pipe(pipefd), 0);
	child = fork();
	if (child == 0) {
		int o = listen_on(AF_INET, "127.0.0.1", &pother);

		(void)o;
		if (write(pipefd[1], &pother, sizeof pother) != sizeof pother)
			_exit(1);
		pause();
		_exit(0);
	}
	assert_int_equal(read(pipefd[0], &pother, sizeof pother), sizeof pother);
	/* A connected socket is not a listener. */
	sin.sin_port = htons(p4);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(c, (struct sockaddr *)&sin, sizeof sin), 0);

	assert_int_equal(procnet_listeners_for_pid(getpid(), &l, &cause), 0);
	snprintf(want4, sizeof want4, "127.0.0.1:%u", p4);
	for (size_t i = 0; i < l->n; i++) {
		assert_int_not_equal(l->v[i].port, pother);
		if (l->v[i].port == p4) {
			seen4 = 1;
			assert_string_equal(l->v[i].local, want4);
			assert_int_equal(l->v[i].fd, s4);
			assert_int_equal(l->v[i].rx_queue, 1); /* our connect waits in accept */
			assert_int_equal(l->v[i].backlog, 16);
		}
		if (s6 >= 0 && l->v[i].port == p6) {
			seen6 = 1;
			assert_int_equal(l->v[i].family, AF_INET6);
			assert_int_equal(l->v[i].v6only, 1);
		}
	}
	assert_true(seen4);
	if (s6 >= 0)
		assert_true(seen6);
	procnet_listeners_free(l);

	/* Port -> PID finds the child for its port, and us for ours. */
	{
		int pid = -1;

		assert_int_equal(procnet_pid_for_port(pother, &pid, &cause), 0);
		assert_int_equal(pid, child);
		assert_int_equal(procnet_pid_for_port(p4, &pid, &cause), 0);
		assert_int_equal(pid, getpid());
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(c);
	close(s4);
	if (s6 >= 0)
		close(s6);
	close(pipefd[0]);
	close(pipefd[1]);
}

static void test_errors(void **state)
{
	struct listeners *l = (struct listeners *)1;
	char *cause = NULL;
	int pid;
	uint16_t p;
	int s = listen_on(AF_INET, "127.0.0.1", &p);

	(void)state;
	close(s); /* now nothing listens on p */
	assert_int_equal(procnet_listeners_for_pid(0x3ffffff0, &l, &cause), -1);
	assert_null(l);
	assert_non_null(strstr(cause, "no process"));
	free(cause);
	cause = NULL;
	assert_int_equal(procnet_pid_for_port(p, &pid, &cause), -1);
	assert_non_null(strstr(cause, "nothing listens"));
	free(cause);
	procnet_listeners_free(NULL);
}

static void test_connect_addr(void **state)
{
	struct listener l = {0};
	struct sockaddr_storage ss;
	socklen_t len;

	(void)state;
	l.family = AF_INET6; /* dual-stack wildcard: connect over IPv4 loopback */
	l.port = 8080;
	l.v6only = 0;
	procnet_connect_addr(&l, &ss, &len);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(((struct sockaddr_in *)&ss)->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	l.v6only = 1;
	procnet_connect_addr(&l, &ss, &len);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(len, sizeof(struct sockaddr_in6));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_ipv4),
	    cmocka_unit_test(test_parse_ipv6),
	    cmocka_unit_test(test_format_ipv4_wildcard),
	    cmocka_unit_test(test_parse_malformed),
	    cmocka_unit_test(test_parse_many),
	    cmocka_unit_test(test_listeners_for_self),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_connect_addr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
