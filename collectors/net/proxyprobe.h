/* proxyprobe.h: can this host fetch modules the way GOPROXY says?
 *
 * proxyprobe_parse() splits GOPROXY exactly as modfetch's proxyList does:
 * entries separated by ',' or '|', the separator *after* an entry deciding
 * what a failure of that entry means (',' falls through only on 404/410,
 * '|' on any error, timeouts included); "off" and "direct" end the list;
 * a bare host gets "https://"; a non-empty GONOPROXY (unless GOPROXY is
 * "direct") puts "noproxy" first, which serves only matching modules.
 * proxyprobe_run() GETs "$entry/<escaped module>/@v/list" for every URL
 * entry at once through http.h (file:// entries are looked up on disk)
 * with DNS/connect/total timings; proxyprobe_decide() then walks the list
 * as TryProxies would and says what the go command would do.
 *
 * Entry URLs may hold credentials: show them only through redact_text().
 * Ownership: the struct owns its strings; proxyprobe_free() (NULL is fine). */
#ifndef GOTRIAGE_PROXYPROBE_H
#define GOTRIAGE_PROXYPROBE_H

#include <stddef.h>

#include "collectors/base/common.h"

enum proxyprobe_kind {
	PROXYPROBE_URL,
	PROXYPROBE_DIRECT,
	PROXYPROBE_OFF,
	PROXYPROBE_NOPROXY,
};

enum proxyprobe_outcome {
	PROXYPROBE_NOT_RUN = 0,
	PROXYPROBE_OK,	      /* 200 */
	PROXYPROBE_NOT_FOUND, /* 404 or 410, or a missing file: "try the next one" */
	PROXYPROBE_ERROR,     /* any other status, DNS, connect or timeout */
	PROXYPROBE_UNPROBED,  /* direct/off/noproxy: nothing to fetch here */
};

struct proxyprobe_entry {
	char *url; /* as configured (normalised), raw */
	enum proxyprobe_kind kind;
	int fallback_on_error; /* followed by '|' */
	char *probe_url;       /* what was fetched */
	enum proxyprobe_outcome outcome;
	long status;
	char *error;
	double t_dns, t_connect, t_total; /* seconds; 0 when not reached */
};

struct proxyprobe {
	struct proxyprobe_entry *v;
	size_t n, cap;
	char *module;	   /* the module probed */
	char *parse_error; /* an entry go would refuse, or NULL */
	/* proxyprobe_decide(): */
	int served;	     /* some entry answered 200 */
	long served_by;	     /* its index, -1 when none */
	int direct_reached;  /* the walk reached "direct" (VCS, not probed) */
	int dead_first;	     /* the first URL entry failed with a transport error */
	char *decision;	     /* one line: what the go command would do */
	struct strlist walk; /* one line per step, URLs redacted */
};

/* Returns 0, or -1 with *cause for a list go rejects (the entries before
 * the bad one are kept). */
int proxyprobe_parse(const char *goproxy, const char *gonoproxy, struct proxyprobe *out,
		     char **cause);
/* Probes every URL entry for `module` in parallel; per-request timeouts. */
void proxyprobe_run(struct proxyprobe *p, const char *module, long connect_timeout_ms,
		    long timeout_ms);
/* Pure: walks the outcomes with Go's rules. `module_is_private` says
 * whether GONOPROXY matches the module (then noproxy means "direct"). */
void proxyprobe_decide(struct proxyprobe *p, int module_is_private);
void proxyprobe_free(struct proxyprobe *p);
const char *proxyprobe_outcome_name(enum proxyprobe_outcome o);

#endif
