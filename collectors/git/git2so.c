/* git2so.c: load libgit2 at run time (see git2so.h for why). */
#include "git2so.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

static struct git2_api api;
static const struct git2_api *loaded;
static const char *load_error;
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define SONAME "libgit2.so." LIBGIT2_SOVERSION

/* dlsym returns void *; POSIX guarantees it converts to a function pointer. */
#define GIT2SO_LOAD(n)                                                                             \
	{                                                                                          \
		void *sym = dlsym(h, "git_" #n);                                                   \
		if (sym == NULL) {                                                                 \
			load_error = SONAME " lacks git_" #n;                                      \
			return;                                                                    \
		}                                                                                  \
		*(void **)(&api.n) = sym;                                                          \
	}

static void load(void)
{
	void *h = dlopen(SONAME, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		load_error = "cannot load " SONAME " (apt-get install libgit2-1.5)";
		return;
	}
	GIT2SO_FUNCS(GIT2SO_LOAD)
	if (api.libgit2_init() < 0) {
		load_error = "git_libgit2_init failed";
		return;
	}
	/* Read-only use: a repository owned by another user is still read. */
	api.libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* Reading an object re-hashes it with collision-detecting SHA-1 by
	 * default: a quarter of the CPU of scanning a commit from git objects
	 * (perf: 175 ms vs 135 ms task-clock over 528 files, working tree
	 * 103 ms). git itself only checks hashes in fsck; zlib's adler32 and
	 * the pack's own checks still catch corrupt data. */
	api.libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	loaded = &api;
}

const struct git2_api *git2so_get(const char **why)
{
	pthread_once(&once, load);
	if (loaded == NULL && why != NULL)
		*why = load_error;
	return loaded;
}

const char *git2so_error(const struct git2_api *g, const char *fallback)
{
	const git_error *e = g != NULL ? g->error_last() : NULL;

	return e != NULL && e->message != NULL ? e->message : fallback;
}
