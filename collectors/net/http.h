/* http.h: every HTTP request gotriage makes, on one libcurl multi handle.
 *
 * Nothing here blocks, except http_run_sync()/http_wait(), which only the
 * non-interactive subcommands use. The console calls http_poll() from its
 * main loop with the terminal and signal fds as extra fds; completed
 * requests invoke their callback from inside http_poll().
 *
 * Every request has a connect timeout, a total timeout and a response size
 * cap; bodies are asked for gzip and decoded by libcurl. Ownership: the
 * client copies everything in the request; the response passed to a
 * callback belongs to the callback (free it with http_response_free). */
#ifndef GOTRIAGE_HTTP_H
#define GOTRIAGE_HTTP_H

#include <poll.h>
#include <stddef.h>

#include "collectors/base/common.h"

#define HTTP_DEFAULT_CAP (512 * MIB)
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
	size_t max_bytes;	    /* 0 means HTTP_DEFAULT_CAP */
	const char *label;	    /* what the status line calls it */
};

struct http_response {
	char *url;
	char *label;
	long status;		 /* 0 when no HTTP response came */
	char *error;		 /* transport error, NULL when a response came */
	int curl_code;		 /* libcurl's CURLcode for the error, 0 ok */
	char *content_type;	 /* NULL when absent */
	struct buf body;	 /* decoded body, up to the cap */
	int truncated;		 /* the cap was hit */
	struct strlist headers;	 /* "Name: value", final response only */
	struct strlist trailers; /* HTTP/2 trailers (gRPC status) */
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

const char *http_header(const struct http_response *r, const char *name);
const char *http_trailer(const struct http_response *r, const char *name);
void http_response_free(struct http_response *r);

#endif
