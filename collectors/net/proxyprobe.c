/* proxyprobe.c: GOPROXY parsing, probing and Go's fall-through walk. */
#include "proxyprobe.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "http.h"
#include "collectors/gomod/modhash.h"
#include "collectors/base/redact.h"

const char *proxyprobe_outcome_name(enum proxyprobe_outcome o)
{
	static const char *const n[] = {"not run", "ok", "not found", "error", "not probed"};

	return (unsigned)o < ARRAY_LEN(n) ? n[o] : "?";
}

static void add(struct proxyprobe *p, const char *url, enum proxyprobe_kind k, int fb)
{
	p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
	memset(&p->v[p->n], 0, sizeof p->v[p->n]);
	p->v[p->n].url = xstrdup(url);
	p->v[p->n].kind = k;
	p->v[p->n].fallback_on_error = fb;
	p->n++;
}

int proxyprobe_parse(const char *goproxy, const char *gonoproxy, struct proxyprobe *p, char **cause)
{
	const char *s = goproxy ? goproxy : "";

	memset(p, 0, sizeof *p);
	p->served_by = -1;
	if (gonoproxy != NULL && *gonoproxy && strcmp(s, "direct") != 0)
		add(p, "noproxy", PROXYPROBE_NOPROXY, 0);
	while (*s) {
		size_t n = strcspn(s, ",|");
		int fb = s[n] == '|';
		char *url = xstrndup(s, n), *u = str_trim(url);

		s += n;
		if (*s)
			s++;
		if (*u == '\0') {
			free(url);
			continue;
		}
		if (strcmp(u, "off") == 0) {
			add(p, "off", PROXYPROBE_OFF, 0);
			free(url);
			break;
		}
		if (strcmp(u, "direct") == 0) {
			add(p, "direct", PROXYPROBE_DIRECT, 0);
			free(url);
			break; /* go ignores what follows direct */
		}
		/* Single words are reserved; things with . : / but no ":/" get https. */
		char *full = (strpbrk(u, ".:/") && !strstr(u, ":/") && u[0] != '/')
				 ? xasprintf("https://%s", u)
				 : xstrdup(u);

		if (!str_has_prefix(full, "https://") && !str_has_prefix(full, "http://") &&
		    !str_has_prefix(full, "file://")) {
			char *red = redact_text(full);

			if (strstr(full, "://") != NULL || full[0] == '/')
				err_set(cause,
					"invalid proxy URL scheme (must be https, http, file): %s",
					red);
			else
				err_set(cause, "invalid proxy URL missing scheme: %s", red);
			p->parse_error = xstrdup(*cause ? *cause : "invalid proxy URL");
			free(red);
			free(full);
			free(url);
			return -1;
		}
		add(p, full, PROXYPROBE_URL, fb);
		free(full);
		free(url);
	}
	return 0;
}

struct probe_ctx {
	struct proxyprobe_entry *e;
};

static void classify(struct proxyprobe_entry *e, long status, const char *err)
{
	e->status = status;
	if (err != NULL) {
		e->outcome = PROXYPROBE_ERROR;
		e->error = xstrdup(err);
	} else if (status == 200) {
		e->outcome = PROXYPROBE_OK;
	} else if (status == 404 || status == 410) {
		e->outcome = PROXYPROBE_NOT_FOUND;
	} else {
		e->outcome = PROXYPROBE_ERROR;
		e->error = xasprintf("HTTP %ld", status);
	}
}

static void probe_done(struct http_response *r, void *arg)
{
	struct proxyprobe_entry *e = arg;

	e->t_dns = r->t_dns;
	e->t_connect = r->t_connect;
	e->t_total = r->t_total;
	classify(e, r->status, r->status == 0 ? (r->error ? r->error : "no response") : NULL);
	http_response_free(r);
}

void proxyprobe_run(struct proxyprobe *p, const char *module, long connect_timeout_ms,
		    long timeout_ms)
{
	struct http_client *c = NULL;
	char *esc = NULL, *cause = NULL;

	free(p->module);
	p->module = xstrdup(module);
	if (modhash_escape_path(module, &esc, &cause) < 0) {
		for (size_t i = 0; i < p->n; i++)
			if (p->v[i].kind == PROXYPROBE_URL)
				classify(&p->v[i], 0, cause);
		free(cause);
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		struct proxyprobe_entry *e = &p->v[i];
		const char *base = e->url;
		size_t bl = strlen(base);

		if (e->kind != PROXYPROBE_URL) {
			e->outcome = PROXYPROBE_UNPROBED;
			continue;
		}
		while (bl > 0 && base[bl - 1] == '/')
			bl--;
		e->probe_url = xasprintf("%.*s/%s/@v/list", (int)bl, base, esc);
		if (str_has_prefix(e->url, "file://")) {
			/* The go command reads file:// proxies from disk: a missing
			 * file is "not found", like a 404. */
			struct stat st;
			double t0 = now_mono();

			if (stat(e->probe_url + 7, &st) == 0 && S_ISREG(st.st_mode))
				classify(e, 200, NULL);
			else
				classify(e, 404, NULL);
			e->t_total = now_mono() - t0;
			continue;
		}
		if (c == NULL)
			c = http_client_new();
		struct http_request req = {
		    .url = e->probe_url,
		    .connect_timeout_ms = connect_timeout_ms,
		    .timeout_ms = timeout_ms,
		    .max_bytes = 4 * MIB,
		    .redirects = HTTP_REDIRECT_ANY, /* proxies hand off to CDNs */
		    .label = "GOPROXY probe",
		    .not_service = 1,
		};

		http_start(c, &req, probe_done, e);
	}
	if (c != NULL) {
		http_wait(c);
		http_client_free(c);
	}
	free(esc);
}

void proxyprobe_decide(struct proxyprobe *p, int module_is_private)
{
	int seen_url = 0;

	p->served = 0;
	p->served_by = -1;
	p->direct_reached = 0;
	p->dead_first = 0;
	strlist_free(&p->walk);
	free(p->decision);
	p->decision = NULL;
	if (p->parse_error != NULL) {
		p->decision = xasprintf("go fails before fetching: %s", p->parse_error);
		return;
	}
	if (p->n == 0) {
		p->decision = xstrdup("GOPROXY is empty: go behaves as with GOPROXY=off");
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		struct proxyprobe_entry *e = &p->v[i];
		char *red = redact_text(e->url);

		switch (e->kind) {
		case PROXYPROBE_NOPROXY:
			if (module_is_private) {
				strlist_addf(&p->walk,
					     "noproxy: %s matches GONOPROXY/GOPRIVATE, so go "
					     "fetches it directly from version control",
					     p->module);
				p->direct_reached = 1;
				p->decision =
				    xasprintf("%s is private: fetched from version control "
					      "(not probed)",
					      p->module);
				free(red);
				return;
			}
			strlist_addf(&p->walk, "noproxy: %s does not match GONOPROXY, next",
				     p->module);
			break;
		case PROXYPROBE_OFF:
			strlist_addf(&p->walk, "off: downloads are disabled here");
			p->decision = xstrdup(
			    i == 0 ? "GOPROXY=off: go refuses to download any module "
				     "not already in the module cache"
				   : "every proxy before \"off\" said not found: go stops with "
				     "\"module lookup disabled by GOPROXY=off\"");
			free(red);
			return;
		case PROXYPROBE_DIRECT:
			strlist_addf(&p->walk,
				     "direct: go fetches from version control (git), not probed");
			p->direct_reached = 1;
			p->decision = xstrdup("go falls back to direct version-control fetches "
					      "(needs git and access to the origin; not probed)");
			free(red);
			return;
		case PROXYPROBE_URL: {
			int first = !seen_url;

			seen_url = 1;
			if (e->outcome == PROXYPROBE_OK) {
				strlist_addf(&p->walk, "%s: 200, served", red);
				p->served = 1;
				p->served_by = (long)i;
				p->decision = xasprintf("served by %s", red);
				free(red);
				return;
			}
			if (e->outcome == PROXYPROBE_NOT_FOUND) {
				strlist_addf(&p->walk, "%s: %ld, not found here: next entry", red,
					     e->status);
				break;
			}
			if (first && e->status == 0)
				p->dead_first = 1;
			if (e->fallback_on_error) {
				strlist_addf(&p->walk,
					     "%s: %s; '|' follows, so go tries the next entry", red,
					     e->error ? e->error : "error");
				break;
			}
			strlist_addf(&p->walk,
				     "%s: %s; ',' (or nothing) follows, so go stops here: "
				     "only 404/410 fall through",
				     red, e->error ? e->error : "error");
			p->decision =
			    xasprintf("go fails: %s answered %s and nothing after it is tried", red,
				      e->error ? e->error : "an error");
			free(red);
			return;
		}
		}
		free(red);
	}
	p->decision = xstrdup("every entry said not found: go fails with the last error");
}

void proxyprobe_free(struct proxyprobe *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].url);
		free(p->v[i].probe_url);
		free(p->v[i].error);
	}
	free(p->v);
	free(p->module);
	free(p->parse_error);
	free(p->decision);
	strlist_free(&p->walk);
	memset(p, 0, sizeof *p);
}
