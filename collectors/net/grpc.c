/* grpc.c: gRPC framing, reflection list_services and health Check (see grpc.h). */
#include "grpc.h"

#include <cJSON.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/protobuf.h"
#include "collectors/base/sanitize.h"

/* ---- framing --------------------------------------------------------- */

void grpc_frame(struct buf *out, const void *msg, size_t len)
{
	uint8_t pfx[5] = {0, (uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8),
			  (uint8_t)len};

	buf_add(out, pfx, sizeof pfx);
	if (len > 0)
		buf_add(out, msg, len);
}

void grpc_reader_init(struct grpc_reader *r, size_t max_message)
{
	buf_init(&r->pending);
	r->off = 0;
	r->max_message = max_message ? max_message : GRPC_MAX_MESSAGE;
	r->error = 0;
}

void grpc_reader_feed(struct grpc_reader *r, const void *p, size_t n)
{
	/* Drop what was consumed before growing, so a long stream stays small. */
	if (r->off > 0) {
		memmove(r->pending.data, r->pending.data + r->off, r->pending.len - r->off);
		r->pending.len -= r->off;
		r->off = 0;
	}
	if (n > 0)
		buf_add(&r->pending, p, n);
}

int grpc_reader_next(struct grpc_reader *r, const uint8_t **msg, size_t *len, int *compressed)
{
	const uint8_t *p;
	size_t avail, n;

	if (r->error)
		return -1;
	avail = r->pending.len - r->off;
	if (avail < 5)
		return 0;
	p = (const uint8_t *)r->pending.data + r->off;
	if (p[0] > 1) {
		r->error = 1; /* the flag is 0 or 1; anything else is not gRPC */
		return -1;
	}
	n = (size_t)p[1] << 24 | (size_t)p[2] << 16 | (size_t)p[3] << 8 | p[4];
	if (n > r->max_message) {
		r->error = 1;
		return -1;
	}
	if (avail - 5 < n)
		return 0;
	*compressed = p[0];
	*msg = p + 5;
	*len = n;
	r->off += 5 + n;
	return 1;
}

size_t grpc_reader_pending(const struct grpc_reader *r)
{
	return r->pending.len - r->off;
}

void grpc_reader_free(struct grpc_reader *r)
{
	buf_free(&r->pending);
	r->off = 0;
}

/* ---- requests -------------------------------------------------------- */

void grpc_reflection_list_request(struct buf *out)
{
	struct buf m;

	buf_init(&m);
	protobuf_put_string(&m, 7, ""); /* list_services: 3A 00 */
	grpc_frame(out, m.data, m.len);
	buf_free(&m);
}

void grpc_health_request(struct buf *out, const char *service)
{
	struct buf m;

	buf_init(&m);
	if (service != NULL && *service != '\0') /* proto3: "" is not encoded */
		protobuf_put_string(&m, 1, service);
	grpc_frame(out, m.data, m.len);
	buf_free(&m);
}

/* ---- response decoders ----------------------------------------------- */

/* Walks the framed messages of a body; calls fn for each. */
static int each_message(const void *body, size_t len,
			int (*fn)(const uint8_t *m, size_t n, void *arg, char **cause), void *arg,
			size_t *count, char **cause)
{
	struct grpc_reader r;
	const uint8_t *m;
	size_t n;
	int compressed, rc = 0, got;

	*count = 0;
	/* The body is already whole: point the reader at it without copying. */
	r.pending.data = (char *)body;
	r.pending.len = len;
	r.pending.cap = 0;
	r.off = 0;
	r.max_message = GRPC_MAX_MESSAGE;
	r.error = 0;
	while ((got = grpc_reader_next(&r, &m, &n, &compressed)) == 1) {
		(*count)++;
		if (compressed)
			return err_set(cause, "the server sent a compressed message we did not ask "
					      "for");
		if ((rc = fn(m, n, arg, cause)) < 0)
			return -1;
	}
	if (got < 0)
		return err_set(cause, "bad gRPC message prefix at byte %zu", r.off);
	if (grpc_reader_pending(&r) > 0)
		return err_set(cause, "the response ends mid-message (%zu bytes left over)",
			       grpc_reader_pending(&r));
	return 0;
}

struct list_ctx {
	struct strlist *services;
};

static int decode_error_response(const uint8_t *m, size_t n, char **cause)
{
	struct protobuf_iter it;
	struct protobuf_field f;
	uint64_t code = 0;
	char *msg = NULL, *clean;
	int rc;

	protobuf_iter_init(&it, m, n);
	while ((rc = protobuf_next(&it, &f)) == 1) {
		if (f.num == 1 && f.wire == PROTOBUF_VARINT)
			code = f.u;
		else if (f.num == 2 && f.wire == PROTOBUF_LEN && msg == NULL)
			msg = xstrndup((const char *)f.data, f.len > 512 ? 512 : f.len);
	}
	clean = sanitize_str(msg != NULL ? msg : "");
	err_set(cause, "reflection error %d %s: %s", (int)(int32_t)code,
		grpc_status_name((int)(int32_t)code), clean);
	free(clean);
	free(msg);
	return -1;
}

static int decode_list_msg(const uint8_t *m, size_t n, void *arg, char **cause)
{
	struct list_ctx *ctx = arg;
	struct protobuf_iter it, it2, it3;
	struct protobuf_field f, g, h;
	int rc;

	protobuf_iter_init(&it, m, n);
	while ((rc = protobuf_next(&it, &f)) == 1) {
		if (f.num == 7 && f.wire == PROTOBUF_LEN)
			return decode_error_response(f.data, f.len, cause);
		if (f.num != 6 || f.wire != PROTOBUF_LEN)
			continue; /* valid_host, original_request, other answers */
		protobuf_iter_init(&it2, f.data, f.len);
		while ((rc = protobuf_next(&it2, &g)) == 1) {
			if (g.num != 1 || g.wire != PROTOBUF_LEN)
				continue;
			protobuf_iter_init(&it3, g.data, g.len);
			while ((rc = protobuf_next(&it3, &h)) == 1) {
				if (h.num != 1 || h.wire != PROTOBUF_LEN)
					continue;
				if (ctx->services->n >= GRPC_MAX_SERVICES)
					return err_set(cause, "more than %d services listed",
						       GRPC_MAX_SERVICES);
				{
					char *name = xstrndup((const char *)h.data, h.len);

					strlist_add(ctx->services, name);
					free(name);
				}
			}
			if (rc < 0)
				return err_set(cause, "malformed ServiceResponse");
		}
		if (rc < 0)
			return err_set(cause, "malformed ListServiceResponse");
	}
	if (rc < 0)
		return err_set(cause, "malformed ServerReflectionResponse");
	return 0;
}

int grpc_decode_list_services(const void *body, size_t len, struct strlist *services, char **cause)
{
	struct list_ctx ctx = {services};
	size_t count;

	if (each_message(body, len, decode_list_msg, &ctx, &count, cause) < 0)
		return -1;
	if (count == 0)
		return err_set(cause, "the reflection response holds no message");
	return 0;
}

static int decode_health_msg(const uint8_t *m, size_t n, void *arg, char **cause)
{
	enum grpc_health *out = arg;
	struct protobuf_iter it;
	struct protobuf_field f;
	int rc;

	*out = GRPC_HEALTH_UNKNOWN; /* proto3 leaves a zero status out */
	protobuf_iter_init(&it, m, n);
	while ((rc = protobuf_next(&it, &f)) == 1)
		if (f.num == 1 && f.wire == PROTOBUF_VARINT)
			*out = f.u <= 3 ? (enum grpc_health)f.u : GRPC_HEALTH_UNKNOWN;
	if (rc < 0)
		return err_set(cause, "malformed HealthCheckResponse");
	return 0;
}

int grpc_decode_health(const void *body, size_t len, enum grpc_health *out, char **cause)
{
	size_t count;

	*out = GRPC_HEALTH_NONE;
	if (each_message(body, len, decode_health_msg, out, &count, cause) < 0) {
		*out = GRPC_HEALTH_NONE;
		return -1;
	}
	if (count != 1) {
		*out = GRPC_HEALTH_NONE;
		return err_set(cause, "Health/Check answered %zu messages, not one", count);
	}
	return 0;
}

/* ---- status ---------------------------------------------------------- */

char *grpc_percent_decode(const char *s)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] == '%' && s[i + 1] != '\0' && hex_digit((unsigned char)s[i + 1]) >= 0 &&
		    s[i + 2] != '\0' && hex_digit((unsigned char)s[i + 2]) >= 0) {
			buf_addc(&b, (char)(hex_digit((unsigned char)s[i + 1]) << 4 |
					    hex_digit((unsigned char)s[i + 2])));
			i += 2;
		} else {
			buf_addc(&b, s[i]);
		}
	}
	buf_add(&b, "", 0);
	return buf_steal(&b);
}

int grpc_status_of(const struct http_response *r, char **message)
{
	const char *st = http_trailer(r, "grpc-status"), *msg;
	long code = 0;

	if (message != NULL)
		*message = NULL;
	if (st == NULL || *st < '0' || *st > '9')
		return -1;
	for (; *st >= '0' && *st <= '9'; st++) {
		code = code * 10 + (*st - '0');
		if (code > 1000000)
			return -1;
	}
	msg = http_trailer(r, "grpc-message");
	if (message != NULL && msg != NULL && *msg != '\0')
		*message = grpc_percent_decode(msg);
	return (int)code;
}

const char *grpc_status_name(int code)
{
	static const char *const names[] = {
	    "OK",
	    "CANCELLED",
	    "UNKNOWN",
	    "INVALID_ARGUMENT",
	    "DEADLINE_EXCEEDED",
	    "NOT_FOUND",
	    "ALREADY_EXISTS",
	    "PERMISSION_DENIED",
	    "RESOURCE_EXHAUSTED",
	    "FAILED_PRECONDITION",
	    "ABORTED",
	    "OUT_OF_RANGE",
	    "UNIMPLEMENTED",
	    "INTERNAL",
	    "UNAVAILABLE",
	    "DATA_LOSS",
	    "UNAUTHENTICATED",
	};

	if (code < 0 || (size_t)code >= ARRAY_LEN(names))
		return "?";
	return names[code];
}

const char *grpc_health_name(enum grpc_health h)
{
	switch (h) {
	case GRPC_HEALTH_NONE:
		return "none";
	case GRPC_HEALTH_UNKNOWN:
		return "UNKNOWN";
	case GRPC_HEALTH_SERVING:
		return "SERVING";
	case GRPC_HEALTH_NOT_SERVING:
		return "NOT_SERVING";
	case GRPC_HEALTH_SERVICE_UNKNOWN:
		return "SERVICE_UNKNOWN";
	}
	return "?";
}

/* ---- the probe chain ------------------------------------------------- */

enum probe_step { STEP_V1, STEP_V1ALPHA, STEP_HEALTH };

struct probe_state {
	struct http_client *c;
	struct grpc_probe *p;
	long timeout_ms;
	grpc_probe_fn done;
	void *arg;
	enum probe_step step;
	int retries; /* of the current step, see on_call */
	double t0;
};

static const char *const step_path[] = {
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
    "/grpc.health.v1.Health/Check",
};

static void on_call(struct http_response *resp, void *arg);

static void start_call(struct probe_state *st)
{
	static const char *const headers[] = {"content-type: application/grpc", "te: trailers",
					      NULL};
	struct http_request req;
	struct buf body;
	char *url = xasprintf("%s%s", st->p->base_url, step_path[st->step]);
	char *label = xasprintf("gRPC %s", st->step == STEP_HEALTH ? "health" : "reflection");

	buf_init(&body);
	if (st->step == STEP_HEALTH)
		grpc_health_request(&body, "");
	else
		grpc_reflection_list_request(&body);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.method = "POST";
	req.body = body.data;
	req.body_len = body.len;
	req.headers = headers;
	req.http2_prior_knowledge = 1;
	req.fresh_connection = 1;
	req.connect_timeout_ms = st->timeout_ms;
	req.timeout_ms = st->timeout_ms;
	req.max_bytes = GRPC_MAX_MESSAGE + 5;
	req.label = label;
	http_start(st->c, &req, on_call, st);
	buf_free(&body);
	free(url);
	free(label);
}

static void finish_probe(struct probe_state *st)
{
	st->p->elapsed_ms = (now_mono() - st->t0) * 1000.0;
	st->done(st->p, st->arg);
	free(st);
}

static char *status_text(int code, const char *msg, long http_status)
{
	char *clean, *s;

	if (code < 0)
		return xasprintf("no grpc-status in the answer (HTTP %ld): not a gRPC server?",
				 http_status);
	clean = sanitize_str(msg != NULL ? msg : "");
	s = xasprintf("grpc-status %d %s%s%s", code, grpc_status_name(code),
		      *clean != '\0' ? ": " : "", clean);
	free(clean);
	return s;
}

/* The current call's stream was reset before any status (see on_call). */
static void on_refused(struct probe_state *st)
{
	static const char why[] = "stream reset before any answer (grpc-go's reply to an "
				  "unknown method; curl lost the status)";
	struct grpc_probe *p = st->p;

	if (st->step == STEP_V1) {
		st->step = STEP_V1ALPHA;
		start_call(st);
		return;
	}
	if (st->step == STEP_V1ALPHA) {
		p->reflection_error = xstrdup(why);
		st->step = STEP_HEALTH;
		start_call(st);
		return;
	}
	p->health_error = xstrdup(why);
	finish_probe(st);
}

static void on_call(struct http_response *resp, void *arg)
{
	struct probe_state *st = arg;
	struct grpc_probe *p = st->p;
	char *msg = NULL;
	int code;

	/* grpc-go answers an unknown method with a Trailers-Only HEADERS frame
	 * and RST_STREAM(NO_ERROR) while curl may still be sending the body;
	 * curl 7.88 then reports a stream error, yet the status did arrive. */
	if (resp->error != NULL && !resp->cancelled && grpc_status_of(resp, NULL) >= 0) {
		free(resp->error);
		resp->error = NULL;
	}
	/* ...and sometimes (1 call in 6 on a loaded loopback) curl loses those
	 * headers altogether. Try again twice; if the stream is still reset
	 * before any answer, the server refused the method: treat it like
	 * UNIMPLEMENTED (which is what grpc-go sent) but say what we saw. */
	if (resp->error != NULL && !resp->cancelled && resp->status == 0 &&
	    resp->curl_code == CURLE_HTTP2_STREAM) {
		if (st->retries < 2) {
			st->retries++;
			http_response_free(resp);
			start_call(st);
			return;
		}
		st->retries = 0;
		http_response_free(resp);
		on_refused(st);
		return;
	}
	st->retries = 0;
	if (resp->cancelled || resp->error != NULL) {
		char *why = resp->cancelled ? xstrdup("cancelled") : sanitize_str(resp->error);

		/* The first call failing at the transport means no h2c at all. */
		if (st->step != STEP_HEALTH && p->error == NULL)
			p->error = xasprintf("%s: %s", step_path[st->step], why);
		if (st->step == STEP_HEALTH)
			p->health_error = xstrdup(why);
		else
			p->reflection_error = xstrdup(why);
		free(why);
		http_response_free(resp);
		finish_probe(st);
		return;
	}
	code = grpc_status_of(resp, &msg);
	if (st->step != STEP_HEALTH) {
		p->reflection_status = code;
		if (st->step == STEP_V1)
			p->v1_status = code;
		if (code == 12 && st->step == STEP_V1) {
			/* grpc-go before 1.57 serves v1alpha only. */
			free(msg);
			http_response_free(resp);
			st->step = STEP_V1ALPHA;
			start_call(st);
			return;
		}
		if (code == 0) {
			char *cause = NULL;

			if (grpc_decode_list_services(resp->body.data, resp->body.len, &p->services,
						      &cause) < 0)
				p->reflection_error = cause;
			else
				p->reflection = st->step == STEP_V1 ? GRPC_REFLECTION_V1
								    : GRPC_REFLECTION_V1ALPHA;
		} else {
			p->reflection_error = status_text(code, msg, resp->status);
		}
		free(msg);
		http_response_free(resp);
		st->step = STEP_HEALTH;
		start_call(st);
		return;
	}
	p->health_status = code;
	if (code == 0) {
		char *cause = NULL;

		if (grpc_decode_health(resp->body.data, resp->body.len, &p->health, &cause) < 0)
			p->health_error = cause;
	} else {
		p->health_error = status_text(code, msg, resp->status);
	}
	free(msg);
	http_response_free(resp);
	finish_probe(st);
}

int grpc_probe_start(struct http_client *c, const char *base_url, long timeout_ms,
		     grpc_probe_fn done, void *arg, char **cause)
{
	struct probe_state *st;
	struct grpc_probe *p;
	size_t n;

	if (base_url == NULL ||
	    (!str_has_prefix(base_url, "http://") && !str_has_prefix(base_url, "https://")))
		return err_set(cause, "gRPC probe: \"%s\" is not an http:// URL",
			       base_url != NULL ? base_url : "(null)");
	p = xcalloc(1, sizeof *p);
	p->base_url = xstrdup(base_url);
	n = strlen(p->base_url);
	while (n > 0 && p->base_url[n - 1] == '/')
		p->base_url[--n] = '\0';
	p->reflection_status = p->v1_status = -1;
	p->health = GRPC_HEALTH_NONE;
	p->health_status = -1;
	st = xcalloc(1, sizeof *st);
	st->c = c;
	st->p = p;
	st->timeout_ms = timeout_ms > 0 ? timeout_ms : 3000;
	st->done = done;
	st->arg = arg;
	st->step = STEP_V1;
	st->t0 = now_mono();
	start_call(st);
	return 0;
}

static void keep_probe(struct grpc_probe *probe, void *arg)
{
	*(struct grpc_probe **)arg = probe;
}

struct grpc_probe *grpc_probe_run(const char *base_url, long timeout_ms)
{
	struct http_client *c = http_client_new();
	struct grpc_probe *p = NULL;
	char *cause = NULL;

	if (grpc_probe_start(c, base_url, timeout_ms, keep_probe, &p, &cause) < 0) {
		p = xcalloc(1, sizeof *p);
		p->base_url = xstrdup(base_url != NULL ? base_url : "");
		p->reflection_status = p->v1_status = p->health_status = -1;
		p->health = GRPC_HEALTH_NONE;
		p->error = cause;
	}
	http_wait(c);
	http_client_free(c);
	return p;
}

void grpc_probe_free(struct grpc_probe *p)
{
	if (p == NULL)
		return;
	free(p->base_url);
	strlist_free(&p->services);
	free(p->reflection_error);
	free(p->health_error);
	free(p->error);
	free(p);
}

cJSON *grpc_probe_to_json(const struct grpc_probe *p)
{
	static const char *const refl[] = {NULL, "v1", "v1alpha"};
	cJSON *o = cJSON_CreateObject();

	sanitize_json_add(o, "url", p->base_url);
	sanitize_json_add(o, "reflection", refl[p->reflection]);
	if (p->v1_status >= 0)
		cJSON_AddNumberToObject(o, "v1_status", p->v1_status);
	else
		cJSON_AddNullToObject(o, "v1_status");
	cJSON_AddItemToObject(o, "services", sanitize_json_list(&p->services, sanitize_str));
	sanitize_json_add(o, "reflection_error", p->reflection_error);
	sanitize_json_add(o, "health",
			  p->health == GRPC_HEALTH_NONE ? NULL : grpc_health_name(p->health));
	sanitize_json_add(o, "health_error", p->health_error);
	sanitize_json_add(o, "error", p->error);
	cJSON_AddNumberToObject(o, "elapsed_ms", p->elapsed_ms);
	return o;
}
