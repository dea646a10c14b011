/* fuzz_semver.c: libFuzzer target for semver (golang.org/x/mod/semver's
 * rules) and Go version comparison. The input is split at its first NUL
 * into two versions. Properties: compare is antisymmetric and reflexive,
 * a canonical form is valid and canonical again, and an invalid version
 * has no canonical form. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/base/semver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sign(int x)
{
	return x < 0 ? -1 : x > 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, '\0', size);
	size_t na = nul != NULL ? (size_t)(nul - (const char *)data) : size;
	char *a = xstrndup((const char *)data, na);
	char *b = nul != NULL ? xstrndup(nul + 1, size - na - 1) : xstrdup("v1.0.0");
	char *ca = semver_canonical(a);

	if (semver_valid(a)) {
		char *cc;

		if (ca == NULL || !semver_valid(ca))
			abort();
		cc = semver_canonical(ca);
		if (cc == NULL || strcmp(cc, ca) != 0)
			abort();
		free(cc);
		if (semver_compare(a, a) != 0)
			abort();
	} else if (ca != NULL && ca[0] != '\0') {
		abort();
	}
	if (sign(semver_compare(a, b)) != -sign(semver_compare(b, a)))
		abort();
	if (sign(semver_go_compare(a, b)) != -sign(semver_go_compare(b, a)))
		abort();
	(void)semver_go_valid(a);
	free(ca);
	free(a);
	free(b);
	return 0;
}
