/* ssh.c: the system ssh client as a transport (contract in ssh.h). */
#include "ssh.h"
#include "ssh_ctlpath.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct ssh_link {
	struct ssh_dest dest;
	char *name;
	char *ctl;   /* the control socket, in a private dir (ssh_ctlpath.h) */
	int persist; /* seconds the master outlives us; 0: we end it */
	int master;  /* a command ran, so a master may persist */
	/* -L specs we asked the master for: a persisting master would keep
	 * listening on them after we quit, so they are cancelled then */
	char **fwd;
	size_t nfwd;
};

/* ---- link ------------------------------------------------------------------- */

struct ssh_link *ssh_link_new(const char *dest, char **cause)
{
	struct ssh_link *l = xcalloc(1, sizeof *l);
	char *dir, *name, tag[32];

	if (ssh_dest_parse(dest, &l->dest, cause) != 0) {
		free(l);
		return NULL;
	}
	l->name = xstrdup(dest);
	/* A write to an ssh that died must fail with EPIPE, not end us. */
	signal(SIGPIPE, SIG_IGN);
	l->persist = ssh_ctl_persist();
	dir = ssh_ctl_dir(cause);
	if (dir == NULL) {
		ssh_link_free(l);
		return NULL;
	}
	/* Without persistence the master is ours alone (ended at quit): our
	 * pid in the name keeps another run from sharing it. */
	snprintf(tag, sizeof tag, "%ld", (long)getpid());
	name = ssh_ctl_name(l->dest.user, l->dest.host, l->dest.port, getenv("GOTRIAGE_SSH_CONFIG"),
			    l->persist ? NULL : tag);
	l->ctl = ssh_ctl_path(dir, name, cause);
	free(name);
	free(dir);
	if (l->ctl == NULL) {
		ssh_link_free(l);
		return NULL;
	}
	return l;
}

const char *ssh_link_name(const struct ssh_link *l)
{
	return l->name;
}

/* The ssh argv up to (and including) the destination; NULL-terminated
 * with room for `extra` more entries. */
static char **ssh_argv(const struct ssh_link *l, const char *const *pre, size_t extra, size_t *n)
{
	const char *cfg = getenv("GOTRIAGE_SSH_CONFIG");
	char **v = xcalloc(40 + extra, sizeof *v);
	size_t k = 0;

	v[k++] = xstrdup("ssh");
	if (cfg != NULL && cfg[0] != '\0') {
		v[k++] = xstrdup("-F");
		v[k++] = xstrdup(cfg);
	}
	v[k++] = xstrdup("-o");
	v[k++] = xstrdup("BatchMode=yes");
	v[k++] = xstrdup("-o");
	v[k++] = xstrdup("ControlMaster=auto");
	v[k++] = xstrdup("-o");
	v[k++] = xasprintf("ControlPath=%s", l->ctl);
	v[k++] = xstrdup("-o");
	/* 0 would mean "for ever" to ssh: without persistence the master
	 * still goes to the background (forwards are set up on it), and
	 * ssh_link_free() ends it. */
	v[k++] = xasprintf("ControlPersist=%d", l->persist ? l->persist : 60);
	v[k++] = xstrdup("-o");
	v[k++] = xstrdup("ConnectTimeout=10");
	v[k++] = xstrdup("-o");
	v[k++] = xstrdup("ServerAliveInterval=5");
	v[k++] = xstrdup("-o");
	v[k++] = xstrdup("ServerAliveCountMax=3");
	v[k++] = xstrdup("-o");
	v[k++] = xstrdup("LogLevel=ERROR");
	for (size_t i = 0; pre != NULL && pre[i] != NULL; i++)
		v[k++] = xstrdup(pre[i]);
	if (l->dest.port) {
		v[k++] = xstrdup("-p");
		v[k++] = xasprintf("%d", l->dest.port);
	}
	if (l->dest.user) {
		v[k++] = xstrdup("-l");
		v[k++] = xstrdup(l->dest.user);
	}
	v[k++] = xstrdup("--");
	v[k++] = xstrdup(l->dest.host);
	*n = k;
	return v;
}

static void argv_free(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

char *ssh_shell_quote(const char *s)
{
	struct buf b;

	buf_init(&b);
	buf_addc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(&b, "'\\''");
		else
			buf_addc(&b, *s);
	}
	buf_addc(&b, '\'');
	return buf_steal(&b);
}

/* Forks ssh with pipes; in the child it has no terminal (setsid), so it
 * can never prompt or take the console's keys. */
static pid_t spawn(char **argv, int *in, int *out, int *err, char **cause)
{
	int pi[2] = {-1, -1}, po[2] = {-1, -1}, pe[2] = {-1, -1};
	pid_t pid;

	if (pipe2(pi, O_CLOEXEC) != 0 || pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		err_set(cause, "pipe: %s", strerror(errno));
		goto fail;
	}
	/* Nothing buffered in stdio may be copied into the child: a child that
	 * flushes at exit (ThreadSanitizer's _exit does) would write it again. */
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		err_set(cause, "fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		setsid();
		dup2(pi[0], 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		/* Nothing else of ours: the console's journal, curl sockets and
		 * other jobs' pipes would otherwise live on in ssh (and in a
		 * ControlPersist master, for a minute after we quit). */
		closefrom(3);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		dprintf(2, "gotriage: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pi[0]);
	close(po[1]);
	close(pe[1]);
	fcntl(po[0], F_SETFL, O_NONBLOCK);
	fcntl(pe[0], F_SETFL, O_NONBLOCK);
	*in = pi[1];
	*out = po[0];
	*err = pe[0];
	return pid;
fail:
	for (int i = 0; i < 2; i++) {
		if (pi[i] >= 0)
			close(pi[i]);
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	return -1;
}

struct ssh_proc *ssh_link_run(struct ssh_link *l, const char *const *argv, char **cause)
{
	size_t n = 0, words = 0;
	char **v;
	struct buf cmd;
	struct ssh_proc *p = xcalloc(1, sizeof *p);

	while (argv[words] != NULL)
		words++;
	v = ssh_argv(l, NULL, 2, &n);
	buf_init(&cmd);
	for (size_t i = 0; i < words; i++) {
		char *q = ssh_shell_quote(argv[i]);

		buf_printf(&cmd, "%s%s", i ? " " : "", q);
		free(q);
	}
	v[n++] = buf_steal(&cmd);
	v[n] = NULL;
	buf_init(&p->out);
	buf_init(&p->err);
	p->link = l;
	p->pid = spawn(v, &p->in_fd, &p->out_fd, &p->err_fd, cause);
	argv_free(v);
	if (p->pid < 0) {
		free(p);
		return NULL;
	}
	p->name = xstrdup(l->name);
	l->master = 1;
	return p;
}

struct ssh_proc *ssh_proc_spawn(const char *name, char *const *argv, char **cause)
{
	struct ssh_proc *p = xcalloc(1, sizeof *p);

	signal(SIGPIPE, SIG_IGN);
	buf_init(&p->out);
	buf_init(&p->err);
	p->pid = spawn((char **)argv, &p->in_fd, &p->out_fd, &p->err_fd, cause);
	if (p->pid < 0) {
		free(p);
		return NULL;
	}
	p->name = xstrdup(name);
	return p;
}

static int drain(int *fd, struct buf *b, size_t cap, size_t *count)
{
	char chunk[65536];

	for (;;) {
		ssize_t r = read(*fd, chunk, sizeof chunk);

		if (r > 0) {
			*count += (size_t)r;
			if (b->len < cap)
				buf_add(b, chunk, (size_t)r);
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		close(*fd);
		*fd = -1;
		return -1;
	}
}

int ssh_proc_fd(const struct ssh_proc *p)
{
	return p->out_fd;
}

int ssh_proc_pump(struct ssh_proc *p)
{
	if (p->err_fd >= 0)
		drain(&p->err_fd, &p->err, SSH_STDERR_CAP, &p->bytes_in);
	if (p->out_fd >= 0)
		drain(&p->out_fd, &p->out, (size_t)-1, &p->bytes_in);
	return p->out_fd >= 0 ? 0 : -1;
}

static void reap(struct ssh_proc *p, int wait_ms)
{
	double end = now_mono() + wait_ms / 1000.0;

	while (!p->exited) {
		pid_t r = waitpid(p->pid, &p->status, WNOHANG);

		if (r == p->pid || (r < 0 && errno == ECHILD)) {
			p->exited = 1;
			break;
		}
		if (now_mono() >= end)
			break;
		usleep(10000);
	}
}

int ssh_proc_read_line(struct ssh_proc *p, int timeout_ms, size_t cap, struct buf *line,
		       char **cause)
{
	double end = now_mono() + timeout_ms / 1000.0;

	for (;;) {
		char *nl = p->out.data ? memchr(p->out.data, '\n', p->out.len) : NULL;
		struct pollfd pfd[2];
		int n = 0, left;

		if (nl != NULL) {
			size_t len = (size_t)(nl - p->out.data);

			buf_reset(line);
			buf_add(line, p->out.data, len);
			memmove(p->out.data, nl + 1, p->out.len - len - 1);
			p->out.len -= len + 1;
			p->out.data[p->out.len] = '\0';
			return 0;
		}
		if (p->out.len > cap)
			return err_set(cause, "%s: an answer larger than %zu MiB: refused", p->name,
				       cap / MIB);
		if (p->out_fd < 0) {
			/* stderr may still hold the reason */
			if (p->err_fd >= 0)
				drain(&p->err_fd, &p->err, SSH_STDERR_CAP, &p->bytes_in);
			reap(p, 2000);
			*cause = ssh_explain(p);
			return -1;
		}
		left = (int)((end - now_mono()) * 1000);
		if (left <= 0)
			return err_set(
			    cause,
			    "%s: no answer from the host within %d s (the service "
			    "or the host hangs); the connection is kept, press r to retry",
			    p->name, timeout_ms / 1000);
		pfd[n++] = (struct pollfd){p->out_fd, POLLIN, 0};
		if (p->err_fd >= 0)
			pfd[n++] = (struct pollfd){p->err_fd, POLLIN, 0};
		if (poll(pfd, (nfds_t)n, left) < 0 && errno != EINTR)
			return err_set(cause, "poll: %s", strerror(errno));
		ssh_proc_pump(p);
	}
}

int ssh_proc_write(struct ssh_proc *p, const char *s, char **cause)
{
	size_t len = strlen(s), off = 0;

	while (off < len) {
		ssize_t w;

		if (p->in_fd < 0)
			return err_set(cause, "%s: the connection is closed", p->name);
		w = write(p->in_fd, s + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return err_set(cause, "%s: the connection dropped (%s)", p->name,
				       strerror(errno));
		off += (size_t)w;
		p->bytes_out += (size_t)w;
	}
	return 0;
}

void ssh_proc_kill(struct ssh_proc *p)
{
	if (p != NULL && !p->exited)
		kill(p->pid, SIGKILL);
}

void ssh_proc_free(struct ssh_proc *p)
{
	if (p == NULL)
		return;
	if (p->in_fd >= 0)
		close(p->in_fd);
	reap(p, 2000);
	if (!p->exited) {
		kill(p->pid, SIGKILL);
		reap(p, 1000);
	}
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->err_fd >= 0)
		close(p->err_fd);
	buf_free(&p->out);
	buf_free(&p->err);
	free(p->name);
	free(p);
}

char *ssh_explain(const struct ssh_proc *p)
{
	const char *e = p->err.data ? p->err.data : "";
	const char *h = p->name ? p->name : p->link ? p->link->name : "?";
	int code = p->exited && WIFEXITED(p->status) ? WEXITSTATUS(p->status) : -1;
	char *last, *nl;

	if (p->explain != NULL)
		return p->explain(p);
	if (strstr(e, "Host key verification failed") ||
	    strstr(e, "HOST IDENTIFICATION HAS CHANGED"))
		return xasprintf("ssh %s: the host key is unknown or does not match known_hosts; "
				 "check it and connect once by hand (ssh %s) to accept it",
				 h, h);
	if (strstr(e, "Permission denied"))
		return xasprintf("ssh %s: the host refused the key (Permission denied); load "
				 "the right key in ssh-agent or name it in ~/.ssh/config",
				 h);
	if (strstr(e, "Could not resolve hostname") || strstr(e, "Connection refused") ||
	    strstr(e, "Connection timed out") || strstr(e, "No route to host"))
		return xasprintf("ssh %s: cannot connect (%s)", h,
				 strstr(e, "refused")	 ? "connection refused"
				 : strstr(e, "resolve")	 ? "unknown host name"
				 : strstr(e, "No route") ? "no route to host"
							 : "timed out");
	if (code == 127 || strstr(e, "gotriage: not found") ||
	    strstr(e, "gotriage: command not found"))
		return xasprintf("ssh %s: no gotriage on the host's PATH; copy the gotriage "
				 "binary there (e.g. /usr/local/bin) and retry",
				 h);
	if (strstr(e, "unknown subcommand") || strstr(e, "unknown option"))
		return xasprintf("ssh %s: the gotriage on the host is too old for --ssh (it "
				 "has no `collect --stream`); install the same version there",
				 h);
	if (!p->exited || WIFSIGNALED(p->status) || code == 255 || strstr(e, "closed by") ||
	    strstr(e, "Broken pipe") || strstr(e, "Timeout, server"))
		return xasprintf("ssh %s: the connection dropped%s; press r to reconnect", h,
				 p->exited && WIFSIGNALED(p->status) ? " (ssh was killed)" : "");
	last = xstrdup(e);
	str_trim(last);
	nl = strrchr(last, '\n');
	{
		char *msg = xasprintf("ssh %s: the remote gotriage failed (exit %d)%s%s", h, code,
				      last[0] ? ": " : "", nl ? nl + 1 : last);

		free(last);
		return msg;
	}
}

/* ---- port forwarding ----------------------------------------------------------- */

static int free_local_port(void)
{
	struct sockaddr_in a = {0};
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = -1;

	if (fd < 0)
		return -1;
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* Runs a short ssh control command to completion (bounded). */
static int run_argv(struct ssh_link *l, char **v, int timeout_ms, char **cause)
{
	struct ssh_proc p;
	double end = now_mono() + timeout_ms / 1000.0;

	memset(&p, 0, sizeof p);
	buf_init(&p.out);
	buf_init(&p.err);
	p.link = l;
	p.pid = spawn(v, &p.in_fd, &p.out_fd, &p.err_fd, cause);
	if (p.pid < 0)
		return -1;
	close(p.in_fd);
	p.in_fd = -1;
	while (!p.exited && now_mono() < end) {
		struct pollfd pfd[2] = {{p.out_fd, POLLIN, 0}, {p.err_fd, POLLIN, 0}};

		if (p.out_fd >= 0 || p.err_fd >= 0)
			poll(pfd, 2, 50);
		else
			usleep(10000);
		ssh_proc_pump(&p);
		if (p.out_fd < 0 && p.err_fd < 0)
			reap(&p, 0);
	}
	if (!p.exited) {
		kill(p.pid, SIGKILL);
		reap(&p, 1000);
	}
	if (p.out_fd >= 0)
		close(p.out_fd);
	if (p.err_fd >= 0)
		close(p.err_fd);
	if (!p.exited || !WIFEXITED(p.status) || WEXITSTATUS(p.status) != 0) {
		char *e = p.err.data ? str_trim(p.err.data) : NULL;

		err_set(cause, "ssh %s: %s", l->name,
			e && e[0] ? e : (p.exited ? "control command failed" : "timed out"));
		buf_free(&p.out);
		buf_free(&p.err);
		return -1;
	}
	buf_free(&p.out);
	buf_free(&p.err);
	return 0;
}

/* Takes spec. */
static void remember_forward(struct ssh_link *l, char *spec)
{
	l->fwd = xrealloc(l->fwd, (l->nfwd + 1) * sizeof *l->fwd);
	l->fwd[l->nfwd++] = spec;
}

/* The control commands that leave the master as we found it: `-O exit`
 * for our own, else `-O cancel -L` for each forward we opened. */
static char ***closing_argvs(struct ssh_link *l, size_t *n)
{
	char ***v = xcalloc(l->nfwd + 1, sizeof *v);
	size_t k;

	*n = 0;
	if (!l->master || l->ctl == NULL || access(l->ctl, F_OK) != 0)
		return v;
	if (l->persist == 0) {
		const char *pre[] = {"-O", "exit", NULL};

		v[(*n)++] = ssh_argv(l, pre, 0, &k);
		return v;
	}
	for (size_t i = 0; i < l->nfwd; i++) {
		const char *pre[] = {"-O", "cancel", "-L", l->fwd[i], NULL};

		v[(*n)++] = ssh_argv(l, pre, 0, &k);
	}
	return v;
}

static int run_control(struct ssh_link *l, const char *const *pre, int timeout_ms, char **cause)
{
	size_t n;
	char **v = ssh_argv(l, pre, 0, &n);
	int rc = run_argv(l, v, timeout_ms, cause);

	argv_free(v);
	return rc;
}

int ssh_link_forward(struct ssh_link *l, const char *rhost, int rport, int *lport, char **cause)
{
	char *spec;
	int rc, port;

	for (int attempt = 0; attempt < 3; attempt++) {
		const char *pre[5];

		port = free_local_port();
		if (port <= 0)
			return err_set(cause, "no free local port for the tunnel");
		spec = xasprintf("127.0.0.1:%d:%s:%d", port, rhost, rport);
		pre[0] = "-O";
		pre[1] = "forward";
		pre[2] = "-L";
		pre[3] = spec;
		pre[4] = NULL;
		free(cause ? *cause : NULL);
		if (cause)
			*cause = NULL;
		rc = run_control(l, pre, 10000, cause);
		if (rc == 0) {
			remember_forward(l, spec);
			*lport = port;
			return 0;
		}
		free(spec);
	}
	return -1;
}

static void link_release(struct ssh_link *l)
{
	ssh_dest_clear(&l->dest);
	for (size_t i = 0; i < l->nfwd; i++)
		free(l->fwd[i]);
	free(l->fwd);
	free(l->name);
	free(l->ctl);
	free(l);
}

static void argvs_free(char ***v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		argv_free(v[i]);
	free(v);
}

void ssh_link_free(struct ssh_link *l)
{
	size_t n;
	char ***v;

	if (l == NULL)
		return;
	v = closing_argvs(l, &n);
	for (size_t i = 0; i < n; i++)
		run_argv(l, v[i], 3000, NULL);
	argvs_free(v, n);
	if (l->persist == 0 && l->ctl != NULL)
		unlink(l->ctl);
	link_release(l);
}

/* ---- control commands off the critical path --------------------------------- */
/* Separate from run_control()/ssh_link_forward() above, which wait: these
 * start a control command and let the caller collect it later (a port
 * forward set up while the repo is scanned), or not at all (ending the
 * master at quit). */

struct ssh_proc *ssh_link_forward_start(struct ssh_link *l, const char *rhost, int rport,
					int *lport, char **cause)
{
	const char *pre[5];
	size_t n;
	char **v;
	char *spec;
	struct ssh_proc *p;
	int port = free_local_port();

	if (port <= 0) {
		err_set(cause, "no free local port for the tunnel");
		return NULL;
	}
	spec = xasprintf("127.0.0.1:%d:%s:%d", port, rhost, rport);
	pre[0] = "-O";
	pre[1] = "forward";
	pre[2] = "-L";
	pre[3] = spec;
	pre[4] = NULL;
	v = ssh_argv(l, pre, 0, &n);
	p = xcalloc(1, sizeof *p);
	buf_init(&p->out);
	buf_init(&p->err);
	p->link = l;
	p->pid = spawn(v, &p->in_fd, &p->out_fd, &p->err_fd, cause);
	argv_free(v);
	if (p->pid < 0) {
		free(spec);
		free(p);
		return NULL;
	}
	/* Remembered now: cancelling one that then failed is harmless. */
	remember_forward(l, spec);
	close(p->in_fd);
	p->in_fd = -1;
	*lport = port;
	return p;
}

int ssh_control_poll(struct ssh_proc *p)
{
	ssh_proc_pump(p);
	if (p->out_fd < 0 && p->err_fd < 0)
		reap(p, 0);
	return p->exited;
}

int ssh_control_finish(struct ssh_proc *p, int timeout_ms, char **cause)
{
	double end = now_mono() + timeout_ms / 1000.0;
	int rc = 0;

	while (!p->exited && now_mono() < end) {
		struct pollfd pfd[2] = {{p->out_fd, POLLIN, 0}, {p->err_fd, POLLIN, 0}};

		if (p->out_fd >= 0 || p->err_fd >= 0)
			poll(pfd, 2, 50);
		else
			usleep(5000);
		ssh_proc_pump(p);
		if (p->out_fd < 0 && p->err_fd < 0)
			reap(p, 0);
	}
	if (!p->exited) {
		kill(p->pid, SIGKILL);
		reap(p, 1000);
	}
	if (!p->exited || !WIFEXITED(p->status) || WEXITSTATUS(p->status) != 0) {
		char *e = p->err.data ? str_trim(p->err.data) : NULL;

		rc = err_set(cause, "ssh %s: %s", p->link->name,
			     e && e[0] ? e : (p->exited ? "control command failed" : "timed out"));
	}
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->err_fd >= 0)
		close(p->err_fd);
	buf_free(&p->out);
	buf_free(&p->err);
	free(p);
	return rc;
}

void ssh_link_free_nowait(struct ssh_link *l)
{
	char ***v;
	size_t n;
	pid_t pid;

	if (l == NULL)
		return;
	v = closing_argvs(l, &n);
	if (n == 0) {
		argvs_free(v, n);
		link_release(l);
		return;
	}
	/* A grandchild runs them (and removes a socket of ours); the child
	 * between exits at once, so the grandchild belongs to init (reaped
	 * there) and nothing waits here. Nothing buffered in stdio goes into
	 * the children: `check --ssh` printed its JSON just before, and a
	 * child flushing its copy at _exit (ThreadSanitizer's does) wrote the
	 * last block twice. */
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* Only async-signal-safe calls from here: other threads may
		 * hold locks (malloc) in the copy. */
		if (fork() == 0) {
			int null = open("/dev/null", O_RDWR), st;

			setsid();
			if (null >= 0) {
				dup2(null, 0);
				dup2(null, 1);
				dup2(null, 2);
			}
			closefrom(3); /* nothing of the console lives on in it */
			for (size_t i = 0; i < n; i++) {
				pid_t c = fork();

				if (c == 0) {
					execvp(v[i][0], v[i]);
					_exit(127);
				}
				while (c > 0 && waitpid(c, &st, 0) < 0 && errno == EINTR)
					;
			}
			if (l->persist == 0)
				unlink(l->ctl);
			_exit(0);
		}
		_exit(0);
	}
	argvs_free(v, n);
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	link_release(l);
}
