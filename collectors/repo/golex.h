/* golex.h: a lexer for Go source text, following the Go specification's
 * lexical rules (comments, raw and interpreted strings, runes, numbers,
 * identifiers, keywords, operators and automatic semicolons).
 *
 * Contract: golex_init() points a lexer at a caller-owned buffer that must
 * stay alive while tokens are used; tokens refer to it by offset and length
 * and own nothing. golex_next() returns one token per call and ends with
 * GOTOK_EOF forever after. It never reads outside [src, src+len), never
 * allocates and never fails: malformed input (unterminated strings or
 * comments, stray bytes, NUL bytes) becomes GOTOK_ILLEGAL or is absorbed
 * into the nearest sensible token, and lexing goes on. golex_tokenize()
 * lexes a whole file into a growable array, which reposcan reuses between
 * files. Buffers larger than GOLEX_MAX_LEN are lexed only up to that size.
 *
 * Semicolons: like the Go scanner, a GOTOK_SEMI with text "\n" (or empty at
 * EOF) is inserted after a line's final token when that token is an
 * identifier, a literal, one of the keywords break/continue/fallthrough/
 * return, or one of ++ -- ) ] }. An explicit ';' is a GOTOK_SEMI too. */
#ifndef GOTRIAGE_GOLEX_H
#define GOTRIAGE_GOLEX_H

#include <stddef.h>
#include <stdint.h>

#define GOLEX_MAX_LEN ((size_t)1 << 30)

enum golex_kind {
	GOTOK_EOF = 0,
	GOTOK_ILLEGAL,
	GOTOK_COMMENT, /* // or general comment, text includes the markers */
	GOTOK_IDENT,
	GOTOK_KEYWORD, /* sub = enum golex_kw */
	GOTOK_INT,
	GOTOK_FLOAT,
	GOTOK_IMAG,
	GOTOK_CHAR,	 /* 'x', quotes included */
	GOTOK_STRING,	 /* "x", quotes included */
	GOTOK_RAWSTRING, /* `x`, backquotes included */
	GOTOK_OP,	 /* sub = enum golex_op */
	GOTOK_SEMI,	 /* ';', or automatic ("\n" or "" at EOF) */
};

enum golex_kw {
	GOKW_NONE = 0,
	GOKW_BREAK,
	GOKW_CASE,
	GOKW_CHAN,
	GOKW_CONST,
	GOKW_CONTINUE,
	GOKW_DEFAULT,
	GOKW_DEFER,
	GOKW_ELSE,
	GOKW_FALLTHROUGH,
	GOKW_FOR,
	GOKW_FUNC,
	GOKW_GO,
	GOKW_GOTO,
	GOKW_IF,
	GOKW_IMPORT,
	GOKW_INTERFACE,
	GOKW_MAP,
	GOKW_PACKAGE,
	GOKW_RANGE,
	GOKW_RETURN,
	GOKW_SELECT,
	GOKW_STRUCT,
	GOKW_SWITCH,
	GOKW_TYPE,
	GOKW_VAR,
};

enum golex_op {
	GOOP_NONE = 0,
	GOOP_ADD,
	GOOP_SUB,
	GOOP_MUL,
	GOOP_QUO,
	GOOP_REM, /* + - * / % */
	GOOP_AND,
	GOOP_OR,
	GOOP_XOR,
	GOOP_SHL,
	GOOP_SHR,
	GOOP_AND_NOT, /* & | ^ << >> &^ */
	GOOP_ADD_ASSIGN,
	GOOP_SUB_ASSIGN,
	GOOP_MUL_ASSIGN,
	GOOP_QUO_ASSIGN,
	GOOP_REM_ASSIGN,
	GOOP_AND_ASSIGN,
	GOOP_OR_ASSIGN,
	GOOP_XOR_ASSIGN,
	GOOP_SHL_ASSIGN,
	GOOP_SHR_ASSIGN,
	GOOP_AND_NOT_ASSIGN,
	GOOP_LAND,
	GOOP_LOR,
	GOOP_ARROW,
	GOOP_INC,
	GOOP_DEC, /* && || <- ++ -- */
	GOOP_EQL,
	GOOP_LSS,
	GOOP_GTR,
	GOOP_ASSIGN,
	GOOP_NOT,
	GOOP_TILDE, /* == < > = ! ~ */
	GOOP_NEQ,
	GOOP_LEQ,
	GOOP_GEQ,
	GOOP_DEFINE,
	GOOP_ELLIPSIS, /* != <= >= := ... */
	GOOP_LPAREN,
	GOOP_LBRACK,
	GOOP_LBRACE,
	GOOP_COMMA,
	GOOP_PERIOD,
	GOOP_RPAREN,
	GOOP_RBRACK,
	GOOP_RBRACE,
	GOOP_COLON,
};

struct gotok {
	uint32_t off;  /* byte offset of the token's first byte */
	uint32_t len;  /* length in bytes (0 for EOF and the EOF semicolon) */
	uint32_t line; /* 1-based line of the first byte */
	uint8_t kind;  /* enum golex_kind */
	uint8_t sub;   /* enum golex_kw or enum golex_op, else 0 */
};

struct golex {
	const char *src;
	size_t len;
	size_t pos;
	uint32_t line;
	int insert_semi; /* the previous token allows an automatic ';' */
};

void golex_init(struct golex *lx, const char *src, size_t len);
/* Fills *t with the next token; returns t->kind. */
int golex_next(struct golex *lx, struct gotok *t);

/* A whole file's tokens. keep_comments = 0 drops GOTOK_COMMENT. */
struct golex_toks {
	struct gotok *v;
	size_t n;
	size_t cap;
};
void golex_tokenize(const char *src, size_t len, int keep_comments, struct golex_toks *out);
void golex_toks_free(struct golex_toks *t);

/* Helpers on token text. */
int golex_is(const char *src, const struct gotok *t, const char *word);
const char *golex_kind_name(int kind);
/* Decodes a string literal token (interpreted or raw) into out (NUL-
 * terminated, at most cap-1 bytes). Returns 0, or -1 when the token is not
 * a well-formed string literal or does not fit. Raw strings drop '\r' as
 * the Go spec says. */
int golex_unquote(const char *src, const struct gotok *t, char *out, size_t cap, size_t *outlen);

#endif
