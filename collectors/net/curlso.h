/* curlso.h: libcurl, loaded with dlopen on first use.
 *
 * Linking libcurl costs every start of gotriage about 7 ms (it pulls in
 * some thirty libraries), which would make the offline subcommands
 * (buildinfo, listeners --no-sniff, scan) slower than the tools they
 * replace. So nothing links it: http.c calls it through this table, which
 * curlso_get() fills once (thread-safe) from libcurl.so.4. Only http.c
 * uses it; everything else goes through http.h. */
#ifndef GOTRIAGE_CURLSO_H
#define GOTRIAGE_CURLSO_H

#include <curl/curl.h>

struct curl_api {
	CURLcode (*global_init)(long flags);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_cleanup)(CURLM *m);
	CURLMcode (*multi_setopt)(CURLM *m, CURLMoption opt, ...);
	CURLMcode (*multi_add_handle)(CURLM *m, CURL *e);
	CURLMcode (*multi_remove_handle)(CURLM *m, CURL *e);
	CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd extra[], unsigned n, int timeout_ms,
				int *numfds);
	CURLMcode (*multi_perform)(CURLM *m, int *running);
	CURLMsg *(*multi_info_read)(CURLM *m, int *left);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *e);
	CURLcode (*easy_setopt)(CURL *e, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *e, CURLINFO info, ...);
	const char *(*easy_strerror)(CURLcode c);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	CURLU *(*url)(void);
	CURLUcode (*url_set)(CURLU *u, CURLUPart what, const char *part, unsigned flags);
	CURLUcode (*url_get)(const CURLU *u, CURLUPart what, char **part, unsigned flags);
	void (*url_cleanup)(CURLU *u);
	void (*free)(void *p);
};

/* The loaded library, or NULL with *why (static text) when it cannot be
 * loaded. Initialises libcurl (curl_global_init) on the first call. */
const struct curl_api *curlso_get(const char **why);

#endif
