/* reporttimeline.c: the report's "## Timeline": one row per journal event,
 * a run of fetches folded into one row per endpoint, each poll series once
 * (its numbers are in "## Series"), cut at MAX_TIMELINE_ROWS. */
#include "reporttimeline.h"

#include <string.h>
#include <time.h>

#include "reportseries.h"
#include "reporttext.h"

#define MAX_TIMELINE_ROWS 2000
#define DETAIL_MAX REPORTTEXT_DETAIL_MAX

static void utc_clock(char *out, size_t size, double ts)
{
	time_t secs;
	struct tm tm;

	out[0] = '\0';
	/* Range first: converting 1e300 to time_t is undefined (UBSan). */
	if (!(ts > 0 && ts < 1e11))
		return;
	secs = (time_t)ts;
	if (gmtime_r(&secs, &tm) != NULL)
		strftime(out, size, "%H:%M:%SZ", &tm);
}

static void human_size(char *out, size_t size, double bytes)
{
	if (bytes < 0)
		snprintf(out, size, "?");
	else if (bytes < 1024)
		snprintf(out, size, "%.0f B", bytes);
	else if (bytes < 1024 * 1024)
		snprintf(out, size, "%.1f KiB", bytes / 1024);
	else
		snprintf(out, size, "%.1f MiB", bytes / 1024 / 1024);
}

struct fetch_group {
	const char *what;
	size_t count, errors;
	const cJSON *first, *last, *last_err;
};

static void fetch_detail(struct buf *b, const cJSON *e)
{
	const char *err = journalread_str(e, "error");
	const char *sum = journalread_str(e, "summary");
	double st = journalread_num(e, "status", 0);
	char size[32], dur[32];

	if (err != NULL) {
		buf_adds(b, "failed: ");
		reporttext_md(b, err, DETAIL_MAX);
		return;
	}
	human_size(size, sizeof size, journalread_num(e, "size", -1));
	reporttext_duration(dur, sizeof dur, journalread_num(e, "duration", -1));
	if (st > 0 && st < 1000)
		buf_printf(b, "%d, ", (int)st);
	buf_printf(b, "%s in %s", size, dur);
	if (sum != NULL) {
		buf_adds(b, ": ");
		reporttext_md(b, sum, DETAIL_MAX);
	}
}

static void row_start(struct buf *b, const cJSON *e, const char *kind)
{
	char off[32], clock[32];

	reporttext_offset(off, sizeof off, journalread_t(e));
	utc_clock(clock, sizeof clock, journalread_num(e, "ts", 0));
	buf_printf(b, "| %s%s%s%s | ", off, clock[0] ? " (" : "", clock, clock[0] ? ")" : "");
	reporttext_md(b, kind, 40);
	buf_adds(b, " | ");
}

/* One row for each endpoint in a run of consecutive fetches. */
static size_t fetch_rows(struct buf *b, const struct journalread *jr, size_t i, size_t *rows)
{
	struct fetch_group g[32];
	size_t ng = 0, j = i;

	for (; j < jr->n_events && strcmp(journalread_kind(jr->events[j]), "fetch") == 0 &&
	       !reportseries_is_poll(jr->events[j]);
	     j++) {
		const cJSON *e = jr->events[j];
		const char *what = journalread_str(e, "what");
		size_t k;

		if (what == NULL)
			what = "?";
		for (k = 0; k < ng && strcmp(g[k].what, what) != 0; k++)
			;
		if (k == ng) {
			if (ng == ARRAY_LEN(g))
				break; /* the next run starts here */
			memset(&g[ng], 0, sizeof g[0]);
			g[ng].what = what;
			g[ng].first = e;
			ng++;
		}
		g[k].count++;
		g[k].last = e;
		if (journalread_str(e, "error") != NULL) {
			g[k].errors++;
			g[k].last_err = e;
		}
	}
	for (size_t k = 0; k < ng && *rows < MAX_TIMELINE_ROWS; k++, (*rows)++) {
		row_start(b, g[k].first, "fetch");
		reporttext_md(b, g[k].what, 80);
		if (g[k].count > 1) {
			char off[32];

			reporttext_offset(off, sizeof off, journalread_t(g[k].last));
			buf_printf(b, " \xc3\x97%zu until %s", g[k].count, off);
			if (g[k].errors > 0)
				buf_printf(b, " (%zu failed)", g[k].errors);
			buf_adds(b, "; last ");
		} else {
			buf_adds(b, ": ");
		}
		fetch_detail(b, g[k].last);
		buf_adds(b, " |\n");
	}
	return j;
}

static void event_detail(struct buf *b, const cJSON *e, const char *kind)
{
	if (strcmp(kind, "attach") == 0) {
		const char *bin = journalread_str(e, "binary");
		const char *rev = journalread_str(e, "revision");
		double pid = journalread_num(e, "pid", 0);

		buf_adds(b, "attached to ");
		reporttext_md(b, journalread_str(e, "target"), DETAIL_MAX);
		if (pid > 0 && pid < 1e9)
			buf_printf(b, ", pid %.0f", pid);
		if (bin != NULL) {
			buf_adds(b, ", binary ");
			reporttext_md(b, bin, DETAIL_MAX);
		}
		if (rev != NULL) {
			buf_adds(b, ", revision ");
			reporttext_md(b, rev, 64);
		}
	} else if (strcmp(kind, "verdict") == 0) {
		reporttext_md(b, journalread_str(e, "id"), 80);
		buf_adds(b, ": **");
		reporttext_md(b, journalread_str(e, "verdict"), 16);
		buf_adds(b, "**");
		if (journalread_str(e, "summary") != NULL) {
			buf_adds(b, " \xe2\x80\x94 ");
			reporttext_md(b, journalread_str(e, "summary"), DETAIL_MAX);
		}
	} else if (strcmp(kind, "pane") == 0) {
		buf_adds(b, "switched to ");
		reporttext_md(b, journalread_str(e, "name"), 80);
	} else if (strcmp(kind, "key") == 0) {
		reporttext_md(b, journalread_str(e, "action"), 80);
		if (journalread_str(e, "pane") != NULL) {
			buf_adds(b, " in ");
			reporttext_md(b, journalread_str(e, "pane"), 80);
		}
	} else if (strcmp(kind, "command") == 0) {
		buf_adds(b, "typed: ");
		reporttext_md(b, journalread_str(e, "text"), DETAIL_MAX);
	} else if (strcmp(kind, "note") == 0) {
		if (journalread_str(e, "check") != NULL) {
			buf_adds(b, "on ");
			reporttext_md(b, journalread_str(e, "check"), 80);
			buf_adds(b, ": ");
		}
		reporttext_md(b, journalread_str(e, "text"), DETAIL_MAX);
	} else if (strcmp(kind, "step") == 0) {
		buf_adds(b, "opened step ");
		reporttext_md(b, journalread_str(e, "check"), 80);
		if (journalread_str(e, "verdict") != NULL) {
			buf_adds(b, " (");
			reporttext_md(b, journalread_str(e, "verdict"), 20);
			buf_adds(b, ")");
		}
	} else if (strcmp(kind, "mark") == 0) {
		buf_adds(b, "marked ");
		reporttext_md(b, journalread_str(e, "check"), 80);
		buf_adds(b, " ");
		reporttext_md(b, journalread_str(e, "mark"), 20);
	} else if (strcmp(kind, "resize") == 0) {
		buf_printf(b, "terminal %.0fx%.0f", journalread_num(e, "cols", 0),
			   journalread_num(e, "rows", 0));
	} else if (strcmp(kind, "end") == 0) {
		buf_adds(b, "session ended: ");
		reporttext_md(b, journalread_str(e, "reason"), 80);
	} else if (strcmp(kind, "goroutines") == 0) {
		/* The stacks themselves are for goroutines --diff, not here. */
		buf_printf(b,
			   "goroutine snapshot: %.0f goroutines in %.0f stacks (compare with "
			   "gotriage goroutines --diff)",
			   journalread_num(e, "total", 0), journalread_num(e, "buckets", 0));
	} else if (strcmp(kind, "header") == 0) {
		buf_adds(b, "another session starts (times restart from zero)");
	} else {
		const char *hint = journalread_str(e, "summary");

		buf_adds(b, "not known to this version");
		if (hint == NULL)
			hint = journalread_str(e, "text");
		if (hint != NULL) {
			buf_adds(b, ": ");
			reporttext_md(b, hint, DETAIL_MAX);
		}
	}
}

void reporttimeline_md(struct buf *b, const struct journalread *jr)
{
	size_t rows = 0, i = 0;

	const char *seen[8];
	size_t nseen = 0;

	reportseries_md(b, jr);
	buf_adds(b, "\n## Timeline\n\n| Time | Event | What happened |\n|---|---|---|\n");
	while (i < jr->n_events && rows < MAX_TIMELINE_ROWS) {
		const cJSON *e = jr->events[i];
		const char *kind = journalread_kind(e);

		/* Polls: one row per series, at its first poll. */
		if (reportseries_is_poll(e)) {
			const char *s = journalread_str(e, "series");
			size_t k;

			for (k = 0; k < nseen && strcmp(seen[k], s) != 0; k++)
				;
			if (k == nseen && nseen < ARRAY_LEN(seen)) {
				seen[nseen++] = s;
				row_start(b, e, "poll");
				reportseries_timeline(b, jr, e);
				buf_adds(b, " |\n");
				rows++;
			}
			i++;
			continue;
		}
		if (strcmp(kind, "fetch") == 0) {
			i = fetch_rows(b, jr, i, &rows);
			continue;
		}
		row_start(b, e, kind);
		event_detail(b, e, kind);
		buf_adds(b, " |\n");
		rows++;
		i++;
	}
	if (i < jr->n_events)
		buf_printf(b, "\n%zu later events are not shown (the timeline stops at %d rows).\n",
			   jr->n_events - i, MAX_TIMELINE_ROWS);
}
