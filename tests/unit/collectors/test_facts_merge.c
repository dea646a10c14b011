/* Unit tests: facts_merge() of one part leaves the other parts whole.
 * The modules part keeps the running binary's dependency list (for
 * modstate and the cgo check); a later collection of the binary alone
 * (the buildinfo pane's r, the ssh refresh) replaces f->running, so that
 * list must not point into it (make tsan found a use-after-free there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/elf/buildinfo.h"
#include "collectors/facts.h"
#include "collectors/gomod/goenv.h"
#include "collectors/gomod/modstate.h"

static const char modinfo_text[] = "path\texample.com/demo\nmod\texample.com/demo\t(devel)\t\n"
				   "dep\texample.com/demolib\tv1.0.0\th1:abc=\n"
				   "dep\texample.com/other\tv0.2.0\th1:def=\n"
				   "=>\t../other\t\t\n"
				   "build\tCGO_ENABLED=1\n";

/* A source that carries the process side, as a facts document does. */
static int fake_fill(void *arg, struct facts *f, unsigned parts, char **cause)
{
	(void)arg;
	(void)cause;
	if ((parts & FACT_BINARY) && f->running == NULL) {
		char *why = NULL;

		f->running = xcalloc(1, sizeof *f->running);
		modinfo_init(&f->running->mod);
		f->running->go_version = xstrdup("go1.19.8");
		f->running->modinfo = xstrdup(modinfo_text);
		assert_int_equal(modinfo_parse(f->running->modinfo, strlen(f->running->modinfo),
					       &f->running->mod, &why),
				 0);
	}
	if ((parts & FACT_MODULES) && f->env == NULL) {
		struct goenv_input in = {0};

		f->env = xcalloc(1, sizeof *f->env);
		goenv_resolve(&in, f->env);
	}
	return (int)parts;
}

static void test_binary_merge_keeps_module_deps(void **state)
{
	struct facts_source src = {.fill = fake_fill, .host = "test"};
	struct target *t = xcalloc(1, sizeof *t);
	struct facts *f = facts_new(t), *g = facts_new(t);

	(void)state;
	f->source = &src;
	g->source = &src;
	facts_collect(f, FACT_MODULES);
	assert_non_null(f->running);
	assert_int_equal(f->ndeps, 2);
	assert_string_equal(f->deps[0].path, "example.com/demolib");
	assert_string_equal(f->deps[1].replace_path, "../other");
	/* The list owns its strings: not the binary's. */
	assert_ptr_not_equal(f->deps[0].path, f->running->mod.deps[0].path);
	assert_ptr_not_equal(f->deps[0].version, f->running->mod.deps[0].version);

	facts_collect(g, FACT_BINARY);
	facts_merge(f, g); /* frees f's old f->running, and g */
	assert_string_equal(f->deps[0].path, "example.com/demolib");
	assert_string_equal(f->deps[0].version, "v1.0.0");
	assert_string_equal(f->deps[1].replace_path, "../other");
	facts_free(f);
	target_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_binary_merge_keeps_module_deps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
