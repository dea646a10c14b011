/* cmd_scan.c: `gotriage scan`: what a repository declares (routes,
 * middleware, gRPC registrations, listen addresses, tickers, config
 * reloads, init goroutines, plugins, embeds) and which files the build
 * context leaves out, with the constraint term that excludes each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "commands.h"
#include "collectors/repo/golex.h"
#include "collectors/repo/reposcan.h"
#include "collectors/base/sanitize.h"
#include "collectors/git/gitrepo.h"

static int usage_error(const char *msg)
{
	return commands_usage_error("scan", "%s", msg);
}

/* Sanitised copy of a repo-derived string for one printf; a small ring of
 * buffers keeps up to 16 alive at a time, so several fit in one call. */
static const char *S(const char *s)
{
	static char *ring[16];
	static unsigned next;
	char **slot = &ring[next++ % 16];

	free(*slot);
	*slot = sanitize_str(s != NULL ? s : "");
	return *slot;
}

static void where(const struct reposcan *s, const struct reposcan_site *at)
{
	const struct reposcan_file *f = &s->files[at->file];

	printf("%s:%d", S(f->path), at->line);
	if (at->func != NULL && at->func[0] != '\0')
		printf(" in %s", S(at->func));
	if (!f->bc.included)
		fputs(" [file not in build]", stdout);
}

static void print_header(const struct reposcan *s)
{
	size_t excluded = 0;

	printf("repo %s", S(s->root));
	if (s->module != NULL)
		printf("  module %s", S(s->module));
	printf("\ncontext GOOS=%s GOARCH=%s CGO_ENABLED=%d go1.%d", S(s->ctx.goos),
	       S(s->ctx.goarch), s->ctx.cgo, s->ctx.go_minor);
	if (s->ctx.arch_level != NULL)
		printf(" level=%s", S(s->ctx.arch_level));
	fputs(" tags=", stdout);
	for (size_t i = 0; i < s->ctx.tags.n; i++)
		printf("%s%s", i ? "," : "", S(s->ctx.tags.v[i]));
	printf("\nscanned %zu files, %zu lines, %zu bytes in %.3f s\n", s->nfiles, s->lines,
	       s->bytes, s->seconds);

	for (size_t i = 0; i < s->nfiles; i++)
		excluded += !s->files[i].bc.included;
	printf("\nexcluded files (%zu)\n", excluded);
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct reposcan_file *f = &s->files[i];
		char *d;

		if (f->bc.included)
			continue;
		d = buildconstraint_result_describe(&f->bc);
		printf("  %s: %s\n", S(f->path), S(d));
		free(d);
	}
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].bc.disagree)
			printf("  note: %s: //go:build and // +build lines disagree; //go:build "
			       "wins\n",
			       S(s->files[i].path));
}

static void print_http(const struct reposcan *s)
{
	printf("\nroutes (%zu)\n", s->nroutes);
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct reposcan_route *r = &s->routes[i];

		printf("  %-7s %s", S(r->method[0] ? r->method : "*"),
		       S(r->full_path ? r->full_path
			 : r->path    ? r->path
				      : r->pattern_expr));
		if (r->host != NULL && r->host[0])
			printf(" (host %s)", S(r->host));
		printf("  -> %s  [%s%s %s.%s]  ", S(r->handler), reposcan_family_name(r->family),
		       r->family_guessed ? "?" : "", S(r->router), S(r->call));
		where(s, &r->at);
		if (r->go122)
			fputs("  (method/wildcard pattern: needs go1.22's ServeMux)", stdout);
		if (r->via != NULL)
			printf("\n          via %s", S(r->via));
		putchar('\n');
	}
	printf("\nunresolved registrations (%zu: not counted as routes)\n", s->nunresolved);
	for (size_t i = 0; i < s->nunresolved; i++) {
		const struct reposcan_unresolved *u = &s->unresolved[i];

		printf("  %s(%s, %s): %s  ", S(u->call), S(u->expr), S(u->handler), S(u->why));
		where(s, &u->at);
		if (u->via != NULL)
			printf("\n          via %s", S(u->via));
		putchar('\n');
	}
	printf("\nmiddleware (%zu)\n", s->nmws);
	for (size_t i = 0; i < s->nmws; i++) {
		const struct reposcan_middleware *m = &s->mws[i];

		printf("  %s.Use(%s)  [%s, %s]  ", S(m->router), S(m->expr),
		       reposcan_family_name(m->family), reposcan_mw_effect_name(m->effect));
		where(s, &m->at);
		if (m->after_routes)
			printf("  AFTER %d route(s) on %s (first at line %d)", m->routes_before,
			       S(m->router), m->first_route_line);
		if (m->after_group)
			fputs("  after a group was derived from it", stdout);
		putchar('\n');
	}
	printf("\ngrpc registrations (%zu)\n", s->ngrpcs);
	for (size_t i = 0; i < s->ngrpcs; i++) {
		const struct reposcan_grpc *g = &s->grpcs[i];

		printf("  %s on %s  (%s)  ", S(g->service), S(g->server), S(g->call));
		where(s, &g->at);
		if (g->in_go)
			fputs("  INSIDE A go STATEMENT", stdout);
		if (g->after_serve)
			printf("  AFTER Serve (line %d)", g->serve_line);
		if (g->other_server)
			printf("  on a different server than the one served (%s, line %d)",
			       S(g->served ? g->served : "?"), g->serve_line);
		putchar('\n');
	}
	printf("\nlisten addresses (%zu)\n", s->nlistens);
	for (size_t i = 0; i < s->nlistens; i++) {
		const struct reposcan_listen *l = &s->listens[i];

		printf("  %s  %s  [%s%s%s]  ", S(l->addr ? l->addr : "?"), S(l->call),
		       reposcan_addr_source_name(l->source), l->source_name ? " " : "",
		       S(l->source_name ? l->source_name : ""));
		where(s, &l->at);
		if (l->addr == NULL)
			printf("  expr: %s", S(l->expr));
		putchar('\n');
	}
}

static void print_other(const struct reposcan *s)
{
	printf("\ntickers (%zu)\n", s->ntickers);
	for (size_t i = 0; i < s->ntickers; i++) {
		const struct reposcan_ticker *t = &s->tickers[i];

		printf("  %s%s%s  consumer %s (%s)%s%s  ", S(t->call), t->var ? " -> " : "",
		       S(t->var ? t->var : ""),
		       S(t->consumer && t->consumer[0] ? t->consumer : "?"),
		       S(t->consumer_symbol ? t->consumer_symbol : "?"),
		       t->consumer_found ? "" : " NO RECEIVE FOUND",
		       t->started_by_go ? " started by go" : "");
		where(s, &t->at);
		putchar('\n');
	}
	printf("\nconfig reload (viper) (%zu)\n", s->nvipers);
	for (size_t i = 0; i < s->nvipers; i++) {
		const struct reposcan_viper *v = &s->vipers[i];

		if (v->on_change)
			printf("  OnConfigChange(%s)  %s%s  ", S(v->callback),
			       v->reloads_nothing == 1
				   ? "RELOADS NOTHING (only reads viper or logs)"
			       : v->reloads_nothing == 0 ? "calls: "
							 : "body not found",
			       S(v->reloads_nothing == 0 ? v->app_calls : ""));
		else
			fputs("  WatchConfig()  ", stdout);
		where(s, &v->at);
		putchar('\n');
	}
	printf("\ngo statements in init (%zu)\n", s->ninitgos);
	for (size_t i = 0; i < s->ninitgos; i++) {
		printf("  go %s  ", S(s->initgos[i].expr));
		where(s, &s->initgos[i].at);
		putchar('\n');
	}
	printf("\nplugin.Open (%zu)\n", s->nplugins);
	for (size_t i = 0; i < s->nplugins; i++) {
		printf("  %s  ", S(s->plugins[i].path ? s->plugins[i].path : s->plugins[i].expr));
		where(s, &s->plugins[i].at);
		putchar('\n');
	}
	printf("\nembed patterns (%zu)\n", s->nembeds);
	for (size_t i = 0; i < s->nembeds; i++) {
		const struct reposcan_embed *e = &s->embeds[i];

		printf("  //go:embed %s -> %s%s  ", S(e->pattern), S(e->var),
		       e->is_fs ? " (embed.FS)" : "");
		where(s, &e->at);
		if (!e->valid)
			fputs("  INVALID PATTERN", stdout);
		else if (e->matches == 0)
			fputs("  MATCHES NOTHING", stdout);
		putchar('\n');
	}
	printf("\nembed lookups (%zu)\n", s->nembedcalls);
	for (size_t i = 0; i < s->nembedcalls; i++) {
		const struct reposcan_embedcall *c = &s->embedcalls[i];

		printf("  %s.%s(\"%s\")  ", S(c->var), S(c->call), S(c->path));
		where(s, &c->at);
		if (!c->valid)
			printf("  INVALID PATH: %s", c->why);
		putchar('\n');
	}
	printf("\ncgo files\n");
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].imports_c)
			printf("  %s imports \"C\"%s\n", S(s->files[i].path),
			       s->files[i].bc.included ? "" : " (excluded)");
	if (s->warnings.n > 0) {
		printf("\nwarnings (%zu)\n", s->warnings.n);
		for (size_t i = 0; i < s->warnings.n; i++)
			printf("  %s\n", S(s->warnings.v[i]));
	}
}

static void print_text(const struct reposcan *s)
{
	print_header(s);
	print_http(s);
	print_other(s);
}

/* Every string in the JSON passes the sanitiser too: cJSON escapes C0
 * controls but would pass C1 controls and invalid UTF-8 through. */
static void sanitize_json(cJSON *j)
{
	for (cJSON *c = j; c != NULL; c = c->next) {
		if (cJSON_IsString(c) && c->valuestring != NULL) {
			char *clean = sanitize_str(c->valuestring);

			if (strcmp(clean, c->valuestring) != 0)
				cJSON_SetValuestring(c, clean);
			free(clean);
		}
		if (c->child != NULL)
			sanitize_json(c->child);
	}
}

/* Debugging aid: the lexer's tokens, one per line, for comparing with
 * go/scanner. */
static int dump_tokens(int argc, char **argv)
{
	int rc = 0;

	for (int i = 0; i < argc; i++) {
		struct buf b;
		char *cause = NULL;
		struct golex lx;
		struct gotok t;

		buf_init(&b);
		if (read_file_capped(argv[i], 64 * MIB, &b, NULL, &cause) < 0) {
			fprintf(stderr, "gotriage scan: %s\n", cause);
			free(cause);
			rc = 2;
			continue;
		}
		golex_init(&lx, b.data, b.len);
		while (golex_next(&lx, &t) != GOTOK_EOF) {
			int show = t.kind == GOTOK_IDENT || t.kind == GOTOK_KEYWORD ||
				   t.kind == GOTOK_OP || t.kind == GOTOK_INT ||
				   t.kind == GOTOK_FLOAT || t.kind == GOTOK_IMAG ||
				   t.kind == GOTOK_CHAR;

			if (t.kind == GOTOK_SEMI)
				printf("%u SEMI\n", t.line);
			else {
				char *txt = xstrndup(b.data + t.off, show ? t.len : 0);

				printf("%u %u %s %s\n", t.line, t.off, golex_kind_name(t.kind),
				       S(txt));
				free(txt);
			}
		}
		buf_free(&b);
	}
	return rc;
}

static const char *host_arch(void)
{
	struct utsname u;

	if (uname(&u) != 0)
		return "amd64";
	if (strcmp(u.machine, "aarch64") == 0)
		return "arm64";
	if (strcmp(u.machine, "i686") == 0 || strcmp(u.machine, "i386") == 0)
		return "386";
	if (strncmp(u.machine, "armv", 4) == 0)
		return "arm";
	if (strcmp(u.machine, "riscv64") == 0 || strcmp(u.machine, "s390x") == 0 ||
	    strcmp(u.machine, "ppc64le") == 0)
		return u.machine[0] == 'r' ? "riscv64" : u.machine[0] == 's' ? "s390x" : "ppc64le";
	return "amd64";
}

/* The working tree, or with --rev the commit's tree from git objects. */
static int scan_at(const char *repo, const char *rev, const struct reposcan_opts *o,
		   struct reposcan **s, char **cause)
{
	struct gitrepo *r;
	struct srctree *t;
	char hex[GITREPO_HEX];
	int rc;

	if (rev == NULL)
		return reposcan_run(repo, o, s, cause);
	if (gitrepo_open(repo, &r, cause) < 0)
		return -1;
	if (gitrepo_commit(r, rev, hex, cause) != 1) {
		gitrepo_free(r);
		return -1;
	}
	t = gitrepo_tree(r, hex, "commit", cause);
	gitrepo_free(r);
	if (t == NULL)
		return -1;
	rc = reposcan_run_tree(t, o, s, cause);
	srctree_free(t);
	return rc;
}

int cmd_scan(int argc, char **argv)
{
	const char *repo = NULL, *tags = NULL, *goos = "linux", *goarch = NULL, *gover = "1.19";
	const char *level = NULL, *exp = NULL, *rev = NULL;
	int json = 0, cgo = 1, all = 0, vendor = 0, minor;
	struct buildconstraint_ctx ctx;
	struct reposcan_opts o;
	struct reposcan *s;
	char *cause = NULL;
	char vbuf[32];
	struct cmdargs a;

	if (!commands_parse("scan", argc, argv, &a, &minor))
		return minor;
	if (cmdargs_has(&a, "tokens"))
		return a.npos > 0 ? dump_tokens(a.npos, a.pos)
				  : usage_error("--tokens needs FILE...");
	if (a.npos > 1 || (a.npos == 1 && cmdargs_has(&a, "repo")))
		return usage_error("one repository at a time");
	json = cmdargs_has(&a, "json");
	all = cmdargs_has(&a, "all");
	vendor = cmdargs_has(&a, "vendor");
	repo = a.npos == 1 ? a.pos[0] : cmdargs_get(&a, "repo");
	tags = cmdargs_get(&a, "tags");
	goos = cmdargs_has(&a, "goos") ? cmdargs_get(&a, "goos") : goos;
	goarch = cmdargs_get(&a, "goarch");
	gover = cmdargs_has(&a, "go") ? cmdargs_get(&a, "go") : gover;
	level = cmdargs_get(&a, "arch-level");
	exp = cmdargs_get(&a, "experiment");
	rev = cmdargs_get(&a, "rev");
	if (cmdargs_has(&a, "cgo")) {
		const char *v = cmdargs_get(&a, "cgo");

		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
			return usage_error("--cgo takes 0 or 1");
		cgo = v[0] == '1';
	}
	if (repo == NULL)
		return usage_error("no repository given (pass --repo DIR)");
	snprintf(vbuf, sizeof vbuf, "go%s", strncmp(gover, "go", 2) == 0 ? gover + 2 : gover);
	if ((minor = buildconstraint_go_minor(vbuf)) < 1)
		return usage_error("--go wants a version such as 1.19 or go1.22.3");
	buildconstraint_ctx_init(&ctx, goos, goarch != NULL ? goarch : host_arch(), minor);
	ctx.cgo = cgo;
	if (tags != NULL)
		buildconstraint_ctx_add_tags(&ctx, tags);
	if (level != NULL)
		buildconstraint_ctx_set_arch_level(&ctx, level);
	if (exp != NULL)
		buildconstraint_ctx_set_experiments(&ctx, exp);
	reposcan_opts_init(&o);
	o.ctx = &ctx;
	o.include_vendor = vendor || all;
	o.include_tests = all;
	o.include_testdata = all;
	o.include_nested_modules = all;
	if (scan_at(repo, rev, &o, &s, &cause) < 0) {
		fprintf(stderr, "gotriage scan: %s\n", cause);
		free(cause);
		buildconstraint_ctx_free(&ctx);
		return 2;
	}
	if (json) {
		cJSON *j = reposcan_to_json(s);
		char *txt;

		sanitize_json(j);
		txt = cJSON_Print(j);
		fputs(txt, stdout);
		fputc('\n', stdout);
		free(txt);
		cJSON_Delete(j);
	} else {
		print_text(s);
	}
	reposcan_free(s);
	buildconstraint_ctx_free(&ctx);
	return 0;
}
