/* meter.c: the totals of requests to the service and the window over
 * them (see meter.h). */
#include "meter.h"

#include <pthread.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct meter_totals totals;

void meter_add(double seconds, size_t bytes)
{
	pthread_mutex_lock(&lock);
	totals.requests++;
	totals.seconds += seconds > 0 ? seconds : 0;
	totals.bytes += bytes;
	pthread_mutex_unlock(&lock);
}

void meter_read(struct meter_totals *t)
{
	pthread_mutex_lock(&lock);
	*t = totals;
	pthread_mutex_unlock(&lock);
}

void meter_window_init(struct meter_window *w)
{
	memset(w, 0, sizeof *w);
}

void meter_window_sample(struct meter_window *w, double now, const struct meter_totals *cur)
{
	size_t last = (w->head + METER_SAMPLES - 1) % METER_SAMPLES;

	if (w->n > 0 && now - w->s[last].at < 1.0)
		return;
	w->s[w->head].at = now;
	w->s[w->head].t = *cur;
	w->head = (w->head + 1) % METER_SAMPLES;
	if (w->n < METER_SAMPLES)
		w->n++;
}

double meter_window_last(const struct meter_window *w, double now, const struct meter_totals *cur,
			 struct meter_totals *d)
{
	memset(d, 0, sizeof *d);
	/* Oldest first: the first sample inside the window is the base. */
	for (size_t k = 0; k < w->n; k++) {
		size_t i = (w->head + METER_SAMPLES - w->n + k) % METER_SAMPLES;
		const struct meter_totals *b = &w->s[i].t;

		if (now - w->s[i].at > METER_WINDOW || w->s[i].at > now)
			continue;
		/* Totals only grow; a smaller current one is a caller's mix-up. */
		if (cur->requests < b->requests || cur->bytes < b->bytes)
			return 0;
		d->requests = cur->requests - b->requests;
		d->seconds = cur->seconds - b->seconds;
		d->bytes = cur->bytes - b->bytes;
		return now - w->s[i].at;
	}
	return 0;
}
