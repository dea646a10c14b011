/* prompt.c: readline, driven key by key from the main loop. */
#include "prompt.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collectors/base/common.h"
#include "panes/draw.h"

#define HISTORY_MAX 500

static int is_open;
static prompt_done_fn done_fn;
static void *done_arg;
static char queue[16];
static size_t qhead, qlen;
static struct strlist words;
/* Per command: "goto" completes pane names only, "check" check ids. */
static struct strlist arg_cmds, arg_words[4];
static const struct strlist *active = &words;
static char hist_path[4096];
static char candidates[256];

static int getc_from_queue(FILE *f)
{
	(void)f;
	if (qlen == 0)
		return EOF;
	qlen--;
	return (unsigned char)queue[qhead++ % sizeof queue];
}

static int input_available(void)
{
	return qlen > 0;
}

static void redisplay_nothing(void)
{
	/* prompt_draw() draws the line from rl_line_buffer. */
}

static void prep_nothing(int meta)
{
	(void)meta;
}

static void deprep_nothing(void)
{
}

static void on_line(char *line)
{
	prompt_done_fn fn = done_fn;
	void *arg = done_arg;

	is_open = 0;
	rl_callback_handler_remove();
	if (line != NULL && line[0] != '\0')
		add_history(line);
	if (fn != NULL && line != NULL)
		fn(line, arg);
	free(line);
}

static char *word_generator(const char *text, int state)
{
	static size_t i;
	size_t n = strlen(text);

	if (state == 0)
		i = 0;
	while (i < active->n) {
		const char *w = active->v[i++];

		if (strncmp(w, text, n) == 0)
			return xstrdup(w);
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	const char *l = rl_line_buffer;

	(void)end;
	active = &words;
	while (*l == ' ' || *l == ':')
		l++;
	if (l - rl_line_buffer < start) { /* past the command word */
		size_t n = strcspn(l, " ");
		static const struct strlist none;

		active = &none;
		for (size_t i = 0; i < arg_cmds.n; i++)
			if (strlen(arg_cmds.v[i]) == n && strncmp(arg_cmds.v[i], l, n) == 0)
				active = &arg_words[i];
	}
	rl_attempted_completion_over = 1;
	return rl_completion_matches(text, word_generator);
}

/* Several matches: list them on the prompt row instead of printing. */
static void show_matches(char **matches, int n, int maxlen)
{
	size_t used = 0;

	(void)maxlen;
	candidates[0] = '\0';
	for (int i = 1; i <= n && used < sizeof candidates - 1; i++)
		used += (size_t)snprintf(candidates + used, sizeof candidates - used, "%s ",
					 matches[i]);
}

void prompt_init(void)
{
	const char *st = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[4000];

	if (st != NULL && st[0] == '/')
		snprintf(dir, sizeof dir, "%s/gotriage", st);
	else
		snprintf(dir, sizeof dir, "%s/.local/state/gotriage", home ? home : "/tmp");
	snprintf(hist_path, sizeof hist_path, "%s/history", dir);

	rl_readline_name = "gotriage";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_getc_function = getc_from_queue;
	rl_input_available_hook = input_available;
	rl_redisplay_function = redisplay_nothing;
	rl_prep_term_function = prep_nothing;
	rl_deprep_term_function = deprep_nothing;
	rl_attempted_completion_function = complete;
	rl_completion_display_matches_hook = show_matches;
	rl_outstream = fopen("/dev/null", "w");
	rl_inhibit_completion = 0;
	using_history();
	stifle_history(HISTORY_MAX);
	read_history(hist_path);
}

void prompt_shutdown(void)
{
	char dir[4096], *slash;

	if (is_open) {
		rl_callback_handler_remove();
		is_open = 0;
	}
	snprintf(dir, sizeof dir, "%s", hist_path);
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		/* Parents first: ~/.local/state may not exist yet. */
		for (char *p = dir + 1; *p; p++)
			if (*p == '/') {
				*p = '\0';
				mkdir(dir, 0700);
				*p = '/';
			}
		mkdir(dir, 0700);
	}
	write_history(hist_path);
	strlist_free(&words);
	for (size_t i = 0; i < arg_cmds.n; i++)
		strlist_free(&arg_words[i]);
	strlist_free(&arg_cmds);
	if (rl_outstream != NULL && rl_outstream != stdout) {
		fclose(rl_outstream);
		rl_outstream = NULL;
	}
}

void prompt_open(const char *prompt, prompt_done_fn done, void *arg)
{
	done_fn = done;
	done_arg = arg;
	is_open = 1;
	qhead = qlen = 0;
	candidates[0] = '\0';
	rl_callback_handler_install(prompt, on_line);
}

int prompt_is_open(void)
{
	return is_open;
}

static void push(const char *s)
{
	for (; *s && qlen < sizeof queue; s++, qlen++)
		queue[(qhead + qlen) % sizeof queue] = *s;
}

int prompt_key(int key)
{
	char one[2] = {0, 0};

	if (!is_open)
		return 0;
	if (key == 27 || key == 7) { /* Esc, C-g: close without a line */
		rl_callback_handler_remove();
		is_open = 0;
		return 0;
	}
	candidates[0] = '\0';
	switch (key) {
	case KEY_UP:
		push("\033[A");
		break;
	case KEY_DOWN:
		push("\033[B");
		break;
	case KEY_RIGHT:
		push("\033[C");
		break;
	case KEY_LEFT:
		push("\033[D");
		break;
	case KEY_HOME:
		push("\001");
		break;
	case KEY_END:
		push("\005");
		break;
	case KEY_DC:
		push("\004");
		break;
	case KEY_BACKSPACE:
	case 8:
		push("\177");
		break;
	case KEY_ENTER:
	case '\r':
	case '\n':
		push("\n");
		break;
	default:
		if (key > 0 && key < 256) {
			one[0] = (char)key;
			push(one);
		}
		break;
	}
	while (qlen > 0 && is_open)
		rl_callback_read_char();
	return is_open;
}

void prompt_draw(WINDOW *w, int y, int cols)
{
	const char *p = rl_prompt ? rl_prompt : "";
	int x, plen;

	if (!is_open)
		return;
	wmove(w, y, 0);
	wclrtoeol(w);
	plen = draw_text(w, y, 0, cols, STYLE_HIGHLIGHT, p);
	x = plen + draw_text(w, y, plen, cols - plen - 1, STYLE_NORMAL,
			     rl_line_buffer ? rl_line_buffer : "");
	if (candidates[0])
		draw_textf(w, y, x + 2, cols - x - 2, STYLE_DIM, "[%s]", candidates);
	/* The cursor sits where readline's point is. */
	{
		char *upto = xstrndup(rl_line_buffer ? rl_line_buffer : "", (size_t)rl_point);
		int cx = plen + (int)strlen(upto);

		free(upto);
		if (cx < cols)
			wmove(w, y, cx);
	}
}

void prompt_set_words(const char *const *w, size_t n)
{
	strlist_free(&words);
	for (size_t i = 0; i < n; i++)
		strlist_add(&words, w[i]);
}

void prompt_set_arg_words(const char *cmd, const char *const *w, size_t n)
{
	size_t k = arg_cmds.n;

	if (k >= ARRAY_LEN(arg_words))
		return;
	strlist_add(&arg_cmds, cmd);
	for (size_t i = 0; i < n; i++)
		strlist_add(&arg_words[k], w[i]);
}

const char *prompt_history_path(void)
{
	return hist_path;
}
