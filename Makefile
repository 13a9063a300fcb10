# starprep: the two commands most people need are `make run` and `make test`; `make check` is the
# quick loop while editing. Each target installs what it needs first (scripts/install-deps.sh,
# idempotent).

LISTEN ?= 127.0.0.1:8080
DATA ?= var
JOBS ?= $(shell nproc)
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all build run check test lint bench deps deps-test deps-bench clean format

all: build

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

deps-bench:
	@scripts/install-deps.sh bench

# The server binary only (no tests, no benchmarks).
build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target starprep

run: build
	./build/release/starprep serve --listen $(LISTEN) --data $(DATA) --content content

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
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS) --target unit_tests integration_tests starprep
	@ctest --preset asan -L 'unit|integration' -j $(JOBS) --timeout 300
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS)
	@ctest --preset tsan --timeout 600
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target starprep micro_bench
	@cmake -S tests/fuzz -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
	  -DCOACH_MODEL=$(CURDIR)/build/release/generated/coach_model.bin >/dev/null
	@cmake --build build/fuzz -j $(JOBS)
	@ctest --preset release -L 'e2e|lint|fuzz' -j $(JOBS) --timeout 600

# clang-format and clang-tidy as `make test` runs them (needs a configured release build).
lint: deps-test
	@cmake --preset release >/dev/null
	@scripts/lint.sh format
	@scripts/lint.sh tidy build/release

bench: deps-bench build
	@cmake --build --preset release -j $(JOBS) --target micro_bench
	@bench/run.sh

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'tools/*.cpp')

clean:
	rm -rf build
