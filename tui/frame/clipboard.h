/* clipboard.h: text leaving the console for a ticket: the terminal's
 * clipboard through OSC 52 where the terminal takes it, and always a file
 * under the state dir, so the text survives a terminal that drops it.
 *
 * OSC 52 is sent inside tmux when its set-clipboard option is not off
 * (asked once per process), and outside tmux when TERM names a terminal
 * family known to take it (xterm, kitty, alacritty, foot, wezterm,
 * contour); GOTRIAGE_OSC52=1 or 0 overrides. Copies larger than
 * CLIPBOARD_OSC52_MAX are only saved (terminals cut longer ones). The
 * text must already be redacted and sanitised. */
#ifndef GOTRIAGE_CLIPBOARD_H
#define GOTRIAGE_CLIPBOARD_H

#include <stddef.h>

#define CLIPBOARD_OSC52_MAX ((size_t)70000)

/* $XDG_STATE_HOME/gotriage/copies (default ~/.local/state/...), malloc'd. */
char *clipboard_dir(void);
/* Writes text to DIR/<UTC time>-<what>.md (what made filename-safe);
 * returns the path (malloc'd) or NULL with *cause. */
char *clipboard_save(const char *what, const char *text, char **cause);
/* 1 when OSC 52 should be sent to this terminal. */
int clipboard_osc52_allowed(void);
/* The OSC 52 sequence for text ("ESC ] 52 ; c ; BASE64 BEL"), malloc'd. */
char *clipboard_osc52(const char *text, size_t len);

#endif
