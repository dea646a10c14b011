/* buildinfo.c: the Go build info blob, the module text and its quoting,
 * and the Go build ID (facts in docs/formats.md section 1). */
#include "buildinfo.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"

static const unsigned char magic[14] = "\xff Go buildinf:";
/* cmd/go's markers around the module text (modload infoStart/infoEnd). */
static const unsigned char info_start[16] = {0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02,
					     0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6};
static const unsigned char info_end[16] = {0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72,
					   0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2};

#define SEARCH_WINDOW (64 * 1024) /* Go reads this much of the data start */

/* ---- finding the blob ------------------------------------------------ */

/* A uvarint-prefixed string, like debug/buildinfo's decodeString. */
static const unsigned char *uvarint_string(const unsigned char *p, size_t n, size_t *len,
					   size_t *used)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n && i < 10; i++) {
		v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80))
			break;
	}
	if (i >= n || i >= 10)
		return NULL;
	i++;
	if (v > n - i)
		return NULL;
	*len = (size_t)v;
	*used = i + (size_t)v;
	return p + i;
}

/* A Go string header {data, len} at vaddr, resolved through the segments. */
static const unsigned char *string_at(const struct elfimage *img, uint64_t addr, int ptrsize,
				      int big, size_t cap, size_t *len)
{
	size_t avail;
	const unsigned char *h = elfimage_vaddr(img, addr, &avail);

	if (h == NULL || avail < 2 * (size_t)ptrsize)
		return NULL;
	uint64_t data = elfimage_rdptr(h, ptrsize, big);
	uint64_t n = elfimage_rdptr(h + ptrsize, ptrsize, big);
	if (n > cap)
		return NULL;
	const unsigned char *p = elfimage_vaddr(img, data, &avail);
	if (p == NULL || avail < n)
		return NULL;
	*len = (size_t)n;
	return p;
}

/* Go's rule: keep the text between the markers only when it is framed. */
static void set_modinfo(struct buildinfo *bi, const unsigned char *mod, size_t n)
{
	free(bi->modinfo);
	if (mod != NULL && n >= 33 && mod[n - 17] == '\n')
		bi->modinfo = xstrndup((const char *)mod + 16, n - 32);
	else
		bi->modinfo = xstrdup("");
}

/* Looks for the blob where Go does. 1 found (bi filled), 0 not found. */
static int read_blob(const struct elfimage *img, struct buildinfo *bi, char **cause)
{
	struct elfimage_section sec;
	uint64_t start = 0;
	int have = 0;

	if (elfimage_section(img, ".go.buildinfo", &sec)) {
		start = sec.addr;
		have = 1;
		bi->source = BUILDINFO_SRC_SECTION;
	} else {
		for (size_t i = 0; i < img->nloads && !have; i++)
			if ((img->loads[i].flags & (PF_X | PF_W)) == PF_W) {
				start = img->loads[i].vaddr;
				have = 1;
				bi->source = BUILDINFO_SRC_SEGMENT;
			}
	}
	if (!have)
		return 0;
	size_t avail;
	const unsigned char *p = elfimage_vaddr(img, start, &avail);
	if (p == NULL)
		return 0;
	if (avail > SEARCH_WINDOW)
		avail = SEARCH_WINDOW;
	const unsigned char *blob = NULL;
	for (size_t off = (16 - start % 16) % 16; off + 32 <= avail; off += 16)
		if (memcmp(p + off, magic, sizeof magic) == 0) {
			blob = p + off;
			avail -= off;
			break;
		}
	if (blob == NULL)
		return 0;

	const unsigned char *vers = NULL, *mod = NULL;
	size_t vlen = 0, mlen = 0;
	int ptrsize = blob[14], flags = blob[15];
	if (flags & 2) {
		size_t used;
		bi->layout = BUILDINFO_LAYOUT_INLINE;
		bi->big_endian = flags & 1;
		vers = uvarint_string(blob + 32, avail - 32, &vlen, &used);
		if (vers != NULL)
			mod = uvarint_string(vers + vlen, avail - 32 - used, &mlen, &used);
	} else {
		if (ptrsize != 4 && ptrsize != 8)
			return 0;
		bi->layout = BUILDINFO_LAYOUT_POINTER;
		bi->big_endian = flags != 0;
		vers = string_at(img, elfimage_rdptr(blob + 16, ptrsize, bi->big_endian), ptrsize,
				 bi->big_endian, BUILDINFO_VERSION_CAP, &vlen);
		mod = string_at(img, elfimage_rdptr(blob + 16 + ptrsize, ptrsize, bi->big_endian),
				ptrsize, bi->big_endian, BUILDINFO_MODINFO_CAP, &mlen);
	}
	if (ptrsize == 4 || ptrsize == 8)
		bi->ptrsize = ptrsize;
	if (vers == NULL || vlen == 0 || vlen > BUILDINFO_VERSION_CAP)
		return 0;
	if (mlen > BUILDINFO_MODINFO_CAP) {
		err_set(cause, "%s: module info of %zu bytes is over the cap", img->name, mlen);
		return -1;
	}
	bi->go_version = xstrndup((const char *)vers, vlen);
	set_modinfo(bi, mod, mod ? mlen : 0);
	return 1;
}

/* ---- the fallback scan ------------------------------------------------ */

/* "go1.N[.M][rcN|betaN][ X:exp,...]" or "devel ...": runtime.buildVersion. */
static int version_like(const unsigned char *p, size_t n)
{
	size_t i;

	if (n >= 7 && memcmp(p, "devel ", 6) == 0) {
		for (i = 6; i < n; i++)
			if (p[i] < 0x20 || p[i] >= 0x7f)
				return 0;
		return 1;
	}
	if (n < 5 || memcmp(p, "go1.", 4) != 0)
		return 0;
	for (i = 4; i < n && p[i] != ' '; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || p[i] == '.' || (p[i] >= 'a' && p[i] <= 'z') ||
		      p[i] == '-' || p[i] == '+'))
			return 0;
	if (p[4] < '0' || p[4] > '9')
		return 0;
	if (i < n) { /* " X:experiments" */
		if (n - i < 4 || memcmp(p + i, " X:", 3) != 0)
			return 0;
		for (i += 3; i < n; i++)
			if (p[i] <= 0x20 || p[i] >= 0x7f)
				return 0;
	}
	return 1;
}

/* Orders versions so the newest wins: go1.26.5 > go1.26 > go1.9. */
static void version_key(const unsigned char *p, size_t n, unsigned k[3])
{
	size_t i = 4;

	k[0] = k[1] = k[2] = 0;
	if (n < 4 || memcmp(p, "go1.", 4) != 0)
		return;
	for (int part = 0; part < 2; part++) {
		while (i < n && p[i] >= '0' && p[i] <= '9' && k[part] < 100000)
			k[part] = k[part] * 10 + (unsigned)(p[i++] - '0');
		if (i >= n || p[i] != '.')
			break;
		i++;
	}
	k[2] = (unsigned)n;
}

static int key_newer(const unsigned a[3], const unsigned b[3])
{
	for (int i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] > b[i];
	return 0;
}

/* runtime.buildVersion: a string header in a writable segment that points
 * at a version-shaped string. */
static int scan_version(const struct elfimage *img, struct buildinfo *bi)
{
	int ps = img->ptrsize, big = img->big_endian;
	const unsigned char *best = NULL;
	size_t bestlen = 0;
	unsigned bestkey[3] = {0, 0, 0};

	for (size_t s = 0; s < img->nloads; s++) {
		const struct elfimage_seg *seg = &img->loads[s];
		if (!(seg->flags & PF_W) || (seg->flags & PF_X))
			continue;
		const unsigned char *p = img->data + seg->offset;
		for (size_t off = 0; off + 2 * (size_t)ps <= seg->filesz; off += (size_t)ps) {
			uint64_t len = elfimage_rdptr(p + off + ps, ps, big);
			if (len < 5 || len > 128)
				continue;
			size_t avail;
			const unsigned char *str =
			    elfimage_vaddr(img, elfimage_rdptr(p + off, ps, big), &avail);
			if (str == NULL || avail < len || (str[0] != 'g' && str[0] != 'd') ||
			    !version_like(str, (size_t)len))
				continue;
			unsigned key[3];
			version_key(str, (size_t)len, key);
			if (best != NULL && !key_newer(key, bestkey))
				continue;
			best = str;
			bestlen = (size_t)len;
			memcpy(bestkey, key, sizeof key);
		}
	}
	if (best == NULL)
		return 0;
	bi->go_version = xstrndup((const char *)best, bestlen);
	return 1;
}

/* The module text between its markers, anywhere in the loaded file bytes. */
static int scan_modinfo(const struct elfimage *img, struct buildinfo *bi, uint64_t *where)
{
	for (size_t s = 0; s < img->nloads; s++) {
		const struct elfimage_seg *seg = &img->loads[s];
		const unsigned char *p = img->data + seg->offset, *end = p + seg->filesz;
		while (p < end) {
			const unsigned char *a = memmem(p, (size_t)(end - p), info_start, 16);
			if (a == NULL)
				break;
			size_t room = (size_t)(end - a);
			if (room > BUILDINFO_MODINFO_CAP)
				room = BUILDINFO_MODINFO_CAP;
			const unsigned char *b = memmem(a + 16, room - 16, info_end, 16);
			if (b != NULL) {
				set_modinfo(bi, a, (size_t)(b - a) + 16);
				if (bi->modinfo[0] != '\0') {
					*where =
					    seg->vaddr + (uint64_t)(a - (img->data + seg->offset));
					return 1;
				}
			}
			p = a + 1;
		}
	}
	return 0;
}

/* ---- loading ---------------------------------------------------------- */

char *buildinfo_build_id(const struct elfimage *img)
{
	const unsigned char *desc;
	size_t len;

	if (!elfimage_note(img, ".note.go.buildid", "Go", 4, &desc, &len))
		return NULL;
	if (len > BUILDINFO_BUILDID_CAP)
		len = BUILDINFO_BUILDID_CAP;
	const unsigned char *nul = memchr(desc, '\0', len);
	if (nul != NULL)
		len = (size_t)(nul - desc);
	return len ? xstrndup((const char *)desc, len) : NULL;
}

int buildinfo_from_image(const struct elfimage *img, struct buildinfo **out, char **cause)
{
	struct buildinfo *bi = xcalloc(1, sizeof *bi);
	char *why = NULL;
	int r;

	*out = NULL;
	bi->ptrsize = img->ptrsize;
	bi->big_endian = img->big_endian;
	modinfo_init(&bi->mod);
	bi->build_id = buildinfo_build_id(img);
	if ((r = read_blob(img, bi, cause)) < 0)
		goto fail;
	if (r == 0) {
		uint64_t at = 0;
		int have_mod, have_vers;
		bi->source = BUILDINFO_SRC_SCAN;
		bi->layout = BUILDINFO_LAYOUT_NONE;
		bi->ptrsize = img->ptrsize;
		bi->big_endian = img->big_endian;
		free(bi->go_version);
		bi->go_version = NULL;
		have_mod = scan_modinfo(img, bi, &at);
		have_vers = scan_version(img, bi);
		if (!have_vers) {
			err_set(cause,
				"%s: not a Go executable: no .go.buildinfo section, no build info "
				"blob and no runtime.buildVersion string%s",
				img->name,
				have_mod ? " (module info markers were found)"
					 : ", nor module info markers");
			goto fail;
		}
		strlist_add(&bi->missing, "no .go.buildinfo section: the Go version comes from the "
					  "runtime.buildVersion string");
		if (have_mod)
			strlist_addf(&bi->missing,
				     "the module info comes from its 16-byte markers at 0x%llx",
				     (unsigned long long)at);
		else
			strlist_add(&bi->missing,
				    "no module info: neither the blob nor its markers "
				    "were found (built without modules?)");
	}
	if (bi->modinfo == NULL)
		bi->modinfo = xstrdup("");
	if (modinfo_parse(bi->modinfo, strlen(bi->modinfo), &bi->mod, &why) < 0) {
		err_set(cause, "%s: %s", img->name, why);
		free(why);
		goto fail;
	}
	if (bi->build_id == NULL)
		strlist_add(&bi->missing, "no Go build ID (.note.go.buildid)");
	*out = bi;
	return 0;
fail:
	buildinfo_free(bi);
	return -1;
}

int buildinfo_load(const char *path, struct buildinfo **out, char **cause)
{
	struct elfimage *img;

	*out = NULL;
	if (elfimage_open(path, &img, cause) < 0)
		return -1;
	int r = buildinfo_from_image(img, out, cause);
	elfimage_close(img);
	return r;
}

int buildinfo_parse(const void *buf, size_t len, const char *name, struct buildinfo **out,
		    char **cause)
{
	struct elfimage *img;

	*out = NULL;
	if (elfimage_open_mem(buf, len, name, &img, cause) < 0)
		return -1;
	int r = buildinfo_from_image(img, out, cause);
	elfimage_close(img);
	return r;
}

void buildinfo_free(struct buildinfo *bi)
{
	if (bi == NULL)
		return;
	free(bi->go_version);
	modinfo_clear(&bi->mod);
	free(bi->modinfo);
	free(bi->build_id);
	strlist_free(&bi->missing);
	free(bi);
}

const char *buildinfo_setting(const struct buildinfo *bi, const char *key)
{
	return bi != NULL ? modinfo_setting(&bi->mod, key) : NULL;
}

/* ---- output ----------------------------------------------------------- */

char *buildinfo_format(const struct buildinfo *bi, const char *file)
{
	struct buf b;
	char *body = modinfo_format(&bi->mod);

	buf_init(&b);
	buf_printf(&b, "%s: %s\n", file, bi->go_version ? bi->go_version : "");
	/* cmd/go indents every line of the body with one tab. */
	for (const char *p = body; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		buf_addc(&b, '\t');
		buf_add(&b, p, n);
		p += n;
	}
	free(body);
	return buf_steal(&b);
}

static const char *str_or(const char *s, const char *dflt)
{
	return s != NULL && s[0] != '\0' ? s : dflt;
}

static const struct modinfo_module *find_dep(const struct modinfo *m, const char *path)
{
	for (size_t i = 0; i < m->ndeps; i++)
		if (strcmp(m->deps[i].path, path) == 0)
			return &m->deps[i];
	return NULL;
}

static void module_line(char *out, size_t n, const struct modinfo_module *m)
{
	if (m == NULL)
		snprintf(out, n, "(absent)");
	else if (m->replace != NULL)
		snprintf(out, n, "%s => %s %s", str_or(m->version, "?"), m->replace->path,
			 str_or(m->replace->version, ""));
	else
		snprintf(out, n, "%s", str_or(m->version, "?"));
}

size_t buildinfo_diff(const struct buildinfo *a, const struct buildinfo *b, struct strlist *out)
{
	const struct modinfo *ma = &a->mod, *mb = &b->mod;
	size_t before = out->n;
	char x[512], y[512];

	if (strcmp(str_or(a->go_version, ""), str_or(b->go_version, "")) != 0)
		strlist_addf(out, "go version: %s != %s", str_or(a->go_version, "?"),
			     str_or(b->go_version, "?"));
	if (strcmp(str_or(a->build_id, ""), str_or(b->build_id, "")) != 0)
		strlist_addf(out, "build ID: %s != %s", str_or(a->build_id, "(none)"),
			     str_or(b->build_id, "(none)"));
	if (strcmp(ma->path, mb->path) != 0)
		strlist_addf(out, "path: %s != %s", str_or(ma->path, "(none)"),
			     str_or(mb->path, "(none)"));
	module_line(x, sizeof x, &ma->main);
	module_line(y, sizeof y, &mb->main);
	if (strcmp(ma->main.path, mb->main.path) != 0 || strcmp(x, y) != 0)
		strlist_addf(out, "main module: %s %s != %s %s", str_or(ma->main.path, "(none)"), x,
			     str_or(mb->main.path, "(none)"), y);
	for (size_t i = 0; i < ma->nsettings; i++) {
		const char *k = ma->settings[i].key, *v = modinfo_setting(mb, k);
		if (v == NULL || strcmp(v, ma->settings[i].value) != 0)
			strlist_addf(out, "build %s: %s != %s", k, ma->settings[i].value,
				     v ? v : "(unset)");
	}
	for (size_t i = 0; i < mb->nsettings; i++)
		if (modinfo_setting(ma, mb->settings[i].key) == NULL)
			strlist_addf(out, "build %s: (unset) != %s", mb->settings[i].key,
				     mb->settings[i].value);
	for (size_t i = 0; i < ma->ndeps; i++) {
		const struct modinfo_module *d = find_dep(mb, ma->deps[i].path);
		module_line(x, sizeof x, &ma->deps[i]);
		module_line(y, sizeof y, d);
		if (strcmp(x, y) != 0)
			strlist_addf(out, "dep %s: %s != %s", ma->deps[i].path, x, y);
	}
	for (size_t i = 0; i < mb->ndeps; i++)
		if (find_dep(ma, mb->deps[i].path) == NULL) {
			module_line(y, sizeof y, &mb->deps[i]);
			strlist_addf(out, "dep %s: (absent) != %s", mb->deps[i].path, y);
		}
	/* Same facts but different bytes: the module text still tells them apart. */
	if (out->n == before && strcmp(a->modinfo, b->modinfo) != 0)
		strlist_add(out, "module info text differs");
	return out->n - before;
}

static cJSON *module_json(const struct modinfo_module *m)
{
	cJSON *o = cJSON_CreateObject();

	sanitize_json_add(o, "path", m->path);
	sanitize_json_add(o, "version", m->version);
	sanitize_json_add(o, "sum", m->sum);
	if (m->replace != NULL)
		cJSON_AddItemToObject(o, "replace", module_json(m->replace));
	return o;
}

cJSON *buildinfo_to_json(const struct buildinfo *bi)
{
	cJSON *o = cJSON_CreateObject(), *a;

	sanitize_json_add(o, "go_version", bi->go_version);
	sanitize_json_add(o, "path", bi->mod.path);
	if (modinfo_main_empty(&bi->mod))
		cJSON_AddNullToObject(o, "main");
	else
		cJSON_AddItemToObject(o, "main", module_json(&bi->mod.main));
	a = cJSON_AddArrayToObject(o, "deps");
	for (size_t i = 0; i < bi->mod.ndeps; i++)
		cJSON_AddItemToArray(a, module_json(&bi->mod.deps[i]));
	a = cJSON_AddArrayToObject(o, "settings");
	for (size_t i = 0; i < bi->mod.nsettings; i++) {
		cJSON *s = cJSON_CreateObject();
		sanitize_json_add(s, "key", bi->mod.settings[i].key);
		sanitize_json_add(s, "value", bi->mod.settings[i].value);
		cJSON_AddItemToArray(a, s);
	}
	sanitize_json_add(o, "build_id", bi->build_id);
	sanitize_json_add(o, "source", buildinfo_source_name(bi->source));
	sanitize_json_add(o, "layout", buildinfo_layout_name(bi->layout));
	cJSON_AddNumberToObject(o, "ptr_size", bi->ptrsize);
	cJSON_AddBoolToObject(o, "big_endian", bi->big_endian);
	cJSON_AddItemToObject(o, "missing", sanitize_json_list(&bi->missing, NULL));
	return o;
}

const char *buildinfo_source_name(enum buildinfo_source s)
{
	switch (s) {
	case BUILDINFO_SRC_SECTION:
		return "section";
	case BUILDINFO_SRC_SEGMENT:
		return "segment";
	case BUILDINFO_SRC_SCAN:
		return "scan";
	}
	return "?";
}

const char *buildinfo_layout_name(enum buildinfo_layout l)
{
	switch (l) {
	case BUILDINFO_LAYOUT_NONE:
		return "none";
	case BUILDINFO_LAYOUT_POINTER:
		return "pointer";
	case BUILDINFO_LAYOUT_INLINE:
		return "inline";
	}
	return "?";
}
