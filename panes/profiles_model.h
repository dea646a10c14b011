/* profiles_model.h: the profiles pane's logic without curses (the pane is
 * panes/profiles.c, its fetching panes/profiles_fetch.c): the profile kinds
 * net/http/pprof serves and what each costs the service, the /debug/pprof/
 * index, the views built from a decoded profile (top, peek, list, traces,
 * flame; run on the worker), and the keys.
 *
 * A view is built by profiles_view_build() from a request naming the
 * profile (and a base for a diff), the sample type, the sort and, for peek
 * and list, the selected function; it holds only sanitised, formatted text
 * (pprof_report's own lines, identical to `go tool pprof`) and the flame
 * tree, so the main thread draws it without touching the profile. The
 * reducer profiles_ui_key() turns an action into a change of the UI state
 * and an effect for the pane to carry out (fetch, start a CPU profile,
 * rebuild the view). */
#ifndef GOTRIAGE_PROFILES_MODEL_H
#define GOTRIAGE_PROFILES_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "action.h"
#include "collectors/base/common.h"
#include "collectors/runtime/pprof.h"
#include "collectors/runtime/pprof_flame.h"

enum profiles_kind {
	PK_CPU,
	PK_HEAP,
	PK_ALLOCS,
	PK_BLOCK,
	PK_MUTEX,
	PK_GOROUTINE,
	PK_THREADCREATE,
	PK_GOROUTINELEAK, /* listed only when the index lists it (Go 1.26 experiment) */
	PK__COUNT
};

struct profiles_kind_info {
	const char *name;  /* as the index names it ("profile" for CPU) */
	const char *label; /* what the pane calls it */
	const char *path;  /* under /debug/pprof/, without the CPU's ?seconds */
	const char *cost;  /* what fetching it costs the service */
};

extern const struct profiles_kind_info profiles_kinds[PK__COUNT];

/* Reads the /debug/pprof/ index page (Go's "<tr><td>COUNT</td><td><a
 * href='NAME?debug=1'>NAME</a>" rows): counts[k] is the count the service
 * shows, or -1 when the kind is not listed (CPU is listed without a count:
 * 0). Returns how many kinds were found; 0 means not an index. */
size_t profiles_index_parse(const char *html, size_t len, long counts[PK__COUNT]);

/* Why a profile with no samples is empty, or NULL when that is not news
 * (block and mutex record nothing until the service sets a rate). */
const char *profiles_empty_note(enum profiles_kind k);

/* Whether a function belongs to the main module (package main, or a path
 * under module), for highlighting. module may be NULL. */
int profiles_is_main(const char *func, const char *module);

enum profiles_vk {
	PV_KINDS, /* the list of profiles the endpoint serves */
	PV_TOP,
	PV_PEEK,
	PV_LIST,
	PV_TRACES,
	PV_FLAME,
};

struct profiles_req {
	const struct pprof_profile *p, *base; /* base: a diff, or NULL */
	enum profiles_vk which;
	int sample;	  /* sample type index, -1: the profile's default */
	int cum;	  /* top sorted by cum */
	const char *func; /* peek/list: this function (exact name) */
	const char *repo; /* list: where the source is */
};

struct profiles_view {
	enum profiles_vk which;
	struct strlist head;  /* pprof's header lines */
	struct strlist lines; /* the rows (top) or the text (peek, list, traces) */
	struct strlist names; /* top: each row's function name, raw */
	struct pprof_flame flame;
	int has_flame;
	int sample; /* the sample type index used */
	char sample_name[64];
	int64_t total;
	char *error; /* peek/list found nothing, the base did not fit, ... */
};

/* Worker side: never touches curses or the pane. Returns NULL only when
 * the profile has no sample types (*cause says so). */
struct profiles_view *profiles_view_build(const struct profiles_req *rq, char **cause);
void profiles_view_free(struct profiles_view *v);

/* The pane's position: which view, the selection in it, sort and sample. */
struct profiles_ui {
	enum profiles_vk view;
	size_t kind_sel; /* row in the kinds list */
	int shown;	 /* the kind the views show, -1 none */
	size_t sel;	 /* top: selected row; text views: first line shown */
	int cum, sample, diff;
	uint32_t zoom, fsel; /* flame: zoomed node, selected node */
	int rows;	     /* rows the view had at the last draw */
	size_t nkinds;	     /* rows of the kinds list: PK__COUNT once the
				index lists goroutineleak, one less before */
};

enum profiles_effect {
	PE_NONE,    /* not ours: the frame may use the action */
	PE_USED,    /* the state changed; redraw */
	PE_FETCH,   /* fetch profiles_kinds[ui->kind_sel] (or show it) */
	PE_CPU,	    /* start a CPU profile */
	PE_REBUILD, /* build ui->view again for ui->shown (sort, sample, diff, peek) */
};

void profiles_ui_init(struct profiles_ui *ui);
/* v is the view shown (NULL: none yet); nsamples the sample types of the
 * shown profile (for the switch). */
enum profiles_effect profiles_ui_key(struct profiles_ui *ui, const struct profiles_view *v,
				     int nsample_types, enum action a);
/* The function selected in the top view, or NULL. */
const char *profiles_ui_func(const struct profiles_ui *ui, const struct profiles_view *v);

/* The answer to the CPU profile's question (how many seconds): "" keeps
 * `last`, "30" or "30s" is 30; 0 with the seconds in *secs, or -1 with why
 * in *why (static text) outside 1..PROFILES_CPU_MAX_SECONDS. */
#define PROFILES_CPU_MAX_SECONDS 300
#define PROFILES_CPU_MAX_STR "300"
int profiles_cpu_seconds_parse(const char *line, int last, int *secs, const char **why);

#endif
