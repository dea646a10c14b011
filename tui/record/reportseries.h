/* reportseries.h: the periodic polls of a journal as time series.
 *
 * The console's overview polls the goroutine total (and the process's RSS)
 * every refresh; each poll is a "fetch" event carrying "series" plus the
 * numbers ("goroutines", "rss", "size", "duration"). The report draws each
 * series once: polls, time span, min/max/last and a Unicode sparkline
 * (reportseries_spark), instead of one timeline row per poll. */
#ifndef GOTRIAGE_REPORTSERIES_H
#define GOTRIAGE_REPORTSERIES_H

#include <cJSON.h>
#include <stddef.h>

#include "collectors/base/common.h"
#include "journalread.h"

/* 1 when e is a poll that belongs to a series (drawn by reportseries_md). */
int reportseries_is_poll(const cJSON *e);
/* "## Series" with one table row per series; nothing when there is none. */
void reportseries_md(struct buf *b, const struct journalread *jr);
/* One timeline row's text for the series that poll e starts: "goroutines:
 * 42 polls until +5:10, 10..12 (see Series)". */
void reportseries_timeline(struct buf *b, const struct journalread *jr, const cJSON *e);
/* At most `width` block characters (U+2581..U+2588) for v[0..n), each the
 * largest of its share of the points; scaled from min to max. */
void reportseries_spark(struct buf *b, const double *v, size_t n, size_t width);

#endif
