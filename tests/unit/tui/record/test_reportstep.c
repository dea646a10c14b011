/* Unit tests: one step as Markdown (checks/step_md.c through
 * tui/record/reportstep.c): the last verdict, first failure, mark and
 * notes of that check only; hostile journal text rendered inert; unknown
 * ids and checks without a verdict refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "tui/record/journalread.h"
#include "tui/record/reportstep.h"

static const char journal[] =
    "{\"t\":0,\"kind\":\"header\",\"format\":1,\"target\":\"pid 7 (svc)\"}\n"
    "{\"t\":10,\"kind\":\"attach\",\"target\":\"pid 7 (svc)\"}\n"
    "{\"t\":12,\"kind\":\"verdict\",\"id\":\"stale-binary\",\"verdict\":\"fail\","
    "\"summary\":\"old build\",\"evidence\":[\"code:main.go:3 oldline\"]}\n"
    "{\"t\":13,\"kind\":\"verdict\",\"id\":\"devel-build\",\"verdict\":\"warn\","
    "\"summary\":\"other check\"}\n"
    "{\"t\":14,\"kind\":\"mark\",\"check\":\"stale-binary\",\"mark\":\"confirmed\"}\n"
    "{\"t\":15,\"kind\":\"note\",\"check\":\"stale-binary\",\"text\":\"# not a heading "
    "\\u001b[31m\"}\n"
    "{\"t\":16,\"kind\":\"note\",\"check\":\"devel-build\",\"text\":\"elsewhere\"}\n"
    "{\"t\":20,\"kind\":\"verdict\",\"id\":\"stale-binary\",\"verdict\":\"fail\","
    "\"summary\":\"still old | <b>x</b>\",\"evidence\":[\"sym:main.f is compiled in\","
    "\"- [link](http://x)\"]}\n";

static void load(struct journalread *jr)
{
	char *cause = NULL;

	assert_int_equal(journalread_parse(journal, strlen(journal), jr, &cause), 0);
}

static void test_step(void **state)
{
	struct journalread jr;
	char *md;

	(void)state;
	load(&jr);
	md = report_step(&jr, "stale-binary", NULL);
	assert_non_null(md);
	assert_non_null(strstr(md, "### stale-binary: "));
	assert_non_null(strstr(md, "**FAIL**: still old \\| \\<b\\>x\\</b\\>\n"));
	assert_non_null(strstr(md, "- **When:** first failed 2.0s after attach\n"));
	assert_non_null(strstr(md, "- **Marked:** confirmed\n"));
	assert_non_null(strstr(md, "- **Target:** pid 7 (svc)\n"));
	/* The last verdict's evidence, as the screen shows it. */
	assert_non_null(strstr(md, "- main.f is compiled in\n"));
	assert_null(strstr(md, "oldline"));
	assert_non_null(strstr(md, "- \\- \\[link\\](http://x)\n"));
	/* Its own notes only, inert. */
	assert_non_null(strstr(md, "- \\# not a heading \\\\x1b\\[31m\n"));
	assert_null(strstr(md, "elsewhere"));
	assert_null(strchr(md, '\033'));
	free(md);
	journalread_free(&jr);
}

static void test_refusals(void **state)
{
	struct journalread jr;
	char *cause = NULL;

	(void)state;
	load(&jr);
	assert_null(report_step(&jr, "no-such", &cause));
	assert_non_null(strstr(cause, "no check is named 'no-such'"));
	free(cause);
	cause = NULL;
	assert_null(report_step(&jr, "embed-path", &cause));
	assert_non_null(strstr(cause, "no verdict of embed-path"));
	free(cause);
	journalread_free(&jr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_step),
	    cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
