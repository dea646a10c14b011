/* http.c: the libcurl multi client behind every fetch. */
#include "http.h"

#include "curlso.h"
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
	size_t cap;
	int body_started;
	double started;
	struct xfer *next;
};

struct http_client {
	CURLM *multi;
	struct xfer *xfers; /* oldest last */
	int next_id;
};

/* libcurl, loaded on first use; every call below goes through K. */
static const struct curl_api *K;

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

	x->body_started = 1;
	room = x->cap > x->resp->body.len ? x->cap - x->resp->body.len : 0;
	if (len > room) {
		buf_add(&x->resp->body, p, room);
		x->resp->truncated = 1;
		return 0; /* aborts the transfer: the cap is reached */
	}
	buf_add(&x->resp->body, p, len);
	return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;
	char *line;

	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		/* A new response (after a redirect or 100-continue): start over. */
		strlist_free(&x->resp->headers);
		return len;
	}
	line = xstrndup(p, len);
	str_trim(line);
	if (*line != '\0' && strchr(line, ':') != NULL)
		strlist_add(x->body_started ? &x->resp->trailers : &x->resp->headers, line);
	free(line);
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
	x->started = now_mono();
	x->resp = xcalloc(1, sizeof *x->resp);
	x->resp->url = xstrdup(req->url);
	x->resp->label = xstrdup(req->label ? req->label : req->url);
	buf_init(&x->resp->body);

	K->easy_setopt(e, CURLOPT_URL, req->url);
	K->easy_setopt(e, CURLOPT_PRIVATE, x);
	K->easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	K->easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	K->easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	K->easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	K->easy_setopt(e, CURLOPT_MAXREDIRS, 3L);
	K->easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
		       req->connect_timeout_ms ? req->connect_timeout_ms : 2000L);
	K->easy_setopt(e, CURLOPT_TIMEOUT_MS, req->timeout_ms ? req->timeout_ms : 10000L);
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

static void finish(struct http_client *c, struct xfer *x, CURLcode rc)
{
	struct http_response *r = x->resp;
	struct xfer **pp;
	char *ct = NULL;
	curl_off_t t;

	K->easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->status);
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
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && r->truncated)) {
		r->curl_code = (int)rc;
		if (rc == CURLE_OPERATION_TIMEDOUT && r->status == 0)
			r->error =
			    xasprintf("no answer within the time limit (%.1f s)", r->t_total);
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
	buf_free(&r->body);
	strlist_free(&r->headers);
	strlist_free(&r->trailers);
	free(r);
}
