/* pclntab.c: Go's function table from the pclntab (docs/formats.md section 2,
 * checked against debug/gosym and runtime/symtab.go). */
#include "pclntab.h"

#include <elf.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	MAGIC_GO12 = 0xfffffffb,
	MAGIC_GO116 = 0xfffffffa,
	MAGIC_GO118 = 0xfffffff0,
	MAGIC_GO120 = 0xfffffff1,
};

/* Words of runtime.moduledata (Go 1.16 - 1.26): the pcHeader pointer, six
 * slices (funcnametab, cutab, filetab, pctab, pclntable, ftab), findfunctab,
 * minpc, maxpc, then text. */
enum { MD_FUNCNAMETAB = 1, MD_FTAB = 16, MD_MINPC = 20, MD_TEXT = 22, MD_WORDS = 23 };

static uint64_t word(const struct functab *ft, size_t i)
{
	return elfimage_rdptr(ft->tab + 8 + i * (size_t)ft->ptrsize, ft->ptrsize, ft->big_endian);
}

static uint64_t field_at(const struct functab *ft, size_t k)
{
	const unsigned char *p = ft->ftab + k * ft->field;

	return ft->field == 4 ? elfimage_rd32(p, ft->big_endian) : elfimage_rd64(p, ft->big_endian);
}

/* Recognises the 8-byte header prefix; sets version and byte order. */
static int header_ok(const unsigned char *p, size_t len, enum pclntab_version *v, int *big)
{
	if (len < 16 || p[4] != 0 || p[5] != 0 || (p[6] != 1 && p[6] != 2 && p[6] != 4) ||
	    (p[7] != 4 && p[7] != 8))
		return 0;
	for (int b = 0; b < 2; b++) {
		switch (elfimage_rd32(p, b)) {
		case MAGIC_GO12:
			*v = PCLNTAB_GO12;
			break;
		case MAGIC_GO116:
			*v = PCLNTAB_GO116;
			break;
		case MAGIC_GO118:
			*v = PCLNTAB_GO118;
			break;
		case MAGIC_GO120:
			*v = PCLNTAB_GO120;
			break;
		default:
			continue;
		}
		*big = b;
		return 1;
	}
	return 0;
}

static int parse(const unsigned char *tab, size_t len, struct functab *ft, char **cause)
{
	enum pclntab_version v;
	int big;

	if (!header_ok(tab, len, &v, &big))
		return err_set(cause, "no pclntab header (magic, pad, quantum, pointer size)");
	ft->tab = tab;
	ft->len = len;
	ft->version = v;
	ft->big_endian = big;
	ft->quantum = tab[6];
	ft->ptrsize = tab[7];
	size_t ps = (size_t)ft->ptrsize;
	size_t words = v == PCLNTAB_GO12 ? 1 : v == PCLNTAB_GO116 ? 7 : 8;
	if (len < 8 + words * ps)
		return err_set(cause, "pclntab truncated in its header");
	uint64_t nfunc = word(ft, 0), ftaboff;
	if (nfunc == 0 || nfunc > FUNCTAB_MAX_FUNCS)
		return err_set(cause, "pclntab claims %llu functions", (unsigned long long)nfunc);
	ft->nfunc = (size_t)nfunc;
	switch (v) {
	case PCLNTAB_GO12:
		ftaboff = 8 + ps;
		ft->field = ps;
		ft->funcbase = 0;
		ft->namebase = 0;
		break;
	case PCLNTAB_GO116:
		ftaboff = word(ft, 6);
		ft->field = ps;
		ft->funcbase = (size_t)ftaboff;
		ft->namebase = (size_t)word(ft, 2);
		if (word(ft, 2) >= len)
			return err_set(cause, "pclntab name table offset out of range");
		break;
	default:
		ftaboff = word(ft, 7);
		ft->field = 4;
		ft->funcbase = (size_t)ftaboff;
		ft->namebase = (size_t)word(ft, 3);
		if (word(ft, 3) >= len)
			return err_set(cause, "pclntab name table offset out of range");
		if (ft->text_start == 0)
			ft->text_start = word(ft, 2);
		break;
	}
	/* nfunc pairs and the end entry must lie inside the table. */
	if (ftaboff >= len || (2 * nfunc + 1) * ft->field > len - ftaboff)
		return err_set(cause, "pclntab function table (%llu entries) runs past its end",
			       (unsigned long long)nfunc);
	ft->ftab = tab + ftaboff;
	return 0;
}

/* The record of function i, or NULL when its offset is out of range. */
static const unsigned char *func_record(const struct functab *ft, size_t i, size_t need)
{
	uint64_t off = field_at(ft, 2 * i + 1);

	if (off > ft->len || ft->funcbase > ft->len - off || need > ft->len - ft->funcbase - off)
		return NULL;
	return ft->tab + ft->funcbase + off;
}

const char *functab_name(const struct functab *ft, size_t i)
{
	const unsigned char *rec;

	if (ft == NULL || i >= ft->nfunc)
		return NULL;
	size_t first = ft->version >= PCLNTAB_GO118 ? 4 : (size_t)ft->ptrsize;
	if ((rec = func_record(ft, i, first + 4)) == NULL)
		return NULL;
	int32_t nameoff = (int32_t)elfimage_rd32(rec + first, ft->big_endian);
	if (nameoff < 0 || (size_t)nameoff >= ft->len - ft->namebase)
		return NULL;
	const unsigned char *s = ft->tab + ft->namebase + nameoff;
	if (memchr(s, '\0', ft->len - ft->namebase - (size_t)nameoff) == NULL)
		return NULL;
	return (const char *)s;
}

uint64_t functab_entry(const struct functab *ft, size_t i)
{
	if (ft == NULL || i >= ft->nfunc)
		return 0;
	uint64_t e = field_at(ft, 2 * i);
	return ft->version >= PCLNTAB_GO118 ? ft->text_start + e : e;
}

size_t functab_count(const struct functab *ft)
{
	return ft ? ft->nfunc : 0;
}

/* A header that parses but whose first, middle and last names are not
 * readable symbol names is a false match (scan) or a corrupt table. */
static int plausible(const struct functab *ft)
{
	size_t probe[3] = {0, ft->nfunc / 2, ft->nfunc - 1};

	for (int k = 0; k < 3; k++) {
		const char *s = functab_name(ft, probe[k]);
		if (s == NULL || s[0] == '\0')
			return 0;
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				return 0;
	}
	/* Entries are sorted; check the first few. */
	for (size_t i = 1; i < ft->nfunc && i < 16; i++)
		if (field_at(ft, 2 * i) < field_at(ft, 2 * (i - 1)))
			return 0;
	return 1;
}

int functab_parse(const void *tab, size_t len, uint64_t text_start, struct functab **out,
		  char **cause)
{
	struct functab *ft = xcalloc(1, sizeof *ft);

	*out = NULL;
	ft->text_start = text_start;
	ft->where = "bytes";
	if (parse(tab, len, ft, cause) < 0) {
		free(ft);
		return -1;
	}
	if (ft->version < PCLNTAB_GO118)
		ft->text_source = "absolute entries";
	else if (text_start != 0)
		ft->text_source = "caller";
	else
		ft->text_source =
		    ft->text_start ? "pclntab header" : "unknown (entries are offsets)";
	*out = ft;
	return 0;
}

/* ---- finding the table in an image -------------------------------------- */

static int try_at(const unsigned char *p, size_t len, uint64_t vaddr, struct functab *ft)
{
	memset(ft, 0, sizeof *ft);
	ft->vaddr = vaddr;
	return parse(p, len, ft, NULL) == 0 && plausible(ft);
}

/* No usable section: scan the loaded file bytes at 4-byte alignment. */
static int scan_segments(const struct elfimage *img, struct functab *ft)
{
	for (size_t s = 0; s < img->nloads; s++) {
		const struct elfimage_seg *seg = &img->loads[s];
		const unsigned char *base = img->data + seg->offset, *p = base;
		const unsigned char *end = base + seg->filesz;
		while (end - p >= 16) {
			const unsigned char *h = memmem(p, (size_t)(end - p), "\xff\xff\xff", 3);
			if (h == NULL)
				break;
			/* little-endian magic starts one byte before, big-endian at h */
			for (size_t back = 0; back < 2; back++) {
				if ((size_t)(h - base) < back)
					continue;
				const unsigned char *q = h - back;
				if ((seg->vaddr + (uint64_t)(q - base)) % 4 != 0)
					continue;
				if (try_at(q, (size_t)(end - q), seg->vaddr + (uint64_t)(q - base),
					   ft)) {
					snprintf(ft->where_buf, sizeof ft->where_buf,
						 "segment scan at 0x%llx",
						 (unsigned long long)ft->vaddr);
					ft->where = ft->where_buf;
					return 1;
				}
			}
			p = h + 1;
		}
	}
	return 0;
}

/* A pointer-sized word at vaddr as the loader would see it: the file's
 * value, or the addend of a relocation when the file holds 0 there. */
static int load_word(const struct elfimage *img, uint64_t vaddr, uint64_t *v)
{
	size_t avail;
	const unsigned char *p = elfimage_vaddr(img, vaddr, &avail);

	if (p == NULL || avail < (size_t)img->ptrsize)
		return 0;
	*v = elfimage_rdptr(p, img->ptrsize, img->big_endian);
	if (*v == 0 && img->type == ET_DYN)
		elfimage_reloc_addend(img, vaddr, v);
	return 1;
}

/* Checks that the words at md look like runtime.moduledata for ft. */
static int moduledata_at(const struct elfimage *img, const struct functab *ft, uint64_t md,
			 uint64_t *text)
{
	uint64_t ps = (uint64_t)img->ptrsize, names, ftab, minpc;

	if (!load_word(img, md + MD_FUNCNAMETAB * ps, &names) ||
	    !load_word(img, md + MD_FTAB * ps, &ftab) ||
	    !load_word(img, md + MD_MINPC * ps, &minpc) || !load_word(img, md + MD_TEXT * ps, text))
		return 0;
	if (names != ft->vaddr + ft->namebase || ftab != ft->vaddr + ft->funcbase)
		return 0;
	if (*text == 0) /* fall back on minpc, which is text + the first entry offset */
		*text = minpc - field_at(ft, 0);
	return *text != 0;
}

/* runtime.firstmoduledata: its first word points at the pclntab header. */
static int text_from_moduledata(const struct elfimage *img, const struct functab *ft,
				uint64_t *text)
{
	struct elfimage_section sec;
	uint64_t md;
	size_t ps = (size_t)img->ptrsize;

	if (ft->vaddr == 0)
		return 0;
	if (elfimage_section(img, ".go.module", &sec) && sec.data != NULL &&
	    moduledata_at(img, ft, sec.addr, text))
		return 1;
	for (size_t s = 0; s < img->nloads; s++) {
		const struct elfimage_seg *seg = &img->loads[s];
		if (!(seg->flags & PF_W) || seg->filesz < MD_WORDS * ps)
			continue;
		const unsigned char *p = img->data + seg->offset;
		for (size_t off = 0; off + MD_WORDS * ps <= seg->filesz; off += ps)
			if (elfimage_rdptr(p + off, img->ptrsize, img->big_endian) == ft->vaddr &&
			    moduledata_at(img, ft, seg->vaddr + off, text))
				return 1;
	}
	/* Position-independent files may hold only a relocation there. */
	if (img->type == ET_DYN && elfimage_reloc_by_addend(img, ft->vaddr, &md) &&
	    moduledata_at(img, ft, md, text))
		return 1;
	return 0;
}

static void choose_text_start(const struct elfimage *img, struct functab *ft)
{
	struct elfimage_section sec;
	uint64_t v;

	if (ft->version < PCLNTAB_GO118) {
		ft->text_source = "absolute entries";
		return;
	}
	if (elfimage_symbol(img, "runtime.text", &v) && v != 0) {
		ft->text_start = v;
		ft->text_source = "runtime.text symbol";
	} else if (ft->text_start != 0) {
		ft->text_source = "pclntab header";
	} else if (text_from_moduledata(img, ft, &v)) {
		ft->text_start = v;
		ft->text_source = "runtime.firstmoduledata";
	} else if (elfimage_section(img, ".text", &sec)) {
		ft->text_start = sec.addr;
		ft->text_source = ".text section (approximate)";
	} else {
		ft->text_source = "unknown (entries are offsets)";
	}
}

int functab_from_image(const struct elfimage *img, struct functab **out, char **cause)
{
	static const char *const names[] = {".gopclntab", ".data.rel.ro.gopclntab"};
	struct functab *ft = xcalloc(1, sizeof *ft);
	struct elfimage_section sec;
	int found = 0;

	*out = NULL;
	for (size_t i = 0; i < ARRAY_LEN(names) && !found; i++)
		if (elfimage_section(img, names[i], &sec) && sec.data != NULL &&
		    try_at(sec.data, sec.len, sec.addr, ft)) {
			ft->where = names[i];
			found = 1;
		}
	if (!found)
		found = scan_segments(img, ft);
	if (!found) {
		free(ft);
		return err_set(cause,
			       "%s: no Go function table: no .gopclntab section and no "
			       "pclntab header in the loaded segments",
			       img->name);
	}
	choose_text_start(img, ft);
	*out = ft;
	return 0;
}

int functab_load(const char *path, struct functab **out, char **cause)
{
	struct elfimage *img;

	*out = NULL;
	if (elfimage_open(path, &img, cause) < 0)
		return -1;
	if (functab_from_image(img, out, cause) < 0) {
		elfimage_close(img);
		return -1;
	}
	(*out)->img = img;
	return 0;
}

void functab_free(struct functab *ft)
{
	if (ft == NULL)
		return;
	elfimage_close(ft->img);
	free(ft);
}

/* ---- queries -------------------------------------------------------------- */

long functab_find(const struct functab *ft, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; ft != NULL && i < ft->nfunc; i++) {
		const char *s = functab_name(ft, i);
		if (s != NULL && s[0] == name[0] && strncmp(s, name, n + 1) == 0)
			return (long)i;
	}
	return -1;
}

/* Regex metacharacters; a pattern without them is a plain substring. */
static int is_literal(const char *re)
{
	return strpbrk(re, ".[]()*+?{}|^$\\") == NULL;
}

/* Skips a bracket expression starting at p ('['); returns the char after
 * its ']' (a ']' right after '[' or '[^' is a member, not the end). */
static const char *skip_bracket(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p != '\0' && *p != ']')
		p++;
	return *p ? p + 1 : p;
}

#define REGEX_META ".[]()*+?{}|^$\\"

/* The longest run of literal characters every match of an extended regex
 * must contain, or NULL: a cheap strstr() then spares regexec() most names
 * (glibc's regexec costs about a microsecond a call). Conservative: a
 * character followed by any quantifier and any construct it does not
 * understand end the run, groups contribute nothing, and alternation
 * outside a group gives up. */
static char *required_literal(const char *re)
{
	size_t cur = 0, best = 0;
	char *run = xmalloc(strlen(re) + 1), *out = xmalloc(strlen(re) + 1);
	const char *p = re;
	int depth = 0;

	while (*p != '\0') {
		char c = *p, ch = 0;
		size_t w = 0;
		if (depth > 0) {
			if (c == '\\' && p[1] != '\0')
				p += 2;
			else if (c == '[')
				p = skip_bracket(p);
			else
				depth += c == '(' ? 1 : c == ')' ? -1 : 0, p++;
			continue;
		}
		if (c == '|' || (c == '\\' && p[1] == '|')) {
			best = 0;
			break;
		}
		if (c == '\\' && p[1] != '\0' && strchr(REGEX_META, p[1]) != NULL)
			ch = p[1], w = 2;
		else if (strchr(REGEX_META, c) == NULL)
			ch = c, w = 1;
		/* any quantifier after it (even +, as in "a+?") may make it optional */
		if (w > 0 && strchr("*?{+", p[w]) == NULL) {
			run[cur++] = ch;
			p += w;
			continue;
		}
		if (cur > best) { /* the run ends here */
			memcpy(out, run, cur);
			best = cur;
		}
		cur = 0;
		if (w > 0)
			p += w; /* an optional literal */
		else if (c == '[')
			p = skip_bracket(p);
		else if (c == '(')
			depth++, p++;
		else if (c == '{') /* an interval: digits and a comma */
			p += 1 + strspn(p + 1, "0123456789,");
		else if (c == '\\' && p[1] != '\0')
			p += 2;
		else
			p++;
	}
	if (*p == '\0' && cur > best) {
		memcpy(out, run, cur);
		best = cur;
	}
	free(run);
	if (best == 0) {
		free(out);
		return NULL;
	}
	out[best] = '\0';
	return out;
}

long functab_search(const struct functab *ft, const char *regex, size_t **idx, char **cause)
{
	regex_t re;
	size_t n = 0, cap = 0, *v = NULL;
	int literal = is_literal(regex), rc;
	char *need;

	*idx = NULL;
	if (!literal && (rc = regcomp(&re, regex, REG_EXTENDED | REG_NOSUB)) != 0) {
		char msg[256];
		regerror(rc, &re, msg, sizeof msg);
		return err_set(cause, "bad regular expression '%s': %s", regex, msg);
	}
	need = literal ? xstrdup(regex) : required_literal(regex);
	for (size_t i = 0; ft != NULL && i < ft->nfunc; i++) {
		const char *s = functab_name(ft, i);
		if (s == NULL || (need != NULL && strstr(s, need) == NULL))
			continue;
		if (!literal && regexec(&re, s, 0, NULL, 0) != 0)
			continue;
		v = xgrow(v, &cap, n + 1, sizeof *v);
		v[n++] = i;
	}
	if (!literal)
		regfree(&re);
	free(need);
	*idx = v;
	return (long)n;
}

int functab_is_init(const char *name)
{
	const char *dot = NULL;
	size_t n = strlen(name);

	/* "pkg.init" or "pkg.init.N" */
	if (n > 5 && strcmp(name + n - 5, ".init") == 0) {
		dot = name + n - 5;
	} else {
		const char *p = name + n;
		while (p > name && p[-1] >= '0' && p[-1] <= '9')
			p--;
		if (p == name + n || p - name < 6 || strncmp(p - 6, ".init.", 6) != 0)
			return 0;
		dot = p - 6;
	}
	if (dot == name)
		return 0;
	/* The package path's last element has its dots escaped (%2e) in symbol
	 * names, so a dot there means a method or a closure, not a package. */
	const char *slash = NULL;
	for (const char *p = name; p < dot; p++) {
		if (*p == '/')
			slash = p;
		else if (strchr("()*[] :", *p) != NULL)
			return 0;
	}
	const char *last = slash ? slash + 1 : name;
	return last < dot && memchr(last, '.', (size_t)(dot - last)) == NULL;
}

size_t functab_inits(const struct functab *ft, size_t **idx)
{
	size_t n = 0, cap = 0, *v = NULL;

	for (size_t i = 0; ft != NULL && i < ft->nfunc; i++) {
		const char *s = functab_name(ft, i);
		if (s != NULL && functab_is_init(s)) {
			v = xgrow(v, &cap, n + 1, sizeof *v);
			v[n++] = i;
		}
	}
	*idx = v;
	return n;
}

const char *functab_version_name(enum pclntab_version v)
{
	switch (v) {
	case PCLNTAB_GO12:
		return "1.2-1.15";
	case PCLNTAB_GO116:
		return "1.16-1.17";
	case PCLNTAB_GO118:
		return "1.18-1.19";
	case PCLNTAB_GO120:
		return "1.20+";
	}
	return "?";
}
