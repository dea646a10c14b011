/* cmd_report.c: gotriage report JOURNAL|DIR [--format md|json]. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "collectors/base/common.h"
#include "tui/record/faultlib.h"
#include "tui/record/journalread.h"
#include "collectors/base/redact.h"
#include "tui/record/report.h"
#include "tui/record/reportstep.h"
#include "tui/record/reporttext.h"

#define MAX_JOURNALS 10000

static int bad_usage(const char *what)
{
	return commands_usage_error("report", "%s", what);
}

static void print_text(char *s)
{
	size_t n = strlen(s);

	fputs(s, stdout);
	if (n == 0 || s[n - 1] != '\n')
		putchar('\n');
	free(s);
}

/* One stderr line when the reader had to skip something, so scripts that
 * only read the JSON still hear about it. */
static void note_skips(const char *path, const struct journalread *jr)
{
	struct buf b;
	char *clean;

	buf_init(&b);
	if (jr->garbage > 0)
		buf_printf(&b, "; %zu unreadable line%s skipped", jr->garbage,
			   jr->garbage == 1 ? "" : "s");
	if (jr->truncated_tail)
		buf_adds(&b, "; last line cut off mid-write, skipped");
	if (jr->capped)
		buf_adds(&b, "; only the first 16 MiB read");
	if (jr->format > JOURNAL_FORMAT)
		buf_printf(&b, "; journal format %d is newer than %d", jr->format, JOURNAL_FORMAT);
	if (jr->unknown > 0)
		buf_printf(&b, "; %zu event%s of unknown kinds not interpreted", jr->unknown,
			   jr->unknown == 1 ? "" : "s");
	if (b.len > 0) {
		clean = reporttext_clean(path);
		fprintf(stderr, "gotriage report: %s: read anyway%s\n", clean, b.data);
		free(clean);
	}
	buf_free(&b);
}

static int report_one(const char *path, enum report_format fmt, const char *step)
{
	struct journalread jr;
	char *cause = NULL;

	if (journalread_load(path, &jr, &cause) < 0) {
		char *c = reporttext_clean(cause);

		fprintf(stderr,
			"gotriage report: cannot use %s as a journal (%s); pass a session .jsonl "
			"or a folder of them\n",
			path, c);
		free(c);
		free(cause);
		journalread_free(&jr);
		return 2;
	}
	note_skips(path, &jr);
	if (step != NULL) {
		char *md = report_step(&jr, step, &cause);

		if (md == NULL) {
			char *c = reporttext_clean(cause);

			fprintf(stderr, "gotriage report: %s\n", c);
			free(c);
			free(cause);
			journalread_free(&jr);
			return 2;
		}
		print_text(md);
		journalread_free(&jr);
		return 0;
	}
	print_text(report_session(&jr, path, fmt));
	journalread_free(&jr);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int report_dir(const char *dir, enum report_format fmt)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct strlist names = {0};
	struct faultlib *lib;
	int rc = 0;

	if (d == NULL) {
		fprintf(stderr, "gotriage report: cannot open %s: %s\n", dir, strerror(errno));
		return 2;
	}
	while ((de = readdir(d)) != NULL && names.n < MAX_JOURNALS)
		if (de->d_name[0] != '.' && str_has_suffix(de->d_name, ".jsonl"))
			strlist_add(&names, de->d_name);
	closedir(d);
	if (names.n == 0) {
		fprintf(stderr,
			"gotriage report: no .jsonl journals in %s; pass a folder of "
			"session journals or one journal file\n",
			dir);
		strlist_free(&names);
		return 2;
	}
	/* Default names start with the UTC time: sorted is chronological. */
	qsort(names.v, names.n, sizeof *names.v, cmp_names);
	lib = faultlib_new();
	for (size_t i = 0; i < names.n; i++) {
		char *path = xasprintf("%s/%s", dir, names.v[i]), *cause = NULL;
		struct journalread jr;

		if (journalread_load(path, &jr, &cause) < 0) {
			/* The cause starts with the path; the list already names it. */
			size_t pl = strlen(path);
			const char *why = strncmp(cause, path, pl) == 0 && cause[pl] == ':'
					      ? cause + pl + 2
					      : cause;

			faultlib_skip(lib, names.v[i], why);
		} else
			faultlib_add(lib, names.v[i], &jr);
		journalread_free(&jr);
		free(cause);
		free(path);
	}
	if (faultlib_sessions(lib) == 0) {
		fprintf(stderr,
			"gotriage report: none of the %zu .jsonl files in %s is a session "
			"journal\n",
			names.n, dir);
		rc = 2;
	} else {
		print_text(faultlib_render(lib, dir, fmt));
	}
	faultlib_free(lib);
	strlist_free(&names);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	enum report_format fmt = REPORT_MD;
	const char *path = NULL, *f = NULL, *step;
	struct stat st;
	struct cmdargs a;
	int rc;

	if (!commands_parse("report", argc, argv, &a, &rc))
		return rc;
	f = cmdargs_has(&a, "json") ? "json" : cmdargs_get(&a, "format");
	path = a.npos > 0 ? a.pos[0] : NULL;
	if (f != NULL && strcmp(f, "json") == 0)
		fmt = REPORT_JSON;
	else if (f != NULL && strcmp(f, "md") != 0 && strcmp(f, "markdown") != 0)
		return bad_usage("--format takes md or json");
	if (path == NULL)
		return bad_usage("no journal given (pass a session .jsonl or a folder of them)");
	step = cmdargs_get(&a, "step");
	if (step != NULL && fmt == REPORT_JSON)
		return bad_usage("--step renders Markdown for a ticket; drop --format json");
	/* A report must not leak our own secrets either, should an old or
	 * hand-made journal hold them. */
	redact_register_own_environ();
	if (stat(path, &st) < 0) {
		fprintf(stderr,
			"gotriage report: cannot read %s: %s; pass a session .jsonl or a "
			"folder of them\n",
			path, strerror(errno));
		return 2;
	}
	if (step != NULL && S_ISDIR(st.st_mode))
		return bad_usage("--step takes one journal, not a folder");
	return S_ISDIR(st.st_mode) ? report_dir(path, fmt) : report_one(path, fmt, step);
}
