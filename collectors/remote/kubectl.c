/* kubectl.c: kubectl exec and kubectl port-forward (contract in kubectl.h). */
#include "kubectl.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ssh.h"

/* ---- the pod ------------------------------------------------------------------- */

/* Kubernetes names (RFC 1123): lower case, digits, '-' and '.'; never a
 * leading '-' kubectl would read as an option. */
static int name_ok(const char *s)
{
	if (*s == '\0' || *s == '-' || strlen(s) > 253)
		return 0;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-' ||
		      *s == '.'))
			return 0;
	return 1;
}

int kube_name_ok(const char *s)
{
	return name_ok(s);
}

/* A context is whatever the kubeconfig calls it: printable, no '/',
 * no leading '-'. */
static int context_ok(const char *s)
{
	if (*s == '\0' || *s == '-' || strlen(s) > 253)
		return 0;
	for (; *s; s++)
		if (!isgraph((unsigned char)*s))
			return 0;
	return 1;
}

void kube_pod_clear(struct kube_pod *p)
{
	free(p->context);
	free(p->ns);
	free(p->pod);
	free(p->container);
	free(p->name);
	memset(p, 0, sizeof *p);
}

/* The words of a spec, split at '/', at most 5 (more is an error). */
static int split(char *copy, char **part)
{
	char *save = NULL, *w;
	int n = 0;

	for (w = strtok_r(copy, "/", &save); w != NULL && n < 5; w = strtok_r(NULL, "/", &save))
		part[n++] = w;
	return w != NULL ? 6 : n;
}

int kube_ref_parse(const char *spec, unsigned flags, struct kube_pod *p, char **cause)
{
	const char *s = str_has_prefix(spec, "k8s://") ? spec + 6 : spec;
	size_t len = strlen(s);
	int slash = len > 0 && s[len - 1] == '/';
	char *copy, *part[5];
	int n, nsonly;

	memset(p, 0, sizeof *p);
	if (len > 1024)
		return err_set(cause, "k8s://: the pod name is too long");
	copy = xstrdup(s);
	n = split(copy, part);
	/* NAMESPACE, or CONTEXT/NAMESPACE/ (the slash: no pod follows) */
	nsonly = (flags & KUBE_NS_ONLY) && (n == 1 || (n == 2 && slash));
	if (!nsonly && (n < 2 || n > 4)) {
		free(copy);
		return err_set(cause, "k8s://%s: want [CONTEXT/]NAMESPACE/POD[/CONTAINER]%s", s,
			       flags & KUBE_NS_ONLY ? ", or a namespace and selector=" : "");
	}
	/* "CTX/NS/POD/": a context, and no container */
	if ((nsonly && n == 2) || n == 4 || (n == 3 && (!name_ok(part[0]) || slash))) {
		if (!context_ok(part[0])) {
			err_set(cause, "k8s://%s: '%s' is not a kubeconfig context", s, part[0]);
			free(copy);
			return -1;
		}
		p->context = xstrdup(part[0]);
		memmove(part, part + 1, sizeof part[0] * (size_t)--n);
	}
	for (int i = 0; i < n; i++)
		if (!name_ok(part[i])) {
			err_set(cause,
				"k8s://%s: '%s' is not a Kubernetes name (a-z, 0-9, '-', '.')", s,
				part[i]);
			free(copy);
			kube_pod_clear(p);
			return -1;
		}
	p->ns = xstrdup(part[0]);
	p->pod = n >= 2 ? xstrdup(part[1]) : NULL;
	p->container = n == 3 ? xstrdup(part[2]) : NULL;
	p->name = xstrndup(s, len - (size_t)slash);
	free(copy);
	return 0;
}

int kube_pod_parse(const char *spec, struct kube_pod *p, char **cause)
{
	return kube_ref_parse(spec, 0, p, cause);
}

int kube_on_path(void)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL;
	int found = 0;

	if (path == NULL)
		return 0;
	copy = xstrdup(path);
	for (char *d = strtok_r(copy, ":", &save); d != NULL && !found;
	     d = strtok_r(NULL, ":", &save)) {
		char *f = xasprintf("%s/kubectl", *d ? d : ".");

		found = access(f, X_OK) == 0;
		free(f);
	}
	free(copy);
	return found;
}

/* ---- exec ---------------------------------------------------------------------- */

static void prefix(const struct kube_pod *p, struct strlist *argv)
{
	strlist_add(argv, "kubectl");
	if (p->context != NULL) {
		strlist_add(argv, "--context");
		strlist_add(argv, p->context);
	}
}

void kube_exec_argv(const struct kube_pod *p, const char *const *words, struct strlist *argv)
{
	prefix(p, argv);
	strlist_add(argv, "exec");
	strlist_add(argv, "-i");
	strlist_add(argv, "-n");
	strlist_add(argv, p->ns);
	strlist_add(argv, p->pod);
	if (p->container != NULL) {
		strlist_add(argv, "-c");
		strlist_add(argv, p->container);
	}
	strlist_add(argv, "--");
	for (size_t i = 0; words[i] != NULL; i++)
		strlist_add(argv, words[i]);
}

/* The last non-empty line of s, trimmed (malloc'd). */
static char *last_line(const char *s)
{
	char *c = xstrdup(s ? s : ""), *nl, *out;

	str_trim(c);
	nl = strrchr(c, '\n');
	out = xstrdup(nl ? nl + 1 : c);
	free(c);
	str_trim(out);
	return out;
}

/* What kubectl said, in one line for the engineer: the cluster, the pod,
 * the rights, the binary in the image; else kubectl's own last line. */
static char *explain_text(const char *name, const char *e, int exited, int status)
{
	int code = exited && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	char *last, *msg;

	if (strstr(e, "cannot run kubectl"))
		return xasprintf("kubectl %s: kubectl is not on PATH: the pod is reached with "
				 "the kubectl the cluster is used with",
				 name);
	if (strstr(e, "Unable to connect to the server") || strstr(e, "connection to the server") ||
	    strstr(e, "couldn't get current server"))
		return xasprintf("kubectl %s: kubectl cannot reach the cluster (check the "
				 "context and kubeconfig: kubectl get pods)",
				 name);
	if (strstr(e, "executable file not found") || strstr(e, "gotriage: not found") ||
	    code == 127)
		return xasprintf("kubectl %s: no gotriage in the container's PATH; copy the "
				 "binary in (kubectl cp) or attach a debug container",
				 name);
	if (strstr(e, "NotFound") || (strstr(e, "container ") && strstr(e, "not found")))
		return xasprintf("kubectl %s: no such pod (or container) in that namespace", name);
	if (strstr(e, "Forbidden") || strstr(e, "forbidden"))
		return xasprintf("kubectl %s: the cluster refused (RBAC: exec and "
				 "port-forward on pods are needed)",
				 name);
	if (exited && WIFSIGNALED(status))
		return xasprintf("kubectl %s: kubectl was killed (signal %d)", name,
				 WTERMSIG(status));
	last = last_line(e);
	if (!exited)
		msg = xasprintf("kubectl %s: the exec session ended%s%s", name, last[0] ? ": " : "",
				last);
	else
		msg = xasprintf("kubectl %s: exec failed (exit %d)%s%s", name, code,
				last[0] ? ": " : "", last);
	free(last);
	return msg;
}

char *kube_explain(const struct ssh_proc *p)
{
	return explain_text(p->name ? p->name : "?", p->err.data ? p->err.data : "", p->exited,
			    p->status);
}

struct ssh_proc *kube_exec(const struct kube_pod *p, const char *const *words, char **cause)
{
	struct strlist argv = {0};
	struct ssh_proc *sp;

	kube_exec_argv(p, words, &argv);
	sp = ssh_proc_spawn(p->name, argv.v, cause);
	strlist_free(&argv);
	if (sp != NULL)
		sp->explain = kube_explain;
	return sp;
}

/* ---- port-forward ------------------------------------------------------------------- */

struct kube_forward {
	volatile pid_t pid; /* 0: none runs (kube_forward_kill() reads it) */
	int out;	    /* the unlinked file kubectl writes to */
	int lport, rport;
	char *context, *ns, *pod, *name;
	volatile int killed;
};

int kube_forward_parse(const char *text, size_t len, int rport)
{
	static const char *const froms[] = {"Forwarding from 127.0.0.1:", "Forwarding from [::1]:"};
	const char *p = text, *end = text + (len > KUBE_FWD_CAP ? KUBE_FWD_CAP : len);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		for (size_t k = 0; nl != NULL && k < ARRAY_LEN(froms); k++) {
			size_t fl = strlen(froms[k]);
			char line[128], *q, *e;
			long lp, rp;

			if (n <= fl || n >= sizeof line || memcmp(p, froms[k], fl) != 0)
				continue;
			memcpy(line, p, n);
			line[n] = '\0';
			q = line + fl;
			lp = strtol(q, &e, 10);
			if (e == q || strncmp(e, " -> ", 4) != 0)
				continue;
			q = e + 4;
			rp = strtol(q, &e, 10);
			if (e == q || (*e != '\0' && *e != '\r') || lp <= 0 || lp > 65535 ||
			    rp != rport)
				continue;
			return (int)lp;
		}
		if (nl == NULL)
			break; /* an incomplete line: wait for the rest */
		p = nl + 1;
	}
	return 0;
}

pid_t kube_forward_pid(const struct kube_forward *f)
{
	return f ? f->pid : -1;
}

/* SIGTERM to kubectl's process group (setsid: a wrapper's children too),
 * SIGKILL after 1 s, reaped. */
static void stop(struct kube_forward *f)
{
	double end = now_mono() + 1.0;
	pid_t r = 0;
	int status;

	if (f->pid <= 0)
		return;
	kill(-f->pid, SIGTERM);
	kill(f->pid, SIGTERM);
	while ((r = waitpid(f->pid, &status, WNOHANG)) == 0 && now_mono() < end)
		usleep(10000);
	if (r == 0) {
		kill(-f->pid, SIGKILL);
		kill(f->pid, SIGKILL);
		while (waitpid(f->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	f->pid = 0;
}

void kube_forward_close(struct kube_forward *f)
{
	if (f == NULL)
		return;
	stop(f);
	if (f->out >= 0)
		close(f->out);
	free(f->context);
	free(f->ns);
	free(f->pod);
	free(f->name);
	free(f);
}

/* kubectl's output so far, at most the cap. */
static size_t read_out(int fd, char *buf, size_t cap)
{
	ssize_t n = pread(fd, buf, cap, 0);

	buf[n > 0 ? n : 0] = '\0';
	return n > 0 ? (size_t)n : 0;
}

static pid_t spawn_forward(char **argv, int out, char **cause)
{
	pid_t pid = fork();

	if (pid < 0) {
		err_set(cause, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		setsid();
		if (null >= 0)
			dup2(null, 0);
		dup2(out, 1);
		dup2(out, 2);
		/* it outlives this call: hold none of the console's pipes open */
		closefrom(3);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		dprintf(2, "gotriage: cannot run kubectl: %s\n", strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Starts kubectl port-forward for "[LPORT]:RPORT" and waits for its
 * line; on failure kubectl is gone and f->pid is 0. */
static int start(struct kube_forward *f, int timeout_ms, char **cause)
{
	struct strlist argv = {0};
	double end = now_mono() + timeout_ms / 1000.0;
	char *buf = xmalloc(KUBE_FWD_CAP + 1);
	int status = 0, exited = 0;

	/* A new kubectl writes from the start: the offset is shared with the
	 * last one (a dup), so it is reset with the size. */
	if (ftruncate(f->out, 0) != 0 || lseek(f->out, 0, SEEK_SET) != 0) {
		free(buf);
		return err_set(cause, "kubectl port-forward: %s", strerror(errno));
	}
	strlist_add(&argv, "kubectl");
	if (f->context != NULL) {
		strlist_add(&argv, "--context");
		strlist_add(&argv, f->context);
	}
	strlist_add(&argv, "port-forward");
	strlist_add(&argv, "-n");
	strlist_add(&argv, f->ns);
	strlist_addf(&argv, "pod/%s", f->pod);
	if (f->lport > 0)
		strlist_addf(&argv, "%d:%d", f->lport, f->rport);
	else
		strlist_addf(&argv, ":%d", f->rport);
	f->pid = spawn_forward(argv.v, f->out, cause);
	strlist_free(&argv);
	if (f->pid < 0) {
		f->pid = 0;
		free(buf);
		return -1;
	}
	for (;;) {
		size_t n = read_out(f->out, buf, KUBE_FWD_CAP);
		int port = kube_forward_parse(buf, n, f->rport);

		if (port > 0 && (f->lport == 0 || port == f->lport)) {
			f->lport = port;
			free(buf);
			return 0;
		}
		if (exited || now_mono() >= end)
			break;
		if (waitpid(f->pid, &status, WNOHANG) == f->pid) {
			exited = 1; /* one more read: its last words */
			continue;
		}
		usleep(20000);
	}
	{
		char *last = last_line(buf);

		if (exited)
			err_set(cause, "kubectl port-forward %s :%d ended (%s %d)%s%s", f->name,
				f->rport, WIFEXITED(status) ? "exit" : "signal",
				WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				last[0] ? ": " : "", last);
		else
			err_set(
			    cause,
			    "kubectl port-forward %s :%d: no \"Forwarding from\" line within %d "
			    "s%s%s",
			    f->name, f->rport, timeout_ms / 1000, last[0] ? "; it said: " : "",
			    last);
		free(last);
	}
	if (!exited)
		stop(f);
	f->pid = 0;
	free(buf);
	return -1;
}

int kube_forward_open(const struct kube_pod *p, int rport, int timeout_ms,
		      struct kube_forward **out, int *lport, char **cause)
{
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/gotriage-kpf-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
	struct kube_forward *f = xcalloc(1, sizeof *f);

	*out = NULL;
	f->out = mkstemp(path);
	if (f->out < 0) {
		err_set(cause, "kubectl port-forward: no temporary file: %s", strerror(errno));
		free(path);
		free(f);
		return -1;
	}
	unlink(path);
	free(path);
	fcntl(f->out, F_SETFD, FD_CLOEXEC);
	f->context = p->context ? xstrdup(p->context) : NULL;
	f->ns = xstrdup(p->ns);
	f->pod = xstrdup(p->pod);
	f->name = xstrdup(p->name);
	f->rport = rport;
	if (start(f, timeout_ms, cause) != 0) {
		kube_forward_close(f);
		return -1;
	}
	*lport = f->lport;
	*out = f;
	return 0;
}

int kube_forward_revive(struct kube_forward *f, int timeout_ms, char **cause)
{
	int status;

	if (f->pid > 0 && waitpid(f->pid, &status, WNOHANG) == 0)
		return 0; /* still forwarding */
	f->pid = 0;
	if (f->killed)
		return err_set(cause, "kubectl port-forward %s: stopped", f->name);
	return start(f, timeout_ms, cause);
}

void kube_forward_kill(struct kube_forward *f)
{
	pid_t pid;

	if (f == NULL)
		return;
	f->killed = 1;
	pid = f->pid;
	if (pid > 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
}
