/* frame_load.c: the console's weight on the service it watches: the idle
 * pause (no polling after --idle-pause seconds without a key; any key
 * resumes) and the status line's account of what the console asked of
 * the service in the last minute (collectors/net/meter.h). */
#include <cJSON.h>
#include <stdio.h>

#include "collectors/net/meter.h"
#include "frame.h"
#include "panes/draw.h"
#include "tui/record/journal.h"

void frame_load_init(struct frame *f, double now)
{
	f->last_key_at = now;
	f->paused = 0;
	meter_window_init(&f->meter);
}

static void journal_pause(struct frame *f, int paused, double idle)
{
	cJSON *o;

	if (f->journal == NULL)
		return;
	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "paused", paused);
	cJSON_AddNumberToObject(o, "idle", (double)(long)idle);
	journal_event(f->journal, "pause", o);
	cJSON_Delete(o);
}

int frame_load_paused(struct frame *f, double now)
{
	struct meter_totals t;

	meter_read(&t);
	meter_window_sample(&f->meter, now, &t);
	if (!f->paused && f->opts.idle_pause > 0 && now - f->last_key_at >= f->opts.idle_pause) {
		f->paused = 1;
		f->dirty = 1;
		journal_pause(f, 1, now - f->last_key_at);
	}
	return f->paused;
}

int frame_load_key(struct frame *f, double now)
{
	int was = f->paused;

	if (was) {
		f->paused = 0;
		f->dirty = 1;
		journal_pause(f, 0, now - f->last_key_at);
	}
	f->last_key_at = now;
	return was;
}

void frame_load_status(struct frame *f, double now, char *out, size_t n)
{
	struct meter_totals cur, d;
	char sz[32];

	meter_read(&cur);
	meter_window_last(&f->meter, now, &cur, &d);
	draw_size(sz, sizeof sz, (double)d.bytes);
	snprintf(out, n, "last min %lu req %.2fs %s | ", d.requests, d.seconds, sz);
}
