/* action.h: every action a key can trigger, declared once with its name
 * and help text. Key bindings (the .keys files in keymaps/) map key names to these
 * names; the help overlay is generated from the active bindings and this
 * table, so help can never drift from what the keys do. */
#ifndef GOTRIAGE_ACTION_H
#define GOTRIAGE_ACTION_H

enum action {
	ACT_NONE = 0,
	ACT_QUIT,
	ACT_HELP,
	ACT_NEXT_PANE,
	ACT_PREV_PANE,
	ACT_PANE_1,
	ACT_PANE_2,
	ACT_PANE_3,
	ACT_PANE_4,
	ACT_PANE_5,
	ACT_PANE_6,
	ACT_PANE_7,
	ACT_PANE_8,
	ACT_PANE_9,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_TOP,
	ACT_BOTTOM,
	ACT_OPEN,
	ACT_BACK,
	ACT_FILTER,
	ACT_REFRESH,
	ACT_CANCEL,
	ACT_REDRAW,
	ACT_PROMPT,
	ACT_NOTE,
	ACT_NEXT_STEP,
	ACT_PREV_STEP,
	ACT_CONFIRM,
	ACT_DISMISS,
	ACT_TOGGLE,
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
