/* sniff.h: which protocol a TCP listener speaks, found with one or two
 * short, bounded connections.
 *
 * Probe order: first the HTTP/2 client preface plus an empty SETTINGS
 * frame. An h2c server (gRPC) answers with a SETTINGS frame, an HTTP/1
 * server answers "HTTP/1.x NNN" (the preface is a complete HTTP/1-shaped
 * request), a TLS server answers with an alert or closes. If the first
 * connection is closed without a byte, a second one sends a minimal TLS
 * ClientHello and looks for a handshake or alert record. If the first
 * answer is unrecognised (Python's http.server answers a preface with a
 * bare HTML page), a "HEAD / HTTP/1.1" probe follows. A listener that
 * accepts and never answers ends as "unknown (no answer in N ms)". All
 * probes share one deadline.
 * Nothing here blocks except sniff_run(); every state has a deadline.
 *
 * Console use (from its poll loop):
 *     s = sniff_start(&addr, addrlen, timeout_ms);
 *     loop: sniff_pollfd(s, &pfd) -> add pfd to poll(), with a timeout no
 *           longer than sniff_timeout_ms(s); then sniff_step(s, pfd.revents)
 *           (revents 0 on timeout) until it returns 1;
 *     sniff_result(s); sniff_free(s);
 * The caller owns the struct sniff; sniff_free() accepts NULL and closes
 * the socket. */
#ifndef GOTRIAGE_SNIFF_H
#define GOTRIAGE_SNIFF_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "collectors/base/common.h"

#define SNIFF_DEFAULT_TIMEOUT_MS 1000

enum sniff_proto {
	SNIFF_UNKNOWN = 0, /* answered something else, or nothing */
	SNIFF_HTTP1,	   /* "HTTP/1.0" or "HTTP/1.1" status line */
	SNIFF_H2C,	   /* HTTP/2 cleartext: SETTINGS frame (gRPC servers) */
	SNIFF_TLS,	   /* TLS handshake or alert record */
	SNIFF_REFUSED,	   /* connect failed (nothing listens any more) */
};

struct sniff_result {
	enum sniff_proto proto;
	char detail[160];  /* "HTTP/1.1 400 Bad Request", "no answer in 1000 ms", ... (sanitised) */
	double elapsed_ms; /* from start to verdict */
};

struct sniff;

/* Starts the first probe (non-blocking connect). Never NULL: a failure to
 * create the socket ends the sniff at once (sniff_done() true). */
struct sniff *sniff_start(const struct sockaddr *addr, socklen_t addrlen, int timeout_ms);
/* Fills fd/events for poll(); returns 0, or -1 when the sniff is done. */
int sniff_pollfd(const struct sniff *s, struct pollfd *pfd);
/* Milliseconds until the current deadline (>= 0). */
int sniff_timeout_ms(const struct sniff *s);
/* Advances with the poll result for sniff_pollfd's fd (0 when poll timed
 * out); returns 1 when the result is final, 0 to keep polling. */
int sniff_step(struct sniff *s, short revents);
int sniff_done(const struct sniff *s);
const struct sniff_result *sniff_result(const struct sniff *s);
void sniff_free(struct sniff *s);

/* Blocking helper for subcommands: the whole state machine with poll(). */
void sniff_run(const struct sockaddr *addr, socklen_t addrlen, int timeout_ms,
	       struct sniff_result *out);

/* Pure classifiers of the first bytes a server sent back (tests, fuzzers).
 * `after` is the probe those bytes answer. Return the protocol, or
 * SNIFF_UNKNOWN, and write a one-line detail. */
enum sniff_probe { SNIFF_PROBE_H2 = 0, SNIFF_PROBE_TLS = 1, SNIFF_PROBE_HTTP1 = 2 };
enum sniff_proto sniff_classify(enum sniff_probe after, const uint8_t *buf, size_t len,
				char *detail, size_t detail_len);
/* The probes' bytes (for tests). */
void sniff_h2_preface(struct buf *out);
void sniff_client_hello(struct buf *out);
void sniff_http1_request(struct buf *out);

const char *sniff_proto_name(enum sniff_proto p); /* "http/1", "h2c", "tls", ... */

#endif
