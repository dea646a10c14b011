/* reportseries.c: the journal's polls as series and sparklines. */
#include "reportseries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPARK_WIDTH 40

static const char *const fields[] = {"goroutines", "rss"};

int reportseries_is_poll(const cJSON *e)
{
	return strcmp(journalread_kind(e), "fetch") == 0 && journalread_str(e, "series") != NULL;
}

void reportseries_spark(struct buf *b, const double *v, size_t n, size_t width)
{
	static const char *const blocks[] = {"\u2581", "\u2582", "\u2583", "\u2584",
					     "\u2585", "\u2586", "\u2587", "\u2588"};
	double lo = 0, hi = 0;

	if (n == 0 || width == 0)
		return;
	lo = hi = v[0];
	for (size_t i = 1; i < n; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	if (width > n)
		width = n;
	for (size_t k = 0; k < width; k++) {
		size_t a = k * n / width, z = (k + 1) * n / width;
		double m = v[a];
		int level;

		for (size_t i = a; i < z; i++)
			m = v[i] > m ? v[i] : m;
		level = hi > lo ? (int)((m - lo) / (hi - lo) * 7.0 + 0.5) : 0;
		buf_adds(b, blocks[level < 0 ? 0 : level > 7 ? 7 : level]);
	}
}

/* The values of `field` over the series' polls, in order. */
static double *points(const struct journalread *jr, const char *series, const char *field,
		      size_t *n, double *t0, double *t1)
{
	double *v = NULL;

	*n = 0;
	for (size_t i = 0; i < jr->n_events; i++) {
		const cJSON *e = jr->events[i];
		const char *s;
		double x;

		if (!reportseries_is_poll(e) || (s = journalread_str(e, "series")) == NULL ||
		    strcmp(s, series) != 0)
			continue;
		x = journalread_num(e, field, -1);
		if (x < 0)
			continue;
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = x;
		if (*n == 1)
			*t0 = journalread_t(e);
		*t1 = journalread_t(e);
	}
	return v;
}

static void number(char *out, size_t size, const char *field, double x)
{
	if (strcmp(field, "rss") == 0)
		snprintf(out, size, "%.1f MB", x / (1024.0 * 1024.0));
	else
		snprintf(out, size, "%.0f", x);
}

static void offset(char *out, size_t size, double t)
{
	long s = t < 0 ? 0 : t < 1e12 ? (long)t : 1000000000000L;

	snprintf(out, size, "+%ld:%02ld", s / 60, s % 60);
}

/* The distinct series names, in order of first appearance (at most 8). */
static size_t series_names(const struct journalread *jr, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < jr->n_events && n < max; i++) {
		const char *s;
		size_t k;

		if (!reportseries_is_poll(jr->events[i]))
			continue;
		s = journalread_str(jr->events[i], "series");
		for (k = 0; k < n && strcmp(names[k], s) != 0; k++)
			;
		if (k == n)
			names[n++] = s;
	}
	return n;
}

void reportseries_md(struct buf *b, const struct journalread *jr)
{
	const char *names[8];
	size_t ns = series_names(jr, names, ARRAY_LEN(names)), rows = 0;

	for (size_t s = 0; s < ns; s++)
		for (size_t f = 0; f < ARRAY_LEN(fields); f++) {
			double t0 = 0, t1 = 0, lo, hi;
			size_t n;
			double *v = points(jr, names[s], fields[f], &n, &t0, &t1);
			char a[32], z[32], l[32], h[32], last[32];

			if (n == 0) {
				free(v);
				continue;
			}
			if (rows++ == 0)
				buf_adds(
				    b, "\n## Series\n\n| Series | Polls | From | To | Min | Max | "
				       "Last | History |\n|---|---|---|---|---|---|---|---|\n");
			lo = hi = v[0];
			for (size_t i = 1; i < n; i++) {
				lo = v[i] < lo ? v[i] : lo;
				hi = v[i] > hi ? v[i] : hi;
			}
			offset(a, sizeof a, t0);
			offset(z, sizeof z, t1);
			number(l, sizeof l, fields[f], lo);
			number(h, sizeof h, fields[f], hi);
			number(last, sizeof last, fields[f], v[n - 1]);
			buf_printf(b, "| %s | %zu | %s | %s | %s | %s | %s | ", fields[f], n, a, z,
				   l, h, last);
			reportseries_spark(b, v, n, SPARK_WIDTH);
			buf_adds(b, " |\n");
			free(v);
		}
}

void reportseries_timeline(struct buf *b, const struct journalread *jr, const cJSON *e)
{
	const char *series = journalread_str(e, "series");
	double t0 = 0, t1 = 0;
	size_t n;
	double *v = points(jr, series, "goroutines", &n, &t0, &t1);
	char z[32];

	offset(z, sizeof z, t1);
	buf_printf(b, "%s: %zu polls until %s", series, n, z);
	if (n > 0)
		buf_printf(b, ", %.0f to %.0f goroutines", v[0], v[n - 1]);
	buf_adds(b, " (see Series)");
	free(v);
}
