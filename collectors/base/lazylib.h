/* lazylib.h: libcrypto (SHA-256, base64) and libzip, loaded with dlopen
 * the first time a module hash is computed.
 *
 * Only collectors/gomod/modhash.c needs them, yet linking them made every start
 * of gotriage about 1 ms slower (measured: 2.5 ms vs 1.4 ms for an empty
 * program), which matters for the offline subcommands that compete with
 * `go version -m` and `ss`. Same pattern as curlso.h. Thread-safe. */
#ifndef GOTRIAGE_LAZYLIB_H
#define GOTRIAGE_LAZYLIB_H

#include <openssl/evp.h>
#include <zip.h>

struct crypto_api {
	EVP_MD_CTX *(*md_ctx_new)(void);
	void (*md_ctx_free)(EVP_MD_CTX *c);
	const EVP_MD *(*sha256)(void);
	int (*digest_init_ex)(EVP_MD_CTX *c, const EVP_MD *t, ENGINE *e);
	int (*digest_update)(EVP_MD_CTX *c, const void *d, size_t n);
	int (*digest_final_ex)(EVP_MD_CTX *c, unsigned char *md, unsigned int *s);
	int (*encode_block)(unsigned char *t, const unsigned char *f, int n);
};

struct zip_api {
	zip_t *(*open)(const char *path, int flags, int *errorp);
	void (*discard)(zip_t *z);
	zip_int64_t (*get_num_entries)(zip_t *z, zip_flags_t flags);
	const char *(*get_name)(zip_t *z, zip_uint64_t idx, zip_flags_t flags);
	zip_file_t *(*fopen_index)(zip_t *z, zip_uint64_t idx, zip_flags_t flags);
	zip_int64_t (*fread)(zip_file_t *f, void *buf, zip_uint64_t n);
	int (*fclose)(zip_file_t *f);
	zip_error_t *(*file_get_error)(zip_file_t *f);
	const char *(*strerror)(zip_t *z);
	void (*error_init_with_code)(zip_error_t *e, int code);
	const char *(*error_strerror)(zip_error_t *e);
	void (*error_fini)(zip_error_t *e);
};

/* NULL with *why (static text) when the library cannot be loaded. */
const struct crypto_api *lazylib_crypto(const char **why);
const struct zip_api *lazylib_zip(const char **why);

#endif
