/* lazylib.c: load libcrypto and libzip on first use (see lazylib.h). */
#include "lazylib.h"

#include <dlfcn.h>
#include <pthread.h>

static struct crypto_api crypto;
static const struct crypto_api *crypto_loaded;
static const char *crypto_error;
static pthread_once_t crypto_once = PTHREAD_ONCE_INIT;

static struct zip_api zipl;
static const struct zip_api *zip_loaded;
static const char *zip_error;
static pthread_once_t zip_once = PTHREAD_ONCE_INIT;

/* dlsym returns void *; POSIX guarantees it converts to a function pointer. */
#define LOAD(h, api, field, name, err)                                                             \
	do {                                                                                       \
		void *sym = dlsym(h, name);                                                        \
		if (sym == NULL) {                                                                 \
			err = "lacks " name;                                                       \
			return;                                                                    \
		}                                                                                  \
		*(void **)(&(api).field) = sym;                                                    \
	} while (0)

static void load_crypto(void)
{
	void *h = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		crypto_error = "cannot load libcrypto.so.3 (apt-get install libssl3)";
		return;
	}
	LOAD(h, crypto, md_ctx_new, "EVP_MD_CTX_new", crypto_error);
	LOAD(h, crypto, md_ctx_free, "EVP_MD_CTX_free", crypto_error);
	LOAD(h, crypto, sha256, "EVP_sha256", crypto_error);
	LOAD(h, crypto, digest_init_ex, "EVP_DigestInit_ex", crypto_error);
	LOAD(h, crypto, digest_update, "EVP_DigestUpdate", crypto_error);
	LOAD(h, crypto, digest_final_ex, "EVP_DigestFinal_ex", crypto_error);
	LOAD(h, crypto, encode_block, "EVP_EncodeBlock", crypto_error);
	crypto_loaded = &crypto;
}

static void load_zip(void)
{
	void *h = dlopen("libzip.so.4", RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		zip_error = "cannot load libzip.so.4 (apt-get install libzip4)";
		return;
	}
	LOAD(h, zipl, open, "zip_open", zip_error);
	LOAD(h, zipl, discard, "zip_discard", zip_error);
	LOAD(h, zipl, get_num_entries, "zip_get_num_entries", zip_error);
	LOAD(h, zipl, get_name, "zip_get_name", zip_error);
	LOAD(h, zipl, fopen_index, "zip_fopen_index", zip_error);
	LOAD(h, zipl, fread, "zip_fread", zip_error);
	LOAD(h, zipl, fclose, "zip_fclose", zip_error);
	LOAD(h, zipl, file_get_error, "zip_file_get_error", zip_error);
	LOAD(h, zipl, strerror, "zip_strerror", zip_error);
	LOAD(h, zipl, error_init_with_code, "zip_error_init_with_code", zip_error);
	LOAD(h, zipl, error_strerror, "zip_error_strerror", zip_error);
	LOAD(h, zipl, error_fini, "zip_error_fini", zip_error);
	zip_loaded = &zipl;
}

const struct crypto_api *lazylib_crypto(const char **why)
{
	pthread_once(&crypto_once, load_crypto);
	if (crypto_loaded == NULL && why != NULL)
		*why = crypto_error;
	return crypto_loaded;
}

const struct zip_api *lazylib_zip(const char **why)
{
	pthread_once(&zip_once, load_zip);
	if (zip_loaded == NULL && why != NULL)
		*why = zip_error;
	return zip_loaded;
}
