/* step_md.c: a checklist step as Markdown for a ticket (see step_md.h). */
#include "step_md.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

void step_md_escape(struct buf *b, const char *s, size_t max)
{
	char *r, *c;
	const char *p;
	size_t n = 0;

	if (s == NULL)
		return;
	r = redact_text(s);
	c = sanitize_str(r);
	free(r);
	p = c;
	while (*p == ' ')
		p++;
	/* What would open a block at the start of a line: a heading, a
	 * bullet or a rule ("- ", "---"), an ordered item ("1. "); a quote's
	 * ">" is escaped everywhere below. Inside text these are harmless and
	 * left alone, so "5.0s" stays readable. */
	if (*p == '#' || ((*p == '-' || *p == '+' || *p == '=') &&
			  (p[1] == ' ' || p[1] == '\t' || p[1] == '\0' || p[1] == *p))) {
		buf_addc(b, '\\');
	} else if (*p >= '0' && *p <= '9') {
		const char *q = p;

		while (*q >= '0' && *q <= '9')
			q++;
		if ((*q == '.' || *q == ')') && (q[1] == ' ' || q[1] == '\t' || q[1] == '\0')) {
			buf_add(b, p, (size_t)(q - p));
			buf_addc(b, '\\');
			n += (size_t)(q - p);
			p = q;
		}
	}
	for (; *p != '\0'; p++, n++) {
		if (max > 0 && n >= max && ((unsigned char)*p & 0xc0) != 0x80) {
			buf_adds(b, "\xe2\x80\xa6");
			break;
		}
		if (strchr("\\`*_[]<>|~&", *p) != NULL)
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	free(c);
}

static const char *tag(const char *verdict)
{
	if (verdict == NULL)
		return "not judged yet";
	if (strcmp(verdict, "fail") == 0)
		return "FAIL";
	if (strcmp(verdict, "warn") == 0)
		return "WARN";
	if (strcmp(verdict, "unknown") == 0)
		return "UNKNOWN";
	return verdict;
}

static void item(struct buf *b, const char *label, const char *text)
{
	if (text == NULL)
		return;
	buf_printf(b, "- **%s:** ", label);
	step_md_escape(b, text, 0);
	buf_addc(b, '\n');
}

char *step_md_render(const struct step_md *s)
{
	const struct check *k = s->check;
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "### ");
	step_md_escape(&b, k->id, 120);
	buf_adds(&b, ": ");
	step_md_escape(&b, k->title, 200);
	buf_adds(&b, "\n\n**");
	step_md_escape(&b, tag(s->verdict), 32);
	buf_adds(&b, "**");
	if (s->summary != NULL) {
		buf_adds(&b, ": ");
		step_md_escape(&b, s->summary, 0);
	}
	buf_adds(&b, "\n\n");
	item(&b, "Target", s->target);
	item(&b, "When", s->when);
	item(&b, "Question", k->question);
	item(&b, "Marked", s->mark);
	item(&b, "Missing evidence", s->missing);
	if (s->nevidence > 0) {
		buf_adds(&b, "\nEvidence:\n\n");
		for (size_t i = 0; i < s->nevidence; i++) {
			buf_adds(&b, "- ");
			step_md_escape(&b, s->evidence[i], 0);
			buf_addc(&b, '\n');
		}
	}
	buf_adds(&b, "\nBy hand: ");
	step_md_escape(&b, k->by_hand, 0);
	buf_adds(&b, "\n\nRemedy: ");
	step_md_escape(&b, k->remedy, 0);
	buf_addc(&b, '\n');
	if (s->nnotes > 0) {
		buf_adds(&b, "\nNotes:\n\n");
		for (size_t i = 0; i < s->nnotes; i++) {
			buf_adds(&b, "- ");
			step_md_escape(&b, s->notes[i], 0);
			buf_addc(&b, '\n');
		}
	}
	return buf_steal(&b);
}
