/* modhash.h: Go's h1: hashes and module-cache paths, without the go tool.
 *
 * Hash1 (golang.org/x/mod/sumdb/dirhash, docs/formats.md section 6): sort the
 * file names bytewise; for each, one line "<hex sha256 of content>  <name>\n";
 * the result is "h1:" + base64(sha256(all lines)). A go.mod hash is Hash1
 * over one file named "go.mod"; a zip hash is Hash1 over the zip's entry
 * names (raw bytes, "<module>@<version>/..." unescaped) and uncompressed
 * contents; compression, order and timestamps do not count. SHA-256 comes
 * from OpenSSL's EVP, zip reading and inflating from libzip.
 *
 * Cache paths follow module.EscapePath: each ASCII capital becomes '!' and
 * its lower case; '!' and non-ASCII are refused. Every returned string is
 * malloc'd and owned by the caller. */
#ifndef GOTRIAGE_MODHASH_H
#define GOTRIAGE_MODHASH_H

#include <stddef.h>

/* Go refuses module zips over 500 MiB; so do we, uncompressed. */
#define MODHASH_MAX_ZIP_BYTES ((size_t)500 * 1024 * 1024)
#define MODHASH_MAX_MOD_BYTES ((size_t)16 * 1024 * 1024)

/* Hash1 over (names[i], data[i], lens[i]). Returns NULL (with *cause) when
 * a name contains a newline, as dirhash does. */
char *modhash_h1(const char *const *names, const void *const *data, const size_t *lens, size_t n,
		 char **cause);
/* Hash1 over a single file called "go.mod". */
char *modhash_h1_gomod(const void *data, size_t len);
/* Reads a .mod file (capped) and hashes it. Returns 0 or -1. */
int modhash_h1_mod_file(const char *path, char **h1, char **cause);
/* Hashes a module zip. Returns 0 or -1 (unreadable, corrupt, CRC error,
 * over the size cap, a name with a newline). */
int modhash_h1_zip(const char *path, char **h1, char **cause);
/* Reads a .ziphash file: its trimmed content, which must start "h1:". */
int modhash_read_ziphash(const char *path, char **h1, char **cause);

int modhash_escape_path(const char *path, char **out, char **cause);
int modhash_escape_version(const char *version, char **out, char **cause);
int modhash_unescape_path(const char *escaped, char **out, char **cause);

/* "$GOMODCACHE/cache/download/<escaped path>/@v/<escaped version>.<ext>"
 * (ext "mod", "zip", "ziphash", "info"), or NULL with *cause. */
char *modhash_cache_file(const char *gomodcache, const char *path, const char *version,
			 const char *ext, char **cause);

#endif
