/* procnet.h: TCP sockets from /proc/net/tcp and tcp6, and which of them
 * one process listens on (what `ss -ltnp` shows for that PID).
 *
 * /proc/PID/net/tcp lists every socket of the process's network namespace,
 * not only its own (docs/formats.md section 11), so a listener belongs to the process
 * only when its inode is one of /proc/PID/fd's socket:[N] links. When the
 * process shares our network namespace, the LISTEN rows come from
 * sock_diag netlink instead (what ss uses: the kernel skips established
 * connections, and it tells the backlog and IPV6_V6ONLY); /proc/PID/net is
 * the fallback and the only way into another namespace.
 *
 * procnet_parse() is pure (tests, fuzzers); the rest reads /proc with size
 * caps. Results are owned by the caller: procnet_table_free() and
 * procnet_listeners_free() accept NULL. Addresses are stored in network byte order;
 * ports in host order. */
#ifndef GOTRIAGE_PROCNET_H
#define GOTRIAGE_PROCNET_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "collectors/base/common.h"

#define PROCNET_FILE_CAP (64 * MIB) /* one tcp/tcp6 file */
#define PROCNET_ADDR_LEN 64	    /* "[ffff:...:ffff]:65535" fits */

enum procnet_state {
	PROCNET_ESTABLISHED = 0x01,
	PROCNET_SYN_SENT = 0x02,
	PROCNET_SYN_RECV = 0x03,
	PROCNET_FIN_WAIT1 = 0x04,
	PROCNET_FIN_WAIT2 = 0x05,
	PROCNET_TIME_WAIT = 0x06,
	PROCNET_CLOSE = 0x07,
	PROCNET_CLOSE_WAIT = 0x08,
	PROCNET_LAST_ACK = 0x09,
	PROCNET_LISTEN = 0x0A,
	PROCNET_CLOSING = 0x0B,
};

/* One row of /proc/net/tcp{,6}. */
struct procnet_sock {
	int family;		      /* AF_INET or AF_INET6 */
	uint8_t laddr[16], raddr[16]; /* network order; IPv4 uses the first 4 */
	uint16_t lport, rport;	      /* host order */
	int state;		      /* enum procnet_state */
	unsigned long tx_queue, rx_queue;
	unsigned long uid;
	unsigned long long inode;
	long backlog; /* LISTEN via sock_diag: ss's Send-Q; -1 from /proc */
	int v6only;   /* via sock_diag for IPv6; -1 unknown */
};

struct procnet_table {
	struct procnet_sock *v;
	size_t n, cap;
	size_t skipped; /* malformed lines ignored */
	int truncated;	/* the file was larger than the cap */
};

/* Appends the rows of one tcp (family AF_INET) or tcp6 (AF_INET6) file to
 * out (which starts zeroed). The header line and malformed lines are
 * skipped (counted in out->skipped). Returns 0, or -1 with *cause for a bad
 * family. */
int procnet_parse(const char *buf, size_t len, int family, struct procnet_table *out, char **cause);
/* Reads one file (e.g. "/proc/net/tcp6") into out; a missing file (no IPv6)
 * is not an error. */
int procnet_load(const char *path, int family, struct procnet_table *out, char **cause);
void procnet_table_free(struct procnet_table *t);

/* One listening socket of the process. */
struct listener {
	int family;
	uint8_t addr[16];
	uint16_t port;
	unsigned long rx_queue; /* for LISTEN: connections waiting in accept */
	unsigned long tx_queue; /* /proc's tx_queue column */
	long backlog;		/* ss's Send-Q for LISTEN (sock_diag), -1 unknown */
	int v6only;		/* IPv6: 1 v6 only, 0 dual-stack, -1 unknown */
	unsigned long long inode;
	int fd;				/* the process's fd number, -1 if unknown */
	char local[PROCNET_ADDR_LEN];	/* formatted as ss does */
	char url[PROCNET_ADDR_LEN + 8]; /* "http://127.0.0.1:6060" (wildcards -> loopback) */
};

/* Formats a local address as `ss -ltn` prints it: "127.0.0.1:6060",
 * "0.0.0.0:8080", "[::1]:6060", "[::]:8080" for an IPv6-only wildcard and
 * "*:8080" for a dual-stack one (dualstack = 1: IPV6_V6ONLY off, which
 * /proc does not show; procnet_listeners_for_pid() asks sock_diag).
 * Returns dst. */
char *procnet_format_addr(int family, const uint8_t addr[16], uint16_t port, int dualstack,
			  char *dst, size_t n);
/* A sockaddr to connect to this listener: wildcards become loopback. */
void procnet_connect_addr(const struct listener *l, struct sockaddr_storage *ss, socklen_t *len);

struct listeners {
	int pid;
	double collected;   /* now_wall() */
	struct listener *v; /* sorted by family then port */
	size_t n;
	size_t skipped; /* malformed /proc lines */
};

/* The process's own LISTEN sockets, IPv4 and IPv6. Fails (-1) when the
 * process is gone or its fd table is unreadable (with a message saying to
 * run as the service's user or root). */
int procnet_listeners_for_pid(int pid, struct listeners **out, char **cause);
void procnet_listeners_free(struct listeners *l);

/* Which process listens on TCP `port` (any address of our namespace):
 * scans /proc/<pid>/fd of every process. Returns 0 with *pid set, or -1 with
 * *cause ("nothing listens on port N" / "owned by a process we cannot read:
 * run as root"). */
int procnet_pid_for_port(uint16_t port, int *pid, char **cause);

/* The listeners as a JSON array. */
struct cJSON *procnet_listeners_to_json(const struct listeners *l);

#endif
