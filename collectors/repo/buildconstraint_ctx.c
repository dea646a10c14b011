/* buildconstraint_ctx.c: the build context side of build constraints:
 * which tags a binary's settings satisfy (go/build's matchTag and
 * internal/buildcfg's tool tags) and why; see buildconstraint.h. */
#include "buildconstraint.h"

#include <stdlib.h>
#include <string.h>

/* go/build's knownOS (syslist.go); wasip1 joined in go1.21. */
static const char *const known_os[] = {
    "aix",   "android", "darwin", "dragonfly", "freebsd", "hurd",    "illumos", "ios",	   "js",
    "linux", "nacl",	"netbsd", "openbsd",   "plan9",	  "solaris", "wasip1",	"windows", "zos",
};
/* unixOS: the GOOS values the "unix" tag matches (go1.19 and later). */
static const char *const unix_os[] = {
    "aix",     "android", "darwin", "dragonfly", "freebsd", "hurd",
    "illumos", "ios",	  "linux",  "netbsd",	 "openbsd", "solaris",
};
static const char *const known_arch[] = {
    "386",     "amd64",	 "amd64p32", "arm",	 "armbe",     "arm64",	     "arm64be", "loong64",
    "mips",    "mipsle", "mips64",   "mips64le", "mips64p32", "mips64p32le", "ppc",	"ppc64",
    "ppc64le", "riscv",	 "riscv64",  "s390",	 "s390x",     "sparc",	     "sparc64", "wasm",
};

static int in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return 1;
	return 0;
}

int buildconstraint_known_os(const char *s, size_t len, int go_minor)
{
	if (len == 6 && memcmp(s, "wasip1", 6) == 0)
		return go_minor >= 21;
	return in_list(known_os, ARRAY_LEN(known_os), s, len);
}

int buildconstraint_known_arch(const char *s, size_t len)
{
	return in_list(known_arch, ARRAY_LEN(known_arch), s, len);
}

static int eq(const char *s, size_t len, const char *w)
{
	return w != NULL && strlen(w) == len && memcmp(s, w, len) == 0;
}

/* ---- context ---- */

void buildconstraint_ctx_init(struct buildconstraint_ctx *c, const char *goos, const char *goarch,
			      int go_minor)
{
	memset(c, 0, sizeof *c);
	c->goos = xstrdup(goos != NULL ? goos : "linux");
	c->goarch = xstrdup(goarch != NULL ? goarch : "amd64");
	c->go_minor = go_minor;
	c->cgo = 1;
	c->compiler = xstrdup("gc");
	c->tags_origin = xstrdup("-tags");
	/* internal/buildcfg: the register ABI experiments are on by default
	 * where supported (amd64 since go1.17, the others since go1.18/1.19). */
	if (go_minor >= 17 && (strcmp(c->goarch, "amd64") == 0 ||
			       (go_minor >= 18 && (strcmp(c->goarch, "arm64") == 0 ||
						   strcmp(c->goarch, "ppc64") == 0 ||
						   strcmp(c->goarch, "ppc64le") == 0)) ||
			       (go_minor >= 19 && strcmp(c->goarch, "riscv64") == 0))) {
		strlist_add(&c->experiments, "regabiwrappers");
		strlist_add(&c->experiments, "regabiargs");
	}
}

void buildconstraint_ctx_free(struct buildconstraint_ctx *c)
{
	if (c == NULL)
		return;
	free(c->goos);
	free(c->goarch);
	free(c->compiler);
	free(c->arch_level);
	free(c->tags_origin);
	strlist_free(&c->tags);
	strlist_free(&c->experiments);
	memset(c, 0, sizeof *c);
}

void buildconstraint_ctx_add_tags(struct buildconstraint_ctx *c, const char *list)
{
	const char *p = list;

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, ", \t");

		if (n > 0 && n < 256) {
			char tmp[256];

			memcpy(tmp, p, n);
			tmp[n] = '\0';
			strlist_add(&c->tags, tmp);
		}
		p += n;
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
	}
}

static void strlist_remove(struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], s) == 0) {
			free(l->v[i]);
			memmove(&l->v[i], &l->v[i + 1], (l->n - i) * sizeof l->v[0]);
			l->n--;
			i--;
		}
	}
}

void buildconstraint_ctx_set_experiments(struct buildconstraint_ctx *c, const char *value)
{
	const char *p = value;

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, ",");
		char tmp[128];

		if (n > 0 && n < sizeof tmp) {
			memcpy(tmp, p, n);
			tmp[n] = '\0';
			if (strcmp(tmp, "none") == 0) {
				strlist_free(&c->experiments);
			} else if (strncmp(tmp, "no", 2) == 0) {
				strlist_remove(&c->experiments, tmp + 2);
				if (strcmp(tmp + 2, "regabi") == 0) {
					strlist_remove(&c->experiments, "regabiwrappers");
					strlist_remove(&c->experiments, "regabiargs");
				}
			} else if (strcmp(tmp, "regabi") == 0) {
				strlist_remove(&c->experiments, "regabiwrappers");
				strlist_remove(&c->experiments, "regabiargs");
				strlist_add(&c->experiments, "regabiwrappers");
				strlist_add(&c->experiments, "regabiargs");
			} else {
				strlist_remove(&c->experiments, tmp);
				strlist_add(&c->experiments, tmp);
			}
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

void buildconstraint_ctx_set_arch_level(struct buildconstraint_ctx *c, const char *level)
{
	free(c->arch_level);
	c->arch_level = level != NULL && *level != '\0' ? xstrdup(level) : NULL;
}

int buildconstraint_go_minor(const char *v)
{
	const char *p = v != NULL ? strstr(v, "go1.") : NULL;
	int n = 0, digits = 0;

	if (p == NULL)
		return -1;
	for (p += 4; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
		n = n * 10 + (*p - '0');
	return digits > 0 ? n : -1;
}

/* The name of the GO$GOARCH variable, for explanations. */
static const char *level_var(const char *arch)
{
	static const struct {
		const char *arch, *var;
	} t[] = {
	    {"386", "GO386"},	    {"amd64", "GOAMD64"},     {"arm", "GOARM"},
	    {"arm64", "GOARM64"},   {"mips", "GOMIPS"},	      {"mipsle", "GOMIPS"},
	    {"mips64", "GOMIPS64"}, {"mips64le", "GOMIPS64"}, {"ppc64", "GOPPC64"},
	    {"ppc64le", "GOPPC64"}, {"riscv64", "GORISCV64"}, {"wasm", "GOWASM"},
	};

	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (strcmp(t[i].arch, arch) == 0)
			return t[i].var;
	return "GO$GOARCH";
}

/* Is `feat` (the part after "GOARCH.") one of the architecture feature tags
 * internal/buildcfg's gogoarchTags sets? Each level implies the lower ones.
 * These tags exist from go1.20 (arm64 and riscv64 levels from go1.23). */
static int arch_feature(const struct buildconstraint_ctx *c, const char *feat, size_t n)
{
	char lv[32] = "";
	const char *a = c->goarch;
	int want, have;

	if (c->go_minor < 20)
		return 0;
	if (c->arch_level != NULL) {
		size_t k = strcspn(c->arch_level, ",");

		if (k >= sizeof lv)
			k = sizeof lv - 1;
		memcpy(lv, c->arch_level, k);
		lv[k] = '\0';
	}
	if (strcmp(a, "amd64") == 0) {
		have = lv[0] == 'v' ? atoi(lv + 1) : 1;
		if (n != 2 || feat[0] != 'v' || feat[1] < '1' || feat[1] > '4')
			return 0;
		return feat[1] - '0' <= have;
	}
	if (strcmp(a, "arm") == 0) {
		have = lv[0] ? atoi(lv) : 7;
		if (n != 1 || feat[0] < '5' || feat[0] > '7')
			return 0;
		return feat[0] - '0' <= have;
	}
	if (strcmp(a, "386") == 0)
		return eq(feat, n, lv[0] ? lv : "sse2");
	if (strcmp(a, "mips") == 0 || strcmp(a, "mipsle") == 0 || strcmp(a, "mips64") == 0 ||
	    strcmp(a, "mips64le") == 0)
		return eq(feat, n, lv[0] ? lv : "hardfloat");
	if (strcmp(a, "ppc64") == 0 || strcmp(a, "ppc64le") == 0) {
		have = strncmp(lv, "power", 5) == 0 ? atoi(lv + 5) : 8;
		if (n < 6 || memcmp(feat, "power", 5) != 0)
			return 0;
		want = atoi(feat + 5);
		return (n == 6 || n == 7) && want >= 8 && want <= have;
	}
	if (strcmp(a, "wasm") == 0)
		return lv[0] && (eq(feat, n, "satconv") || eq(feat, n, "signext")) &&
		       strstr(c->arch_level, n == 7 ? "satconv" : "signext") != NULL;
	if (c->go_minor < 23)
		return 0;
	if (strcmp(a, "arm64") == 0) {
		int major = 8, minor = 0, fmaj, fmin;

		if (lv[0] == 'v' && lv[1] >= '8' && lv[1] <= '9' && lv[2] == '.') {
			major = lv[1] - '0';
			minor = atoi(lv + 3);
		}
		if (n < 4 || feat[0] != 'v' || feat[2] != '.')
			return 0;
		fmaj = feat[1] - '0';
		fmin = atoi(feat + 3);
		if (fmaj == major)
			return fmin <= minor;
		/* v9.x also includes v8.(x+5) */
		return major == 9 && fmaj == 8 && fmin <= minor + 5 && fmin <= 9;
	}
	if (strcmp(a, "riscv64") == 0) {
		have = strncmp(lv, "rva", 3) == 0 ? atoi(lv + 3) : 20;
		return (eq(feat, n, "rva20u64")) || (eq(feat, n, "rva22u64") && have >= 22) ||
		       (eq(feat, n, "rva23u64") && have >= 23);
	}
	return 0;
}

static void whyf(struct buf *why, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void whyf(struct buf *why, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (why == NULL)
		return;
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_adds(why, s);
	free(s);
}

static int release_tag(const char *s, size_t n, int *minor)
{
	int v = 0;

	if (n < 5 || memcmp(s, "go1.", 4) != 0 || n > 8)
		return 0;
	for (size_t i = 4; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	if (s[4] == '0' || v < 1)
		return 0;
	*minor = v;
	return 1;
}

int buildconstraint_ctx_match(const struct buildconstraint_ctx *c, const char *tag, size_t n,
			      struct buf *why)
{
	const char *dot;
	int minor;

	if (eq(tag, n, "cgo")) {
		whyf(why, "CGO_ENABLED=%d", c->cgo ? 1 : 0);
		return c->cgo != 0;
	}
	if (eq(tag, n, c->goos)) {
		whyf(why, "GOOS is %s", c->goos);
		return 1;
	}
	if (eq(tag, n, c->goarch)) {
		whyf(why, "GOARCH is %s", c->goarch);
		return 1;
	}
	if (eq(tag, n, c->compiler)) {
		whyf(why, "the compiler is %s", c->compiler);
		return 1;
	}
	if ((strcmp(c->goos, "android") == 0 && eq(tag, n, "linux")) ||
	    (strcmp(c->goos, "illumos") == 0 && eq(tag, n, "solaris")) ||
	    (strcmp(c->goos, "ios") == 0 && eq(tag, n, "darwin"))) {
		whyf(why, "GOOS %s implies %.*s", c->goos, (int)n, tag);
		return 1;
	}
	if (eq(tag, n, "unix")) {
		int unix_goos = in_list(unix_os, ARRAY_LEN(unix_os), c->goos, strlen(c->goos));

		if (c->go_minor >= 19 && unix_goos) {
			whyf(why, "GOOS %s is a Unix system", c->goos);
			return 1;
		}
		if (unix_goos) {
			whyf(why, "the unix tag exists only from go1.19 and this is go1.%d",
			     c->go_minor);
			return 0;
		}
	}
	for (size_t i = 0; i < c->tags.n; i++) {
		if (eq(tag, n, c->tags.v[i])) {
			whyf(why, "tag %.*s is set via %s", (int)n, tag, c->tags_origin);
			return 1;
		}
	}
	if (eq(tag, n, "boringcrypto")) { /* an old name for goexperiment.boringcrypto */
		tag = "goexperiment.boringcrypto";
		n = strlen(tag);
	}
	if (n > 13 && memcmp(tag, "goexperiment.", 13) == 0) {
		for (size_t i = 0; i < c->experiments.n; i++) {
			if (eq(tag + 13, n - 13, c->experiments.v[i])) {
				whyf(why, "GOEXPERIMENT %s is on", c->experiments.v[i]);
				return 1;
			}
		}
		whyf(why, "GOEXPERIMENT %.*s is off", (int)(n - 13), tag + 13);
		return 0;
	}
	if (release_tag(tag, n, &minor)) {
		if (minor <= c->go_minor) {
			whyf(why, "go1.%d is a release tag of go1.%d", minor, c->go_minor);
			return 1;
		}
		whyf(why, "built with go1.%d, older than go1.%d", c->go_minor, minor);
		return 0;
	}
	dot = memchr(tag, '.', n);
	if (dot != NULL && eq(tag, (size_t)(dot - tag), c->goarch)) {
		size_t fl = n - (size_t)(dot - tag) - 1;

		if (arch_feature(c, dot + 1, fl)) {
			whyf(why, "%s=%s includes %.*s", level_var(c->goarch),
			     c->arch_level != NULL ? c->arch_level : "(default)", (int)n, tag);
			return 1;
		}
		if (c->go_minor < 20)
			whyf(why,
			     "architecture feature tags exist only from go1.20 and this is go1.%d",
			     c->go_minor);
		else
			whyf(why, "%s=%s does not include %.*s", level_var(c->goarch),
			     c->arch_level != NULL ? c->arch_level : "(default)", (int)n, tag);
		return 0;
	}
	/* Not satisfied: say what the setting is instead. */
	if (buildconstraint_known_os(tag, n, 99))
		whyf(why, "GOOS is %s, not %.*s", c->goos, (int)n, tag);
	else if (buildconstraint_known_arch(tag, n))
		whyf(why, "GOARCH is %s, not %.*s", c->goarch, (int)n, tag);
	else if (eq(tag, n, "gc") || eq(tag, n, "gccgo"))
		whyf(why, "the compiler is %s, not %.*s", c->compiler, (int)n, tag);
	else if (eq(tag, n, "unix"))
		whyf(why, "GOOS %s is not a Unix system", c->goos);
	else if (c->tags.n == 0)
		whyf(why, "tag %.*s is not set (no %s)", (int)n, tag, c->tags_origin);
	else
		whyf(why, "tag %.*s is not set (%s: %d tags)", (int)n, tag, c->tags_origin,
		     (int)c->tags.n);
	return 0;
}
