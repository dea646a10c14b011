/* fleet_print.h: the fleet view as text (dshbak -c style groups first),
 * JSON (one object), JSON lines (a line per target, then the fleet) and
 * Markdown (for a ticket). Every string from a target is masked
 * (redact.h) and sanitised (sanitize.h) on the way out, as check does. */
#ifndef GOTRIAGE_FLEET_PRINT_H
#define GOTRIAGE_FLEET_PRINT_H

#include <cJSON.h>
#include <stdio.h>

#include "fleet_judge.h"

struct fleet_report {
	const struct fleet_judged *rows;
	size_t n;
	const struct fleet_view *view;
	const struct fleet_judge *judge;
	double took; /* seconds, the whole run */
	int jobs;
};

void fleet_print_text(FILE *out, const struct fleet_report *r);
void fleet_print_md(FILE *out, const struct fleet_report *r);
void fleet_print_json(FILE *out, const struct fleet_report *r, int lines);

/* The JSON of one target and of the fleet view, cleaned (for the journal
 * too). */
cJSON *fleet_target_json(const struct fleet_report *r, size_t i);
cJSON *fleet_view_json(const struct fleet_report *r);

#endif
