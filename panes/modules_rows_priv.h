/* modules_rows_priv.h: helpers shared by the modules pane's row files
 * (modules_rows.c: the sections and the summary; modules_rows_text.c:
 * measuring, abbreviating, wrapping, rows and cells; modules_rows_detail.c:
 * the detail views). Nothing outside panes/modules_rows*.c includes it.
 *
 * Cells own their text; modules_rows_put() and modules_rows_prose() take
 * raw text (from the repo, the target or the environment) and redact,
 * sanitise and fit it themselves. */
#ifndef GOTRIAGE_MODULES_ROWS_PRIV_H
#define GOTRIAGE_MODULES_ROWS_PRIV_H

#include "modules_rows.h"

#define MODULES_SUMMARY_LABEL 8
#define MODULES_ENV_NAME_X 1
#define MODULES_ENV_VALUE_X 14
#define MODULES_DETAIL_LABEL 16

/* modules_rows_text.c */
size_t modules_rows_cp_len(const char *s); /* UTF-8 code points */
char *modules_rows_clean(const char *s);   /* redacted, then sanitised */
char *modules_rows_lower(const char *s);
struct modules_row *modules_rows_add(struct modules_lines *l, enum modules_kind k,
				     enum modules_sec sec, size_t ref);
void modules_rows_put(struct modules_row *r, int x, int width, enum modules_tone tone,
		      const char *raw, enum modules_abbrev how, int ascii);
/* Wrapped text from column x: one row of `kind` per line. `msg` keeps the
 * newlines and leading tabs of a multi-line message of Go's. */
void modules_rows_prose(struct modules_lines *l, enum modules_sec sec, enum modules_kind kind,
			size_t ref, int x, int cols, enum modules_tone tone, const char *raw,
			int msg);
/* A blank row (unless first) and the section's title. */
void modules_rows_title(struct modules_lines *l, enum modules_sec sec, int cols, const char *text);

/* modules_rows.c: the labels and tones both the table and the details use */
const char *modules_rows_sum_short(enum modstate_sum s, enum modules_tone *tone);
const char *modules_rows_cache_short(enum modstate_cache c, enum modules_tone *tone);
enum modules_tone modules_rows_binary_tone(const struct modstate_req *r);
enum modules_tone modules_rows_vendor_tone(const struct modstate *m, const struct modstate_req *r);
char *modules_rows_source_label(const struct goenv_var *var);
enum modules_tone modules_rows_env_tone(enum goenv_id id, const char *value);
char *modules_rows_proxy_result(const struct proxyprobe_entry *e, enum modules_tone *tone);
enum modules_tone modules_rows_decision_tone(const struct proxyprobe *p);

#endif
