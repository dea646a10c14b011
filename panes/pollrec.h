/* pollrec.h: the journal line of one poll of the service's goroutine
 * total (debug=1), the same from every pane that polls it: what, the
 * series the report draws ("poll"), the total or the error, the target's
 * RSS (local targets only), the HTTP status, the body size and the
 * fetch's duration. The journal then holds every poll the console made,
 * with what it took. */
#ifndef GOTRIAGE_POLLREC_H
#define GOTRIAGE_POLLREC_H

#include "pane.h"

/* goroutines < 0 or error != NULL: the poll gave no total. */
void pollrec_total(struct pane_ctx *ctx, const struct http_response *r, long goroutines,
		   const char *error);

#endif
