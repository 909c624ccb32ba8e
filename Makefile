# Gradscope front door: `make run` and `make test` on a fresh Debian 12.
# Each target installs what is missing (apt-get, with sudo when not root),
# configures meson once, builds, then runs.

BUILD      ?= build
ASAN_BUILD ?= build-asan
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Build and test dependencies (Debian 12 package names)
DEPS := meson ninja-build pkg-config gcc libc6-dev \
        libglib2.0-dev libglib2.0-dev-bin libjson-glib-dev \
        libopenblas-dev liblapacke-dev \
        libgtk-4-dev libadwaita-1-dev libcairo2-dev libpango1.0-dev \
        desktop-file-utils appstream xvfb xauth dbus gettext
# Peers for `make bench` (numpy and PyTorch run the same workloads)
BENCH_DEPS := python3 python3-numpy python3-torch
# `make fuzz`: clang and its libFuzzer and sanitizer runtimes
FUZZ_DEPS := clang libclang-rt-14-dev

.PHONY: all deps bench-deps build run test test-asan bench fuzz clean

all: build

define install_missing
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(DEPS))

bench-deps: deps
	$(call install_missing,$(BENCH_DEPS))

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

# The desktop app on the built-in default experiment; with no display, the
# same experiment headless, writing the figure the window would show.
FIGURE ?= $(BUILD)/gradscope-default.png
run: build
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  GSETTINGS_SCHEMA_DIR=$(BUILD)/resources ./$(BUILD)/app/gradscope; \
	else \
	  echo "No display: running the default experiment headless."; \
	  ./$(BUILD)/app/gradscope-cli run && \
	  ./$(BUILD)/app/gradscope-cli plot --out $(FIGURE); \
	fi

test: build $(ASAN_BUILD)/build.ninja
	meson test -C $(BUILD) --print-errorlogs
	meson compile -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  meson test -C $(ASAN_BUILD) --suite core --suite cli --print-errorlogs
	@echo "All suites passed (debugoptimized build; core and cli again under ASan+UBSan)."

bench: bench-deps build
	./bench/run-bench.sh $(BUILD)

# The expression parser under libFuzzer with ASan and UBSan for FUZZ_SECONDS,
# from the checked-in corpus (tests/expr-corpus, left as it is: what the
# fuzzer finds goes to $(FUZZ_BUILD)/corpus), then every input of both
# replayed once. A failing input is written to $(FUZZ_BUILD)/crash-*; add
# it to tests/expr-corpus once fixed, and `make test` replays it for good.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   := -g -O1 -std=gnu17 -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=undefined -ffp-contract=off \
                -Wall -Wextra -Wno-unused-parameter -Werror -Icore
FUZZ_SOURCES := fuzz/fuzz-expr.c core/gs-expr.c core/gs-suggest.c core/gs-types.c

fuzz:
	$(call install_missing,$(DEPS) $(FUZZ_DEPS))
	mkdir -p $(FUZZ_BUILD)/corpus
	clang $(FUZZ_FLAGS) `pkg-config --cflags glib-2.0` $(FUZZ_SOURCES) \
	  `pkg-config --libs glib-2.0` -lm -o $(FUZZ_BUILD)/fuzz-expr
	./$(FUZZ_BUILD)/fuzz-expr -max_total_time=$(FUZZ_SECONDS) -max_len=4200 \
	  -dict=fuzz/expr.dict -artifact_prefix=$(FUZZ_BUILD)/ -print_final_stats=1 \
	  $(FUZZ_BUILD)/corpus tests/expr-corpus
	./$(FUZZ_BUILD)/fuzz-expr -runs=0 $(FUZZ_BUILD)/corpus tests/expr-corpus
	@echo "Fuzzed the expression parser for $(FUZZ_SECONDS) s; corpus replayed."

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
