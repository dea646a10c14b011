/* cmd_fleet.c: `gotriage fleet`: the catalog across many targets at once.
 *
 *   gotriage fleet --targets FILE|- | --ssh-hosts FILE --comm NAME
 *                  | --facts-dir DIR
 *                  [--repo DIR] [--jobs N] [--target-timeout S] [--save DIR]
 *                  [--only IDS] [--header NAME] [--format text|json|jsonl|md]
 *                  [--record FILE]
 *
 * Collection is collectors/fleet/run.h (gotriage collect where each
 * process lives, in parallel, partial results); each document is judged
 * here as `check --facts` would (fleet_judge.c), then compared
 * (checks/fleet/view.h) and printed (fleet_print.c). Progress goes to
 * stderr only when it is a terminal. Exit 0 nothing failed, 1 a check
 * failed or a target could not be judged, 2 bad usage, bad target lines,
 * or no target judged at all. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"
#include "collectors/fleet/run.h"
#include "collectors/fleet/tunnels.h"
#include "commands.h"
#include "fleet_console.h"
#include "fleet_print.h"
#include "tui/record/journal.h"

#define SAVE_SUFFIX ".facts.json.gz"

struct fleet_args {
	const char *targets, *hosts, *comm, *save, *facts_dir, *repo, *only, *header, *format,
	    *record;
	long jobs, timeout_s;
};

static int parse_args(int argc, char **argv, struct fleet_args *fa, int *status)
{
	struct cmdargs a;
	char *cause = NULL;
	int given;

	memset(fa, 0, sizeof *fa);
	fa->jobs = 16;
	fa->timeout_s = 20;
	if (!commands_parse("fleet", argc, argv, &a, status))
		return 0;
	fa->targets = cmdargs_get(&a, "targets");
	fa->hosts = cmdargs_get(&a, "ssh-hosts");
	fa->comm = cmdargs_get(&a, "comm");
	fa->save = cmdargs_get(&a, "save");
	fa->facts_dir = cmdargs_get(&a, "facts-dir");
	fa->repo = cmdargs_get(&a, "repo");
	fa->only = cmdargs_get(&a, "only");
	fa->header = cmdargs_get(&a, "header");
	fa->format = cmdargs_get(&a, "format");
	fa->record = cmdargs_get(&a, "record");
	if (cmdargs_long(&a, "jobs", 1, 256, &fa->jobs, &cause) < 0 ||
	    cmdargs_long(&a, "target-timeout", 1, 3600, &fa->timeout_s, &cause) < 0) {
		*status = commands_usage_error("fleet", "%s", cause);
		free(cause);
		return 0;
	}
	given = (fa->targets != NULL) + (fa->hosts != NULL) + (fa->facts_dir != NULL);
	if (given != 1) {
		*status = commands_usage_error(
		    "fleet", "give one of --targets FILE, --ssh-hosts FILE --comm NAME, "
			     "--facts-dir DIR");
		return 0;
	}
	if ((fa->hosts != NULL) != (fa->comm != NULL)) {
		*status = commands_usage_error("fleet", "--ssh-hosts and --comm go together");
		return 0;
	}
	if (fa->format && strcmp(fa->format, "text") && strcmp(fa->format, "json") &&
	    strcmp(fa->format, "jsonl") && strcmp(fa->format, "md")) {
		*status = commands_usage_error("fleet", "--format %s: use text, json, jsonl or md",
					       fa->format);
		return 0;
	}
	if (fa->facts_dir && fa->save) {
		*status = commands_usage_error("fleet", "--save keeps what a collection brings; "
							"--facts-dir collects nothing");
		return 0;
	}
	return 1;
}

/* ---- progress ---------------------------------------------------------------- */

static void progress(const struct fleet_run *r, void *arg)
{
	size_t done, failing, running, waiting;
	const struct fleet_job *slow = NULL;
	double now = now_mono();

	(void)arg;
	fleet_run_counts(r, &done, &failing, &running, &waiting);
	for (size_t i = 0; i < r->n; i++)
		if (r->jobs[i].state == FLEET_RUNNING && r->jobs[i].nmembers == 0 &&
		    (slow == NULL || r->jobs[i].started < slow->started))
			slow = &r->jobs[i];
	fprintf(stderr, "\r\033[Kfleet: %zu done, %zu failing, %zu running, %zu waiting", done,
		failing, running, waiting);
	if (slow != NULL) {
		char *n = sanitize_str(slow->name);

		fprintf(stderr, "; slowest %s (%.1f s)", n, now - slow->started);
		free(n);
	}
	fflush(stderr);
}

/* ---- saving and loading documents -------------------------------------------------- */

/* A row name as a file name: '/' (pod/container) cannot be in one. */
static char *save_path(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s%s", dir, name, SAVE_SUFFIX);

	for (char *c = p + strlen(dir) + 1; *c; c++)
		if (*c == '/')
			*c = '+';
	return p;
}

static int load_dir(const char *dir, struct strlist *names, struct strlist *paths, char **cause)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);

	if (n < 0)
		return err_set(cause, "--facts-dir %s: %s", dir, strerror(errno));
	for (int i = 0; i < n; i++) {
		const char *f = ents[i]->d_name;

		if (str_has_suffix(f, SAVE_SUFFIX) && strlen(f) > strlen(SAVE_SUFFIX)) {
			char *name = xstrndup(f, strlen(f) - strlen(SAVE_SUFFIX));

			for (char *c = name; *c; c++)
				if (*c == '+')
					*c = '/';
			strlist_add(names, name);
			strlist_addf(paths, "%s/%s", dir, f);
			free(name);
		}
		free(ents[i]);
	}
	free(ents);
	if (names->n == 0)
		return err_set(cause, "--facts-dir %s: no *%s documents (from fleet --save)", dir,
			       SAVE_SUFFIX);
	return 0;
}

/* ---- judging ------------------------------------------------------------------------- */

static void judge_one(const struct fleet_judge *j, struct facts_doc *d, const char *name,
		      const char *via, const char *via_error, struct fleet_judged *out)
{
	char *cause = NULL;

	if (fleet_judge_doc(j, d, name, via, via_error, out, &cause) != 0) {
		fleet_judge_unjudged(name, "failed", cause, out);
		free(cause);
	}
}

/* Judges every job of the run, keeping documents in save_dir; route
 * probes through each job's tunnel (tun NULL: none made). */
static struct fleet_judged *judge_run(const struct fleet_run *r, const struct fleet_judge *j,
				      const struct fleet_tunnels *tun, const char *save_dir,
				      size_t *job_of, size_t *n)
{
	struct fleet_judged *rows = xcalloc(r->n ? r->n : 1, sizeof *rows);

	*n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct fleet_job *job = &r->jobs[i];
		const struct fleet_target *t = &r->targets->v[job->target];
		struct facts_doc *d = NULL;
		char *cause = NULL;

		if (job->state == FLEET_EXPANDED)
			continue;
		job_of[*n] = i;
		if (job->state != FLEET_OK) {
			fleet_judge_unjudged(job->name, fleet_state_name(job->state), job->error,
					     &rows[*n]);
		} else if (facts_doc_parse(job->doc.data, job->doc.len, &d, &cause) != 0) {
			fleet_judge_unjudged(job->name, "failed", cause, &rows[*n]);
			free(cause);
		} else {
			const char *why = NULL, *via = fleet_tunnels_via(tun, i, &why);

			/* judged first: the document saved holds the probes made */
			judge_one(j, d, job->name, via, why, &rows[*n]);
			if (save_dir != NULL) {
				char *p = save_path(save_dir, job->name);

				if (facts_doc_write(d->root, p, &cause) != 0) {
					fprintf(stderr, "gotriage fleet: %s\n", cause);
					free(cause);
					cause = NULL;
				}
				free(p);
			}
			facts_doc_free(d);
		}
		for (size_t k = 0; k < t->labels.n && rows[*n].labels.n < t->labels.n; k++)
			strlist_add(&rows[*n].labels, t->labels.v[k]);
		(*n)++;
	}
	return rows;
}

static struct fleet_judged *judge_dir(const char *dir, const struct fleet_judge *j,
				      struct strlist *paths_out, size_t *n, char **cause)
{
	struct strlist names = {0}, paths = {0};
	struct fleet_judged *rows;

	if (load_dir(dir, &names, &paths, cause) != 0) {
		strlist_free(&names);
		strlist_free(&paths);
		return NULL;
	}
	rows = xcalloc(names.n, sizeof *rows);
	for (size_t i = 0; i < names.n; i++) {
		struct facts_doc *d = NULL;
		char *why = NULL;

		if (facts_doc_load(paths.v[i], &d, &why) != 0) {
			fleet_judge_unjudged(names.v[i], "failed", why, &rows[i]);
			free(why);
			continue;
		}
		judge_one(j, d, names.v[i], NULL, NULL, &rows[i]);
		facts_doc_free(d);
	}
	*n = names.n;
	strlist_free(&names);
	*paths_out = paths;
	return rows;
}

/* ---- the journal --------------------------------------------------------------------- */

static void record(const char *path, const struct fleet_report *rep)
{
	struct journal_info info = {0};
	struct journal *j;
	char *cause = NULL, *what = xasprintf("fleet of %zu targets", rep->n);

	info.target = what;
	if (journal_open(path, &info, &j, &cause) != 0) {
		fprintf(stderr, "gotriage fleet: --record: %s\n", cause);
		free(cause);
		free(what);
		return;
	}
	for (size_t i = 0; i < rep->n; i++) {
		cJSON *t = fleet_target_json(rep, i);

		journal_event(j, "fleet_target", t);
		cJSON_Delete(t);
	}
	{
		cJSON *v = fleet_view_json(rep);

		journal_event(j, "fleet_view", v);
		cJSON_Delete(v);
	}
	journal_close(j, "done");
	free(what);
}

/* ---- main ------------------------------------------------------------------------------ */

static int load_targets(const struct fleet_args *fa, struct fleet_targets *ts, char **cause)
{
	const char *path = fa->targets ? fa->targets : fa->hosts;
	const char *label = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct buf b;
	int rc;

	buf_init(&b);
	rc = fleet_targets_read(path, &b, cause);
	if (rc == 0)
		rc = fa->targets
			 ? fleet_targets_parse(b.data ? b.data : "", b.len, label, ts, cause)
			 : fleet_hosts_parse(b.data ? b.data : "", b.len, label, fa->comm, ts,
					     cause);
	buf_free(&b);
	return rc;
}

/* The console when the engineer is at a terminal and asked for no
 * format; standard input must be a terminal too (reopened from /dev/tty
 * after --targets - read it). */
static int want_console(const struct fleet_args *fa)
{
	if (fa->format != NULL || !isatty(STDOUT_FILENO))
		return 0;
	return isatty(STDIN_FILENO) || freopen("/dev/tty", "r", stdin) != NULL;
}

/* Per row: where its target is and its document, for the console. */
static struct fleet_console_row *console_rows(const struct fleet_run *run, const size_t *job_of,
					      const struct strlist *dir_paths, const char *save,
					      size_t n, struct strlist *keep)
{
	struct fleet_console_row *cr = xcalloc(n ? n : 1, sizeof *cr);

	for (size_t i = 0; i < n; i++) {
		if (run == NULL) { /* --facts-dir */
			cr[i].doc = dir_paths->v[i];
			cr[i].doc_saved = 1;
			continue;
		}
		const struct fleet_job *j = &run->jobs[job_of[i]];

		cr[i].t = &run->targets->v[j->target];
		cr[i].pid = j->pid;
		cr[i].pod = j->pod;
		if (save != NULL && j->state == FLEET_OK) {
			char *p = save_path(save, j->name);

			if (access(p, R_OK) == 0) {
				strlist_add(keep, p);
				cr[i].doc = keep->v[keep->n - 1];
				cr[i].doc_saved = 1;
			}
			free(p);
		}
	}
	return cr;
}

int cmd_fleet(int argc, char **argv)
{
	struct fleet_args fa;
	struct fleet_targets ts = {0};
	struct fleet_run_opts ro = {0};
	struct fleet_run *run = NULL;
	struct fleet_tunnels *tun = NULL;
	struct fleet_judge judge;
	struct fleet_judged *rows = NULL;
	struct fleet_row *vrows;
	struct fleet_report rep = {0};
	struct strlist dir_paths = {0};
	size_t *job_of = NULL;
	char *cause = NULL;
	size_t n = 0;
	double t0 = now_mono();
	int rc, console;

	if (!parse_args(argc, argv, &fa, &rc))
		return rc;
	redact_register_own_environ();
	if (fleet_judge_init(&judge, fa.only, fa.repo, fa.header, &cause) != 0) {
		rc = commands_usage_error("fleet", "%s", cause);
		free(cause);
		return rc;
	}
	if (fa.facts_dir != NULL) {
		rows = judge_dir(fa.facts_dir, &judge, &dir_paths, &n, &cause);
	} else if (load_targets(&fa, &ts, &cause) == 0) {
		if (fa.save != NULL && mkdir(fa.save, 0700) != 0 && errno != EEXIST) {
			err_set(&cause, "--save %s: %s", fa.save, strerror(errno));
		} else {
			ro.jobs = (int)fa.jobs;
			ro.timeout_s = (double)fa.timeout_s;
			if (isatty(2))
				ro.progress = progress;
			/* Route probes from each target's own host: its tunnel is
			 * started as soon as its document is in (the run's tick),
			 * while the others are still collected. */
			if (fa.repo != NULL && (judge.parts & FACT_ROUTES)) {
				tun = fleet_tunnels_new(
				    ro.jobs, (int)(fa.timeout_s < 10 ? fa.timeout_s : 10) * 1000);
				ro.tick = fleet_tunnels_tick;
				ro.tick_arg = tun;
			}
			if (fleet_run(&ts, &ro, &run, &cause) == 0) {
				if (ro.progress)
					fputs("\r\033[K", stderr);
				if (tun != NULL)
					fleet_tunnels_finish(tun, run);
				job_of = xcalloc(run->n ? run->n : 1, sizeof *job_of);
				rows = judge_run(run, &judge, tun, fa.save, job_of, &n);
				fleet_tunnels_free(tun); /* no kubectl left running */
				tun = NULL;
			}
		}
	}
	if (rows == NULL) {
		fprintf(stderr, "gotriage fleet: %s\n", cause ? cause : "nothing to judge");
		free(cause);
		fleet_tunnels_free(tun);
		fleet_run_free(run);
		free(job_of);
		fleet_targets_free(&ts);
		fleet_judge_free(&judge);
		return 2;
	}
	vrows = xcalloc(n ? n : 1, sizeof *vrows);
	for (size_t i = 0; i < n; i++)
		vrows[i] = rows[i].row;
	rep.rows = rows;
	rep.n = n;
	rep.view = fleet_view_build(vrows, n);
	rep.judge = &judge;
	rep.took = now_mono() - t0;
	rep.jobs = (int)fa.jobs;
	console = want_console(&fa);
	if (console) {
		struct fleet_console_opts co = {fa.repo, fa.header, fa.record};
		struct strlist keep = {0};
		struct fleet_console_row *cr =
		    console_rows(run, job_of, &dir_paths, fa.save, n, &keep);

		if (fleet_console_run(&rep, cr, &co) != 0)
			console = -1; /* the console said why on stderr */
		free(cr);
		strlist_free(&keep);
	} else if (fa.format == NULL || strcmp(fa.format, "text") == 0) {
		fleet_print_text(stdout, &rep);
	} else if (strcmp(fa.format, "md") == 0) {
		fleet_print_md(stdout, &rep);
	} else {
		fleet_print_json(stdout, &rep, strcmp(fa.format, "jsonl") == 0);
	}
	if (fa.record != NULL && !console)
		record(fa.record, &rep);
	rc = console < 0				     ? 2
	     : rep.view->judged == 0			     ? 2
	     : rep.view->failing > 0 || rep.view->judged < n ? 1
							     : 0;
	fleet_view_free((struct fleet_view *)rep.view);
	for (size_t i = 0; i < n; i++)
		fleet_judged_clear(&rows[i]);
	free(rows);
	free(vrows);
	free(job_of);
	strlist_free(&dir_paths);
	fleet_tunnels_free(tun);
	fleet_run_free(run);
	fleet_targets_free(&ts);
	fleet_judge_free(&judge);
	return rc;
}
