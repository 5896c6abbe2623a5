# coalition: a thin wrapper over CMake. `make help` lists the targets.
# Every build directory and tool can be overridden on the command line, e.g.
#   make test BUILD_DIR=build-mine ASAN_DIR=build-mine-asan JOBS=4
#   make run LISTEN=tcp://127.0.0.1:7801     (or COALITION_LISTEN=... make run)
#   make docker DOCKER_BUILD_FLAGS=--network=host

SHELL := /bin/bash
.DEFAULT_GOAL := help

JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
CTEST_JOBS  ?= 2
BUILD_DIR   ?= build
ASAN_DIR    ?= build-asan
RELEASE_DIR ?= build-release
BUILD_TYPE  ?= RelWithDebInfo
CMAKE_FLAGS ?=
# make run passes --listen/--corpus only when COALITION_LISTEN/COALITION_CORPUS
# are unset; otherwise coalitiond reads them (COALITION_LISTEN may list several
# URLs, comma-separated).
LISTEN      ?= tcp://127.0.0.1:7700
CORPUS      ?= corpus
IMAGE       ?= coalition:latest
DOCKER_BUILD_FLAGS ?=

# Sanitizer runs stop at the first report (abort -> ctest failure), leaks included.
SAN_ENV := ASAN_OPTIONS=abort_on_error=1:halt_on_error=1:detect_leaks=1 \
           UBSAN_OPTIONS=abort_on_error=1:halt_on_error=1:print_stacktrace=1

.PHONY: help deps build run test test-asan bench lint docker clean distclean

help: ## List the targets
	@echo "coalition make targets (thin wrapper over CMake):"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables: BUILD_DIR=$(BUILD_DIR) ASAN_DIR=$(ASAN_DIR) RELEASE_DIR=$(RELEASE_DIR) JOBS=$(JOBS)"
	@echo "           LISTEN=$(LISTEN) CORPUS=$(CORPUS) IMAGE=$(IMAGE)"

deps: ## Install missing Debian 12 packages (sudo if not root) and buf into .tools/
	@bash scripts/install-deps.sh

build: ## Configure and build into build/ (RelWithDebInfo, -Werror)
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DWERROR=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: deps ## Build, then run coalitiond in the foreground on tcp://127.0.0.1:7700 (or COALITION_LISTEN) with corpus/
	$(MAKE) --no-print-directory build
	@test -x $(BUILD_DIR)/service/coalitiond || { echo "coalitiond was not built (service/main.c missing?)" >&2; exit 1; }
	exec $(BUILD_DIR)/service/coalitiond $(if $(COALITION_LISTEN),,--listen '$(LISTEN)') $(if $(COALITION_CORPUS),,--corpus '$(CORPUS)')

test: deps ## Build with -Werror and run ctest, then the same under ASan+UBSan (build-asan/)
	$(MAKE) --no-print-directory build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(CTEST_JOBS)
	$(MAKE) --no-print-directory test-asan

test-asan: ## Only the ASan+UBSan build and ctest, in build-asan/
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DWERROR=ON -DSANITIZE=address,undefined $(CMAKE_FLAGS)
	cmake --build $(ASAN_DIR) -j $(JOBS)
	$(SAN_ENV) ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(CTEST_JOBS)

bench: ## Release (-O2) build in build-release/, then run the bench/ programs if any
	cmake -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release '-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG' -DBUILD_TESTING=OFF $(CMAKE_FLAGS)
	cmake --build $(RELEASE_DIR) -j $(JOBS)
	@bash scripts/bench.sh $(RELEASE_DIR)

lint: deps ## buf lint of proto/ (STANDARD rules, proto/buf.yaml)
	@buf=.tools/node_modules/.bin/buf; [ -x $$buf ] || buf=buf; \
	  $$buf lint proto && echo "buf lint: proto/ clean"

docker: ## Build the runtime image coalition:latest (add DOCKER_BUILD_FLAGS=--network=host here)
	docker build $(DOCKER_BUILD_FLAGS) -t $(IMAGE) .

clean: ## Remove build/ build-asan/ build-release/
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(RELEASE_DIR)

distclean: clean ## clean, and remove .tools/ (buf)
	rm -rf .tools
