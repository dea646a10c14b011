/* action.h: every action a key can trigger, declared once with its name
 * and help text. Key bindings (the .keys files in keymaps/) map key names to these
 * names; the help overlay is generated from the active bindings and this
 * table, so help can never drift from what the keys do. */
#ifndef GOTRIAGE_ACTION_H
#define GOTRIAGE_ACTION_H

/* One line per action: enum suffix, name in keymap files, help line. The
 * enum and the table are both made from this list, so neither can be
 * misordered against the other. Append new actions at the end. */
#define ACTIONS(X)                                                                                 \
	X(NONE, "none", "does nothing")                                                            \
	X(QUIT, "quit", "quit gotriage (the journal is closed cleanly)")                           \
	X(HELP, "help", "show or hide this help")                                                  \
	X(NEXT_PANE, "next-pane", "next pane")                                                     \
	X(PREV_PANE, "prev-pane", "previous pane")                                                 \
	X(PANE_1, "pane-1", "go to pane 1")                                                        \
	X(PANE_2, "pane-2", "go to pane 2")                                                        \
	X(PANE_3, "pane-3", "go to pane 3")                                                        \
	X(PANE_4, "pane-4", "go to pane 4")                                                        \
	X(PANE_5, "pane-5", "go to pane 5")                                                        \
	X(PANE_6, "pane-6", "go to pane 6")                                                        \
	X(PANE_7, "pane-7", "go to pane 7")                                                        \
	X(PANE_8, "pane-8", "go to pane 8")                                                        \
	X(PANE_9, "pane-9", "go to pane 9")                                                        \
	X(UP, "up", "move up")                                                                     \
	X(DOWN, "down", "move down")                                                               \
	X(PAGE_UP, "page-up", "page up")                                                           \
	X(PAGE_DOWN, "page-down", "page down")                                                     \
	X(TOP, "top", "go to the first line")                                                      \
	X(BOTTOM, "bottom", "go to the last line")                                                 \
	X(OPEN, "open", "open the selected item")                                                  \
	X(BACK, "back", "close the open item / clear the filter")                                  \
	X(FILTER, "filter", "filter as you type")                                                  \
	X(REFRESH, "refresh", "fetch this pane's data again")                                      \
	X(CANCEL, "cancel", "cancel running fetches")                                              \
	X(REDRAW, "redraw", "redraw the screen")                                                   \
	X(PROMPT, "prompt", "open the : command prompt")                                           \
	X(NOTE, "note", "attach a note (to the open step, or the session)")                        \
	X(NEXT_STEP, "next-step", "next checklist step")                                           \
	X(PREV_STEP, "prev-step", "previous checklist step")                                       \
	X(CONFIRM, "confirm", "mark the step confirmed")                                           \
	X(DISMISS, "dismiss", "mark the step dismissed")                                           \
	X(TOGGLE, "toggle", "toggle the pane's view mode")                                         \
	X(COPY, "copy", "copy the step as Markdown (terminal clipboard and a file)")               \
	X(SCROLL_LEFT, "scroll-left", "scroll long lines left")                                    \
	X(SCROLL_RIGHT, "scroll-right", "scroll long lines right (where they are cut)")            \
	X(CPU_PROFILE, "cpu-profile", "start a CPU profile (the duration is shown; x cancels)")    \
	X(SORT, "sort", "sort by flat or cumulative value")                                        \
	X(SAMPLE_TYPE, "sample-type", "next sample type (inuse_space, alloc_space, ...)")          \
	X(DIFF, "diff", "diff against the previous fetch of the same kind")                        \
	X(FLAME, "flame", "open the flame graph")

enum action {
#define X(id, name, help) ACT_##id,
	ACTIONS(X)
#undef X
	    ACT__COUNT
};

struct action_info {
	enum action action;
	const char *name; /* as written in keymap files */
	const char *help; /* one line for the help overlay */
};

extern const struct action_info action_table[ACT__COUNT];

/* ACT_NONE when the name is unknown. */
enum action action_by_name(const char *name);
const char *action_name(enum action a);
const char *action_help(enum action a);

#endif
