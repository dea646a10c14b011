/* ssh_dest.c: parsing an --ssh destination (contract in ssh.h). Apart
 * from ssh.c: the transport is long enough without it. */
#include "ssh.h"

#include <stdlib.h>
#include <string.h>

void ssh_dest_clear(struct ssh_dest *d)
{
	free(d->user);
	free(d->host);
	memset(d, 0, sizeof *d);
}

static int host_ok(const char *h)
{
	if (h[0] == '\0' || h[0] == '-')
		return 0;
	return h[strspn(h,
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:%")] ==
	       '\0';
}

int ssh_dest_parse(const char *s, struct ssh_dest *d, char **cause)
{
	const char *at = strrchr(s, '@'), *h = at ? at + 1 : s, *colon;
	char *host;

	memset(d, 0, sizeof *d);
	if (at != NULL) {
		d->user = xstrndup(s, (size_t)(at - s));
		if (d->user[0] == '\0' || d->user[0] == '-' ||
		    d->user[strspn(d->user, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					    "0123456789._-$")] != '\0') {
			ssh_dest_clear(d);
			return err_set(cause, "--ssh %s: not a user name before '@'", s);
		}
	}
	if (h[0] == '[') { /* [v6]:port */
		const char *e = strchr(h, ']');

		if (e == NULL) {
			ssh_dest_clear(d);
			return err_set(cause, "--ssh %s: unclosed '['", s);
		}
		host = xstrndup(h + 1, (size_t)(e - h - 1));
		colon = e[1] == ':' ? e + 1 : NULL;
		if (e[1] != '\0' && colon == NULL) {
			free(host);
			ssh_dest_clear(d);
			return err_set(cause, "--ssh %s: junk after ']'", s);
		}
	} else {
		colon = strchr(h, ':');
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			colon = NULL; /* a bare IPv6 address */
		host = colon ? xstrndup(h, (size_t)(colon - h)) : xstrdup(h);
	}
	if (!host_ok(host)) {
		free(host);
		ssh_dest_clear(d);
		return err_set(cause, "--ssh %s: not a host name; pass [USER@]HOST[:PORT]", s);
	}
	d->host = host;
	if (colon != NULL) {
		char *end;
		long port = strtol(colon + 1, &end, 10);

		if (*end != '\0' || port <= 0 || port > 65535) {
			ssh_dest_clear(d);
			return err_set(cause, "--ssh %s: bad port", s);
		}
		d->port = (int)port;
	}
	return 0;
}
