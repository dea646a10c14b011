/* frame_spawn.c: the console on one target of a fleet, as a child process
 * (the fleet pane's Enter). Why a child and not a re-attach in this
 * frame: a target console is exactly `gotriage --ssh DEST --pid N` (or
 * --facts, --url, --pid), with its own attach, panes, worker, journal
 * and quit; running that very program keeps one code path for it and
 * leaves the fleet frame untouched underneath, so quitting the child is
 * the way back (system(3)'s shape: curses suspended, SIGINT and SIGQUIT
 * ignored here while the child has the terminal, SIGTERM, SIGHUP and
 * SIGWINCH held until it ends, everything restored and redrawn after).
 *
 * Under --cast the child gets the tee's pty as its terminal, so the
 * fleet's screen cast shows it too. */
#include <cJSON.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "frame.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"
#include "tui/record/casttee.h"

/* The last non-empty line the child wrote on stderr (its attach error,
 * say), sanitised and masked, or "". */
static void last_line(FILE *err, char *out, size_t n)
{
	char line[512];

	out[0] = '\0';
	if (err == NULL)
		return;
	rewind(err);
	while (fgets(line, sizeof line, err) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != '\0') {
			char *r = redact_text(line), *c = sanitize_str(r);

			snprintf(out, n, "%s", c);
			free(r);
			free(c);
		}
	}
}

static void record(struct pane_ctx *ctx, const char *what, char *const *argv, int status)
{
	cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "argv");

	cJSON_AddStringToObject(o, "target", what);
	for (size_t i = 1; argv[i] != NULL; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(argv[i]));
	cJSON_AddNumberToObject(o, "exit", status);
	if (ctx->record != NULL)
		ctx->record(ctx, "fleet_attach", o);
	else
		cJSON_Delete(o);
}

int frame_spawn(struct pane_ctx *ctx, const char *what, char *const *argv)
{
	struct frame *f = ctx->frame;
	struct sigaction ign, old_int, old_quit;
	sigset_t held, old_mask;
	int in = f->tee ? fileno(casttee_in(f->tee)) : STDIN_FILENO;
	int out = f->tee ? fileno(casttee_out(f->tee)) : STDOUT_FILENO;
	int status = -1;
	pid_t pid;
	FILE *err;
	char said[400];

	if (argv == NULL || argv[0] == NULL)
		return -1;
	/* What the child says on stderr is lost under the redraw: kept to
	 * show its last line on the status line. */
	err = tmpfile();
	def_prog_mode();
	endwin();
	fflush(NULL);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	/* A resize, SIGTERM or SIGHUP meanwhile is handled once the child is
	 * done (its own handlers act on it first). */
	sigemptyset(&held);
	sigaddset(&held, SIGWINCH);
	sigaddset(&held, SIGTERM);
	sigaddset(&held, SIGHUP);
	sigprocmask(SIG_BLOCK, &held, &old_mask);
	pid = fork();
	if (pid == 0) {
		static const int sigs[] = {SIGINT,   SIGQUIT, SIGTERM, SIGHUP,
					   SIGWINCH, SIGPIPE, SIGXFSZ};

		for (size_t i = 0; i < ARRAY_LEN(sigs); i++)
			signal(sigs[i], SIG_DFL);
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		if ((in != STDIN_FILENO && dup2(in, STDIN_FILENO) < 0) ||
		    (out != STDOUT_FILENO && dup2(out, STDOUT_FILENO) < 0) ||
		    (err != NULL && dup2(fileno(err), STDERR_FILENO) < 0))
			_exit(127);
		closefrom(3);
		execv("/proc/self/exe", argv);
		fprintf(stderr, "gotriage: cannot run the console: %s\n", strerror(errno));
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	reset_prog_mode();
	refresh();
	clearok(curscr, TRUE);
	/* The terminal may have changed size meanwhile: the loop's resize
	 * path (SIGWINCH's flag) measures it again. */
	raise(SIGWINCH);
	f->dirty = 1;
	last_line(err, said, sizeof said);
	if (err != NULL)
		fclose(err);
	if (pid < 0)
		return -1;
	status = status == -1	     ? -1
		 : WIFEXITED(status) ? WEXITSTATUS(status)
				     : 128 + WTERMSIG(status);
	record(ctx, what, argv, status);
	if (status == 0)
		frame_status(ctx, "back from %s", what);
	else
		frame_status(ctx, "the console on %s exited %d%s%s", what, status,
			     said[0] ? ": " : "", said);
	return status;
}
