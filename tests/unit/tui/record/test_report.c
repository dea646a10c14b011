/* Unit tests: postmortem drafts, the fault library and report text safety. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "tui/record/faultlib.h"
#include "tui/record/journalread.h"
#include "collectors/base/redact.h"
#include "tui/record/report.h"
#include "tui/record/reporttext.h"

#define HDR                                                                                        \
	"{\"t\":0,\"ts\":1714564800,\"kind\":\"header\",\"format\":1,\"host\":\"web-01\","         \
	"\"user\":\"alice\",\"target\":\"http://"                                                  \
	"127.0.0.1:8080\",\"started\":\"2024-05-01T12:00:00Z\"}\n"
#define ATTACH                                                                                     \
	"{\"t\":10,\"ts\":1714564810,\"kind\":\"attach\",\"target\":\"http://127.0.0.1:8080\","    \
	"\"binary\":\"/srv/demo\",\"revision\":\"3f2a9c1d\"}\n"

static const char session[] = HDR ATTACH
    "{\"t\":11,\"kind\":\"fetch\",\"what\":\"goroutines\",\"size\":2048,\"duration\":0.012,"
    "\"status\":200,\"summary\":\"12 goroutines\"}\n"
    "{\"t\":12,\"kind\":\"fetch\",\"what\":\"goroutines\",\"size\":4096,\"duration\":0.013,"
    "\"status\":200,\"summary\":\"40 goroutines\"}\n"
    "{\"t\":52.5,\"kind\":\"verdict\",\"id\":\"pprof-exposed\",\"verdict\":\"fail\",\"summary\":"
    "\"pprof on 0.0.0.0\","
    "\"evidence\":[\"GET /debug/pprof/ -> 200\",\"listener 0.0.0.0:8080\"],\"remedy\":\"bind it to "
    "127.0.0.1\"}\n"
    "{\"t\":60,\"kind\":\"verdict\",\"id\":\"leak\",\"verdict\":\"warn\",\"summary\":\"goroutines "
    "grow\",\"evidence\":[\"+28 in 1s\"]}\n"
    "{\"t\":61,\"kind\":\"verdict\",\"id\":\"tls\",\"verdict\":\"fail\",\"summary\":\"expires "
    "soon\"}\n"
    "{\"t\":62,\"kind\":\"verdict\",\"id\":\"tls\",\"verdict\":\"pass\",\"summary\":\"renewed\"}\n"
    "{\"t\":70,\"kind\":\"note\",\"text\":\"same as INC-2291\",\"check\":\"pprof-exposed\"}\n"
    "{\"t\":80,\"kind\":\"end\",\"reason\":\"SIGHUP\"}\n";

static void parse(const char *s, struct journalread *jr)
{
	char *cause = NULL;

	assert_int_equal(journalread_parse(s, strlen(s), jr, &cause), 0);
}

static void test_markdown_draft(void **state)
{
	struct journalread jr;
	char *md;

	(void)state;
	parse(session, &jr);
	md = report_session(&jr, "s.jsonl", REPORT_MD);
	assert_non_null(strstr(md, "# Postmortem draft: http://127.0.0.1:8080\n"));
	assert_non_null(strstr(md, "| Binary | /srv/demo |"));
	assert_non_null(strstr(md, "| Revision | 3f2a9c1d |"));
	assert_non_null(strstr(md, "| Engineer | alice |"));
	assert_non_null(strstr(md, "| Ended | SIGHUP |"));
	/* 52.5 - 10: from attach, not from the start. */
	assert_non_null(strstr(md, "| Time to first failed verdict | 42.5s (pprof-exposed) |"));
	/* 70 - 10: the engineer's note on the failing check, not the tool's
	 * verdict. */
	assert_non_null(strstr(md, "| Time to find | 1m 00s (pprof-exposed, note) |"));
	assert_non_null(strstr(md, "## Failed checks\n\n### pprof-exposed\n"));
	assert_non_null(strstr(md, "### pprof-exposed\n\npprof on 0.0.0.0\n"));
	assert_non_null(strstr(md, "- GET /debug/pprof/ -\\> 200\n"));
	assert_non_null(strstr(md, "Remedy: bind it to 127.0.0.1\n"));
	assert_non_null(strstr(md, "## Warnings\n\n### leak\n"));
	assert_non_null(strstr(md, "- tls: failed at +01:01.0 (expires soon), last verdict pass"));
	assert_non_null(strstr(md, "- +01:10.0 (on pprof-exposed): same as INC-2291\n"));
	/* Two fetches of one endpoint in a row become one row. */
	assert_non_null(strstr(md,
			       "| fetch | goroutines \xc3\x97"
			       "2 until +00:12.0; last 200, 4.0 KiB in 13 ms: 40 goroutines |"));
	assert_non_null(strstr(md, "| end | session ended: SIGHUP |"));
	/* Nothing was skipped, so nothing is said about it. */
	assert_null(strstr(md, "About this journal"));
	free(md);
	journalread_free(&jr);
}

/* Only a mark or note on a check that had failed by then counts; an
 * un-mark ("none") does not; without one the report says how to give it. */
static void test_time_to_find(void **state)
{
	static const char j[] =
	    HDR ATTACH "{\"t\":11,\"kind\":\"mark\",\"check\":\"tls\",\"mark\":\"dismissed\"}\n"
		       "{\"t\":12,\"kind\":\"verdict\",\"id\":\"tls\",\"verdict\":\"fail\"}\n"
		       "{\"t\":13,\"kind\":\"verdict\",\"id\":\"leak\",\"verdict\":\"warn\"}\n"
		       "{\"t\":14,\"kind\":\"note\",\"check\":\"leak\",\"text\":\"warn only\"}\n"
		       "{\"t\":15,\"kind\":\"mark\",\"check\":\"tls\",\"mark\":\"none\"}\n"
		       "{\"t\":25,\"kind\":\"mark\",\"check\":\"tls\",\"mark\":\"confirmed\"}\n";
	static const char none[] =
	    HDR ATTACH "{\"t\":12,\"kind\":\"verdict\",\"id\":\"tls\",\"verdict\":\"fail\"}\n";
	struct journalread jr;
	char *md;

	(void)state;
	parse(j, &jr);
	md = report_session(&jr, "s.jsonl", REPORT_MD);
	assert_non_null(strstr(md, "| Time to find | 15.0s (tls, confirmed) |"));
	free(md);
	journalread_free(&jr);
	parse(none, &jr);
	md = report_session(&jr, "s.jsonl", REPORT_MD);
	assert_non_null(strstr(md, "| Time to find | unknown: no mark or note on a failing check"));
	free(md);
	journalread_free(&jr);
}

static void test_json_draft(void **state)
{
	struct journalread jr;
	char *js;
	cJSON *o, *checks, *c0;

	(void)state;
	parse(session, &jr);
	js = report_session(&jr, "s.jsonl", REPORT_JSON);
	o = cJSON_Parse(js);
	assert_non_null(o);
	assert_true(cJSON_GetObjectItem(o, "time_to_first_fail_s")->valuedouble == 42.5);
	assert_true(cJSON_GetObjectItem(o, "time_to_find_s")->valuedouble == 60);
	assert_string_equal(cJSON_GetObjectItem(o, "found_by")->valuestring, "note");
	assert_string_equal(cJSON_GetObjectItem(o, "first_fail")->valuestring, "pprof-exposed");
	assert_string_equal(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(o, "summary"), "revision")->valuestring,
	    "3f2a9c1d");
	checks = cJSON_GetObjectItem(o, "checks");
	assert_int_equal(cJSON_GetArraySize(checks), 3);
	c0 = cJSON_GetArrayItem(checks, 0);
	assert_string_equal(cJSON_GetObjectItem(c0, "verdict")->valuestring, "fail");
	assert_string_equal(cJSON_GetObjectItem(c0, "remedy")->valuestring, "bind it to 127.0.0.1");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c0, "evidence")), 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "notes")), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "events")), 9);
	assert_true(cJSON_IsFalse(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(o, "skipped"), "truncated_last_line")));
	cJSON_Delete(o);
	free(js);
	journalread_free(&jr);
}

static void test_damaged_journals_are_reported_on(void **state)
{
	struct journalread jr;
	char *md;
	const char *s = "{\"kind\":\"header\",\"format\":7,\"t\":0}\n"
			"not json\n"
			"{\"t\":1,\"kind\":\"verdict\",\"id\":\"x\",\"verdict\":\"fail\","
			"\"summary\":\"boom\"}\n"
			"{\"t\":2,\"kind\":\"hologram\",\"summary\":\"from the future\"}\n"
			"{\"t\":3,\"kind\":\"note\",\"te";

	(void)state;
	parse(s, &jr);
	md = report_session(&jr, "d.jsonl", REPORT_MD);
	assert_non_null(strstr(md, "## About this journal"));
	assert_non_null(strstr(md, "format 7, newer than this gotriage reads (1)"));
	assert_non_null(strstr(md, "1 event of kind this version does not know (hologram)"));
	assert_non_null(strstr(md, "1 line could not be read and was skipped (first at line 2)"));
	assert_non_null(strstr(md, "The last line was cut off mid-write"));
	assert_non_null(strstr(md, "There is no end event"));
	assert_non_null(strstr(md, "| hologram | not known to this version: from the future |"));
	/* No attach: time counts from the session start and says so. */
	assert_non_null(strstr(md, "1.0s (x), from the session start: no attach event"));
	free(md);
	journalread_free(&jr);
}

static void test_hostile_text_is_escaped_and_redacted(void **state)
{
	struct journalread jr;
	char *md, *js;
	const char *s =
	    HDR "{\"t\":1,\"kind\":\"verdict\",\"id\":\"a|b\",\"verdict\":\"fail\","
		"\"summary\":\"# heading \\u001b[2J [link](http://x) <img src=x> *em*\","
		"\"evidence\":[\"1. not a list\",\"- not a bullet\",\"API_TOKEN=abcd1234efgh\"],"
		"\"remedy\":\"rotate s3cret-value-42\"}\n"
		"{\"t\":2,\"kind\":\"note\",\"text\":\"bad \xff utf8\"}\n";

	(void)state;
	redact_register_value("s3cret-value-42");
	parse(s, &jr);
	md = report_session(&jr, "h.jsonl", REPORT_MD);
	assert_null(strstr(md, "\x1b"));
	assert_null(strstr(md, "s3cret-value-42"));
	assert_null(strstr(md, "abcd1234efgh"));
	assert_non_null(
	    strstr(md, "\\# heading \\\\x1b\\[2J \\[link\\](http://x) \\<img src=x\\> \\*em\\*"));
	assert_non_null(strstr(md, "### a\\|b\n"));
	assert_non_null(strstr(md, "- 1\\. not a list\n"));
	assert_non_null(strstr(md, "- \\- not a bullet\n"));
	assert_non_null(strstr(md, "Remedy: rotate \\[REDACTED\\]\n"));
	assert_non_null(strstr(md, "bad \xef\xbf\xbd utf8"));
	js = report_session(&jr, "h.jsonl", REPORT_JSON);
	assert_null(strstr(js, "s3cret-value-42"));
	assert_null(strstr(js, "\xff"));
	cJSON *o = cJSON_Parse(js);
	assert_non_null(o);
	cJSON_Delete(o);
	free(js);
	free(md);
	journalread_free(&jr);
	redact_reset();
}

/* One journal of the library: attach at `attach`, then the events. */
static void add_lib(struct faultlib *lib, const char *name, double attach, const char *events)
{
	char buf[2048];
	struct journalread jr;

	snprintf(buf, sizeof buf, HDR "{\"t\":%g,\"kind\":\"attach\",\"target\":\"t\"}\n%s", attach,
		 events);
	parse(buf, &jr);
	faultlib_add(lib, name, &jr);
	journalread_free(&jr);
}

#define FAIL(t, id, sum)                                                                           \
	"{\"t\":" #t ",\"kind\":\"verdict\",\"id\":\"" id                                          \
	"\",\"verdict\":\"fail\",\"summary\":\"" sum "\"}\n"
#define MARK(t, id, m) "{\"t\":" #t ",\"kind\":\"mark\",\"check\":\"" id "\",\"mark\":\"" m "\"}\n"
#define NOTE(t, id) "{\"t\":" #t ",\"kind\":\"note\",\"check\":\"" id "\",\"text\":\"seen\"}\n"

/* Time to find is the engineer's: attach to the first mark (not "none")
 * or note on that check after it failed; marks before the failure, a
 * "none" mark and marks on other checks do not count, and a failure
 * nobody marked is in Sessions but not in Marked or the times. The time
 * to the failed verdict is kept beside it. */
static void test_fault_library(void **state)
{
	struct faultlib *lib = faultlib_new();
	char *md, *js;
	cJSON *o, *f0, *f1, *s1;

	(void)state;
	/* pprof: fail 30 s after attach, confirmed 60 s after. */
	add_lib(lib, "a.jsonl", 10, FAIL(40, "pprof", "s-a") MARK(70, "pprof", "confirmed"));
	/* pprof: fail 10 s, note at 25 s; leak: fail 100 s, never marked
	 * (a mark on pprof after it does not count for leak). */
	add_lib(lib, "b.jsonl", 0,
		FAIL(10, "pprof", "s-b") NOTE(25, "pprof") FAIL(100, "leak", "l-b")
		    MARK(150, "pprof", "confirmed"));
	/* pprof: fail 120 s; "none" at 125 s does not count; dismissed at 180 s. */
	add_lib(lib, "c.jsonl", 5,
		FAIL(125, "pprof", "s-c") MARK(130, "pprof", "none")
		    MARK(185, "pprof", "dismissed"));
	/* pprof: a note before it failed does not count; fail 50 s, mark 80 s;
	 * leak: fail 300 s, note 400 s. */
	add_lib(lib, "d.jsonl", 0,
		NOTE(20, "pprof") FAIL(50, "pprof", "s-d") MARK(80, "pprof", "confirmed")
		    FAIL(300, "leak", "l-d") NOTE(400, "leak"));
	faultlib_skip(lib, "junk.jsonl", "no line of 2 is a journal event");
	assert_int_equal(faultlib_sessions(lib), 4);
	md = faultlib_render(lib, "team", REPORT_MD);
	/* pprof found at 60, 25, 180, 80 -> median 70 s; its verdicts at 30,
	 * 10, 120, 50 -> 40 s. leak: marked once (400 s); verdicts 100, 300. */
	assert_non_null(
	    strstr(md, "| pprof | 4 of 4 | 4 | 1m 10s | 25.0s | 3m 00s | 40.0s | s-d |"));
	assert_non_null(strstr(md, "| leak | 2 of 4 | 1 | 6m 40s | 6m 40s | 6m 40s | 3m 20s |"));
	assert_true(strstr(md, "| pprof |") < strstr(md, "| leak |"));
	assert_non_null(strstr(md, "| b.jsonl | t | 2024-05-01T12:00:00Z | pprof | 10.0s | pprof "
				   "(note) | 25.0s |"));
	assert_non_null(strstr(md, "- junk.jsonl: no line of 2 is a journal event"));
	js = faultlib_render(lib, "team", REPORT_JSON);
	o = cJSON_Parse(js);
	assert_non_null(o);
	f0 = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "failures"), 0);
	f1 = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "failures"), 1);
	assert_string_equal(cJSON_GetObjectItem(f0, "id")->valuestring, "pprof");
	assert_true(cJSON_GetObjectItem(f0, "median_time_to_find_s")->valuedouble == 70);
	assert_true(cJSON_GetObjectItem(f0, "median_time_to_fail_s")->valuedouble == 40);
	assert_true(cJSON_GetObjectItem(f1, "max_time_to_find_s")->valuedouble == 400);
	assert_true(cJSON_GetObjectItem(f1, "marked_sessions")->valuedouble == 1);
	assert_true(cJSON_GetObjectItem(f1, "max_time_to_fail_s")->valuedouble == 300);
	s1 = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "journals"), 1);
	assert_string_equal(cJSON_GetObjectItem(s1, "found_by")->valuestring, "note");
	assert_true(cJSON_GetObjectItem(s1, "time_to_find_s")->valuedouble == 25);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "skipped")), 1);
	cJSON_Delete(o);
	free(js);
	free(md);
	faultlib_free(lib);
	faultlib_free(NULL);
}

/* A folder with no faults (one clean session, and none at all): renders,
 * and sorts nothing (qsort(NULL, 0) is undefined; make sanitize saw it). */
static void test_fault_library_empty(void **state)
{
	struct faultlib *lib = faultlib_new();
	char *md, *js;

	(void)state;
	md = faultlib_render(lib, "empty", REPORT_MD);
	js = faultlib_render(lib, "empty", REPORT_JSON);
	assert_non_null(md);
	assert_non_null(js);
	free(md);
	free(js);
	faultlib_free(lib);
}

/* Hostile numbers: durations and times far past what fits a long or a
 * time_t are clamped, not converted (undefined behaviour under UBSan). */
static void test_huge_numbers(void **state)
{
	char d[64];
	const char *j = "{\"t\":0,\"ts\":1e300,\"kind\":\"header\",\"format\":1}\n"
			"{\"t\":1,\"ts\":-1e300,\"kind\":\"fetch\",\"what\":\"g\",\"size\":1e300,"
			"\"duration\":1e300,\"status\":1e300}\n"
			"{\"t\":2,\"ts\":1e19,\"kind\":\"note\",\"text\":\"n\"}\n";
	struct journalread jr;
	char *md;

	(void)state;
	reporttext_duration(d, sizeof d, 1e300);
	assert_string_equal(d, "?");
	parse(j, &jr);
	md = report_session(&jr, "huge", REPORT_MD);
	assert_non_null(md);
	free(md);
	journalread_free(&jr);
}

static void test_durations_and_text(void **state)
{
	char d[32];
	struct buf b;

	(void)state;
	reporttext_duration(d, sizeof d, 0.0123);
	assert_string_equal(d, "12 ms");
	reporttext_duration(d, sizeof d, 42);
	assert_string_equal(d, "42.0s");
	reporttext_duration(d, sizeof d, 134);
	assert_string_equal(d, "2m 14s");
	reporttext_duration(d, sizeof d, 3723);
	assert_string_equal(d, "1h 02m 03s");
	reporttext_duration(d, sizeof d, -1);
	assert_string_equal(d, "?");
	buf_init(&b);
	reporttext_md(&b, "5.0s and 1.2.3 stay", 0);
	assert_string_equal(b.data, "5.0s and 1.2.3 stay");
	buf_reset(&b);
	reporttext_md(&b, "abcdefghij", 4);
	assert_string_equal(b.data, "abcd\xe2\x80\xa6");
	buf_reset(&b);
	reporttext_md(&b, "---", 0);
	assert_string_equal(b.data, "\\---");
	buf_reset(&b);
	reporttext_md(&b, NULL, 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* Periodic polls: one Series row each for goroutines and RSS with a
 * sparkline, and a single timeline row instead of one per poll. */
static void test_series(void **state)
{
	struct buf j;
	struct journalread jr;
	char *md;
	static const int g[] = {10, 10, 12, 20, 40, 80, 80, 79};

	(void)state;
	buf_init(&j);
	buf_adds(&j, HDR ATTACH);
	for (size_t i = 0; i < ARRAY_LEN(g); i++)
		buf_printf(&j,
			   "{\"t\":%zu,\"kind\":\"fetch\",\"what\":\"goroutine total "
			   "(debug=1)\",\"series\":\"poll\",\"goroutines\":%d,\"rss\":%d,"
			   "\"status\":200,\"size\":900,\"duration\":0.003}\n",
			   20 + 2 * i, g[i], (10 + g[i]) * 1048576);
	buf_adds(&j, "{\"t\":90,\"kind\":\"end\",\"reason\":\"quit\"}\n");
	parse(j.data, &jr);
	md = report_session(&jr, "s.jsonl", REPORT_MD);
	assert_non_null(strstr(md, "## Series"));
	assert_non_null(strstr(md, "| goroutines | 8 | +0:20 | +0:34 | 10 | 80 | 79 | "));
	assert_non_null(strstr(md, "| rss | 8 | +0:20 | +0:34 | 20.0 MB | 90.0 MB | 89.0 MB | "));
	/* The chart: lowest and highest blocks, low first. */
	assert_non_null(strstr(md, "\u2581\u2581"));
	assert_non_null(strstr(md, "\u2588\u2588"));
	assert_true(strstr(md, "\u2581") < strstr(md, "\u2588"));
	/* One timeline row for the series, not eight. */
	assert_non_null(strstr(md, "poll: 8 polls until +0:34, 10 to 79 goroutines (see Series)"));
	assert_null(strstr(md, "\u00d78")); /* no "x8" fetch group */
	free(md);
	journalread_free(&jr);
	buf_free(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markdown_draft),
	    cmocka_unit_test(test_time_to_find),
	    cmocka_unit_test(test_json_draft),
	    cmocka_unit_test(test_damaged_journals_are_reported_on),
	    cmocka_unit_test(test_hostile_text_is_escaped_and_redacted),
	    cmocka_unit_test(test_fault_library),
	    cmocka_unit_test(test_fault_library_empty),
	    cmocka_unit_test(test_huge_numbers),
	    cmocka_unit_test(test_durations_and_text),
	    cmocka_unit_test(test_series),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
