/* registry.c: the panes, in Tab order. Adding a pane is one line here. */
#include "pane.h"

extern const struct pane_ops checklist_pane;
extern const struct pane_ops overview_pane;
extern const struct pane_ops buildinfo_pane;
extern const struct pane_ops routes_pane;
extern const struct pane_ops modules_pane;
extern const struct pane_ops goroutines_pane;
extern const struct pane_ops profiles_pane;

const struct pane_ops *const pane_registry[] = {
    &checklist_pane, &overview_pane,   &buildinfo_pane, &routes_pane,
    &modules_pane,   &goroutines_pane, &profiles_pane,	NULL,
};

/* gotriage fleet's console (panes/fleet.c): its own set of panes, since
 * no single target is attached. */
extern const struct pane_ops fleet_pane;

const struct pane_ops *const pane_fleet_registry[] = {&fleet_pane, NULL};
