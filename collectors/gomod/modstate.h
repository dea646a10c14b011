/* modstate.h: the module state of one repository, from every side at once.
 *
 * Ties together go.mod, go.sum, go.work, vendor/modules.txt, the Go
 * environment (goenv.h), the module cache (modhash.h) and, when the caller
 * has one, the binary's dependency list (struct modstate_dep): one row per module path
 * with the version each source names, the go.sum status and the cache
 * status (recomputed h1: hashes vs go.sum and the .ziphash file).
 *
 * Whether -mod=vendor is in effect, Go's vendor consistency message and
 * each requirement's effective replacement come from modvendor.h, Go's
 * rules as pure functions over the parsed files this module reads.
 *
 * Ownership: modstate_load() returns a struct the caller releases with
 * modstate_free() (NULL is fine). The deps and goenv passed in are
 * only read during the call. */
#ifndef GOTRIAGE_MODSTATE_H
#define GOTRIAGE_MODSTATE_H

#include <stddef.h>

#include <cJSON.h>

#include "collectors/base/common.h"
#include "collectors/base/srctree.h"
#include "goenv.h"
#include "gomod.h"
#include "gosum.h"
#include "gowork.h"
#include "modtxt.h"

enum modstate_sum {
	MODSTATE_SUM_NA = 0,   /* nothing to check (directory replacement, no version) */
	MODSTATE_SUM_OK,       /* both h1: lines */
	MODSTATE_SUM_NO_ZIP,   /* only the /go.mod line */
	MODSTATE_SUM_NO_GOMOD, /* no /go.mod line */
	MODSTATE_SUM_MISSING,  /* neither */
	MODSTATE_SUM_CONFLICT, /* two different hashes for one key */
};

enum modstate_cache {
	MODSTATE_CACHE_NA = 0,	 /* not checked */
	MODSTATE_CACHE_ABSENT,	 /* not in the cache */
	MODSTATE_CACHE_OK,	 /* every file present hashes as go.sum says */
	MODSTATE_CACHE_UNSUMMED, /* in the cache, but go.sum has nothing to compare */
	MODSTATE_CACHE_MISMATCH, /* a recomputed hash differs: tampered or corrupt */
	MODSTATE_CACHE_ERROR,	 /* unreadable or corrupt file */
};

struct modstate_req {
	char *path;
	char *gomod_version; /* NULL: not required by go.mod */
	int indirect;
	char *gomod_file; /* "go.mod" or "svc/go.mod" (workspace) */
	int gomod_line;
	char *replace;	      /* effective replacement "new [ver]" from go.mod/go.work */
	char *replace_source; /* "go.mod", "go.work" */
	char *checked_path, *checked_version; /* the module whose sums/cache were checked */
	char *binary_version;		      /* from buildinfo, NULL when absent */
	char *binary_replace;		      /* "new [ver]" from buildinfo */
	char *vendor_version;		      /* vendor list version, NULL when not vendored */
	char *workspace_dir;		      /* a go.work `use` dir providing this module */
	enum modstate_sum sum;
	char *sum_gomod, *sum_zip; /* go.sum h1: values */
	int sum_gomod_line, sum_zip_line;
	char *sum_conflict;	   /* the other hash, for CONFLICT */
	int sum_conflict_lines[2]; /* go.sum lines of the first and the other hash */
	int sum_conflict_gomod;	   /* the conflict is on the /go.mod hash */
	enum modstate_cache cache;
	char *cache_mod_h1, *cache_zip_h1, *cache_ziphash;
	struct strlist cache_problems; /* one line each: what differs, with paths */
	int disagree;		       /* the sources name different versions */
};

struct modstate {
	char *dir; /* the repository (module root) */
	int have_mod;
	struct gomod mod;
	char *mod_error; /* why go.mod could not be read */
	int have_sum;
	struct gosum sum;
	int workspace;	 /* in workspace mode */
	char *work_path; /* go.work found (even with GOWORK=off), or NULL */
	struct gowork work;
	struct strlist work_modules; /* "module/path => use-dir" for each use */
	int have_vendor_dir, have_modules_txt;
	struct modtxt vendor;
	char *vendor_root;	     /* directory holding vendor/ */
	char *buildmod;		     /* "vendor", "readonly" or "mod" for go build */
	char *buildmod_reason;	     /* why, in Go's words where Go has them */
	int buildmod_explicit;	     /* from GOFLAGS */
	char *vendor_error;	     /* Go's full message, or NULL when consistent */
	struct strlist vendor_lines; /* the tab-indented problem lines */
	struct strlist vendor_newer; /* vendored files newer than modules.txt */
	struct modstate_req *req;
	size_t nreq;
	char *gomodcache;
	int cache_checked;
	double hash_seconds;
	size_t hashed_files;
	struct strlist notes;	    /* anything else worth one line */
	const struct srctree *tree; /* opts->tree during modstate_load() only */
};

/* One dependency as the binary's build info lists it (the caller converts
 * from buildinfo.h; kept this small so tests need no binary). */
struct modstate_dep {
	const char *path, *version;
	const char *replace_path, *replace_version; /* NULL when not replaced */
};

struct modstate_opts {
	const char *dir;
	const struct modstate_dep *deps; /* the binary's dependencies, may be NULL */
	size_t ndeps;
	const struct goenv *env; /* required */
	int verify_cache;	 /* recompute cache hashes */
	int jobs;		 /* hashing threads; 0 means one per CPU */
	/* The repository's files (go.mod, go.sum, go.work, vendor/) are read
	 * through this tree when set (a commit's tree from git objects, or the
	 * working tree), else from dir on disk. Its root stands for dir; paths
	 * outside it (the module cache, a go.work above a git tree) are read
	 * from disk, or, for a git tree, taken as absent. */
	const struct srctree *tree;
};

/* Returns 0, or -1 with *cause when dir has no go.mod (then *out is NULL). */
int modstate_load(const struct modstate_opts *o, struct modstate **out, char **cause);
void modstate_free(struct modstate *m);

/* sanitize_str() per line for a multi-line message of ours (Go's vendor
 * error): keeps its newlines and leading tabs, escapes everything else. */
char *modstate_sanitize_message(const char *msg);

const char *modstate_sum_name(enum modstate_sum s);
const char *modstate_cache_name(enum modstate_cache c);
cJSON *modstate_to_json(const struct modstate *m);

#endif
