/* overview_rows.c: the overview pane's facts as rows (overview_rows.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"
#include "draw.h"
#include "overview_rows.h"
#include "textwrap.h"

static size_t code_points(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

char *overview_rows_fit(const char *s, int width, int ascii)
{
	char *red = redact_text(s != NULL ? s : ""), *clean = sanitize_str(red), *out;
	size_t keep;

	free(red);
	if (width < 1)
		width = 1;
	if (code_points(clean) <= (size_t)width)
		return clean;
	keep = textwrap_cp_bytes(clean, (size_t)width - 1);
	out = xasprintf("%.*s%s", (int)keep, clean, ascii ? "~" : "\u2026");
	free(clean);
	return out;
}

static void add(struct overview_rows *r, const struct overview_rows_in *in, const char *label,
		enum overview_tone tone, const char *text)
{
	struct overview_row *row;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	row = &r->v[r->n++];
	row->label = label;
	row->tone = tone;
	row->text = label != NULL ? overview_rows_fit(text, in->width, in->ascii) : xstrdup("");
}

static void blank(struct overview_rows *r, const struct overview_rows_in *in)
{
	add(r, in, NULL, OVERVIEW_NORMAL, "");
}

static void process_rows(const struct overview_rows_in *in, struct overview_rows *r)
{
	const struct target *t = in->t;
	const struct procinfo *p = t->proc;
	char *line, tbuf[64], dur[32];
	time_t st;
	struct tm tm;
	struct buf b;

	if (p == NULL) {
		add(r, in, "Process", OVERVIEW_DIM,
		    "not attached to a process (pass --pid, or a loopback --url)");
		return;
	}
	line = xasprintf("%d (%s)  user %s  %s", t->pid, p->comm ? p->comm : "?",
			 p->user ? p->user : "?", procfs_state_words(p->state));
	add(r, in, "Process", procfs_state_silent(p->state) ? OVERVIEW_FAIL : OVERVIEW_NORMAL,
	    line);
	free(line);
	if (p->exe != NULL) {
		line = xasprintf("%s%s", p->exe,
				 p->exe_deleted ? "  (deleted: replaced on disk, the process "
						  "still runs the old image)"
						: "");
		add(r, in, "Executable", p->exe_deleted ? OVERVIEW_FAIL : OVERVIEW_NORMAL, line);
		free(line);
	} else {
		add(r, in, "Executable", OVERVIEW_WARN, p->exe_error ? p->exe_error : "unreadable");
	}
	st = (time_t)p->start_time;
	gmtime_r(&st, &tm);
	strftime(tbuf, sizeof tbuf, "%Y-%m-%d %H:%M:%S UTC", &tm);
	draw_duration(dur, sizeof dur, p->uptime);
	line = xasprintf("%s (up %s)", tbuf, dur);
	add(r, in, "Started", OVERVIEW_NORMAL, line);
	free(line);
	buf_init(&b);
	for (size_t i = 0; i < p->argv.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", p->argv.v[i]);
	add(r, in, "Command", OVERVIEW_NORMAL, b.data ? b.data : "");
	buf_free(&b);
	if (p->denied != NULL)
		add(r, in, "Access", OVERVIEW_WARN, p->denied);
}

static void listener_rows(const struct overview_rows_in *in, struct overview_rows *r)
{
	const struct target *t = in->t;
	size_t n = t->listeners != NULL ? t->listeners->n : 0;

	if (n == 0) {
		if (t->pid != 0)
			add(r, in, "Listeners", OVERVIEW_WARN,
			    t->listeners_error ? t->listeners_error : "no listening TCP sockets");
		return;
	}
	for (size_t i = 0; i < n && i < OVERVIEW_ROWS_MAX_LISTENERS; i++) {
		const struct listener *l = &t->listeners->v[i];
		const char *note = "";
		enum overview_tone tone = OVERVIEW_NORMAL;
		char *line;

		for (size_t k = 0; k < t->nprobes; k++)
			if (strcmp(t->probes[k].url, l->url) == 0) {
				note = t->probes[k].note ? t->probes[k].note : "probing...";
				if (t->probes[k].state == PROBE_PPROF)
					tone = OVERVIEW_PASS;
			}
		line = xasprintf("%-28s %s", l->local, note);
		add(r, in, i == 0 ? "Listeners" : "", tone, line);
		free(line);
	}
	if (n > OVERVIEW_ROWS_MAX_LISTENERS) {
		char *line = xasprintf("... and %zu more (gotriage listeners --pid %d)",
				       n - OVERVIEW_ROWS_MAX_LISTENERS, t->pid);

		add(r, in, "", OVERVIEW_DIM, line);
		free(line);
	}
}

static void url_rows(const struct overview_rows_in *in, struct overview_rows *r)
{
	const struct target *t = in->t;
	char *silence;

	for (size_t k = 0; k < t->nprobes; k++) {
		const struct target_probe *pr = &t->probes[k];
		char *line;

		if (t->url_given == NULL || strcmp(pr->url, t->url_given) != 0)
			continue;
		line = xasprintf("%s  %s", pr->url,
				 pr->note == NULL ? "probing /debug/pprof/..." : pr->note);
		add(r, in, "URL given", pr->state == PROBE_PPROF ? OVERVIEW_PASS : OVERVIEW_WARN,
		    line);
		free(line);
	}
	if (t->debug_url == NULL && (silence = target_silence(t)) != NULL) {
		add(r, in, "Debug URL", OVERVIEW_FAIL, silence);
		free(silence);
	} else if (t->debug_url != NULL) {
		add(r, in, "Debug URL", OVERVIEW_PASS, t->debug_url);
	} else if (t->probes_pending > 0) {
		add(r, in, "Debug URL", OVERVIEW_DIM, "probing listeners for /debug/pprof/...");
	} else {
		add(r, in, "Debug URL", OVERVIEW_WARN,
		    "none found: no listener serves net/http/pprof; import _ \"net/http/pprof\" "
		    "and serve it on a loopback-only listener");
	}
}

static void goroutine_rows(const struct overview_rows_in *in, struct overview_rows *r)
{
	if (in->goroutines >= 0) {
		char sz[32], age[32], *line;

		draw_size(sz, sizeof sz, (double)in->fetch_bytes);
		draw_duration(age, sizeof age, in->fetch_age);
		line = xasprintf("%ld  (debug=1: %.0f ms, %s, %s ago)%s%s", in->goroutines,
				 in->fetch_seconds * 1000, sz, age,
				 in->fetch_error ? "  last fetch: " : "",
				 in->fetch_error ? in->fetch_error : "");
		add(r, in, "Goroutines", OVERVIEW_NORMAL, line);
		free(line);
	} else if (in->fetch_error != NULL) {
		add(r, in, "Goroutines", OVERVIEW_WARN, in->fetch_error);
	}
}

static void repo_rows(const struct overview_rows_in *in, struct overview_rows *r)
{
	const struct target *t = in->t;

	if (t->repo == NULL) {
		add(r, in, "Repo", OVERVIEW_DIM, "none (pass --repo DIR for source checks)");
	} else {
		char *line;

		add(r, in, "Repo", OVERVIEW_NORMAL, t->repo);
		if (t->git != NULL && t->git->hash[0])
			line = xasprintf("%s (%s)", t->git->hash,
					 t->git->branch ? t->git->branch : "detached");
		else
			line = xstrdup(t->repo_note ? t->repo_note : "unknown");
		add(r, in, "HEAD", OVERVIEW_NORMAL, line);
		free(line);
	}
	if (in->record_path != NULL)
		add(r, in, "Recording", OVERVIEW_NORMAL, in->record_path);
	else
		add(r, in, "Recording", OVERVIEW_WARN,
		    in->record_note ? in->record_note : "off (--no-record)");
}

void overview_rows_build(const struct overview_rows_in *in, struct overview_rows *out)
{
	const struct target *t = in->t;

	memset(out, 0, sizeof *out);
	process_rows(in, out);
	if (t->binary != NULL &&
	    (t->proc == NULL || t->proc->exe == NULL || strcmp(t->binary, t->proc->exe) != 0))
		add(out, in, "Binary", OVERVIEW_NORMAL, t->binary);
	blank(out, in);
	listener_rows(in, out);
	url_rows(in, out);
	goroutine_rows(in, out);
	blank(out, in);
	repo_rows(in, out);
}

void overview_rows_free(struct overview_rows *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	memset(r, 0, sizeof *r);
}

long overview_rows_find(const struct overview_rows *r, const char *needle)
{
	for (size_t i = 0; i < r->n; i++)
		if ((r->v[i].label != NULL && strstr(r->v[i].label, needle) != NULL) ||
		    strstr(r->v[i].text, needle) != NULL)
			return (long)i;
	return -1;
}
