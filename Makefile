# gotriage: one Makefile, no other build system.
#
#   make            build ./gotriage
#   make check      install missing packages, build, run every test
#   make demo       install missing packages, build, run the demo service, open the console
#   make sanitize   the unit and integration suite under ASan+UBSan
#   make tsan       unit, integration and console tests under ThreadSanitizer
#   make valgrind   the unit suite under valgrind
#   make layering   the include direction; make format-check: clang-format
#   make fuzz       build the libFuzzer targets (clang)
#   make fuzz-long  each target FUZZ_SECONDS (600) on its corpus, merged back
#   make bench      benchmarks against go version -m, panicparse, ss
#   make mutate     tests/mutate/mutants.txt one at a time; prints the score (slow)
#   make install    PREFIX=/usr/local DESTDIR=

CC       ?= cc
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/gotriage
MANDIR   ?= $(PREFIX)/share/man
# libcurl is not linked: collectors/net/curlso.c loads it on first use, which
# keeps every start of the offline subcommands ~7 ms faster. Its headers
# still come from pkg-config.
# libcrypto and libzip likewise (collectors/base/lazylib.c): only module hashing
# needs them, and linking them cost every start another ~1 ms.
# libgit2 likewise (collectors/git/git2so.c): linking it cost ~8 ms a start.
PKGS      = ncursesw libelf libcjson readline zlib
CURL_CFLAGS := $(shell pkg-config --cflags libcurl libcrypto libzip libgit2 2>/dev/null)
BUILD    ?= build
VERSION   = 0.1.0

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CURL_CFLAGS)
# Static by default: each shared object the loader maps cost every start
# 0.3-1.2 ms, which is most of `gotriage profile` on a small file (issue 16's
# speed goal). ncursesw, tinfo, readline, libelf and zlib link from the .a
# files their Debian -dev packages ship; libcjson-dev ships none, so cJSON
# stays shared, as do libc and what curlso.c/lazylib.c/git2so.c load later.
# `make LINK_STATIC=` builds against the shared libraries.
LINK_STATIC ?= 1
STATIC_PKGS = ncursesw readline libelf zlib
ifneq ($(LINK_STATIC),)
PKG_LIBS   := -Wl,-Bstatic $(filter-out -ldl -lm -lpthread,$(shell pkg-config --static --libs \
                $(STATIC_PKGS) 2>/dev/null)) -Wl,-Bdynamic $(shell pkg-config --libs libcjson 2>/dev/null)
else
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
endif
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
# Tests build zips and digests of their own with the real libraries.
TEST_LIBS := $(CMOCKA_LIBS) $(shell pkg-config --libs libzip libcrypto 2>/dev/null)

WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DGOTRIAGE_VERSION='"$(VERSION)"' \
             -I. $(WARN) $(PKG_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
# --as-needed: libm, libdl and libpthread are then mapped only by a build
# that calls into them (gcc inlines floor/ceil/fabs; clang builds may not).
LDLIBS_ALL = -Wl,--as-needed $(PKG_LIBS) -lm -ldl -lpthread $(EXTRA_LDFLAGS)

# Layers, lowest first. Every .c under these folders is part of the program;
# tui/cmd/main.c is the only file that is not also linked into the unit tests.
LIB_SRC  = $(filter-out tui/cmd/main.c,$(shell find collectors checks panes tui -name '*.c' | sort))
LIB_OBJ  = $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC))
KEYMAPS  = $(wildcard keymaps/*.keys)
UNIT_SRC = $(shell find tests/unit -name 'test_*.c' | sort)
UNIT_BIN = $(addprefix $(BUILD)/tests/,$(basename $(notdir $(UNIT_SRC))))
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))

# Keep intermediate objects (the fuzz library) between runs.
.SECONDARY:

.PHONY: all check demo sanitize tsan valgrind fuzz fuzz-smoke fuzz-long bench install clean deps \
        unit layering clang-check tests format format-check mutate

all: gotriage

gotriage: $(BUILD)/gotriage
	@ln -sf $(BUILD)/gotriage gotriage

$(BUILD)/gotriage: $(BUILD)/obj/tui/cmd/main.o $(BUILD)/libgotriage.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/libgotriage.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The compiled-in default keymap is the same text format users write.
$(BUILD)/gen/default_keys.h: keymaps/default.keys
	@mkdir -p $(dir $@)
	@{ echo '/* generated from keymaps/default.keys */'; \
	   echo 'static const char default_keys_text[] ='; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	   echo ';'; } > $@
$(BUILD)/obj/tui/frame/keymap.o: $(BUILD)/gen/default_keys.h

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(BUILD)/gen -MMD -MP -c -o $@ $<

# Header dependencies of every object, fuzz objects and targets included:
# a changed struct must rebuild all its users, or the objects disagree on
# its layout (a stale fuzz build once reported a false crash that way).
-include $(shell find $(BUILD)/obj $(BUILD)/fuzzobj $(BUILD)/fuzz -name '*.d' 2>/dev/null)

# ---- tests -------------------------------------------------------------

# Unit tests mirror the source tree (tests/unit/collectors/elf/test_pclntab.c
# tests collectors/elf/pclntab.c) and build flat into $(BUILD)/tests/.
define unit_rule
$(BUILD)/tests/$(basename $(notdir $(1))): $(1) $(BUILD)/libgotriage.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) -Wno-missing-prototypes -o $$@ $$< $(BUILD)/libgotriage.a $$(LDLIBS_ALL) $$(TEST_LIBS)
endef
$(foreach t,$(UNIT_SRC),$(eval $(call unit_rule,$(t))))

tests: gotriage $(UNIT_BIN)

# The include direction tui/cmd -> tui/frame -> tui/record -> panes -> checks
# -> collectors (aggregator) -> collectors/X -> collectors/base, read off the
# include lines (docs/architecture.md; tests/it/layering.sh proves it bites).
layering:
	@bash tests/layering/check.sh

# One .clang-format at the root, applied to every C file we own.
FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null || find collectors checks panes tui tests -name '*.[ch]')
format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format: clean"
format:
	@clang-format -i $(FORMAT_FILES)

# Both compilers must accept the code with -Werror, the unit tests included
# (the tsan and sanitize builds compile them with clang).
clang-check:
	@if command -v clang >/dev/null; then \
	   for f in $(LIB_SRC) tui/cmd/main.c; do \
	     clang -fsyntax-only $(filter-out -O2 -g,$(ALL_CFLAGS)) -I$(BUILD)/gen $$f || exit 1; done; \
	   for f in $(UNIT_SRC); do \
	     clang -fsyntax-only $(filter-out -O2 -g,$(ALL_CFLAGS)) -Wno-missing-prototypes \
	       -I$(BUILD)/gen $$f || exit 1; done; \
	   echo "clang: clean"; fi

deps:
	@sh tests/deps.sh

check: deps
	@$(MAKE) --no-print-directory all tests layering format-check
	@$(MAKE) --no-print-directory clang-check
	@$(MAKE) --no-print-directory fuzz
	@GOTRIAGE_STRICT_SKIPS=$(if $(filter true 1,$(CI)),1,$(GOTRIAGE_STRICT_SKIPS)) bash tests/run.sh all

unit: tests
	@bash tests/run.sh unit

# The unit tests and the integration tests against a sanitised binary.
# Named as goals, not `all tests`: .SECONDARY (no prerequisites) makes every
# target intermediate, so a missing build-san/gotriage was not built when
# ./gotriage was newer than the sources, and `gotriage` re-pointed the
# ./gotriage link to the ASan build otherwise.
SAN_BIN = build-san/gotriage $(addprefix build-san/tests/,$(basename $(notdir $(UNIT_SRC))))
sanitize: deps
	@$(MAKE) --no-print-directory BUILD=build-san CC=clang \
	  CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  EXTRA_LDFLAGS='-fsanitize=address,undefined' $(SAN_BIN)
	@GOTRIAGE_BUILD=build-san ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  bash tests/run.sh unit it

# The worker thread and the loop share facts, the redaction list and the job
# queue: ThreadSanitizer over the unit, integration and console tests. The
# it/e2e scripts run build-tsan/gotriage (tests/lib.sh scales their waits);
# every report lands in build-tsan/tsan-reports/ (a report in a console
# under tmux is seen nowhere else), and any report fails the target.
# tests/tsan.supp lists the reports in libraries we do not build, with why.
# The ./gotriage link stays on the normal build.
TSAN_BIN = build-tsan/gotriage $(addprefix build-tsan/tests/,$(basename $(notdir $(UNIT_SRC))))
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build-tsan CC=clang \
	  CFLAGS='-O1 -g -fsanitize=thread -fno-omit-frame-pointer' \
	  EXTRA_LDFLAGS='-fsanitize=thread' $(TSAN_BIN)
	@rm -rf build-tsan/tsan-reports && mkdir -p build-tsan/tsan-reports
	@GOTRIAGE_BUILD=build-tsan \
	  TSAN_OPTIONS='halt_on_error=1 second_deadlock_stack=1 log_path=$(CURDIR)/build-tsan/tsan-reports/report suppressions=$(CURDIR)/tests/tsan.supp' \
	  bash tests/run.sh unit it e2e; st=$$?; \
	  if ls build-tsan/tsan-reports/report.* >/dev/null 2>&1; then \
	    echo "tsan: reports in build-tsan/tsan-reports/:"; \
	    grep -h -A12 '^WARNING: ThreadSanitizer' build-tsan/tsan-reports/report.* | head -n 80; exit 1; fi; \
	  exit $$st

valgrind: tests
	@GOTRIAGE_VALGRIND=1 bash tests/run.sh unit

fuzz: $(FUZZ_BIN)

# Fuzz targets link one instrumented copy of the library, built once.
FUZZ_FLAGS = -std=c11 -D_GNU_SOURCE -DGOTRIAGE_VERSION='"$(VERSION)"' -I. \
             -I$(BUILD)/gen $(PKG_CFLAGS) -g -O1 -fsanitize=address,undefined
FUZZ_OBJ   = $(patsubst %.c,$(BUILD)/fuzzobj/%.o,$(LIB_SRC))
$(BUILD)/fuzzobj/%.o: %.c $(BUILD)/gen/default_keys.h
	@mkdir -p $(dir $@)
	@clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer -MMD -MP -MF $@.d -o $@ $< $(FUZZ_OBJ) $(LDLIBS_ALL)

fuzz-smoke: fuzz
	@bash tests/run.sh fuzz

# Each target FUZZ_SECONDS (default 600) on its corpus, merged back into
# tests/fuzz/corpus/; FUZZ_TARGETS="semver elfsyms" runs only those.
FUZZ_SECONDS ?= 600
fuzz-long: fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/long.sh $(FUZZ_TARGETS)

bench: deps all
	@bash tests/bench/run.sh

# Not part of check: rebuilds a scratch copy once per mutant.
mutate:
	@bash tests/mutate/run.sh

demo: deps all
	@bash tests/fixtures/demo/run-demo.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/keymaps
	install -m 755 $(BUILD)/gotriage $(DESTDIR)$(BINDIR)/gotriage
	install -m 644 $(KEYMAPS) $(DESTDIR)$(DATADIR)/keymaps/
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 gotriage.1 $(DESTDIR)$(MANDIR)/man1/gotriage.1

clean:
	rm -rf build build-san build-tsan gotriage
