/* redact.h: secrets never reach the screen, the journal or a report.
 *
 * Every writer (screen drawing, journal, cast, report, check output, JSON)
 * passes its text through redact_text(), the one path. Rules: (1) the
 * values of environment variables and command-line flags whose names look
 * secret (redact_is_secret_name) are registered at start-up, ours and the
 * target's, and every later occurrence of such a value in any text is
 * masked; (2) URL userinfo is masked: the password of
 * scheme://user:pass@host, and a user alone unless it is a plain short name
 * (https://TOKEN@proxy/), and what was masked is learned as a value for
 * (1); (3) NAME=value and NAME: value pairs whose NAME looks secret are
 * masked. The registry is process-global and thread-safe (values are
 * learned on the worker thread and read on the main one). */
#ifndef GOTRIAGE_REDACT_H
#define GOTRIAGE_REDACT_H

#include <stddef.h>

#define REDACTED "[REDACTED]"

/* True when an environment variable name looks like it holds a secret. */
int redact_is_secret_name(const char *name);
/* Remembers a secret value (ignored when shorter than 4 bytes). */
void redact_register_value(const char *value);
/* Registers the values of secret-looking flags in an argument vector:
 * --password=X, -api-token X (the next argument when it is not a flag). */
void redact_register_argv(const char *const *argv, size_t argc);
/* Registers every secret-looking NAME=value of an environ block
 * (NUL-separated, as in /proc/PID/environ) or of our own environ. */
void redact_register_environ_block(const char *block, size_t len);
void redact_register_own_environ(void);
/* Returns a new string with every secret masked. */
char *redact_text(const char *s);
/* Masks every string value of a JSON tree in place, at any depth, with
 * redact_text() (nothing else: names, numbers and booleans stay, and no
 * byte is sanitised, so a document stays what its readers parse). The one
 * path for JSON documents written whole (the facts document). */
struct cJSON;
void redact_json_strings(struct cJSON *node);
/* Forgets every registered value (tests). */
void redact_reset(void);

#endif
