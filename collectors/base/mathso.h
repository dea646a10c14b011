/* mathso.h: exp() from libm, loaded on first use.
 *
 * Only the legacy heap text's unsampling (pprof_legacy.c) needs a libm
 * function the compiler does not inline, yet linking libm made the loader
 * map it at every start (issue 16's speed goal: `gotriage profile` on a
 * small file is mostly start-up). Thread-safe. */
#ifndef GOTRIAGE_MATHSO_H
#define GOTRIAGE_MATHSO_H

/* libm's exp(x); a series of the same accuracy class if libm.so.6 cannot
 * be loaded (never expected: it ships with libc6). */
double mathso_exp(double x);
/* That series itself, for its test. */
double mathso_series_exp(double x);

#endif
