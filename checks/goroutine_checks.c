/* goroutine_checks.c: ticker-without-consumer, init-goroutine and the
 * watcher half of config-reload-no-effect, judged from a bucketed dump. */
#include "goroutine_checks.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"

#define NO_DUMP                                                                                    \
	"the goroutine dump (%s); serve net/http/pprof on a loopback port and pass "               \
	"--url http://127.0.0.1:PORT"

static const char *or_unknown(const char *s)
{
	return s != NULL ? s : "not collected";
}

/* Without a dump: a silent (stopped, hung) service is said to be one, not
 * told to add net/http/pprof. */
static void no_dump(struct verdict *v, const char *dump_error)
{
	if (dump_error != NULL && strncmp(dump_error, "no answer from the service", 26) == 0)
		verdict_unknown(v, "no goroutine dump: %s", dump_error);
	else
		verdict_unknown(v, NO_DUMP, or_unknown(dump_error));
}

/* "N goroutine(s), STATE[, A-B minutes]" for a bucket. */
static char *bucket_words(const struct gbuckets *b, const struct gbucket *k, size_t count)
{
	char *state = sanitize_str(gdump_str(b->d, k->state)), *s;

	if (k->wait_max > 0)
		s = xasprintf("%zu goroutine%s, %s, %u-%u minutes", count, count == 1 ? "" : "s",
			      state, k->wait_min, k->wait_max);
	else
		s = xasprintf("%zu goroutine%s, %s", count, count == 1 ? "" : "s", state);
	free(state);
	return s;
}

static unsigned long long first_id(const struct gbuckets *b, const struct gbucket *k)
{
	return (unsigned long long)b->d->g[gbucket_members(b, k)[0]].id;
}

static int is_digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int goroutine_checks_is_init_func(const char *name)
{
	const char *p = name;

	if (strchr(name, '(') != NULL || strchr(name, ')') != NULL)
		return 0;
	/* Try every ".init": what follows must be ".N" or ".funcN" parts. */
	while ((p = strstr(p, ".init")) != NULL) {
		const char *r = p + 5;
		int ok = p > name;

		while (ok && *r != '\0') {
			const char *e;

			if (*r != '.') {
				ok = 0;
				break;
			}
			r++;
			e = strchr(r, '.');
			if (e == NULL)
				e = r + strlen(r);
			if (!is_digits(r, (size_t)(e - r)) &&
			    !(e - r > 4 && memcmp(r, "func", 4) == 0 &&
			      is_digits(r + 4, (size_t)(e - r - 4))))
				ok = 0;
			r = e;
		}
		if (ok)
			return 1;
		p += 5;
	}
	return 0;
}

int goroutine_checks_is_fsnotify_reader(const char *name)
{
	return strstr(name, "fsnotify") != NULL && str_has_suffix(name, ").readEvents");
}

/* ---- ticker-without-consumer --------------------------------------------- */

void check_ticker_without_consumer(const struct ticker_inputs *in, struct verdict *v)
{
	size_t running = 0, missing = 0, doubtful = 0;

	if (in->nloops == 0) {
		if (in->scan_error != NULL)
			verdict_unknown(v, "the repo scan for tickers (%s); pass --repo DIR",
					in->scan_error);
		else
			verdict_set(v, VERDICT_SKIP, "the repo starts no ticker loops");
		return;
	}
	if (in->buckets == NULL) {
		no_dump(v, in->dump_error);
		return;
	}
	for (size_t i = 0; i < in->nloops; i++) {
		const struct ticker_loop *l = &in->loops[i];
		const struct gbucket *first;
		size_t n = gbucket_count_func(in->buckets, l->func, &first);
		int compiled = in->compiled != NULL ? in->compiled[i]
			       : in->has_fn != NULL ? in->has_fn(l->func, in->has_fn_arg)
						    : -1;
		char *fn = sanitize_str(l->func);
		char *site = l->site != NULL ? sanitize_str(l->site) : NULL;

		if (n > 0) {
			char *w = bucket_words(in->buckets, first, n);

			running++;
			verdict_evidence(v, "goroutine:%llu %s is running: %s",
					 first_id(in->buckets, first), fn, w);
			free(w);
		} else if (compiled == 1 && !in->dump_incomplete) {
			missing++;
			verdict_evidence(v, "sym:%s is compiled in but no goroutine runs it", fn);
		} else {
			doubtful++;
			verdict_evidence(
			    v, "sym:%s: no goroutine runs it, %s", fn,
			    in->dump_incomplete ? "but the dump is incomplete"
			    : compiled == 0 ? "and it is not in the binary (excluded by the build?)"
					    : "and the function table is unknown");
		}
		if (site != NULL && n == 0)
			verdict_evidence(v, "code:%s the ticker feeding %s", site, fn);
		free(fn);
		free(site);
	}
	if (missing > 0)
		verdict_set(v, VERDICT_FAIL, "%zu of %zu ticker loop%s compiled in but not running",
			    missing, in->nloops, in->nloops == 1 ? "" : "s");
	else if (doubtful > 0)
		verdict_set(v, VERDICT_WARN, "%zu of %zu ticker loop%s not running (see why)",
			    doubtful, in->nloops, in->nloops == 1 ? "" : "s");
	else
		verdict_set(v, VERDICT_PASS, "all %zu ticker loop%s running", running,
			    running == 1 ? "" : "s");
}

/* ---- init-goroutine --------------------------------------------------------- */

/* Is function `fn` ("example.com/svc/internal/x.init.0", "main.init.0")
 * in module `mod`? Without a module path everything counts as main. */
static int in_main_module(const char *fn, const char *mod)
{
	size_t n;

	if (mod == NULL || mod[0] == '\0' || str_has_prefix(fn, "main."))
		return 1;
	n = strlen(mod);
	return strncmp(fn, mod, n) == 0 && (fn[n] == '.' || fn[n] == '/');
}

void check_init_goroutine(const struct init_goroutine_inputs *in, struct verdict *v)
{
	size_t found = 0, goroutines = 0, dep_found = 0, dep_goroutines = 0;

	if (in->buckets != NULL) {
		const struct gbuckets *b = in->buckets;

		for (size_t i = 0; i < b->n; i++) {
			const struct gbucket *k = &b->v[i];
			const struct gdump_frame *c = gdump_creator(b->d, gbucket_rep(b, k));
			const char *cf = c != NULL ? gdump_str(b->d, c->func) : "";
			char *fn, *file, *top, *w;
			const struct gdump_goroutine *r = gbucket_rep(b, k);

			/* The runtime's own (GOTRACEBACK=system) are not the service's. */
			int dep;

			if (c == NULL || str_has_prefix(cf, "runtime.") ||
			    !goroutine_checks_is_init_func(cf))
				continue;
			dep = !in_main_module(cf, in->main_module);
			if (dep) {
				dep_found++;
				dep_goroutines += k->count;
			} else {
				found++;
				goroutines += k->count;
			}
			fn = sanitize_str(cf);
			file = sanitize_str(gdump_str(b->d, c->file));
			top = sanitize_str(r->nframes
					       ? gdump_str(b->d, gdump_gframes(b->d, r)[0].func)
					       : "(no stack)");
			w = bucket_words(b, k, k->count);
			verdict_evidence(v, "goroutine:%llu created by %s at %s:%u, in %s: %s%s",
					 first_id(b, k), fn, file, c->line, top, w,
					 dep ? " (a dependency's init: informational)" : "");
			free(fn);
			free(file);
			free(top);
			free(w);
		}
	}
	for (size_t i = 0; i < in->nsites; i++) {
		char *site = sanitize_str(in->sites[i].site != NULL ? in->sites[i].site : "?");
		char *fn = sanitize_str(in->sites[i].func != NULL ? in->sites[i].func : "init");

		verdict_evidence(v, "code:%s go statement in %s", site, fn);
		free(site);
		free(fn);
	}
	if (found > 0 || in->nsites > 0) {
		verdict_set(v, VERDICT_WARN,
			    "%zu goroutine%s started from the main module's package init%s, %zu go "
			    "statement%s in init%s",
			    goroutines, goroutines == 1 ? "" : "s",
			    in->buckets == NULL ? " (no dump)" : "", in->nsites,
			    in->nsites == 1 ? "" : "s",
			    dep_found ? "; more from dependencies' init (informational)" : "");
		if (!in->repo_scanned)
			verdict_evidence(v, "the repo was not scanned for go statements in init");
		return;
	}
	if (in->buckets == NULL) {
		no_dump(v, in->dump_error);
		return;
	}
	if (dep_found > 0)
		verdict_set(v, VERDICT_PASS,
			    "no running goroutine was created by the main module's init; %zu by "
			    "dependencies' init (informational: their own design, not this "
			    "service's start-up order)",
			    dep_goroutines);
	else
		verdict_set(v, VERDICT_PASS,
			    "no running goroutine was created by an init function");
	if (!in->repo_scanned)
		verdict_evidence(v, "the repo was not scanned for go statements in init");
}

/* ---- config-reload-no-effect, watcher half --------------------------------- */

/* The first bucket with a frame whose function passes `match`. */
static const struct gbucket *find_bucket(const struct gbuckets *b, int (*match)(const char *),
					 size_t *count, const char **func)
{
	const struct gdump *d = b->d;
	unsigned char *hit = xcalloc(d->nstr ? d->nstr : 1, 1);
	const struct gbucket *first = NULL;

	*count = 0;
	for (size_t id = 1; id < d->nstr; id++)
		hit[id] = (unsigned char)match(gdump_str(d, (uint32_t)id));
	for (size_t i = 0; i < b->n; i++) {
		const struct gdump_goroutine *g = gbucket_rep(b, &b->v[i]);
		const struct gdump_frame *fr = gdump_gframes(d, g);

		for (uint32_t j = 0; j < g->nframes; j++) {
			if (hit[fr[j].func]) {
				if (first == NULL) {
					first = &b->v[i];
					*func = gdump_str(d, fr[j].func);
				}
				*count += b->v[i].count;
				break;
			}
		}
	}
	free(hit);
	return first;
}

static int is_viper_watch_loop(const char *name)
{
	return strstr(name, "viper.(*Viper).WatchConfig.func") != NULL;
}

void check_config_reload_watcher(const struct watcher_inputs *in, struct verdict *v)
{
	const struct gbucket *k, *loop;
	size_t n = 0, nloop = 0;
	const char *func = NULL, *lfunc = NULL;
	char *site = in->watch_site != NULL ? sanitize_str(in->watch_site) : NULL;

	if (in->watch_config == 0) {
		verdict_set(v, VERDICT_SKIP, "the repo never calls WatchConfig");
		free(site);
		return;
	}
	if (in->buckets == NULL) {
		no_dump(v, in->dump_error);
		free(site);
		return;
	}
	k = find_bucket(in->buckets, goroutine_checks_is_fsnotify_reader, &n, &func);
	loop = find_bucket(in->buckets, is_viper_watch_loop, &nloop, &lfunc);
	if (site != NULL)
		verdict_evidence(v, "code:%s WatchConfig is called here", site);
	if (k != NULL) {
		char *fn = sanitize_str(func), *w = bucket_words(in->buckets, k, n);

		verdict_evidence(v, "goroutine:%llu %s: %s", first_id(in->buckets, k), fn, w);
		free(fn);
		free(w);
	}
	if (loop != NULL) {
		char *fn = sanitize_str(lfunc), *w = bucket_words(in->buckets, loop, nloop);

		verdict_evidence(v, "goroutine:%llu %s: %s", first_id(in->buckets, loop), fn, w);
		free(fn);
		free(w);
	}
	if (k != NULL)
		verdict_set(v, VERDICT_PASS, "the fsnotify watcher goroutine is running");
	else if (in->watch_config == 1 && !in->dump_incomplete)
		verdict_set(v, VERDICT_FAIL,
			    "WatchConfig is called but no fsnotify watcher goroutine is running");
	else if (in->watch_config == 1)
		verdict_set(
		    v, VERDICT_WARN,
		    "no fsnotify watcher goroutine in the dump, but the dump is incomplete");
	else
		verdict_set(v, VERDICT_WARN,
			    "no fsnotify watcher goroutine (whether the repo calls WatchConfig is "
			    "unknown)");
	free(site);
}
