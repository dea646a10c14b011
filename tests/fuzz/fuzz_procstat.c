/* libFuzzer target: /proc/PID/stat, /proc/stat btime, status Uid and fd
 * link parsers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/proc/procfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct procfs_stat st;
	long long bt;
	uid_t u, e;
	unsigned long long ino;
	struct strlist l = {0};
	char *cause = NULL;

	if (procfs_parse_stat(s, size, &st, &cause) == 0 && st.comm[sizeof st.comm - 1] != '\0')
		abort();
	free(cause);
	cause = NULL;
	procfs_parse_btime(s, size, &bt, &cause);
	free(cause);
	cause = NULL;
	procfs_parse_status_uid(s, size, &u, &e, &cause);
	free(cause);
	procfs_parse_socket_link(s, size, &ino);
	procfs_split_nul(s, size > 4096 ? 4096 : size, &l);
	strlist_free(&l);
	return 0;
}
