/* sniff.c: a listener's protocol from one or two bounded probes (see sniff.h). */
#include "sniff.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/base/sanitize.h"

#define SNIFF_INBUF 512

enum sniff_state { S_CONNECT, S_SEND, S_READ, S_DONE };

struct sniff {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	int fd;
	enum sniff_state state;
	enum sniff_probe probe;
	int timeout_ms;
	double t0, deadline;
	struct buf out;
	size_t sent;
	uint8_t in[SNIFF_INBUF];
	size_t inlen;
	struct sniff_result res;
};

/* ---- the probes ------------------------------------------------------ */

static const char h2_preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

void sniff_h2_preface(struct buf *out)
{
	/* An empty SETTINGS frame: length 0, type 4, flags 0, stream 0. */
	static const uint8_t settings[9] = {0, 0, 0, 4, 0, 0, 0, 0, 0};

	buf_add(out, h2_preface, sizeof h2_preface - 1);
	buf_add(out, settings, sizeof settings);
}

static void put16(struct buf *b, unsigned v)
{
	uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	buf_add(b, x, 2);
}

static void patch24(struct buf *b, size_t at, size_t v)
{
	b->data[at] = (char)(v >> 16);
	b->data[at + 1] = (char)(v >> 8);
	b->data[at + 2] = (char)v;
}

/* A TLS 1.2 ClientHello with common suites, enough for any TLS server to
 * answer with a ServerHello or at worst a handshake_failure alert; either
 * proves TLS. No SNI: we do not know the name. */
void sniff_client_hello(struct buf *out)
{
	static const unsigned suites[] = {0xc02f, 0xc02b, 0xc030, 0xc02c, 0xcca8, 0xcca9, 0xc013,
					  0xc009, 0xc014, 0xc00a, 0x009c, 0x009d, 0x002f, 0x0035};
	static const unsigned groups[] = {0x001d, 0x0017, 0x0018};
	static const unsigned sigalgs[] = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805,
					   0x0501, 0x0806, 0x0601, 0x0201};
	size_t rec, hs, ext;
	uint8_t random[32];

	for (size_t i = 0; i < sizeof random; i++)
		random[i] = (uint8_t)(i * 37 + 11);
	rec = out->len;
	buf_add(out, "\x16\x03\x01\x00\x00", 5); /* record header, length patched */
	hs = out->len;
	buf_add(out, "\x01\x00\x00\x00", 4); /* ClientHello, length patched */
	put16(out, 0x0303);
	buf_add(out, random, sizeof random);
	buf_addc(out, 0); /* session id */
	put16(out, (unsigned)(2 * ARRAY_LEN(suites)));
	for (size_t i = 0; i < ARRAY_LEN(suites); i++)
		put16(out, suites[i]);
	buf_add(out, "\x01\x00", 2); /* compression: null */
	ext = out->len;
	put16(out, 0);
	put16(out, 0x000a); /* supported_groups */
	put16(out, (unsigned)(2 + 2 * ARRAY_LEN(groups)));
	put16(out, (unsigned)(2 * ARRAY_LEN(groups)));
	for (size_t i = 0; i < ARRAY_LEN(groups); i++)
		put16(out, groups[i]);
	put16(out, 0x000b); /* ec_point_formats: uncompressed */
	put16(out, 2);
	buf_add(out, "\x01\x00", 2);
	put16(out, 0x000d); /* signature_algorithms */
	put16(out, (unsigned)(2 + 2 * ARRAY_LEN(sigalgs)));
	put16(out, (unsigned)(2 * ARRAY_LEN(sigalgs)));
	for (size_t i = 0; i < ARRAY_LEN(sigalgs); i++)
		put16(out, sigalgs[i]);
	put16(out, 0xff01); /* renegotiation_info, empty */
	put16(out, 1);
	buf_addc(out, 0);
	out->data[ext] = (char)((out->len - ext - 2) >> 8);
	out->data[ext + 1] = (char)(out->len - ext - 2);
	patch24(out, hs + 1, out->len - hs - 4);
	out->data[rec + 3] = (char)((out->len - rec - 5) >> 8);
	out->data[rec + 4] = (char)(out->len - rec - 5);
}

void sniff_http1_request(struct buf *out)
{
	buf_adds(out, "HEAD / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: gotriage-sniff\r\n"
		      "Connection: close\r\n\r\n");
}

/* ---- classification -------------------------------------------------- */

#define NEED_MORE (-1)

static void set_detail(char *dst, size_t n, const char *fmt, const char *raw, size_t rawlen)
{
	char *clean = NULL, *tmp;

	if (n == 0)
		return;
	if (raw != NULL) {
		tmp = xstrndup(raw, rawlen);
		clean = sanitize_str(tmp);
		free(tmp);
	}
	snprintf(dst, n, fmt, clean != NULL ? clean : "");
	free(clean);
}

/* A short printable view of unexpected bytes, for the detail line. */
static void describe_bytes(const uint8_t *buf, size_t len, char *detail, size_t n)
{
	char hex[3 * 12 + 1] = "";
	size_t m = len < 12 ? len : 12, text = 0;

	/* A text banner (SSH, SMTP, Redis errors) reads better as text. */
	while (text < len && text < 60 && buf[text] >= 0x20 && buf[text] < 0x7f)
		text++;
	if (text >= 4 && (text == len || buf[text] == '\r' || buf[text] == '\n' || text == 60)) {
		char t[61];

		memcpy(t, buf, text);
		t[text] = '\0';
		snprintf(detail, n, "answered \"%s\"%s", t, len > text + 2 ? " ..." : "");
		return;
	}

	for (size_t i = 0; i < m; i++)
		snprintf(hex + 3 * i, sizeof hex - 3 * i, "%02x ", buf[i]);
	if (m > 0)
		hex[3 * m - 1] = '\0';
	snprintf(detail, n, "answered %zu bytes: %s%s", len, hex, len > m ? " ..." : "");
}

/* Returns a protocol, or NEED_MORE when the bytes so far are a prefix of
 * something we would recognise and the connection is still open. */
static int classify(enum sniff_probe after, const uint8_t *buf, size_t len, int final, char *detail,
		    size_t dlen)
{
	static const char http1[] = "HTTP/1.";

	if (dlen > 0)
		detail[0] = '\0';
	if (len == 0) {
		snprintf(detail, dlen, "no answer");
		return SNIFF_UNKNOWN;
	}
	/* HTTP/1.x: the whole status line, or as much as came. */
	if (memcmp(buf, http1, len < 7 ? len : 7) == 0) {
		const uint8_t *eol;
		size_t n;

		if (len < 7)
			return final ? SNIFF_UNKNOWN : NEED_MORE;
		eol = memchr(buf, '\n', len);
		if (eol == NULL && !final && len < 80)
			return NEED_MORE;
		n = eol != NULL ? (size_t)(eol - buf) : len;
		if (n > 0 && buf[n - 1] == '\r')
			n--;
		if (n > 80)
			n = 80;
		/* Go answers plain HTTP sent to its TLS port this way. */
		if (memmem(buf, len, "HTTPS server", 12) != NULL) {
			snprintf(detail, dlen, "TLS (answered a plain request with a 400)");
			return SNIFF_TLS;
		}
		set_detail(detail, dlen, "%s", (const char *)buf, n);
		return SNIFF_HTTP1;
	}
	/* TLS record: handshake (22) or alert (21), major version 3. */
	if ((buf[0] == 0x16 || buf[0] == 0x15) && (len < 2 || buf[1] == 0x03)) {
		if (len < 3)
			return final ? SNIFF_UNKNOWN : NEED_MORE;
		if (buf[2] <= 0x04) {
			if (buf[0] == 0x16)
				snprintf(detail, dlen, "TLS handshake record (version 3.%u)",
					 buf[2]);
			else if (len >= 7)
				snprintf(detail, dlen, "TLS alert %u", buf[6]);
			else
				snprintf(detail, dlen, "TLS alert");
			return SNIFF_TLS;
		}
	}
	/* HTTP/2 frame header: 24-bit length, type, flags, 31-bit stream. The
	 * server's first frame must be SETTINGS on stream 0 (RFC 9113 3.4). */
	if (after == SNIFF_PROBE_H2 && len >= 1 && buf[0] == 0) {
		if (len < 9)
			return final ? SNIFF_UNKNOWN : NEED_MORE;
		if ((buf[3] == 0x04 || buf[3] == 0x07) && (buf[5] & 0x7f) == 0 && buf[6] == 0 &&
		    buf[7] == 0 && buf[8] == 0) {
			snprintf(detail, dlen, "HTTP/2 %s frame (%u bytes)",
				 buf[3] == 0x04 ? "SETTINGS" : "GOAWAY",
				 (unsigned)buf[0] << 16 | (unsigned)buf[1] << 8 | buf[2]);
			return SNIFF_H2C;
		}
	}
	describe_bytes(buf, len, detail, dlen);
	return SNIFF_UNKNOWN;
}

enum sniff_proto sniff_classify(enum sniff_probe after, const uint8_t *buf, size_t len,
				char *detail, size_t detail_len)
{
	return (enum sniff_proto)classify(after, buf, len, 1, detail, detail_len);
}

/* ---- the state machine ----------------------------------------------- */

static void finish(struct sniff *s, enum sniff_proto p, const char *detail)
{
	s->res.proto = p;
	if (detail != NULL)
		snprintf(s->res.detail, sizeof s->res.detail, "%s", detail);
	s->res.elapsed_ms = (now_mono() - s->t0) * 1000.0;
	s->state = S_DONE;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static void begin_probe(struct sniff *s, enum sniff_probe probe)
{
	int rc;

	if (s->fd >= 0)
		close(s->fd);
	s->probe = probe;
	s->inlen = 0;
	s->sent = 0;
	buf_reset(&s->out);
	if (probe == SNIFF_PROBE_H2)
		sniff_h2_preface(&s->out);
	else if (probe == SNIFF_PROBE_TLS)
		sniff_client_hello(&s->out);
	else
		sniff_http1_request(&s->out);
	s->fd = socket(s->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		char msg[128];

		snprintf(msg, sizeof msg, "socket: %s", strerror(errno));
		finish(s, SNIFF_UNKNOWN, msg);
		return;
	}
	rc = connect(s->fd, (struct sockaddr *)&s->addr, s->addrlen);
	if (rc == 0) {
		s->state = S_SEND;
	} else if (errno == EINPROGRESS) {
		s->state = S_CONNECT;
	} else {
		char msg[128];
		int e = errno;

		snprintf(msg, sizeof msg, "connect: %s", strerror(e));
		finish(s, e == ECONNREFUSED ? SNIFF_REFUSED : SNIFF_UNKNOWN, msg);
	}
}

struct sniff *sniff_start(const struct sockaddr *addr, socklen_t addrlen, int timeout_ms)
{
	struct sniff *s = xcalloc(1, sizeof *s);

	s->fd = -1;
	buf_init(&s->out);
	s->timeout_ms = timeout_ms > 0 ? timeout_ms : SNIFF_DEFAULT_TIMEOUT_MS;
	s->t0 = now_mono();
	s->deadline = s->t0 + s->timeout_ms / 1000.0;
	if (addrlen > sizeof s->addr ||
	    (addr->sa_family != AF_INET && addr->sa_family != AF_INET6)) {
		finish(s, SNIFF_UNKNOWN, "not an IPv4 or IPv6 address");
		return s;
	}
	memcpy(&s->addr, addr, addrlen);
	s->addrlen = addrlen;
	begin_probe(s, SNIFF_PROBE_H2);
	return s;
}

int sniff_pollfd(const struct sniff *s, struct pollfd *pfd)
{
	if (s->state == S_DONE)
		return -1;
	pfd->fd = s->fd;
	pfd->events = s->state == S_READ ? POLLIN : POLLOUT;
	pfd->revents = 0;
	return 0;
}

int sniff_timeout_ms(const struct sniff *s)
{
	double left;

	if (s->state == S_DONE)
		return 0;
	left = (s->deadline - now_mono()) * 1000.0;
	return left <= 0 ? 0 : (int)ceil(left);
}

int sniff_done(const struct sniff *s)
{
	return s->state == S_DONE;
}

const struct sniff_result *sniff_result(const struct sniff *s)
{
	return &s->res;
}

/* A verdict from the bytes of the current probe; an unrecognised answer to
 * the preface earns one plain HTTP/1 try before we give up. */
static void conclude(struct sniff *s, int p, const char *msg)
{
	if (p == SNIFF_UNKNOWN && s->probe == SNIFF_PROBE_H2 && s->inlen > 0) {
		snprintf(s->res.detail, sizeof s->res.detail, "%s", msg);
		begin_probe(s, SNIFF_PROBE_HTTP1);
		return;
	}
	if (p == SNIFF_UNKNOWN && s->probe == SNIFF_PROBE_HTTP1 && s->res.detail[0] != '\0')
		msg = NULL; /* keep the preface's answer: it says more */
	finish(s, (enum sniff_proto)p, msg);
}

/* The server closed without answering (EOF or reset). */
static void on_closed(struct sniff *s)
{
	char msg[160];

	if (s->inlen > 0) {
		int p = classify(s->probe, s->in, s->inlen, 1, msg, sizeof msg);

		conclude(s, p, msg);
		return;
	}
	if (s->probe == SNIFF_PROBE_H2) {
		/* TLS servers drop a cleartext preface without a word. */
		begin_probe(s, SNIFF_PROBE_TLS);
		return;
	}
	if (s->probe == SNIFF_PROBE_HTTP1)
		finish(s, SNIFF_UNKNOWN, NULL);
	else
		finish(s, SNIFF_UNKNOWN, "closed the connection without answering either probe");
}

static void on_timeout(struct sniff *s)
{
	char msg[160];

	if (s->inlen > 0) {
		int p = classify(s->probe, s->in, s->inlen, 1, msg, sizeof msg);

		if (s->probe == SNIFF_PROBE_H2 && p == SNIFF_UNKNOWN)
			finish(s, SNIFF_UNKNOWN, msg); /* no time left for another probe */
		else
			conclude(s, p, msg);
		return;
	}
	if (s->probe == SNIFF_PROBE_HTTP1 && s->res.detail[0] != '\0')
		finish(s, SNIFF_UNKNOWN, NULL);
	else if (s->state == S_CONNECT)
		snprintf(msg, sizeof msg, "connect did not complete in %d ms", s->timeout_ms);
	else if (s->probe == SNIFF_PROBE_TLS)
		snprintf(msg, sizeof msg, "no answer to a TLS ClientHello in %d ms", s->timeout_ms);
	else
		snprintf(msg, sizeof msg, "no answer in %d ms", s->timeout_ms);
	finish(s, SNIFF_UNKNOWN, msg);
}

static void do_send(struct sniff *s)
{
	while (s->sent < s->out.len) {
		ssize_t n = send(s->fd, s->out.data + s->sent, s->out.len - s->sent, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			on_closed(s); /* EPIPE, ECONNRESET: it hung up on us */
			return;
		}
		s->sent += (size_t)n;
	}
	s->state = S_READ;
}

static void do_read(struct sniff *s)
{
	for (;;) {
		ssize_t n;
		int p;
		char msg[160];

		if (s->inlen == sizeof s->in) {
			p = classify(s->probe, s->in, s->inlen, 1, msg, sizeof msg);
			conclude(s, p, msg);
			return;
		}
		n = recv(s->fd, s->in + s->inlen, sizeof s->in - s->inlen, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			on_closed(s);
			return;
		}
		if (n == 0) {
			on_closed(s);
			return;
		}
		s->inlen += (size_t)n;
		p = classify(s->probe, s->in, s->inlen, 0, msg, sizeof msg);
		if (p != NEED_MORE) {
			conclude(s, p, msg);
			return;
		}
	}
}

int sniff_step(struct sniff *s, short revents)
{
	if (s->state == S_DONE)
		return 1;
	if (s->state == S_CONNECT && revents != 0) {
		int err = 0;
		socklen_t len = sizeof err;

		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err != 0) {
			char msg[128];

			if (s->probe == SNIFF_PROBE_TLS) {
				/* It listened a moment ago: report it, not a refusal. */
				snprintf(msg, sizeof msg, "second connect failed: %s",
					 strerror(err));
				finish(s, SNIFF_UNKNOWN, msg);
			} else {
				snprintf(msg, sizeof msg, "connect: %s", strerror(err));
				finish(s, err == ECONNREFUSED ? SNIFF_REFUSED : SNIFF_UNKNOWN, msg);
			}
			return 1;
		}
		s->state = S_SEND;
	}
	if (s->state == S_SEND)
		do_send(s);
	if (s->state == S_READ)
		do_read(s);
	if (s->state != S_DONE && now_mono() >= s->deadline)
		on_timeout(s);
	return s->state == S_DONE;
}

void sniff_free(struct sniff *s)
{
	if (s == NULL)
		return;
	if (s->fd >= 0)
		close(s->fd);
	buf_free(&s->out);
	free(s);
}

void sniff_run(const struct sockaddr *addr, socklen_t addrlen, int timeout_ms,
	       struct sniff_result *out)
{
	struct sniff *s = sniff_start(addr, addrlen, timeout_ms);
	struct pollfd pfd;

	while (sniff_pollfd(s, &pfd) == 0) {
		int n = poll(&pfd, 1, sniff_timeout_ms(s));

		if (n < 0 && errno != EINTR)
			pfd.revents = POLLERR;
		sniff_step(s, n > 0 ? pfd.revents : 0);
	}
	*out = s->res;
	sniff_free(s);
}

const char *sniff_proto_name(enum sniff_proto p)
{
	switch (p) {
	case SNIFF_UNKNOWN:
		return "unknown";
	case SNIFF_HTTP1:
		return "http/1";
	case SNIFF_H2C:
		return "h2c";
	case SNIFF_TLS:
		return "tls";
	case SNIFF_REFUSED:
		return "refused";
	}
	return "?";
}
