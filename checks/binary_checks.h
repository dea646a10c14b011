/* binary_checks.h: the checks that judge the Go binary itself
 * (docs/failure-modes.md chapter 0): `stale-binary` (is the process running the
 * build that was deployed?) and `devel-build` (was it built from an
 * unversioned or locally patched tree?).
 *
 * Pure functions, no I/O: the caller collects the facts (procfs for the
 * exe link and start time, stat() for the file's mtime, buildinfo.h for the
 * running image through /proc/PID/exe and for the file now at the exe path,
 * the repo's HEAD) and passes borrowed pointers; the verdict owns its
 * strings (verdict_free). Every input pointer may be NULL: missing facts
 * make the verdict `unknown` with the reason, never a crash. */
#ifndef GOTRIAGE_BINARY_CHECKS_H
#define GOTRIAGE_BINARY_CHECKS_H

#include "collectors/elf/buildinfo.h"
#include "collectors/facts_changes.h"
#include "verdict.h"

struct stale_inputs {
	int pid;			 /* 0: judging a file, not a process */
	const char *exe_path;		 /* exe link target, " (deleted)" stripped */
	int exe_deleted;		 /* the link ended in " (deleted)" */
	const char *exe_error;		 /* why exe_path is NULL (permission, no process) */
	double start_time;		 /* process start, Unix seconds; <= 0 unknown */
	double file_mtime;		 /* mtime of the file now at exe_path; <= 0 unknown */
	const struct buildinfo *running; /* read through /proc/PID/exe; NULL unreadable */
	const char *running_error;
	const struct buildinfo *on_disk; /* the file now at exe_path; NULL missing */
	const char *on_disk_error;
	const char *running_build_id; /* overrides running->build_id when set */
	const char *on_disk_build_id; /* overrides on_disk->build_id when set */
	const char *repo_head;	      /* the repo's HEAD commit hash, NULL unknown */
	const char *repo_dir;	      /* for evidence lines, may be NULL */
	/* What the running build lacks (facts_changes.h), NULL when unknown. */
	const struct changes *changes;
	const char *changes_error;
};

void check_stale_binary(const struct stale_inputs *in, struct verdict *v);

struct devel_inputs {
	const struct buildinfo *bi; /* the running image's, or the file's */
	const char *binary;	    /* what it was read from, for evidence */
	const char *bi_error;	    /* why bi is NULL */
};

void check_devel_build(const struct devel_inputs *in, struct verdict *v);

#endif
