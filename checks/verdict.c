/* verdict.c: building and naming verdicts. */
#include "verdict.h"
#include "jump.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char *const names[] = {
    [VERDICT_NONE] = "none",	   [VERDICT_SKIP] = "skip", [VERDICT_PASS] = "pass",
    [VERDICT_UNKNOWN] = "unknown", [VERDICT_WARN] = "warn", [VERDICT_FAIL] = "fail",
};

void verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof *v);
}

void verdict_free(struct verdict *v)
{
	if (v == NULL)
		return;
	free(v->summary);
	free(v->missing);
	strlist_free(&v->evidence);
	verdict_init(v);
}

static void set_summary(struct verdict *v, const char *fmt, va_list ap)
{
	free(v->summary);
	v->summary = xvasprintf(fmt, ap);
}

void verdict_set(struct verdict *v, enum verdict_kind kind, const char *fmt, ...)
{
	va_list ap;

	v->kind = kind;
	va_start(ap, fmt);
	set_summary(v, fmt, ap);
	va_end(ap);
}

void verdict_raise(struct verdict *v, enum verdict_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (kind < v->kind)
		return;
	v->kind = kind;
	va_start(ap, fmt);
	set_summary(v, fmt, ap);
	va_end(ap);
}

void verdict_evidence(struct verdict *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	strlist_add(&v->evidence, s);
	free(s);
}

void verdict_unknown(struct verdict *v, const char *missing_fmt, ...)
{
	va_list ap;

	va_start(ap, missing_fmt);
	free(v->missing);
	v->missing = xvasprintf(missing_fmt, ap);
	va_end(ap);
	if (v->kind < VERDICT_UNKNOWN) {
		v->kind = VERDICT_UNKNOWN;
		free(v->summary);
		v->summary = xstrdup(v->missing);
	}
}

const char *verdict_name(enum verdict_kind k)
{
	if ((unsigned)k >= ARRAY_LEN(names))
		return "none";
	return names[k];
}

enum verdict_kind verdict_from_name(const char *s)
{
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(names[i], s) == 0)
			return (enum verdict_kind)i;
	return VERDICT_NONE;
}

const char *verdict_evidence_text(const char *line, char *jump, size_t jumplen)
{
	const char *sp;

	if (jump != NULL && jumplen > 0)
		jump[0] = '\0';
	if (jump_evidence_prefix(line) == 0 || (sp = strchr(line, ' ')) == NULL)
		return line;
	if (jump != NULL && jumplen > 0)
		snprintf(jump, jumplen, "%.*s", (int)(sp - line), line);
	return sp + 1;
}

const char *verdict_evidence_subject(const char *line)
{
	if (strncmp(line, "code:", 5) == 0 && strchr(line, ' ') != NULL)
		return line + 5;
	if (strncmp(line, "sym:", 4) == 0 && strchr(line, ' ') != NULL)
		return line + 4;
	return line;
}
