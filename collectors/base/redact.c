/* redact.c: mask secrets before anything is shown or recorded. */
#include "redact.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"

extern char **environ;

/* Appended on the worker thread (goenv_collect reads the target's
 * environment while facts are collected) and read on the main thread
 * whenever text is shown or recorded: every access holds the lock. */
static struct strlist secrets;
static pthread_mutex_t secrets_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const secret_words[] = {
    "TOKEN", "SECRET", "PASSWORD", "PASSWD",  "PASSPHRASE", "KEY",	"CREDENTIAL",
    "AUTH",  "COOKIE", "SESSION",  "PRIVATE", "APIKEY",	    "PWD_HASH",
};

int redact_is_secret_name(const char *name)
{
	char up[256];
	size_t i;

	for (i = 0; name[i] != '\0' && name[i] != '=' && i < sizeof up - 1; i++)
		up[i] = (char)toupper((unsigned char)name[i]);
	up[i] = '\0';
	/* GOPRIVATE holds module patterns, not secrets. */
	if (strcmp(up, "GOPRIVATE") == 0 || strcmp(up, "GONOSUMDB") == 0 ||
	    strcmp(up, "GONOPROXY") == 0 || strcmp(up, "XDG_SESSION_ID") == 0 ||
	    strcmp(up, "XDG_SESSION_TYPE") == 0 || strcmp(up, "XDG_SESSION_CLASS") == 0)
		return 0;
	for (i = 0; i < ARRAY_LEN(secret_words); i++)
		if (strstr(up, secret_words[i]) != NULL)
			return 1;
	return 0;
}

void redact_register_value(const char *value)
{
	int known = 0;

	if (value == NULL || strlen(value) < 4)
		return;
	pthread_mutex_lock(&secrets_lock);
	for (size_t i = 0; i < secrets.n && !known; i++)
		known = strcmp(secrets.v[i], value) == 0;
	if (!known)
		strlist_add(&secrets, value);
	pthread_mutex_unlock(&secrets_lock);
}

static void register_pair(const char *pair)
{
	const char *eq = strchr(pair, '=');

	if (eq != NULL && eq != pair && redact_is_secret_name(pair))
		redact_register_value(eq + 1);
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
	pthread_mutex_lock(&secrets_lock);
	strlist_free(&secrets);
	pthread_mutex_unlock(&secrets_lock);
}

/* Masks the password of scheme://user:pass@host URLs. */
static void mask_url_passwords(struct buf *b)
{
	char *p = b->data;

	while ((p = strstr(p, "://")) != NULL) {
		char *start = p + 3, *q = start, *colon = NULL;

		while (*q != '\0' && *q != '@' && *q != '/' && *q != ' ' && *q != '\t' &&
		       *q != '\n' && *q != '"' && *q != ',' && *q != '|') {
			if (*q == ':' && colon == NULL)
				colon = q;
			q++;
		}
		if (*q == '@' && colon != NULL && q > colon + 1) {
			size_t off = (size_t)(colon + 1 - b->data);
			struct buf nb;

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

/* Masks NAME=value and NAME: value where NAME looks secret. */
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
			int secret =
			    redact_is_secret_name(name) && strcasecmp(name, "Content-Length") != 0;

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
	pthread_mutex_lock(&secrets_lock);
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
	pthread_mutex_unlock(&secrets_lock);
	mask_url_passwords(&b);
	mask_named_values(&b);
	return buf_steal(&b);
}
