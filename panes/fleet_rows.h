/* fleet_rows.h: the fleet pane's lines, with no curses: a judged fleet
 * (checks/fleet/view.h) as the pane shows it. First the groups of
 * identical answers (each collapsed to one line "2 targets (a, b): stale-
 * binary fail, running a61a5c4"; expanded, its targets follow one a line),
 * then the versions (skew), the outliers (one target a line), the
 * listeners missing on some replicas of a build and the Go environment
 * variables that differ.
 *
 * Target lines carry the row index, so the pane can attach the console to
 * that target (struct fleet_pane_data's attach[row]); group lines carry
 * the group index, so Enter expands it.
 *
 * The data comes from `gotriage fleet` (tui/cmd/cmd_fleet.c) through the
 * console options; the model borrows it, and the lines own their text
 * (raw from the targets: draw through draw_text(), which sanitises).
 * fleet_rows_free() accepts NULL. */
#ifndef GOTRIAGE_FLEET_ROWS_H
#define GOTRIAGE_FLEET_ROWS_H

#include <stddef.h>

#include "checks/fleet/view.h"

struct cJSON;

/* How the console opens one target of the fleet. */
struct fleet_pane_target {
	char **argv; /* the console's arguments ("gotriage", "--ssh", ...), NULL-terminated;
			NULL: this target cannot be opened, `how` says why */
	char *how;   /* "live over ssh web-01", "the saved document", or why not */
};

struct fleet_pane_data {
	const struct fleet_row *rows;
	size_t n;
	const struct fleet_view *view;
	const struct fleet_pane_target *attach; /* n of them */
	char *summary; /* "9 targets, 6 judged, 2 failing a check (4.1 s)" */
	/* {"kind": ..., "payload": ...} objects the pane records in the
	 * console's journal when it starts (the fleet's targets and view),
	 * or NULL. */
	struct cJSON *events;
};

enum fleet_line_kind {
	FLEET_LINE_TITLE,  /* a section heading */
	FLEET_LINE_GROUP,  /* `group` says which; Enter expands */
	FLEET_LINE_TARGET, /* `row` says which; Enter attaches */
	FLEET_LINE_TEXT,
};

enum fleet_tone {
	FLEET_TONE_NORMAL,
	FLEET_TONE_GOOD,
	FLEET_TONE_BAD,
	FLEET_TONE_WARN,
	FLEET_TONE_DIM
};

struct fleet_line {
	enum fleet_line_kind kind;
	enum fleet_tone tone;
	int indent; /* columns */
	char *text;
	size_t group, row; /* (size_t)-1 when not that kind */
	int expanded;	   /* a group line: its targets follow */
};

struct fleet_rows {
	struct fleet_line *v;
	size_t n;
};

/* `expanded` has one flag per group of d->view (NULL: all collapsed). */
struct fleet_rows *fleet_rows_build(const struct fleet_pane_data *d, const unsigned char *expanded);
void fleet_rows_free(struct fleet_rows *r);

/* The line of target row `row` under group `group` (after expanding), or
 * the first line of that target anywhere when group is (size_t)-1;
 * (size_t)-1 when none. */
size_t fleet_rows_find_target(const struct fleet_rows *r, size_t group, size_t row);
/* The group holding target row `row`, or (size_t)-1. */
size_t fleet_rows_group_of(const struct fleet_pane_data *d, size_t row);

/* One target's line text: "web-03:1234  rev a61a5c4  12 goroutines
 * 9.8 MiB RSS", or "gt-hung:1  timed out: no answer within 15 s".
 * malloc'd. */
char *fleet_rows_target_text(const struct fleet_row *r);

#endif
