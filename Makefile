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
        desktop-file-utils appstream xvfb xauth dbus
# Peers for `make bench` (numpy and PyTorch run the same workloads)
BENCH_DEPS := python3 python3-numpy python3-torch

.PHONY: all deps bench-deps build run test test-asan bench clean

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

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
