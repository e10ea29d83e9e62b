# checkoutvcr: contract tests and record/replay for Stripe Checkout Sessions.
# `make help` lists the targets.

GO  ?= go
RUN ?=
run_flag = $(if $(RUN),-run '$(RUN)')
# make verify FORMAT=json|junit|text ARGS='-junit report.xml path/to/cassettes'
FORMAT ?=
ARGS   ?=
formats = text json junit
format_flag = $(if $(FORMAT),-format $(FORMAT))

.DEFAULT_GOAL := help
.PHONY: help verify test record contracts

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  RUN=regexp limits verify and record to matching scenarios, e.g. make verify RUN=lifecycle"
	@echo "  FORMAT=text|json|junit is verify's report format on stdout, e.g. make verify FORMAT=junit"
	@echo "  ARGS='...' passes more flags or cassette paths to verify, e.g. make verify ARGS='-junit report.xml -json report.json'"
	@echo "             or make verify ARGS=path/to/cassettes to check any go-vcr cassettes (no scenarios)"

verify: ## replay cassettes offline and check every response against contracts/ (what CI runs); FORMAT, ARGS: see below
	$(if $(FORMAT),$(if $(filter-out $(formats),$(FORMAT))$(word 2,$(FORMAT)),$(error FORMAT=$(FORMAT): want one of $(formats))))
	@$(GO) build -o bin/verify ./cmd/verify
	@$(strip bin/verify $(run_flag) $(format_flag) $(ARGS))

# Packages whose code and tests start no goroutine (cmd/contracts generates
# sequentially; a sync.Once is all the sync they use): the race detector has
# nothing to find there, so they run without it (it costs 5-10x).
norace_pkgs = ./client/form ./internal/scenario ./internal/gen/contractgen ./internal/openapi ./internal/report \
	./internal/drift ./internal/jsonpath ./internal/jsondoc ./internal/yamlpos ./internal/stripekey \
	./internal/atomicfile ./internal/cli ./internal/manifest ./internal/openapi/openapitest ./cmd/contracts \
	./internal/gen/clientgen ./internal/upgrade ./internal/localserver/internal/genexpand
race_pkgs = $(filter-out $(shell $(GO) list $(norace_pkgs)),$(shell $(GO) list ./...))

# Tests in race_pkgs that start no goroutine and are slow under the race
# detector: they run in the second pass, without it.
norace_tests = TestFastPathAgreesWithLibrary|TestLargeCassetteMemory|TestProvableMutations|TestManyHeadersAreLinear|TestCassetteModeManyHeadersAreLinear

# The fuzz targets make fuzz runs (fuzz_targets, below) replay their seed corpus
# there before fuzzing; the test passes skip them, so no seed is paid for twice.
empty :=
space := $(empty) $(empty)
fuzz_names = $(subst $(space),|,$(foreach t,$(fuzz_targets),$(firstword $(subst :, ,$(t)))))

test: ## vet; every test (with -race where there is concurrency; they start stripe-mock on 127.0.0.1 themselves); each benchmark once; the example modules' tests; each fuzz target for 3s
	$(GO) vet ./...
	$(GO) test -race -count=1 -skip '^($(norace_tests)|$(fuzz_names))$$' $(race_pkgs)
	$(GO) test -count=1 -skip '^($(fuzz_names))$$' -bench . -benchtime=1x $(norace_pkgs)
	$(GO) test -count=1 -run '^($(norace_tests))$$' -bench . -benchtime=1x $(race_pkgs)
	cd bench && $(GO) vet ./... && $(GO) test -run '^$$' -bench . -benchtime=1x ./...
	@set -e; for m in examples/*/go.mod; do d=$${m%/go.mod}; echo "cd $$d && go vet ./... && go test ./..."; (cd $$d && $(GO) vet ./... && $(GO) test -count=1 ./...); done
	$(MAKE) --no-print-directory fuzz FUZZTIME=3s

record: ## re-record cassettes/ (the local server over stripe-mock, on loopback; STRIPE_SECRET_KEY=sk_test_... for Stripe test mode)
	@$(GO) build -o bin/record ./cmd/record
	$(strip bin/record $(run_flag))

contracts: ## regenerate contracts/ from the OpenAPI specs of every pinned stripe-mock release (go mod download fetches the older ones)
	$(GO) run ./cmd/contracts

FUZZTIME ?= 5s
fuzz_targets = FuzzEncodeDecode:./client/form FuzzRequestKey:./internal/cassette FuzzParse:./internal/scenario FuzzExpand:./internal/scenario FuzzMatch:./internal/cassette FuzzCheck:./internal/cassette FuzzFastDecode:./internal/cassette FuzzFastNode:./internal/scenario FuzzDecode:./internal/jsondoc FuzzCheckResponse:./contracts FuzzJSON:./internal/redact
.PHONY: fuzz
# FUZZJOBS targets fuzz at once (default 1: two at once on two cores made a
# slow target, FuzzCheck at about 20 execs/s, fail with "context deadline
# exceeded" when its fuzz time ran out mid-input). Each first replays its seed
# corpus as a test (-run, so every seed runs whatever the load; the test passes
# of make test skip these targets), then fuzzes for FUZZTIME. Each target's output is printed whole when it ends; any
# failure fails make.
FUZZJOBS ?= 1
fuzz: ## run each fuzz target for FUZZTIME (default 5s) on top of its committed seeds, FUZZJOBS at a time
	@printf '%s\n' $(fuzz_targets) | xargs -P $(FUZZJOBS) -n 1 sh -c '\
		n=$${0%%:*}; p=$${0#*:}; \
		out=$$($(GO) test -run "^$$n\$$" -fuzz "^$$n\$$" -fuzztime $(FUZZTIME) $$p 2>&1); rc=$$?; \
		printf "fuzz %s (%s) for %s\n%s\n" "$$n" "$$p" "$(FUZZTIME)" "$$out"; exit $$rc'

.PHONY: bench
bench: ## benchmarks: contracts, matching, cassette loading, form encoding; then verify at 1,000 and 10,000 generated scenarios vs kin-openapi (see BENCHMARKS.md)
	$(GO) test -run '^$$' -bench . -benchmem ./contracts
	$(GO) test -run '^$$' -bench 'Match' -benchtime 20000x -benchmem ./internal/cassette
	$(GO) test -run '^$$' -bench 'IndexBuild|ReplayLoad' -benchtime 0.5s -benchmem ./internal/cassette
	$(GO) test -run '^$$' -bench 'ReplayLarge' -benchtime 2x -benchmem ./internal/cassette
	cd bench && $(GO) test -run '^$$' -bench . -benchmem .
	cd bench && $(GO) run ./e2e -n 1000,10000
