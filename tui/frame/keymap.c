/* keymap.c: parse key binding files and look keys up. */
#include "keymap.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "panes/pane.h"
#include "default_keys.h"

static const struct {
	const char *name;
	int code;
} named_keys[] = {
    {"Space", ' '},	  {"Tab", '\t'},       {"BTab", KEY_BTAB},
    {"Enter", '\n'},	  {"Esc", 27},	       {"Backspace", KEY_BACKSPACE},
    {"Up", KEY_UP},	  {"Down", KEY_DOWN},  {"Left", KEY_LEFT},
    {"Right", KEY_RIGHT}, {"PgUp", KEY_PPAGE}, {"PgDn", KEY_NPAGE},
    {"Home", KEY_HOME},	  {"End", KEY_END},    {"Delete", KEY_DC},
};

int keymap_key_code(const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < ARRAY_LEN(named_keys); i++)
		if (strcmp(named_keys[i].name, name) == 0)
			return named_keys[i].code;
	if (len == 1 && (unsigned char)name[0] > ' ' && (unsigned char)name[0] < 127)
		return name[0];
	if (len == 3 && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z')
		return name[2] & 0x1f;
	if ((len == 2 || len == 3) && name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
		int n = atoi(name + 1);

		if (n >= 1 && n <= 12 && (len == 2 || (name[2] >= '0' && name[2] <= '9')))
			return KEY_F(n);
	}
	return -1;
}

void keymap_key_name(int key, char *out, size_t outlen)
{
	for (size_t i = 0; i < ARRAY_LEN(named_keys); i++)
		if (named_keys[i].code == key) {
			snprintf(out, outlen, "%s", named_keys[i].name);
			return;
		}
	if (key > ' ' && key < 127)
		snprintf(out, outlen, "%c", key);
	else if (key >= 1 && key <= 26)
		snprintf(out, outlen, "C-%c", 'a' + key - 1);
	else if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(out, outlen, "F%d", key - KEY_F0);
	else
		snprintf(out, outlen, "#%d", key);
}

int keymap_section_known(const char *name)
{
	if (strcmp(name, "global") == 0 || strcmp(name, "replay") == 0)
		return 1;
	for (size_t i = 0; pane_registry[i] != NULL; i++)
		if (strcmp(pane_registry[i]->name, name) == 0)
			return 1;
	if (strcmp(name, pane_fleet_registry[0]->name) == 0)
		return 1;
	return 0;
}

static void add_binding(struct keymap *km, const char *section, int key, enum action a)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key && strcmp(km->v[i].section, section) == 0) {
			km->v[i].action = a;
			return;
		}
	km->v = xgrow(km->v, &km->cap, km->n + 1, sizeof *km->v);
	snprintf(km->v[km->n].section, sizeof km->v[km->n].section, "%s", section);
	km->v[km->n].key = key;
	km->v[km->n].action = a;
	km->n++;
}

int keymap_parse(struct keymap *km, const char *text, size_t len, const char *source, char **cause)
{
	struct keymap scratch = {0};
	char section[32] = "global";
	size_t pos = 0;
	int lineno = 0;

	if (len > KEYMAP_MAX_FILE)
		return err_set(cause, "%s: larger than %d KiB, not a keymap", source,
			       KEYMAP_MAX_FILE / 1024);
	while (pos < len) {
		size_t e = pos;
		char line[512], key[64], act[64], extra[8];
		char *p;
		int n, code;
		enum action a;

		while (e < len && text[e] != '\n')
			e++;
		lineno++;
		if (memchr(text + pos, '\0', e - pos) != NULL) {
			keymap_free(&scratch);
			return err_set(cause, "%s:%d: NUL byte, not a text file", source, lineno);
		}
		if (e - pos >= sizeof line) {
			keymap_free(&scratch);
			return err_set(cause, "%s:%d: line too long", source, lineno);
		}
		memcpy(line, text + pos, e - pos);
		line[e - pos] = '\0';
		pos = e + 1;
		p = str_trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if (*p == '[') {
			char *close = strchr(p, ']');

			if (close == NULL || close[1] != '\0' || close - p - 1 <= 0 ||
			    (size_t)(close - p - 1) >= sizeof section) {
				keymap_free(&scratch);
				return err_set(cause, "%s:%d: bad section header '%s'", source,
					       lineno, p);
			}
			*close = '\0';
			if (!keymap_section_known(p + 1)) {
				keymap_free(&scratch);
				return err_set(
				    cause,
				    "%s:%d: unknown section [%s] (use [global], [replay] "
				    "or a pane's name)",
				    source, lineno, p + 1);
			}
			snprintf(section, sizeof section, "%s", p + 1);
			continue;
		}
		n = sscanf(p, "%63s %63s %7s", key, act, extra);
		if (n != 2) {
			keymap_free(&scratch);
			return err_set(cause, "%s:%d: expected 'KEY ACTION', got '%s'", source,
				       lineno, p);
		}
		code = keymap_key_code(key);
		if (code < 0) {
			keymap_free(&scratch);
			return err_set(cause, "%s:%d: unknown key '%s'", source, lineno, key);
		}
		a = action_by_name(act);
		if (a == ACT_NONE && strcmp(act, "none") != 0) {
			keymap_free(&scratch);
			return err_set(cause, "%s:%d: unknown action '%s'", source, lineno, act);
		}
		add_binding(&scratch, section, code, a);
	}
	for (size_t i = 0; i < scratch.n; i++)
		add_binding(km, scratch.v[i].section, scratch.v[i].key, scratch.v[i].action);
	keymap_free(&scratch);
	return 0;
}

void keymap_load_defaults(struct keymap *km)
{
	char *cause = NULL;

	if (keymap_parse(km, default_keys_text, strlen(default_keys_text), "default.keys",
			 &cause) != 0)
		fatal("built-in keymap: %s", cause);
}

int keymap_load_file(struct keymap *km, const char *path, char **cause)
{
	struct buf b;
	int trunc, rc;

	buf_init(&b);
	if (read_file_capped(path, KEYMAP_MAX_FILE + 1, &b, &trunc, cause) != 0)
		return -1;
	rc = keymap_parse(km, b.data, b.len, path, cause);
	buf_free(&b);
	return rc;
}

void keymap_free(struct keymap *km)
{
	free(km->v);
	km->v = NULL;
	km->n = km->cap = 0;
}

static const struct binding *find(const struct keymap *km, const char *section, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key && strcmp(km->v[i].section, section) == 0)
			return &km->v[i];
	return NULL;
}

enum action keymap_lookup(const struct keymap *km, const char *pane, int key)
{
	const struct binding *b = NULL;

	/* Terminals send Enter as CR or KEY_ENTER depending on mode. */
	if (key == '\r' || key == KEY_ENTER)
		key = '\n';
	if (key == 127 || key == 8)
		key = KEY_BACKSPACE;
	if (pane != NULL)
		b = find(km, pane, key);
	if (b == NULL)
		b = find(km, "global", key);
	return b != NULL ? b->action : ACT_NONE;
}

void keymap_keys_for(const struct keymap *km, const char *pane, enum action a, char *out,
		     size_t outlen)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < km->n; i++) {
		const struct binding *b = &km->v[i];
		char name[16];

		if (b->action != a)
			continue;
		if (strcmp(b->section, "global") != 0 &&
		    (pane == NULL || strcmp(b->section, pane) != 0))
			continue;
		/* A global key overridden in this pane does not do `a` here. */
		if (strcmp(b->section, "global") == 0 && pane != NULL &&
		    find(km, pane, b->key) != NULL)
			continue;
		keymap_key_name(b->key, name, sizeof name);
		used += (size_t)snprintf(out + used, used < outlen ? outlen - used : 0, "%s%s",
					 used ? ", " : "", name);
		if (used >= outlen)
			break;
	}
}

void keymap_hint(const struct keymap *km, const char *pane, const enum action *acts, char *out,
		 size_t outlen)
{
	size_t len = 0;

	if (outlen == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; acts != NULL && acts[i] != ACT_NONE; i++) {
		char keys[64], *comma;
		int n;

		keymap_keys_for(km, pane, acts[i], keys, sizeof keys);
		if (keys[0] == '\0')
			continue;
		if ((comma = strchr(keys, ',')) != NULL)
			*comma = '\0';
		n = snprintf(out + len, outlen - len, "%s%s %s", len ? "  " : "", keys,
			     action_name(acts[i]));
		if (n < 0 || (size_t)n >= outlen - len) {
			out[len] = '\0';
			return;
		}
		len += (size_t)n;
	}
}
