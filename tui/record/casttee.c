/* casttee.c: a pty between ncurses and the terminal, copied into the cast. */
#include "casttee.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "collectors/base/common.h"

struct casttee {
	struct cast *cast; /* not owned */
	int tty_in, tty_out;
	int master, slave;
	FILE *out, *in;
	int is_tty;
	struct termios saved; /* the terminal's modes before we started */
	int wake[2];	      /* a byte here tells the thread to finish */
	pthread_t thread;
	int started;
};

/* Writes everything, waiting while a non-blocking descriptor is full.
 * Returns -1 when the terminal is gone (hang-up) or stuck for 5 s. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w > 0) {
			p += w;
			n -= (size_t)w;
		} else if (w < 0 && errno == EINTR) {
			continue;
		} else if (w < 0 && errno == EAGAIN) {
			struct pollfd pf = {fd, POLLOUT, 0};

			if (poll(&pf, 1, 5000) <= 0)
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

/* The thread: pty output -> terminal + cast, terminal input -> pty. */
static void *pump(void *arg)
{
	struct casttee *t = arg;
	char buf[16384], in[4096];
	size_t in_len = 0, in_off = 0;
	int tty_ok = 1, in_ok = 1, stopping = 0;
	double stop_at = 0;

	for (;;) {
		struct pollfd p[3] = {
		    {t->master, POLLIN | (in_len > in_off ? POLLOUT : 0), 0},
		    /* Read no more keys while earlier ones wait for the pty. */
		    {in_ok && !stopping && in_len == in_off ? t->tty_in : -1, POLLIN, 0},
		    {t->wake[0], POLLIN, 0},
		};
		int timeout = stopping ? 100 : -1;
		int r = poll(p, 3, timeout);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		if (stopping && (r == 0 || now_mono() > stop_at))
			break;
		if (p[2].revents != 0) {
			char c;

			if (read(t->wake[0], &c, 1) < 0)
				c = 0;
			stopping = 1;
			stop_at = now_mono() + 2;
			p[2].fd = -1;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(t->master, buf, sizeof buf);

			if (n > 0) {
				/* A hung-up terminal no longer gets output, but the
				 * cast does, and ncurses never blocks on a full pty. */
				if (tty_ok && write_all(t->tty_out, buf, (size_t)n) < 0)
					tty_ok = 0;
				cast_output(t->cast, buf, (size_t)n);
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
				/* EIO: every descriptor of the pty's other side is
				 * closed, which happens only in casttee_stop(). */
				if (stopping)
					break;
			}
		}
		if ((p[0].revents & POLLOUT) && in_len > in_off) {
			ssize_t w = write(t->master, in + in_off, in_len - in_off);

			if (w > 0)
				in_off += (size_t)w;
			if (in_off == in_len)
				in_len = in_off = 0;
		}
		if (p[1].fd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			ssize_t n = read(t->tty_in, in, sizeof in);

			if (n > 0) {
				in_len = (size_t)n;
				in_off = 0;
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
				in_ok = 0; /* hang-up or end of input */
			}
		}
	}
	return NULL;
}

static void pass_through(struct termios *m)
{
	m->c_iflag &=
	    ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF);
	m->c_oflag &= ~(tcflag_t)OPOST;
	/* ISIG stays: Ctrl-C and Ctrl-\ keep signalling the console, whose
	 * controlling terminal this still is. */
	m->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | IEXTEN);
	m->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	m->c_cflag |= CS8;
	m->c_cc[VMIN] = 1;
	m->c_cc[VTIME] = 0;
}

static int open_pty(struct casttee *t, char **cause)
{
	char name[128];

	t->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (t->master < 0)
		return err_set(cause, "cannot open a pty for the cast: %s", strerror(errno));
	if (grantpt(t->master) < 0 || unlockpt(t->master) < 0 ||
	    ptsname_r(t->master, name, sizeof name) != 0)
		return err_set(cause, "cannot set up a pty for the cast: %s", strerror(errno));
	t->slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (t->slave < 0)
		return err_set(cause, "cannot open %s: %s", name, strerror(errno));
	(void)fcntl(t->master, F_SETFL, fcntl(t->master, F_GETFL) | O_NONBLOCK);
	return 0;
}

static FILE *dup_stream(int fd, const char *mode)
{
	int d = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	FILE *f = d >= 0 ? fdopen(d, mode) : NULL;

	if (f == NULL && d >= 0)
		close(d);
	return f;
}

static void release(struct casttee *t)
{
	if (t->out != NULL)
		fclose(t->out);
	if (t->in != NULL)
		fclose(t->in);
	if (t->slave >= 0)
		close(t->slave);
	if (t->master >= 0)
		close(t->master);
	if (t->wake[0] >= 0)
		close(t->wake[0]);
	if (t->wake[1] >= 0)
		close(t->wake[1]);
	free(t);
}

int casttee_start(struct cast *c, int tty_in, int tty_out, struct casttee **tp, char **cause)
{
	struct casttee *t = xcalloc(1, sizeof *t);
	sigset_t all, old;
	int rc;

	*tp = NULL;
	t->cast = c;
	t->tty_in = tty_in;
	t->tty_out = tty_out;
	t->master = t->slave = t->wake[0] = t->wake[1] = -1;
	if (open_pty(t, cause) < 0 || pipe2(t->wake, O_CLOEXEC) < 0) {
		if (t->wake[0] < 0 && cause != NULL && *cause == NULL)
			err_set(cause, "cannot create a pipe: %s", strerror(errno));
		release(t);
		return -1;
	}
	t->is_tty = isatty(tty_in) && tcgetattr(tty_in, &t->saved) == 0;
	/* The pty starts as the terminal was, so ncurses saves the same
	 * "shell mode" it would have saved from the terminal itself. */
	if (t->is_tty)
		(void)tcsetattr(t->slave, TCSANOW, &t->saved);
	casttee_winsize(t, NULL, NULL);
	t->out = dup_stream(t->slave, "w");
	t->in = dup_stream(t->slave, "r");
	if (t->out == NULL || t->in == NULL) {
		err_set(cause, "cannot open the cast pty as a stream: %s", strerror(errno));
		release(t);
		return -1;
	}
	if (t->is_tty) {
		struct termios m = t->saved;

		pass_through(&m);
		(void)tcsetattr(tty_in, TCSADRAIN, &m);
	}
	/* Signals stay with the main loop, whose poll they must interrupt. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&t->thread, NULL, pump, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		if (t->is_tty)
			(void)tcsetattr(tty_in, TCSADRAIN, &t->saved);
		err_set(cause, "cannot start the cast thread: %s", strerror(rc));
		release(t);
		return -1;
	}
	t->started = 1;
	*tp = t;
	return 0;
}

FILE *casttee_out(const struct casttee *t)
{
	return t != NULL ? t->out : NULL;
}

FILE *casttee_in(const struct casttee *t)
{
	return t != NULL ? t->in : NULL;
}

int casttee_fd(const struct casttee *t)
{
	return t != NULL ? t->slave : -1;
}

int casttee_winsize(struct casttee *t, int *cols, int *rows)
{
	struct winsize ws;
	int rc = 0;

	if (ioctl(t->tty_out, TIOCGWINSZ, &ws) < 0 || ws.ws_col == 0 || ws.ws_row == 0) {
		/* Not a terminal: keep what the pty has, or 80x24 at first. */
		if (ioctl(t->slave, TIOCGWINSZ, &ws) < 0 || ws.ws_col == 0 || ws.ws_row == 0) {
			memset(&ws, 0, sizeof ws);
			ws.ws_col = 80;
			ws.ws_row = 24;
		}
		rc = -1;
	}
	(void)ioctl(t->slave, TIOCSWINSZ, &ws);
	if (cols != NULL)
		*cols = ws.ws_col;
	if (rows != NULL)
		*rows = ws.ws_row;
	if (rc == 0 && t->started)
		cast_resize(t->cast, ws.ws_col, ws.ws_row);
	return rc;
}

void casttee_stop(struct casttee *t)
{
	if (t == NULL)
		return;
	/* Close every descriptor of the pty's console side: the thread then
	 * reads what is left and gets EIO. */
	if (t->out != NULL)
		fclose(t->out);
	if (t->in != NULL)
		fclose(t->in);
	t->out = t->in = NULL;
	close(t->slave);
	t->slave = -1;
	if (write(t->wake[1], "x", 1) < 0) {
		close(t->wake[1]); /* the thread then sees POLLHUP */
		t->wake[1] = -1;
	}
	pthread_join(t->thread, NULL);
	if (t->is_tty)
		(void)tcsetattr(t->tty_in, TCSADRAIN, &t->saved);
	release(t);
}
