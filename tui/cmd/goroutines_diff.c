/* goroutines_diff.c: two saved dumps compared (see goroutines_diff.h). */
#include "goroutines_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collectors/base/sanitize.h"
#include "tui/record/journalread.h"

struct change {
	long long delta;
	unsigned long long before, after;
	const char *kind; /* "new", "gone", "grew", "shrank" */
	char *state, *top;
	unsigned frames;
};

static int cmp_change(const void *pa, const void *pb)
{
	const struct change *a = pa, *b = pb;
	long long x = a->delta < 0 ? -a->delta : a->delta, y = b->delta < 0 ? -b->delta : b->delta;

	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(a->top, b->top);
}

/* The main module's frames, innermost first ("main.f < main.g < ..."; at
 * most 6), else the innermost frame: two buckets of one function differ
 * in how they got there. */
static char *top_of(const struct gbuckets *b, const struct gbucket *k)
{
	const struct gdump *d = b->d;
	const struct gdump_goroutine *g = gbucket_rep(b, k);
	const struct gdump_frame *fr = gdump_gframes(d, g);
	struct buf o;
	size_t shown = 0;

	if (g->nframes == 0)
		return xstrdup("(no frames)");
	if (k->main_frame < 0)
		return sanitize_str(gdump_str(d, fr[0].func));
	buf_init(&o);
	for (uint32_t i = (uint32_t)k->main_frame; i < g->nframes; i++) {
		if (!gbucket_is_main(b, fr[i].func))
			continue;
		if (shown == 6) {
			buf_adds(&o, " < ...");
			break;
		}
		if (shown++ > 0)
			buf_adds(&o, " < ");
		sanitize_append(&o, gdump_str(d, fr[i].func), gdump_strlen(d, fr[i].func), 0);
	}
	return buf_steal(&o);
}

size_t goroutines_diff_print(const struct gbuckets *cur, const struct gbuckets *old,
			     const char *old_name, const char *new_name,
			     unsigned long long old_total, unsigned long long new_total)
{
	struct change *v = xcalloc(cur->n + cur->ngone + 1, sizeof *v);
	size_t n = 0, nnew = 0, ngone = 0, ngrew = 0, nshrank = 0;
	long long dnew = 0, dgone = 0, dgrew = 0, dshrank = 0;
	char *on = sanitize_str(old_name), *nn = sanitize_str(new_name);

	for (size_t i = 0; i < cur->n; i++) {
		const struct gbucket *k = &cur->v[i];
		struct change *c;

		if (k->prev == (int64_t)k->count)
			continue;
		c = &v[n++];
		c->before = k->prev > 0 ? (unsigned long long)k->prev : 0;
		c->after = k->count;
		c->delta = (long long)c->after - (long long)c->before;
		c->kind = c->before == 0 ? "new" : c->delta > 0 ? "grew" : "shrank";
		c->state = sanitize_str(gdump_str(cur->d, k->state));
		c->top = top_of(cur, k);
		c->frames = gbucket_rep(cur, k)->nframes;
		if (c->before == 0) {
			nnew++;
			dnew += c->delta;
		} else if (c->delta > 0) {
			ngrew++;
			dgrew += c->delta;
		} else {
			nshrank++;
			dshrank += c->delta;
		}
	}
	for (size_t i = 0; i < cur->ngone; i++) {
		struct change *c = &v[n++];

		c->before = cur->gone[i].count;
		c->delta = -(long long)c->before;
		c->kind = "gone";
		c->state = xstrdup(cur->gone[i].state);
		c->top = xstrdup(cur->gone[i].top[0] ? cur->gone[i].top : "(no frames)");
		ngone++;
		dgone += c->delta;
	}
	qsort(v, n, sizeof *v, cmp_change);
	printf("old: %llu goroutines in %zu buckets, %s\n", old_total, old->n, on);
	printf("new: %llu goroutines in %zu buckets, %s (%+lld)\n", new_total, cur->n, nn,
	       (long long)new_total - (long long)old_total);
	printf("appeared %zu (%+lld), vanished %zu (%+lld), grew %zu (%+lld), shrank %zu "
	       "(%+lld), unchanged %zu\n\n",
	       nnew, dnew, ngone, dgone, ngrew, dgrew, nshrank, dshrank,
	       cur->n - nnew - ngrew - nshrank);
	if (n == 0)
		printf("no bucket changed\n");
	for (size_t i = 0; i < n; i++) {
		const struct change *c = &v[i];

		printf("%+8lld  %-6s %6llu -> %-6llu  %s  %s", c->delta, c->kind, c->before,
		       c->after, c->state, c->top);
		if (c->frames > 0)
			printf("  (%u frames)", c->frames);
		putchar('\n');
		free(c->state);
		free(c->top);
	}
	free(v);
	free(on);
	free(nn);
	return n;
}

/* "PATH@N" with PATH a file: the path and N; else the whole of src. */
static char *split_at(const char *src, size_t *at, int *explicit_at)
{
	const char *a = strrchr(src, '@');
	struct stat sb;

	*at = 0;
	*explicit_at = 0;
	if (a != NULL && a[1] != '\0' && strspn(a + 1, "0123456789") == strlen(a + 1) &&
	    stat(src, &sb) != 0) {
		char *p = xstrndup(src, (size_t)(a - src));

		*at = strlen(a + 1) > 9 ? (size_t)-1 : (size_t)strtoul(a + 1, NULL, 10);
		*explicit_at = 1;
		return p;
	}
	return xstrdup(src);
}

static int starts_with_brace(const char *path)
{
	FILE *fp = fopen(path, "rb");
	int c = EOF;

	if (fp == NULL)
		return 0;
	while ((c = fgetc(fp)) == ' ' || c == '\n' || c == '\t' || c == '\r')
		;
	fclose(fp);
	return c == '{';
}

int goroutines_jside_load(const char *src, struct goroutines_jside *out, char **cause)
{
	struct journalread jr;
	const cJSON *ev;
	size_t at, count;
	int explicit_at;
	double t;
	char *path = split_at(src, &at, &explicit_at);

	memset(out, 0, sizeof *out);
	if (!explicit_at && !starts_with_brace(path)) {
		free(path);
		return 0;
	}
	if (explicit_at && at == 0) {
		*cause = xasprintf("%s: snapshots are numbered from 1 (@1 is the first)", src);
		free(path);
		return -1;
	}
	if (journalread_load(path, &jr, cause) != 0) {
		char *c = *cause;

		*cause = xasprintf("%s: %s", path, c);
		free(c);
		journalread_free(&jr);
		free(path);
		return -1;
	}
	if (jsnap_pick(&jr, at, &ev, &count, &t, cause) != 0 ||
	    jsnap_load(ev, &out->s, cause) != 0) {
		char *c = *cause;

		*cause = xasprintf("%s: %s", path, c);
		free(c);
		journalread_free(&jr);
		free(path);
		return -1;
	}
	{
		size_t n = at == 0 ? count : at;

		if (t >= 0)
			out->label = xasprintf("%s@%zu (goroutine snapshot %zu of %zu, +%02d:%02d "
					       "into the session)",
					       path, n, n, count, (int)(t / 60), (int)t % 60);
		else
			out->label =
			    xasprintf("%s@%zu (goroutine snapshot %zu of %zu)", path, n, n, count);
	}
	journalread_free(&jr);
	free(path);
	return 1;
}

void goroutines_jside_free(struct goroutines_jside *j)
{
	if (j == NULL)
		return;
	jsnap_free(&j->s);
	free(j->label);
	j->label = NULL;
}
