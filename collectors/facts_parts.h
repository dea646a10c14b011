/* facts_parts.h: the parts of facts.c that live in their own files
 * (private to collectors/facts*.c). */
#ifndef GOTRIAGE_FACTS_PARTS_H
#define GOTRIAGE_FACTS_PARTS_H

#include "facts.h"

void facts_collect_dump(struct facts *f);
void facts_free_dump(struct facts *f);
void facts_collect_grpc(struct facts *f);
void facts_free_grpc(struct facts *f);
/* The collectors of facts.c that facts_from_source.c runs too. */
void facts_free_binary(struct facts *f);
void facts_free_proxy(struct facts *f);
void facts_collect_repo(struct facts *f);
void facts_collect_modules(struct facts *f);
void facts_collect_routes(struct facts *f);
/* Where to probe route r (facts_served.c): at base, or at *alt when set
 * (its router's own listener); WHERE_UNSURE: at base, but a 404 there
 * proves nothing (*why); WHERE_SKIP: not at all (*why). */
struct reposcan_route;
enum facts_where { WHERE_BASE, WHERE_UNSURE, WHERE_SKIP };
enum facts_where facts_route_where(const struct facts *f, const struct reposcan_route *r,
				   const char *base, char **alt, char **why);
/* facts_collect() with f->source set (facts_from_source.c). */
void facts_collect_with_source(struct facts *f, unsigned parts);

struct srctree;
struct buildconstraint_ctx;
/* The source the repo-side collectors judge (facts_source.c): the tree of
 * the running revision (or --rev) from git objects when the repository
 * has it and the build was clean, else the working tree. *label says
 * which, for every verdict's evidence ("commit a61a5c4, the running
 * revision"). NULL with *cause when there is no usable repository. */
struct srctree *facts_source_open(const struct facts *f, char **label, char **cause);
/* The commits the running build lacks (f->changes), after the scan. */
void facts_collect_changes(struct facts *f, const struct buildconstraint_ctx *ctx);
/* What to say when there is no repository at all. */
char *facts_no_repo_hint(const struct facts *f);

#endif
