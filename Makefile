# SPDX-License-Identifier: Apache-2.0
# starprep: the two commands most people need are `make run` and `make test`; `make check` is the
# quick loop while editing. Each target installs what it needs first (scripts/install-deps.sh,
# idempotent).

LISTEN ?= 127.0.0.1:8080
DATA ?= var
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := $(sort $(basename $(notdir $(wildcard tests/fuzz/*_fuzz.cpp))))
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all build run cluster cluster-stop check test lint lighthouse fuzz fuzz-build bench bench-scale bench-search deps deps-test deps-bench deps-cluster clean format

all: build

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

deps-bench:
	@scripts/install-deps.sh bench

deps-cluster:
	@scripts/install-deps.sh cluster

# The server binary only (no tests, no benchmarks).
build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target starprep

run: build
	./build/release/starprep serve --listen $(LISTEN) --data $(DATA) --content content

# A throwaway PostgreSQL, two instances and HAProxy on loopback (deploy/local-cluster.sh; HAProxy
# on CLUSTER_PORT, default 8090). `make cluster-stop` stops it all and drops the database.
CLUSTER_DIR ?= /tmp/starprep-cluster
CLUSTER_PORT ?= 8090
cluster: deps-cluster build
	@PORT=$(CLUSTER_PORT) deploy/local-cluster.sh start $(CLUSTER_DIR)
	@echo "stop it with: make cluster-stop (or deploy/local-cluster.sh stop $(CLUSTER_DIR)); status: deploy/local-cluster.sh status $(CLUSTER_DIR)"

cluster-stop:
	@deploy/local-cluster.sh stop $(CLUSTER_DIR)

# The edit-compile-test loop: a debug build of the unit tests (no optimiser, no sanitizers, no
# server binary, integration tests or benchmarks) and the unit suite only.
check: deps
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS) --target unit_tests
	@ctest --preset debug -L unit -j $(JOBS) --timeout 300

# Unit and integration suites under ASan+UBSan; the threaded code's unit tests under
# ThreadSanitizer (tsan_tests only, cmake/tsan.cmake); then, on the release build, what needs
# the optimised binary or no sanitizer: the browser suite (e2e), the lints (layers, OpenAPI,
# clang-format, clang-tidy) and the fuzzers for a bounded time. The unit and integration suites
# run once, under the sanitizers (the release build does not build them again); the last lines
# are CTest's summary.
test: deps-test
	@cmake --preset asan -DSTARPREP_REQUIRE_POSTGRES=ON >/dev/null
	@cmake --build --preset asan -j $(JOBS) --target unit_tests integration_tests starprep
	@ctest --preset asan -L 'unit|integration' -j $(JOBS) --timeout 300
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS)
	@ctest --preset tsan --timeout 600
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target starprep micro_bench
	@$(MAKE) --no-print-directory fuzz-build
	@ctest --preset release -L 'e2e|lint|fuzz' -j $(JOBS) --timeout 600

# Lighthouse 12.2.3 (package.json) with Debian's Chromium, mobile emulation, on the home, role,
# question, jobs, job, sign-in and account pages of a fresh server: the median of RUNS runs (3)
# per page and category, as a table (docs/benchmarks.md). Not part of `make test`: the scores
# move with the machine's load, which the table prints.
RUNS ?= 3
lighthouse: deps-test build
	@RUNS=$(RUNS) node scripts/lighthouse.mjs

# clang-format and clang-tidy as `make test` runs them (needs a configured release build).
lint: deps-test
	@cmake --preset release >/dev/null
	@scripts/lint.sh format
	@scripts/lint.sh tidy build/release

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
	@cmake --build --preset release -j $(JOBS) --target micro_bench
	@bench/run.sh

# SQLite vs PostgreSQL writes, HAProxy with 1 and 2 instances (bench/scale.py; docs/benchmarks.md).
bench-scale: deps-bench deps-cluster build
	@bench/scale.py

# Search and job lists with 10,000 and 100,000 synthetic postings (bench/search_bench.sh:
# SIZES, BACKEND=postgres, BEFORE=older-binary for before/after).
bench-search: deps-bench build
	@bench/search_bench.sh

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'tools/*.cpp')

clean:
	rm -rf build
