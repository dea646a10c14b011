/* keytrace.h: for benchmarks, when each key was read and when the screen
 * that answers it was written (GOTRIAGE_KEYTRACE=FILE; nothing otherwise).
 *
 * One line per answered key: "READ_WALL MS RUNQ_MS" (the wall-clock
 * second the first unanswered key was read, the milliseconds until the
 * redraw after it returned from doupdate, and how many of them the UI
 * thread spent runnable but waiting for a CPU, from
 * /proc/thread-self/schedstat), so a harness can tell the console's own
 * answer time from the terminal's delivery and from a busy machine
 * (tests/bench/profiles_keys.sh). Several keys read before one redraw count as the
 * first. Not fsync'ed; a write error turns the trace off. */
#ifndef GOTRIAGE_KEYTRACE_H
#define GOTRIAGE_KEYTRACE_H

/* Opens the file GOTRIAGE_KEYTRACE names (appending), if set. */
void keytrace_open(void);
/* A key was read. */
void keytrace_key(void);
/* The screen was written: ends the pending key's line. */
void keytrace_drawn(void);
void keytrace_close(void);

#endif
