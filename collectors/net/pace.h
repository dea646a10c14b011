/* pace.h: how often a repeated fetch may run, so a console left open does
 * not weigh on the service it watches.
 *
 * A fetch is due at most every `base` seconds, and no sooner than
 * PACE_COST_FACTOR times what the last one took (a debug=1 profile that
 * took 300 ms on a 100k-goroutine service is repeated every 30 s, not
 * every 2 s: about 1% of the service's time). A fetch that failed or was
 * cut at its cap backs off: twice the interval, doubling on each repeat,
 * up to PACE_MAX_BACKOFF. What all fetches together cost the service is
 * counted by collectors/net/meter.h, not here. Pure bookkeeping: no clock
 * is read here, callers pass now_mono(). */
#ifndef GOTRIAGE_PACE_H
#define GOTRIAGE_PACE_H

#define PACE_COST_FACTOR 100.0
#define PACE_MAX_INTERVAL 600.0
#define PACE_MAX_BACKOFF 300.0

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
