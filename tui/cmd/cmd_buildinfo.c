/* cmd_buildinfo.c: `gotriage buildinfo FILE|PID`: what `go version -m`
 * prints, line for line, for any Go binary (stripped, PIE, plugins, newer
 * toolchains), plus the function table (--symbols, --inits) and, for a
 * process, whether it still runs the file at its exe path (stale-binary).
 * Offline: no network library is initialised. */
#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/binary_checks.h"
#include "collectors/elf/buildinfo.h"
#include "commands.h"
#include "collectors/base/common.h"
#include "collectors/elf/pclntab.h"
#include "collectors/proc/procfs.h"
#include "collectors/base/sanitize.h"

struct opts {
	const char *target;
	const char *symbols; /* regex, or NULL */
	int inits;
	int json;
};

/* What the target resolved to. */
struct subject {
	char *path; /* what we open: the file, or /proc/PID/exe */
	int pid;    /* 0 for a file */
	struct procinfo *proc;
};

/* Returns 1 to go on, or 0 with the exit status in *status. */
static int parse_args(int argc, char **argv, struct opts *o, int *status)
{
	struct cmdargs a;

	memset(o, 0, sizeof *o);
	if (!commands_parse("buildinfo", argc, argv, &a, status))
		return 0;
	o->json = cmdargs_has(&a, "json");
	o->inits = cmdargs_has(&a, "inits");
	o->symbols = cmdargs_get(&a, "symbols");
	if (a.npos == 0) {
		*status = commands_usage_error(
		    "buildinfo", "name a Go binary or the PID of a running Go process");
		return 0;
	}
	o->target = a.pos[0];
	return 1;
}

static int all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* A number is a PID unless a file of that name exists. */
static int resolve(const char *target, struct subject *s, char **cause)
{
	struct stat st;

	memset(s, 0, sizeof *s);
	if (!all_digits(target) || stat(target, &st) == 0) {
		s->path = xstrdup(target);
		return 0;
	}
	s->pid = atoi(target);
	if (s->pid <= 0)
		return err_set(cause, "%s: no such file, and not a process ID", target);
	if (procfs_load(s->pid, &s->proc, NULL) < 0)
		return err_set(cause,
			       "%s: no such file and no process %d: pass a Go binary or the "
			       "PID of a running process",
			       target, s->pid);
	s->path = xasprintf("/proc/%d/exe", s->pid);
	if (access(s->path, R_OK) != 0)
		return err_set(cause, "%s: cannot read %s: %s (run as the process's user or root)",
			       target, s->path, strerror(errno));
	return 0;
}

/* Prints text from the binary, sanitising each field but keeping the tabs
 * and newlines that are go version -m's layout. */
static void print_fields(const char *text)
{
	const char *p = text;

	while (*p != '\0') {
		size_t n = strcspn(p, "\t\n");
		char *field = xstrndup(p, n);
		char *clean = sanitize_str(field);
		fputs(clean, stdout);
		free(clean);
		free(field);
		p += n;
		if (*p != '\0')
			putchar(*p++);
	}
}

static void print_names(const struct functab *ft, const size_t *idx, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *clean = sanitize_str(functab_name(ft, idx[i]));
		puts(clean);
		free(clean);
	}
}

static cJSON *names_json(const struct functab *ft, const size_t *idx, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	char addr[24];

	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		char *clean = sanitize_str(functab_name(ft, idx[i]));
		cJSON_AddStringToObject(o, "name", clean);
		snprintf(addr, sizeof addr, "0x%llx",
			 (unsigned long long)functab_entry(ft, idx[i]));
		cJSON_AddStringToObject(o, "entry", addr);
		cJSON_AddItemToArray(a, o);
		free(clean);
	}
	return a;
}

static cJSON *functab_json(const struct functab *ft, const char *err)
{
	cJSON *o = cJSON_CreateObject();
	char addr[24];

	if (ft == NULL) {
		cJSON_AddStringToObject(o, "error", err ? err : "not loaded");
		return o;
	}
	cJSON_AddNumberToObject(o, "count", (double)functab_count(ft));
	cJSON_AddStringToObject(o, "pclntab", functab_version_name(ft->version));
	cJSON_AddStringToObject(o, "found_in", ft->where);
	snprintf(addr, sizeof addr, "0x%llx", (unsigned long long)ft->text_start);
	cJSON_AddStringToObject(o, "text_start", addr);
	cJSON_AddStringToObject(o, "text_source", ft->text_source);
	return o;
}

static cJSON *verdict_json(const char *id, const struct verdict *v)
{
	cJSON *o = cJSON_CreateObject(), *ev = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "verdict", verdict_name(v->kind));
	char *summary = sanitize_str(v->summary ? v->summary : "");
	cJSON_AddStringToObject(o, "summary", summary);
	free(summary);
	for (size_t i = 0; i < v->evidence.n; i++) {
		char *clean = sanitize_str(v->evidence.v[i]);
		cJSON_AddItemToArray(ev, cJSON_CreateString(clean));
		free(clean);
	}
	cJSON_AddItemToObject(o, "evidence", ev);
	if (v->missing != NULL) {
		char *clean = sanitize_str(v->missing);
		cJSON_AddStringToObject(o, "missing", clean);
		free(clean);
	}
	return o;
}

/* stale-binary for a process: the running image against the file now at
 * its exe path. */
static void judge_process(const struct subject *s, const struct buildinfo *running,
			  const char *running_err, struct verdict *v)
{
	struct stale_inputs in = {0};
	struct buildinfo *disk = NULL;
	char *disk_err = NULL;
	struct stat st;

	in.pid = s->pid;
	in.exe_path = s->proc->exe;
	in.exe_deleted = s->proc->exe_deleted;
	in.exe_error = s->proc->exe_error;
	in.start_time = s->proc->start_time;
	in.running = running;
	in.running_error = running_err;
	if (in.exe_path != NULL && !in.exe_deleted) {
		if (stat(in.exe_path, &st) == 0)
			in.file_mtime = (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
		buildinfo_load(in.exe_path, &disk, &disk_err);
	} else if (in.exe_path != NULL && stat(in.exe_path, &st) == 0) {
		/* A new file may already stand where the old one was. */
		in.file_mtime = (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
		buildinfo_load(in.exe_path, &disk, &disk_err);
	}
	in.on_disk = disk;
	in.on_disk_error = disk_err;
	check_stale_binary(&in, v);
	buildinfo_free(disk);
	free(disk_err);
}

static void note(const char *file, const char *msg)
{
	char *f = sanitize_str(file), *m = sanitize_str(msg);
	fprintf(stderr, "gotriage buildinfo: %s: %s\n", f, m);
	free(f);
	free(m);
}

/* The one line of an input error; causes already name the file. */
static int fail(const char *cause)
{
	char *clean = sanitize_str(cause ? cause : "unknown error");
	fprintf(stderr, "gotriage buildinfo: %s\n", clean);
	free(clean);
	return 2;
}

static void print_json(const struct opts *o, const struct subject *s, const struct buildinfo *bi,
		       const char *bi_err, const struct functab *ft, const char *ft_err,
		       const size_t *idx, size_t n, const struct verdict *stale)
{
	cJSON *j = cJSON_CreateObject();
	char *clean = sanitize_str(o->target);

	cJSON_AddStringToObject(j, "file", clean);
	free(clean);
	if (s->pid > 0) {
		cJSON *p = cJSON_AddObjectToObject(j, "process");
		cJSON_AddNumberToObject(p, "pid", s->pid);
		clean = sanitize_str(s->proc->exe ? s->proc->exe : "");
		cJSON_AddStringToObject(p, "exe", clean);
		free(clean);
		cJSON_AddBoolToObject(p, "deleted", s->proc->exe_deleted);
		cJSON_AddNumberToObject(p, "start_time", s->proc->start_time);
	}
	if (bi != NULL)
		cJSON_AddItemToObject(j, "buildinfo", buildinfo_to_json(bi));
	else
		cJSON_AddNullToObject(j, "buildinfo");
	if (bi_err != NULL) {
		clean = sanitize_str(bi_err);
		cJSON_AddStringToObject(j, "buildinfo_error", clean);
		free(clean);
	}
	cJSON_AddItemToObject(j, "functions", functab_json(ft, ft_err));
	if (ft != NULL && o->symbols)
		cJSON_AddItemToObject(j, "symbols", names_json(ft, idx, n));
	else if (ft != NULL && o->inits)
		cJSON_AddItemToObject(j, "inits", names_json(ft, idx, n));
	cJSON *c = cJSON_AddArrayToObject(j, "checks");
	if (s->pid > 0)
		cJSON_AddItemToArray(c, verdict_json("stale-binary", stale));
	struct verdict devel;
	struct devel_inputs din = {.bi = bi, .binary = o->target, .bi_error = bi_err};
	verdict_init(&devel);
	check_devel_build(&din, &devel);
	cJSON_AddItemToArray(c, verdict_json("devel-build", &devel));
	verdict_free(&devel);
	char *text = cJSON_Print(j);
	puts(text);
	free(text);
	cJSON_Delete(j);
}

static void print_stale(const struct verdict *v)
{
	/* Warnings (no VCS stamp, a touched file) are in --json; a failure is
	 * worth interrupting for. */
	if (v->kind < VERDICT_FAIL)
		return;
	char *clean = sanitize_str(v->summary ? v->summary : "");
	fprintf(stderr, "gotriage buildinfo: stale-binary: %s: %s\n", verdict_name(v->kind), clean);
	free(clean);
	for (size_t i = 0; i < v->evidence.n; i++) {
		clean = sanitize_str(v->evidence.v[i]);
		fprintf(stderr, "  %s\n", clean);
		free(clean);
	}
}

int cmd_buildinfo(int argc, char **argv)
{
	struct opts o;
	struct subject s = {0};
	struct elfimage *img = NULL;
	struct buildinfo *bi = NULL;
	struct functab *ft = NULL;
	char *cause = NULL, *bi_err = NULL, *ft_err = NULL;
	size_t *idx = NULL, n = 0;
	int rc = 0, r, want_names;
	struct verdict stale;

	if (!parse_args(argc, argv, &o, &r))
		return r;
	want_names = o.symbols != NULL || o.inits;
	verdict_init(&stale);
	if (resolve(o.target, &s, &cause) < 0 || elfimage_open(s.path, &img, &cause) < 0) {
		rc = fail(cause);
		goto out;
	}
	buildinfo_from_image(img, &bi, &bi_err);
	if (o.json || want_names || bi == NULL)
		functab_from_image(img, &ft, &ft_err);
	if (s.pid > 0)
		judge_process(&s, bi, bi_err, &stale);
	if (ft != NULL && o.symbols != NULL) {
		long k = functab_search(ft, o.symbols, &idx, &cause);
		if (k < 0) {
			rc = fail(cause);
			goto out;
		}
		n = (size_t)k;
	} else if (ft != NULL && o.inits) {
		n = functab_inits(ft, &idx);
	}

	if (o.json) {
		print_json(&o, &s, bi, bi_err, ft, ft_err, idx, n, &stale);
		if (want_names ? ft == NULL : bi == NULL)
			rc = 2;
	} else if (want_names) {
		if (ft == NULL) {
			rc = fail(ft_err);
			goto out;
		}
		print_names(ft, idx, n);
		if (bi == NULL)
			fail(bi_err); /* said, but not an error: the names were asked for */
	} else if (bi == NULL) {
		/* One line: what was missing, and what is there instead. */
		char *line =
		    ft ? xasprintf("%s; it has a Go function table (pclntab %s, %zu "
				   "functions): a plugin or c-shared library? try --symbols",
				   bi_err, functab_version_name(ft->version), functab_count(ft))
		       : xstrdup(bi_err);
		rc = fail(line);
		free(line);
		goto out;
	} else {
		/* For a PID, name what go version -m would be given: /proc/PID/exe. */
		char *text = buildinfo_format(bi, s.pid > 0 ? s.path : o.target);
		print_fields(text);
		free(text);
		for (size_t i = 0; i < bi->missing.n; i++)
			note(o.target, bi->missing.v[i]);
	}
	if (!o.json)
		print_stale(&stale);
	if (rc == 0 && (stale.kind == VERDICT_FAIL || (o.symbols != NULL && n == 0)))
		rc = 1;
out:
	fflush(stdout);
	verdict_free(&stale);
	free(idx);
	functab_free(ft);
	buildinfo_free(bi);
	elfimage_close(img);
	procinfo_free(s.proc);
	free(s.path);
	free(cause);
	free(bi_err);
	free(ft_err);
	return rc;
}
