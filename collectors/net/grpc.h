/* grpc.h: gRPC over libcurl's HTTP/2 (prior knowledge, h2c): message
 * framing, server reflection's list_services and grpc.health.v1 Check.
 *
 * Framing (docs/formats.md section 9): every message is a 5-byte prefix (compressed
 * flag, big-endian u32 length) then the bytes; message boundaries have
 * nothing to do with reads, so struct grpc_reader reassembles them.
 * The decoders (grpc_decode_*) are pure functions over a response body and
 * are fuzzed; grpc_probe_*() does the calls through collectors/net/http.h.
 *
 * A probe asks reflection v1 first and falls back to v1alpha when v1
 * answers grpc-status 12 (UNIMPLEMENTED), as grpcurl does, then calls
 * Health/Check with service "" (overall health). Console: start it with
 * grpc_probe_start() on the console's http client; the callback receives
 * the finished struct grpc_probe and owns it (grpc_probe_free(), accepts
 * NULL). Cancel with http_cancel_all() before http_client_free(), so the
 * callback runs (with `error` set) and nothing leaks. Subcommands call
 * grpc_probe_run(), which blocks. Service names come from the target:
 * sanitize_str() them before display. */
#ifndef GOTRIAGE_GRPC_H
#define GOTRIAGE_GRPC_H

#include <stddef.h>
#include <stdint.h>

#include "collectors/base/common.h"
#include "http.h"

#define GRPC_MAX_MESSAGE (4 * MIB) /* grpc-go's default receive limit */
#define GRPC_MAX_SERVICES 4096

/* Appends msg[0..len) with its 5-byte prefix (uncompressed). */
void grpc_frame(struct buf *out, const void *msg, size_t len);

/* Reassembles messages from arbitrary chunks. */
struct grpc_reader {
	struct buf pending; /* bytes fed, not yet consumed */
	size_t off;	    /* start of the next message in pending */
	size_t max_message; /* larger prefixes are an error */
	int error;
};
void grpc_reader_init(struct grpc_reader *r, size_t max_message);
void grpc_reader_feed(struct grpc_reader *r, const void *p, size_t n);
/* Returns 1 with the next whole message (pointing into the reader, valid
 * until the next feed/free), 0 when more bytes are needed, -1 on a bad or
 * oversized prefix. *compressed tells the flag (we never ask for
 * compression, so a compressed message is reported, not decoded). */
int grpc_reader_next(struct grpc_reader *r, const uint8_t **msg, size_t *len, int *compressed);
/* Bytes of an incomplete message still pending (non-zero at the end of a
 * body means it was cut). */
size_t grpc_reader_pending(const struct grpc_reader *r);
void grpc_reader_free(struct grpc_reader *r);

/* Request bodies, framed. */
void grpc_reflection_list_request(struct buf *out);		/* list_services: "" */
void grpc_health_request(struct buf *out, const char *service); /* "" = whole server */

enum grpc_health {
	GRPC_HEALTH_NONE = -1, /* not answered (see health_error) */
	GRPC_HEALTH_UNKNOWN = 0,
	GRPC_HEALTH_SERVING = 1,
	GRPC_HEALTH_NOT_SERVING = 2,
	GRPC_HEALTH_SERVICE_UNKNOWN = 3,
};

/* Decodes a ServerReflectionInfo response body (one or more framed
 * ServerReflectionResponse messages) and appends every service name to
 * services (at most GRPC_MAX_SERVICES). An error_response becomes -1 with
 * "reflection error CODE: MESSAGE". Returns 0 or -1 with *cause. */
int grpc_decode_list_services(const void *body, size_t len, struct strlist *services, char **cause);
/* Decodes a Health/Check response body (one framed HealthCheckResponse; an
 * empty message means UNKNOWN). */
int grpc_decode_health(const void *body, size_t len, enum grpc_health *out, char **cause);

/* grpc-status and grpc-message from a response's trailers, or from its
 * headers for a Trailers-Only answer. Returns the code (0..16, or another
 * number the server sent), or -1 when absent (a broken proxy or not gRPC);
 * *message (may be NULL) gets the percent-decoded grpc-message or NULL. */
int grpc_status_of(const struct http_response *r, char **message);
/* Percent-decodes a grpc-message value (invalid escapes are kept as is). */
char *grpc_percent_decode(const char *s);

enum grpc_reflection {
	GRPC_REFLECTION_NONE = 0, /* neither version answered */
	GRPC_REFLECTION_V1,
	GRPC_REFLECTION_V1ALPHA,
};

struct grpc_probe {
	char *base_url; /* "http://127.0.0.1:50051" */
	enum grpc_reflection reflection;
	int reflection_status;	 /* last grpc-status from reflection, -1 none */
	int v1_status;		 /* grpc-status of the v1 attempt (12 before the
				  * v1alpha fallback), -1 when none came */
	struct strlist services; /* "<package>.<Service>", as the server sent them */
	char *reflection_error;	 /* NULL when the list came back */
	enum grpc_health health;
	int health_status; /* grpc-status of Check, -1 none */
	char *health_error;
	double elapsed_ms; /* all calls */
	char *error;	   /* transport failure or cancel, NULL otherwise */
};

typedef void (*grpc_probe_fn)(struct grpc_probe *probe, void *arg);

/* Starts the probe chain on the client; timeout_ms bounds each call
 * (0 means 3000). Returns 0 (the callback will run), or -1 with *cause for
 * a bad URL. */
int grpc_probe_start(struct http_client *c, const char *base_url, long timeout_ms,
		     grpc_probe_fn done, void *arg, char **cause);
/* Blocking, for subcommands. Never NULL. */
struct grpc_probe *grpc_probe_run(const char *base_url, long timeout_ms);
void grpc_probe_free(struct grpc_probe *p);
struct cJSON *grpc_probe_to_json(const struct grpc_probe *p);

const char *grpc_status_name(int code);		  /* "UNIMPLEMENTED", ... "?" */
const char *grpc_health_name(enum grpc_health h); /* "SERVING", ... */

#endif
