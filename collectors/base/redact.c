/* redact.c: mask secrets before anything is shown or recorded. */
#include "redact.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "common.h"

extern char **environ;

/* The learned values: appended by the worker thread (a collection that
 * finds a URL password), read by the main thread; one lock for both. */
static struct strlist secrets;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Anywhere in a name. */
static const char *const strong_words[] = {
    "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "DSN", "APIKEY",
};
/* Anywhere in an upper-case (environment) name; only as a whole word
 * (between start, end, '_', '-', '.') in a lower-case one, so GODEBUG
 * settings such as x509keypairleaf or httpcookiemaxnum stay readable. */
static const char *const weak_words[] = {
    "KEY", "AUTH", "COOKIE", "SESSION", "PRIVATE", "PWD_HASH",
};
/* Header names that carry credentials whatever their case. */
static const char *const secret_headers[] = {
    "AUTHORIZATION", "PROXY-AUTHORIZATION", "COOKIE", "SET-COOKIE", "X-API-KEY", "X-AUTH-TOKEN",
};
/* Only as a whole word: DB_PASS, GITHUB_PAT, but not PATH or PASSIVE. */
static const char *const word_only[] = {"PASS", "PAT"};

static int is_sep(char c)
{
	return c == '\0' || c == '_' || c == '-' || c == '.';
}

static int has_word(const char *up, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strstr(up, w); p != NULL; p = strstr(p + 1, w))
		if ((p == up || is_sep(p[-1])) && is_sep(p[n]))
			return 1;
	return 0;
}

int redact_is_secret_name(const char *name)
{
	char up[256];
	size_t i;
	int lower = 1;

	/* Flags name secrets too: --api-token, -password. */
	while (*name == '-')
		name++;
	for (i = 0; name[i] != '\0' && name[i] != '=' && i < sizeof up - 1; i++) {
		if (isupper((unsigned char)name[i]))
			lower = 0;
		up[i] = (char)toupper((unsigned char)name[i]);
	}
	up[i] = '\0';
	/* HTTP/2 and many logs write header names in lower case. */
	for (i = 0; i < ARRAY_LEN(secret_headers); i++)
		if (strcmp(up, secret_headers[i]) == 0)
			return 1;
	for (i = 0; i < ARRAY_LEN(word_only); i++)
		if (has_word(up, word_only[i]))
			return 1;
	for (i = 0; i < ARRAY_LEN(strong_words); i++)
		if (strstr(up, strong_words[i]) != NULL)
			return 1;
	/* GOPRIVATE holds module patterns, not secrets. */
	if (strcmp(up, "GOPRIVATE") == 0 || strcmp(up, "GONOSUMDB") == 0 ||
	    strcmp(up, "GONOPROXY") == 0 || strcmp(up, "XDG_SESSION_ID") == 0 ||
	    strcmp(up, "XDG_SESSION_TYPE") == 0 || strcmp(up, "XDG_SESSION_CLASS") == 0)
		return 0;
	for (i = 0; i < ARRAY_LEN(weak_words); i++)
		if (lower ? has_word(up, weak_words[i]) : strstr(up, weak_words[i]) != NULL)
			return 1;
	return 0;
}

static void learn_urls(const char *s);

static void register_locked(const char *value, size_t n)
{
	if (n < 4)
		return;
	for (size_t i = 0; i < secrets.n; i++)
		if (strlen(secrets.v[i]) == n && memcmp(secrets.v[i], value, n) == 0)
			return;
	{
		char *v = xstrndup(value, n);

		strlist_add(&secrets, v);
		free(v);
	}
}

void redact_register_value(const char *value)
{
	if (value == NULL)
		return;
	pthread_mutex_lock(&lock);
	register_locked(value, strlen(value));
	pthread_mutex_unlock(&lock);
}

void redact_register_argv(const char *const *argv, size_t argc)
{
	for (size_t i = 0; i < argc; i++) {
		const char *a = argv[i], *eq;

		learn_urls(a);
		if (a[0] != '-' || !redact_is_secret_name(a))
			continue;
		if ((eq = strchr(a, '=')) != NULL)
			redact_register_value(eq + 1);
		else if (i + 1 < argc && argv[i + 1][0] != '-')
			redact_register_value(argv[++i]);
	}
}

static void mask_url_userinfo(struct buf *b);

/* Learns the userinfo of every URL in s (GOPROXY=https://TOKEN@host/). */
static void learn_urls(const char *s)
{
	struct buf b;

	if (strstr(s, "://") == NULL)
		return;
	buf_init(&b);
	buf_adds(&b, s);
	pthread_mutex_lock(&lock);
	mask_url_userinfo(&b);
	pthread_mutex_unlock(&lock);
	buf_free(&b);
}

static void register_pair(const char *pair)
{
	const char *eq = strchr(pair, '=');

	if (eq != NULL && eq != pair && redact_is_secret_name(pair))
		redact_register_value(eq + 1);
	else if (eq != NULL)
		learn_urls(eq + 1);
}

void redact_register_environ_block(const char *block, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t n = strnlen(block + i, len - i);
		char *pair = xstrndup(block + i, n);

		register_pair(pair);
		free(pair);
		i += n + 1;
	}
}

void redact_register_own_environ(void)
{
	for (char **e = environ; e != NULL && *e != NULL; e++)
		register_pair(*e);
}

void redact_reset(void)
{
	pthread_mutex_lock(&lock);
	strlist_free(&secrets);
	pthread_mutex_unlock(&lock);
}

/* A user name alone that is a plain short word (git, deploy) is kept; a
 * long or mixed one (a token used as the user) is masked. */
static int userinfo_is_plain_name(const char *s, size_t n)
{
	if (n > 12)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* Masks the password of scheme://user:pass@host URLs, and a user alone
 * that is not a plain name (https://TOKEN@proxy/); learns what it masked,
 * so the same value is masked wherever it appears later. */
static void mask_url_userinfo(struct buf *b)
{
	char *p = b->data;

	while ((p = strstr(p, "://")) != NULL) {
		char *start = p + 3, *q = start, *colon = NULL, *from = NULL;

		while (*q != '\0' && *q != '@' && *q != '/' && *q != ' ' && *q != '\t' &&
		       *q != '\n' && *q != '"' && *q != ',' && *q != '|') {
			if (*q == ':' && colon == NULL)
				colon = q;
			q++;
		}
		if (*q == '@' && colon != NULL && q > colon + 1)
			from = colon + 1;
		else if (*q == '@' && colon == NULL && q > start &&
			 !userinfo_is_plain_name(start, (size_t)(q - start)))
			from = start;
		if (from != NULL && strncmp(from, REDACTED, strlen(REDACTED)) != 0) {
			size_t off = (size_t)(from - b->data);
			struct buf nb;

			register_locked(from, (size_t)(q - from));
			buf_init(&nb);
			buf_add(&nb, b->data, off);
			buf_adds(&nb, REDACTED);
			buf_adds(&nb, q);
			buf_free(b);
			*b = nb;
			p = b->data + off + strlen(REDACTED);
		} else {
			p = start;
		}
	}
}

static size_t value_end(const char *s, size_t e, size_t n)
{
	while (e < n && s[e] != ' ' && s[e] != '\t' && s[e] != '\n' && s[e] != '"' && s[e] != ',' &&
	       s[e] != ';' && s[e] != '&')
		e++;
	return e;
}

/* HTTP authentication schemes (RFC 9110 11.1; IANA registry). */
static int is_auth_scheme(const char *w, size_t n)
{
	static const char *const schemes[] = {"Bearer",	   "Basic", "Digest", "Token",
					      "Negotiate", "NTLM",  "HOBA",   "Mutual"};

	for (size_t i = 0; i < ARRAY_LEN(schemes); i++)
		if (strlen(schemes[i]) == n && strncasecmp(w, schemes[i], n) == 0)
			return 1;
	return 0;
}

/* Go's *os.PathError and *os.LinkError read "OP PATH: ERR" (os, io/fs,
 * syscall; Go 1.19): after one of these words the name before ':' is a
 * file's, not a label. */
static int is_go_path_op(const char *w, size_t n)
{
	static const char *const ops[] = {
	    "open",    "create",     "stat",	     "lstat",	 "fstatat",   "read",
	    "readat",  "write",	     "writeat",	     "seek",	 "close",     "sync",
	    "chmod",   "chown",	     "lchown",	     "chdir",	 "chtimes",   "truncate",
	    "remove",  "unlinkat",   "readlink",     "mkdir",	 "mkdirtemp", "createtemp",
	    "readdir", "readdirent", "readdirnames", "openfdat", "link",      "rename",
	    "symlink",
	};

	for (size_t i = 0; i < ARRAY_LEN(ops); i++)
		if (strlen(ops[i]) == n && strncmp(w, ops[i], n) == 0)
			return 1;
	return 0;
}

/* Whether the name at s[i] followed by `sep` labels a value: not the last
 * element of a path ("/etc/passwd: ...", "C:\x\token=..."), and before ':'
 * not the PATH of Go's "OP PATH: ERR" ("open passwd: permission denied"). */
static int is_label(const char *s, size_t i, char sep)
{
	size_t e, b;

	/* Back over a dotted key (spring.datasource.password) or file name
	 * (.secret, app.token): a path separator before it makes it a file. */
	for (b = i; b > 0 && (isalnum((unsigned char)s[b - 1]) || strchr("_-.", s[b - 1]) != NULL);
	     b--)
		;
	if (b > 0 && (s[b - 1] == '/' || s[b - 1] == '\\'))
		return 0;
	if (sep != ':')
		return 1;
	for (e = i; e > 0 && s[e - 1] == ' '; e--)
		;
	if (e == i)
		return 1;
	for (b = e; b > 0 && isalpha((unsigned char)s[b - 1]); b--)
		;
	return !(b < e && (b == 0 || !isalnum((unsigned char)s[b - 1])) &&
		 is_go_path_op(s + b, e - b));
}

/* Masks NAME=value and NAME: value where NAME looks secret and labels
 * the value (is_label). */
static void mask_named_values(struct buf *b)
{
	struct buf nb;
	const char *s = b->data;
	size_t i = 0, n = b->len;

	buf_init(&nb);
	while (i < n) {
		size_t j = i;

		while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '-'))
			j++;
		if (j > i && j < n && (s[j] == '=' || s[j] == ':') && j + 1 < n) {
			char *name = xstrndup(s + i, j - i);
			int secret = redact_is_secret_name(name) &&
				     strcasecmp(name, "Content-Length") != 0 &&
				     is_label(s, i, s[j]);

			free(name);
			if (secret) {
				size_t k = j + 1;

				while (k < n && s[k] == ' ')
					k++;
				buf_add(&nb, s + i, k - i);
				/* The value runs to the next separator. */
				size_t e = value_end(s, k, n);

				/* "Authorization: Bearer TOKEN": the credential is the
				 * word after the scheme; mask both. */
				if (is_auth_scheme(s + k, e - k) && e < n && s[e] == ' ')
					e = value_end(s, e + 1, n);
				if (e > k)
					buf_adds(&nb, REDACTED);
				i = e;
				continue;
			}
		}
		if (j == i)
			j = i + 1;
		buf_add(&nb, s + i, j - i);
		i = j;
	}
	buf_free(b);
	*b = nb;
}

char *redact_text(const char *s)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, s != NULL ? s : "");
	pthread_mutex_lock(&lock);
	mask_url_userinfo(&b);
	for (size_t i = 0; i < secrets.n; i++) {
		const char *v = secrets.v[i];
		size_t vl = strlen(v);
		size_t from = 0;
		char *hit;

		/* Resume after each mask so a value inside REDACTED cannot loop. */
		while ((hit = strstr(b.data + from, v)) != NULL) {
			struct buf nb;
			size_t off = (size_t)(hit - b.data);

			buf_init(&nb);
			buf_add(&nb, b.data, off);
			buf_adds(&nb, REDACTED);
			buf_adds(&nb, hit + vl);
			buf_free(&b);
			b = nb;
			from = off + strlen(REDACTED);
		}
	}
	pthread_mutex_unlock(&lock);
	mask_named_values(&b);
	return buf_steal(&b);
}

void redact_json_strings(cJSON *node)
{
	for (cJSON *c = node != NULL ? node->child : NULL; c != NULL; c = c->next) {
		if (cJSON_IsString(c) && c->valuestring != NULL) {
			char *r = redact_text(c->valuestring);

			if (strcmp(r, c->valuestring) != 0)
				cJSON_SetValuestring(c, r);
			free(r);
		} else if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			redact_json_strings(c);
		}
	}
}
