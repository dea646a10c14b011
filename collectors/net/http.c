/* http.c: the libcurl multi client behind every fetch. */
#include "http.h"

#include "curlso.h"
#include "meter.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct xfer {
	int id;
	CURL *easy;
	struct http_response *resp;
	http_done_fn done;
	void *arg;
	struct curl_slist *hdrs;
	char *body;
	size_t cap, wire_cap;
	int body_started;
	double started;
	enum http_redirects redirects;
	int hops;
	int not_service;  /* not counted by the meter */
	double win_start; /* low-speed window: when it started */
	curl_off_t win_bytes;
	struct xfer *next;
};

struct http_client {
	CURLM *multi;
	struct xfer *xfers; /* oldest last */
	int next_id;
};

/* libcurl, loaded on first use; every call below goes through K. */
static const struct curl_api *K;

static struct http_limits limits = {2000, 0, 1024, 10000};

const struct http_limits *http_limits_get(void)
{
	return &limits;
}

void http_limits_set(const struct http_limits *l)
{
	limits = *l;
}

int http_limits_flag(struct http_limits *l, int argc, char **argv, int *i, char **cause)
{
	static const char *const names[] = {"--connect-timeout", "--timeout", "--low-speed-time"};
	const char *a = argv[*i], *v, *eq = strchr(a, '=');
	size_t n = eq ? (size_t)(eq - a) : strlen(a), k;
	char *end;
	double s;

	for (k = 0; k < ARRAY_LEN(names); k++)
		if (strlen(names[k]) == n && strncmp(a, names[k], n) == 0)
			break;
	if (k == ARRAY_LEN(names))
		return 0;
	if (eq != NULL)
		v = eq + 1;
	else if (*i + 1 < argc)
		v = argv[++*i];
	else
		return err_set(cause, "%s needs a number of seconds", names[k]);
	errno = 0;
	s = strtod(v, &end);
	if (errno != 0 || end == v || *end != '\0' || !(s >= 0.1 && s <= 3600))
		return err_set(cause, "%s %s: give seconds between 0.1 and 3600", names[k], v);
	if (k == 0)
		l->connect_ms = (long)(s * 1000);
	else if (k == 1)
		l->total_ms = (long)(s * 1000);
	else
		l->low_speed_ms = (long)(s * 1000);
	return 1;
}

int http_limits_arg(int argc, char **argv, int *i, char **cause)
{
	struct http_limits l = limits;
	int rc = http_limits_flag(&l, argc, argv, i, cause);

	if (rc > 0)
		limits = l;
	return rc;
}

static void global_init(void)
{
	const char *why = NULL;

	if (K == NULL && (K = curlso_get(&why)) == NULL)
		fatal("%s", why);
}

struct http_client *http_client_new(void)
{
	struct http_client *c = xcalloc(1, sizeof *c);

	global_init();
	c->multi = K->multi_init();
	if (c->multi == NULL)
		fatal("curl_multi_init failed");
	/* Gentle on the target: route probes and the like queue behind at
	 * most this many connections to one host. */
	K->multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)HTTP_MAX_PER_HOST);
	c->next_id = 1;
	return c;
}

static void xfer_free(struct http_client *c, struct xfer *x)
{
	K->multi_remove_handle(c->multi, x->easy);
	K->easy_cleanup(x->easy);
	K->slist_free_all(x->hdrs);
	free(x->body);
	free(x);
}

/* Grows the body to hold n more bytes, never reserving past the cap. */
static void body_add(struct xfer *x, const char *p, size_t n)
{
	struct buf *b = &x->resp->body;
	size_t need = b->len + n + 1;

	if (need > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 16384;

		if (ncap < need)
			ncap = need;
		if (ncap > x->cap + 1)
			ncap = x->cap + 1 > need ? x->cap + 1 : need;
		b->data = xrealloc(b->data, ncap);
		b->cap = ncap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void http_client_free(struct http_client *c)
{
	if (c == NULL)
		return;
	while (c->xfers != NULL) {
		struct xfer *x = c->xfers;

		c->xfers = x->next;
		http_response_free(x->resp);
		xfer_free(c, x);
	}
	K->multi_cleanup(c->multi);
	free(c);
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n, room;
	curl_off_t wire = 0;

	x->body_started = 1;
	/* The wire count, here too: progress calls come only every so often. */
	if (K->easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &wire) == CURLE_OK &&
	    (size_t)wire > x->wire_cap) {
		x->resp->truncated = 1;
		x->resp->cut_on_wire = 1;
		return 0;
	}
	room = x->cap > x->resp->body.len ? x->cap - x->resp->body.len : 0;
	if (len > room) {
		body_add(x, p, room);
		x->resp->truncated = 1;
		return 0; /* aborts the transfer: the cap is reached */
	}
	body_add(x, p, len);
	return len;
}

/* Counts wire bytes (before decoding) against the wire cap, and enforces
 * the low-speed limit once the answer started: waiting for the first byte
 * is bounded by the total timeout only, since debug=2 stops the world
 * before it sends anything. */
static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	struct xfer *x = arg;
	double now = now_mono();

	(void)dltotal, (void)ultotal, (void)ulnow;
	if ((size_t)dlnow > x->wire_cap) {
		x->resp->truncated = 1;
		x->resp->cut_on_wire = 1;
		return 1;
	}
	if (dlnow == 0 || limits.low_speed_bytes <= 0 || limits.low_speed_ms <= 0)
		return 0;
	if (x->win_start == 0) {
		x->win_start = now;
		x->win_bytes = dlnow;
	} else if ((now - x->win_start) * 1000 >= (double)limits.low_speed_ms) {
		if (dlnow - x->win_bytes < limits.low_speed_bytes) {
			x->resp->slow = 1;
			return 1;
		}
		x->win_start = now;
		x->win_bytes = dlnow;
	}
	return 0;
}

int http_header_line(struct http_response *r, const char *p, size_t len, int in_body)
{
	struct strlist *l = in_body ? &r->trailers : &r->headers;
	char *line;

	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		/* A new response (after a redirect or 100-continue): start over. */
		strlist_free(&r->headers);
		r->header_bytes = 0;
		return 0;
	}
	/* A server that sends headers for ever is not kept in memory. */
	if (l->n >= HTTP_MAX_HEADER_LINES || r->header_bytes + len > HTTP_MAX_HEADER_BYTES)
		return -1;
	line = xstrndup(p, len);
	str_trim(line);
	if (*line != '\0' && strchr(line, ':') != NULL) {
		strlist_add(l, line);
		r->header_bytes += len;
	}
	free(line);
	return 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	if (http_header_line(x->resp, p, len, x->body_started) < 0) {
		x->resp->too_many_headers = 1;
		return 0; /* libcurl ends the transfer (CURLE_WRITE_ERROR) */
	}
	return len;
}

int http_start(struct http_client *c, const struct http_request *req, http_done_fn done, void *arg)
{
	struct xfer *x = xcalloc(1, sizeof *x);
	CURL *e = K->easy_init();

	if (e == NULL)
		fatal("curl_easy_init failed");
	x->id = c->next_id++;
	x->easy = e;
	x->done = done;
	x->arg = arg;
	x->cap = req->max_bytes ? req->max_bytes : HTTP_DEFAULT_CAP;
	/* By default the wire cap is the decoded one plus a read's worth, so
	 * a plain body meets the exact decoded cap first. */
	x->wire_cap = req->max_wire_bytes ? req->max_wire_bytes : x->cap + 65536;
	x->redirects = req->redirects;
	x->not_service = req->not_service;
	x->started = now_mono();
	x->resp = xcalloc(1, sizeof *x->resp);
	x->resp->url = xstrdup(req->url);
	x->resp->label = xstrdup(req->label ? req->label : req->url);
	x->resp->cap = x->cap;
	buf_init(&x->resp->body);

	K->easy_setopt(e, CURLOPT_URL, req->url);
	K->easy_setopt(e, CURLOPT_PRIVATE, x);
	K->easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	K->easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	K->easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* Only HTTP_REDIRECT_ANY lets libcurl follow; same-host hops are
	 * checked and taken in finish(). */
	K->easy_setopt(e, CURLOPT_FOLLOWLOCATION, req->redirects == HTTP_REDIRECT_ANY ? 1L : 0L);
	K->easy_setopt(e, CURLOPT_MAXREDIRS, (long)HTTP_MAX_REDIRECTS);
	{
		long conn = req->connect_timeout_ms ? req->connect_timeout_ms : 2000L;
		long total = req->timeout_ms ? req->timeout_ms : 10000L;

		if (conn < limits.connect_ms)
			conn = limits.connect_ms;
		if (total < limits.total_ms)
			total = limits.total_ms;
		if (total < conn)
			total = conn;
		K->easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, conn);
		K->easy_setopt(e, CURLOPT_TIMEOUT_MS, total);
	}
	K->easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	K->easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
	K->easy_setopt(e, CURLOPT_XFERINFODATA, x);
	K->easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip");
	K->easy_setopt(e, CURLOPT_USERAGENT, "gotriage/" GOTRIAGE_VERSION);
	K->easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	K->easy_setopt(e, CURLOPT_WRITEDATA, x);
	K->easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	K->easy_setopt(e, CURLOPT_HEADERDATA, x);
	/* Never pick up proxies from the environment for loopback targets. */
	K->easy_setopt(e, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
	if (req->http2_prior_knowledge)
		K->easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
	if (req->fresh_connection) {
		K->easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
		K->easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	}
	if (req->method != NULL && strcmp(req->method, "HEAD") == 0)
		K->easy_setopt(e, CURLOPT_NOBODY, 1L);
	else if (req->method != NULL && strcmp(req->method, "GET") != 0)
		K->easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
	if (req->body != NULL) {
		x->body = xmalloc(req->body_len);
		memcpy(x->body, req->body, req->body_len);
		K->easy_setopt(e, CURLOPT_POSTFIELDS, x->body);
		K->easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
	for (const char *const *h = req->headers; h != NULL && *h != NULL; h++)
		x->hdrs = K->slist_append(x->hdrs, *h);
	if (x->hdrs != NULL)
		K->easy_setopt(e, CURLOPT_HTTPHEADER, x->hdrs);

	x->next = c->xfers;
	c->xfers = x;
	K->multi_add_handle(c->multi, e);
	return x->id;
}

int http_same_origin(const char *a, const char *b)
{
	char *sa = NULL, *ha = NULL, *sb = NULL, *hb = NULL;
	int pa = 0, pb = 0, same;

	same = http_url_parts(a, &sa, &ha, &pa) == 0 && http_url_parts(b, &sb, &hb, &pb) == 0 &&
	       strcasecmp(sa, sb) == 0 && strcasecmp(ha, hb) == 0 && pa == pb;
	free(sa);
	free(ha);
	free(sb);
	free(hb);
	return same;
}

/* A 3xx on a same-host request: restarts the transfer at the Location
 * when it stays on the same origin. Returns 1 when it did. */
static int follow_same_host(struct http_client *c, struct xfer *x)
{
	struct http_response *r = x->resp;
	char *loc = NULL;

	if (x->redirects != HTTP_REDIRECT_SAME_HOST || r->status < 300 || r->status > 399 ||
	    x->hops >= HTTP_MAX_REDIRECTS ||
	    K->easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &loc) != CURLE_OK || loc == NULL ||
	    !http_same_origin(r->url, loc))
		return 0;
	x->hops++;
	free(r->url);
	r->url = xstrdup(loc);
	buf_reset(&r->body);
	strlist_free(&r->headers);
	strlist_free(&r->trailers);
	r->header_bytes = 0;
	r->truncated = r->cut_on_wire = r->slow = 0;
	r->status = 0;
	x->body_started = 0;
	x->win_start = 0;
	K->multi_remove_handle(c->multi, x->easy);
	K->easy_setopt(x->easy, CURLOPT_URL, r->url);
	K->multi_add_handle(c->multi, x->easy);
	return 1;
}

static void finish(struct http_client *c, struct xfer *x, CURLcode rc)
{
	struct http_response *r = x->resp;
	struct xfer **pp;
	char *ct = NULL, *loc = NULL;
	curl_off_t t;

	K->easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->status);
	if (rc == CURLE_OK && !r->cancelled && follow_same_host(c, x))
		return;
	if (r->status >= 300 && r->status <= 399 &&
	    K->easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc != NULL)
		r->redirect_to = xstrdup(loc);
	if (K->easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct != NULL)
		r->content_type = xstrdup(ct);
	if (K->easy_getinfo(x->easy, CURLINFO_NAMELOOKUP_TIME_T, &t) == CURLE_OK)
		r->t_dns = (double)t / 1e6;
	if (K->easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &t) == CURLE_OK)
		r->t_connect = (double)t / 1e6;
	if (K->easy_getinfo(x->easy, CURLINFO_STARTTRANSFER_TIME_T, &t) == CURLE_OK)
		r->t_first_byte = (double)t / 1e6;
	r->t_total = now_mono() - x->started;
	if (K->easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &t) == CURLE_OK)
		r->wire_bytes = (size_t)t;
	if (!x->not_service)
		meter_add(r->t_total, r->wire_bytes);
	if (rc != CURLE_OK && !((rc == CURLE_WRITE_ERROR || rc == CURLE_ABORTED_BY_CALLBACK) &&
				r->truncated && !r->cancelled)) {
		r->curl_code = (int)rc;
		if (r->slow)
			r->error = xasprintf("the answer stalled: under %ld bytes in %.0f s "
					     "(%zu bytes in %.1f s); gave up",
					     limits.low_speed_bytes, limits.low_speed_ms / 1000.0,
					     r->wire_bytes, r->t_total);
		else if (rc == CURLE_OPERATION_TIMEDOUT && r->status == 0)
			r->error =
			    xasprintf("no answer within the time limit (%.1f s)", r->t_total);
		else if (rc == CURLE_OPERATION_TIMEDOUT)
			r->error = xasprintf("HTTP %ld, but the answer did not complete within the "
					     "time limit (%zu bytes in %.1f s)",
					     r->status, r->wire_bytes, r->t_total);
		else if (r->too_many_headers)
			r->error =
			    xasprintf("more than %d header lines or %d KiB of headers; gave up",
				      HTTP_MAX_HEADER_LINES, HTTP_MAX_HEADER_BYTES / 1024);
		else
			r->error = xstrdup(K->easy_strerror(rc));
	}
	for (pp = &c->xfers; *pp != NULL; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	x->resp = NULL;
	if (x->done != NULL)
		x->done(r, x->arg);
	else
		http_response_free(r);
	xfer_free(c, x);
}

static void drain(struct http_client *c)
{
	CURLMsg *m;
	int left;

	while ((m = K->multi_info_read(c->multi, &left)) != NULL) {
		struct xfer *x = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		K->easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x != NULL)
			finish(c, x, m->data.result);
	}
}

void http_cancel(struct http_client *c, int id)
{
	for (struct xfer *x = c->xfers; x != NULL; x = x->next)
		if (x->id == id) {
			x->resp->cancelled = 1;
			finish(c, x, CURLE_ABORTED_BY_CALLBACK);
			return;
		}
}

void http_cancel_all(struct http_client *c)
{
	while (c->xfers != NULL) {
		c->xfers->resp->cancelled = 1;
		finish(c, c->xfers, CURLE_ABORTED_BY_CALLBACK);
	}
}

int http_active(const struct http_client *c)
{
	int n = 0;

	for (const struct xfer *x = c->xfers; x != NULL; x = x->next)
		n++;
	return n;
}

int http_poll(struct http_client *c, struct pollfd *extra, unsigned nextra, int timeout_ms)
{
	struct curl_waitfd w[16];
	int running = 0, numfds = 0;
	unsigned n = nextra < ARRAY_LEN(w) ? nextra : ARRAY_LEN(w);

	for (unsigned i = 0; i < n; i++) {
		w[i].fd = extra[i].fd;
		w[i].events = extra[i].events;
		w[i].revents = 0;
	}
	K->multi_poll(c->multi, w, n, timeout_ms, &numfds);
	for (unsigned i = 0; i < n; i++)
		extra[i].revents = w[i].revents;
	K->multi_perform(c->multi, &running);
	drain(c);
	return numfds;
}

int http_progress(const struct http_client *c, const char **label, size_t *bytes, double *elapsed)
{
	const struct xfer *oldest = NULL;

	for (const struct xfer *x = c->xfers; x != NULL; x = x->next)
		oldest = x;
	if (oldest == NULL)
		return 0;
	*label = oldest->resp->label;
	*bytes = oldest->resp->body.len;
	*elapsed = now_mono() - oldest->started;
	return 1;
}

void http_wait(struct http_client *c)
{
	while (c->xfers != NULL)
		http_poll(c, NULL, 0, 100);
}

static void keep(struct http_response *r, void *arg)
{
	*(struct http_response **)arg = r;
}

struct http_response *http_run_sync(const struct http_request *req)
{
	struct http_client *c = http_client_new();
	struct http_response *r = NULL;

	http_start(c, req, keep, &r);
	http_wait(c);
	http_client_free(c);
	return r;
}

int http_url_parts(const char *url, char **scheme, char **host, int *port)
{
	CURLU *u;
	char *sc = NULL, *h = NULL, *p = NULL;
	int rc = -1;

	global_init();
	u = K->url();
	if (K->url_set(u, CURLUPART_URL, url, CURLU_GUESS_SCHEME) == CURLUE_OK &&
	    K->url_get(u, CURLUPART_SCHEME, &sc, 0) == CURLUE_OK &&
	    K->url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    K->url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK && p != NULL) {
		*scheme = xstrdup(sc);
		*host = xstrdup(h);
		*port = atoi(p);
		rc = 0;
	}
	K->free(sc);
	K->free(h);
	K->free(p);
	K->url_cleanup(u);
	return rc;
}

static const char *find_field(const struct strlist *l, const char *name)
{
	size_t nl = strlen(name);

	for (size_t i = 0; i < l->n; i++) {
		const char *h = l->v[i];

		if (strncasecmp(h, name, nl) == 0 && h[nl] == ':') {
			h += nl + 1;
			while (*h == ' ' || *h == '\t')
				h++;
			return h;
		}
	}
	return NULL;
}

char *http_problem(const struct http_response *r)
{
	if (r->cancelled)
		return xstrdup("cancelled");
	if (r->error != NULL)
		return xstrdup(r->error);
	if (r->redirect_to != NULL)
		return xasprintf("answered HTTP %ld, a redirect to %s (not followed)", r->status,
				 r->redirect_to);
	if (r->status != 200)
		return xasprintf("answered HTTP %ld", r->status);
	if (r->truncated && r->cut_on_wire)
		return xasprintf("the answer was cut after %zu KiB on the wire (the cap), not "
				 "read whole",
				 r->wire_bytes / 1024);
	if (r->truncated)
		return xasprintf("the answer was cut at the %zu %s cap (%zu bytes on the wire): "
				 "larger than this fetch can legitimately be, not read whole",
				 r->cap >= MIB ? r->cap / MIB : r->cap / 1024,
				 r->cap >= MIB ? "MiB" : "KiB", r->wire_bytes);
	return NULL;
}

const char *http_header(const struct http_response *r, const char *name)
{
	return find_field(&r->headers, name);
}

const char *http_trailer(const struct http_response *r, const char *name)
{
	const char *v = find_field(&r->trailers, name);

	/* A "Trailers-Only" gRPC answer carries its status in the headers. */
	return v != NULL ? v : find_field(&r->headers, name);
}

void http_response_free(struct http_response *r)
{
	if (r == NULL)
		return;
	free(r->url);
	free(r->label);
	free(r->error);
	free(r->content_type);
	free(r->redirect_to);
	buf_free(&r->body);
	strlist_free(&r->headers);
	strlist_free(&r->trailers);
	free(r);
}
