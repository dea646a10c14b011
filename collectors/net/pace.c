/* pace.c: the refresh pacing of repeated fetches (see pace.h). */
#include "pace.h"

void pace_init(struct pace *p, double base)
{
	p->base = base > 0 ? base : 2.0;
	p->next_at = 0;
	p->backoff = 0;
	p->last_cost = 0;
}

int pace_due(const struct pace *p, double now)
{
	return now >= p->next_at;
}

double pace_wait(const struct pace *p, double now)
{
	return now >= p->next_at ? 0 : p->next_at - now;
}

double pace_cost(double wall, double cpu_before, double cpu_after)
{
	double cpu = cpu_after - cpu_before;

	if (cpu_before < 0 || cpu_after < 0 || cpu < wall)
		return wall;
	return cpu;
}

void pace_done(struct pace *p, double now, double took, int failed)
{
	double gap = p->base;

	if (took < 0)
		took = 0;
	p->last_cost = took;
	if (took * PACE_COST_FACTOR > gap)
		gap = took * PACE_COST_FACTOR;
	if (gap > PACE_MAX_INTERVAL)
		gap = PACE_MAX_INTERVAL;
	if (failed) {
		p->backoff = p->backoff > 0 ? p->backoff * 2 : gap * 2;
		if (p->backoff > PACE_MAX_BACKOFF)
			p->backoff = PACE_MAX_BACKOFF;
		if (gap < p->backoff)
			gap = p->backoff;
	} else {
		p->backoff = 0;
	}
	p->next_at = now + gap;
}
