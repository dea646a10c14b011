/* casttee.h: records exactly what the terminal is sent, by putting a pty
 * between ncurses and the terminal, as `script` and asciinema do.
 *
 * Why not a FILE made with fopencookie(): ncurses 6.4 writes its output
 * with write(2) on fileno() of the FILE given to newterm() (lib_tputs.c,
 * _nc_flush), and sets the terminal modes on that same descriptor. A
 * cookie stream has no descriptor (fileno -1): measured on Debian 12, not
 * one byte reached the cookie and cbreak()/noecho() silently failed.
 *
 * So the console draws on a pty: casttee_start() opens one with the
 * terminal's modes and size, puts the real terminal in a pass-through mode
 * (no echo, no line editing, no output processing; ISIG kept so Ctrl-C and
 * Ctrl-\ still signal the console) and starts a thread that copies the
 * pty's output to the terminal and to the cast, and the terminal's input to
 * the pty. ncurses's cbreak()/noecho()/keypad() then act on the pty line
 * discipline exactly as they would on the terminal.
 *
 * Contract for the console while the tee runs:
 *  - newterm(NULL, casttee_out(t), casttee_in(t)); readline's rl_outstream
 *    and rl_instream are the same two FILEs; poll fileno(casttee_in(t)), not
 *    0, for keys. Nothing else reads the real terminal.
 *  - on SIGWINCH (flag set by the handler, acted on by the loop before the
 *    next getch) call casttee_winsize(), which copies the size to the pty
 *    and records an "r" event, then resizeterm() with the size it returns.
 *  - at exit: endwin(), delscreen(), then casttee_stop() (it closes the two
 *    FILEs, drains what ncurses wrote last, restores the terminal's modes
 *    and frees), then cast_close().
 * If the terminal hangs up (SIGHUP), the thread keeps draining the pty into
 * the cast so ncurses never blocks. Killed with SIGKILL, the terminal is
 * left in pass-through mode, as it is when a plain ncurses program is
 * killed; `reset` restores it. */
#ifndef GOTRIAGE_CASTTEE_H
#define GOTRIAGE_CASTTEE_H

#include <stdio.h>

#include "cast.h"

struct casttee;

/* tty_in/tty_out are the real terminal (usually 0 and 1); when they are
 * not terminals (tests), modes and sizes are left alone. The cast is not
 * owned. Returns 0, or -1 with *cause set. */
int casttee_start(struct cast *c, int tty_in, int tty_out, struct casttee **tp, char **cause);
FILE *casttee_out(const struct casttee *t);
FILE *casttee_in(const struct casttee *t);
/* Copies the terminal's size to the pty; stores it in *cols and *rows (may be
 * NULL). Returns 0, or -1 when the size could not be read. */
int casttee_winsize(struct casttee *t, int *cols, int *rows);
/* Also for tests and for the console's own output outside ncurses: the
 * descriptor of the pty side the console writes to. */
int casttee_fd(const struct casttee *t);
/* Closes the FILEs, waits (at most 2 s) until everything written has been
 * copied, restores the terminal, frees. Accepts NULL. */
void casttee_stop(struct casttee *t);

#endif
