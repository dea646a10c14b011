/* Unit tests: the buildinfo pane's rows from hand-built buildinfo (module
 * text parsed by modinfo, as a binary would carry it), the running-vs-disk
 * comparison, marks, wrapping, sanitising and the symbol filter; then the
 * pane itself (no terminal: keys and jumps only) over a Go 1.18 function
 * table written here from docs/formats.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panes/buildinfo_rows.h"
#include "collectors/facts.h"
#include "panes/pane.h"
#include "collectors/elf/pclntab.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"
#include "tests/unit/synthelf.h"

/* The demo service's module text, as `go version -m` prints it. */
#define DEMO_MOD(tags)                                                                             \
	"path\texample.com/demo\n"                                                                 \
	"mod\texample.com/demo\t(devel)\t\n"                                                       \
	"dep\texample.com/demolib\t(devel)\t\n"                                                    \
	"build\t-compiler=gc\n"                                                                    \
	"build\t-tags=" tags "\n"                                                                  \
	"build\tCGO_ENABLED=1\n"                                                                   \
	"build\tGOARCH=amd64\n"                                                                    \
	"build\tGOOS=linux\n"
static const char demo_mod[] = DEMO_MOD("prod");

static const char *const demo_id = "mACM6HByyvODbu9LZcvM/PZqi8dWW9p8uzSBCcFLg/"
				   "_pmJ0SHnYPsnCtjDyUa5/VVXRqN3VaZMUTnnJQ8ji";

static struct buildinfo *make_bi(const char *version, const char *build_id, const char *mod)
{
	struct buildinfo *bi = xcalloc(1, sizeof *bi);
	char *cause = NULL;

	modinfo_init(&bi->mod);
	assert_int_equal(modinfo_parse(mod, strlen(mod), &bi->mod, &cause), 0);
	bi->go_version = xstrdup(version);
	bi->build_id = build_id ? xstrdup(build_id) : NULL;
	bi->modinfo = xstrdup(mod);
	bi->source = BUILDINFO_SRC_SECTION;
	bi->layout = BUILDINFO_LAYOUT_INLINE;
	bi->ptrsize = 8;
	return bi;
}

static const struct buildinfo_row *find(const struct buildinfo_rows *r, const char *needle)
{
	long i = buildinfo_rows_find(r, needle);

	if (i < 0)
		fail_msg("no row contains [%s]", needle);
	return &r->v[i];
}

/* Every row fits the column it is drawn in. */
static void assert_fits(const struct buildinfo_rows *r, int width)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct buildinfo_row *row = &r->v[i];
		size_t tw = sanitize_width(row->text);
		size_t room;

		switch (row->kind) {
		case BIROW_FIELD:
			room = (size_t)(width - BUILDINFO_ROWS_VALUE_X - 1);
			break;
		case BIROW_SETTING:
		case BIROW_DEP:
			room = (size_t)(width - 5);
			break;
		case BIROW_SIDE:
			room = (size_t)(width - BUILDINFO_ROWS_VALUE_X - 2) / 2;
			assert_true(sanitize_width(row->text2) <= room);
			assert_true(sanitize_width(row->label) <= BUILDINFO_ROWS_LABEL_W);
			break;
		case BIROW_HEADING:
			room = (size_t)width;
			break;
		default:
			room = (size_t)(width - 4);
			break;
		}
		if (tw > room)
			fail_msg("row %zu [%s] is %zu columns, room %zu", i, row->text, tw, room);
	}
}

static void test_demo(void **state)
{
	struct buildinfo *bi = make_bi("go1.19.8", demo_id, demo_mod);
	struct buildinfo_rows_in in = {0};
	struct buildinfo_rows r;
	const struct buildinfo_row *row;

	(void)state;
	buildinfo_rows_init(&r);
	in.running = bi;
	in.on_disk = bi;
	in.pid = 42;
	in.exe = "/srv/demo";
	in.nfuncs = 5283;
	in.funcs_desc = "pclntab 1.18-1.19, .gopclntab";
	in.collected = 1;
	in.width = 80;
	buildinfo_rows_build(&in, &r);

	row = find(&r, "go1.19.8");
	assert_int_equal(row->kind, BIROW_FIELD);
	assert_string_equal(row->label, "Go version");
	row = find(&r, "-tags=prod");
	assert_int_equal(row->kind, BIROW_SETTING);
	assert_int_equal(row->mark, BIMARK_KEY);
	assert_non_null(row->text2);
	assert_int_equal(find(&r, "CGO_ENABLED=1")->mark, BIMARK_KEY);
	assert_int_equal(find(&r, "-compiler=gc")->mark, BIMARK_NONE);
	assert_int_equal(find(&r, "GOOS=linux")->mark, BIMARK_NONE);
	row = find(&r, "example.com/demolib (devel)");
	assert_int_equal(row->kind, BIROW_DEP);
	assert_int_equal(row->mark, BIMARK_DEVEL);
	assert_int_equal(find(&r, "example.com/demo (devel)")->mark, BIMARK_DEVEL);
	assert_int_equal(find(&r, "5283 in the function table")->kind, BIROW_FIELD);
	/* Built with -buildvcs=false: say the commit cannot be checked. */
	assert_int_equal(find(&r, "no vcs.* settings")->mark, BIMARK_WARN);
	/* Same file on disk: a pass line, no side-by-side rows. */
	assert_int_equal(find(&r, "Same build as the file on disk")->mark, BIMARK_PASS);
	assert_true(buildinfo_rows_find(&r, "DIFFERENT BUILD") < 0);
	assert_true(buildinfo_rows_find(&r, "DELETED") < 0);
	/* The build ID (83 columns) wraps under its label instead of being cut. */
	row = find(&r, "mACM6HByyvODbu9LZcvM");
	assert_string_equal(row->label, "Build ID");
	assert_string_equal((row + 1)->label, "");
	assert_true(strstr((row + 1)->text, "JQ8ji") != NULL);
	assert_fits(&r, 80);

	buildinfo_rows_clear(&r);
	buildinfo_free(bi);
}

static void test_replacements(void **state)
{
	struct buildinfo *bi =
	    make_bi("go1.21.0", NULL,
		    "path\tx\nmod\tx\tv1.2.3\th1:abc=\n"
		    "dep\tgolang.org/x/net\tv0.1.0\n=>\t../net\t(devel)\t\n"
		    "dep\tgithub.com/a/b\tv1.0.0\th1:x=\n=>\tgithub.com/fork/b\tv1.0.1\th1:y=\n"
		    "dep\tgithub.com/plain\tv2.0.0\th1:z=\n");
	struct buildinfo_rows_in in = {0};
	struct buildinfo_rows r;
	const struct buildinfo_row *row;

	(void)state;
	buildinfo_rows_init(&r);
	in.running = bi;
	in.binary = "/tmp/x";
	in.width = 80;
	buildinfo_rows_build(&in, &r);
	row = find(&r, "golang.org/x/net v0.1.0");
	assert_int_equal(row->mark, BIMARK_REPLACED);
	assert_string_equal((row + 1)->text, "=> ../net (devel)");
	assert_int_equal((row + 1)->mark, BIMARK_REPLACED);
	assert_non_null(strstr((row + 1)->text2, "local directory"));
	row = find(&r, "=> github.com/fork/b v1.0.1");
	assert_non_null(strstr(row->text2, "another module"));
	assert_int_equal(find(&r, "github.com/plain v2.0.0")->mark, BIMARK_NONE);
	/* A tagged main module is not marked; no process: no comparison. */
	assert_int_equal(find(&r, "x v1.2.3 h1:abc=")->mark, BIMARK_NONE);
	assert_true(buildinfo_rows_find(&r, "Running image vs file on disk") < 0);
	assert_string_equal(find(&r, "/tmp/x")->label, "File");
	/* No build ID is worth a warning, not a blank. */
	assert_int_equal(find(&r, "(none)")->mark, BIMARK_WARN);
	assert_fits(&r, 80);
	buildinfo_rows_clear(&r);
	buildinfo_free(bi);
}

static void test_deleted_exe(void **state)
{
	struct buildinfo *bi = make_bi("go1.19.8", demo_id, demo_mod);
	struct buildinfo_rows_in in = {0};
	struct buildinfo_rows r;
	struct verdict v;
	const struct buildinfo_row *row;

	(void)state;
	verdict_init(&v);
	verdict_set(&v, VERDICT_FAIL, "the running binary was replaced on disk");
	buildinfo_rows_init(&r);
	in.running = bi;
	in.on_disk_error = "/srv/demo: No such file or directory";
	in.pid = 42;
	in.exe = "/srv/demo";
	in.exe_deleted = 1;
	in.stale = &v;
	in.collected = 1;
	in.width = 80;
	buildinfo_rows_build(&in, &r);
	row = find(&r, "/srv/demo (deleted)");
	assert_string_equal(row->label, "Executable");
	assert_int_equal(row->mark, BIMARK_FAIL);
	row = find(&r, "DELETED: /proc/42/exe");
	assert_int_equal(row->mark, BIMARK_FAIL);
	assert_int_equal(find(&r, "File on disk: /srv/demo: No such file")->mark, BIMARK_WARN);
	row = find(&r, "FAIL: the running binary was replaced on disk");
	assert_string_equal(row->label, "stale-binary");
	assert_int_equal(row->mark, BIMARK_FAIL);
	assert_fits(&r, 80);
	buildinfo_rows_clear(&r);
	buildinfo_free(bi);
	verdict_free(&v);
}

static void test_different_build(void **state)
{
	struct buildinfo *run = make_bi("go1.19.8", demo_id, demo_mod), *disk;
	struct buildinfo_rows_in in = {0};
	struct buildinfo_rows r;
	const struct buildinfo_row *row;
	long i;

	(void)state;
	disk = make_bi("go1.19.8",
		       "zzzzzzzzzzzzzzzzzzzz/PZqi8dWW9p8uzSBCcFLg/"
		       "_pmJ0SHnYPsnCtjDyUa5/VVXRqN3VaZMUTnnJQ8ji",
		       DEMO_MOD("dev"));
	buildinfo_rows_init(&r);
	in.running = run;
	in.on_disk = disk;
	in.pid = 42;
	in.exe = "/srv/demo";
	in.exe_deleted = 1;
	in.start_time = 1000;
	in.file_mtime = 2000;
	in.collected = 1;
	in.width = 80;
	buildinfo_rows_build(&in, &r);
	assert_int_equal(find(&r, "DIFFERENT BUILD")->mark, BIMARK_FAIL);
	assert_int_equal(find(&r, "2 ways:")->mark, BIMARK_FAIL);
	/* Short values side by side, under a running / on disk header. */
	i = buildinfo_rows_find(&r, "DIFFERENT BUILD");
	while (r.v[i].kind != BIROW_SIDE)
		i++;
	assert_string_equal(r.v[i].text, "running image");
	assert_string_equal(r.v[i].text2, "file on disk");
	i = buildinfo_rows_find(&r, "-tags");
	while (r.v[i].kind != BIROW_SIDE)
		i++;
	assert_string_equal(r.v[i].label, "-tags");
	assert_string_equal(r.v[i].text, "prod");
	assert_string_equal(r.v[i].text2, "dev");
	/* The build IDs do not fit a column: stacked, whole. */
	row = find(&r, "running: mACM6HByyvODbu9LZcvM");
	assert_int_equal(row->kind, BIROW_FIELD);
	assert_string_equal((row - 1)->text, "build ID");
	find(&r, "on disk: zzzzzzzzzzzzzzzzzzzz");
	/* Modified after start, with both times. */
	row = find(&r, "was modified at 1970-01-01 00:33:20 UTC");
	assert_int_equal(row->mark, BIMARK_FAIL);
	assert_fits(&r, 80);
	/* And still fits a narrow pane. */
	in.width = 40;
	buildinfo_rows_build(&in, &r);
	assert_fits(&r, 40);
	buildinfo_rows_clear(&r);
	buildinfo_free(run);
	buildinfo_free(disk);
}

static void test_not_collected_and_errors(void **state)
{
	struct buildinfo_rows_in in = {0};
	struct buildinfo_rows r;

	(void)state;
	buildinfo_rows_init(&r);
	in.pid = 7;
	in.exe = "/bin/x";
	in.width = 80;
	buildinfo_rows_build(&in, &r);
	assert_int_equal(find(&r, "reading the binary...")->mark, BIMARK_DIM);
	assert_int_equal(find(&r, "reading the file on disk...")->mark, BIMARK_DIM);
	in.collected = 1;
	in.running_error = "/proc/7/exe: not a Go binary (no .gopclntab, no buildinfo)";
	in.funcs_error = "/proc/7/exe: no pclntab";
	buildinfo_rows_build(&in, &r);
	assert_int_equal(find(&r, "not a Go binary")->mark, BIMARK_FAIL);
	assert_string_equal(find(&r, "no pclntab")->label, "Functions");
	assert_true(buildinfo_rows_find(&r, "Build settings") < 0);
	assert_fits(&r, 80);
	buildinfo_rows_clear(&r);
	buildinfo_rows_clear(&r); /* twice is fine */
}

static void test_missing_and_vcs(void **state)
{
	struct buildinfo *bi = make_bi("go1.26.0", NULL,
				       "path\tgithub.com/evanw/esbuild/cmd/esbuild\n"
				       "mod\tgithub.com/evanw/esbuild\tv0.25.0\n"
				       "build\t-ldflags=\"-s -w\"\n"
				       "build\t-trimpath=true\n"
				       "build\tDefaultGODEBUG=httplaxcontentlength=1\n"
				       "build\tvcs=git\n"
				       "build\tvcs.revision=0123456789abcdef\n"
				       "build\tvcs.modified=true\n");
	struct buildinfo_rows_in in = {0};
	struct buildinfo_rows r;
	const struct buildinfo_row *row;

	(void)state;
	bi->source = BUILDINFO_SRC_SCAN;
	bi->layout = BUILDINFO_LAYOUT_NONE;
	strlist_add(&bi->missing, "no .go.buildinfo section: the Go version comes from the "
				  "runtime.buildVersion string");
	buildinfo_rows_init(&r);
	in.running = bi;
	in.binary = "esbuild";
	in.width = 80;
	buildinfo_rows_build(&in, &r);
	find(&r, "Not found in this binary");
	row = find(&r, "no .go.buildinfo section");
	assert_int_equal(row->kind, BIROW_TEXT);
	assert_int_equal(row->mark, BIMARK_WARN);
	assert_string_equal(find(&r, "module markers")->label, "Build info");
	/* Go quotes a value with spaces; so do we. */
	assert_int_equal(find(&r, "-ldflags=\"-s -w\"")->mark, BIMARK_KEY);
	assert_int_equal(find(&r, "-trimpath=true")->mark, BIMARK_KEY);
	assert_int_equal(find(&r, "DefaultGODEBUG=")->mark, BIMARK_KEY);
	assert_int_equal(find(&r, "vcs=git")->mark, BIMARK_KEY);
	assert_int_equal(find(&r, "vcs.revision=0123456789abcdef")->mark, BIMARK_KEY);
	row = find(&r, "vcs.modified=true");
	assert_int_equal(row->mark, BIMARK_WARN);
	assert_non_null(strstr(row->text2, "uncommitted"));
	assert_true(buildinfo_rows_find(&r, "no vcs.* settings") < 0);
	assert_fits(&r, 80);
	buildinfo_rows_clear(&r);
	buildinfo_free(bi);
}

/* Bytes from the binary reach the rows sanitised, and wrapping never
 * splits a UTF-8 sequence. */
static void test_hostile_text(void **state)
{
	struct buildinfo *bi = make_bi("go1.19\x1b[2J", NULL,
				       "path\tevil\x1b]0;pwned\x07\n"
				       "mod\tevil\t(devel)\t\n");
	struct buildinfo_rows_in in = {0};
	struct buildinfo_rows r;
	struct buf long_exe;

	(void)state;
	buf_init(&long_exe);
	buf_adds(&long_exe, "/srv/");
	for (int i = 0; i < 60; i++)
		buf_adds(&long_exe, "\xc3\xa9"); /* é */
	buildinfo_rows_init(&r);
	in.running = bi;
	in.pid = 9;
	in.exe = long_exe.data;
	in.width = 40;
	buildinfo_rows_build(&in, &r);
	for (size_t i = 0; i < r.n; i++) {
		assert_null(strchr(r.v[i].text, '\x1b'));
		assert_null(strchr(r.v[i].text, '\x07'));
		assert_null(strstr(r.v[i].text, "\xef\xbf\xbd")); /* no U+FFFD from a split */
	}
	find(&r, "\\x1b");
	assert_fits(&r, 40);
	buildinfo_rows_clear(&r);
	buildinfo_free(bi);
	buf_free(&long_exe);
}

/* A secret baked into the binary with -ldflags -X (a registered value: the
 * service's --db-password, or its environment) must not reach the screen,
 * even where the setting is wrapped over several rows: every row is masked
 * the way draw_text() masks it, and no piece of the secret survives. */
static void test_secret_in_ldflags(void **state)
{
	static const char secret[] = "hunter2-db-secret-2f9c1a";
	struct buildinfo *bi;
	struct buildinfo_rows_in in = {0};
	struct buildinfo_rows r;
	struct buf mod;

	(void)state;
	redact_register_value(secret);
	buf_init(&mod);
	buf_printf(&mod,
		   "path\texample.com/demo\n"
		   "mod\texample.com/demo\tv1.4.0\t\n"
		   "build\t-ldflags=\"-s -w -X main.version=v1.4.0 -X main.dbPass=%s\"\n"
		   "build\tGOOS=linux\n",
		   secret);
	bi = make_bi("go1.19.8", demo_id, mod.data);
	buildinfo_rows_init(&r);
	in.running = bi;
	in.binary = "/srv/demo";
	in.collected = 1;
	for (int width = 40; width <= 120; width += 80) {
		in.width = width;
		buildinfo_rows_build(&in, &r);
		find(&r, "main.version=v1.4.0");
		for (size_t i = 0; i < r.n; i++) {
			const char *parts[] = {r.v[i].label, r.v[i].text, r.v[i].text2};

			for (size_t k = 0; k < 3; k++) {
				char *shown = parts[k] ? redact_text(parts[k]) : NULL;

				if (shown != NULL &&
				    (strstr(shown, "hunter2") || strstr(shown, "2f9c1a")))
					fail_msg("width %d row %zu shows the secret: %s", width, i,
						 shown);
				free(shown);
			}
		}
	}
	buildinfo_rows_clear(&r);
	buildinfo_free(bi);
	buf_free(&mod);
	redact_reset();
}

static void test_setting_notes(void **state)
{
	(void)state;
	assert_non_null(buildinfo_rows_setting_note("-tags", "prod"));
	assert_non_null(buildinfo_rows_setting_note("-buildmode", "pie"));
	assert_non_null(buildinfo_rows_setting_note("vcs.time", "2024-01-01T00:00:00Z"));
	assert_non_null(strstr(buildinfo_rows_setting_note("CGO_ENABLED", "0"), "off"));
	assert_non_null(strstr(buildinfo_rows_setting_note("CGO_ENABLED", "1"), "on"));
	assert_null(buildinfo_rows_setting_note("GOOS", "linux"));
	assert_null(buildinfo_rows_setting_note("-compiler", "gc"));
	assert_null(buildinfo_rows_setting_note(NULL, NULL));
	assert_true(buildinfo_rows_setting_warns("vcs.modified", "true"));
	assert_false(buildinfo_rows_setting_warns("vcs.modified", "false"));
	assert_false(buildinfo_rows_setting_warns("CGO_ENABLED", "0"));
}

static void test_match(void **state)
{
	static const char *const names[] = {
	    "main.cacheRefresher",
	    "main.cacheRefresher.func1",
	    "net/http.(*Server).Serve",
	    "runtime.gcBgMarkWorker",
	    "",
	    "main.createOrder",
	    "type..eq.main.Order",
	};
	static const char *const filters[] = {"cacheRefresher",
					      "cacherefresher",
					      "CACHE",
					      "serve",
					      "Serve",
					      "createOrderV2",
					      "",
					      "e",
					      "(*",
					      "order"};
	struct buildinfo_rows_names nm;

	(void)state;
	assert_true(buildinfo_rows_match("main.cacheRefresher", "cacheRefresher"));
	assert_true(buildinfo_rows_match("main.cacheRefresher", "refresher"));
	assert_false(buildinfo_rows_match("main.cacheRefresher", "Cacherefresher"));
	assert_false(buildinfo_rows_match("main.createOrder", "createOrderV2"));
	assert_true(buildinfo_rows_match("anything", ""));
	assert_false(buildinfo_rows_match(NULL, "x"));
	assert_true(buildinfo_rows_filter_has_upper("aB"));
	assert_false(buildinfo_rows_filter_has_upper("a.b(*c)"));

	/* The lower-cased index answers exactly as the plain matcher. */
	buildinfo_rows_names_init(&nm);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		buildinfo_rows_names_add(&nm, names[i]);
	buildinfo_rows_names_add(&nm, NULL);
	assert_int_equal(nm.n, sizeof names / sizeof names[0] + 1);
	for (size_t f = 0; f < sizeof filters / sizeof filters[0]; f++)
		for (size_t i = 0; i < nm.n; i++)
			assert_int_equal(
			    buildinfo_rows_names_match(&nm, i, filters[f],
						       buildinfo_rows_filter_has_upper(filters[f])),
			    buildinfo_rows_match(nm.v[i], filters[f]));
	assert_false(buildinfo_rows_names_match(&nm, nm.n, "", 0));
	/* The originals are kept as they are. */
	assert_string_equal(nm.v[0], "main.cacheRefresher");
	buildinfo_rows_names_reset(&nm);
	assert_int_equal(nm.n, 0);
	buildinfo_rows_names_add(&nm, "Z.Y");
	assert_int_equal(nm.nlower, 0); /* no copies until a case-insensitive match */
	assert_true(buildinfo_rows_names_match(&nm, 0, "Z.Y", 1));
	assert_int_equal(nm.nlower, 0);
	assert_true(buildinfo_rows_names_match(&nm, 0, "z.y", 0));
	assert_int_equal(nm.nlower, 1);
	/* A name added after the copies were made gets its own. */
	buildinfo_rows_names_add(&nm, "Main.X");
	assert_true(buildinfo_rows_names_match(&nm, 1, "main.x", 0));
	assert_false(buildinfo_rows_names_match(&nm, 0, "main.x", 0));
	assert_true(buildinfo_rows_names_match(&nm, 0, "z.y", 0));
	buildinfo_rows_names_free(&nm);
	buildinfo_rows_names_free(&nm);
}

/* ---- the pane, driven without a terminal ------------------------------ */

extern const struct pane_ops buildinfo_pane;

static const char *const fn_names[] = {
    "runtime.main",	   "main.init.0",
    "main.cacheRefresher", "main.cacheRefresher.func1",
    "main.handler",	   "net/http.(*Server).Serve",
    "main.main",
};
#define NFN (sizeof fn_names / sizeof fn_names[0])
#define FN_TEXT 0x401000u

/* A Go 1.18 pclntab (8-byte words, little-endian): header, names, then
 * the (entry, funcoff) pairs and one record per function. */
static size_t go118_table(unsigned char *b, size_t cap)
{
	size_t hdr = 8 + 8 * 8, off = hdr, pcln, recs, recsz = 32, nameat[NFN];
	uint64_t w[7];

	memset(b, 0, cap);
	synth_put(b, 0xfffffff0u, 4, 0);
	b[6] = 1;
	b[7] = 8;
	synth_put(b + 8, NFN, 8, 0);
	for (size_t i = 0; i < NFN; i++) {
		nameat[i] = off - hdr;
		strcpy((char *)b + off, fn_names[i]);
		off += strlen(fn_names[i]) + 1;
	}
	pcln = synth_align(off, 8);
	recs = synth_align((2 * NFN + 1) * 4, 8);
	for (size_t i = 0; i < NFN; i++) {
		synth_put(b + pcln + 8 * i, 0x40 * i, 4, 0);
		synth_put(b + pcln + 8 * i + 4, recs + i * recsz, 4, 0);
		synth_put(b + pcln + recs + i * recsz, 0x40 * i, 4, 0);
		synth_put(b + pcln + recs + i * recsz + 4, nameat[i], 4, 0);
	}
	synth_put(b + pcln + 8 * NFN, 0x40 * NFN, 4, 0);
	/* nfiles, textStart, funcname, cu, filetab, pctab, pcln */
	w[0] = 0, w[1] = FN_TEXT, w[2] = hdr;
	w[3] = w[4] = w[5] = w[6] = pcln;
	for (int k = 0; k < 7; k++)
		synth_put(b + 16 + 8 * (size_t)k, w[k], 8, 0);
	assert_true(pcln + recs + NFN * recsz <= cap);
	return pcln + recs + NFN * recsz;
}

struct fake {
	struct pane_ctx ctx;
	struct target target;
	struct procinfo proc;
	char status[512];
	unsigned collected_parts;
	unsigned char tab[4096];
};

static void fake_status(struct pane_ctx *ctx, const char *fmt, ...)
{
	struct fake *f = (struct fake *)ctx;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->status, sizeof f->status, fmt, ap);
	va_end(ap);
}

static void fake_collect(struct pane_ctx *ctx, unsigned parts)
{
	((struct fake *)ctx)->collected_parts |= parts;
}

static unsigned fake_collecting(struct pane_ctx *ctx)
{
	(void)ctx;
	return 0;
}

static void fake_load_table(struct fake *f)
{
	char *cause = NULL;
	size_t len = go118_table(f->tab, sizeof f->tab);

	assert_int_equal(functab_parse(f->tab, len, FN_TEXT, &f->ctx.facts->funcs, &cause), 0);
	assert_int_equal(functab_count(f->ctx.facts->funcs), NFN);
	f->ctx.facts->collected |= FACT_BINARY;
	f->ctx.facts->generation++;
}

static struct fake *fake_new(void)
{
	struct fake *f = xcalloc(1, sizeof *f);

	f->target.pid = 4242;
	f->target.proc = &f->proc;
	f->proc.exe = "/srv/demo";
	f->ctx.target = &f->target;
	f->ctx.facts = facts_new(&f->target);
	f->ctx.status = fake_status;
	f->ctx.collect = fake_collect;
	f->ctx.collecting = fake_collecting;
	return f;
}

static void fake_free(struct fake *f)
{
	facts_free(f->ctx.facts);
	free(f);
}

/* Enter on the selection puts the function and its address in the status. */
static void expect_selected(struct fake *f, void *p, const char *name, size_t idx)
{
	char want[256];

	snprintf(want, sizeof want, "%s: entry 0x%zx (function %zu of %zu)", name,
		 (size_t)(FN_TEXT + 0x40 * idx), idx + 1, NFN);
	f->status[0] = '\0';
	assert_true(buildinfo_pane.key(p, &f->ctx, ACT_OPEN, '\n'));
	assert_string_equal(f->status, want);
}

static void type(struct fake *f, void *p, const char *text)
{
	for (const char *c = text; *c; c++)
		assert_true(buildinfo_pane.key(p, &f->ctx, ACT_NONE, *c));
}

static void test_pane_symbol_search(void **state)
{
	struct fake *f = fake_new();
	void *p = buildinfo_pane.init(&f->ctx);

	(void)state;
	assert_string_equal(buildinfo_pane.name, "buildinfo");
	assert_string_equal(buildinfo_pane.title, "Binary");
	fake_load_table(f);
	/* / opens the filter box (the pane then takes raw keys) over the table. */
	assert_false(buildinfo_pane.wants_text(p));
	assert_true(buildinfo_pane.key(p, &f->ctx, ACT_FILTER, '/'));
	assert_true(buildinfo_pane.wants_text(p));
	type(f, p, "refresher");
	/* Enter closes the box and shows the first match's address. */
	assert_true(buildinfo_pane.key(p, &f->ctx, ACT_OPEN, '\n'));
	assert_false(buildinfo_pane.wants_text(p));
	assert_non_null(strstr(f->status, "main.cacheRefresher: entry 0x401080"));
	assert_true(buildinfo_pane.key(p, &f->ctx, ACT_DOWN, KEY_DOWN));
	expect_selected(f, p, "main.cacheRefresher.func1", 3);
	/* A capital letter makes the match case-sensitive. */
	assert_true(buildinfo_pane.key(p, &f->ctx, ACT_FILTER, '/'));
	type(f, p, "\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7fServe");
	buildinfo_pane.key(p, &f->ctx, ACT_NONE, '\n');
	expect_selected(f, p, "net/http.(*Server).Serve", 5);
	/* Esc clears the filter, a second Esc leaves the symbols for the build view. */
	assert_true(buildinfo_pane.key(p, &f->ctx, ACT_BACK, 27));
	assert_true(buildinfo_pane.key(p, &f->ctx, ACT_BACK, 27));
	assert_false(buildinfo_pane.key(p, &f->ctx, ACT_OPEN, '\n'));
	/* t toggles back to the symbols, unfiltered, on the same row. */
	assert_true(buildinfo_pane.key(p, &f->ctx, ACT_TOGGLE, 't'));
	expect_selected(f, p, "net/http.(*Server).Serve", 5);
	/* r re-collects the binary facts. */
	assert_true(buildinfo_pane.key(p, &f->ctx, ACT_REFRESH, 'r'));
	assert_int_equal(f->collected_parts, FACT_BINARY);
	buildinfo_pane.destroy(p);
	fake_free(f);
}

static void test_pane_jumps(void **state)
{
	struct fake *f = fake_new();
	void *p = buildinfo_pane.init(&f->ctx);

	(void)state;
	/* Before the table is read: remembered, selected when it arrives. */
	assert_int_equal(buildinfo_pane.jump(p, &f->ctx, "sym:main.cacheRefresher"), 0);
	fake_load_table(f);
	expect_selected(f, p, "main.cacheRefresher", 2);
	/* Exact name: main.cacheRefresher.func1 also contains it, yet the
	 * jump lands on the function itself. */
	assert_int_equal(buildinfo_pane.jump(p, &f->ctx, "sym:main.main"), 0);
	expect_selected(f, p, "main.main", 6);
	/* A function that is compiled out: said so, nothing selected. */
	f->status[0] = '\0';
	assert_int_equal(buildinfo_pane.jump(p, &f->ctx, "sym:main.createOrderV2"), 0);
	assert_string_equal(f->status,
			    "main.createOrderV2 is not in the running binary's function table");
	f->status[0] = '\0';
	assert_true(buildinfo_pane.key(p, &f->ctx, ACT_OPEN, '\n'));
	assert_string_equal(f->status, "");
	/* filter: applies to the symbols while they are shown. */
	assert_int_equal(buildinfo_pane.jump(p, &f->ctx, "filter:init"), 0);
	expect_selected(f, p, "main.init.0", 1);
	assert_int_equal(buildinfo_pane.jump(p, &f->ctx, "goroutine:12"), -1);
	assert_int_equal(buildinfo_pane.jump(p, &f->ctx, "code:main.go:3"), -1);
	buildinfo_pane.destroy(p);
	buildinfo_pane.destroy(NULL);
	fake_free(f);
}

/* The exe replaced under a running process: re-read both sides once. */
static void test_pane_tick_rereads_on_replace(void **state)
{
	struct fake *f = fake_new();
	void *p = buildinfo_pane.init(&f->ctx);

	(void)state;
	fake_load_table(f);
	buildinfo_pane.tick(p, &f->ctx, 1.0);
	assert_int_equal(f->collected_parts, 0);
	f->proc.exe_deleted = 1;
	buildinfo_pane.tick(p, &f->ctx, 2.0);
	assert_int_equal(f->collected_parts, FACT_BINARY);
	f->collected_parts = 0;
	buildinfo_pane.tick(p, &f->ctx, 3.0);
	assert_int_equal(f->collected_parts, 0);
	buildinfo_pane.destroy(p);
	fake_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_demo),
	    cmocka_unit_test(test_replacements),
	    cmocka_unit_test(test_deleted_exe),
	    cmocka_unit_test(test_different_build),
	    cmocka_unit_test(test_not_collected_and_errors),
	    cmocka_unit_test(test_missing_and_vcs),
	    cmocka_unit_test(test_hostile_text),
	    cmocka_unit_test(test_secret_in_ldflags),
	    cmocka_unit_test(test_setting_notes),
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_pane_symbol_search),
	    cmocka_unit_test(test_pane_jumps),
	    cmocka_unit_test(test_pane_tick_rereads_on_replace),
	};

	/* Widths are counted as the console counts them, in a UTF-8 locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
