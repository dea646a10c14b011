/* repo_checks.h: the checks that judge what the repository declares
 * against the build and the process (docs/failure-modes.md):
 *   route-excluded-by-build  a declared route sits in a file the build
 *                            leaves out (and its handler is not compiled in)
 *   middleware-order         Use() after routes on the same router; fails
 *                            when a probe shows the expected header missing
 *   embed-path               invalid embed.FS lookup paths, patterns that
 *                            match nothing
 *   cgo-disabled             import "C" files and cgo-only dependencies
 *                            in a CGO_ENABLED=0 build
 *   listener-missing         a literal listen address the process does not
 *                            listen on
 *
 * Pure functions, no I/O: the caller passes the repo scan (reposcan.h,
 * run with the binary's build context so each file's verdict is the
 * binary's), the binary's facts and the live facts as borrowed pointers.
 * A NULL scan or unknown facts make the verdict UNKNOWN with the reason.
 * Evidence lines use the jump prefixes of verdict.h ("code:FILE:LINE ",
 * "sym:NAME "). Strings from the repo are put into evidence as they are;
 * whoever displays a verdict sanitises it. */
#ifndef GOTRIAGE_REPO_CHECKS_H
#define GOTRIAGE_REPO_CHECKS_H

#include <stddef.h>

#include "collectors/repo/reposcan.h"
#include "verdict.h"

/* route-excluded-by-build */
struct route_excluded_inputs {
	const struct reposcan *scan;
	/* Is this function symbol in the binary's function table? NULL when the
	 * table could not be read (stripped binary, no binary). */
	int (*in_binary)(const char *symbol, void *arg);
	void *arg;
	const char *settings_origin; /* where the build settings came from, for evidence */
};
void check_route_excluded_by_build(const struct route_excluded_inputs *in, struct verdict *v);

/* middleware-order */
struct middleware_probe {
	const char *method; /* "GET" */
	const char *path;   /* the probed path */
	int status;	    /* HTTP status, 0 = no answer */
	int header_present; /* the expected header was in the response */
};
struct middleware_order_inputs {
	const struct reposcan *scan;
	const char *header;		       /* --header; NULL: none is checked live */
	const struct middleware_probe *probes; /* NULL/0: no live probe ran */
	size_t nprobes;
};
void check_middleware_order(const struct middleware_order_inputs *in, struct verdict *v);

/* embed-path */
struct embed_path_inputs {
	const struct reposcan *scan;
};
void check_embed_path(const struct embed_path_inputs *in, struct verdict *v);

/* cgo-disabled */
struct cgo_disabled_inputs {
	const struct reposcan *scan;
	int cgo_enabled;	 /* the binary's CGO_ENABLED: 1, 0, or -1 unknown */
	const char *const *deps; /* module paths the build uses (buildinfo deps or go.mod) */
	size_t ndeps;
};
void check_cgo_disabled(const struct cgo_disabled_inputs *in, struct verdict *v);
/* Is this module path known to need cgo (e.g. github.com/mattn/go-sqlite3)? */
int repo_checks_cgo_only(const char *module);

/* listener-missing */
struct listen_socket {
	char host[64]; /* "0.0.0.0", "::", "127.0.0.1", "::1", ... ("" = any) */
	int port;
};
/* Parses "127.0.0.1:8080", "[::1]:8080", "*:8080", ":8080", ":http" into
 * *out; returns 0, or -1 when there is no usable port. */
int repo_checks_parse_addr(const char *addr, struct listen_socket *out);

struct listener_missing_inputs {
	const struct reposcan *scan;
	int pid;			     /* for evidence */
	int sockets_known;		     /* 0: the process's sockets could not be read */
	const char *sockets_error;	     /* why not */
	const struct listen_socket *sockets; /* TCP sockets in LISTEN state */
	size_t nsockets;
	/* The process's own start-up overrides, so a default the code falls
	 * back to is judged against what the process was really given: its
	 * environment (lookup returns NULL when unset) and its arguments. */
	const char *(*env_lookup)(const char *name, void *arg);
	void *env_arg;
	const struct strlist *argv;
};
void check_listener_missing(const struct listener_missing_inputs *in, struct verdict *v);

#endif
