/* Unit tests: the one JSON form of a GOPROXY walk (collectors/gomod/
 * proxyjson.c): the keys and names both writers share, credentials
 * masked, the names and version-1 numbers read back, junk refused; and a
 * walk that goes through a facts document comes back whole, as the same
 * JSON `modules --json` prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/redact.h"
#include "collectors/facts_doc.h"
#include "collectors/gomod/proxyjson.h"

static void walk(struct proxyprobe *p)
{
	memset(p, 0, sizeof *p);
	assert_int_equal(proxyprobe_parse("https://bob:pa55word@proxy.example|direct", "", p, NULL),
			 0);
	p->module = xstrdup("example.com/dep");
	p->v[0].probe_url = xstrdup("https://bob:pa55word@proxy.example/example.com/dep/@v/list");
	p->v[0].outcome = PROXYPROBE_ERROR;
	p->v[0].status = 502;
	p->v[0].error = xstrdup("502 Bad Gateway");
	p->v[0].t_total = 0.25;
	p->v[1].outcome = PROXYPROBE_UNPROBED;
	proxyprobe_decide(p, 0);
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static void test_keys(void **state)
{
	struct proxyprobe p;
	cJSON *o, *e0, *e1;
	char *text;

	(void)state;
	walk(&p);
	o = proxyjson_new(&p, redact_text);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "entries")), 2);
	e0 = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "entries"), 0);
	e1 = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "entries"), 1);
	assert_string_equal(str(e0, "kind"), "url");
	assert_string_equal(str(e0, "outcome"), "error");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e0, "fallback_on_error")));
	assert_int_equal(cJSON_GetObjectItem(e0, "status")->valueint, 502);
	assert_string_equal(str(e1, "kind"), "direct");
	assert_string_equal(str(e1, "outcome"), "not probed");
	assert_string_equal(str(o, "module"), "example.com/dep");
	assert_non_null(cJSON_GetObjectItem(o, "decision"));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(o, "walk")));
	assert_non_null(cJSON_GetObjectItem(o, "served_by"));
	assert_non_null(cJSON_GetObjectItem(o, "dead_first"));
	/* The password never leaves, in any string. */
	text = cJSON_PrintUnformatted(o);
	assert_null(strstr(text, "pa55word"));
	assert_non_null(strstr(text, "proxy.example"));
	free(text);
	cJSON_Delete(o);
	proxyprobe_free(&p);
}

static void test_names_read_back(void **state)
{
	cJSON *v;

	(void)state;
	for (int i = 0; i <= PROXYPROBE_UNPROBED; i++) {
		v = cJSON_CreateString(proxyprobe_outcome_name((enum proxyprobe_outcome)i));
		assert_int_equal(proxyjson_outcome_from(v), i);
		cJSON_Delete(v);
		v = cJSON_CreateNumber(i); /* version 1 documents */
		assert_int_equal(proxyjson_outcome_from(v), i);
		cJSON_Delete(v);
	}
	for (int i = 0; i <= PROXYPROBE_NOPROXY; i++) {
		v = cJSON_CreateString(proxyjson_kind_name((enum proxyprobe_kind)i));
		assert_int_equal(proxyjson_kind_from(v), i);
		cJSON_Delete(v);
	}
	/* Junk: -1, never a neighbouring value. */
	v = cJSON_CreateString("OK");
	assert_int_equal(proxyjson_outcome_from(v), -1);
	cJSON_Delete(v);
	v = cJSON_CreateNumber(PROXYPROBE_UNPROBED + 1);
	assert_int_equal(proxyjson_outcome_from(v), -1);
	cJSON_Delete(v);
	v = cJSON_CreateNumber(1.5);
	assert_int_equal(proxyjson_kind_from(v), -1);
	cJSON_Delete(v);
	v = cJSON_CreateNumber(-1);
	assert_int_equal(proxyjson_kind_from(v), -1);
	cJSON_Delete(v);
	assert_int_equal(proxyjson_kind_from(NULL), -1);
}

/* Written into a facts document, read back, written again: the same JSON. */
static void test_through_facts_doc(void **state)
{
	struct target *t = xcalloc(1, sizeof *t), *t2 = xcalloc(1, sizeof *t2);
	struct facts *f = facts_new(t), *g = facts_new(t2);
	struct facts_doc *d = NULL;
	cJSON *a, *b, *built;
	char *doc, *cause = NULL, *sa, *sb;

	(void)state;
	f->proxy = xcalloc(1, sizeof *f->proxy);
	walk(f->proxy);
	f->collected |= FACT_PROXY;
	built = facts_doc_build(f, FACT_PROXY, "h");
	doc = cJSON_PrintUnformatted(built);
	cJSON_Delete(built);
	assert_non_null(strstr(doc, "\"outcome\":\"error\""));
	assert_int_equal(facts_doc_parse(doc, strlen(doc), &d, &cause), 0);
	facts_doc_apply(d, g, FACT_PROXY);
	assert_non_null(g->proxy);
	assert_int_equal(g->proxy->n, 2);
	assert_int_equal(g->proxy->v[0].outcome, PROXYPROBE_ERROR);
	assert_int_equal(g->proxy->v[1].kind, PROXYPROBE_DIRECT);
	assert_int_equal(g->proxy->v[1].outcome, PROXYPROBE_UNPROBED);
	a = proxyjson_new(f->proxy, redact_text);
	b = proxyjson_new(g->proxy, redact_text);
	sa = cJSON_PrintUnformatted(a);
	sb = cJSON_PrintUnformatted(b);
	assert_string_equal(sa, sb);
	free(sa);
	free(sb);
	cJSON_Delete(a);
	cJSON_Delete(b);
	free(doc);
	facts_doc_free(d);
	facts_free(f);
	facts_free(g);
	target_free(t);
	target_free(t2);
}

/* A version 1 document (numbers) is still read. */
static void test_version1(void **state)
{
	const char *doc = "{\"format\":\"gotriage-facts\",\"version\":1,\"parts\":{\"proxy\":{}},"
			  "\"proxy\":{\"entries\":[{\"url\":\"https://p\",\"kind\":0,\"outcome\":2,"
			  "\"status\":404},{\"url\":\"off\",\"kind\":2,\"outcome\":4}]}}";
	struct target *t = xcalloc(1, sizeof *t);
	struct facts *f = facts_new(t);
	struct facts_doc *d = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(facts_doc_parse(doc, strlen(doc), &d, &cause), 0);
	facts_doc_apply(d, f, FACT_PROXY);
	assert_non_null(f->proxy);
	assert_int_equal(f->proxy->v[0].outcome, PROXYPROBE_NOT_FOUND);
	assert_int_equal(f->proxy->v[1].kind, PROXYPROBE_OFF);
	assert_int_equal(f->proxy->v[1].outcome, PROXYPROBE_UNPROBED);
	facts_doc_free(d);
	facts_free(f);
	target_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_names_read_back),
	    cmocka_unit_test(test_through_facts_doc),
	    cmocka_unit_test(test_version1),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
