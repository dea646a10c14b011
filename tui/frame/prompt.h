/* prompt.h: the one-line prompt at the bottom of the console (":" commands
 * and notes), on readline's callback interface.
 *
 * The main loop never blocks on readline: while the prompt is open, the
 * frame passes each key from curses to prompt_key(), which hands it to
 * readline through rl_callback_read_char(); readline's own terminal
 * handling is switched off and the line is drawn by prompt_draw(). When a
 * line is complete (Enter) the callback given to prompt_open() runs with
 * it; Esc or C-g closes the prompt without a line. History lives in
 * $XDG_STATE_HOME/gotriage/history (default ~/.local/state). Tab completes
 * from the words given to prompt_set_words(). Only this file touches
 * readline. */
#ifndef GOTRIAGE_PROMPT_H
#define GOTRIAGE_PROMPT_H

#include <curses.h>

typedef void (*prompt_done_fn)(const char *line, void *arg);

/* Loads history; call once. */
void prompt_init(void);
/* Saves history; call once at exit. */
void prompt_shutdown(void);
/* Opens the prompt with this prompt text (e.g. ":" or "note> "). */
void prompt_open(const char *prompt, prompt_done_fn done, void *arg);
int prompt_is_open(void);
/* Feeds one curses key; returns 1 while the prompt stays open. */
int prompt_key(int key);
/* Draws the prompt line (and completion candidates) on row y. */
void prompt_draw(WINDOW *w, int y, int cols);
/* Completion words (commands, check ids, pane names); copied. */
void prompt_set_words(const char *const *words, size_t n);
/* What completes after a command word ("goto" -> pane names); copied. At
 * most four commands. Anything after another command completes nothing. */
void prompt_set_arg_words(const char *cmd, const char *const *words, size_t n);
/* Where history is kept (for tests and --help). */
const char *prompt_history_path(void);

#endif
