# starprep: the two commands most people need are `make run` and `make test`.
# Each target installs what it needs first (scripts/install-deps.sh, idempotent).

LISTEN ?= 127.0.0.1:8080
DATA ?= var
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := $(sort $(basename $(notdir $(wildcard tests/fuzz/*_fuzz.cpp))))
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all build run test test-asan fuzz fuzz-build bench deps deps-test deps-bench clean format

all: build

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

deps-bench:
	@scripts/install-deps.sh bench

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

run: build
	./build/release/starprep serve --listen $(LISTEN) --data $(DATA) --content content

# Unit and integration suites under ASan+UBSan, then every suite (unit, integration, browser,
# OpenAPI lint, a bounded run of every fuzz target) on the release build; the last lines are CTest's summary.
test: deps-test
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --preset asan -L 'unit|integration' -j $(JOBS) --timeout 300
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@$(MAKE) --no-print-directory fuzz-build
	@ctest --preset release -j $(JOBS) --timeout 600

# The libFuzzer targets (tests/fuzz), a clang build that embeds the release build's coach model.
fuzz-build:
	@cmake -S tests/fuzz -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
	  -DCOACH_MODEL=$(CURDIR)/build/release/generated/coach_model.bin >/dev/null
	@cmake --build build/fuzz -j $(JOBS)

# Every fuzz target for FUZZ_SECONDS each, one after the other (`make fuzz FUZZ_SECONDS=600`);
# stops at the first crash, whose reproducer is in build/fuzz/artifacts/<target>/.
fuzz: deps-test build
	@$(MAKE) --no-print-directory fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  echo "== $$t ($(FUZZ_SECONDS) s, log: build/fuzz/$$t.log)"; \
	  tests/fuzz/run.sh build/fuzz/$$t $(FUZZ_SECONDS) >build/fuzz/$$t.log 2>&1 || { tail -n 40 build/fuzz/$$t.log; exit 1; }; \
	  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' build/fuzz/$$t.log; \
	done

bench: deps-bench build
	@bench/run.sh

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf build
