/* pollrec.c: the journal line of a goroutine-total poll (see pollrec.h). */
#include "pollrec.h"

#include <cJSON.h>

#include "collectors/proc/procfs.h"

void pollrec_total(struct pane_ctx *ctx, const struct http_response *r, long goroutines,
		   const char *error)
{
	cJSON *e = cJSON_CreateObject();
	const struct procinfo *p = ctx->target->proc;
	long long rss = -1;

	/* A remote target's PID is on another host: its resident size came
	 * with the last process part from there, never from this /proc. */
	if (ctx->remote && p != NULL && p->doc_rss_bytes > 0)
		rss = p->doc_rss_bytes;
	else if (!ctx->remote && ctx->target->pid)
		rss = procfs_rss_bytes(ctx->target->pid);

	cJSON_AddStringToObject(e, "what", "goroutine total (debug=1)");
	cJSON_AddStringToObject(e, "series", "poll");
	if (error != NULL)
		cJSON_AddStringToObject(e, "error", error);
	else if (goroutines >= 0)
		cJSON_AddNumberToObject(e, "goroutines", (double)goroutines);
	if (rss >= 0)
		cJSON_AddNumberToObject(e, "rss", (double)rss);
	cJSON_AddNumberToObject(e, "status", (double)r->status);
	cJSON_AddNumberToObject(e, "size", (double)r->body.len);
	cJSON_AddNumberToObject(e, "duration", (double)(long)(r->t_total * 1e4) / 1e4);
	ctx->record(ctx, "fetch", e);
}
