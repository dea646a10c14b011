/* pprof_units.c: pprof's measurement rules (see pprof_units.h). */
#include "pprof_units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct unit {
	const char *name;
	const char *aliases[4];
	double factor;
};

struct family {
	struct unit units[9];
	size_t n;
	struct unit def;
};

static const struct family families[] = {
    {{{"B", {"b", "byte"}, 1},
      {"kB", {"kb", "kbyte", "kilobyte"}, 1024.0},
      {"MB", {"mb", "mbyte", "megabyte"}, 1048576.0},
      {"GB", {"gb", "gbyte", "gigabyte"}, 1073741824.0},
      {"TB", {"tb", "tbyte", "terabyte"}, 1099511627776.0},
      {"PB", {"pb", "pbyte", "petabyte"}, 1125899906842624.0}},
     6,
     {"B", {"b", "byte"}, 1}},
    {{{"ns", {"ns", "nanosecond"}, 1},
      {"us", {"\xce\xbcs", "us", "microsecond"}, 1e3},
      {"ms", {"ms", "millisecond"}, 1e6},
      {"s", {"s", "sec", "second"}, 1e9},
      {"hrs", {"hour", "hr"}, 3600e9}},
     5,
     {"s", {NULL}, 1e9}},
    {{{"n*GCU", {"nanogcu"}, 1e-9},
      {"u*GCU", {"microgcu"}, 1e-6},
      {"m*GCU", {"milligcu"}, 1e-3},
      {"GCU", {"gcu"}, 1},
      {"k*GCU", {"kilogcu"}, 1e3},
      {"M*GCU", {"megagcu"}, 1e6},
      {"G*GCU", {"gigagcu"}, 1e9},
      {"T*GCU", {"teragcu"}, 1e12},
      {"P*GCU", {"petagcu"}, 1e15}},
     9,
     {"GCU", {NULL}, 1}},
};

static const struct unit *sniff(const struct family *f, const char *name)
{
	char low[64];
	size_t n = strlen(name);

	if (n >= sizeof low)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	if (n > 2 && low[n - 1] == 's')
		low[n - 1] = '\0';
	for (size_t i = 0; i < f->n; i++)
		for (size_t k = 0; k < 4 && f->units[i].aliases[k] != NULL; k++)
			if (strcmp(f->units[i].aliases[k], low) == 0)
				return &f->units[i];
	return NULL;
}

static void set_unit(char unit[PPROF_UNIT_MAX], const char *s)
{
	snprintf(unit, PPROF_UNIT_MAX, "%s", s);
}

double pprof_scale(int64_t v, const char *from, const char *to, char unit[PPROF_UNIT_MAX])
{
	int is_auto = strcmp(to, "minimum") == 0 || strcmp(to, "auto") == 0;

	/* Go: "value < 0 && -value > 0", false for MinInt64 (whose negation wraps to
	 * itself); in C the negation would be undefined, and gcc turned it into an
	 * endless recursion. */
	if (v < 0 && v != INT64_MIN)
		return -pprof_scale(-v, from, to, unit);
	for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
		const struct family *f = &families[i];
		const struct unit *fu = sniff(f, from), *tu;
		double x;

		if (fu == NULL)
			continue;
		x = (double)v * fu->factor;
		if (is_auto) {
			double best = 0;
			const char *name = NULL;

			for (size_t k = 0; k < f->n; k++)
				if (f->units[k].factor >= best && x / f->units[k].factor >= 1.0) {
					best = f->units[k].factor;
					name = f->units[k].name;
				}
			if (best != 0) {
				set_unit(unit, name);
				return x / best;
			}
			set_unit(unit, f->def.name);
			return x / f->def.factor;
		}
		tu = sniff(f, to);
		if (tu == NULL) {
			set_unit(unit, f->def.name);
			return x / f->def.factor;
		}
		set_unit(unit, tu->name);
		return x / tu->factor;
	}
	if (is_auto || strcmp(to, "count") == 0 || strcmp(to, "sample") == 0 ||
	    strcmp(to, "unit") == 0)
		set_unit(unit, "");
	else
		set_unit(unit, to);
	return (double)v;
}

void pprof_scaled_label(int64_t v, const char *from, const char *to, char *out, size_t n)
{
	char unit[PPROF_UNIT_MAX], num[64];
	double x = pprof_scale(v, from, to, unit);
	size_t len;

	snprintf(num, sizeof num, "%.2f", x);
	len = strlen(num);
	if (len > 3 && strcmp(num + len - 3, ".00") == 0)
		num[len - 3] = '\0';
	if (strcmp(num, "0") == 0 || strcmp(num, "-0") == 0) {
		snprintf(out, n, "0");
		return;
	}
	snprintf(out, n, "%s%s", num, unit);
}

void pprof_percentage(int64_t v, int64_t total, char *out, size_t n)
{
	double r = 0;

	if (total != 0)
		r = fabs((double)v / (double)total) * 100;
	if (r >= 99.95 && r <= 100.05)
		snprintf(out, n, "  100%%");
	else if (r >= 1.0)
		snprintf(out, n, "%5.2f%%", r);
	else
		snprintf(out, n, "%5.2g%%", r);
}
