/* facts_parts.h: the parts of facts.c that live in their own files
 * (private to collectors/facts*.c). */
#ifndef GOTRIAGE_FACTS_PARTS_H
#define GOTRIAGE_FACTS_PARTS_H

#include "facts.h"

void facts_collect_dump(struct facts *f);
void facts_free_dump(struct facts *f);
void facts_collect_grpc(struct facts *f);
void facts_free_grpc(struct facts *f);

#endif
