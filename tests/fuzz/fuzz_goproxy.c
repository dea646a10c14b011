/* fuzz_goproxy.c: libFuzzer target for GOPROXY/GONOPROXY parsing as the go
 * command reads them (cmd/go/internal/modfetch/proxy.go: entries split on
 * ',' and '|', "direct", "off", URLs). The input is split at its first
 * NUL into GOPROXY and GONOPROXY; GONOPROXY globs are matched against a
 * module path from the input too. Nothing is fetched. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/gomod/goenv.h"
#include "collectors/net/proxyprobe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, '\0', size);
	size_t na = nul != NULL ? (size_t)(nul - (const char *)data) : size;
	char *goproxy = xstrndup((const char *)data, na);
	char *gonoproxy = nul != NULL ? xstrndup(nul + 1, size - na - 1) : xstrdup("");
	struct proxyprobe p;
	char *cause = NULL;
	int rc;

	memset(&p, 0, sizeof p);
	rc = proxyprobe_parse(goproxy, gonoproxy, &p, &cause);
	if (rc != 0 && cause == NULL)
		abort();
	if (p.n > na + 2)
		abort(); /* more entries than separators (+ noproxy) */
	for (size_t i = 0; i < p.n; i++)
		(void)proxyprobe_outcome_name(p.v[i].outcome);
	(void)goenv_match_patterns(gonoproxy, goproxy);
	proxyprobe_free(&p);
	free(cause);
	free(goproxy);
	free(gonoproxy);
	return 0;
}
