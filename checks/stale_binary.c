/* stale_binary.c: the `stale-binary` check: is the process executing the
 * build that was deployed? (docs/failure-modes.md, chapter 0) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "binary_checks.h"

static void fmt_time(double t, char *out, size_t n)
{
	time_t s = (time_t)t;
	struct tm tm;

	if (t <= 0 || gmtime_r(&s, &tm) == NULL)
		snprintf(out, n, "unknown");
	else
		strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Raises the verdict only when strictly worse, so the first reason of the
 * worst kind stays the summary. */
static void worse(struct verdict *v, enum verdict_kind kind, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

static void worse(struct verdict *v, enum verdict_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (kind <= v->kind)
		return;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	verdict_set(v, kind, "%s", msg);
	free(msg);
}

static const char *or_none(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "(none)";
}

/* The running image against the file now at the exe path; returns 1 when
 * the file holds the same build. */
static int compare_images(const struct stale_inputs *in, struct verdict *v)
{
	int same = 0;
	const char *rid = in->running_build_id ? in->running_build_id
			  : in->running	       ? in->running->build_id
					       : NULL;
	const char *did = in->on_disk_build_id ? in->on_disk_build_id
			  : in->on_disk	       ? in->on_disk->build_id
					       : NULL;

	if (rid != NULL && did != NULL && strcmp(rid, did) != 0) {
		worse(v, VERDICT_FAIL, "the running build differs from %s", in->exe_path);
		verdict_evidence(v, "build ID running: %s", rid);
		verdict_evidence(v, "build ID on disk: %s (%s)", did, in->exe_path);
	}
	if (in->running != NULL && in->on_disk != NULL) {
		struct strlist diff = {0};
		if (buildinfo_diff(in->running, in->on_disk, &diff) > 0) {
			worse(v, VERDICT_FAIL, "the running build differs from %s", in->exe_path);
			for (size_t i = 0; i < diff.n && i < 12; i++)
				if (strncmp(diff.v[i], "build ID:", 9) != 0 || rid == NULL ||
				    did == NULL)
					verdict_evidence(v, "running != on disk: %s", diff.v[i]);
			if (diff.n > 12)
				verdict_evidence(v, "... and %zu more differences", diff.n - 12);
		} else if (!in->exe_deleted) {
			verdict_evidence(v,
					 "%s has the same build as the running image (build ID %s)",
					 in->exe_path, or_none(rid));
			same = rid == NULL || did == NULL || strcmp(rid, did) == 0;
		}
		strlist_free(&diff);
	} else if (in->on_disk == NULL && in->exe_path != NULL && !in->exe_deleted) {
		verdict_evidence(v, "%s could not be read: %s", in->exe_path,
				 in->on_disk_error ? in->on_disk_error : "unknown reason");
	}
	return same;
}

/* The running revision against HEAD (or --against), commit by commit. */
static void lacks_evidence(const struct stale_inputs *in, struct verdict *v)
{
	const struct changes *c = in->changes;
	char *sum = changes_summary(c);

	switch (c->relation) {
	case CHANGES_SAME:
		verdict_evidence(v, "matches %s %.12s", c->against_name, c->against);
		break;
	case CHANGES_AHEAD:
		worse(v, VERDICT_WARN,
		      "the running revision %.7s is %zu commit%s ahead of %s: the repository is "
		      "behind the deploy",
		      c->running, c->log->ahead, c->log->ahead == 1 ? "" : "s", c->against_name);
		break;
	case CHANGES_BEHIND:
	case CHANGES_DIVERGED:
		worse(v, VERDICT_FAIL, "%s", sum != NULL ? sum : "the running build lacks commits");
		if (c->relation == CHANGES_DIVERGED)
			verdict_evidence(v,
					 "the running revision is on another branch: it has %zu "
					 "commit%s %s lacks",
					 c->log->ahead, c->log->ahead == 1 ? "" : "s",
					 c->against_name);
		for (size_t i = 0; i < c->log->n && i < 20; i++) {
			char *line = changes_commit_line(&c->log->v[i]);

			verdict_evidence(v, "lacks %s: %zu file%s", line, c->log->v[i].nfiles,
					 c->log->v[i].nfiles == 1 ? "" : "s");
			free(line);
			for (size_t k = 0; k < c->per[i].nregs && k < 8; k++) {
				const struct changes_reg *r = &c->per[i].regs[k];

				verdict_evidence(v, "code:%s   %s %s %s", r->where,
						 r->sign == '+' ? "adds" : "removes", r->kind,
						 r->what);
			}
		}
		if (c->log->lacks > 20)
			verdict_evidence(v, "... and %zu older commits", c->log->lacks - 20);
		break;
	}
	free(sum);
}

static void check_vcs(const struct stale_inputs *in, struct verdict *v)
{
	const struct buildinfo *bi = in->running ? in->running : in->on_disk;
	const char *rev, *modified, *when;

	if (bi == NULL)
		return;
	rev = buildinfo_setting(bi, "vcs.revision");
	modified = buildinfo_setting(bi, "vcs.modified");
	when = buildinfo_setting(bi, "vcs.time");
	if (rev == NULL) {
		worse(v, VERDICT_WARN, "the build carries no VCS revision");
		verdict_evidence(v,
				 "no vcs.revision in the build info: built with -buildvcs=false, "
				 "outside a repository, or by Go older than 1.18");
	} else {
		verdict_evidence(v, "built from vcs.revision %s (vcs.time %s)", rev, or_none(when));
		if (in->changes != NULL) {
			lacks_evidence(in, v);
		} else if (in->repo_head != NULL) {
			size_t a = strlen(rev), b = strlen(in->repo_head), n = a < b ? a : b;
			if (n < 7 || strncmp(rev, in->repo_head, n) != 0) {
				worse(v, VERDICT_FAIL,
				      "the binary was built from %.12s, the repo is at %.12s", rev,
				      in->repo_head);
				verdict_evidence(v, "repo HEAD%s%s: %s", in->repo_dir ? " of " : "",
						 in->repo_dir ? in->repo_dir : "", in->repo_head);
			} else {
				verdict_evidence(v, "matches the repo's HEAD %s", in->repo_head);
			}
		}
	}
	if (modified != NULL && strcmp(modified, "true") == 0) {
		worse(v, VERDICT_WARN, "built from a tree with uncommitted changes");
		verdict_evidence(v, "vcs.modified=true: the build included uncommitted changes");
	}
}

/* The file at the exe path is the running build and the repo is ahead of
 * it: a restart would run the same old code, so the summary says rebuild
 * and deploy, with the running revision, HEAD and how far apart they are. */
static void rebuild_not_restart(const struct stale_inputs *in, struct verdict *v)
{
	const struct changes *c = in->changes;
	const struct buildinfo *bi = in->running ? in->running : in->on_disk;
	const char *rev = bi != NULL ? buildinfo_setting(bi, "vcs.revision") : NULL;

	if (v->kind != VERDICT_FAIL || rev == NULL)
		return;
	if (c != NULL && c->log != NULL && c->relation == CHANGES_BEHIND) {
		/* Keep naming the commits that matter (the one that adds the
		 * route): the part of the changes summary after its count. */
		char *sum = changes_summary(c);
		const char *which = sum != NULL ? strstr(sum, "; ") : NULL;

		verdict_set(v, VERDICT_FAIL,
			    "rebuild and deploy, not restart: %s is the running build (%.7s) and "
			    "%s (%.7s) is %zu commit%s ahead of it%s%s",
			    in->exe_path, rev, c->against_name, c->against, c->log->lacks,
			    c->log->lacks == 1 ? "" : "s", which ? "; " : "",
			    which ? which + 2 : "");
		free(sum);
	} else if (c != NULL && c->log != NULL && c->relation == CHANGES_DIVERGED) {
		verdict_set(v, VERDICT_FAIL,
			    "rebuild and deploy, not restart: %s is the running build (%.7s), "
			    "which is on another branch than %s (%.7s): %zu commit%s only there, "
			    "%zu only in the running build",
			    in->exe_path, rev, c->against_name, c->against, c->log->lacks,
			    c->log->lacks == 1 ? "" : "s", c->log->ahead);
	} else if (c == NULL && in->repo_head != NULL) {
		verdict_set(v, VERDICT_FAIL,
			    "rebuild and deploy, not restart: %s is the running build (%.7s); the "
			    "repo's HEAD is %.7s (how many commits apart is unknown: %s)",
			    in->exe_path, rev, in->repo_head,
			    in->changes_error ? in->changes_error : "the history was not read");
	} else {
		return;
	}
	verdict_evidence(v, "a restart would run the same build again: %s holds revision %.12s",
			 in->exe_path, rev);
}

void check_stale_binary(const struct stale_inputs *in, struct verdict *v)
{
	char started[32], changed[32];
	int same_on_disk = 0;

	verdict_set(v, VERDICT_PASS, "the process runs the binary at its exe path");
	if (in->pid > 0 && in->exe_path == NULL && in->running == NULL) {
		verdict_unknown(v,
				"cannot read /proc/%d/exe (%s): run as the service's user or root",
				in->pid, in->exe_error ? in->exe_error : "unknown reason");
		return;
	}
	if (in->pid <= 0 && in->running == NULL && in->on_disk == NULL) {
		verdict_unknown(v, "no build info to judge: %s",
				in->running_error   ? in->running_error
				: in->on_disk_error ? in->on_disk_error
						    : "nothing was read");
		return;
	}
	if (in->pid > 0 && in->exe_deleted) {
		worse(v, VERDICT_FAIL,
		      "process %d runs a deleted binary: %s was replaced or "
		      "removed after it started",
		      in->pid, or_none(in->exe_path));
		verdict_evidence(v, "/proc/%d/exe -> %s (deleted)", in->pid, or_none(in->exe_path));
	}
	/* The start time is only good to a second or so (btime is whole seconds). */
	if (in->pid > 0 && in->start_time > 0 && in->file_mtime > in->start_time + 2) {
		fmt_time(in->start_time, started, sizeof started);
		fmt_time(in->file_mtime, changed, sizeof changed);
		worse(v, VERDICT_WARN, "%s changed after the process started", in->exe_path);
		verdict_evidence(v, "process %d started %s; %s modified %s", in->pid, started,
				 in->exe_path, changed);
	}
	if (in->pid > 0 && in->running == NULL)
		verdict_evidence(v, "the running image has no readable build info: %s",
				 in->running_error ? in->running_error : "unknown reason");
	if (in->pid > 0 && in->exe_path != NULL)
		same_on_disk = compare_images(in, v) && !in->exe_deleted;
	check_vcs(in, v);
	if (same_on_disk)
		rebuild_not_restart(in, v);
}
