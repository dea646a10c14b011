/* Unit tests: the status line's message (frame_status in
 * tui/frame/console.c) is kept in a fixed buffer; a long message whose
 * secret straddles the buffer's end must be masked before it is cut, or
 * draw_text() sees only the secret's head and shows it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panes/pane.h"
#include "tests/unit/panes/leakcheck.h"
#include "tui/frame/frame.h"

static void test_status_masked_before_cut(void **state)
{
	static const char known[] = "Hq7vK2mZp9xR4tLw8nB3cY6dJ1fG5sA0";
	struct frame *f = calloc(1, sizeof *f);
	struct pane_ctx ctx = {0};
	char pad[sizeof f->status];
	int straddled = 0;

	(void)state;
	ctx.frame = f;
	redact_register_value(known);
	/* The secret starts at every position around the buffer's end. */
	for (size_t lead = sizeof f->status - 30; lead < sizeof f->status; lead++) {
		memset(pad, 'x', lead);
		pad[lead] = '\0';
		frame_status(&ctx, "%s%s and then some", pad, known);
		straddled += strlen(f->status) < lead + strlen(known);
		if (leak_shown(f->status, known) >= 0)
			fail_msg("with %zu bytes before it, the status shows: %s", lead,
				 f->status + lead - 5);
	}
	assert_true(straddled > 0);
	/* A short message is kept whole, masked. */
	frame_status(&ctx, "note saved: the key is %s", known);
	assert_string_equal(f->status, "note saved: the key is [REDACTED]");
	/* A cut never splits a UTF-8 sequence. */
	memset(pad, 'x', sizeof f->status - 2);
	pad[sizeof f->status - 2] = '\0';
	frame_status(&ctx, "%s\xc3\xa9\xc3\xa9", pad);
	assert_int_equal(strlen(f->status), sizeof f->status - 2);
	free(f);
	redact_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_masked_before_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
