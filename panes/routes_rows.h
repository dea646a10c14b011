/* routes_rows.h: the routes pane's two tables as plain rows, with no
 * curses: every HTTP route the repo declares joined with its file's
 * build-constraint verdict and the live probe of its path, and every
 * listener of the process joined with its sniffed protocol, the gRPC
 * services reflection lists and the services the code registers.
 *
 * Use:
 *   struct routes_rows_inputs in;
 *   routes_rows_inputs_from_facts(&in, facts, target, ctx->collecting(ctx));
 *   struct routes_rows *r = routes_rows_build(&in);
 *   ... r->routes[i].live, r->listeners[k].served ...
 *   routes_rows_free(r);
 * The rows own their strings; `file` and the probe/grpc pointers are
 * borrowed from the inputs and live as long as the facts they came from
 * (until the next merge: rebuild on every facts->generation). Strings come
 * from the repo and the target: draw them through draw_text(), which
 * sanitises. Everything here is pure, for the unit tests. */
#ifndef GOTRIAGE_ROUTES_ROWS_H
#define GOTRIAGE_ROUTES_ROWS_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "collectors/facts.h"
#include "collectors/proc/procnet.h"
#include "collectors/repo/reposcan.h"

/* What the joins read; each pointer may be NULL, with its *_error saying
 * why (shown instead of rows). */
struct routes_rows_inputs {
	const struct reposcan *scan;
	const char *scan_error;
	const struct route_probe *probes;
	size_t nprobes;
	const char *probes_error;
	int probes_collected; /* FACT_ROUTES landed at least once */
	int probing;	      /* FACT_ROUTES in flight */
	int scanning;	      /* FACT_REPO in flight */
	const char *expected_header;
	const struct grpc_listener *grpc;
	size_t ngrpc;
	const char *grpc_error;
	int grpc_collected;
	int sniffing;			   /* FACT_GRPC in flight */
	const struct listeners *listeners; /* the target's, refreshed on the timer */
	const char *listeners_error;
};

void routes_rows_inputs_from_facts(struct routes_rows_inputs *in, const struct facts *f,
				   const struct target *t, unsigned collecting);

/* How a cell should look; the pane maps tones to draw styles. */
enum routes_tone {
	ROUTES_TONE_NORMAL = 0,
	ROUTES_TONE_GOOD,
	ROUTES_TONE_BAD,
	ROUTES_TONE_WARN,
	ROUTES_TONE_DIM,
};

struct routes_route_row {
	size_t route;	  /* index into scan->routes */
	const char *file; /* borrowed: scan->files[].path */
	int line;
	char *method; /* "GET", "GET,POST", "*" for any method */
	char *path;   /* full path when known, else as written */
	char *handler;
	char *where; /* "main.go:26" */
	int in_build;
	char *build;	   /* cell: "yes" or "no !prod" */
	char *build_why;   /* "excluded by //go:build !prod (line 1): ..." */
	char *build_short; /* "excluded by //go:build !prod: tag prod is set ...", NULL if in */
	enum routes_tone build_tone;
	const struct route_probe *probe; /* borrowed; NULL when not probed */
	char *live;			 /* cell: "200", "405 HEAD", "not probed", "no answer" */
	char *live_why;			 /* one line: the request and its answer, or why none */
	enum routes_tone live_tone;
	int header; /* expected header present: 1, 0, -1 unknown */
};

enum routes_lrow_kind {
	ROUTES_LROW_LISTENER = 0, /* a listening socket of the process */
	ROUTES_LROW_DECLARED,	  /* a gRPC service registered in the code */
};

struct routes_listener_row {
	enum routes_lrow_kind kind;
	char *addr;	/* listener: "127.0.0.1:6060"; declared: the service name */
	char *proto;	/* "http/1", "h2c", "tls", "unknown", "?" not sniffed yet */
	char *health;	/* "SERVING", "-" */
	char *declared; /* listener: "1/1 ok", "1/2: Foo missing", "-"; declared: file:line */
	char *served;	/* listener: the services reflection lists; declared: where served */
	char *why;	/* one line explaining the row (shown under the table) */
	enum routes_tone tone;
	const struct grpc_listener *grpc; /* borrowed; NULL when not sniffed */
	size_t decl;			  /* ROUTES_LROW_DECLARED: index into scan->grpcs */
	const char *file;		  /* ROUTES_LROW_DECLARED: borrowed */
	int line;
};

struct routes_rows {
	struct routes_route_row *routes;
	size_t nroutes;
	struct routes_listener_row *listeners;
	size_t nlisteners;
	char *summary;	      /* "5 routes, 1 not in the build, 5 probed: 1 answers 404" */
	char *context;	      /* "build linux/amd64 go1.19 cgo=1 tags=prod (-tags ...)" */
	char *routes_note;    /* why there are no route rows, or NULL */
	char *listeners_note; /* why there are no listener rows, or NULL */
	const char *header;   /* the expected header's name (borrowed) */
};

struct routes_rows *routes_rows_build(const struct routes_rows_inputs *in);
void routes_rows_free(struct routes_rows *r);

/* The path facts.c probes for a declared path: Go 1.22 {wildcards}
 * (also {x...}) and :params become "1", a '*' ends it at the prefix. It
 * must stay the same transformation as facts.c's probe_path() (the probe
 * is found by this key). Returns a malloc'd string. */
char *routes_rows_probe_path(const char *path);

/* Case-insensitive substring match over every cell of the row. */
int routes_rows_route_match(const struct routes_route_row *r, const char *filter);
int routes_rows_listener_match(const struct routes_listener_row *r, const char *filter);

/* Parses "code:FILE:LINE" (text after the line number is ignored).
 * Returns 0 with *file malloc'd, or -1. */
int routes_rows_parse_code(const char *what, char **file, int *line);
/* Does a path from evidence (relative, or absolute, or with "./") name
 * the scan's relative path `rel`? */
int routes_rows_same_file(const char *given, const char *rel);
/* Index of the route row / declared-service row at file:line, or -1. */
long routes_rows_find_route(const struct routes_rows *r, const char *file, int line);
long routes_rows_find_listener(const struct routes_rows *r, const char *file, int line);

/* Where a "code:FILE:LINE" jump lands: the route or gRPC registration
 * declared there; for a Use( call, the first route it does not cover; for
 * a listen call, the listeners; else the nearest route in that file.
 * `note` (malloc'd, may be NULL) says what was chosen when not exact. */
enum routes_jump_table { ROUTES_JUMP_NONE = 0, ROUTES_JUMP_ROUTES, ROUTES_JUMP_LISTENERS };
struct routes_jump {
	enum routes_jump_table table;
	size_t idx;
	char *note;
};
void routes_rows_resolve_code(const struct routes_rows *r, const struct routes_rows_inputs *in,
			      const char *file, int line, struct routes_jump *out);

/* Every field of one row as "Label: value" lines, full strings, for the
 * detail view (appended to out). */
void routes_rows_route_detail(const struct routes_rows *r, size_t i,
			      const struct routes_rows_inputs *in, struct strlist *out);
void routes_rows_listener_detail(const struct routes_rows *r, size_t i,
				 const struct routes_rows_inputs *in, struct strlist *out);

#endif
