/* Unit tests: the routes pane as it is drawn (panes/routes.c through its
 * pane_ops, on a real curses window read back): a secret in a route's
 * path (a webhook path with its key in it, as code often has) and in the
 * URL it was probed at must show on no row, neither where the table cuts
 * the path short with an ellipsis nor where the detail view wraps it over
 * two rows: both are masked whole before they are cut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/facts.h"
#include "collectors/proc/target.h"
#include "collectors/repo/reposcan.h"
#include "panes/pane.h"
#include "tests/unit/panes/leakcheck.h"
#include "tests/unit/panes/screenshot.h"

extern const struct pane_ops routes_pane;

/* A value learned from the service's environment (WEBHOOK_SECRET). */
static const char known[] = "Hq7vK2mZp9xR4tLw8nB3cY6dJ1fG5sA0";
/* A token as the user part of the URL the service is reached at. */
static const char token[] = "ghpAb12Cd34Ef56Gh78Ij90Kl12Mn34Op56";

static const char hooks_go[] = "package main\n"
			       "\n"
			       "import \"net/http\"\n"
			       "\n"
			       "func main() {\n"
			       "\thttp.HandleFunc(\"/hooks/deploy/"
			       "Hq7vK2mZp9xR4tLw8nB3cY6dJ1fG5sA0\", deploy)\n"
			       "\thttp.ListenAndServe(\":8080\", nil)\n"
			       "}\n"
			       "\n"
			       "func deploy(w http.ResponseWriter, r *http.Request) {}\n";

static void c_status(struct pane_ctx *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static unsigned c_collecting(struct pane_ctx *ctx)
{
	(void)ctx;
	return 0;
}

/* Draws the pane at rows x cols and fails on any row holding a piece of
 * either secret; returns how many rows showed a mask. */
static int draw_and_check(void *pane, struct pane_ctx *ctx, int rows, int cols, const char *what)
{
	struct shot s;
	int masks = 0;

	if (shot_open(&s, rows, cols) < 0) {
		shot_close(&s);
		skip();
	}
	routes_pane.draw(pane, ctx, s.w, s.rows, s.cols);
	for (int y = 0; y < s.rows; y++) {
		char *row = shot_row(&s, y);
		long a = leak_piece_in(row, known), b = leak_piece_in(row, token);

		if (a >= 0 || b >= 0) {
			shot_close(&s);
			fail_msg("%s at %d columns, row %d shows \"%.6s\": %s", what, cols, y,
				 a >= 0 ? known + a : token + b, row);
		}
		if (getenv("SHOW_ROWS"))
			print_message("%2d|%s|\n", y, row);
		/* The mask itself may be wrapped: either half counts. */
		masks += strstr(row, "[REDA") != NULL || strstr(row, "CTED]") != NULL;
		free(row);
	}
	shot_close(&s);
	return masks;
}

static void test_secret_in_route_path(void **state)
{
	struct buildconstraint_ctx bc;
	struct reposcan *scan;
	struct route_probe *probe = calloc(1, sizeof *probe);
	struct facts *f = facts_new(NULL);
	struct target t = {0};
	struct pane_ctx ctx = {0};
	char url[256];
	void *pane;

	(void)state;
	redact_register_value(known);
	buildconstraint_ctx_init(&bc, "linux", "amd64", 19);
	scan = reposcan_new(NULL, &bc);
	reposcan_source(scan, "main.go", hooks_go, strlen(hooks_go));
	reposcan_finish(scan);
	buildconstraint_ctx_free(&bc);
	snprintf(url, sizeof url, "https://%s@127.0.0.1:8443/hooks/deploy/%s", token, known);
	probe->method = (char *)"GET";
	probe->path = (char *)"/hooks/deploy/Hq7vK2mZp9xR4tLw8nB3cY6dJ1fG5sA0";
	probe->url = url;
	probe->status = 200;
	probe->seconds = 0.002;
	f->scan = scan;
	f->probes = probe;
	f->nprobes = 1;
	f->collected |= FACT_REPO | FACT_ROUTES;
	f->generation++;
	ctx.facts = f;
	ctx.target = &t;
	ctx.status = c_status;
	ctx.collecting = c_collecting;
	pane = routes_pane.init(&ctx);
	/* The table: the path is cut short at these widths. */
	for (int cols = 50; cols <= 90; cols += 20)
		assert_true(draw_and_check(pane, &ctx, 24, cols, "table") >= 1);
	/* The detail: "Route: GET /hooks/..." and "Probe: GET https://..."
	 * wrap over two rows or more. */
	assert_int_equal(routes_pane.key(pane, &ctx, ACT_OPEN, 0), 1);
	for (int cols = 30; cols <= 70; cols += 8)
		assert_true(draw_and_check(pane, &ctx, 40, cols, "detail") >= 2);
	routes_pane.destroy(pane);
	f->scan = NULL;
	f->probes = NULL;
	f->nprobes = 0;
	facts_free(f);
	reposcan_free(scan);
	free(probe);
	redact_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_secret_in_route_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
