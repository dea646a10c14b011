/* redact.h: secrets never reach the screen, the journal or a report.
 *
 * Three rules: (1) the values of environment variables whose names look
 * secret (TOKEN, SECRET, PASSWORD, PASSWD, KEY, CREDENTIAL, AUTH, COOKIE,
 * SESSION) are registered at start-up, ours and the target's, and every
 * later occurrence of such a value in any text is masked; (2) passwords in
 * URLs (scheme://user:pass@host) are masked; (3) NAME=value pairs whose NAME
 * looks secret are masked. The registry is process-global and guarded by a
 * mutex: values may be registered on the worker thread while the main
 * thread redacts. */
#ifndef GOTRIAGE_REDACT_H
#define GOTRIAGE_REDACT_H

#include <stddef.h>

#define REDACTED "[REDACTED]"

/* True when an environment variable name looks like it holds a secret. */
int redact_is_secret_name(const char *name);
/* Remembers a secret value (ignored when shorter than 4 bytes). */
void redact_register_value(const char *value);
/* Registers every secret-looking NAME=value of an environ block
 * (NUL-separated, as in /proc/PID/environ) or of our own environ. */
void redact_register_environ_block(const char *block, size_t len);
void redact_register_own_environ(void);
/* Returns a new string with every secret masked. */
char *redact_text(const char *s);
/* Forgets every registered value (tests). */
void redact_reset(void);

#endif
