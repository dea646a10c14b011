/* prompt_cmd.h: what a line typed at the console's ":" prompt asks for.
 *
 * Pure (no curses, no readline, no frame), so the command language is unit
 * tested on its own (tests/unit/tui/frame/test_prompt_cmd.c); frame_prompt.c
 * carries the result out. A line is an optional ':' then a command word and
 * the rest of the line, both trimmed:
 *   quit | q              PROMPT_CMD_QUIT
 *   goto PANE             PROMPT_CMD_GOTO      arg = PANE
 *   check ID              PROMPT_CMD_CHECK     arg = ID
 *   note TEXT             PROMPT_CMD_NOTE      arg = TEXT (inner spaces kept)
 *   filter [TEXT]         PROMPT_CMD_FILTER    arg = TEXT, may be "" (clears)
 *   refresh               PROMPT_CMD_REFRESH
 * goto/check/note without their argument are PROMPT_CMD_NEEDS_ARG; any other
 * word is PROMPT_CMD_UNKNOWN; a blank line is PROMPT_CMD_EMPTY. Command
 * words are case-sensitive, as the completion words are. */
#ifndef GOTRIAGE_PROMPT_CMD_H
#define GOTRIAGE_PROMPT_CMD_H

enum prompt_cmd_kind {
	PROMPT_CMD_EMPTY = 0,
	PROMPT_CMD_QUIT,
	PROMPT_CMD_GOTO,
	PROMPT_CMD_CHECK,
	PROMPT_CMD_NOTE,
	PROMPT_CMD_FILTER,
	PROMPT_CMD_REFRESH,
	PROMPT_CMD_NEEDS_ARG,
	PROMPT_CMD_UNKNOWN,
};

struct prompt_cmd {
	enum prompt_cmd_kind kind;
	char *word; /* the command word as typed ("" for EMPTY) */
	char *arg;  /* the trimmed rest of the line ("" when none) */
};

/* Fills *out (free with prompt_cmd_free); line may be NULL (EMPTY). */
void prompt_cmd_parse(const char *line, struct prompt_cmd *out);
/* Releases what prompt_cmd_parse() set; accepts NULL. */
void prompt_cmd_free(struct prompt_cmd *c);

#endif
