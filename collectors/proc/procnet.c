/* procnet.c: /proc/net/tcp{,6} rows and one process's listeners (see procnet.h). */
#include "procnet.h"

#include <arpa/inet.h>
#include <cJSON.h>
#include <dirent.h>
#include <sched.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procfs.h"

/* ---- the pure parser ------------------------------------------------- */

struct cursor {
	const char *p, *end;
};

static void skip_blanks(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* Exactly `digits` hex digits (0 means 1..16 of them) into *v. */
static int take_hex(struct cursor *c, int digits, unsigned long long *v)
{
	unsigned long long x = 0;
	int n = 0;

	while (c->p < c->end && hex_digit(*c->p) >= 0 && (digits == 0 || n < digits)) {
		if (n == 16)
			return -1;
		x = x << 4 | (unsigned)hex_digit(*c->p);
		c->p++;
		n++;
	}
	if (n == 0 || (digits != 0 && n != digits))
		return -1;
	*v = x;
	return 0;
}

static int take_dec(struct cursor *c, unsigned long long *v)
{
	unsigned long long x = 0;
	int n = 0;

	skip_blanks(c);
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		if (n == 19)
			return -1; /* beyond what the kernel prints */
		x = x * 10 + (unsigned)(*c->p - '0');
		c->p++;
		n++;
	}
	if (n == 0)
		return -1;
	*v = x;
	return 0;
}

static int expect(struct cursor *c, char ch)
{
	if (c->p >= c->end || *c->p != ch)
		return -1;
	c->p++;
	return 0;
}

static int skip_field(struct cursor *c)
{
	const char *start;

	skip_blanks(c);
	start = c->p;
	while (c->p < c->end && *c->p != ' ' && *c->p != '\t')
		c->p++;
	return c->p > start ? 0 : -1;
}

/* "0100007F:1F90": words of 8 hex digits printed from native u32s. */
static int take_addr(struct cursor *c, int family, uint8_t addr[16], uint16_t *port)
{
	int words = family == AF_INET ? 1 : 4;
	unsigned long long v;

	skip_blanks(c);
	memset(addr, 0, 16);
	for (int w = 0; w < words; w++) {
		uint32_t u;

		if (take_hex(c, 8, &v) < 0)
			return -1;
		u = (uint32_t)v;
		memcpy(addr + 4 * w, &u, 4); /* native store gives network order back */
	}
	if (expect(c, ':') < 0 || take_hex(c, 4, &v) < 0)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

static int parse_line(struct cursor *c, int family, struct procnet_sock *s)
{
	unsigned long long v, tx, rx;

	memset(s, 0, sizeof *s);
	s->family = family;
	s->backlog = -1;
	s->v6only = -1;
	skip_blanks(c);
	if (take_dec(c, &v) < 0 || expect(c, ':') < 0)
		return -1;
	if (take_addr(c, family, s->laddr, &s->lport) < 0 ||
	    take_addr(c, family, s->raddr, &s->rport) < 0)
		return -1;
	skip_blanks(c);
	if (take_hex(c, 2, &v) < 0)
		return -1;
	s->state = (int)v;
	skip_blanks(c);
	if (take_hex(c, 8, &tx) < 0 || expect(c, ':') < 0 || take_hex(c, 8, &rx) < 0)
		return -1;
	s->tx_queue = (unsigned long)tx;
	s->rx_queue = (unsigned long)rx;
	if (skip_field(c) < 0 || skip_field(c) < 0) /* tr:tm->when, retrnsmt */
		return -1;
	if (take_dec(c, &v) < 0)
		return -1;
	s->uid = (unsigned long)v;
	if (skip_field(c) < 0) /* timeout */
		return -1;
	if (take_dec(c, &v) < 0)
		return -1;
	s->inode = v;
	return 0;
}

int procnet_parse(const char *buf, size_t len, int family, struct procnet_table *out, char **cause)
{
	size_t i = 0;

	if (family != AF_INET && family != AF_INET6)
		return err_set(cause, "procnet: family %d is neither AF_INET nor AF_INET6", family);
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl != NULL ? (size_t)(nl - buf) : len;
		struct cursor c = {buf + i, buf + end};
		struct procnet_sock s;

		i = end + 1;
		skip_blanks(&c);
		if (c.p == c.end)
			continue;
		if (c.end - c.p >= 3 && memcmp(c.p, "sl ", 3) == 0)
			continue; /* the header line */
		if (parse_line(&c, family, &s) < 0) {
			out->skipped++;
			continue;
		}
		out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = s;
	}
	return 0;
}

int procnet_load(const char *path, int family, struct procnet_table *out, char **cause)
{
	struct buf b;
	int trunc = 0, rc;

	buf_init(&b);
	errno = 0;
	if (read_file_capped(path, PROCNET_FILE_CAP, &b, &trunc, NULL) < 0) {
		int e = errno;

		buf_free(&b);
		if (e == ENOENT && family == AF_INET6)
			return 0; /* IPv6 disabled */
		return err_set(cause, "cannot read %s: %s", path, strerror(e));
	}
	if (trunc)
		out->truncated = 1;
	rc = procnet_parse(b.data, b.len, family, out, cause);
	buf_free(&b);
	return rc;
}

void procnet_table_free(struct procnet_table *t)
{
	if (t == NULL)
		return;
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* ---- formatting ------------------------------------------------------ */

static int is_zero(const uint8_t *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != 0)
			return 0;
	return 1;
}

char *procnet_format_addr(int family, const uint8_t addr[16], uint16_t port, int dualstack,
			  char *dst, size_t n)
{
	char ip[INET6_ADDRSTRLEN];

	if (family == AF_INET) {
		inet_ntop(AF_INET, addr, ip, sizeof ip);
		snprintf(dst, n, "%s:%u", ip, (unsigned)port);
	} else if (is_zero(addr, 16)) {
		/* ss prints a dual-stack wildcard as "*", a v6-only one as "[::]". */
		snprintf(dst, n, dualstack ? "*:%u" : "[::]:%u", (unsigned)port);
	} else {
		inet_ntop(AF_INET6, addr, ip, sizeof ip);
		snprintf(dst, n, "[%s]:%u", ip, (unsigned)port);
	}
	return dst;
}

static int is_v4mapped(const uint8_t a[16])
{
	static const uint8_t pfx[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	return memcmp(a, pfx, 12) == 0;
}

void procnet_connect_addr(const struct listener *l, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof *ss);
	if (l->family == AF_INET ||
	    (l->family == AF_INET6 &&
	     (is_v4mapped(l->addr) || (is_zero(l->addr, 16) && l->v6only != 1)))) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(l->port);
		if (l->family == AF_INET)
			memcpy(&sin->sin_addr, l->addr, 4);
		else if (is_v4mapped(l->addr))
			memcpy(&sin->sin_addr, l->addr + 12, 4);
		if (sin->sin_addr.s_addr == htonl(INADDR_ANY))
			sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		*len = sizeof *sin;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(l->port);
		memcpy(&sin6->sin6_addr, l->addr, 16);
		if (is_zero(l->addr, 16))
			sin6->sin6_addr = in6addr_loopback;
		*len = sizeof *sin6;
	}
}

static void fill_url(struct listener *l)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char ip[INET6_ADDRSTRLEN];

	procnet_connect_addr(l, &ss, &len);
	if (ss.ss_family == AF_INET) {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, ip, sizeof ip);
		snprintf(l->url, sizeof l->url, "http://%s:%u", ip, (unsigned)l->port);
	} else {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, ip, sizeof ip);
		snprintf(l->url, sizeof l->url, "http://[%s]:%u", ip, (unsigned)l->port);
	}
}

/* ---- sock_diag: the kernel's LISTEN table, as ss reads it ------------ */

/* Appends the LISTEN sockets of one family in OUR network namespace, with
 * what /proc does not show (the backlog, v6only). Asking for LISTEN only
 * lets the kernel skip the established-connection hash, which /proc/net/tcp
 * always walks. Returns 0 when the dump completed, -1 otherwise (no
 * netlink, a filter, a timeout: the caller falls back on /proc). */
static int diag_listen(int fd, int family, struct procnet_table *t)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg;
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	static char rbuf[65536];
	int done = 0;

	memset(&msg, 0, sizeof msg);
	msg.nlh.nlmsg_len = sizeof msg;
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.req.sdiag_family = (uint8_t)family;
	msg.req.sdiag_protocol = IPPROTO_TCP;
	msg.req.idiag_states = 1u << PROCNET_LISTEN;
	if (sendto(fd, &msg, sizeof msg, 0, (struct sockaddr *)&sa, sizeof sa) < 0)
		return -1;
	while (!done) {
		ssize_t r = recv(fd, rbuf, sizeof rbuf, 0);
		struct nlmsghdr *h;
		size_t left;

		if (r <= 0)
			break;
		left = (size_t)r;
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			struct inet_diag_msg *m;
			struct procnet_sock *row;
			struct rtattr *at;
			unsigned alen;

			if (h->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR)
				return -1;
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof *m))
				continue;
			m = NLMSG_DATA(h);
			if (m->idiag_family != family)
				continue;
			t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
			row = &t->v[t->n++];
			memset(row, 0, sizeof *row);
			row->family = family;
			memcpy(row->laddr, m->id.idiag_src, 16); /* already network order */
			memcpy(row->raddr, m->id.idiag_dst, 16);
			row->lport = ntohs(m->id.idiag_sport);
			row->rport = ntohs(m->id.idiag_dport);
			row->state = m->idiag_state;
			row->rx_queue = m->idiag_rqueue;
			row->tx_queue = 0;
			row->uid = m->idiag_uid;
			row->inode = m->idiag_inode;
			row->backlog = (long)m->idiag_wqueue; /* for LISTEN: the backlog */
			row->v6only = -1;
			alen = h->nlmsg_len - NLMSG_LENGTH(sizeof *m);
			for (at = (struct rtattr *)(m + 1); RTA_OK(at, alen);
			     at = RTA_NEXT(at, alen))
				if (at->rta_type == INET_DIAG_SKV6ONLY && RTA_PAYLOAD(at) >= 1)
					row->v6only = *(uint8_t *)RTA_DATA(at);
		}
	}
	return done ? 0 : -1;
}

/* A sock_diag socket in PID's network namespace (0: ours). A netlink
 * socket answers for the namespace it was created in, so for a process in
 * another one (a container) we step into its namespace just to create the
 * socket, when we may (root), and step back. setns() moves only the
 * calling thread. -1 when that is not possible. */
static int diag_open(int pid)
{
	char path[64];
	struct stat a, b;
	int fd, self, target;
	struct timeval tv = {1, 0};

	snprintf(path, sizeof path, "/proc/%d/ns/net", pid);
	if (pid == 0 || (stat("/proc/self/ns/net", &a) == 0 && stat(path, &b) == 0 &&
			 a.st_ino == b.st_ino && a.st_dev == b.st_dev)) {
		fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	} else {
		self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		target = open(path, O_RDONLY | O_CLOEXEC);
		fd = -1;
		if (self >= 0 && target >= 0 && setns(target, CLONE_NEWNET) == 0) {
			fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
			if (setns(self, CLONE_NEWNET) != 0)
				fatal("cannot return to our network namespace: %s",
				      strerror(errno));
		}
		if (self >= 0)
			close(self);
		if (target >= 0)
			close(target);
	}
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return fd;
}

/* Both families in PID's namespace (0: ours); on failure the table is
 * emptied and -1 returned. */
static int diag_listen_all(int pid, struct procnet_table *t)
{
	int fd = diag_open(pid), rc = -1;

	if (fd >= 0 && diag_listen(fd, AF_INET, t) == 0 && diag_listen(fd, AF_INET6, t) == 0)
		rc = 0;
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		procnet_table_free(t);
	return rc;
}

/* ---- one process's listeners ---------------------------------------- */

static int find_sock(const struct procfs_sock *s, size_t n, unsigned long long inode)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s[mid].inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && s[lo].inode == inode ? (int)lo : -1;
}

static int cmp_listener(const void *a, const void *b)
{
	const struct listener *x = a, *y = b;

	if (x->family != y->family)
		return x->family == AF_INET ? -1 : 1;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return memcmp(x->addr, y->addr, 16);
}

int procnet_listeners_for_pid(int pid, struct listeners **out, char **cause)
{
	struct procfs_sock *socks = NULL;
	size_t nsocks = 0, cap = 0;
	struct procnet_table t = {0};
	struct listeners *l;
	enum procfs_err kind;
	char path[64];
	const int fams[2] = {AF_INET, AF_INET6};

	*out = NULL;
	if (pid <= 0)
		return err_set(cause, "PID %d is not a process id: pass a positive number", pid);
	if (procfs_socket_inodes(pid, &socks, &nsocks, &kind, cause) < 0)
		return -1;
	/* sock_diag in the process's namespace (fast, complete); otherwise
	 * its own /proc/PID/net files. */
	if (nsocks > 0 && diag_listen_all(pid, &t) < 0) {
		for (int f = 0; f < 2; f++) {
			snprintf(path, sizeof path, "/proc/%d/net/%s", pid,
				 f == 0 ? "tcp" : "tcp6");
			if (procnet_load(path, fams[f], &t, cause) < 0) {
				free(socks);
				procnet_table_free(&t);
				return -1;
			}
		}
	}
	l = xcalloc(1, sizeof *l);
	l->pid = pid;
	l->collected = now_wall();
	l->skipped = t.skipped;
	for (size_t i = 0; i < t.n; i++) {
		const struct procnet_sock *s = &t.v[i];
		struct listener *x;
		int k;

		if (s->state != PROCNET_LISTEN || (k = find_sock(socks, nsocks, s->inode)) < 0)
			continue;
		l->v = xgrow(l->v, &cap, l->n + 1, sizeof *l->v);
		x = &l->v[l->n++];
		memset(x, 0, sizeof *x);
		x->family = s->family;
		memcpy(x->addr, s->laddr, 16);
		x->port = s->lport;
		x->rx_queue = s->rx_queue;
		x->tx_queue = s->tx_queue;
		x->inode = s->inode;
		x->fd = socks[k].fd;
		x->backlog = s->backlog;
		x->v6only = s->v6only;
	}
	free(socks);
	procnet_table_free(&t);
	for (size_t i = 0; i < l->n; i++) {
		struct listener *x = &l->v[i];

		procnet_format_addr(x->family, x->addr, x->port, x->v6only == 0, x->local,
				    sizeof x->local);
		fill_url(x);
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_listener);
	*out = l;
	return 0;
}

void procnet_listeners_free(struct listeners *l)
{
	if (l == NULL)
		return;
	free(l->v);
	free(l);
}

/* ---- port -> PID ----------------------------------------------------- */

static int has_inode(const unsigned long long *v, size_t n, unsigned long long inode)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == inode)
			return 1;
	return 0;
}

int procnet_pid_for_port(uint16_t port, int *pid, char **cause)
{
	struct procnet_table t = {0};
	unsigned long long *inodes = NULL;
	size_t ninodes = 0, cap = 0, denied = 0;
	DIR *d;
	struct dirent *de;
	int found = -1;

	*pid = -1;
	if (diag_listen_all(0, &t) < 0 &&
	    (procnet_load("/proc/net/tcp", AF_INET, &t, cause) < 0 ||
	     procnet_load("/proc/net/tcp6", AF_INET6, &t, cause) < 0)) {
		procnet_table_free(&t);
		return -1;
	}
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].state == PROCNET_LISTEN && t.v[i].lport == port && t.v[i].inode != 0) {
			inodes = xgrow(inodes, &cap, ninodes + 1, sizeof *inodes);
			inodes[ninodes++] = t.v[i].inode;
		}
	procnet_table_free(&t);
	if (ninodes == 0)
		return err_set(cause,
			       "nothing listens on TCP port %u here: check the URL, or "
			       "pass --pid",
			       (unsigned)port);
	d = opendir("/proc");
	if (d == NULL) {
		free(inodes);
		return err_set(cause, "cannot read /proc: %s", strerror(errno));
	}
	while (found < 0 && (de = readdir(d)) != NULL) {
		struct procfs_sock *socks;
		size_t n;
		enum procfs_err kind;
		char *end;
		long p = strtol(de->d_name, &end, 10);

		if (*end != '\0' || p <= 0 || p > INT32_MAX)
			continue;
		if (procfs_socket_inodes((int)p, &socks, &n, &kind, NULL) < 0) {
			if (kind == PROCFS_DENIED)
				denied++;
			continue;
		}
		for (size_t i = 0; i < n && found < 0; i++)
			if (has_inode(inodes, ninodes, socks[i].inode))
				found = (int)p;
		free(socks);
	}
	closedir(d);
	free(inodes);
	if (found > 0) {
		*pid = found;
		return 0;
	}
	if (denied > 0)
		return err_set(cause,
			       "TCP port %u is held by a process we may not inspect (%zu "
			       "processes unreadable): run as root, or pass --pid",
			       (unsigned)port, denied);
	return err_set(cause,
		       "no process owns the listener on TCP port %u (it may be in "
		       "another network namespace): pass --pid",
		       (unsigned)port);
}

/* ---- JSON ------------------------------------------------------------ */

cJSON *procnet_listeners_to_json(const struct listeners *l)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < l->n; i++) {
		const struct listener *x = &l->v[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "family", x->family == AF_INET ? "ipv4" : "ipv6");
		cJSON_AddStringToObject(o, "local", x->local);
		cJSON_AddNumberToObject(o, "port", x->port);
		cJSON_AddNumberToObject(o, "inode", (double)x->inode);
		cJSON_AddNumberToObject(o, "fd", x->fd);
		cJSON_AddNumberToObject(o, "recv_q", (double)x->rx_queue);
		if (x->backlog >= 0)
			cJSON_AddNumberToObject(o, "send_q", (double)x->backlog);
		else
			cJSON_AddNullToObject(o, "send_q");
		if (x->family == AF_INET6 && x->v6only >= 0)
			cJSON_AddBoolToObject(o, "v6only", x->v6only);
		cJSON_AddStringToObject(o, "url", x->url);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}
