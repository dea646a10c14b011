/* commands.c: the table of subcommands and their options; help from it. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "collectors/base/common.h"
#include "collectors/net/http.h"

/* ---- options, one descriptor each; shared where the meaning is shared ---- */

#define OPT(var, ...) static const struct cmdopt var = {__VA_ARGS__}

OPT(o_pid, "pid", 0, "N", "the service's process; its binary and listeners are found");
OPT(o_url, "url", 0, "URL", "its debug endpoint (net/http/pprof); on loopback the PID is found");
OPT(o_binary, "binary", 0, "PATH", "the deployed binary (default: the running image)");
OPT(o_repo, "repo", 0, "DIR", "the source checkout it was built from (holds go.mod)");
OPT(o_header, "header", 0, "NAME",
    "the header the middleware must add to every answer (none by default)");
OPT(o_repo_mismatch_ok, "repo-mismatch-ok", 0, NULL,
    "judge a repo whose module is not the binary's");
OPT(o_json, "json", 0, NULL, "everything as one JSON object");
OPT(o_facts, "facts", 0, "FILE", "judge a facts document (gotriage collect -o FILE), read-only");
OPT(o_ssh, "ssh", 0, "[USER@]HOST[:PORT]",
    "the service runs there: --pid/--url as that host sees them, over ssh");
OPT(o_k8s, "k8s", 0, "[CONTEXT/]NS/POD[/CONTAINER]",
    "the service runs in that pod: --pid/--url as the pod sees them, over kubectl exec and "
    "kubectl port-forward");
OPT(o_rev, "rev", 0, "REV", "judge this commit's source, not the binary's vcs.revision");
OPT(o_against, "against", 0, "REF", "the ref the deploy meant to ship (default HEAD)");

/* The process-wide HTTP limits (collectors/net/http.h), raised on slow links. */
OPT(o_net_connect, "connect-timeout", 0, "S", "seconds to connect (default 2)");
OPT(o_net_timeout, "timeout", 0, "S", "seconds for a whole fetch (default: the fetch's own)");
OPT(o_net_low_speed, "low-speed-time", 0, "S",
    "abort an answer under 1 KiB in S seconds once it started (default 10)");
#define NET_OPTS &o_net_connect, &o_net_timeout, &o_net_low_speed

OPT(o_keymap, "keymap", 0, "FILE", "key bindings (default ~/.config/gotriage/keys)");
OPT(o_record, "record", 0, "FILE", "journal path (default $XDG_STATE_HOME/gotriage/sessions/)");
OPT(o_no_record, "no-record", 0, NULL, "do not keep a journal");
OPT(o_cast, "cast", 0, "FILE", "also write an asciicast v2 screen recording");
OPT(o_refresh, "refresh", 0, "S", "seconds between refreshes of cheap data (default 2)");
OPT(o_idle_pause, "idle-pause", 0, "S",
    "stop polling the service after S seconds without a key (default 300; 0: never)");
OPT(o_pane, "pane", 0, "NAME", "start on this pane");
OPT(o_version, "version", 0, NULL, "print the version");

OPT(o_only, "only", 0, "IDS", "run only these checks (comma-separated ids)");
OPT(o_format, "format", 0, "text|json|md", "output format (default text)");
OPT(o_full_dump, "full-dump", 0, NULL, "fetch the goroutine dump whatever the count");

OPT(o_symbols, "symbols", 0, "REGEX", "function names matching a POSIX extended regex");
OPT(o_inits, "inits", 0, NULL, "package init functions, in link order");

OPT(o_grep, "grep", 0, "REGEX", "only buckets with a function or file matching (POSIX ERE)");
OPT(o_loose, "loose", 0, NULL, "ignore arguments (panicparse -aggressive)");
OPT(o_exact, "exact", 0, NULL, "arguments, +0x offsets and thread locks must match");
OPT(o_module, "module", 0, "PATH", "the main module, for the frames marked '*'");
OPT(o_gdiff, "diff", 0, "OLD",
    "compare with an earlier saved dump, or a journal's goroutine snapshot (JOURNAL or "
    "JOURNAL@N): buckets that appeared, vanished, grew, shrank");
OPT(o_max_mb, "max-mb", 0, "N",
    "stop reading the dump after N MiB (default 65 for a URL, 2048 for a file)");
OPT(o_ids, "ids", 0, "N", "list up to N goroutine ids per bucket");

OPT(o_no_sniff, "no-sniff", 0, NULL, "do not connect to the ports to name the protocol");
OPT(o_timeout, "timeout", 0, "MS", "per-port sniff timeout, 10 to 60000 (default 1000)");

OPT(o_mod_repo, "repo", 0, "DIR", "the module's directory (holds go.mod); required");
OPT(o_mod_pid, "pid", 0, "N", "also read this process's environment and dependencies");
OPT(o_no_probe, "no-probe", 0, NULL, "do not ask the GOPROXY chain anything");
OPT(o_jobs, "jobs", 0, "N", "hash modules with N threads, 1 to 64 (default: the CPUs)");
OPT(o_probe_timeout, "probe-timeout", 0, "MS", "total time for the GOPROXY walk (default 4000)");

OPT(o_scan_repo, "repo", 0, "DIR", "the repository to scan (or give DIR)");
OPT(o_tags, "tags", 0, "T,T", "build tags, as go build -tags");
OPT(o_goos, "goos", 0, "OS", "GOOS of the build context (default linux)");
OPT(o_goarch, "goarch", 0, "ARCH", "GOARCH of the build context (default: this machine)");
OPT(o_cgo, "cgo", 0, "0|1", "CGO_ENABLED of the build context (default 1)");
OPT(o_go, "go", 0, "1.N", "the Go version of the build context (default 1.19)");
OPT(o_arch_level, "arch-level", 0, "LEVEL", "GOAMD64/GOARM64-style level, e.g. v3");
OPT(o_experiment, "experiment", 0, "X,X", "GOEXPERIMENT values");
OPT(o_vendor, "vendor", 0, NULL, "also scan vendor/");
OPT(o_all, "all", 0, NULL, "also scan vendor/, tests, testdata and nested modules");
OPT(o_scan_rev, "rev", 0, "REV", "scan this commit's tree from git objects, not the working tree");
OPT(o_tokens, "tokens", 0, NULL, "print the Go lexer's tokens of the FILE arguments (debugging)");

OPT(o_ch_repo, "repo", 0, "DIR", "the repository (its git history is only read); required");
OPT(o_ch_pid, "pid", 0, "N", "the running process: its binary's vcs.revision");
static const struct cmdopt *const changes_opts[] = {&o_ch_repo, &o_ch_pid, &o_binary, &o_rev,
						    &o_against, &o_json,   NULL};

OPT(o_parts, "parts", 0, "LIST",
    "process,buildinfo,goroutines,env,routes,grpc,proxy or all (default all)");
OPT(o_output, "output", 'o', "FILE", "write the document gzip-compressed to FILE");
OPT(o_stream, "stream", 0, NULL, "stay and answer requests on stdin (for --ssh)");
OPT(o_list_comm, "list-comm", 0, "NAME",
    "only print the PIDs of the Go processes named NAME (fleet comm=)");
static const struct cmdopt *const collect_opts[] = {
    &o_pid,    &o_url,	  &o_binary, &o_repo,	   &o_full_dump, &o_header, &o_parts,
    &o_module, &o_output, &o_stream, &o_list_comm, NET_OPTS,	 NULL};

OPT(o_kind, "kind", 0, "KIND",
    "cpu, heap, allocs, block, mutex, goroutine, threadcreate or goroutineleak (Go 1.26 "
    "experiment; default heap)");
OPT(o_seconds, "seconds", 0, "N", "how long a live CPU profile records (default 30)");
OPT(o_top, "top", 0, "N", "only the first N rows");
OPT(o_cum, "cum", 0, NULL, "sort by cumulative value");
OPT(o_sample, "sample", 0, "TYPE", "the sample type to report (default: the profile's)");
OPT(o_diff, "diff", 0, "BASE", "subtract this profile (pprof -diff_base)");
OPT(o_focus, "focus", 0, "RE", "only samples with a frame matching");
OPT(o_ignore, "ignore", 0, "RE", "drop samples with a frame matching");
OPT(o_tagfocus, "tagfocus", 0, "K=RE", "only samples whose label K matches");
OPT(o_tagignore, "tagignore", 0, "K=RE", "drop samples whose label K matches");
OPT(o_peek, "peek", 0, "RE", "callers and callees of the matching functions");
OPT(o_list, "list", 0, "RE", "annotated source of the matching functions");
OPT(o_prof_repo, "repo", 0, "DIR", "where --list finds the source");
OPT(o_source_path, "source-path", 0, "DIR", "more source roots for --list");
OPT(o_trim_path, "trim-path", 0, "PREFIX", "strip this prefix from recorded paths");
OPT(o_traces, "traces", 0, NULL, "every sample's stack (pprof -traces)");
OPT(o_flame, "flame", 0, NULL, "a text flame graph (icicle), $COLUMNS wide (default 80)");
static const struct cmdopt *const profile_opts[] = {
    &o_kind,	  &o_seconds,  &o_top,	     &o_cum,  &o_sample, &o_diff,      &o_focus,
    &o_ignore,	  &o_tagfocus, &o_tagignore, &o_peek, &o_list,	 &o_prof_repo, &o_source_path,
    &o_trim_path, &o_traces,   &o_flame,     &o_json, NET_OPTS,	 NULL};

/* gotriage fleet (tui/cmd/cmd_fleet.c) */
OPT(o_fl_targets, "targets", 0, "FILE|-",
    "the targets, one a line: HOST pid=N|url=URL|comm=NAME [k=v]");
OPT(o_fl_hosts, "ssh-hosts", 0, "FILE", "ssh destinations, one a line (with --comm)");
OPT(o_fl_comm, "comm", 0, "NAME", "with --ssh-hosts: every Go process of this name on each host");
OPT(o_fl_jobs, "jobs", 0, "N", "collect from N targets at once, 1 to 256 (default 16)");
OPT(o_fl_timeout, "target-timeout", 0, "S", "give up on a target after S seconds (default 20)");
OPT(o_fl_save, "save", 0, "DIR", "keep each target's facts document in DIR");
OPT(o_fl_facts_dir, "facts-dir", 0, "DIR",
    "judge the documents a --save run kept, collecting nothing");
OPT(o_fl_format, "format", 0, "text|json|jsonl|md", "output format (default text)");
OPT(o_fl_record, "record", 0, "FILE", "also write a fleet journal (JSON lines) to FILE");
static const struct cmdopt *const fleet_opts[] = {
    &o_fl_targets, &o_fl_hosts,	    &o_fl_comm, &o_fl_jobs, &o_fl_timeout,
    &o_fl_save,	   &o_fl_facts_dir, &o_repo,	&o_only,    &o_header,
    &o_fl_format,  &o_fl_record,    NULL};

OPT(o_report_format, "format", 0, "md|json", "output format (default md)");
OPT(o_report_json, "json", 0, NULL, "the same as --format json");
OPT(o_report_step, "step", 0, "ID", "only this checklist step, as Markdown for a ticket");

/* ---- the table ---------------------------------------------------------- */

static const struct cmdopt *const console_opts[] = {
    &o_pid,    &o_url,	     &o_binary,	    &o_repo,	&o_keymap,
    &o_record, &o_no_record, &o_cast,	    &o_refresh, &o_pane,
    &o_header, &o_version,   &o_rev,	    &o_against, &o_repo_mismatch_ok,
    &o_facts,  &o_ssh,	     &o_idle_pause, NET_OPTS,	&o_k8s,
    NULL};

const struct command commands_console = {
    .name = NULL,
    .synopsis = "",
    .summary = "attach to a running Go service and show what is really running",
    .opts = console_opts,
    .max_args = 0,
    .more = "Any one of --pid, --url, --binary, --repo is enough to start.\n",
    .run = cmd_console,
};

static const struct cmdopt *const check_opts[] = {
    &o_pid, &o_url,	&o_binary,	     &o_repo,  &o_only, &o_format, &o_full_dump, &o_header,
    &o_rev, &o_against, &o_repo_mismatch_ok, &o_facts, &o_ssh,	NET_OPTS,  &o_k8s,	 NULL};
static const struct cmdopt *const buildinfo_opts[] = {&o_json, &o_symbols, &o_inits, NULL};
static const struct cmdopt *const goroutines_opts[] = {
    &o_json, &o_grep, &o_loose, &o_exact, &o_module, &o_max_mb, &o_ids, NET_OPTS, &o_gdiff, NULL};
static const struct cmdopt *const listeners_opts[] = {&o_json, &o_no_sniff, &o_timeout, NULL};
static const struct cmdopt *const modules_opts[] = {
    &o_mod_repo, &o_mod_pid, &o_json, &o_no_probe, &o_jobs, &o_probe_timeout, NULL};
static const struct cmdopt *const scan_opts[] = {
    &o_scan_repo,  &o_json,	  &o_tags,   &o_goos, &o_goarch, &o_cgo,      &o_go,
    &o_arch_level, &o_experiment, &o_vendor, &o_all,  &o_tokens, &o_scan_rev, NULL};
static const struct cmdopt *const report_opts[] = {&o_report_format, &o_report_json, &o_report_step,
						   NULL};
static const struct cmdopt *const no_opts[] = {NULL};

/* Adding a subcommand: one entry here, its prototype in commands.h, and
 * tui/cmd/cmd_NAME.c (README "Adding a subcommand"). Order is --help order. */
const struct command commands_table[] = {
    {
	.name = "check",
	.synopsis = "",
	.summary = "run every check of the catalog once and print the verdicts",
	.opts = check_opts,
	.max_args = 0,
	.more = "Exit status: 0 nothing failed, 1 a check failed, 2 usage or attach error.\n",
	.more_fn = cmd_check_help_ids,
	.run = cmd_check,
    },
    {
	.name = "buildinfo",
	.synopsis = "FILE|PID",
	.summary = "what go version -m prints, for any Go binary or process",
	.opts = buildinfo_opts,
	.max_args = 1,
	.more = "  FILE  a Go binary (stripped, PIE, plugin: any ELF Go built)\n"
		"  PID   a running process: reads /proc/PID/exe, even if deleted\n"
		"Exit status: 0 ok; 1 stale running binary, or no symbol matched; 2 bad input.\n",
	.run = cmd_buildinfo,
    },
    {
	.name = "goroutines",
	.synopsis = "URL|FILE|-",
	.summary = "a goroutine dump bucketed by stack, like panicparse",
	.opts = goroutines_opts,
	.max_args = 1,
	.more = "  URL      http://HOST:PORT (adds /debug/pprof/goroutine?debug=2) or a full URL\n"
		"  FILE, -  a saved debug=2 dump or panic output (- reads standard input)\n"
		"With --diff OLD, OLD and FILE may be session journals: JOURNAL is its last\n"
		"goroutine snapshot, JOURNAL@N the Nth.\n"
		"Buckets compare arguments except pointers by default, like panicparse.\n"
		"Exit status: 0 ok; 1 --grep matched nothing; 2 bad input or fetch failed.\n",
	.run = cmd_goroutines,
    },
    {
	.name = "profile",
	.synopsis = "URL|FILE",
	.summary = "pprof's text reports (top, peek, list, traces, diff) without a Go toolchain",
	.opts = profile_opts,
	.max_args = 1,
	.more = "  URL   http://HOST:PORT (adds /debug/pprof/KIND) or a full /debug/pprof/ URL\n"
		"  FILE  a saved profile (gzip-compressed protobuf, or legacy text)\n"
		"Exit status: 0 ok; 2 bad usage, or the profile cannot be read.\n",
	.run = cmd_profile,
    },
    {
	.name = "listeners",
	.synopsis = "PID",
	.summary = "the process's listening sockets and their protocols, like ss -ltnp",
	.opts = listeners_opts,
	.max_args = 1,
	.more = "Exit status: 0 ok; 2 bad input or the process cannot be read.\n",
	.run = cmd_listeners,
    },
    {
	.name = "modules",
	.synopsis = "",
	.summary = "go.mod, go.sum, go.work, vendor/ and GOPROXY state, and the module checks",
	.opts = modules_opts,
	.max_args = 0,
	.more = "Exit status: 0 no check failed; 1 one did; 2 bad usage or not a Go module.\n",
	.run = cmd_modules,
    },
    {
	.name = "scan",
	.synopsis = "[DIR | FILE...]",
	.summary = "what a repository declares and which files its build context leaves out",
	.opts = scan_opts,
	.max_args = -1,
	.more = "Finds route registrations, middleware, gRPC registrations, listen addresses,\n"
		"tickers, config watchers, init goroutines, plugins and embeds, and judges\n"
		"every file's build constraints against the given build context.\n",
	.run = cmd_scan,
    },
    {
	.name = "changes",
	.synopsis = "",
	.summary = "the commits the running build lacks, and the registrations each changes",
	.opts = changes_opts,
	.max_args = 0,
	.more = "Lists the commits of REF (default HEAD) that the running build lacks, newest\n"
		"first, with their files and the registrations (routes, gRPC services, listen\n"
		"addresses, tickers, config callbacks, middleware, init goroutines) each adds or\n"
		"removes. The running revision is the binary's vcs.revision, or --rev.\n"
		"Exit status: 0 ok; 2 bad usage, no repository or nothing to compare.\n",
	.run = cmd_changes,
    },
    {
	.name = "collect",
	.synopsis = "",
	.summary = "what the service's host knows, as a facts document for --facts/--ssh",
	.opts = collect_opts,
	.max_args = 0,
	.more = "Writes the process, listeners, buildinfo, goroutines, Go environment (secrets\n"
		"masked), gRPC and GOPROXY probes as a facts document for `gotriage check\n"
		"--facts FILE`; without -o, one JSON line on standard output. Run on the\n"
		"service's host, or by `gotriage --ssh HOST` over ssh.\n"
		"Exit status: 0 ok; 2 bad usage or attach error.\n",
	.run = cmd_collect,
    },
    {
	.name = "fleet",
	.synopsis = "",
	.summary = "the checks across many targets at once, grouped, with version skew",
	.opts = fleet_opts,
	.max_args = 0,
	.more = "Runs `gotriage collect` on every target (over ssh, kubectl exec, or here for\n"
		"`local`), --jobs at a time, then judges every document here with --repo and\n"
		"prints targets grouped by identical verdicts, the revisions running where,\n"
		"outliers, listeners and Go environment variables that differ.\n"
		"Targets: [ssh://][USER@]HOST[:PORT], local, or\n"
		"k8s://[CONTEXT/]NAMESPACE/POD[/CONTAINER] (or k8s://[CONTEXT/]NAMESPACE/ "
		"selector=LABELS: every Running pod), then pid=N, url=URL or comm=NAME.\n"
		"On a terminal with no --format, the fleet opens in the console: Enter on a "
		"group lists its targets, Enter on a target opens the console on it, q "
		"returns.\n"
		"Exit status: 0 nothing failed; 1 a check failed on some target, or a target\n"
		"could not be judged (timed out, unreachable, hung); 2 bad usage, bad target\n"
		"lines, or no target judged at all.\n",
	.run = cmd_fleet,
    },
    {
	.name = "report",
	.synopsis = "JOURNAL|DIR",
	.summary = "a postmortem draft from a journal, or the fault library of a folder",
	.opts = report_opts,
	.max_args = 1,
	.more = "  JOURNAL  a session journal (.jsonl): prints a postmortem draft\n"
		"  DIR      a folder of journals: prints the fault library (recurring failures)\n"
		"Journals are kept in $XDG_STATE_HOME/gotriage/sessions (~/.local/state/...).\n",
	.run = cmd_report,
    },
    {
	.name = "replay",
	.synopsis = "JOURNAL",
	.summary = "re-open a recorded session read-only, event by event",
	.opts = no_opts,
	.max_args = 1,
	.more = "Up/Down step through the events, Enter shows one, / filters, q quits.\n",
	.run = cmd_replay,
    },
    {.name = NULL},
};

const struct command *commands_find(const char *name)
{
	if (name == NULL)
		return &commands_console;
	for (const struct command *c = commands_table; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void prog_name(char *buf, size_t len, const struct command *c)
{
	snprintf(buf, len, "gotriage%s%s", c->name ? " " : "", c->name ? c->name : "");
}

void commands_help(FILE *out, const struct command *c)
{
	char prog[64];

	prog_name(prog, sizeof prog, c);
	cmdopt_usage(out, prog, c->synopsis, c->opts);
	fprintf(out, "\n%c%s.\n\n", c->summary[0] - ('a' - 'A') * (c->summary[0] >= 'a'),
		c->summary + 1);
	cmdopt_list(out, c->opts);
	if (c->more != NULL || c->more_fn != NULL)
		fputc('\n', out);
	if (c->more != NULL)
		fputs(c->more, out);
	if (c->more_fn != NULL)
		c->more_fn(out);
}

void commands_help_all(FILE *out)
{
	commands_help(out, &commands_console);
	fprintf(out, "\nSubcommands (gotriage SUBCOMMAND --help lists its options):\n");
	for (const struct command *c = commands_table; c->name != NULL; c++)
		fprintf(out, "  %-11s %s\n", c->name, c->summary);
	fprintf(out,
		"\nExit status: 0 nothing failed, 1 a check failed, 2 usage or attach error.\n");
}

int commands_is_net_option(const struct cmdopt *o)
{
	return o == &o_net_connect || o == &o_net_timeout || o == &o_net_low_speed;
}

/* Hands the network limits given to the process-wide HTTP limits, before
 * any request starts. */
static int apply_net_limits(const struct cmdargs *a, char **cause)
{
	for (size_t i = 0; a->opts[i] != NULL; i++) {
		char flag[64], *argv[2];
		int k = 0;

		if (a->val[i] == NULL || !commands_is_net_option(a->opts[i]))
			continue;
		snprintf(flag, sizeof flag, "--%s", a->opts[i]->name);
		argv[0] = flag;
		argv[1] = (char *)a->val[i];
		if (http_limits_arg(2, argv, &k, cause) < 0)
			return -1;
	}
	return 0;
}

int commands_parse(const char *name, int argc, char **argv, struct cmdargs *a, int *status)
{
	const struct command *c = commands_find(name);
	char prog[64], *cause = NULL;

	if (c == NULL)
		fatal("commands_parse: no subcommand %s in the table", name);
	prog_name(prog, sizeof prog, c);
	if (cmdopt_parse(prog, c->opts, c->max_args, argc, argv, a, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", prog, cause);
		free(cause);
		*status = 2;
		return 0;
	}
	if (apply_net_limits(a, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", prog, cause);
		free(cause);
		*status = 2;
		return 0;
	}
	if (a->help) {
		if (c == &commands_console)
			commands_help_all(stdout);
		else
			commands_help(stdout, c);
		*status = 0;
		return 0;
	}
	return 1;
}

int commands_usage_error(const char *name, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "gotriage%s%s: %s; gotriage%s%s --help says what it takes\n",
		name ? " " : "", name ? name : "", msg, name ? " " : "", name ? name : "");
	free(msg);
	return 2;
}

int commands_options(const struct cmdargs *a, struct options *o, char **cause)
{
	options_init(o);
	for (size_t i = 0; a->opts[i] != NULL; i++)
		if (a->val[i] != NULL && !commands_is_net_option(a->opts[i]) &&
		    options_set(o, a->opts[i]->name, a->val[i], cause) != 0)
			return -1;
	return 0;
}
