/* fuzz_modvendor.c: libFuzzer target for vendor consistency (Go's
 * modload/vendor.go rules): the input is split at its first NUL into a
 * go.mod and a vendor/modules.txt, both parsed, then checked against each
 * other the way `go build` would. A message must come with problem lines
 * and start with Go's text; no message, no lines. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/gomod/modvendor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nul = memchr(data, '\0', size);
	size_t na = nul != NULL ? (size_t)(nul - s) : size;
	struct gomod mod;
	struct modtxt vt;
	struct strlist lines = {0};
	const char *roots[1] = {"/fuzz/app"}, *reason = NULL;
	const struct gomod *mods[1];
	char *cause = NULL, *msg;
	int expl = 0;

	memset(&mod, 0, sizeof mod);
	memset(&vt, 0, sizeof vt);
	if (gomod_parse(s, na, &mod, &cause) != 0) {
		free(cause);
		return 0;
	}
	free(cause);
	cause = NULL;
	if (modtxt_parse(nul != NULL ? nul + 1 : "", nul != NULL ? size - na - 1 : 0, &vt,
			 &cause) != 0) {
		free(cause);
		gomod_free(&mod);
		return 0;
	}
	mods[0] = &mod;
	msg = modvendor_check(mods, roots, 1, NULL, NULL, &vt, "/fuzz/app", &lines);
	if ((msg != NULL) != (lines.n > 0))
		abort();
	if (msg != NULL && strncmp(msg, "go: inconsistent vendoring", 26) != 0)
		abort();
	(void)modvendor_buildmod(NULL, 0, mod.go, 1, 0, &reason, &expl);
	free(msg);
	strlist_free(&lines);
	modtxt_free(&vt);
	gomod_free(&mod);
	return 0;
}
