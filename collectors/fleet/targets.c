/* targets.c: the fleet's target list (contract in targets.h). */
#include "targets.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/remote/ssh.h"

/* Linux keeps 15 bytes of a command name (TASK_COMM_LEN - 1). */
#define COMM_MAX 15
#define VALUE_MAX 1024

static void target_clear(struct fleet_target *t)
{
	free(t->host);
	kube_pod_clear(&t->pod);
	free(t->k8s_selector);
	free(t->url);
	free(t->comm);
	strlist_free(&t->labels);
	free(t->where);
	memset(t, 0, sizeof *t);
}

void fleet_targets_free(struct fleet_targets *ts)
{
	if (ts == NULL)
		return;
	for (size_t i = 0; i < ts->n; i++)
		target_clear(&ts->v[i]);
	free(ts->v);
	memset(ts, 0, sizeof *ts);
}

/* Printable ASCII without spaces: what a word of the file may hold, so
 * nothing odd reaches ssh's or kubectl's command line or the terminal. */
static int word_ok(const char *s)
{
	for (; *s; s++)
		if (*s <= ' ' || *s >= 0x7f)
			return 0;
	return 1;
}

/* k8s://[CONTEXT/]NAMESPACE/POD[/CONTAINER], or a namespace for
 * selector=: kube_ref_parse() reads it, as --k8s does. */
static int parse_k8s(const char *spec, struct fleet_target *t, char **why)
{
	char *cause = NULL;

	t->transport = FLEET_K8S;
	if (kube_ref_parse(spec, KUBE_NS_ONLY, &t->pod, &cause) != 0) {
		*why = cause;
		return -1;
	}
	if (t->pod.pod == NULL)
		t->host = xstrdup(t->pod.ns);
	else
		t->host = xasprintf("%s%s%s", t->pod.pod, t->pod.container ? "/" : "",
				    t->pod.container ? t->pod.container : "");
	return 0;
}

static int parse_host(const char *w, struct fleet_target *t, char **why)
{
	struct ssh_dest d;
	char *cause = NULL;

	if (str_has_prefix(w, "k8s://"))
		return parse_k8s(w, t, why);
	if (strcmp(w, "local") == 0 || strcmp(w, "localhost") == 0) {
		t->transport = FLEET_LOCAL;
		t->host = xstrdup("local");
		return 0;
	}
	if (str_has_prefix(w, "ssh://"))
		w += 6;
	if (strchr(w, '/') != NULL) {
		*why = xasprintf("'%s': want [ssh://][USER@]HOST[:PORT], local or "
				 "k8s://[CONTEXT/]NAMESPACE/POD[/CONTAINER]",
				 w);
		return -1;
	}
	if (ssh_dest_parse(w, &d, &cause) != 0) {
		*why = cause;
		return -1;
	}
	ssh_dest_clear(&d);
	t->transport = FLEET_SSH;
	t->host = xstrdup(w);
	return 0;
}

static int parse_selector(const char *key, const char *val, struct fleet_target *t, char **why)
{
	if (strcmp(key, "pid") == 0) {
		char *end;
		long v;

		errno = 0;
		v = strtol(val, &end, 10);
		if (errno || *end || end == val || v < 1 || v > 4194304) {
			*why = xasprintf("pid=%s: want a process id (1 to 4194304)", val);
			return -1;
		}
		t->select = FLEET_PID;
		t->pid = (int)v;
	} else if (strcmp(key, "url") == 0) {
		if (!str_has_prefix(val, "http://") && !str_has_prefix(val, "https://")) {
			*why = xasprintf("url=%s: want an http:// or https:// URL", val);
			return -1;
		}
		t->select = FLEET_URL;
		t->url = xstrdup(val);
	} else {
		if (strlen(val) > COMM_MAX || val[0] == '-') {
			*why = xasprintf("comm=%s: a command name is 1 to %d bytes, the "
					 "kernel keeps no more",
					 val, COMM_MAX);
			return -1;
		}
		t->select = FLEET_COMM;
		t->comm = xstrdup(val);
	}
	return 0;
}

/* selector=LABELS (equality-based: key=value, key!=value, key, !key,
 * comma-separated; label keys may hold a DNS prefix "a.io/name") and
 * container=NAME, on a k8s://NAMESPACE line. */
static int k8s_key(const char *key, const char *val, struct fleet_target *t, char **why)
{
	char **slot = strcmp(key, "selector") == 0 ? &t->k8s_selector : &t->pod.container;

	if (*slot != NULL) {
		*why = xasprintf("a second %s=", key);
		return -1;
	}
	if (slot == &t->pod.container && !kube_name_ok(val)) {
		*why = xasprintf("container=%s: not a Kubernetes name", val);
		return -1;
	}
	for (const char *c = val; slot == &t->k8s_selector && *c; c++)
		if (!(isalnum((unsigned char)*c) || strchr("-_./=!,", *c) != NULL) ||
		    val[0] == '-') {
			*why = xasprintf("selector=%s: want an equality-based label selector "
					 "(app=web,tier!=db)",
					 val);
			return -1;
		}
	*slot = xstrdup(val);
	free(t->host);
	t->host = xasprintf("%s -l %s", t->pod.ns, t->k8s_selector ? t->k8s_selector : "?");
	return 0;
}

static int label_key_ok(const char *k, size_t n)
{
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(isalnum((unsigned char)k[i]) || k[i] == '_' || k[i] == '-' || k[i] == '.'))
			return 0;
	return 1;
}

/* One non-blank, non-comment line (NUL-terminated, no newline). */
static int parse_line(char *line, struct fleet_target *t, char **why)
{
	char *save = NULL, *w = strtok_r(line, " \t", &save);
	int have = 0;

	if (!word_ok(w) || parse_host(w, t, why) != 0) {
		if (*why == NULL)
			*why = xstrdup("the host holds a control character or non-ASCII byte");
		return -1;
	}
	while ((w = strtok_r(NULL, " \t", &save)) != NULL) {
		char *eq = strchr(w, '=');

		if (!word_ok(w)) {
			*why = xstrdup("a control character or non-ASCII byte");
			return -1;
		}
		if (eq == NULL || eq[1] == '\0' || strlen(eq + 1) > VALUE_MAX) {
			*why = xasprintf("'%s': want KEY=VALUE (pid=, url=, comm= or a label)", w);
			return -1;
		}
		*eq = '\0';
		if (t->transport == FLEET_K8S && t->pod.pod == NULL &&
		    (strcmp(w, "selector") == 0 || strcmp(w, "container") == 0)) {
			if (k8s_key(w, eq + 1, t, why) != 0)
				return -1;
			continue;
		}
		if (t->transport == FLEET_K8S &&
		    (strcmp(w, "selector") == 0 || strcmp(w, "container") == 0)) {
			*why = xasprintf("%s= goes with k8s://[CONTEXT/]NAMESPACE/ (a namespace, "
					 "no pod)",
					 w);
			return -1;
		}
		if (strcmp(w, "pid") == 0 || strcmp(w, "url") == 0 || strcmp(w, "comm") == 0) {
			if (have++) {
				*why = xasprintf("%s= is a second selector; give one of pid=, "
						 "url=, comm= a line",
						 w);
				return -1;
			}
			if (parse_selector(w, eq + 1, t, why) != 0)
				return -1;
		} else if (!label_key_ok(w, strlen(w))) {
			*why = xasprintf("label '%s': keys are letters, digits, '_', '-', '.'", w);
			return -1;
		} else if (t->labels.n >= FLEET_LABELS_MAX) {
			*why = xasprintf("more than %d labels", FLEET_LABELS_MAX);
			return -1;
		} else {
			strlist_addf(&t->labels, "%s=%s", w, eq + 1);
		}
	}
	if (!have) {
		*why = xstrdup("no process named: add pid=N, url=URL or comm=NAME");
		return -1;
	}
	if (t->transport == FLEET_K8S && t->pod.pod == NULL && t->k8s_selector == NULL) {
		*why = xstrdup("k8s://NAMESPACE names no pod: add selector=LABELS, or write "
			       "k8s://NAMESPACE/POD");
		return -1;
	}
	return 0;
}

/* Every line of buf: a target each (or, with comm, a host each). All bad
 * lines are reported, so a long file is fixed in one pass. */
static int parse_lines(const char *buf, size_t len, const char *file, const char *comm,
		       struct fleet_targets *out, char **cause)
{
	struct fleet_targets got = {0};
	struct buf errs;
	size_t nerr = 0, lineno = 0, pos = 0;

	buf_init(&errs);
	if (len > FLEET_TARGETS_CAP) {
		buf_free(&errs);
		return err_set(cause, "%s: larger than %zu MiB; split the fleet", file,
			       FLEET_TARGETS_CAP / MIB);
	}
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		struct fleet_target t = {0};
		char *line, *s, *why = NULL;

		lineno++;
		line = xstrndup(buf + pos, n);
		int has_nul = memchr(buf + pos, 0, n) != NULL;

		pos += n + (nl != NULL);
		s = str_trim(line);
		if (n > FLEET_LINE_MAX)
			why = xasprintf("line longer than %d bytes", FLEET_LINE_MAX);
		else if (has_nul)
			why = xstrdup("a NUL byte");
		else if (*s == '\0' || *s == '#') {
			free(line);
			continue;
		} else if (comm != NULL) {
			char *sp = strpbrk(s, " \t#");

			if (sp != NULL)
				*sp = '\0';
			if (!word_ok(s) || parse_host(s, &t, &why) != 0) {
				if (why == NULL)
					why = xstrdup("a control character or non-ASCII byte");
			} else {
				t.select = FLEET_COMM;
				t.comm = xstrdup(comm);
			}
		} else {
			parse_line(s, &t, &why);
		}
		if (why == NULL && got.n >= FLEET_TARGETS_MAX)
			why = xasprintf("more than %d targets", FLEET_TARGETS_MAX);
		free(line);
		if (why != NULL) {
			if (nerr < FLEET_ERRORS_SHOWN)
				buf_printf(&errs, "%s%s:%zu: %s", nerr ? "\n" : "", file, lineno,
					   why);
			nerr++;
			free(why);
			target_clear(&t);
			continue;
		}
		t.where = xasprintf("%s:%zu", file, lineno);
		got.v = xgrow(got.v, &got.cap, got.n + 1, sizeof *got.v);
		got.v[got.n++] = t;
	}
	if (nerr > FLEET_ERRORS_SHOWN)
		buf_printf(&errs, "\n%s: ... and %zu more bad lines", file,
			   nerr - FLEET_ERRORS_SHOWN);
	if (nerr == 0 && got.n == 0)
		buf_printf(&errs, "%s: no targets (one a line: HOST pid=N|url=URL|comm=NAME)",
			   file);
	if (errs.len > 0) {
		*cause = buf_steal(&errs);
		fleet_targets_free(&got);
		return -1;
	}
	buf_free(&errs);
	for (size_t i = 0; i < got.n; i++) {
		out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = got.v[i];
	}
	free(got.v);
	return 0;
}

int fleet_targets_parse(const char *buf, size_t len, const char *file, struct fleet_targets *out,
			char **cause)
{
	return parse_lines(buf, len, file, NULL, out, cause);
}

int fleet_hosts_parse(const char *buf, size_t len, const char *file, const char *comm,
		      struct fleet_targets *out, char **cause)
{
	struct fleet_target probe = {0};
	char *why = NULL, *val = xstrdup(comm ? comm : "");
	int rc;

	if (comm == NULL || parse_selector("comm", val, &probe, &why) != 0) {
		rc = err_set(cause, "--ssh-hosts needs --comm NAME%s%s", why ? ": " : "",
			     why ? why : "");
		free(why);
		free(val);
		target_clear(&probe);
		return rc;
	}
	free(val);
	target_clear(&probe);
	return parse_lines(buf, len, file, comm, out, cause);
}

int fleet_targets_read(const char *path, struct buf *out, char **cause)
{
	char chunk[65536];
	ssize_t n;

	if (strcmp(path, "-") != 0)
		return read_file_whole(path, FLEET_TARGETS_CAP, out, cause);
	while ((n = read(0, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return err_set(cause, "standard input: %s", strerror(errno));
		}
		buf_add(out, chunk, (size_t)n);
		if (out->len > FLEET_TARGETS_CAP)
			return err_set(cause,
				       "standard input: larger than %zu MiB; split the fleet",
				       FLEET_TARGETS_CAP / MIB);
	}
	return 0;
}

char *fleet_target_name(const struct fleet_target *t, int pid)
{
	if (pid > 0)
		return xasprintf("%s:%d", t->host, pid);
	if (t->select == FLEET_URL)
		return xasprintf("%s %s", t->host, t->url);
	if (t->select == FLEET_COMM)
		return xasprintf("%s comm=%s", t->host, t->comm);
	return xstrdup(t->host);
}
