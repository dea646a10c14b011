/* libFuzzer target: goenv_resolve() over a hostile environ block, env file
 * and go.env, plus the GOFLAGS and pattern helpers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/gomod/goenv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Split the input in three: environ block | env file | go.env. */
	size_t a = size / 3, b = 2 * size / 3;
	char *file = malloc(b - a + 1), *groot = malloc(size - b + 1);
	struct goenv_input in = {0};
	struct goenv e;

	memcpy(file, data + a, b - a);
	file[b - a] = '\0';
	memcpy(groot, data + b, size - b);
	groot[size - b] = '\0';
	in.pid = 1;
	in.proc_environ = (const char *)data;
	in.proc_len = a;
	in.env_file_path = "/fuzz/env";
	in.env_file_text = file;
	in.env_file_len = b - a;
	in.goroot = "/fuzz/goroot";
	in.goroot_env_text = groot;
	in.goroot_env_len = size - b;
	goenv_resolve(&in, &e);
	free(goenv_goflag(file, "mod"));
	goenv_match_patterns(file, groot);
	goenv_free(&e);
	free(file);
	free(groot);
	return 0;
}
