/* action.c: the table of actions. */
#include "action.h"

#include <string.h>

const struct action_info action_table[ACT__COUNT] = {
    {ACT_NONE, "none", "does nothing"},
    {ACT_QUIT, "quit", "quit gotriage (the journal is closed cleanly)"},
    {ACT_HELP, "help", "show or hide this help"},
    {ACT_NEXT_PANE, "next-pane", "next pane"},
    {ACT_PREV_PANE, "prev-pane", "previous pane"},
    {ACT_PANE_1, "pane-1", "go to pane 1"},
    {ACT_PANE_2, "pane-2", "go to pane 2"},
    {ACT_PANE_3, "pane-3", "go to pane 3"},
    {ACT_PANE_4, "pane-4", "go to pane 4"},
    {ACT_PANE_5, "pane-5", "go to pane 5"},
    {ACT_PANE_6, "pane-6", "go to pane 6"},
    {ACT_PANE_7, "pane-7", "go to pane 7"},
    {ACT_PANE_8, "pane-8", "go to pane 8"},
    {ACT_PANE_9, "pane-9", "go to pane 9"},
    {ACT_UP, "up", "move up"},
    {ACT_DOWN, "down", "move down"},
    {ACT_PAGE_UP, "page-up", "page up"},
    {ACT_PAGE_DOWN, "page-down", "page down"},
    {ACT_TOP, "top", "go to the first line"},
    {ACT_BOTTOM, "bottom", "go to the last line"},
    {ACT_OPEN, "open", "open the selected item"},
    {ACT_BACK, "back", "close the open item / clear the filter"},
    {ACT_FILTER, "filter", "filter as you type"},
    {ACT_REFRESH, "refresh", "fetch this pane's data again"},
    {ACT_CANCEL, "cancel", "cancel running fetches"},
    {ACT_REDRAW, "redraw", "redraw the screen"},
    {ACT_PROMPT, "prompt", "open the : command prompt"},
    {ACT_NOTE, "note", "attach a note (to the open step, or the session)"},
    {ACT_NEXT_STEP, "next-step", "next checklist step"},
    {ACT_PREV_STEP, "prev-step", "previous checklist step"},
    {ACT_CONFIRM, "confirm", "mark the step confirmed"},
    {ACT_DISMISS, "dismiss", "mark the step dismissed"},
    {ACT_TOGGLE, "toggle", "toggle the pane's view mode"},
};

enum action action_by_name(const char *name)
{
	for (int i = 1; i < ACT__COUNT; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return (enum action)i;
	return ACT_NONE;
}

const char *action_name(enum action a)
{
	return (a > ACT_NONE && a < ACT__COUNT) ? action_table[a].name : "none";
}

const char *action_help(enum action a)
{
	return (a > ACT_NONE && a < ACT__COUNT) ? action_table[a].help : "";
}
