/* cmdopt.c: getopt_long driven by a table of option descriptors. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmdopt.h"
#include "collectors/base/common.h"
#include "collectors/base/sanitize.h"

#define LONG_BASE 256 /* getopt_long's val for descriptor i is LONG_BASE + i */

size_t cmdopt_count(const struct cmdopt *const *opts)
{
	size_t n = 0;

	while (opts != NULL && opts[n] != NULL)
		n++;
	return n;
}

static int find_short(const struct cmdopt *const *opts, size_t n, int c)
{
	for (size_t i = 0; i < n; i++)
		if (opts[i]->short_name != 0 && opts[i]->short_name == c)
			return (int)i;
	return -1;
}

/* The name of an option as the user wrote it, without any =VALUE. */
static char *spelled(const char *tok)
{
	size_t n = strcspn(tok, "=");
	char *raw = xstrndup(tok, n > 64 ? 64 : n), *s = sanitize_str(raw);

	free(raw);
	return s;
}

static int fail_unknown(const char *prog, const char *tok, char **cause)
{
	char *s = spelled(tok);
	int r = err_set(cause, "unknown option %s; %s --help lists them", s, prog);

	free(s);
	return r;
}

/* The argv element holding the option getopt_long just returned. */
static const char *last_token(int argc, char **argv)
{
	int i = optind - 1;

	if (optarg != NULL && i >= 1 && optarg == argv[i] && i - 1 >= 1)
		i--;
	return i >= 1 && i < argc ? argv[i] : "";
}

/* GNU getopt_long accepts "--jso" for "--json"; we do not. */
static int spelled_out(const char *tok, const char *name)
{
	size_t n = strlen(name);

	return strncmp(tok, "--", 2) != 0 ||
	       (strncmp(tok + 2, name, n) == 0 && (tok[2 + n] == '\0' || tok[2 + n] == '='));
}

static int describe(const struct cmdopt *o, char *buf, size_t len)
{
	if (o->short_name != 0)
		return snprintf(buf, len, "-%c, --%s%s%s", o->short_name, o->name,
				o->arg ? " " : "", o->arg ? o->arg : "");
	return snprintf(buf, len, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

int cmdopt_parse(const char *prog, const struct cmdopt *const *opts, int max_pos, int argc,
		 char **argv, struct cmdargs *a, char **cause)
{
	struct option lo[CMDOPT_MAX + 2];
	char shorts[2 * CMDOPT_MAX + 4];
	size_t n = cmdopt_count(opts), k = 0, sl = 0;
	int c;

	if (n > CMDOPT_MAX)
		fatal("cmdopt: %s declares %zu options, more than %d", prog, n, CMDOPT_MAX);
	memset(a, 0, sizeof *a);
	a->prog = prog;
	a->opts = opts;
	shorts[sl++] = ':'; /* report a missing value as ':' */
	shorts[sl++] = 'h';
	for (size_t i = 0; i < n; i++) {
		lo[k++] =
		    (struct option){opts[i]->name, opts[i]->arg ? required_argument : no_argument,
				    NULL, LONG_BASE + (int)i};
		if (opts[i]->short_name != 0) {
			shorts[sl++] = opts[i]->short_name;
			if (opts[i]->arg != NULL)
				shorts[sl++] = ':';
		}
	}
	shorts[sl] = '\0';
	lo[k++] = (struct option){"help", no_argument, NULL, 'h'};
	lo[k] = (struct option){NULL, 0, NULL, 0};

	optind = 0; /* glibc: start afresh, whatever an earlier parse left */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		int i;

		if (c == 'h') {
			if (!spelled_out(last_token(argc, argv), "help"))
				return fail_unknown(prog, last_token(argc, argv), cause);
			a->help = 1;
			continue;
		}
		if (c == '?' || c == ':') {
			const char *tok = argv[optind - 1 < argc ? optind - 1 : argc - 1];
			int idx = optopt >= LONG_BASE ? optopt - LONG_BASE
				  : optopt > 0	      ? find_short(opts, n, optopt)
						      : -1;

			if (idx < 0 && optopt > 0 && optopt < LONG_BASE && optopt != 'h') {
				char one[3] = {'-', (char)optopt, '\0'};

				return fail_unknown(prog, one, cause);
			}
			if (idx < 0)
				return fail_unknown(prog, tok, cause);
			/* "--list" is no abbreviation of --list-comm, even without a value. */
			if (optopt >= LONG_BASE && !spelled_out(tok, opts[idx]->name))
				return fail_unknown(prog, tok, cause);
			if (c == ':')
				return err_set(
				    cause, "--%s needs a value (%s); %s --help lists the options",
				    opts[idx]->name, opts[idx]->arg, prog);
			return err_set(cause, "--%s takes no value; %s --help lists the options",
				       opts[idx]->name, prog);
		}
		if (c >= LONG_BASE) {
			i = c - LONG_BASE;
			if (!spelled_out(last_token(argc, argv), opts[i]->name))
				return fail_unknown(prog, last_token(argc, argv), cause);
		} else {
			i = find_short(opts, n, c);
		}
		if (i < 0)
			return fail_unknown(prog, last_token(argc, argv), cause);
		a->val[i] = opts[i]->arg != NULL ? optarg : "";
	}
	a->pos = argv + optind;
	a->npos = argc - optind;
	if (max_pos >= 0 && a->npos > max_pos && !a->help) {
		char *s = spelled(a->pos[max_pos]);
		int r =
		    err_set(cause, "unexpected argument %s; %s --help says what it takes", s, prog);

		free(s);
		return r;
	}
	return 0;
}

static int index_of(const struct cmdargs *a, const char *name)
{
	for (size_t i = 0; a->opts != NULL && a->opts[i] != NULL; i++)
		if (strcmp(a->opts[i]->name, name) == 0)
			return (int)i;
	fatal("cmdopt: %s has no option --%s", a->prog, name);
}

const char *cmdargs_get(const struct cmdargs *a, const char *name)
{
	return a->val[index_of(a, name)];
}

int cmdargs_has(const struct cmdargs *a, const char *name)
{
	return cmdargs_get(a, name) != NULL;
}

int cmdargs_long(const struct cmdargs *a, const char *name, long min, long max, long *out,
		 char **cause)
{
	const char *v = cmdargs_get(a, name);
	char *end;
	long n;

	if (v == NULL)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || n < min || n > max) {
		char *s = spelled(v);
		int r = err_set(cause, "--%s %s: give a whole number from %ld to %ld", name, s, min,
				max);

		free(s);
		return r;
	}
	*out = n;
	return 1;
}

void cmdopt_usage(FILE *out, const char *prog, const char *synopsis,
		  const struct cmdopt *const *opts)
{
	char item[128];
	int col = fprintf(out, "usage: %s%s%s", prog, synopsis && *synopsis ? " " : "",
			  synopsis ? synopsis : "");
	int indent = (int)strlen("usage: ") + (int)strlen(prog) + 1;

	if (indent > 40)
		indent = 8;
	for (size_t i = 0; opts != NULL && opts[i] != NULL; i++) {
		int w = snprintf(item, sizeof item, "[--%s%s%s]", opts[i]->name,
				 opts[i]->arg ? " " : "", opts[i]->arg ? opts[i]->arg : "");

		if (col + 1 + w > 80) {
			col = fprintf(out, "\n%*s%s", indent, "", item) - 1;
		} else {
			col += fprintf(out, " %s", item);
		}
	}
	fputc('\n', out);
}

void cmdopt_list(FILE *out, const struct cmdopt *const *opts)
{
	char d[128];
	int w = 12;

	for (size_t i = 0; opts != NULL && opts[i] != NULL; i++) {
		int l = describe(opts[i], d, sizeof d);

		if (l > w && l <= 24)
			w = l;
	}
	for (size_t i = 0; opts != NULL && opts[i] != NULL; i++) {
		int l = describe(opts[i], d, sizeof d);

		if (l > w)
			fprintf(out, "  %s\n  %*s  %s\n", d, w, "", opts[i]->help);
		else
			fprintf(out, "  %-*s  %s\n", w, d, opts[i]->help);
	}
	fprintf(out, "  %-*s  %s\n", w, "-h, --help", "this help");
}
