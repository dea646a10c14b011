/* curlso.c: load libcurl at run time (see curlso.h for why). */
#include "curlso.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

static struct curl_api api;
static const struct curl_api *loaded;
static const char *load_error;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* dlsym returns void *; POSIX guarantees it converts to a function pointer. */
#define LOAD(field, name)                                                                          \
	do {                                                                                       \
		void *sym = dlsym(h, name);                                                        \
		if (sym == NULL) {                                                                 \
			load_error = "libcurl.so.4 lacks " name;                                   \
			return;                                                                    \
		}                                                                                  \
		*(void **)(&api.field) = sym;                                                      \
	} while (0)

static void load(void)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		load_error = "cannot load libcurl.so.4 (apt-get install libcurl4)";
		return;
	}
	LOAD(global_init, "curl_global_init");
	LOAD(multi_init, "curl_multi_init");
	LOAD(multi_cleanup, "curl_multi_cleanup");
	LOAD(multi_setopt, "curl_multi_setopt");
	LOAD(multi_add_handle, "curl_multi_add_handle");
	LOAD(multi_remove_handle, "curl_multi_remove_handle");
	LOAD(multi_poll, "curl_multi_poll");
	LOAD(multi_perform, "curl_multi_perform");
	LOAD(multi_info_read, "curl_multi_info_read");
	LOAD(easy_init, "curl_easy_init");
	LOAD(easy_cleanup, "curl_easy_cleanup");
	LOAD(easy_setopt, "curl_easy_setopt");
	LOAD(easy_getinfo, "curl_easy_getinfo");
	LOAD(easy_strerror, "curl_easy_strerror");
	LOAD(slist_append, "curl_slist_append");
	LOAD(slist_free_all, "curl_slist_free_all");
	LOAD(url, "curl_url");
	LOAD(url_set, "curl_url_set");
	LOAD(url_get, "curl_url_get");
	LOAD(url_cleanup, "curl_url_cleanup");
	LOAD(free, "curl_free");
	if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		load_error = "curl_global_init failed";
		return;
	}
	loaded = &api;
}

const struct curl_api *curlso_get(const char **why)
{
	pthread_once(&once, load);
	if (loaded == NULL && why != NULL)
		*why = load_error;
	return loaded;
}
