/* semver.h: the two version syntaxes the module files use.
 *
 * Module versions follow golang.org/x/mod/semver: vMAJOR[.MINOR[.PATCH
 * [-pre][+build]]], where "v1" and "v1.2" are valid short forms of v1.0.0
 * and v1.2.0 and build metadata is ignored except "+incompatible", which
 * module.CanonicalVersion keeps. Go versions (the go and toolchain lines:
 * "1.21", "1.21.3", "1.21rc1") follow go/version's ordering, where the
 * language version 1.21 sorts before 1.21rc1 and both before 1.21.0.
 *
 * Every function is pure and takes NUL-terminated strings it only reads;
 * NULL counts as invalid. Only semver_canonical() allocates: the caller
 * frees its result. Used by every module parser (go.mod, go.work,
 * modules.txt) and by modstate. */
#ifndef GOTRIAGE_SEMVER_H
#define GOTRIAGE_SEMVER_H

/* golang.org/x/mod/semver's IsValid. */
int semver_valid(const char *v);
/* module.CanonicalVersion: "v1.2" -> "v1.2.0", keeps +incompatible; NULL if
 * invalid. Returns a new string. */
char *semver_canonical(const char *v);
/* <0, 0, >0; an invalid version sorts before every valid one. */
int semver_compare(const char *a, const char *b);

/* go/version-style comparison of Go versions "1.21", "1.21.3", "1.21rc1";
 * the empty string (and anything invalid) sorts first. */
int semver_go_compare(const char *a, const char *b);
/* Go's GoVersionRE, the rule for the go directive. */
int semver_go_valid(const char *v);

#endif
