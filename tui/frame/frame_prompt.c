/* frame_prompt.c: the console's ":" commands and notes, typed at the
 * prompt line (tui/frame/prompt.c). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/catalog.h"
#include "frame.h"
#include "tui/record/journal.h"
#include "prompt.h"

static const char *const prompt_commands[] = {
    "check", "note", "goto", "filter", "refresh", "quit",
};

/* :goto takes what the screen shows: the tab title ("Binary"), its number
 * ("3"), or the internal name ("buildinfo"), in any case. */
static void goto_pane(struct frame *f, const char *what)
{
	char *end;
	long n = strtol(what, &end, 10);

	if (*end == '\0' && n >= 1 && (size_t)n <= f->npanes) {
		frame_go(&f->ctx, pane_registry[n - 1]->name, NULL);
		return;
	}
	for (size_t i = 0; i < f->npanes; i++)
		if (strcasecmp(pane_registry[i]->title, what) == 0 ||
		    strcasecmp(pane_registry[i]->name, what) == 0) {
			frame_go(&f->ctx, pane_registry[i]->name, NULL);
			return;
		}
	frame_status(&f->ctx, "There is no pane '%s': use a tab's title or number, 1 to %zu.", what,
		     f->npanes);
}

void frame_prompt_command(const char *line, void *arg)
{
	struct frame *f = arg;
	char *copy = xstrdup(line), *cmd = str_trim(copy), *rest;
	if (f->journal != NULL)
		journal_command(f->journal, line);
	if (*cmd == ':')
		cmd++;
	rest = cmd + strcspn(cmd, " \t");
	if (*rest != '\0')
		*rest++ = '\0';
	rest = str_trim(rest);
	if (strcmp(cmd, "quit") == 0 || strcmp(cmd, "q") == 0) {
		f->quit = 1;
	} else if (strcmp(cmd, "goto") == 0 && *rest) {
		goto_pane(f, rest);
	} else if (strcmp(cmd, "check") == 0 && *rest) {
		char *what = xasprintf("check:%s", rest);

		frame_go(&f->ctx, "checklist", what);
		free(what);
	} else if (strcmp(cmd, "note") == 0 && *rest) {
		f->ctx.note(&f->ctx, NULL, rest);
	} else if (strcmp(cmd, "filter") == 0) {
		const struct pane_ops *p = pane_registry[f->cur];
		char *what = xasprintf("filter:%s", rest);

		if (p->jump == NULL || p->jump(f->data[f->cur], &f->ctx, what) != 0)
			frame_status(&f->ctx, "the %s pane has no filter", p->name);
		free(what);
	} else if (strcmp(cmd, "refresh") == 0) {
		const struct pane_ops *p = pane_registry[f->cur];

		frame_reattach(f);
		if (p->key != NULL)
			p->key(f->data[f->cur], &f->ctx, ACT_REFRESH, 'r');
	} else if (*cmd != '\0') {
		frame_status(&f->ctx,
			     "unknown command ':%s' (check, note, goto, filter, refresh, "
			     "quit; Tab completes)",
			     cmd);
	}
	free(copy);
	f->dirty = 1;
}

void frame_prompt_note(const char *line, void *arg)
{
	struct frame *f = arg;

	if (line[0] != '\0')
		f->ctx.note(&f->ctx, NULL, line);
}

void frame_prompt_words(struct frame *f)
{
	struct strlist w = {0}, panes = {0}, ids = {0};

	for (size_t i = 0; i < ARRAY_LEN(prompt_commands); i++)
		strlist_add(&w, prompt_commands[i]);
	/* :goto completes pane names (as on the tabs) and nothing else. */
	for (size_t i = 0; i < f->npanes; i++)
		strlist_add(&panes, pane_registry[i]->title);
	for (size_t i = 0; i < catalog_len; i++)
		strlist_add(&ids, catalog[i].id);
	prompt_set_words((const char *const *)w.v, w.n);
	prompt_set_arg_words("goto", (const char *const *)panes.v, panes.n);
	prompt_set_arg_words("check", (const char *const *)ids.v, ids.n);
	strlist_free(&w);
	strlist_free(&panes);
	strlist_free(&ids);
}
