/* Fuzz target: the build-constraint parser and evaluator. The first byte
 * picks the entry point; the rest is the input. Parsing a //go:build
 * expression must either fail with a message or yield a tree whose
 * printed form parses again to the same value and prints the same. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/repo/buildconstraint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buildconstraint_ctx c;
	struct buildconstraint_expr x, y;
	struct buildconstraint_result r;
	struct buf term, why;
	const char *s = (const char *)data + 1;
	size_t n = size > 0 ? size - 1 : 0;
	char *cause = NULL;

	if (size == 0)
		return 0;
	buildconstraint_ctx_init(&c, (data[0] & 1) ? "linux" : "windows",
				 (data[0] & 2) ? "amd64" : "arm64", 17 + (data[0] >> 4));
	c.cgo = (data[0] >> 2) & 1;
	buildconstraint_ctx_add_tags(&c, "prod,netgo");
	buf_init(&term);
	buf_init(&why);
	switch ((data[0] >> 3) & 1) {
	case 0:
		if (buildconstraint_parse_expr(s, n, &x, &cause) == 0) {
			char *str = buildconstraint_expr_string(&x);
			int v1 = buildconstraint_eval(&x, &c, &term, &why), v2;

			/* What we print must parse back to the same value, unless
			 * the added spaces and parentheses cross the size or depth
			 * caps. */
			if (buildconstraint_parse_expr(str, strlen(str), &y, &cause) == 0) {
				char *str2 = buildconstraint_expr_string(&y);

				v2 = buildconstraint_eval(&y, &c, NULL, NULL);
				if (v1 != v2)
					abort();
				/* parse -> print -> parse -> print is stable. */
				if (strcmp(str, str2) != 0)
					abort();
				free(str2);
			} else if (strlen(str) <= BUILDCONSTRAINT_MAX_LINE &&
				   strstr(cause, "too deeply") == NULL) {
				abort();
			}
			free(cause);
			cause = NULL;
			buildconstraint_expr_free(&y);
			free(str);
		} else if (cause == NULL) {
			abort();
		}
		buildconstraint_expr_free(&x);
		free(cause);
		break;
	case 1:
		buildconstraint_parse_plus(s, n, &x);
		buildconstraint_eval(&x, &c, &term, &why);
		buildconstraint_expr_free(&x);
		break;
	}
	/* The whole input as a file, with a name taken from its first bytes. */
	{
		char name[32];
		size_t k = n < 12 ? n : 12;

		memcpy(name, s, k);
		name[k] = '\0';
		for (size_t i = 0; i < k; i++)
			if (name[i] == '\0' || name[i] == '/')
				name[i] = '_';
		strcat(name, ".go");
		buildconstraint_file(name, s, n, data[0] & 32, &c, &r);
		free(buildconstraint_result_describe(&r));
		cJSON_Delete(buildconstraint_result_to_json(&r));
		buildconstraint_result_free(&r);
	}
	buf_free(&term);
	buf_free(&why);
	buildconstraint_ctx_free(&c);
	return 0;
}
