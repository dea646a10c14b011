/* gdump.c: one-pass parser for goroutine dumps and panic output (its JSON
 * form: gdump_json.c). */
#include "gdump_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- hashing and interning ------------------------------------------- */

static inline uint64_t mix64(uint64_t h)
{
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

uint64_t gdump_hash(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15ULL), w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return mix64(h);
}

static void strtab_rehash(struct gdump *d, size_t nslots)
{
	free(d->slots);
	d->slots = xcalloc(nslots, sizeof *d->slots);
	d->nslots = nslots;
	for (size_t id = 0; id < d->nstr; id++) {
		size_t i = d->str_hash[id] & (nslots - 1);

		while (d->slots[i] != 0)
			i = (i + 1) & (nslots - 1);
		d->slots[i] = (uint32_t)id + 1;
	}
}

/* Most lines repeat a name seen a moment ago: a direct-mapped cache keyed
 * by a few words of the name skips the full hash for them. */
static inline size_t memo_slot(const char *s, size_t n)
{
	uint64_t a = 0, b = 0;

	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
	} else {
		memcpy(&a, s, n);
	}
	return (size_t)(mix64((a ^ (b * 0x9e3779b97f4a7c15ULL)) + n) & (GDUMP_MEMO - 1));
}

static uint32_t intern_slow(struct gdump *d, const char *s, size_t n, size_t m);

static inline uint32_t intern(struct gdump *d, const char *s, size_t n)
{
	size_t m = memo_slot(s, n);
	uint32_t id = d->memo[m];

	if (id != 0 && d->str_len[id] == n && memcmp(d->pool + d->str_off[id], s, n) == 0)
		return id;
	return intern_slow(d, s, n, m);
}

static uint32_t intern_slow(struct gdump *d, const char *s, size_t n, size_t m)
{
	uint64_t h = gdump_hash(s, n, 0);
	size_t i = h & (d->nslots - 1);
	uint32_t id;

	for (;;) {
		uint32_t slot = d->slots[i];

		if (slot == 0)
			break;
		id = slot - 1;
		if (d->str_hash[id] == h && d->str_len[id] == n &&
		    memcmp(d->pool + d->str_off[id], s, n) == 0) {
			d->memo[m] = id;
			return id;
		}
		i = (i + 1) & (d->nslots - 1);
	}
	id = (uint32_t)d->nstr;
	if (d->nstr == d->capstr) {
		size_t cap = d->capstr;

		d->str_off = xgrow(d->str_off, &cap, d->nstr + 1, sizeof *d->str_off);
		cap = d->capstr;
		d->str_len = xgrow(d->str_len, &cap, d->nstr + 1, sizeof *d->str_len);
		d->str_hash = xgrow(d->str_hash, &d->capstr, d->nstr + 1, sizeof *d->str_hash);
	}
	d->pool = xgrow(d->pool, &d->pool_cap, d->pool_len + n + 1, 1);
	memcpy(d->pool + d->pool_len, s, n);
	d->pool[d->pool_len + n] = '\0';
	d->str_off[id] = (uint32_t)d->pool_len;
	d->str_len[id] = (uint32_t)n;
	d->str_hash[id] = h;
	d->pool_len += n + 1;
	d->nstr++;
	d->slots[i] = id + 1;
	d->memo[m] = id;
	if (d->nstr * 2 > d->nslots)
		strtab_rehash(d, d->nslots * 2);
	return id;
}

uint32_t gdump_find_str(const struct gdump *d, const char *s)
{
	size_t n = strlen(s);
	uint64_t h = gdump_hash(s, n, 0);

	if (d->nslots == 0)
		return GDUMP_NONE;
	for (size_t i = h & (d->nslots - 1); d->slots[i] != 0; i = (i + 1) & (d->nslots - 1)) {
		uint32_t id = d->slots[i] - 1;

		if (d->str_hash[id] == h && d->str_len[id] == n &&
		    memcmp(d->pool + d->str_off[id], s, n) == 0)
			return id;
	}
	return GDUMP_NONE;
}

/* ---- large arrays ------------------------------------------------------ */

#define HUGE_PAGE ((uintptr_t)2 * MIB)

void gdump_advise_huge(void *p, size_t bytes)
{
	uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t e = ((uintptr_t)p + bytes) & ~(HUGE_PAGE - 1);

	if (p != NULL && bytes >= 4 * HUGE_PAGE && e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
}

/* xgrow() for the arrays that grow with the dump; each growth of a large
 * one is hinted onto huge pages. */
static void *grow_big(void *p, size_t *cap, size_t need, size_t size)
{
	size_t was = *cap;

	p = xgrow(p, cap, need, size);
	if (*cap != was)
		gdump_advise_huge(p, *cap * size);
	return p;
}

/* ---- the parser --------------------------------------------------------- */

enum pstate {
	P_OUTSIDE, /* before the first goroutine or after a blank line */
	P_FRAMES,  /* in a goroutine (or ancestor) expecting a frame or trailer */
	P_FILE,	   /* the last line was a function: a file line should follow */
	P_CFILE,   /* the last line was "created by": a file line should follow */
	P_TRAILER, /* after the creator's file line: only ancestors or a blank */
};

struct parser {
	struct gdump *d;
	enum pstate st;
	struct gdump_goroutine *g; /* current goroutine, NULL outside */
	struct gdump_ancestor *a;  /* current ancestor block, NULL if none */
	uint32_t cur_frame;	   /* frame a file line belongs to */
	int seen_header;
};

static void keep_unparsed(struct gdump *d, size_t off, size_t len)
{
	d->unparsed++;
	if (d->nkept < GDUMP_KEEP_UNPARSED)
		d->kept[d->nkept++] = (struct gdump_span){(uint32_t)off, (uint32_t)len};
}

static struct gdump_frame *new_frame(struct gdump *d)
{
	struct gdump_frame *f;

	if (d->nframes == d->capf)
		d->frames = grow_big(d->frames, &d->capf, d->nframes + 1, sizeof *d->frames);
	f = &d->frames[d->nframes++];
	memset(f, 0, sizeof *f);
	return f;
}

/* "goroutine N ...[...]...:" -> a new goroutine; 0 when not a header. */
static int parse_header(struct parser *p, const char *s, size_t n, size_t off)
{
	struct gdump *d = p->d;
	struct gdump_goroutine g;
	size_t st, se;

	if (!gdump_header_parse(s, n, off, &g, &st, &se))
		return 0;
	g.state = intern(d, s + st, se - st);
	g.frame0 = (uint32_t)d->nframes;
	if (d->ng == d->capg)
		d->g = grow_big(d->g, &d->capg, d->ng + 1, sizeof *d->g);
	d->g[d->ng] = g;
	p->g = &d->g[d->ng++];
	p->a = NULL;
	p->st = P_FRAMES;
	p->seen_header = 1;
	return 1;
}

/* "FUNC(ARGS)": the argument list is the last parenthesis; names may hold
 * parentheses ("(*T).M") and brackets ("F[...]") but no spaces. */
static int parse_func(struct parser *p, const char *s, size_t n, size_t off)
{
	struct gdump_frame *f;
	const char *paren;
	size_t nl;

	if (n < 3 || s[n - 1] != ')')
		return 0;
	paren = memrchr(s, '(', n - 1);
	if (paren == NULL || paren == s)
		return 0;
	nl = (size_t)(paren - s);
	if (memchr(s, ' ', nl) != NULL || memchr(s, '\t', nl) != NULL)
		return 0;
	f = new_frame(p->d);
	f->func = intern(p->d, s, nl);
	f->args_off = (uint32_t)(off + nl + 1);
	f->args_len = (uint32_t)(n - nl - 2);
	if (f->args_len == 3 && memcmp(s + nl + 1, "...", 3) == 0)
		f->flags |= GDUMP_F_INLINED;
	else if (f->args_len >= 3 && memcmp(s + n - 4, "...", 3) == 0)
		f->flags |= GDUMP_F_ARGS_CUT;
	f->flags |= GDUMP_F_NOFILE; /* until its file line comes */
	p->cur_frame = (uint32_t)(p->d->nframes - 1);
	return 1;
}

/* "\tFILE:LINE[ +0xOFF][ fp=0x.. sp=0x.. pc=0x..]"; the last ':' is the
 * separator since nothing after it holds one (FILE itself may). */
static int parse_file(struct parser *p, const char *s, size_t n)
{
	struct gdump_frame *f = &p->d->frames[p->cur_frame];
	const char *colon;
	size_t i = 0, c;
	uint64_t line, v;

	while (i < n && (s[i] == '\t' || s[i] == ' '))
		i++;
	if (i == 0 || i == n)
		return 0;
	colon = memrchr(s + i, ':', n - i);
	if (colon == NULL || colon == s + i)
		return 0;
	c = (size_t)(colon - s);
	{
		size_t j = c + 1;

		if (!scan_dec(s, n, &j, &line) || line > UINT32_MAX || (j < n && s[j] != ' '))
			return 0;
		if (HAS(s + j, n - j, " +0x")) {
			size_t k = j + 2;

			if (scan_hex(s, n, &k, &v)) {
				f->pcoff = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
				f->flags |= GDUMP_F_OFFSET;
				j = k;
			}
		}
		if (HAS(s + j, n - j, " fp="))
			f->flags |= GDUMP_F_REGS;
	}
	f->file = intern(p->d, s + i, c - i);
	f->line = (uint32_t)line;
	f->flags &= ~GDUMP_F_NOFILE;
	return 1;
}

/* "created by FUNC[ in goroutine N]" */
static void parse_created(struct parser *p, const char *s, size_t n)
{
	struct gdump *d = p->d;
	struct gdump_frame *f;
	size_t e = n, i;
	uint64_t parent = 0;
	const char *in = NULL;

	for (i = 11; i + 14 <= n; i++) {
		if (s[i] == ' ' && memcmp(s + i, " in goroutine ", 14) == 0) {
			in = s + i;
			break;
		}
	}
	if (in != NULL) {
		size_t j = (size_t)(in - s) + 14;

		if (scan_dec(s, n, &j, &parent) && j == n)
			e = (size_t)(in - s);
		else
			parent = 0;
	}
	f = new_frame(d);
	f->func = intern(d, s + 11, e - 11);
	f->flags |= GDUMP_F_NOFILE;
	p->cur_frame = (uint32_t)(d->nframes - 1);
	if (p->a != NULL) {
		p->a->created = p->cur_frame;
	} else {
		p->g->created = p->cur_frame;
		p->g->parent = parent;
	}
	p->st = P_CFILE;
}

static int is_elided(const char *s, size_t n, uint32_t *count)
{
	size_t i = 3;
	uint64_t v = 0;

	if (n < 9 || memcmp(s, "...", 3) != 0 || memcmp(s + n - 3, "...", 3) != 0)
		return 0;
	if (n == 30 && memcmp(s, "...additional frames elided...", 30) == 0) {
		*count = 0;
		return 1;
	}
	if (scan_dec(s, n, &i, &v) && n - i == 17 && memcmp(s + i, " frames elided...", 17) == 0) {
		*count = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
		return 1;
	}
	return 0;
}

/* Lines before the first goroutine that belong to a panic or crash. */
static int is_preamble(const char *s, size_t n)
{
	static const char *const pfx[] = {
	    "panic: ",	    "fatal error: ", "[signal ",    "unexpected fault address",
	    "runtime: ",    "SIGQUIT",	     "SIGABRT",	    "SIGSEGV",
	    "SIGBUS",	    "SIGILL",	     "SIGTRAP",	    "PC=",
	    "\t",	    "    ",	     "[recovered]", "fatal: morestack",
	    "exit status ",
	};

	for (size_t i = 0; i < ARRAY_LEN(pfx); i++) {
		size_t pl = strlen(pfx[i]);

		if (n >= pl && memcmp(s, pfx[i], pl) == 0)
			return 1;
	}
	return 0;
}

static void frames_line(struct parser *p, const char *s, size_t n, size_t off);

static void end_frames(struct parser *p)
{
	struct gdump *d = p->d;

	if (p->a != NULL)
		p->a->nframes =
		    (uint32_t)(d->nframes - p->a->frame0) - (p->a->created != GDUMP_NONE ? 1 : 0);
}

/* A line while a goroutine (or one of its ancestors) is open. */
static void frames_line(struct parser *p, const char *s, size_t n, size_t off)
{
	struct gdump *d = p->d;
	uint32_t cnt;

	if (p->st == P_FILE || p->st == P_CFILE) {
		enum pstate was = p->st;

		if (n > 0 && (s[0] == '\t' || s[0] == ' ') && parse_file(p, s, n)) {
			p->st = was == P_FILE ? P_FRAMES : P_TRAILER;
			return;
		}
		/* No file line: keep the frame without one, read the line afresh. */
		p->st = was == P_FILE ? P_FRAMES : P_TRAILER;
	}
	if (n == 0) {
		end_frames(p);
		p->g = NULL;
		p->a = NULL;
		p->st = P_OUTSIDE;
		return;
	}
	if (s[0] == 'g' && HAS(s, n, "goroutine ")) {
		end_frames(p);
		if (parse_header(p, s, n, off))
			return;
	}
	if (s[0] == '[' && HAS(s, n, "[originating from goroutine ")) {
		size_t i = 28;
		uint64_t id;

		if (scan_dec(s, n, &i, &id) && n - i == 2 && s[i] == ']' && s[i + 1] == ':') {
			end_frames(p);
			if (d->nanc == d->capa)
				d->anc = xgrow(d->anc, &d->capa, d->nanc + 1, sizeof *d->anc);
			p->a = &d->anc[d->nanc++];
			memset(p->a, 0, sizeof *p->a);
			p->a->id = id;
			p->a->frame0 = (uint32_t)d->nframes;
			p->a->created = GDUMP_NONE;
			if (p->g->nanc == 0)
				p->g->anc0 = (uint32_t)(d->nanc - 1);
			p->g->nanc++;
			p->st = P_FRAMES;
			return;
		}
	}
	if (p->st == P_TRAILER) {
		keep_unparsed(d, off, n);
		return;
	}
	if (s[0] == 'c' && HAS(s, n, "created by ") && n > 11) {
		if (p->a == NULL)
			p->g->nframes = (uint32_t)(d->nframes - p->g->frame0);
		parse_created(p, s, n);
		return;
	}
	if (s[0] == '.' && is_elided(s, n, &cnt)) {
		if (p->a != NULL) {
			p->a->flags |= GDUMP_G_ELIDED;
		} else {
			p->g->flags |= GDUMP_G_ELIDED;
			p->g->elided_at = (uint32_t)(d->nframes - p->g->frame0);
			p->g->elided_n = cnt;
		}
		return;
	}
	if (s[0] == '\t' && n == 53 &&
	    memcmp(s, "\tgoroutine running on other thread; stack unavailable", 53) == 0) {
		p->g->flags |= GDUMP_G_UNAVAILABLE;
		return;
	}
	if (s[0] == 'n' && HAS(s, n, "non-Go function")) {
		struct gdump_frame *f = new_frame(d);

		f->func = intern(d, "non-Go function", 15);
		f->flags = GDUMP_F_NONGO | GDUMP_F_NOFILE;
		f->args_off = (uint32_t)(off + 15);
		f->args_len = (uint32_t)(n - 15);
		p->cur_frame = (uint32_t)(d->nframes - 1);
		p->st = P_FILE; /* a symbolizer may print a file line */
		return;
	}
	if (s[0] != '\t' && s[0] != ' ' && parse_func(p, s, n, off)) {
		p->st = P_FILE;
		return;
	}
	keep_unparsed(d, off, n);
}

static void parse_text(struct gdump *d)
{
	struct parser p = {.d = d, .st = P_OUTSIDE};
	const char *t = d->text, *end = d->text + d->len;
	double t0 = now_mono();
	int in_message = 0;

	/* A frame takes two lines of about 80 bytes: reserving for that
	 * spares the copies of repeated growth (untouched pages cost nothing). */
	if (d->len / 96 > 1024)
		d->frames = grow_big(NULL, &d->capf, d->len / 96, sizeof *d->frames);
	d->nslots = 1024;
	d->slots = xcalloc(d->nslots, sizeof *d->slots);
	d->memo = xcalloc(GDUMP_MEMO, sizeof *d->memo);
	intern_slow(d, "", 0, 0);
	while (t < end) {
		const char *nl = memchr(t, '\n', (size_t)(end - t));
		size_t n = nl != NULL ? (size_t)(nl - t) : (size_t)(end - t);
		size_t off = (size_t)(t - d->text);

		d->lines++;
		if (n > 0 && t[n - 1] == '\r')
			n--;
		if (p.g != NULL) {
			frames_line(&p, t, n, off);
		} else if (n > 0 && t[0] == 'g' && HAS(t, n, "goroutine ") &&
			   parse_header(&p, t, n, off)) {
			/* opened */
		} else if (n == 0) {
			in_message = 0; /* blank between blocks */
		} else if (!p.seen_header && (in_message || is_preamble(t, n))) {
			/* A panic message runs to the blank line: before Go 1.23 its
			 * later lines were not indented. */
			in_message |= HAS(t, n, "panic: ") || HAS(t, n, "fatal error: ");
			if (d->npreamble < GDUMP_KEEP_PREAMBLE)
				d->preamble[d->npreamble++] =
				    (struct gdump_span){(uint32_t)off, (uint32_t)n};
		} else {
			keep_unparsed(d, off, n);
		}
		if (p.g != NULL && p.a == NULL && p.st != P_TRAILER && p.g->created == GDUMP_NONE)
			p.g->nframes = (uint32_t)(d->nframes - p.g->frame0);
		if (nl == NULL)
			break;
		t = nl + 1;
	}
	end_frames(&p);
	if (d->len > 0 && d->text[d->len - 1] != '\n') {
		d->ends_midline = 1;
		d->runtime_cap = d->len == GDUMP_RUNTIME_CAP;
		if (p.g != NULL)
			p.g->flags |= GDUMP_G_CUT;
	}
	d->parse_seconds = now_mono() - t0;
}

/* ---- entry points ------------------------------------------------------- */

static int adopt(struct gdump *out, char *text, size_t len, char **cause)
{
	memset(out, 0, sizeof *out);
	if (len > GDUMP_MAX_BYTES) {
		free(text);
		return err_set(cause, "goroutine dump of %zu MiB is larger than the %zu MiB limit",
			       len / MIB, GDUMP_MAX_BYTES / MIB);
	}
	out->text = text;
	out->len = len;
	parse_text(out);
	return 0;
}

int gdump_parse(const char *buf, size_t len, struct gdump *out, char **cause)
{
	char *copy;

	if (len > GDUMP_MAX_BYTES)
		return adopt(out, NULL, len, cause);
	copy = xmalloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	return adopt(out, copy, len, cause);
}

int gdump_parse_buf(struct buf *in, struct gdump *out, char **cause)
{
	char *text = in->data;
	size_t len = in->len;

	if (text == NULL)
		text = xstrdup("");
	in->data = NULL;
	in->len = in->cap = 0;
	return adopt(out, text, len, cause);
}

/* Reads at most cap bytes of a pipe or of a file too large to map;
 * refuses devices. */
static int read_capped(const char *path, size_t cap, struct buf *out, int *truncated, char **cause)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int rc = 0;

	struct stat sb;

	if (fd < 0)
		return err_set(cause, "%s: %s", path, strerror(errno));
	/* A device gives bytes forever (/dev/zero, /dev/urandom) or none a
	 * dump holds: refuse it before reading. A terminal on standard input
	 * is fine (a pasted dump ends with ^D); pipes are read up to the cap. */
	if (fstat(fd, &sb) == 0 && (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode)) &&
	    !(fd == 0 && isatty(fd))) {
		if (fd != 0)
			close(fd);
		return err_set(cause, "%s is a %s device, not a file holding a dump", path,
			       S_ISCHR(sb.st_mode) ? "character" : "block");
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if (fd != 0)
			close(fd);
		return err_set(cause, "%s is a directory", path);
	}
	for (;;) {
		size_t room;
		ssize_t n;

		if (out->len >= cap) {
			char c;

			if (read(fd, &c, 1) > 0 && truncated != NULL)
				*truncated = 1;
			break;
		}
		out->data = xgrow(out->data, &out->cap, out->len + 65537, 1);
		room = out->cap - out->len - 1;
		if (room > cap - out->len)
			room = cap - out->len;
		n = read(fd, out->data + out->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = err_set(cause, "%s: %s", path, strerror(errno));
		if (n <= 0)
			break;
		out->len += (size_t)n;
	}
	if (fd != 0)
		close(fd);
	return rc;
}

int gdump_load(const char *path, size_t cap, struct gdump *out, int *truncated, char **cause)
{
	struct buf b;
	struct stat sb;
	int fd;

	memset(out, 0, sizeof *out);
	if (truncated != NULL)
		*truncated = 0;
	if (cap > GDUMP_MAX_BYTES)
		cap = GDUMP_MAX_BYTES;
	/* A regular file within the cap is mapped, not copied: the page cache
	 * already holds it and the parser only reads. */
	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) >= 0) {
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
		    (size_t)sb.st_size <= cap) {
			void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ,
				       MAP_PRIVATE | MAP_POPULATE, fd, 0);

			if (m != MAP_FAILED) {
				close(fd);
				out->text = m;
				out->len = (size_t)sb.st_size;
				out->mapped = 1;
				parse_text(out);
				return 0;
			}
		}
		close(fd);
	}
	buf_init(&b);
	if (read_capped(path, cap, &b, truncated, cause) < 0) {
		buf_free(&b);
		return -1;
	}
	return gdump_parse_buf(&b, out, cause);
}

void gdump_free(struct gdump *d)
{
	if (d == NULL)
		return;
	if (d->mapped)
		munmap(d->text, d->len);
	else
		free(d->text);
	free(d->g);
	free(d->frames);
	free(d->anc);
	free(d->pool);
	free(d->str_off);
	free(d->str_len);
	free(d->str_hash);
	free(d->slots);
	free(d->memo);
	memset(d, 0, sizeof *d);
}
