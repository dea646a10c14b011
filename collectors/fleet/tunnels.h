/* tunnels.h: the way from here to each fleet target's service, for the
 * route probes judging makes (route-not-served, middleware-order): a
 * target's service usually listens on its host's loopback or in its
 * pod, where this machine cannot reach it, and a probe of this host's
 * 127.0.0.1:PORT would ask some other process.
 *
 * For every job the run settled OK, the service's URL is read from its
 * facts document (process.debug_url, else process.url, as the host saw
 * it) and a local base URL is made that reaches it from where it runs:
 *   local   the URL itself (same host)
 *   ssh     ssh -O forward -L 127.0.0.1:LPORT:HOST:PORT over the host's
 *           master connection (collectors/remote/ssh.h), started from the
 *           run's tick while other targets are still collected, so it is
 *           up by the time the run ends; at most `jobs` at once
 *   k8s     kubectl port-forward (collectors/remote/kubectl.h), opened by
 *           fleet_tunnels_finish(), up to `jobs` in parallel threads
 * Each is bounded by timeout_ms. A tunnel that cannot be made costs only
 * that target's probes: fleet_tunnels_via() then gives NULL and why, and
 * the probes' verdicts say it (unknown), never the run.
 *
 * Use:
 *   t = fleet_tunnels_new(jobs, timeout_ms);
 *   opts.tick = fleet_tunnels_tick; opts.tick_arg = t;   fleet_run(...)
 *   fleet_tunnels_finish(t, run);     (blocks, bounded)
 *   via = fleet_tunnels_via(t, job, &why) ... judge with it
 *   fleet_tunnels_free(t);            (before fleet_run_free(): kubectl
 *                                      children are ended here, ssh
 *                                      forwards end with the master) */
#ifndef GOTRIAGE_FLEET_TUNNELS_H
#define GOTRIAGE_FLEET_TUNNELS_H

#include <stddef.h>

#include "run.h"

struct fleet_tunnels;

struct fleet_tunnels *fleet_tunnels_new(int jobs, int timeout_ms);
/* A fleet_run_opts.tick: starts the ssh forwards of jobs that became OK
 * (never blocks). */
void fleet_tunnels_tick(const struct fleet_run *r, void *arg);
/* Waits for the ssh forwards, opens the k8s ones; each within timeout_ms. */
void fleet_tunnels_finish(struct fleet_tunnels *t, const struct fleet_run *r);
/* The local base URL ("http://127.0.0.1:N") for job i's service, or
 * NULL with *why set (the tunnel failed) or NULL (no URL was known: the
 * probes say so themselves). Valid until fleet_tunnels_free(). */
const char *fleet_tunnels_via(const struct fleet_tunnels *t, size_t i, const char **why);
void fleet_tunnels_free(struct fleet_tunnels *t);

#endif
