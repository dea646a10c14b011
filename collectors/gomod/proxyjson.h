/* proxyjson.h: the one JSON form of a GOPROXY walk (struct proxyprobe,
 * collectors/net/proxyprobe.h), written by `gotriage modules --json` (its
 * "proxy" object) and by the facts document's "proxy" part (facts_doc.h),
 * so both carry the same keys:
 *   {"entries":[{"url","kind","fallback_on_error","probe_url","outcome",
 *                "status","error","t_dns","t_connect","t_total"}...],
 *    "module","parse_error","served","served_by","direct_reached",
 *    "dead_first","decision","walk":[...]}
 * "kind" and "outcome" are names ("url", "direct", "off", "noproxy";
 * "not run", "ok", "not found", "error", "not probed"); strings that are
 * NULL are left out. Every string goes through `clean` (redact_text for
 * a document, redact + sanitize for a terminal), a function returning a
 * new string; entry URLs may hold credentials, so `clean` must mask.
 *
 * The _from_name functions read a kind/outcome back: a name above, or the
 * number facts documents of version 1 wrote; -1 for anything else. */
#ifndef GOTRIAGE_PROXYJSON_H
#define GOTRIAGE_PROXYJSON_H

#include "collectors/net/proxyprobe.h"

struct cJSON;

struct cJSON *proxyjson_new(const struct proxyprobe *p, char *(*clean)(const char *));
const char *proxyjson_kind_name(enum proxyprobe_kind k);
int proxyjson_kind_from(const struct cJSON *v);
int proxyjson_outcome_from(const struct cJSON *v);

#endif
