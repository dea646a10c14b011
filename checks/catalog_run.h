/* catalog_run.h: the adapters that feed each check its inputs from the
 * collected facts (one per catalog entry, same order). Pure: no I/O. */
#ifndef GOTRIAGE_CATALOG_RUN_H
#define GOTRIAGE_CATALOG_RUN_H

#include "collectors/facts.h"
#include "verdict.h"

void run_stale_binary(const struct facts *f, struct verdict *v);
void run_devel_build(const struct facts *f, struct verdict *v);
void run_route_excluded_by_build(const struct facts *f, struct verdict *v);
void run_route_not_served(const struct facts *f, struct verdict *v);
void run_grpc_service_missing(const struct facts *f, struct verdict *v);
void run_listener_missing(const struct facts *f, struct verdict *v);
void run_ticker_without_consumer(const struct facts *f, struct verdict *v);
void run_config_reload_no_effect(const struct facts *f, struct verdict *v);
void run_middleware_order(const struct facts *f, struct verdict *v);
void run_init_goroutine(const struct facts *f, struct verdict *v);
void run_sumdb_disabled(const struct facts *f, struct verdict *v);
void run_gosum_mismatch(const struct facts *f, struct verdict *v);
void run_goproxy_unreachable(const struct facts *f, struct verdict *v);
void run_vendor_inconsistent(const struct facts *f, struct verdict *v);
void run_cgo_disabled(const struct facts *f, struct verdict *v);
void run_workspace_shadowing(const struct facts *f, struct verdict *v);
void run_plugin_mismatch(const struct facts *f, struct verdict *v);
void run_embed_path(const struct facts *f, struct verdict *v);

#endif
