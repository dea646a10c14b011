/* frame_prompt.c: the console's ":" commands and notes, typed at the
 * prompt line (tui/frame/prompt.c). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/catalog.h"
#include "frame.h"
#include "tui/record/journal.h"
#include "prompt.h"
#include "prompt_cmd.h"

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
		frame_go(&f->ctx, f->panes[n - 1]->name, NULL);
		return;
	}
	for (size_t i = 0; i < f->npanes; i++)
		if (strcasecmp(f->panes[i]->title, what) == 0 ||
		    strcasecmp(f->panes[i]->name, what) == 0) {
			frame_go(&f->ctx, f->panes[i]->name, NULL);
			return;
		}
	frame_status(&f->ctx, "There is no pane '%s': use a tab's title or number, 1 to %zu.", what,
		     f->npanes);
}

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
		goto_pane(f, c.arg);
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
		const struct pane_ops *p = f->panes[f->cur];
		char *what = xasprintf("filter:%s", c.arg);

		if (p->jump == NULL || p->jump(f->data[f->cur], &f->ctx, what) != 0)
			frame_status(&f->ctx, "the %s pane has no filter", p->name);
		free(what);
		break;
	}
	case PROMPT_CMD_REFRESH: {
		const struct pane_ops *p = f->panes[f->cur];

		frame_reattach(f);
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
	struct strlist w = {0}, panes = {0}, ids = {0};

	for (size_t i = 0; i < ARRAY_LEN(prompt_commands); i++)
		strlist_add(&w, prompt_commands[i]);
	/* :goto completes pane names (as on the tabs) and nothing else. */
	for (size_t i = 0; i < f->npanes; i++)
		strlist_add(&panes, f->panes[i]->title);
	for (size_t i = 0; i < catalog_len; i++)
		strlist_add(&ids, catalog[i].id);
	prompt_set_words((const char *const *)w.v, w.n);
	prompt_set_arg_words("goto", (const char *const *)panes.v, panes.n);
	prompt_set_arg_words("check", (const char *const *)ids.v, ids.n);
	strlist_free(&w);
	strlist_free(&panes);
	strlist_free(&ids);
}
