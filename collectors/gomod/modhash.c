/* modhash.c: dirhash Hash1 over go.mod bytes and module zips; escaping. */
#include "modhash.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collectors/base/common.h"
#include "collectors/base/lazylib.h"

/* libcrypto, loaded on first use; it ships with every Debian that has
 * libcurl, so failing to load it is an installation error. No cache of
 * our own: modstate.c hashes on several threads at once, and
 * lazylib_crypto() already loads once (pthread_once) and is cheap after. */
static const struct crypto_api *crypto(void)
{
	const struct crypto_api *c;
	const char *why = NULL;

	if ((c = lazylib_crypto(&why)) == NULL)
		fatal("%s", why);
	return c;
}

static EVP_MD_CTX *sha_new(void)
{
	EVP_MD_CTX *c = crypto()->md_ctx_new();

	if (c == NULL || crypto()->digest_init_ex(c, crypto()->sha256(), NULL) != 1)
		fatal("OpenSSL: cannot start SHA-256");
	return c;
}

static void sha_hex(EVP_MD_CTX *c, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0;
	static const char digits[] = "0123456789abcdef";

	crypto()->digest_final_ex(c, md, &n);
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

/* Appends one summary line to the outer hash. */
static void summary_line(EVP_MD_CTX *outer, const char hex[65], const char *name)
{
	crypto()->digest_update(outer, hex, 64);
	crypto()->digest_update(outer, "  ", 2);
	crypto()->digest_update(outer, name, strlen(name));
	crypto()->digest_update(outer, "\n", 1);
}

static char *finish_h1(EVP_MD_CTX *outer)
{
	unsigned char md[32];
	unsigned int n = 0;
	char b64[48];

	crypto()->digest_final_ex(outer, md, &n);
	crypto()->encode_block((unsigned char *)b64, md, 32);
	return xasprintf("h1:%s", b64);
}

struct named {
	const char *name;
	size_t idx;
};

static int named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

char *modhash_h1(const char *const *names, const void *const *data, const size_t *lens, size_t n,
		 char **cause)
{
	struct named *order = xcalloc(n, sizeof *order);
	EVP_MD_CTX *outer = sha_new();
	char hex[65], *h;

	for (size_t i = 0; i < n; i++) {
		if (strchr(names[i], '\n') != NULL) {
			free(order);
			crypto()->md_ctx_free(outer);
			err_set(cause, "dirhash: filenames with newlines are not supported");
			return NULL;
		}
		order[i].name = names[i];
		order[i].idx = i;
	}
	qsort(order, n, sizeof *order, named_cmp);
	for (size_t i = 0; i < n; i++) {
		EVP_MD_CTX *f = sha_new();

		crypto()->digest_update(f, data[order[i].idx], lens[order[i].idx]);
		sha_hex(f, hex);
		crypto()->md_ctx_free(f);
		summary_line(outer, hex, order[i].name);
	}
	h = finish_h1(outer);
	crypto()->md_ctx_free(outer);
	free(order);
	return h;
}

char *modhash_h1_gomod(const void *data, size_t len)
{
	const char *name = "go.mod";
	const void *d = data ? data : "";

	return modhash_h1(&name, &d, &len, 1, NULL);
}

int modhash_h1_mod_file(const char *path, char **h1, char **cause)
{
	struct buf b;
	int trunc = 0;

	*h1 = NULL;
	buf_init(&b);
	if (read_file_capped(path, MODHASH_MAX_MOD_BYTES, &b, &trunc, cause) < 0) {
		buf_free(&b);
		return -1;
	}
	if (trunc) {
		buf_free(&b);
		return err_set(cause, "%s: over the %zu MiB cap", path,
			       MODHASH_MAX_MOD_BYTES >> 20);
	}
	*h1 = modhash_h1_gomod(b.data, b.len);
	buf_free(&b);
	return 0;
}

int modhash_h1_zip(const char *path, char **h1, char **cause)
{
	const struct zip_api *Z; /* per call: several threads hash at once */
	const char *why = NULL;
	int zerr = 0;
	zip_t *z;
	zip_int64_t n;
	struct named *order = NULL;
	EVP_MD_CTX *outer = NULL;
	size_t total = 0;
	struct stat st;
	/* On the heap, not __thread: a TLS array is allocated and zeroed for
	 * every thread the program starts, hashing or not. */
	enum { CHUNK = 1 << 16 };
	char *chunk = NULL;
	int rc = -1;

	*h1 = NULL;
	/* What libzip reads into memory (the central directory) is bounded by
	 * the file: a regular file, at most Go's own 500 MiB (modzip.MaxZipFile). */
	if (stat(path, &st) != 0)
		return err_set(cause, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(cause, "%s: not a regular file", path);
	if ((unsigned long long)st.st_size > MODHASH_MAX_ZIP_BYTES)
		return err_set(cause, "%s: a module zip over %zu MiB (Go refuses it too)", path,
			       MODHASH_MAX_ZIP_BYTES >> 20);
	if ((Z = lazylib_zip(&why)) == NULL)
		return err_set(cause, "%s: %s", path, why);
	z = Z->open(path, ZIP_RDONLY, &zerr);
	if (z == NULL) {
		zip_error_t e;

		Z->error_init_with_code(&e, zerr);
		err_set(cause, "%s: %s", path, Z->error_strerror(&e));
		Z->error_fini(&e);
		return -1;
	}
	n = Z->get_num_entries(z, 0);
	if (n < 0)
		n = 0;
	order = xcalloc((size_t)n + 1, sizeof *order);
	for (zip_int64_t i = 0; i < n; i++) {
		/* Raw bytes: Go's archive/zip never converts CP437 names. */
		const char *name = Z->get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW);

		if (name == NULL) {
			err_set(cause, "%s: entry %lld: %s", path, (long long)i, Z->strerror(z));
			goto out;
		}
		if (strchr(name, '\n') != NULL) {
			err_set(cause, "dirhash: filenames with newlines are not supported");
			goto out;
		}
		order[i].name = name;
		order[i].idx = (size_t)i;
	}
	qsort(order, (size_t)n, sizeof *order, named_cmp);
	outer = sha_new();
	chunk = xmalloc(CHUNK);
	for (zip_int64_t i = 0; i < n; i++) {
		/* Go maps names to entries, so a duplicated name reads the last one. */
		size_t idx = order[i].idx;
		zip_int64_t j = i;

		while (j + 1 < n && strcmp(order[j + 1].name, order[i].name) == 0)
			j++;
		idx = order[j].idx;

		zip_file_t *f = Z->fopen_index(z, idx, 0);
		EVP_MD_CTX *fc;
		char hex[65];

		if (f == NULL) {
			err_set(cause, "%s: %s: %s", path, order[i].name, Z->strerror(z));
			goto out;
		}
		fc = sha_new();
		for (;;) {
			zip_int64_t got = Z->fread(f, chunk, CHUNK);

			if (got < 0) {
				err_set(cause, "%s: %s: %s", path, order[i].name,
					Z->error_strerror(Z->file_get_error(f)));
				Z->fclose(f);
				crypto()->md_ctx_free(fc);
				goto out;
			}
			if (got == 0)
				break;
			total += (size_t)got;
			if (total > MODHASH_MAX_ZIP_BYTES) {
				err_set(cause, "%s: more than %zu MiB uncompressed", path,
					MODHASH_MAX_ZIP_BYTES >> 20);
				Z->fclose(f);
				crypto()->md_ctx_free(fc);
				goto out;
			}
			crypto()->digest_update(fc, chunk, (size_t)got);
		}
		Z->fclose(f);
		sha_hex(fc, hex);
		crypto()->md_ctx_free(fc);
		summary_line(outer, hex, order[i].name);
	}
	*h1 = finish_h1(outer);
	rc = 0;
out:
	if (outer != NULL)
		crypto()->md_ctx_free(outer);
	free(chunk);
	free(order);
	Z->discard(z);
	return rc;
}

int modhash_read_ziphash(const char *path, char **h1, char **cause)
{
	struct buf b;

	*h1 = NULL;
	buf_init(&b);
	if (read_file_capped(path, 4096, &b, NULL, cause) < 0) {
		buf_free(&b);
		return -1;
	}
	char *t = str_trim(b.data ? b.data : (char *)"");

	if (!str_has_prefix(t, "h1:")) {
		err_set(cause, "%s: unexpected ziphash: \"%.80s\"", path, t);
		buf_free(&b);
		return -1;
	}
	*h1 = xstrdup(t);
	buf_free(&b);
	return 0;
}

static int escape(const char *s, const char *what, char **out, char **cause)
{
	struct buf b;

	*out = NULL;
	if (s == NULL || *s == '\0')
		return err_set(cause, "empty %s", what);
	buf_init(&b);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '!' || *p >= 0x80 || *p < 0x20 || *p == 0x7f) {
			buf_free(&b);
			return err_set(cause, "invalid %s: character %s", what,
				       *p == '!' ? "'!'" : "outside printable ASCII");
		}
		if (*p >= 'A' && *p <= 'Z') {
			buf_addc(&b, '!');
			buf_addc(&b, (char)(*p + ('a' - 'A')));
		} else {
			buf_addc(&b, (char)*p);
		}
	}
	*out = buf_steal(&b);
	return 0;
}

int modhash_escape_path(const char *path, char **out, char **cause)
{
	if (path != NULL && (path[0] == '/' || strstr(path, "..") != NULL)) {
		*out = NULL;
		return err_set(cause, "malformed module path \"%s\"", path);
	}
	return escape(path, "module path", out, cause);
}

int modhash_escape_version(const char *version, char **out, char **cause)
{
	if (version != NULL && strchr(version, '/') != NULL) {
		*out = NULL;
		return err_set(cause, "invalid version \"%s\"", version);
	}
	return escape(version, "version", out, cause);
}

int modhash_unescape_path(const char *e, char **out, char **cause)
{
	struct buf b;

	*out = NULL;
	buf_init(&b);
	for (const unsigned char *p = (const unsigned char *)e; *p; p++) {
		if (*p == '!') {
			if (p[1] < 'a' || p[1] > 'z')
				goto bad;
			buf_addc(&b, (char)(p[1] - ('a' - 'A')));
			p++;
		} else if ((*p >= 'A' && *p <= 'Z') || *p >= 0x80) {
			goto bad;
		} else {
			buf_addc(&b, (char)*p);
		}
	}
	*out = buf_steal(&b);
	if (*out == NULL)
		*out = xstrdup("");
	return 0;
bad:
	buf_free(&b);
	return err_set(cause, "invalid escaped module path \"%s\"", e);
}

char *modhash_cache_file(const char *gomodcache, const char *path, const char *version,
			 const char *ext, char **cause)
{
	char *ep, *ev, *r;

	if (modhash_escape_path(path, &ep, cause) < 0)
		return NULL;
	if (modhash_escape_version(version, &ev, cause) < 0) {
		free(ep);
		return NULL;
	}
	r = xasprintf("%s/cache/download/%s/@v/%s.%s", gomodcache, ep, ev, ext);
	free(ep);
	free(ev);
	return r;
}
