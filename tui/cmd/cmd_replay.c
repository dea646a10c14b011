/* cmd_replay.c: `gotriage replay JOURNAL`: the recorded session, read-only.
 * A timeline of every event on the left; on the right, the session as it
 * stood at the selected event: the target, the pane the engineer was on,
 * every check's latest verdict, the notes so far, and the event itself.
 * Nothing is fetched: the journal is all there is. */
#include <cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"
#include "commands.h"
#include "panes/draw.h"
#include "tui/record/journalread.h"
#include "tui/frame/keymap.h"
#include "panes/listview.h"
#include "tui/frame/screen.h"

struct replay {
	struct journalread jr;
	const char *path;
	struct listview list;
	int detail; /* show the whole selected event */
};

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static size_t ev_count(void *data)
{
	return ((struct replay *)data)->jr.n_events;
}

/* One line describing an event, for the timeline. */
static void ev_line(const cJSON *e, char *out, size_t n)
{
	const char *k = journalread_kind(e);
	const char *a = NULL, *b = NULL;

	if (strcmp(k, "verdict") == 0) {
		a = journalread_str(e, "id");
		b = journalread_str(e, "verdict");
	} else if (strcmp(k, "fetch") == 0) {
		a = journalread_str(e, "what");
		b = journalread_str(e, "error") ? journalread_str(e, "error")
						: journalread_str(e, "summary");
	} else if (strcmp(k, "pane") == 0) {
		a = journalread_str(e, "name");
	} else if (strcmp(k, "key") == 0) {
		a = journalread_str(e, "action");
	} else if (strcmp(k, "command") == 0 || strcmp(k, "note") == 0) {
		a = journalread_str(e, "text");
	} else if (strcmp(k, "step") == 0 || strcmp(k, "mark") == 0) {
		a = journalread_str(e, "check");
		b = journalread_str(e, strcmp(k, "mark") == 0 ? "mark" : "verdict");
	} else if (strcmp(k, "attach") == 0) {
		a = journalread_str(e, "target");
	} else if (strcmp(k, "end") == 0) {
		a = journalread_str(e, "reason");
	}
	snprintf(out, n, "%+8.1fs %-8s %s%s%s", journalread_t(e), k, a ? a : "", b ? " " : "",
		 b ? b : "");
}

static int ev_match(void *data, size_t i, const char *filter)
{
	struct replay *r = data;
	char line[512];

	ev_line(r->jr.events[i], line, sizeof line);
	return strstr(line, filter) != NULL;
}

static void ev_draw(void *data, size_t i, WINDOW *w, int y, int cols, int selected)
{
	struct replay *r = data;
	char line[512];

	ev_line(r->jr.events[i], line, sizeof line);
	draw_text(w, y, 0, cols, selected ? STYLE_SELECTED : STYLE_NORMAL, line);
}

static const struct listview_src src = {ev_count, ev_match, ev_draw};

/* The state of the session just after event `upto`. */
static void draw_state(struct replay *r, WINDOW *w, int x, int rows, int cols, size_t upto)
{
	const char *verdict[64] = {0}, *summary[64] = {0};
	const char *pane = "?", *target = NULL;
	struct strlist notes = {0};
	int y = 0;

	if (r->jr.header != NULL)
		target = journalread_str(r->jr.header, "target");
	for (size_t i = 0; i <= upto && i < r->jr.n_events; i++) {
		const cJSON *e = r->jr.events[i];
		const char *k = journalread_kind(e);

		if (strcmp(k, "verdict") == 0) {
			size_t c =
			    catalog_index(journalread_str(e, "id") ? journalread_str(e, "id") : "");

			if (c != (size_t)-1 && c < 64) {
				verdict[c] = journalread_str(e, "verdict");
				summary[c] = journalread_str(e, "summary");
			}
		} else if (strcmp(k, "pane") == 0 && journalread_str(e, "name")) {
			pane = journalread_str(e, "name");
		} else if (strcmp(k, "attach") == 0 && journalread_str(e, "target")) {
			target = journalread_str(e, "target");
		} else if (strcmp(k, "note") == 0 && journalread_str(e, "text")) {
			strlist_addf(&notes, "%s%s%s",
				     journalread_str(e, "check") ? journalread_str(e, "check") : "",
				     journalread_str(e, "check") ? ": " : "",
				     journalread_str(e, "text"));
		}
	}
	draw_textf(w, y++, x, cols, STYLE_TITLE, "%s", target ? target : "(no target recorded)");
	draw_textf(w, y++, x, cols, STYLE_DIM, "engineer on the %s pane", pane);
	y++;
	for (size_t c = 0; c < catalog_len && y < rows - 3; c++) {
		const char *v = verdict[c] ? verdict[c] : "-";
		enum draw_style s = strcmp(v, "fail") == 0   ? STYLE_FAIL
				    : strcmp(v, "warn") == 0 ? STYLE_WARN
				    : strcmp(v, "pass") == 0 ? STYLE_PASS
							     : STYLE_DIM;

		draw_textf(w, y, x, 7, s, "%-6s", v);
		draw_text(w, y, x + 7, 24, STYLE_NORMAL, catalog[c].id);
		draw_text(w, y++, x + 32, cols - 32, STYLE_DIM, summary[c] ? summary[c] : "");
	}
	if (notes.n > 0 && y < rows)
		draw_text(w, y++, x, cols, STYLE_TITLE, "Notes so far:");
	for (size_t i = 0; i < notes.n && y < rows; i++)
		draw_text(w, y++, x + 2, cols - 2, STYLE_HIGHLIGHT, notes.v[i]);
	strlist_free(&notes);
}

static void draw_detail(struct replay *r, WINDOW *w, int rows, int cols, size_t i)
{
	char *s = cJSON_Print(r->jr.events[i]);
	char *line = s, *nl;
	int y = 0;

	draw_text(w, y++, 0, cols, STYLE_TITLE, "event (Enter or Esc returns)");
	while (line != NULL && *line && y < rows) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		for (char *t = line; *t; t++)
			if (*t == '\t')
				*t = ' ';
		draw_text(w, y++, 0, cols, STYLE_NORMAL, line);
		line = nl ? nl + 1 : NULL;
	}
	free(s);
}

static void draw_all(struct replay *r, struct screen *sc)
{
	size_t sel = listview_selected(&r->list);
	int left = sc->cols * 45 / 100;
	char right[128];

	if (screen_too_small(sc)) {
		screen_draw_too_small(sc);
		doupdate();
		return;
	}
	wmove(stdscr, 0, 0);
	wclrtoeol(stdscr);
	draw_textf(stdscr, 0, 0, sc->cols, STYLE_TITLE, "gotriage replay (read-only)  %s", r->path);
	wnoutrefresh(stdscr);
	werase(sc->body);
	if (r->detail && sel != (size_t)-1) {
		draw_detail(r, sc->body, sc->rows - 2, sc->cols, sel);
	} else {
		listview_draw(&r->list, &src, r, sc->body, 0, sc->rows - 2, left - 1);
		if (sel != (size_t)-1)
			draw_state(r, sc->body, left + 1, sc->rows - 2, sc->cols - left - 1, sel);
	}
	wnoutrefresh(sc->body);
	snprintf(right, sizeof right, "event %zu/%zu | ? help", sel == (size_t)-1 ? 0 : sel + 1,
		 r->jr.n_events);
	screen_draw_status(sc, "Up/Down step through events, Enter shows one, / filters, q quits",
			   right);
	doupdate();
}

/* The actions the replay loop below answers (listview_key included). */
static const enum action replay_answers[] = {
    ACT_OPEN,	   ACT_BACK, ACT_NEXT_STEP, ACT_PREV_STEP, ACT_UP,   ACT_DOWN, ACT_PAGE_UP,
    ACT_PAGE_DOWN, ACT_TOP,  ACT_BOTTOM,    ACT_FILTER,	   ACT_HELP, ACT_QUIT, ACT_NONE};

int cmd_replay(int argc, char **argv)
{
	struct replay r;
	struct screen sc;
	struct keymap km = {0};
	char *cause = NULL;
	int help = 0, key;
	struct cmdargs args;

	memset(&r, 0, sizeof r);
	if (!commands_parse("replay", argc, argv, &args, &key))
		return key;
	if (args.npos != 1)
		return commands_usage_error("replay",
					    "name a JOURNAL (a .jsonl file written by the "
					    "console; see ~/.local/state/gotriage/sessions/)");
	r.path = args.pos[0];
	if (journalread_load(r.path, &r.jr, &cause) != 0) {
		fprintf(stderr, "gotriage replay: %s\n", cause);
		free(cause);
		return 2;
	}
	if (r.jr.n_events == 0) {
		fprintf(stderr, "gotriage replay: %s: no events to replay (%zu garbage lines)\n",
			r.path, r.jr.garbage);
		journalread_free(&r.jr);
		return 2;
	}
	if (!isatty(0) || !isatty(1)) {
		fprintf(stderr,
			"gotriage replay: needs a terminal; for text use "
			"'gotriage report %s'\n",
			r.path);
		journalread_free(&r.jr);
		return 2;
	}
	signal(SIGTERM, on_stop);
	signal(SIGHUP, on_stop);
	signal(SIGINT, on_stop);
	keymap_load_defaults(&km);
	fatal_hook = screen_end;
	if (screen_start(&sc, stdin, stdout, &cause) != 0) {
		fprintf(stderr, "gotriage replay: %s\n", cause);
		free(cause);
		journalread_free(&r.jr);
		return 2;
	}
	nodelay(stdscr, FALSE);
	wtimeout(stdscr, 250);
	listview_init(&r.list);
	listview_refilter(&r.list, &src, &r);
	draw_all(&r, &sc);
	while (!stop_signal) {
		enum action a;

		key = wgetch(stdscr);
		if (key == ERR)
			continue;
		if (key == KEY_RESIZE) {
			screen_resize(&sc);
			draw_all(&r, &sc);
			continue;
		}
		if (help) {
			help = 0;
			draw_all(&r, &sc);
			continue;
		}
		a = keymap_lookup(&km, "replay", key);
		if (r.list.filtering) {
			listview_key(&r.list, &src, &r, a, key);
		} else if (a == ACT_QUIT) {
			break;
		} else if (a == ACT_HELP) {
			help = 1;
			draw_all(&r, &sc);
			screen_draw_help(&sc, &km, "replay", replay_answers, NULL, NULL);
			doupdate();
			continue;
		} else if (a == ACT_OPEN) {
			r.detail = !r.detail;
		} else if (a == ACT_BACK && r.detail) {
			r.detail = 0;
		} else if (a == ACT_NEXT_STEP || a == ACT_PREV_STEP) {
			listview_key(&r.list, &src, &r, a == ACT_NEXT_STEP ? ACT_DOWN : ACT_UP,
				     key);
		} else {
			listview_key(&r.list, &src, &r, a, key);
		}
		draw_all(&r, &sc);
	}
	screen_end();
	listview_free(&r.list);
	keymap_free(&km);
	journalread_free(&r.jr);
	return 0;
}
