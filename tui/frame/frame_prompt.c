/* frame_prompt.c: the console's ":" commands and notes, typed at the
 * prompt line (tui/frame/prompt.c). */
#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"
#include "frame.h"
#include "tui/record/journal.h"
#include "prompt.h"

static const char *const prompt_commands[] = {
    "check", "note", "goto", "filter", "refresh", "quit",
};

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
		frame_go(&f->ctx, rest, NULL);
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
	struct strlist w = {0};

	for (size_t i = 0; i < ARRAY_LEN(prompt_commands); i++)
		strlist_add(&w, prompt_commands[i]);
	for (size_t i = 0; i < f->npanes; i++)
		strlist_add(&w, pane_registry[i]->name);
	for (size_t i = 0; i < catalog_len; i++)
		strlist_add(&w, catalog[i].id);
	prompt_set_words((const char *const *)w.v, w.n);
	strlist_free(&w);
}
