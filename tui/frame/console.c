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

#include "tui/record/casttee.h"
#include "checks/catalog.h"
#include "console.h"
#include "collectors/facts.h"
#include "jobs.h"
#include "keytrace.h"
#include "tui/record/journal.h"
#include "panes/draw.h"
#include "keymap.h"
#include "options.h"
#include "frame.h"
#include "panes/pane.h"
#include "panes/textwrap.h"
#include "prompt.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"
#include "screen.h"
#include "attach_remote.h"
#include "collectors/facts_remote.h"

static volatile sig_atomic_t got_quit_signal, got_winch;
static int sig_pipe[2] = {-1, -1};

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
	/* Under a file size limit the journal gets EFBIG and says so. */
	signal(SIGXFSZ, SIG_IGN);
}

/* ---- what the frame offers panes ---------------------------------- */

static void ctx_dirty(struct pane_ctx *ctx)
{
	((struct frame *)ctx->frame)->dirty = 1;
}

void frame_status(struct pane_ctx *ctx, const char *fmt, ...)
{
	struct frame *f = ctx->frame;
	va_list ap;
	char *full, *masked;
	size_t n;

	va_start(ap, fmt);
	full = xvasprintf(fmt, ap);
	va_end(ap);
	/* Masked whole before it is cut to the buffer: a secret cut at its
	 * end would no longer be recognised by draw_text(). The cut never
	 * splits a UTF-8 sequence. */
	masked = textwrap_mask(full);
	n = strlen(masked);
	if (n >= sizeof f->status) {
		n = sizeof f->status - 1;
		while (n > 0 && ((unsigned char)masked[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(f->status, masked, n);
	f->status[n] = '\0';
	free(masked);
	free(full);
	f->status_at = now_mono();
	f->dirty = 1;
}

/* The actions the frame answers in every pane (handle_key's switch). */
static const enum action frame_answers[] = {
    ACT_HELP,	ACT_QUIT,    ACT_NEXT_PANE, ACT_PREV_PANE, ACT_PANE_1, ACT_PANE_2, ACT_PANE_3,
    ACT_PANE_4, ACT_PANE_5,  ACT_PANE_6,    ACT_PANE_7,	   ACT_PANE_8, ACT_PANE_9, ACT_PROMPT,
    ACT_NOTE,	ACT_REFRESH, ACT_CANCEL,    ACT_REDRAW,	   ACT_NONE};

static void switch_pane(struct frame *f, size_t i);

int frame_go(struct pane_ctx *ctx, const char *name, const char *what)
{
	struct frame *f = ctx->frame;

	for (size_t i = 0; i < f->npanes; i++)
		if (strcmp(f->panes[i]->name, name) == 0) {
			switch_pane(f, i);
			if (what != NULL && f->panes[i]->jump != NULL)
				f->panes[i]->jump(f->data[i], ctx, what);
			return 0;
		}
	frame_status(ctx, "no pane named '%s'", name);
	return -1;
}

static void ctx_ask(struct pane_ctx *ctx, const char *prompt,
		    void (*done)(const char *line, void *arg), void *arg)
{
	prompt_open(prompt, done, arg);
	ctx_dirty(ctx);
}

/* ---- panes ---------------------------------------------------------- */

static void switch_pane(struct frame *f, size_t i)
{
	if (i >= f->npanes)
		return;
	f->cur = i;
	f->help = 0;
	f->dirty = 1;
	if (f->panes[i]->enter != NULL)
		f->panes[i]->enter(f->data[i], &f->ctx);
	if (f->journal != NULL)
		journal_pane(f->journal, f->panes[i]->name);
}

/* The process is gone: a new one on the same port is followed, and the
 * switch is journalled. 1 when followed. */
static int frame_follow(struct frame *f)
{
	char *note = NULL;
	int old = target_follow(f->target, &note);

	if (old == 0)
		return 0;
	if (f->journal != NULL) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "from_pid", old);
		cJSON_AddNumberToObject(o, "to_pid", f->target->pid);
		cJSON_AddStringToObject(o, "text", note);
		journal_event(f->journal, "target_switch", o);
		cJSON_Delete(o);
	}
	frame_status(&f->ctx, "%s", note);
	free(note);
	target_probe_start(f->target, f->http);
	f->started = 0; /* collect everything again once the probes answer */
	return 1;
}

void frame_reattach(struct frame *f)
{
	char *cause = NULL;

	/* --ssh/--facts: the PID is another host's (or a document's); this
	 * machine's /proc and loopback would be wrong evidence. The host is
	 * asked again by tick() (FACT_PROC over the connection). */
	if (f->collecting || f->remote != NULL || f->opts.fleet != NULL)
		return;
	if (f->target->pid != 0 && target_refresh(f->target, &cause) != 0 && !frame_follow(f))
		frame_status(&f->ctx, "process %d: %s", f->target->pid, cause);
	free(cause);
	if (f->target->debug_url == NULL && f->target->probes_pending == 0) {
		target_reprobe_now(f->target, f->http, now_mono());
		f->started = 0;
	}
}

static void tick(struct frame *f, double now)
{
	char *cause = NULL;

	/* Idle for minutes: nothing is asked of the service until a key. */
	if (frame_load_paused(f, now)) {
		frame_record_watch(f, 1);
		f->dirty = 1;
		return;
	}
	/* Over ssh the process part is asked of the host on the worker (the
	 * cheap part, over the multiplexed connection); a document stays. */
	if (f->remote != NULL) {
		/* After a drop only the engineer's r reconnects. */
		if (f->opts_ssh && f->started && !f->collecting && !f->queued && !f->remote->failed)
			frame_collect_start(f, FACT_PROC);
	} else if (f->target->pid != 0 && !f->collecting) {
		/* The worker reads the target while it collects: refresh between. */
		int gone = target_refresh(f->target, &cause) != 0 ||
			   (f->target->proc != NULL &&
			    (f->target->proc->state == 'Z' || f->target->proc->state == 'X'));

		if (gone && !frame_follow(f))
			frame_status(&f->ctx, "process %d: %s", f->target->pid,
				     cause ? cause : "exited");
		free(cause);
	}
	/* Nothing answered yet: probe again, with back-off. */
	if (f->remote == NULL && !f->collecting && target_reprobe_due(f->target, now))
		target_reprobe(f->target, f->http, now);
	for (size_t i = 0; i < f->npanes; i++)
		if (f->panes[i]->tick != NULL)
			f->panes[i]->tick(f->data[i], &f->ctx, now);
	frame_record_watch(f, 1); /* space may have returned */
	f->dirty = 1;
}

/* ---- drawing ---------------------------------------------------------- */

/* "demo-bin PID 1234 @web-01 http://127.0.0.1:6060" for the header line. */
static char *header_target(const struct frame *f)
{
	const struct target *t = f->target;
	static char host[256];
	struct buf b;

	if (host[0] == '\0' && gethostname(host, sizeof host - 1) != 0)
		snprintf(host, sizeof host, "?");
	buf_init(&b);
	if (f->opts.fleet != NULL) { /* the fleet pane names the targets */
		buf_printf(&b, "fleet @%s", host);
		return buf_steal(&b);
	}
	if (t->pid != 0)
		buf_printf(&b, "%s PID %d ", t->proc && t->proc->comm ? t->proc->comm : "?",
			   t->pid);
	else if (t->binary != NULL)
		buf_printf(&b, "%s ", t->binary);
	/* Remote: where the facts come from (ssh host and round trip, or
	 * the document's host and time), never this host's name. */
	if (f->remote != NULL)
		buf_printf(&b, "%s", remote_session_status(f->remote));
	else
		buf_printf(&b, "@%s", host);
	if (t->debug_url != NULL || t->url_given != NULL)
		buf_printf(&b, " %s", t->debug_url ? t->debug_url : t->url_given);
	return buf_steal(&b);
}

static void draw(struct frame *f)
{
	struct screen *s = &f->screen;
	const struct pane_ops *p = f->panes[f->cur];
	char left[1024], right[256];
	const char *label;
	size_t bytes;
	double elapsed;
	char *desc;

	if (screen_too_small(s)) {
		screen_draw_too_small(s);
		doupdate();
		return;
	}
	desc = header_target(f);
	screen_draw_tabs(s, f->panes, f->npanes, f->cur, desc);
	free(desc);
	werase(s->body);
	if (p->draw != NULL)
		p->draw(f->data[f->cur], &f->ctx, s->body, s->rows - 2, s->cols);
	wnoutrefresh(s->body);

	frame_record_watch(f, 0);
	/* The target is on the header line; the status line says what is
	 * happening now, and a message stays until the next key. */
	if (f->status[0]) {
		snprintf(left, sizeof left, "%s", f->status);
	} else if (http_progress(f->http, &label, &bytes, &elapsed)) {
		char sz[32];

		draw_size(sz, sizeof sz, (double)bytes);
		snprintf(left, sizeof left, "fetching %s %.1fs %s (x cancels)", label, elapsed, sz);
	} else if (f->collecting) {
		snprintf(left, sizeof left, "collecting %s...",
			 f->collecting == FACT_ALL
			     ? "everything"
			     : frame_collect_part_name(f->collecting & -f->collecting));
	} else {
		left[0] = '\0';
	}
	{
		char age[32], rec[48] = "", load[96];

		if (f->journal != NULL && journal_error(f->journal) != NULL)
			snprintf(rec, sizeof rec, "NOT RECORDING (%zu held) | ",
				 journal_held(f->journal));
		else if (f->journal != NULL)
			snprintf(rec, sizeof rec, "REC | ");
		else if (f->journal_note != NULL)
			snprintf(rec, sizeof rec, "NOT RECORDING | ");
		draw_duration(age, sizeof age,
			      now_wall() - (f->target->refreshed_at ? f->target->refreshed_at
								    : f->target->attached_at));
		frame_load_status(f, now_mono(), load, sizeof load);
		snprintf(right, sizeof right, "%s%sdata %s old | %s? help", rec,
			 f->paused ? "paused (idle) | " : "", age, load);
	}
	/* A message that needs the whole line gets it. */
	if (f->status[0] && (int)(sanitize_width(left) + sanitize_width(right)) + 1 > s->cols)
		right[0] = '\0';
	screen_draw_status(s, left, right);
	if (prompt_is_open()) {
		curs_set(1);
		prompt_draw(stdscr, s->rows - 1, s->cols);
		wnoutrefresh(stdscr);
	} else {
		curs_set(0);
	}
	if (f->help)
		screen_draw_help(s, &f->keymap, p->name, p->answers, frame_answers,
				 &f->help_scroll);
	doupdate();
	f->dirty = 0;
}

/* ---- keys --------------------------------------------------------------- */

static void frame_keys_hint(struct pane_ctx *ctx, char *out, size_t outlen)
{
	struct frame *f = ctx->frame;

	keymap_hint(&f->keymap, f->panes[f->cur]->name, f->panes[f->cur]->answers, out, outlen);
}

static void handle_key(struct frame *f, int key)
{
	const struct pane_ops *p = f->panes[f->cur];
	void *d = f->data[f->cur];
	enum action a;

	if (key == KEY_RESIZE) {
		got_winch = 1;
		return;
	}
	/* The first key after an idle pause refreshes at once. */
	if (frame_load_key(f, now_mono())) {
		frame_reattach(f);
		tick(f, now_mono());
	}
	/* A message is read by the next key: it goes, unless the key says more. */
	f->status[0] = '\0';
	if (prompt_is_open()) {
		prompt_key(key);
		f->dirty = 1;
		return;
	}
	if (f->help) {
		/* The overlay scrolls; any other key closes it. */
		int page = f->screen.rows - 6 > 1 ? f->screen.rows - 6 : 1;

		switch (keymap_lookup(&f->keymap, p->name, key)) {
		case ACT_DOWN:
			f->help_scroll++;
			break;
		case ACT_UP:
			f->help_scroll -= f->help_scroll > 0;
			break;
		case ACT_PAGE_DOWN:
			f->help_scroll += page;
			break;
		case ACT_PAGE_UP:
			f->help_scroll = f->help_scroll > page ? f->help_scroll - page : 0;
			break;
		default:
			f->help = 0;
		}
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
	case ACT_QUIT:
		f->quit = 1;
		break;
	case ACT_HELP:
		f->help = 1;
		f->help_scroll = 0;
		break;
	case ACT_NEXT_PANE:
		switch_pane(f, (f->cur + 1) % f->npanes);
		break;
	case ACT_PREV_PANE:
		switch_pane(f, (f->cur + f->npanes - 1) % f->npanes);
		break;
	case ACT_PANE_1:
	case ACT_PANE_2:
	case ACT_PANE_3:
	case ACT_PANE_4:
	case ACT_PANE_5:
	case ACT_PANE_6:
	case ACT_PANE_7:
	case ACT_PANE_8:
	case ACT_PANE_9:
		switch_pane(f, (size_t)(a - ACT_PANE_1));
		break;
	case ACT_CANCEL:
		if (http_active(f->http)) {
			http_cancel_all(f->http);
			frame_status(&f->ctx, "cancelled the running fetches");
		}
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_PROMPT:
		prompt_open(":", frame_prompt_command, f);
		break;
	case ACT_NOTE:
		prompt_open("note> ", frame_prompt_note, f);
		break;
	case ACT_REFRESH:
		frame_reattach(f);
		tick(f, now_mono());
		break;
	default:
		break;
	}
	f->dirty = 1;
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
		frame_status(&f->ctx, "%s (using the default keys)", cause);
		free(cause);
		cause = NULL;
	}
	if (f->opts.keymap != NULL && keymap_load_file(&f->keymap, f->opts.keymap, &cause) != 0) {
		frame_status(&f->ctx, "%s (using the default keys)", cause);
		free(cause);
	}
}

static void run_loop(struct frame *f)
{
	struct pollfd fds[3];

	f->next_tick = now_mono() + f->opts.refresh;
	keytrace_open();
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
		frame_collect_resume(f); /* a collection waiting on probes */
		/* The first collection waits for the pprof probes (they decide
		 * the debug URL the worker reads); frame_collect_start() holds
		 * any collection until running probes end (their curl timeouts
		 * bound the wait). */
		if (!f->started && (f->target->probes_pending == 0 ||
				    now_mono() - f->next_tick > 3 * f->opts.refresh)) {
			f->started = 1;
			f->had_debug_url = f->target->debug_url != NULL;
			frame_collect_start(f, FACT_ALL);
		}
		/* The service answers again (SIGCONT, a late start): judge anew. */
		if (f->started && !f->had_debug_url && f->target->debug_url != NULL) {
			f->had_debug_url = 1;
			frame_status(&f->ctx, "%s answers again: collecting", f->target->debug_url);
			frame_collect_start(f, FACT_ALL);
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
		while ((key = wgetch(stdscr)) != ERR) {
			keytrace_key();
			handle_key(f, key);
		}
		now = now_mono();
		if (now >= f->next_tick) {
			tick(f, now);
			f->next_tick = now + f->opts.refresh;
		}
		if (f->dirty || http_active(f->http) || f->collecting) {
			draw(f);
			keytrace_drawn();
		}
		/* The keys' journal lines, once their answer is on the screen. */
		if (f->journal != NULL)
			journal_flush_keys(f->journal);
	}
	keytrace_close();
}

/* Before the screen starts: a repo of another module is judged only after
 * the engineer says so. */
static int confirm_mismatch(const char *why)
{
	char line[16] = "";

	fprintf(stderr, "gotriage: %s.\nJudge this repo anyway? [y/N] ", why);
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL || (line[0] != 'y' && line[0] != 'Y')) {
		fprintf(stderr, "gotriage: not attached; pass the right --repo\n");
		return 0;
	}
	return 1;
}

int console_run(const struct options *opts)
{
	struct frame f;
	struct remote_args ra;
	char *cause = NULL, *quit_path = NULL;

	memset(&f, 0, sizeof f);
	f.opts = *opts;
	/* --record into a missing directory: said before anything starts. */
	if (opts->record != NULL && !opts->no_record &&
	    journal_check_path(opts->record, &cause) != 0) {
		fprintf(stderr, "gotriage: %s\n", cause);
		free(cause);
		return 2;
	}
	if (remote_args_from(opts, &ra, &cause) != 0) {
		fprintf(stderr, "gotriage: %s\n", cause);
		free(cause);
		return 2;
	}
	redact_register_own_environ();
	if (opts->fleet != NULL) {
		/* No target of its own: the fleet pane opens one at a time. */
		f.target = xcalloc(1, sizeof *f.target);
		f.target->attached_at = now_wall();
	} else if (ra.facts != NULL || ra.ssh != NULL || ra.k8s != NULL) {
		/* Before the screen starts: the first document, bounded. */
		if (remote_attach(&ra, &f.opts, FACT_ALL, &f.target, &f.remote, &cause) != 0) {
			fprintf(stderr, "gotriage: %s\n", cause);
			free(cause);
			return 2;
		}
		f.opts_ssh = ra.ssh != NULL || ra.k8s != NULL;
	} else if (target_attach(&f.opts.target, &f.target, &cause) != 0) {
		fprintf(stderr, "gotriage: %s\n", cause);
		free(cause);
		return 2;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "gotriage: the console needs a terminal; for scripts use "
				"'gotriage check' (see --help)\n");
		target_free(f.target);
		remote_session_free(f.remote);
		return 2;
	}
	if (f.target->repo_mismatch != NULL && !f.opts.target.repo_mismatch_ok &&
	    !confirm_mismatch(f.target->repo_mismatch)) {
		target_free(f.target);
		return 2;
	}
	if (f.target->proc != NULL && f.target->proc->environ != NULL)
		redact_register_environ_block(f.target->proc->environ, f.target->proc->environ_len);
	if (f.target->proc != NULL) /* --password=X, -api-token X */
		redact_register_argv((const char *const *)f.target->proc->argv.v,
				     f.target->proc->argv.n);

	f.http = http_client_new();
	f.ctx.target = f.target;
	f.ctx.http = f.http;
	f.ctx.frame = &f;
	f.ctx.refresh_interval = f.opts.refresh;
	f.ctx.dirty = ctx_dirty;
	f.ctx.status = frame_status;
	f.ctx.go = frame_go;
	f.ctx.keys_hint = frame_keys_hint;
	f.ctx.ask = ctx_ask;
	f.ctx.fleet = opts->fleet;
	f.ctx.spawn = frame_spawn;
	f.panes = opts->fleet != NULL ? pane_fleet_registry : pane_registry;
	frame_record_init(&f);
	frame_collect_init(&f);
	load_keymaps(&f);

	install_signals();
	if (frame_record_open(&f) != 0) {
		target_free(f.target);
		remote_session_free(f.remote);
		http_client_free(f.http);
		keymap_free(&f.keymap);
		return 2;
	}
	if (screen_start(&f.screen, f.tee ? casttee_in(f.tee) : stdin,
			 f.tee ? casttee_out(f.tee) : stdout, &cause) != 0) {
		frame_record_close(&f, "the terminal UI could not start");
		fprintf(stderr, "gotriage: %s\n", cause);
		free(cause);
		return 2;
	}
	f.ctx.ascii = f.screen.ascii;
	f.ctx.color = f.screen.color;

	if (opts->fleet != NULL)
		f.started = 1; /* nothing to probe or collect */
	else if (f.remote == NULL)
		target_probe_start(f.target, f.http);
	for (f.npanes = 0; f.panes[f.npanes] != NULL; f.npanes++)
		;
	f.data = xcalloc(f.npanes, sizeof *f.data);
	for (size_t i = 0; i < f.npanes; i++)
		if (f.panes[i]->init != NULL)
			f.data[i] = f.panes[i]->init(&f.ctx);
	if (f.opts.start_pane == NULL || frame_go(&f.ctx, f.opts.start_pane, NULL) != 0)
		switch_pane(&f, 0);
	prompt_init();
	frame_prompt_words(&f);

	/* No pprof probe will wake the loop when the facts come from
	 * elsewhere: the first collection starts now. */
	if (f.remote != NULL) {
		f.started = 1;
		f.had_debug_url = f.target->debug_url != NULL; /* not "answers again" */
		frame_collect_start(&f, FACT_ALL);
	}
	frame_load_init(&f, now_mono());
	run_loop(&f);

	http_cancel_all(f.http);
	for (size_t i = 0; i < f.npanes; i++)
		if (f.panes[i]->destroy != NULL)
			f.panes[i]->destroy(f.data[i]);
	prompt_shutdown();
	screen_end();
	{
		char reason[64];

		if (got_quit_signal)
			snprintf(reason, sizeof reason, "signal %s",
				 got_quit_signal == SIGHUP    ? "SIGHUP"
				 : got_quit_signal == SIGTERM ? "SIGTERM"
				 : got_quit_signal == SIGINT  ? "SIGINT"
							      : "other");
		else
			snprintf(reason, sizeof reason, "quit");
		if (f.journal != NULL)
			quit_path = xstrdup(journal_path(f.journal));
		frame_record_close(&f, reason);
	}
	if (quit_path != NULL) {
		fprintf(stderr,
			"gotriage: the session is recorded in %s\n  (gotriage report %s drafts "
			"the postmortem)\n",
			quit_path, quit_path);
		free(quit_path);
	}
	if (f.journal_lost != NULL) {
		fprintf(stderr, "gotriage: %s\n", f.journal_lost);
		free(f.journal_lost);
	}
	free(f.data);
	http_client_free(f.http);
	if (f.remote != NULL && jobs_active()) {
		/* a worker still waits on ssh: end ssh, leave the rest to exit */
		if (f.remote->remote != NULL)
			facts_remote_kill(f.remote->remote); /* ssh, or both kubectls */
	} else {
		remote_session_free(f.remote);
	}
	frame_collect_free(&f);
	keymap_free(&f.keymap);
	if (got_quit_signal)
		fprintf(stderr, "gotriage: stopped by signal %d\n", (int)got_quit_signal);
	return 0;
}
