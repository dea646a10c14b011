/* http.h: every HTTP request gotriage makes, on one libcurl multi handle.
 *
 * Nothing here blocks, except http_run_sync()/http_wait(), which only the
 * non-interactive subcommands use. The console calls http_poll() from its
 * main loop with the terminal and signal fds as extra fds; completed
 * requests invoke their callback from inside http_poll().
 *
 * Every request has a connect timeout, a total timeout, a low-speed limit
 * (once the body started) and a size cap counted twice: on the bytes that
 * came over the wire and on the decoded body (bodies are asked for gzip and
 * decoded by libcurl, so a gzip bomb meets the decoded cap after a few KB
 * of wire). A body cut at its cap is marked truncated; callers report it as
 * cut (http_problem) and never parse it as if whole. Redirects are not
 * followed unless the request asks (then only to the same scheme, host and
 * port, or anywhere for HTTP_REDIRECT_ANY); a redirect not followed is
 * reported with its target. Ownership: the client copies everything in the
 * request; the response passed to a callback belongs to the callback (free
 * it with http_response_free). */
#ifndef GOTRIAGE_HTTP_H
#define GOTRIAGE_HTTP_H

#include <poll.h>
#include <stddef.h>

#include "collectors/base/common.h"

/* Caps that fit what each fetch can legitimately be. */
#define HTTP_CAP_INDEX (1 * MIB)    /* an index page, a probe's answer */
#define HTTP_CAP_PROFILE (8 * MIB)  /* a debug=1 profile: KB to a few MB */
#define HTTP_CAP_DUMP (65 * MIB)    /* debug=2: the runtime stops at 64 MiB */
#define HTTP_DEFAULT_CAP (16 * MIB) /* anything else */
#define HTTP_MAX_REDIRECTS 3

enum http_redirects {
	HTTP_REDIRECT_NONE,	 /* report it (resp->redirect_to), follow none */
	HTTP_REDIRECT_SAME_HOST, /* follow to the same scheme://host:port only */
	HTTP_REDIRECT_ANY,	 /* follow anywhere (module proxies and their CDNs) */
};

/* The limits every request gets, one set for the whole process: the
 * subcommands' --connect-timeout/--timeout/--low-speed flags raise them
 * (http_limits_flag), before any request starts. */
struct http_limits {
	long connect_ms;      /* connection set-up; default 2000 */
	long total_ms;	      /* 0: each request's own; else at least this */
	long low_speed_bytes; /* once the body started, at least this many */
	long low_speed_ms;    /* bytes in every window this long */
};

/* The current limits (defaults until http_limits_set). */
const struct http_limits *http_limits_get(void);
void http_limits_set(const struct http_limits *l);
/* Parses one limit flag into l: --connect-timeout S, --timeout S,
 * --low-speed-time S (seconds, 0.1..3600). Returns 1 when name is one of
 * them (and *i moved past its value), 0 when it is not, -1 with *cause on
 * a bad value. Accepts "--name=value" and "--name value". */
int http_limits_flag(struct http_limits *l, int argc, char **argv, int *i, char **cause);
/* The same, applied to the process-wide limits at once (argument loops). */
int http_limits_arg(int argc, char **argv, int *i, char **cause);
#define HTTP_LIMITS_USAGE                                                                          \
	"  --connect-timeout S, --timeout S, --low-speed-time S\n"                                 \
	"                  raise the network limits (defaults 2 s to connect, the\n"               \
	"                  fetch's own total, under 1 KiB in 10 s once an answer started)\n"
#define HTTP_MAX_PER_HOST 6 /* concurrent connections to one host */

struct http_request {
	const char *url;
	const char *method; /* NULL means GET; "HEAD", "POST", ... */
	const void *body;   /* for POST; copied */
	size_t body_len;
	const char *const *headers; /* NULL-terminated "Name: value" lines */
	int http2_prior_knowledge;  /* h2c without upgrade (gRPC) */
	int fresh_connection;	    /* own connection, not reused: curl 7.88
				     * fails reusing an h2c one to grpc-go */
	long connect_timeout_ms;    /* 0 means 2000 */
	long timeout_ms;	    /* 0 means 10000 */
	size_t max_bytes;	    /* 0 means HTTP_DEFAULT_CAP; decoded bytes */
	size_t max_wire_bytes;	    /* 0: max_bytes + 64 KiB; bytes received */
	enum http_redirects redirects;
	const char *label; /* what the status line calls it */
	/* Goes elsewhere than the service (a module proxy): not counted in
	 * the load the console shows (collectors/net/meter.h). */
	int not_service;
};

struct http_response {
	char *url;
	char *label;
	long status;		 /* 0 when no HTTP response came */
	char *error;		 /* transport error, NULL when a response came */
	int curl_code;		 /* libcurl's CURLcode for the error, 0 ok */
	char *content_type;	 /* NULL when absent */
	struct buf body;	 /* decoded body, up to the cap */
	int truncated;		 /* a cap was hit: the body is a prefix */
	int cut_on_wire;	 /* ... the wire cap (else the decoded one) */
	size_t cap;		 /* the decoded cap that applied */
	char *redirect_to;	 /* a 3xx not followed: its Location */
	int slow;		 /* aborted by the low-speed limit */
	struct strlist headers;	 /* "Name: value", final response only */
	struct strlist trailers; /* HTTP/2 trailers (gRPC status) */
	size_t header_bytes;	 /* of headers and trailers kept */
	int too_many_headers;	 /* over HTTP_MAX_HEADER_LINES/_BYTES: ended */
	double t_dns, t_connect, t_first_byte, t_total; /* seconds */
	size_t wire_bytes;				/* bytes received before decoding */
	int cancelled;
};

struct http_client;

typedef void (*http_done_fn)(struct http_response *resp, void *arg);

struct http_client *http_client_new(void);
/* Cancels every request still running (their callbacks are not called). */
void http_client_free(struct http_client *c);

/* Starts a request; returns an id > 0. */
int http_start(struct http_client *c, const struct http_request *req, http_done_fn done, void *arg);
/* Cancels one request; its callback runs with resp->cancelled set. */
void http_cancel(struct http_client *c, int id);
void http_cancel_all(struct http_client *c);
int http_active(const struct http_client *c);

/* Waits up to timeout_ms for curl's sockets or the extra fds (whose revents
 * are filled in), then drives transfers and runs callbacks. */
int http_poll(struct http_client *c, struct pollfd *extra, unsigned nextra, int timeout_ms);

/* Progress of the oldest running request, for the status line. Returns 0
 * when nothing runs. */
int http_progress(const struct http_client *c, const char **label, size_t *bytes, double *elapsed);

/* Runs until every started request finished (subcommands). */
void http_wait(struct http_client *c);
/* One request, blocking; for subcommands only. Never returns NULL. */
struct http_response *http_run_sync(const struct http_request *req);

/* Splits an http(s) URL with libcurl's parser (the scheme is guessed when
 * missing; the port defaults by scheme). Returns 0, or -1 when it is not a
 * URL. Strings are malloc'd. */
int http_url_parts(const char *url, char **scheme, char **host, int *port);

/* What went wrong, in one line (malloc'd), or NULL when the answer came
 * whole with status 200: cancelled, the transport error, a redirect not
 * followed and its target, an HTTP status, or the body cut at its cap. */
char *http_problem(const struct http_response *r);

/* Caps on what one response's headers (and, apart, trailers) may hold. */
#define HTTP_MAX_HEADER_LINES 256
#define HTTP_MAX_HEADER_BYTES (64 * 1024)
/* One header line as libcurl hands it over ("Name: value\r\n", or a status
 * line, which starts the headers over): kept in r->headers, or r->trailers
 * once the body started. Returns -1 (nothing kept) past the caps; the
 * transfer is then ended. Exported for the fuzzer. */
int http_header_line(struct http_response *r, const char *p, size_t len, int in_body);
/* Same scheme, host and port (libcurl's parser, so "127.0.0.1:80" and
 * "127.0.0.1" compare equal over http): the test a same-host redirect's
 * Location must pass. */
int http_same_origin(const char *a, const char *b);

const char *http_header(const struct http_response *r, const char *name);
const char *http_trailer(const struct http_response *r, const char *name);
void http_response_free(struct http_response *r);

#endif
