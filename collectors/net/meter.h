/* meter.h: what gotriage's requests cost the service they go to, for the
 * console's status line ("last min 3 req 0.41s 27.1 KB").
 *
 * http.c adds every request that ends (answered, failed or cancelled)
 * to process-wide totals, except those marked not_service (GOPROXY
 * probes go to module proxies, not to the service): how many, the
 * seconds each took from its start to its end as measured here (a wall
 * time, which includes the network and the service's waiting; it is not
 * the service's CPU, which is not visible from here) and the bytes
 * received on the wire. Workers' requests count too (a mutex guards the
 * totals). Requests made on another host (the remote side of --ssh) are
 * not seen.
 *
 * A meter_window holds samples of the totals taken on the console's
 * timer (pure bookkeeping: callers pass now_mono()) and says what the
 * last METER_WINDOW seconds added. */
#ifndef GOTRIAGE_METER_H
#define GOTRIAGE_METER_H

#include <stddef.h>

#define METER_WINDOW 60.0
#define METER_SAMPLES 256 /* at one a second at most: over four minutes */

struct meter_totals {
	unsigned long requests;
	double seconds;		  /* summed wall time of the requests */
	unsigned long long bytes; /* received on the wire */
};

/* One request ended after `seconds`, having received `bytes`. */
void meter_add(double seconds, size_t bytes);
/* The totals since the process started. */
void meter_read(struct meter_totals *t);

struct meter_window {
	struct {
		double at;
		struct meter_totals t;
	} s[METER_SAMPLES];
	size_t n, head; /* head: where the next sample goes */
};

void meter_window_init(struct meter_window *w);
/* Keeps `cur` as the totals at `now`; samples closer than a second to
 * the last one are skipped. */
void meter_window_sample(struct meter_window *w, double now, const struct meter_totals *cur);
/* What `cur` (the totals at now) adds to the oldest sample of the last
 * METER_WINDOW seconds, into *d; returns the seconds that covers (0 and
 * a zero *d when no sample is that recent). */
double meter_window_last(const struct meter_window *w, double now, const struct meter_totals *cur,
			 struct meter_totals *d);

#endif
