/* modules_rows.h: the modules pane's content as plain rows, with no curses.
 *
 * Turns the FACT_MODULES and FACT_PROXY facts (modstate.h, goenv.h,
 * proxyprobe.h) into laid-out rows for a given width: a few summary lines
 * that stay on screen, and one scrolling body of sections (the
 * requirements table, the Go environment with provenance, vendor state,
 * workspace, the GOPROXY probe, problems found in the files). Each row is
 * a few cells with a column, a width and a tone; the pane only maps tones
 * to draw styles. Detail views (every field of one requirement, one
 * variable or one proxy entry, wrapped) come from modules_rows_detail().
 *
 * Every cell text has been redacted (redact_text, so no credential from a
 * GOPROXY URL or a registered secret survives) and sanitised, and then
 * abbreviated to its width; draw it with draw_text() all the same.
 *
 * Use:
 *   struct modules_rows_inputs in;
 *   modules_rows_inputs_from_facts(&in, facts, ctx->collecting(ctx));
 *   struct modules_view *v = modules_rows_build(&in, cols);
 *   ... v->summary, v->body, v->reqhead ...
 *   modules_view_free(v);
 * Rows keep no pointer into the facts (`ref` is an index), but `ref` means
 * something only for the facts the view was built from: rebuild on every
 * facts->generation, on a width change, and when collection starts or
 * stops. Everything here is pure, for the unit tests. The code is in
 * modules_rows.c (sections), modules_rows_text.c (text, rows, cells) and
 * modules_rows_detail.c (detail views). */
#ifndef GOTRIAGE_MODULES_ROWS_H
#define GOTRIAGE_MODULES_ROWS_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "collectors/facts.h"
#include "collectors/gomod/goenv.h"
#include "collectors/gomod/modstate.h"
#include "collectors/net/proxyprobe.h"

/* What the rows read; each pointer may be NULL, its *_error saying why. */
struct modules_rows_inputs {
	const struct modstate *mods;
	const char *mods_error;
	const struct goenv *env;
	const char *env_error;
	const struct proxyprobe *proxy;
	const char *proxy_error;
	size_t ndeps;	       /* dependencies in the binary's build info */
	int modules_collected; /* FACT_MODULES landed at least once */
	int proxy_collected;   /* FACT_PROXY landed at least once */
	int collecting;	       /* FACT_MODULES in flight */
	int probing;	       /* FACT_PROXY in flight */
	int ascii;	       /* abbreviate with '~' instead of an ellipsis */
};

void modules_rows_inputs_from_facts(struct modules_rows_inputs *in, const struct facts *f,
				    unsigned collecting);

enum modules_tone {
	MODULES_TONE_NORMAL = 0,
	MODULES_TONE_TITLE,
	MODULES_TONE_DIM,
	MODULES_TONE_GOOD,
	MODULES_TONE_WARN,
	MODULES_TONE_BAD,
};

enum modules_sec {
	MODULES_SEC_REQ = 0,
	MODULES_SEC_ENV,
	MODULES_SEC_VENDOR,
	MODULES_SEC_WORK,
	MODULES_SEC_PROXY,
	MODULES_SEC_PROBLEMS,
	MODULES_SEC__COUNT
};

enum modules_kind {
	MODULES_ROW_TEXT = 0, /* a line of prose, no detail */
	MODULES_ROW_TITLE,    /* a section's title */
	MODULES_ROW_BLANK,
	MODULES_ROW_REQ,   /* ref: index into mods->req */
	MODULES_ROW_ENV,   /* ref: enum goenv_id */
	MODULES_ROW_PROXY, /* ref: index into proxy->v */
};

#define MODULES_MAX_CELLS 8

struct modules_cell {
	int x, width; /* columns */
	enum modules_tone tone;
	char *text; /* redacted, sanitised, fits width (in code points) */
};

struct modules_row {
	enum modules_kind kind;
	enum modules_sec sec;
	size_t ref;
	struct modules_cell cell[MODULES_MAX_CELLS];
	int ncell;
	char *match; /* lowercase text the filter searches; NULL: never matches */
};

struct modules_lines {
	struct modules_row *v;
	size_t n, cap;
};

/* Column positions of the requirements table. */
struct modules_layout {
	int cols;
	int flag, module, version, sum, cache; /* widths */
	int x_module, x_gomod, x_binary, x_vendor, x_sum, x_cache;
};

struct modules_view {
	int cols;
	struct modules_layout lay;
	struct modules_lines summary; /* stays on screen above the body */
	struct modules_lines body;    /* scrolls (the listview's rows) */
	struct modules_row reqhead;   /* column titles of the requirements table */
	size_t nreq, ndisagree, nreplaced;
};

struct modules_view *modules_rows_build(const struct modules_rows_inputs *in, int cols);
void modules_view_free(struct modules_view *v);

/* Every field behind one REQ, ENV or PROXY row, label and wrapped value,
 * for a screen `cols` wide; NULL for rows that have nothing more to say. */
struct modules_lines *modules_rows_detail(const struct modules_rows_inputs *in,
					  const struct modules_row *row, int cols);
void modules_lines_free(struct modules_lines *l);

/* Case-insensitive substring match of the filter against row->match. */
int modules_rows_match(const struct modules_row *row, const char *filter);
/* The body row of requirement `path`, or (size_t)-1. */
size_t modules_rows_find_req(const struct modules_view *v, const struct modules_rows_inputs *in,
			     const char *path);

/* Widths for the requirements table: the module path and the three
 * version columns share what the fixed columns leave, each getting no more
 * than its longest value needs (maxpath, maxver) while the other is short. */
void modules_rows_layout(int cols, size_t maxpath, size_t maxver, struct modules_layout *lay);

enum modules_abbrev {
	MODULES_ABBREV_END = 0, /* "a long t~" */
	MODULES_ABBREV_PATH,	/* "github.com/~/client_golang": first element and tail */
	MODULES_ABBREV_VERSION, /* "v0.0.0~abcdef12": a pseudo-version keeps its commit */
};
/* A copy of s (already sanitised) at most `width` code points wide. */
char *modules_rows_abbrev(const char *s, int width, enum modules_abbrev how, int ascii);
/* Splits s into lines of at most `width` code points, at spaces where it
 * can; a line's leading tabs become two spaces each and are repeated on
 * its continuation lines. Appends to out. */
void modules_rows_wrap(const char *s, int width, struct strlist *out);

#endif
