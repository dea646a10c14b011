/* buildinfo_rows.h: the lines of the buildinfo pane, computed from the
 * collected facts by pure functions so they can be tested without a
 * terminal.
 *
 * buildinfo_rows_build() turns the running image's buildinfo, the file now
 * at the exe path, the process state and the two binary verdicts into a
 * flat list of rows (headings, fields, build settings, dependencies, the
 * running-vs-on-disk comparison, what is missing), already sanitised and
 * wrapped to the given width so every row is one screen line. The pane
 * only picks a style per mark and draws. Settings that matter in triage
 * (-tags, CGO_ENABLED, vcs.*, -trimpath, -ldflags, -buildmode,
 * DefaultGODEBUG, GOEXPERIMENT) carry BIMARK_KEY and a short reason;
 * (devel) and `=>` replacements carry BIMARK_DEVEL / BIMARK_REPLACED.
 *
 * buildinfo_rows_match() is the function-name filter of the symbol search
 * (substring, case-insensitive unless the filter has a capital letter).
 *
 * buildinfo_rows_names holds the symbol list the filter runs over.
 *
 * Ownership: struct buildinfo_rows owns its rows and their strings;
 * buildinfo_rows_init() before the first build, buildinfo_rows_clear()
 * after the last (building again clears the previous rows first). The
 * input is only read. */
#ifndef GOTRIAGE_BUILDINFO_ROWS_H
#define GOTRIAGE_BUILDINFO_ROWS_H

#include <stddef.h>

#include "collectors/elf/buildinfo.h"
#include "checks/verdict.h"
#include "collectors/facts_changes.h"

/* Geometry shared with the pane: labels at column 1, values after them. */
#define BUILDINFO_ROWS_LABEL_W 14
#define BUILDINFO_ROWS_VALUE_X 16
#define BUILDINFO_ROWS_MIN_WIDTH 40

enum buildinfo_row_kind {
	BIROW_HEADING, /* section title in text, a dim aside in text2 */
	BIROW_FIELD,   /* label + text */
	BIROW_SETTING, /* text "key=value", text2 why it matters (or NULL) */
	BIROW_DEP,     /* text "path version", text2 the reason for its mark */
	BIROW_SIDE,    /* label, text = running image, text2 = file on disk */
	BIROW_TEXT,    /* a line of prose, indented under its heading */
	BIROW_BLANK,
};

enum buildinfo_row_mark {
	BIMARK_NONE,
	BIMARK_KEY,	 /* a setting that matters in triage */
	BIMARK_DEVEL,	 /* (devel) version */
	BIMARK_REPLACED, /* a => replacement */
	BIMARK_PASS,
	BIMARK_WARN,
	BIMARK_FAIL,
	BIMARK_DIM,
};

struct buildinfo_row {
	enum buildinfo_row_kind kind;
	enum buildinfo_row_mark mark;
	char *label; /* sanitised, never NULL ("" when none) */
	char *text;  /* sanitised, never NULL */
	char *text2; /* sanitised or NULL */
	/* 1 + the index into changes->log->v of the commit a row of the
	 * "What the running build lacks" section belongs to; 0 for others.
	 * Enter on such a row opens buildinfo_rows_commit(). */
	size_t commit;
};

struct buildinfo_rows {
	struct buildinfo_row *v;
	size_t n, cap;
};

/* What the rows are computed from; every pointer may be NULL. */
struct buildinfo_rows_in {
	const struct buildinfo *running; /* the running image (or --binary) */
	const char *running_error;
	const struct buildinfo *on_disk; /* the file now at the exe path */
	const char *on_disk_error;
	const char *exe;	       /* exe path of the process, " (deleted)" stripped */
	int exe_deleted;	       /* /proc/PID/exe ended in " (deleted)" */
	const char *binary;	       /* --binary, when there is no process */
	int pid;		       /* 0 without a process */
	double start_time;	       /* process start, Unix seconds, 0 unknown */
	double file_mtime;	       /* of the file at exe, Unix seconds, 0 unknown */
	size_t nfuncs;		       /* function table size, 0 when none */
	const char *funcs_desc;	       /* "pclntab 1.18-1.19, .gopclntab" or NULL */
	const char *funcs_error;       /* why there is no function table */
	const struct verdict *stale;   /* stale-binary verdict, NULL if not run */
	const struct verdict *devel;   /* devel-build verdict, NULL if not run */
	const struct changes *changes; /* what the running build lacks, or NULL */
	int collected;		       /* FACT_BINARY finished at least once */
	int width;		       /* columns the rows must fit in */
};

void buildinfo_rows_init(struct buildinfo_rows *r);
void buildinfo_rows_clear(struct buildinfo_rows *r);
void buildinfo_rows_build(const struct buildinfo_rows_in *in, struct buildinfo_rows *out);

/* Why a build setting matters in triage, or NULL when it is routine. */
const char *buildinfo_rows_setting_note(const char *key, const char *value);
/* Whether the setting reads as a problem (vcs.modified=true, CGO_ENABLED=0
 * is not: it is a fact to check against the repo). */
int buildinfo_rows_setting_warns(const char *key, const char *value);

/* Substring match of a function name; case-insensitive when the filter
 * has no upper-case letter (smart case). An empty filter matches. */
int buildinfo_rows_match(const char *name, const char *filter);
/* Whether the filter is matched case-sensitively. */
int buildinfo_rows_filter_has_upper(const char *filter);

/* The function names of a table and, made on the first case-insensitive
 * match, a lower-cased copy of each, so that match is a plain strstr
 * (glibc's strcasestr took 5-8 ms over prometheus' 63k names, strstr on
 * the copies under 1.2 ms). Names are not owned and must outlive the
 * struct's use; the copies are owned. */
struct buildinfo_rows_names {
	const char **v; /* as in the binary */
	size_t n, cap;
	size_t *lower; /* offset of each lower-cased copy in blob */
	size_t nlower, lower_cap;
	struct buf blob;
};

void buildinfo_rows_names_init(struct buildinfo_rows_names *nm);
void buildinfo_rows_names_reset(struct buildinfo_rows_names *nm);
void buildinfo_rows_names_free(struct buildinfo_rows_names *nm);
/* NULL is stored as "". */
void buildinfo_rows_names_add(struct buildinfo_rows_names *nm, const char *name);
/* buildinfo_rows_match(nm->v[i], filter), faster: `upper` is
 * buildinfo_rows_filter_has_upper(filter), computed once per filter. */
int buildinfo_rows_names_match(struct buildinfo_rows_names *nm, size_t i, const char *filter,
			       int upper);

/* The detail of commit i (0-based) of c->log: hash, subject, author,
 * date, parents, every file it changes (status and path) and every
 * registration it adds or removes with its file:line, wrapped to width.
 * Clears out first; an index out of range leaves out empty. */
void buildinfo_rows_commit(const struct changes *c, size_t i, int width,
			   struct buildinfo_rows *out);

/* The first row index whose label, text or text2 contains `needle`
 * (for tests and the :filter command), or -1. */
long buildinfo_rows_find(const struct buildinfo_rows *r, const char *needle);

#endif
