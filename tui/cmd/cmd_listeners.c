/* cmd_listeners.c: `gotriage listeners PID`: what `ss -ltnp` shows for one
 * process, plus each listener's protocol and, for h2c, its gRPC services. */
#include <cJSON.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "collectors/base/common.h"
#include "collectors/net/grpc.h"
#include "collectors/proc/procfs.h"
#include "collectors/proc/procnet.h"
#include "collectors/base/sanitize.h"
#include "collectors/proc/sniff.h"

struct row {
	struct sniff_result sniff;
	int sniffed;
	struct grpc_probe *grpc;
};

/* All sniffs at once, in one poll loop: the slowest listener bounds the wait. */
static void sniff_all(const struct listeners *l, struct row *rows, int timeout_ms)
{
	struct sniff **s = xcalloc(l->n, sizeof *s);
	struct pollfd *pfd = xcalloc(l->n, sizeof *pfd);
	size_t *idx = xcalloc(l->n, sizeof *idx);

	for (size_t i = 0; i < l->n; i++) {
		struct sockaddr_storage ss;
		socklen_t len;

		procnet_connect_addr(&l->v[i], &ss, &len);
		s[i] = sniff_start((struct sockaddr *)&ss, len, timeout_ms);
	}
	for (;;) {
		nfds_t n = 0;
		int wait = -1, rc;

		for (size_t i = 0; i < l->n; i++) {
			if (sniff_pollfd(s[i], &pfd[n]) < 0)
				continue;
			idx[n++] = i;
			if (wait < 0 || sniff_timeout_ms(s[i]) < wait)
				wait = sniff_timeout_ms(s[i]);
		}
		if (n == 0)
			break;
		rc = poll(pfd, n, wait);
		if (rc < 0 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		for (nfds_t k = 0; k < n; k++)
			sniff_step(s[idx[k]], rc > 0 ? pfd[k].revents : 0);
	}
	for (size_t i = 0; i < l->n; i++) {
		rows[i].sniff = *sniff_result(s[i]);
		rows[i].sniffed = 1;
		sniff_free(s[i]);
	}
	free(s);
	free(pfd);
	free(idx);
}

static void keep_probe(struct grpc_probe *p, void *arg)
{
	*(struct grpc_probe **)arg = p;
}

static void grpc_all(const struct listeners *l, struct row *rows, int timeout_ms)
{
	struct http_client *c = http_client_new();

	for (size_t i = 0; i < l->n; i++)
		if (rows[i].sniffed && rows[i].sniff.proto == SNIFF_H2C)
			grpc_probe_start(c, l->v[i].url, timeout_ms, keep_probe, &rows[i].grpc,
					 NULL);
	http_wait(c);
	http_client_free(c);
}

static void print_grpc(const struct grpc_probe *g)
{
	if (g->error != NULL) {
		printf("    grpc: %s\n", g->error);
		return;
	}
	if (g->reflection != GRPC_REFLECTION_NONE) {
		printf("    grpc reflection %s: %zu services\n",
		       g->reflection == GRPC_REFLECTION_V1 ? "v1" : "v1alpha", g->services.n);
		for (size_t i = 0; i < g->services.n; i++) {
			char *s = sanitize_str(g->services.v[i]);

			printf("      %s\n", s);
			free(s);
		}
	} else {
		printf("    grpc reflection: %s\n",
		       g->reflection_error ? g->reflection_error : "?");
	}
	if (g->health != GRPC_HEALTH_NONE)
		printf("    grpc health: %s\n", grpc_health_name(g->health));
	else
		printf("    grpc health: %s\n", g->health_error ? g->health_error : "no answer");
}

static void print_text(const struct listeners *l, const struct row *rows, const char *comm,
		       int sniff)
{
	int w = 17, pw = 7; /* ss's "Local Address:Port" column; Process */
	char proc[160];

	for (size_t i = 0; i < l->n; i++) {
		if ((int)strlen(l->v[i].local) > w)
			w = (int)strlen(l->v[i].local);
		snprintf(proc, sizeof proc, "users:((\"%s\",pid=%d,fd=%d))", comm, l->pid,
			 l->v[i].fd);
		if ((int)strlen(proc) > pw)
			pw = (int)strlen(proc);
	}
	if (sniff)
		printf("State  Recv-Q Send-Q %*s %-*s Protocol\n", w + 1, "Local Address:Port", pw,
		       "Process");
	else
		printf("State  Recv-Q Send-Q %*s Process\n", w + 1, "Local Address:Port");
	for (size_t i = 0; i < l->n; i++) {
		const struct listener *x = &l->v[i];
		char q[24];

		/* ss's Send-Q of a listener is its backlog; /proc does not have
		 * it, and a 0 from there would be a wrong answer. */
		if (x->backlog >= 0)
			snprintf(q, sizeof q, "%ld", x->backlog);
		else
			snprintf(q, sizeof q, "-");
		snprintf(proc, sizeof proc, "users:((\"%s\",pid=%d,fd=%d))", comm, l->pid, x->fd);
		printf("LISTEN %-6lu %-6s %*s %-*s", x->rx_queue, q, w + 1, x->local,
		       sniff ? pw : 0, proc);
		if (sniff)
			printf(" %s (%s)", sniff_proto_name(rows[i].sniff.proto),
			       rows[i].sniff.detail);
		printf("\n");
		if (rows[i].grpc != NULL)
			print_grpc(rows[i].grpc);
	}
	if (l->skipped > 0)
		printf("(%zu malformed /proc/net/tcp lines skipped)\n", l->skipped);
}

static void print_json(const struct listeners *l, const struct row *rows, const char *comm)
{
	cJSON *o = cJSON_CreateObject(), *a = procnet_listeners_to_json(l);
	char *s;

	cJSON_AddNumberToObject(o, "pid", l->pid);
	cJSON_AddStringToObject(o, "comm", comm);
	for (size_t i = 0; i < l->n; i++) {
		cJSON *x = cJSON_GetArrayItem(a, (int)i);

		if (!rows[i].sniffed)
			continue;
		cJSON_AddStringToObject(x, "protocol", sniff_proto_name(rows[i].sniff.proto));
		cJSON_AddStringToObject(x, "protocol_detail", rows[i].sniff.detail);
		cJSON_AddNumberToObject(x, "sniff_ms", rows[i].sniff.elapsed_ms);
		if (rows[i].grpc != NULL)
			cJSON_AddItemToObject(x, "grpc", grpc_probe_to_json(rows[i].grpc));
	}
	cJSON_AddItemToObject(o, "listeners", a);
	cJSON_AddNumberToObject(o, "skipped_lines", (double)l->skipped);
	s = cJSON_Print(o);
	puts(s);
	free(s);
	cJSON_Delete(o);
}

int cmd_listeners(int argc, char **argv)
{
	int json = 0, sniff = 1, timeout_ms = SNIFF_DEFAULT_TIMEOUT_MS, pid = -1;
	struct procfs_stat st;
	struct listeners *l = NULL;
	struct row *rows;
	char *cause = NULL, *comm, *end;
	struct cmdargs a;
	long v = SNIFF_DEFAULT_TIMEOUT_MS;
	int rc;

	if (!commands_parse("listeners", argc, argv, &a, &rc))
		return rc;
	json = cmdargs_has(&a, "json");
	sniff = !cmdargs_has(&a, "no-sniff");
	if (cmdargs_long(&a, "timeout", 10, 60000, &v, &cause) < 0) {
		rc = commands_usage_error("listeners", "%s", cause);
		free(cause);
		return rc;
	}
	timeout_ms = (int)v;
	if (a.npos == 0)
		return commands_usage_error("listeners", "which process? pass its PID");
	v = strtol(a.pos[0], &end, 10);
	if (*end != '\0' || end == a.pos[0] || v <= 0 || v > 0x3fffffff) {
		char *s = sanitize_str(a.pos[0]);

		rc = commands_usage_error("listeners",
					  "\"%s\" is not a PID: pass the service's process "
					  "id (pidof NAME, or systemctl show -p MainPID UNIT)",
					  s);
		free(s);
		return rc;
	}
	pid = (int)v;
	if (procfs_read_stat(pid, &st, NULL, &cause) < 0 ||
	    (cause = procfs_unattachable(pid, &st)) != NULL ||
	    procnet_listeners_for_pid(pid, &l, &cause) < 0) {
		fprintf(stderr, "gotriage listeners: %s\n", cause);
		free(cause);
		return 2;
	}
	comm = sanitize_str(st.comm);
	rows = xcalloc(l->n > 0 ? l->n : 1, sizeof *rows);
	if (sniff && l->n > 0) {
		sniff_all(l, rows, timeout_ms);
		grpc_all(l, rows, timeout_ms * 2);
	}
	if (json)
		print_json(l, rows, comm);
	else if (l->n == 0)
		printf("PID %d (%s) has no listening TCP sockets\n", pid, comm);
	else
		print_text(l, rows, comm, sniff);
	for (size_t i = 0; i < l->n; i++)
		grpc_probe_free(rows[i].grpc);
	free(rows);
	free(comm);
	procnet_listeners_free(l);
	return 0;
}
