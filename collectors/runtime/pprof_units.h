/* pprof_units.h: numbers the way `go tool pprof` prints them.
 *
 * The unit families and the rules are google/pprof's internal/measurement
 * (Go 1.19 vendors it under cmd/vendor): byte units B kB MB GB TB PB
 * (powers of 1024), time units ns us ms s hrs, and "count"-like units that
 * print bare numbers. A unit name is matched case-insensitively, with a
 * trailing "s" dropped when longer than two letters ("nanoseconds" ->
 * "nanosecond"). Values print with "%.2f" and a trailing ".00" removed;
 * percentages as "%5.2f%%" (or "%5.2g%%" below 1%, "  100%" near 100).
 * Pure functions; no allocation. */
#ifndef GOTRIAGE_PPROF_UNITS_H
#define GOTRIAGE_PPROF_UNITS_H

#include <stddef.h>
#include <stdint.h>

#define PPROF_UNIT_MAX 16

/* Converts v from `from` to `to` ("minimum"/"auto": the largest unit the
 * value reaches). *unit gets the canonical name ("" for counts). */
double pprof_scale(int64_t v, const char *from, const char *to, char unit[PPROF_UNIT_MAX]);
/* pprof's ScaledLabel: "1.50MB", "10ms", "0". */
void pprof_scaled_label(int64_t v, const char *from, const char *to, char *out, size_t n);
/* pprof's Percentage of v in total: " 5.25%", "  100%", "0.051%". */
void pprof_percentage(int64_t v, int64_t total, char *out, size_t n);

#endif
