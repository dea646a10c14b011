/* action.c: the table of actions. */
#include "action.h"

#include <string.h>

const struct action_info action_table[ACT__COUNT] = {
#define X(id, name, help) [ACT_##id] = {ACT_##id, name, help},
    ACTIONS(X)
#undef X
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
