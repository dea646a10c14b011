/* target.c: attach to a PID, a URL, a binary and a repo; discover the rest. */
#include "target.h"

#include <arpa/inet.h>
#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/base/sanitize.h"
#include "collectors/elf/gobinary.h"

#define PROBE_TIMEOUT_MS 1500
#define PROBE_CAP (256 * 1024)

int target_is_pprof_index(long status, const char *content_type, const char *body, size_t len)
{
	(void)len;
	if (status != 200 || body == NULL)
		return 0;
	if (content_type != NULL && strncmp(content_type, "text/html", 9) != 0 &&
	    strncmp(content_type, "text/plain", 10) != 0)
		return 0;
	/* Go's index lists the profiles with links such as goroutine?debug=1. */
	return strstr(body, "goroutine?debug=1") != NULL ||
	       (strstr(body, "/debug/pprof/") != NULL && strstr(body, "goroutine") != NULL &&
		strstr(body, "heap") != NULL);
}

/* Splits scheme://host:port[/...]; the base is scheme://host:port. */
static int parse_url(const char *url, char **base, char **host, int *port, char **cause)
{
	char *scheme = NULL;

	if (http_url_parts(url, &scheme, host, port) != 0)
		return err_set(cause, "--url %s: not a URL; pass e.g. --url http://127.0.0.1:6060",
			       url);
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		err_set(cause, "--url %s: only http and https are supported", url);
		free(scheme);
		free(*host);
		*host = NULL;
		return -1;
	}
	*base = xasprintf("%s://%s:%d", scheme, *host, *port);
	free(scheme);
	return 0;
}

static int is_loopback_host(const char *h)
{
	return strcmp(h, "localhost") == 0 || strncmp(h, "127.", 4) == 0 ||
	       strcmp(h, "[::1]") == 0 || strcmp(h, "::1") == 0;
}

/* A bounded TCP connect: tells "refused" from "accepts" without HTTP. */
static int tcp_reachable(const char *host, int port, char **cause)
{
	struct addrinfo hints = {0}, *ai = NULL;
	char ps[16], h[256];
	int rc = -1, fd;

	snprintf(h, sizeof h, "%s", host);
	if (h[0] == '[') {
		memmove(h, h + 1, strlen(h));
		h[strcspn(h, "]")] = '\0';
	}
	snprintf(ps, sizeof ps, "%d", port);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if (!is_loopback_host(host))
		hints.ai_flags |= AI_NUMERICHOST; /* never block on DNS here */
	if (getaddrinfo(h, ps, &hints, &ai) != 0 || ai == NULL)
		return is_loopback_host(host) ? err_set(cause, "cannot resolve %s", host) : 0;
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			rc = 0;
		} else if (errno == EINPROGRESS) {
			struct pollfd p = {fd, POLLOUT, 0};
			int err = 0;
			socklen_t el = sizeof err;

			if (poll(&p, 1, 1000) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == 0)
				rc = 0;
			else
				err_set(cause, "%s", err ? strerror(err) : "connect timed out");
		} else {
			err_set(cause, "%s", strerror(errno));
		}
		close(fd);
	}
	freeaddrinfo(ai);
	return rc;
}

static int attach_pid(struct target *t, int pid, char **cause)
{
	char *why = NULL;

	if (pid <= 0)
		return err_set(cause,
			       "--pid %d: not a process id; pass the Go service's PID "
			       "(e.g. pgrep -f NAME)",
			       pid);
	{
		struct procfs_stat st;

		if (procfs_read_stat(pid, &st, NULL, NULL) == 0 &&
		    (why = procfs_unattachable(pid, &st)) != NULL) {
			err_set(cause, "%s", why);
			free(why);
			return -1;
		}
	}
	if (procfs_load(pid, &t->proc, &why) != 0) {
		err_set(cause,
			"--pid %d: %s; pass the PID of a running Go service "
			"(pgrep -f NAME) or --url of its debug endpoint",
			pid, why);
		free(why);
		return -1;
	}
	if (t->proc->exe == NULL && t->proc->fd_error != NULL) {
		err_set(cause,
			"--pid %d (%s): cannot read /proc/%d/exe or its fds (%s); run "
			"gotriage as the service's user or as root, or pass --url instead",
			pid, t->proc->comm ? t->proc->comm : "?", pid,
			t->proc->exe_error ? t->proc->exe_error : "permission denied");
		return -1;
	}
	t->pid = pid;
	if (procnet_listeners_for_pid(pid, &t->listeners, &why) != 0) {
		t->listeners_error = why;
		why = NULL;
	}
	return 0;
}

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m)    ? "a directory"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISFIFO(m) ? "a pipe"
	       : S_ISSOCK(m) ? "a socket"
			     : "not a regular file";
}

/* --binary names a readable regular file holding a Go program: a device
 * (/dev/zero) or a text file would otherwise "pass" every check that finds
 * no Go facts in it. */
static int attach_binary(const char *path, char **cause)
{
	char *p = sanitize_str(path), *why = NULL;
	struct stat st;
	int rc = -1, go;

	if (stat(path, &st) != 0)
		err_set(cause, "--binary %s: %s; pass the path of the deployed Go binary", p,
			strerror(errno));
	else if (!S_ISREG(st.st_mode))
		err_set(cause,
			"--binary %s: %s, not a program file; pass the path of the deployed "
			"Go binary",
			p, file_kind(st.st_mode));
	else if (access(path, R_OK) != 0)
		err_set(cause, "--binary %s: %s; pass the path of the deployed Go binary", p,
			strerror(errno));
	else if ((go = gobinary_detect(path, NULL, &why)) < 0)
		err_set(cause, "--binary %s: %s; pass the path of the deployed Go binary", p,
			why ? why : "unreadable");
	else if (go == 0)
		err_set(cause,
			"--binary %s: not a Go program (no Go build info, function table "
			"or build ID); pass the path of the deployed Go binary",
			p);
	else
		rc = 0;
	free(why);
	free(p);
	return rc;
}

static int attach_url(struct target *t, const char *url, char **cause)
{
	char *host = NULL, *why = NULL;
	int port = 0, rc = -1;

	if (parse_url(url, &t->url_given, &host, &port, cause) != 0)
		return -1;
	if (tcp_reachable(host, port, &why) != 0) {
		err_set(cause,
			"--url %s: cannot connect to %s:%d (%s); pass the address the "
			"service's net/http/pprof listens on, or --pid to find it",
			url, host, port, why ? why : "unreachable");
		goto out;
	}
	if (t->pid == 0 && is_loopback_host(host)) {
		int pid = 0;

		/* A URL alone: the owner of the port is the process to inspect. */
		if (procnet_pid_for_port((uint16_t)port, &pid, &why) == 0) {
			if (attach_pid(t, pid, cause) != 0)
				goto out;
		}
	}
	rc = 0;
out:
	free(host);
	free(why);
	return rc;
}

static int attach_repo(struct target *t, const char *repo, char **cause)
{
	char abs[PATH_MAX], *gomod, *why = NULL;
	struct stat st;

	if (realpath(repo, abs) == NULL || stat(abs, &st) != 0 || !S_ISDIR(st.st_mode))
		return err_set(cause,
			       "--repo %s: not a directory; pass the service's source "
			       "checkout (the directory holding go.mod)",
			       repo);
	gomod = xasprintf("%s/go.mod", abs);
	if (access(gomod, R_OK) != 0 && gitrefs_load(abs, &t->git, NULL) == 0 && t->git->bare) {
		/* A bare repository or mirror: the source is read from its objects. */
		free(gomod);
		t->repo = xstrdup(abs);
		return 0;
	}
	gitrefs_free(t->git);
	t->git = NULL;
	if (access(gomod, R_OK) != 0) {
		err_set(cause,
			"--repo %s: no readable go.mod there, so not a Go module; pass "
			"the directory that holds the service's go.mod",
			repo);
		free(gomod);
		return -1;
	}
	free(gomod);
	t->repo = xstrdup(abs);
	if (gitrefs_load(abs, &t->git, &why) != 0) {
		t->repo_note = xasprintf("HEAD unknown: %s", why ? why : "no .git");
		free(why);
	}
	return 0;
}

int target_attach(const struct target_opts *o, struct target **out, char **cause)
{
	struct target *t = xcalloc(1, sizeof *t);

	*out = NULL;
	t->attached_at = now_wall();
	if (o->pid == 0 && o->url == NULL && o->binary == NULL && o->repo == NULL) {
		free(t);
		return err_set(cause, "nothing to attach to; pass --pid N, --url URL, "
				      "--binary PATH and/or --repo DIR (see --help)");
	}
	if (o->pid != 0 && attach_pid(t, o->pid, cause) != 0)
		goto fail;
	if (o->url != NULL && attach_url(t, o->url, cause) != 0)
		goto fail;
	if (target_verify_go(t, cause) != 0)
		goto fail;
	if (o->binary != NULL) {
		if (attach_binary(o->binary, cause) != 0)
			goto fail;
		t->binary = xstrdup(o->binary);
	} else if (t->proc != NULL && t->proc->exe != NULL) {
		t->binary = xstrdup(t->proc->exe);
	}
	if (o->repo != NULL && attach_repo(t, o->repo, cause) != 0)
		goto fail;
	t->rev = o->rev != NULL ? xstrdup(o->rev) : NULL;
	t->against = o->against != NULL ? xstrdup(o->against) : NULL;
	target_verify_repo(t);
	*out = t;
	return 0;
fail:
	target_free(t);
	return -1;
}

int target_refresh(struct target *t, char **cause)
{
	struct procinfo *p = NULL;
	struct listeners *l = NULL;
	char *why = NULL;

	if (t->pid == 0)
		return 0;
	if (procfs_load(t->pid, &p, cause) != 0)
		return -1;
	procinfo_free(t->proc);
	t->proc = p;
	if (procnet_listeners_for_pid(t->pid, &l, &why) == 0) {
		procnet_listeners_free(t->listeners);
		t->listeners = l;
		free(t->listeners_error);
		t->listeners_error = NULL;
	} else {
		free(t->listeners_error);
		t->listeners_error = why;
	}
	t->refreshed_at = now_wall();
	return 0;
}

struct probe_ctx {
	struct target *t;
	size_t idx;
};

static void probe_done(struct http_response *r, void *arg)
{
	struct probe_ctx *pc = arg;
	struct target *t = pc->t;
	struct target_probe *p = &t->probes[pc->idx];

	p->duration = r->t_total;
	p->status = r->status;
	free(p->note);
	p->note = NULL;
	if (r->error != NULL && r->curl_code == 28 /* CURLE_OPERATION_TIMEDOUT */ &&
	    r->t_connect > 0 && r->status == 0) {
		char *clause = target_state_clause(t);

		/* Connected, then silence: stopped or hung, not "no pprof". */
		p->state = PROBE_SILENT;
		p->note =
		    xasprintf("accepted the connection but did not answer within %.1f s%s%s",
			      PROBE_TIMEOUT_MS / 1000.0, clause ? "; " : "", clause ? clause : "");
		free(clause);
	} else if (r->error != NULL) {
		p->state = PROBE_FAILED;
		p->note = xstrdup(r->error);
	} else if (r->redirect_to != NULL) {
		/* Never followed: a debug endpoint that sends us elsewhere is
		 * reported with where it points. */
		p->state = PROBE_NOT_PPROF;
		p->note = http_problem(r);
	} else if (target_is_pprof_index(r->status, r->content_type, r->body.data, r->body.len)) {
		p->state = PROBE_PPROF;
		p->note = xasprintf("%ld, pprof index", r->status);
		/* The URL the user gave wins; otherwise the first listener found. */
		if (t->debug_url == NULL || (t->url_given && strcmp(p->url, t->url_given) == 0)) {
			free(t->debug_url);
			t->debug_url = xstrdup(p->url);
		}
	} else {
		p->state = PROBE_NOT_PPROF;
		p->note = xasprintf("%ld %s, not a pprof index", r->status,
				    r->content_type ? r->content_type : "");
	}
	t->probes_pending--;
	http_response_free(r);
	free(pc);
}

/* Starts the request for probe idx; its last result stays on show until
 * the new one lands. */
static void run_probe(struct target *t, struct http_client *c, size_t idx)
{
	struct http_request rq = {0};
	struct probe_ctx *pc = xmalloc(sizeof *pc);
	char *url;

	pc->t = t;
	pc->idx = idx;
	url = xasprintf("%s/debug/pprof/", t->probes[idx].url);
	rq.url = url;
	rq.label = "probe /debug/pprof/";
	rq.connect_timeout_ms = 500;
	rq.timeout_ms = PROBE_TIMEOUT_MS;
	rq.max_bytes = PROBE_CAP;
	t->probes_pending++;
	http_start(c, &rq, probe_done, pc);
	free(url);
}

static void add_probe(struct target *t, struct http_client *c, const char *base)
{
	for (size_t i = 0; i < t->nprobes; i++)
		if (strcmp(t->probes[i].url, base) == 0)
			return;
	t->probes = xrealloc(t->probes, (t->nprobes + 1) * sizeof *t->probes);
	memset(&t->probes[t->nprobes], 0, sizeof *t->probes);
	t->probes[t->nprobes].url = xstrdup(base);
	run_probe(t, c, t->nprobes++);
}

void target_probe_again(struct target *t, struct http_client *c)
{
	for (size_t i = 0; i < t->nprobes; i++)
		run_probe(t, c, i);
}

void target_probe_start(struct target *t, struct http_client *c)
{
	if (t->url_given != NULL)
		add_probe(t, c, t->url_given);
	for (size_t i = 0; t->listeners != NULL && i < t->listeners->n; i++)
		add_probe(t, c, t->listeners->v[i].url);
}

char *target_describe(const struct target *t)
{
	struct buf b;

	buf_init(&b);
	if (t->pid != 0)
		buf_printf(&b, "pid %d (%s)", t->pid,
			   t->proc && t->proc->comm ? t->proc->comm : "?");
	if (t->debug_url != NULL || t->url_given != NULL)
		buf_printf(&b, "%s%s", b.len ? " " : "",
			   t->debug_url ? t->debug_url : t->url_given);
	if (t->pid == 0 && t->binary != NULL)
		buf_printf(&b, "%s%s", b.len ? " " : "", t->binary);
	if (b.len == 0 && t->repo != NULL)
		buf_adds(&b, t->repo);
	return buf_steal(&b);
}

cJSON *target_to_json(const struct target *t)
{
	cJSON *o = cJSON_CreateObject();

	if (t->pid)
		cJSON_AddNumberToObject(o, "pid", t->pid);
	if (t->proc != NULL) {
		cJSON_AddStringToObject(o, "comm", t->proc->comm ? t->proc->comm : "");
		if (t->proc->exe)
			cJSON_AddStringToObject(o, "exe", t->proc->exe);
		cJSON_AddBoolToObject(o, "exe_deleted", t->proc->exe_deleted);
		cJSON_AddNumberToObject(o, "start_time", t->proc->start_time);
		if (t->proc->user)
			cJSON_AddStringToObject(o, "user", t->proc->user);
	}
	if (t->url_given)
		cJSON_AddStringToObject(o, "url", t->url_given);
	if (t->debug_url)
		cJSON_AddStringToObject(o, "debug_url", t->debug_url);
	if (t->binary)
		cJSON_AddStringToObject(o, "binary", t->binary);
	if (t->repo)
		cJSON_AddStringToObject(o, "repo", t->repo);
	if (t->git != NULL && t->git->hash[0])
		cJSON_AddStringToObject(o, "head", t->git->hash);
	if (t->repo_module)
		cJSON_AddStringToObject(o, "repo_module", t->repo_module);
	if (t->binary_module)
		cJSON_AddStringToObject(o, "binary_module", t->binary_module);
	if (t->repo_mismatch)
		cJSON_AddStringToObject(o, "repo_mismatch", t->repo_mismatch);
	if (t->listeners != NULL)
		cJSON_AddItemToObject(o, "listeners", procnet_listeners_to_json(t->listeners));
	return o;
}

void target_free(struct target *t)
{
	if (t == NULL)
		return;
	free(t->url_given);
	free(t->debug_url);
	free(t->binary);
	free(t->repo);
	free(t->repo_note);
	free(t->repo_module);
	free(t->binary_module);
	free(t->repo_mismatch);
	procinfo_free(t->proc);
	procnet_listeners_free(t->listeners);
	free(t->listeners_error);
	gitrefs_free(t->git);
	free(t->rev);
	free(t->against);
	for (size_t i = 0; i < t->nprobes; i++) {
		free(t->probes[i].url);
		free(t->probes[i].note);
	}
	free(t->probes);
	free(t);
}
