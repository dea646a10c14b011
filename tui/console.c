/* console.c: the interactive console: attach, then one poll() loop over
 * the terminal, libcurl's sockets, a timer and a signal pipe. */
#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cast.h"
#include "casttee.h"
#include "catalog.h"
#include "commands.h"
#include "facts.h"
#include "jobs.h"
#include "journal.h"
#include "draw.h"
#include "keymap.h"
#include "options.h"
#include "pane.h"
#include "prompt.h"
#include "redact.h"
#include "screen.h"

struct frame {
	struct options opts;
	struct target *target;
	struct http_client *http;
	struct keymap keymap;
	struct screen screen;
	struct pane_ctx ctx;
	size_t npanes, cur;
	void **data;
	int dirty, help, quit;
	char status[400];
	struct journal *journal;
	char *journal_note;     /* why we are not recording, or NULL */
	struct cast *cast;
	struct casttee *tee;
	int tty_fd;             /* where keys come from (0, or the tee's pty) */
	struct facts *facts;    /* live facts, main thread only */
	struct verdict *verdicts; /* catalog order */
	unsigned collecting;    /* parts in flight on the worker */
	unsigned queued;        /* parts asked for while collecting */
	int started;            /* the first collection was started */
	double status_at;
	double next_tick;
};

static volatile sig_atomic_t got_quit_signal, got_winch;
static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (sig == SIGWINCH)
		got_winch = 1;
	else
		got_quit_signal = sig;
	if (sig_pipe[1] >= 0)
		(void)!write(sig_pipe[1], &c, 1);
	errno = saved;
}

static void install_signals(void)
{
	struct sigaction sa;

	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		fatal("pipe: %s", strerror(errno));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* ---- what the frame offers panes ---------------------------------- */

static void ctx_dirty(struct pane_ctx *ctx)
{
	((struct frame *)ctx->frame)->dirty = 1;
}

static void ctx_status(struct pane_ctx *ctx, const char *fmt, ...)
{
	struct frame *f = ctx->frame;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->status, sizeof f->status, fmt, ap);
	va_end(ap);
	f->status_at = now_mono();
	f->dirty = 1;
}

static void switch_pane(struct frame *f, size_t i);

static int ctx_go(struct pane_ctx *ctx, const char *name, const char *what)
{
	struct frame *f = ctx->frame;

	for (size_t i = 0; i < f->npanes; i++)
		if (strcmp(pane_registry[i]->name, name) == 0) {
			switch_pane(f, i);
			if (what != NULL && pane_registry[i]->jump != NULL)
				pane_registry[i]->jump(f->data[i], ctx, what);
			return 0;
		}
	ctx_status(ctx, "no pane named '%s'", name);
	return -1;
}

static void ctx_record(struct pane_ctx *ctx, const char *kind, cJSON *payload)
{
	struct frame *f = ctx->frame;

	if (f->journal != NULL) {
		cJSON *o = payload;

		/* Events are objects; wrap a bare value. */
		if (o != NULL && !cJSON_IsObject(o)) {
			o = cJSON_CreateObject();
			cJSON_AddItemToObject(o, "value", payload);
		}
		journal_event(f->journal, kind, o);
		payload = o;
	}
	cJSON_Delete(payload);
}

static void ctx_marker(struct pane_ctx *ctx, const char *label)
{
	struct frame *f = ctx->frame;

	if (f->cast != NULL)
		cast_marker(f->cast, label);
}

static void ctx_ask(struct pane_ctx *ctx, const char *prompt,
		    void (*done)(const char *line, void *arg), void *arg)
{
	prompt_open(prompt, done, arg);
	ctx_dirty(ctx);
}

static void ctx_note(struct pane_ctx *ctx, const char *check_id, const char *text)
{
	cJSON *o = cJSON_CreateObject();

	struct frame *f = ctx->frame;

	cJSON_Delete(o);
	if (f->journal != NULL)
		journal_note(f->journal, text, check_id);
	ctx_status(ctx, "note saved%s%s", check_id ? " on " : "", check_id ? check_id : "");
}

/* ---- facts and verdicts -------------------------------------------------- */

struct collect_job {
	struct frame *f;
	struct facts *tmp;
	unsigned parts;
};

static void collect_work(void *arg)
{
	struct collect_job *j = arg;

	facts_collect(j->tmp, j->parts);
}

static void start_collect(struct frame *f, unsigned parts);

static const char *part_name(unsigned bit)
{
	switch (bit) {
	case FACT_PROC: return "process";
	case FACT_BINARY: return "buildinfo";
	case FACT_DUMP: return "goroutines";
	case FACT_REPO: return "repo scan";
	case FACT_MODULES: return "modules";
	case FACT_ROUTES: return "route probes";
	case FACT_GRPC: return "listeners and gRPC";
	case FACT_PROXY: return "GOPROXY probes";
	default: return "?";
	}
}

/* One journal line per part that landed: enough to rebuild the key facts. */
static void journal_parts(struct frame *f, unsigned parts, double seconds)
{
	const struct facts *x = f->facts;

	if (f->journal == NULL)
		return;
	for (unsigned bit = 1; bit <= FACT_PROXY; bit <<= 1) {
		struct journal_fetch jf = { 0 };
		char summary[256] = "";

		if (!(parts & bit))
			continue;
		jf.what = part_name(bit);
		jf.size = -1;
		jf.duration = seconds;
		switch (bit) {
		case FACT_DUMP:
			if (x->goroutine_total >= 0)
				snprintf(summary, sizeof summary, "%ld goroutines (debug=1)%s",
					 x->goroutine_total, x->dump ? ", full dump parsed" : "");
			jf.size = (long long)x->dump_bytes;
			jf.error = x->dump_error;
			break;
		case FACT_ROUTES:
			snprintf(summary, sizeof summary, "%zu routes probed", x->nprobes);
			jf.error = x->probes_error;
			break;
		case FACT_GRPC:
			snprintf(summary, sizeof summary, "%zu listeners sniffed", x->ngrpc);
			jf.error = x->grpc_error;
			break;
		case FACT_BINARY:
			jf.error = x->running_error;
			break;
		case FACT_REPO:
			jf.error = x->scan_error;
			break;
		case FACT_MODULES:
			jf.error = x->mods_error;
			break;
		case FACT_PROXY:
			jf.error = x->proxy_error;
			break;
		default:
			break;
		}
		jf.summary = summary[0] ? summary : NULL;
		journal_fetch(f->journal, &jf);
	}
}

/* Re-judges every check; journals the verdicts that changed. */
static void rejudge(struct frame *f)
{
	for (size_t i = 0; i < catalog_len; i++) {
		struct verdict nv;
		int changed;

		verdict_init(&nv);
		catalog_run(&catalog[i], f->facts, &nv);
		changed = nv.kind != f->verdicts[i].kind ||
			  strcmp(nv.summary ? nv.summary : "",
				 f->verdicts[i].summary ? f->verdicts[i].summary : "") != 0;
		verdict_free(&f->verdicts[i]);
		f->verdicts[i] = nv;
		if (changed && f->journal != NULL)
			journal_verdict(f->journal, catalog[i].id, &f->verdicts[i], catalog[i].remedy);
	}
}

static void collect_done(void *arg)
{
	struct collect_job *j = arg;
	struct frame *f = j->f;
	double took = now_wall() - j->tmp->collected_at;

	(void)took;
	facts_merge(f->facts, j->tmp);
	f->collecting = 0;
	journal_parts(f, j->parts, 0);
	rejudge(f);
	f->dirty = 1;
	free(j);
	if (f->queued) {
		unsigned q = f->queued;

		f->queued = 0;
		start_collect(f, q);
	}
}

static void start_collect(struct frame *f, unsigned parts)
{
	struct collect_job *j;

	if (f->collecting) {
		f->queued |= parts;
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->f = f;
	j->parts = parts;
	j->tmp = facts_new(f->target);
	j->tmp->allow_full_dump = f->facts->allow_full_dump;
	j->tmp->dump_confirm_over = f->facts->dump_confirm_over;
	free(j->tmp->expected_header);
	j->tmp->expected_header = xstrdup(f->facts->expected_header);
	f->collecting = parts;
	jobs_run(collect_work, collect_done, j);
}

static void ctx_collect(struct pane_ctx *ctx, unsigned parts)
{
	start_collect(ctx->frame, parts);
}

static void ctx_adopt(struct pane_ctx *ctx, struct facts *part)
{
	struct frame *f = ctx->frame;
	unsigned parts = part->collected;

	part->collected_at = now_wall();
	facts_merge(f->facts, part);
	journal_parts(f, parts, 0);
	rejudge(f);
	f->dirty = 1;
}

static unsigned ctx_collecting(struct pane_ctx *ctx)
{
	struct frame *f = ctx->frame;

	return f->collecting | f->queued;
}

static void ctx_run_job(struct pane_ctx *ctx, void (*work)(void *), void (*done)(void *),
			void *arg)
{
	(void)ctx;
	jobs_run(work, done, arg);
}

/* ---- the : prompt ------------------------------------------------------ */

static const char *const prompt_commands[] = {
	"check", "note", "goto", "filter", "refresh", "quit",
};

static void run_command(const char *line, void *arg)
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
		ctx_go(&f->ctx, rest, NULL);
	} else if (strcmp(cmd, "check") == 0 && *rest) {
		char *what = xasprintf("check:%s", rest);

		ctx_go(&f->ctx, "checklist", what);
		free(what);
	} else if (strcmp(cmd, "note") == 0 && *rest) {
		ctx_note(&f->ctx, NULL, rest);
	} else if (strcmp(cmd, "filter") == 0) {
		const struct pane_ops *p = pane_registry[f->cur];
		char *what = xasprintf("filter:%s", rest);

		if (p->jump == NULL || p->jump(f->data[f->cur], &f->ctx, what) != 0)
			ctx_status(&f->ctx, "the %s pane has no filter", p->name);
		free(what);
	} else if (strcmp(cmd, "refresh") == 0) {
		const struct pane_ops *p = pane_registry[f->cur];

		if (p->key != NULL)
			p->key(f->data[f->cur], &f->ctx, ACT_REFRESH, 'r');
	} else if (*cmd != '\0') {
		ctx_status(&f->ctx, "unknown command ':%s' (check, note, goto, filter, refresh, "
				    "quit; Tab completes)", cmd);
	}
	free(copy);
	f->dirty = 1;
}

static void note_entered(const char *line, void *arg)
{
	struct frame *f = arg;

	if (line[0] != '\0')
		ctx_note(&f->ctx, NULL, line);
}

static void set_prompt_words(struct frame *f)
{
	struct strlist w = { 0 };

	for (size_t i = 0; i < ARRAY_LEN(prompt_commands); i++)
		strlist_add(&w, prompt_commands[i]);
	for (size_t i = 0; i < f->npanes; i++)
		strlist_add(&w, pane_registry[i]->name);
	for (size_t i = 0; i < catalog_len; i++)
		strlist_add(&w, catalog[i].id);
	prompt_set_words((const char *const *)w.v, w.n);
	strlist_free(&w);
}

/* ---- panes ---------------------------------------------------------- */

static void switch_pane(struct frame *f, size_t i)
{
	if (i >= f->npanes)
		return;
	f->cur = i;
	f->help = 0;
	f->dirty = 1;
	if (pane_registry[i]->enter != NULL)
		pane_registry[i]->enter(f->data[i], &f->ctx);
	if (f->journal != NULL)
		journal_pane(f->journal, pane_registry[i]->name);
}

static void tick(struct frame *f, double now)
{
	char *cause = NULL;

	/* The worker reads the target while it collects: refresh between. */
	if (f->target->pid != 0 && !f->collecting && target_refresh(f->target, &cause) != 0) {
		ctx_status(&f->ctx, "process %d: %s", f->target->pid, cause);
		free(cause);
	}
	for (size_t i = 0; i < f->npanes; i++)
		if (pane_registry[i]->tick != NULL)
			pane_registry[i]->tick(f->data[i], &f->ctx, now);
	f->dirty = 1;
}

/* ---- drawing ---------------------------------------------------------- */

static void draw(struct frame *f)
{
	struct screen *s = &f->screen;
	const struct pane_ops *p = pane_registry[f->cur];
	char left[1024], right[128];
	const char *label;
	size_t bytes;
	double elapsed;
	char *desc;

	if (screen_too_small(s)) {
		screen_draw_too_small(s);
		doupdate();
		return;
	}
	screen_draw_tabs(s, pane_registry, f->npanes, f->cur);
	werase(s->body);
	if (p->draw != NULL)
		p->draw(f->data[f->cur], &f->ctx, s->body, s->rows - 2, s->cols);
	wnoutrefresh(s->body);

	desc = target_describe(f->target);
	if (http_progress(f->http, &label, &bytes, &elapsed)) {
		char sz[32];

		draw_size(sz, sizeof sz, (double)bytes);
		snprintf(left, sizeof left, "%s | fetching %s %.1fs %s (x cancels)", desc, label,
			 elapsed, sz);
	} else if (f->collecting) {
		snprintf(left, sizeof left, "%s | collecting %s...", desc,
			 f->collecting == FACT_ALL ? "everything" : part_name(f->collecting & -f->collecting));
	} else if (f->status[0] && now_mono() - f->status_at < 10) {
		snprintf(left, sizeof left, "%s | %s", f->status, desc);
	} else {
		snprintf(left, sizeof left, "%s", desc);
	}
	free(desc);
	{
		char age[32];

		draw_duration(age, sizeof age, now_wall() - (f->target->refreshed_at
							       ? f->target->refreshed_at
							       : f->target->attached_at));
		snprintf(right, sizeof right, "%sdata %s old | ? help",
			 f->journal ? "REC | " : f->journal_note ? "NOT RECORDING | " : "", age);
	}
	screen_draw_status(s, left, right);
	if (prompt_is_open()) {
		curs_set(1);
		prompt_draw(stdscr, s->rows - 1, s->cols);
		wnoutrefresh(stdscr);
	} else {
		curs_set(0);
	}
	if (f->help)
		screen_draw_help(s, &f->keymap, p->name);
	doupdate();
	f->dirty = 0;
}

/* ---- keys --------------------------------------------------------------- */

static void handle_key(struct frame *f, int key)
{
	const struct pane_ops *p = pane_registry[f->cur];
	void *d = f->data[f->cur];
	enum action a;

	if (key == KEY_RESIZE) {
		got_winch = 1;
		return;
	}
	if (prompt_is_open()) {
		prompt_key(key);
		f->dirty = 1;
		return;
	}
	if (f->help) {
		f->help = 0;
		f->dirty = 1;
		return;
	}
	if (screen_too_small(&f->screen)) {
		if (key == 'q')
			f->quit = 1;
		return;
	}
	a = keymap_lookup(&f->keymap, p->name, key);
	/* A pane taking text (a filter box) gets every key first. */
	if (p->wants_text != NULL && p->wants_text(d)) {
		p->key(d, &f->ctx, a, key);
		f->dirty = 1;
		return;
	}
	if (a != ACT_NONE && f->journal != NULL)
		journal_key(f->journal, action_name(a), p->name);
	if (p->key != NULL && a != ACT_NONE && p->key(d, &f->ctx, a, key)) {
		f->dirty = 1;
		return;
	}
	switch (a) {
	case ACT_QUIT: f->quit = 1; break;
	case ACT_HELP: f->help = 1; break;
	case ACT_NEXT_PANE: switch_pane(f, (f->cur + 1) % f->npanes); break;
	case ACT_PREV_PANE: switch_pane(f, (f->cur + f->npanes - 1) % f->npanes); break;
	case ACT_PANE_1: case ACT_PANE_2: case ACT_PANE_3: case ACT_PANE_4: case ACT_PANE_5:
	case ACT_PANE_6: case ACT_PANE_7: case ACT_PANE_8: case ACT_PANE_9:
		switch_pane(f, (size_t)(a - ACT_PANE_1));
		break;
	case ACT_CANCEL:
		if (http_active(f->http)) {
			http_cancel_all(f->http);
			ctx_status(&f->ctx, "cancelled the running fetches");
		}
		break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	case ACT_PROMPT: prompt_open(":", run_command, f); break;
	case ACT_NOTE: prompt_open("note> ", note_entered, f); break;
	case ACT_REFRESH: tick(f, now_mono()); break;
	default: break;
	}
	f->dirty = 1;
}

/* ---- recording ---------------------------------------------------------- */

static struct frame *the_frame;

/* On fatal(): give the terminal back first, whatever state it is in. */
static void fatal_cleanup(void)
{
	screen_end();
	if (the_frame != NULL && the_frame->tee != NULL) {
		casttee_stop(the_frame->tee);
		the_frame->tee = NULL;
	}
}

static void open_recording(struct frame *f)
{
	char *cause = NULL, *desc = target_describe(f->target);
	struct journal_info info = { NULL, NULL, desc };

	f->tty_fd = STDIN_FILENO;
	if (!f->opts.no_record) {
		if (journal_open(f->opts.record, &info, &f->journal, &cause) != 0) {
			f->journal_note = cause;
			ctx_status(&f->ctx, "not recording: %s", cause);
			cause = NULL;
		} else {
			struct journal_attach a = { 0 };

			a.target = desc;
			a.url = f->target->url_given;
			a.binary = f->target->binary;
			a.pid = f->target->pid;
			journal_attach(f->journal, &a);
			ctx_status(&f->ctx, "recording to %s", journal_path(f->journal));
		}
	}
	if (f->opts.cast != NULL) {
		struct winsize ws;
		int cols = 80, rows = 24;

		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
			cols = ws.ws_col;
			rows = ws.ws_row;
		}
		if (cast_open(f->opts.cast, cols, rows, &f->cast, &cause) != 0 ||
		    casttee_start(f->cast, STDIN_FILENO, STDOUT_FILENO, &f->tee, &cause) != 0) {
			ctx_status(&f->ctx, "no screen cast: %s", cause);
			free(cause);
			cause = NULL;
			if (f->cast != NULL)
				cast_close(f->cast);
			f->cast = NULL;
		} else {
			f->tty_fd = fileno(casttee_in(f->tee));
		}
	}
	free(desc);
}

static void close_recording(struct frame *f, const char *reason)
{
	if (f->tee != NULL) {
		casttee_stop(f->tee);
		f->tee = NULL;
	}
	if (f->cast != NULL) {
		cast_close(f->cast);
		f->cast = NULL;
	}
	if (f->journal != NULL) {
		journal_close(f->journal, reason);
		f->journal = NULL;
	}
	free(f->journal_note);
	f->journal_note = NULL;
}

/* ---- set-up and loop ---------------------------------------------------- */

static void load_keymaps(struct frame *f)
{
	char *cause = NULL, path[4096];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	keymap_load_defaults(&f->keymap);
	if (xdg != NULL && xdg[0])
		snprintf(path, sizeof path, "%s/gotriage/keys", xdg);
	else
		snprintf(path, sizeof path, "%s/.config/gotriage/keys", home ? home : "/");
	if (access(path, F_OK) == 0 && keymap_load_file(&f->keymap, path, &cause) != 0) {
		ctx_status(&f->ctx, "%s (using the default keys)", cause);
		free(cause);
		cause = NULL;
	}
	if (f->opts.keymap != NULL && keymap_load_file(&f->keymap, f->opts.keymap, &cause) != 0) {
		ctx_status(&f->ctx, "%s (using the default keys)", cause);
		free(cause);
	}
}

static void run_loop(struct frame *f)
{
	struct pollfd fds[3];

	f->next_tick = now_mono() + f->opts.refresh;
	draw(f);
	while (!f->quit && !got_quit_signal) {
		double now = now_mono();
		int timeout = (int)((f->next_tick - now) * 1000);
		int key;

		if (timeout < 0)
			timeout = 0;
		/* A running fetch animates the status line. */
		if ((http_active(f->http) || jobs_active()) && timeout > 200)
			timeout = 200;
		fds[0].fd = f->tty_fd;
		fds[0].events = POLLIN;
		fds[1].fd = sig_pipe[0];
		fds[1].events = POLLIN;
		fds[2].fd = jobs_fd();
		fds[2].events = POLLIN;
		http_poll(f->http, fds, 3, timeout);
		if (fds[2].revents & POLLIN)
			jobs_reap();
		/* The first collection waits for the pprof probes (they decide
		 * the debug URL the worker reads), at most a few seconds. */
		if (!f->started && (f->target->probes_pending == 0 ||
				    now_mono() - f->next_tick > 3 * f->opts.refresh)) {
			f->started = 1;
			start_collect(f, FACT_ALL);
		}
		if (fds[1].revents & POLLIN) {
			char drain[64];

			while (read(sig_pipe[0], drain, sizeof drain) > 0)
				;
		}
		if (got_quit_signal)
			break;
		if (got_winch) {
			int c = 0, r = 0;

			got_winch = 0;
			if (f->tee != NULL && casttee_winsize(f->tee, &c, &r) == 0) {
				resizeterm(r, c);
				if (f->cast != NULL)
					cast_resize(f->cast, c, r);
			} else {
				endwin();
				refresh();
			}
			screen_resize(&f->screen);
			if (f->journal != NULL)
				journal_resize(f->journal, f->screen.cols, f->screen.rows);
			f->dirty = 1;
		}
		while ((key = wgetch(stdscr)) != ERR)
			handle_key(f, key);
		now = now_mono();
		if (now >= f->next_tick) {
			tick(f, now);
			f->next_tick = now + f->opts.refresh;
		}
		if (f->dirty || http_active(f->http) || f->collecting)
			draw(f);
	}
}

int cmd_console(int argc, char **argv)
{
	struct frame f;
	char *cause = NULL;

	memset(&f, 0, sizeof f);
	if (options_parse(argc, argv, 1, NULL, &f.opts, &cause) != 0) {
		fprintf(stderr, "gotriage: %s\n", cause);
		free(cause);
		return 2;
	}
	if (f.opts.help) {
		options_usage(stdout);
		return 0;
	}
	if (f.opts.version) {
		printf("gotriage %s\n", GOTRIAGE_VERSION);
		return 0;
	}
	redact_register_own_environ();
	if (target_attach(&f.opts.target, &f.target, &cause) != 0) {
		fprintf(stderr, "gotriage: %s\n", cause);
		free(cause);
		return 2;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "gotriage: the console needs a terminal; for scripts use "
				"'gotriage check' (see --help)\n");
		target_free(f.target);
		return 2;
	}
	if (f.target->proc != NULL && f.target->proc->environ != NULL)
		redact_register_environ_block(f.target->proc->environ,
					      f.target->proc->environ_len);

	f.http = http_client_new();
	f.ctx.target = f.target;
	f.ctx.http = f.http;
	f.ctx.frame = &f;
	f.ctx.refresh_interval = f.opts.refresh;
	f.ctx.dirty = ctx_dirty;
	f.ctx.status = ctx_status;
	f.ctx.go = ctx_go;
	f.ctx.record = ctx_record;
	f.ctx.ask = ctx_ask;
	f.ctx.note = ctx_note;
	f.ctx.marker = ctx_marker;
	f.ctx.collect = ctx_collect;
	f.ctx.collecting = ctx_collecting;
	f.ctx.adopt = ctx_adopt;
	f.ctx.run_job = ctx_run_job;
	f.facts = facts_new(f.target);
	if (f.opts.header != NULL) { /* --header: what the route probes look for */
		free(f.facts->expected_header);
		f.facts->expected_header = xstrdup(f.opts.header);
	}
	/* At attach only a small dump is fetched by itself; larger ones wait
	 * for the engineer (goroutines pane, or r on a step). */
	f.facts->allow_full_dump = 1;
	f.facts->dump_confirm_over = 1000;
	f.verdicts = xcalloc(catalog_len, sizeof *f.verdicts);
	f.ctx.facts = f.facts;
	f.ctx.verdicts = f.verdicts;
	f.ctx.nverdicts = catalog_len;
	if (jobs_init() != 0)
		fatal("cannot create the job pipe");
	load_keymaps(&f);

	install_signals();
	open_recording(&f);
	the_frame = &f;
	fatal_hook = fatal_cleanup;
	if (screen_start(&f.screen, f.tee ? casttee_in(f.tee) : stdin,
			 f.tee ? casttee_out(f.tee) : stdout, &cause) != 0) {
		close_recording(&f, "the terminal UI could not start");
		fprintf(stderr, "gotriage: %s\n", cause);
		free(cause);
		return 2;
	}
	f.ctx.ascii = f.screen.ascii;
	f.ctx.color = f.screen.color;

	target_probe_start(f.target, f.http);
	for (f.npanes = 0; pane_registry[f.npanes] != NULL; f.npanes++)
		;
	f.data = xcalloc(f.npanes, sizeof *f.data);
	for (size_t i = 0; i < f.npanes; i++)
		if (pane_registry[i]->init != NULL)
			f.data[i] = pane_registry[i]->init(&f.ctx);
	if (f.opts.start_pane == NULL || ctx_go(&f.ctx, f.opts.start_pane, NULL) != 0)
		switch_pane(&f, 0);
	prompt_init();
	set_prompt_words(&f);

	run_loop(&f);

	http_cancel_all(f.http);
	for (size_t i = 0; i < f.npanes; i++)
		if (pane_registry[i]->destroy != NULL)
			pane_registry[i]->destroy(f.data[i]);
	prompt_shutdown();
	screen_end();
	{
		char reason[64];

		if (got_quit_signal)
			snprintf(reason, sizeof reason, "signal %s",
				 got_quit_signal == SIGHUP ? "SIGHUP"
				 : got_quit_signal == SIGTERM ? "SIGTERM"
				 : got_quit_signal == SIGINT ? "SIGINT" : "other");
		else
			snprintf(reason, sizeof reason, "quit");
		close_recording(&f, reason);
	}
	free(f.data);
	for (size_t i = 0; i < catalog_len; i++)
		verdict_free(&f.verdicts[i]);
	free(f.verdicts);
	http_client_free(f.http);
	/* A worker still collecting (a slow proxy, say) reads the target and
	 * its facts: quitting must not wait for it, so leave both to exit. */
	if (!jobs_active()) {
		facts_free(f.facts);
		target_free(f.target);
	}
	keymap_free(&f.keymap);
	if (got_quit_signal)
		fprintf(stderr, "gotriage: stopped by signal %d\n", (int)got_quit_signal);
	return 0;
}
