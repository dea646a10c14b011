/* pace.h: how often a repeated fetch may run, so a console left open does
 * not weigh on the service it watches.
 *
 * A fetch is due at most every `base` seconds, and no sooner than
 * PACE_COST_FACTOR times what the last one cost (pace_cost(): its wall
 * time, or the service's CPU meanwhile when larger). A debug=1 goroutine
 * profile of a 100k-goroutine service took 0.37-0.77 s of wall time and
 * cost the service about 0.8 s of CPU, part of it after the answer (the
 * garbage collector freeing the profile's buffers), which no reading
 * around the fetch sees; 250 keeps such a poll under 1% of one core
 * (the goal is 2%) while a 10 ms poll still repeats every 2.5 s. A fetch that failed or was
 * cut at its cap backs off: twice the interval, doubling on each repeat,
 * up to PACE_MAX_BACKOFF. What all fetches together cost the service is
 * counted by collectors/net/meter.h, not here. Pure bookkeeping: no clock
 * is read here, callers pass now_mono(). */
#ifndef GOTRIAGE_PACE_H
#define GOTRIAGE_PACE_H

#define PACE_COST_FACTOR 250.0
#define PACE_MAX_INTERVAL 600.0
#define PACE_MAX_BACKOFF 300.0

/* What a fetch cost the service, for pace_done(): its wall time, or the
 * CPU the service used meanwhile (cpu_after - cpu_before, s) when that is
 * known (>= 0) and larger: a goroutine profile of a big service costs it
 * more CPU than the fetch's wall time (measured: 0.75 s for 0.37 s on a
 * 100k-goroutine fixture, the collector running beside the handler). */
double pace_cost(double wall, double cpu_before, double cpu_after);

struct pace {
	double base;	  /* seconds between fetches when they are cheap */
	double next_at;	  /* not due before this (0: due now) */
	double backoff;	  /* seconds of the current back-off, 0 when none */
	double last_cost; /* seconds the last fetch took */
};

void pace_init(struct pace *p, double base);
int pace_due(const struct pace *p, double now);
/* Records a fetch that ended at now after taking took seconds; failed
 * (an error, or cut at its cap) starts or doubles the back-off. */
void pace_done(struct pace *p, double now, double took, int failed);
/* Seconds until the next fetch is due (0 when due). */
double pace_wait(const struct pace *p, double now);

#endif
