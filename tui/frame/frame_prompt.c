/* frame_prompt.c: the console's ":" commands and notes, typed at the
 * prompt line (tui/frame/prompt.c). */
#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"
#include "frame.h"
#include "tui/record/journal.h"
#include "prompt.h"
#include "prompt_cmd.h"

static const char *const prompt_commands[] = {
    "check", "note", "goto", "filter", "refresh", "quit",
};

void frame_prompt_command(const char *line, void *arg)
{
	struct frame *f = arg;
	struct prompt_cmd c;

	if (f->journal != NULL)
		journal_command(f->journal, line);
	prompt_cmd_parse(line, &c);
	switch (c.kind) {
	case PROMPT_CMD_QUIT:
		f->quit = 1;
		break;
	case PROMPT_CMD_GOTO:
		frame_go(&f->ctx, c.arg, NULL);
		break;
	case PROMPT_CMD_CHECK: {
		char *what = xasprintf("check:%s", c.arg);

		frame_go(&f->ctx, "checklist", what);
		free(what);
		break;
	}
	case PROMPT_CMD_NOTE:
		f->ctx.note(&f->ctx, NULL, c.arg);
		break;
	case PROMPT_CMD_FILTER: {
		const struct pane_ops *p = pane_registry[f->cur];
		char *what = xasprintf("filter:%s", c.arg);

		if (p->jump == NULL || p->jump(f->data[f->cur], &f->ctx, what) != 0)
			frame_status(&f->ctx, "the %s pane has no filter", p->name);
		free(what);
		break;
	}
	case PROMPT_CMD_REFRESH: {
		const struct pane_ops *p = pane_registry[f->cur];

		if (p->key != NULL)
			p->key(f->data[f->cur], &f->ctx, ACT_REFRESH, 'r');
		break;
	}
	case PROMPT_CMD_NEEDS_ARG:
		frame_status(&f->ctx, ":%s needs an argument (:%s %s)", c.word, c.word,
			     strcmp(c.word, "goto") == 0    ? "PANE"
			     : strcmp(c.word, "check") == 0 ? "CHECK-ID"
							    : "TEXT");
		break;
	case PROMPT_CMD_UNKNOWN:
		frame_status(&f->ctx,
			     "unknown command ':%s' (check, note, goto, filter, refresh, "
			     "quit; Tab completes)",
			     c.word);
		break;
	case PROMPT_CMD_EMPTY:
		break;
	}
	prompt_cmd_free(&c);
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
