/* keymap.h: key bindings as data.
 *
 * A keymap is a list of (section, key, action) bindings parsed from the
 * text format of keymaps/default.keys. The compiled-in defaults are parsed
 * at every start; user files (~/.config/gotriage/keys, --keymap FILE) are
 * parsed into a scratch keymap first and merged only when the whole file is
 * valid, so a bad file leaves the defaults intact. Later bindings for the
 * same section and key replace earlier ones. */
#ifndef GOTRIAGE_KEYMAP_H
#define GOTRIAGE_KEYMAP_H

#include <stddef.h>

#include "panes/action.h"

#define KEYMAP_MAX_FILE (256 * 1024)

struct binding {
	char section[32]; /* "global" or a pane name */
	int key;	  /* ncurses key code */
	enum action action;
};

struct keymap {
	struct binding *v;
	size_t n, cap;
};

/* Parses keymap text; on error returns -1 with "SOURCE:LINE: ..." in *cause
 * and leaves km unchanged. */
int keymap_parse(struct keymap *km, const char *text, size_t len, const char *source, char **cause);
/* Loads the compiled-in defaults (never fails: they are tested). */
void keymap_load_defaults(struct keymap *km);
/* Reads and merges a user file; -1 with *cause when unreadable or invalid. */
int keymap_load_file(struct keymap *km, const char *path, char **cause);
void keymap_free(struct keymap *km);
/* True for the sections a keys file may have: [global], [replay] and the
 * name of every pane in panes/registry.c. Any other is an error, like an
 * unknown key or action, so a typo ([routs]) cannot silently do nothing. */
int keymap_section_known(const char *name);

/* The action bound to key in this pane (pane section first, then global). */
enum action keymap_lookup(const struct keymap *km, const char *pane, int key);
/* Writes the names of the keys bound to action in this pane ("q, C-c"). */
void keymap_keys_for(const struct keymap *km, const char *pane, enum action a, char *out,
		     size_t outlen);

/* "KEY name  KEY name" for each action of `acts` (ACT_NONE-terminated)
 * bound in this pane, first key of each: a footer made from the bindings. */
void keymap_hint(const struct keymap *km, const char *pane, const enum action *acts, char *out,
		 size_t outlen);

/* Key names <-> codes. keymap_key_code returns -1 for an unknown name. */
int keymap_key_code(const char *name);
void keymap_key_name(int key, char *out, size_t outlen);

#endif
