/* facts_doc.h: the process-side facts of one target as a document, so
 * they can travel (a file for the postmortem, `gotriage collect --stream`
 * over ssh) and be judged elsewhere, with the repository that is there.
 *
 * The document is JSON (docs/formats.md section 13):
 *   {"format":"gotriage-facts","version":2,"host":"web-3","taken_at":T,
 *    "gotriage":"0.1.0","parts":{"process":{"taken_at":T,"error":null},...},
 *    "process":{...},"buildinfo":{...},"goroutines":{...},"grpc":{...},
 *    "env":{...},"proxy":{...},"routes":{...}}
 * Only the parts that were collected are present; each has its time and,
 * when it failed, its error. Strings are raw bytes from the target, as the
 * collectors give them (sanitize before display); the environment is
 * masked (redact.h) before it is written, and so are proxy URLs.
 *
 * Reading is parsing outside bytes: at most FACTS_DOC_CAP bytes after gzip
 * is undone, every field type-checked, counts capped; a document of
 * another format or version is refused with one line naming both
 * versions, never misread. Fields this version does not know are ignored.
 *
 * Ownership: facts_doc_parse/_load return a struct facts_doc freed with
 * facts_doc_free() (NULL is fine). Apply functions build fresh structures
 * owned by the target/facts they fill. */
#ifndef GOTRIAGE_FACTS_DOC_H
#define GOTRIAGE_FACTS_DOC_H

#include <stddef.h>

#include "facts.h"

#define FACTS_DOC_FORMAT "gotriage-facts"
/* 2: the proxy walk's "kind" and "outcome" are names (gomod/proxyjson.h,
 * the form `modules --json` has); version 1 wrote their numbers, and is
 * still read. A reader of version 1 refuses a version 2 document. */
#define FACTS_DOC_VERSION 2
#define FACTS_DOC_VERSION_OLDEST 1
#define FACTS_DOC_CAP ((size_t)256 * MIB) /* after gunzip */
#define FACTS_DOC_MAX_ITEMS 200000	  /* entries in any one list */

struct cJSON;

/* ---- writing ------------------------------------------------------------ */

/* The document for the parts in `parts` of f (and its target) that were
 * collected. `host` names the machine (NULL: gethostname()). */
struct cJSON *facts_doc_build(const struct facts *f, unsigned parts, const char *host);
/* Writes the document to `path`, gzip-compressed; "-" is stdout, plain.
 * Every string in it is masked first, in place (redact_json_strings): the
 * values of the service's secret variables and flags wherever they show
 * (a goroutine label, an -ldflags -X setting, an argument), not only where
 * they were found. Returns 0, or -1 with *cause. */
int facts_doc_write(struct cJSON *doc, const char *path, char **cause);

/* ---- reading ------------------------------------------------------------ */

struct facts_doc {
	struct cJSON *root;
	char *host;
	double taken_at;
	int version;
	unsigned parts; /* FACT_* bits present */
	char *gotriage; /* version of the writer, "" when absent */
};

/* Parses a document (gzip or plain JSON). Returns 0, or -1 with *cause. */
int facts_doc_parse(const void *buf, size_t len, struct facts_doc **out, char **cause);
/* Reads and parses a file (at most FACTS_DOC_CAP compressed bytes). */
int facts_doc_load(const char *path, struct facts_doc **out, char **cause);
void facts_doc_free(struct facts_doc *d);

/* Sets t's process-side fields (pid, process, listeners, URLs, binary,
 * the pprof probes) from the document, replacing what was there; the repo
 * side of t (repo, git) is left alone. */
void facts_doc_apply_target(const struct facts_doc *d, struct target *t);
/* Fills the process-side parts of f named in `parts` from the document
 * (BINARY, DUMP, GRPC, the Go environment for MODULES, PROXY and ROUTES
 * when carried). BINARY, DUMP and GRPC wanted but absent get an error that
 * says so. Returns the parts filled. */
unsigned facts_doc_apply(const struct facts_doc *d, struct facts *f, unsigned parts);

/* A facts_source over one document, for facts->source: the process-side
 * parts of every collect come from it (read-only sessions). */
void facts_doc_source_init(struct facts_source *s, const struct facts_doc *d);

/* "process", "buildinfo", ... <-> FACT_* (for --parts and the document). */
const char *facts_doc_part_name(unsigned bit);
/* Parses "process,buildinfo,..." or "all"; returns 0, or -1 with *cause. */
int facts_doc_parse_parts(const char *list, unsigned *parts, char **cause);

#endif
