/* fuzz_httphdr.c: libFuzzer target for what a hostile server's headers
 * reach: each input line goes through http_header_line() as libcurl would
 * hand it over (the first byte's low bit: headers or trailers), then the
 * lookups a caller makes, the redirect test a Location must pass
 * (http_same_origin against the debug URL) and the one-line problem. The
 * caps must hold whatever comes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/net/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_response r;
	const char *s = (const char *)data, *end = s + size, *loc;
	char *why;

	if (size < 1)
		return 0;
	memset(&r, 0, sizeof r);
	r.url = xstrdup("http://127.0.0.1:6060/debug/pprof/");
	r.status = 302;
	for (const char *p = s + 1; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		(void)http_header_line(&r, p, n, data[0] & 1);
		p += n;
	}
	if (r.headers.n > HTTP_MAX_HEADER_LINES || r.trailers.n > HTTP_MAX_HEADER_LINES ||
	    r.header_bytes > HTTP_MAX_HEADER_BYTES)
		abort();
	(void)http_header(&r, "Content-Type");
	(void)http_trailer(&r, "grpc-status");
	loc = http_header(&r, "Location");
	if (loc != NULL) {
		(void)http_same_origin(r.url, loc);
		(void)http_same_origin(loc, loc);
		r.redirect_to = xstrdup(loc);
	}
	if (!http_same_origin(r.url, r.url))
		abort();
	why = http_problem(&r);
	if (why == NULL)
		abort(); /* a 302 is always a problem */
	free(why);
	free(r.url);
	r.url = NULL;
	free(r.redirect_to);
	r.redirect_to = NULL;
	strlist_free(&r.headers);
	strlist_free(&r.trailers);
	return 0;
}
