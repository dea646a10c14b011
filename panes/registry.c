/* registry.c: the panes, in Tab order. Adding a pane is one line here. */
#include "pane.h"

extern const struct pane_ops overview_pane;

const struct pane_ops *const pane_registry[] = {
	&overview_pane,
	NULL,
};
