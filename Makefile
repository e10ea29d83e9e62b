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
	./internal/gen/clientgen ./internal/upgrade ./internal/localserver/internal/genexpand ./internal/bytewords
race_pkgs = $(filter-out $(shell $(GO) list $(norace_pkgs)),$(shell $(GO) list ./...))

# Tests in race_pkgs that start no goroutine and are slow under the race
# detector: they run without it, in the norace-tests suite of make test.
norace_test_names = TestFastPathAgreesWithLibrary TestLargeCassetteMemory TestProvableMutations TestManyHeadersAreLinear \
	TestCassetteModeManyHeadersAreLinear TestCommitRefusesWhatReplayRefuses TestReplayHugeCassettes TestPositionsOverTheCorpus \
	TestRemovingAnAlwaysPresentFieldIsMissingField TestCommittedCassettesHoldNoSecrets TestCheckExchangeCatalog \
	TestEveryComponentCompiles TestErrorFieldsMatchSpec
norace_tests = $(subst $(space),|,$(strip $(norace_test_names)))
lparen := (
# The packages of race_pkgs that hold one of those tests or a benchmark: the
# only ones that suite needs to build.
norace_test_dirs = $(sort $(dir $(shell grep -rlE --include='*_test.go' '^func (Benchmark[A-Za-z0-9_]*|$(norace_tests))[$(lparen)]' . | grep -vE '^\./(bench|examples)/')))
norace_test_pkgs = $(filter $(race_pkgs),$(shell $(GO) list $(norace_test_dirs)))

# A binary built with -race sleeps 1 s when it exits, so that races other
# goroutines are still reporting get printed; a race fails the test it
# happens in, so for a test binary the sleep is dead time, paid once per
# package.
race_env = GORACE=atexit_sleep_ms=0

# The tests start stripe-mock from the binary CHECKOUTVCR_STRIPE_MOCK names
# (see internal/stripemock), the pinned tool's, asked for once here: each
# test binary, and each process the tests start, would otherwise ask the go
# command, "go tool -n stripe-mock", 29 times in all, 9 CPU-seconds.

# go test, but each test binary is kept in bin/test and relinked only when
# its package or a dependency changed (see scripts/gotest): go test relinks
# every one on every run, 1-2.5 s of CPU each (28 of the race pass's 136
# CPU-seconds when measured).
gotest = GO=$(GO) scripts/gotest

# The test binaries are built without go test's own vet and without DWARF.
# make test has just run go vet, with all its analyzers (go test's are a
# subset), over every module; go test's vet would analyse every dependency
# again, the standard library included, once per build (-race, plain,
# fuzzing): 58 of a cold build's 523 CPU-seconds when measured. DWARF is for
# debuggers only (a panic's stack still names file and line) and costs a
# quarter of a link.
testbuild = -vet=off -ldflags=-w

# The -race build (the packages, then their tests) compiles without DWARF
# too: every package of it, the standard library included, is compiled for
# -race alone, so no other build shares it. A race report still names file
# and line (the runtime's tables, not DWARF, give them). It saved 6-13 of
# the -race build's 88-96 CPU-seconds, measured cold at load 2-4. Not the
# build without -race: go tool builds stripe-mock and the team module's
# tools with DWARF and takes no -gcflags, so that build would compile the
# standard library twice.
race_build = -race -gcflags=all=-dwarf=false

# The fuzz targets make fuzz runs (fuzz_targets, below) replay their seed corpus
# there before fuzzing; the test passes skip them, so no seed is paid for twice.
empty :=
space := $(empty) $(empty)
fuzz_names = $(subst $(space),|,$(foreach t,$(fuzz_targets),$(firstword $(subst :, ,$(t)))))

example_dirs = $(patsubst %/go.mod,%,$(wildcard examples/*/go.mod))

# On a fresh machine every module's dependencies (stripe-mock, stripe-go,
# kin-openapi), and the stripe-mock releases contracts/versions.json names
# (cmd/contracts' tests read their specs), download while go vet compiles:
# the network and the CPU at once. Then the first go command to need a
# build does it and the others reuse it, but two at once each do the whole
# build: so stripe-mock is built (go tool -n) before the tests start it
# several at once, and the example modules are vetted one by one (which
# compiles stripe-go) before their tests run, beside stripe-mock's build,
# bench/'s vet and the -race build of this module's packages (not their
# tests, nor the commands, which go build would link), which share nothing
# with them but the standard library: an example's vet compiles stripe-go,
# one big package, on one core, and the -race build fills the other. The
# test suites below (the race pass, the passes without -race, bench/ and
# each example module) are built in two lanes, -race and not, and run in one
# pool of two packages at a time, the slowest first (scripts/gotest).
contract_modules = $(shell sed -n 's/.*"module": "\([^"]*\)".*/\1/p' contracts/versions.json)
test: ## vet; every test (with -race where there is concurrency; they start stripe-mock on 127.0.0.1 themselves); each benchmark once; the example modules' tests; each fuzz target for 3s
	@echo "$(GO) vet ./...  (meanwhile: go mod download in ., bench and examples/*, and of contracts/versions.json's stripe-mock releases)"
	@for d in . bench $(example_dirs); do (cd $$d && $(GO) mod download) & done; $(GO) mod download $(contract_modules) & \
		$(GO) vet ./...; rc=$$?; wait; exit $$rc
	@echo "$(GO) tool -n stripe-mock && cd bench && go vet ./... && go build -race <the -race packages>  (meanwhile: go vet ./... in examples/*, one by one)"
	@($(GO) tool -n stripe-mock >/dev/null && (cd bench && $(GO) vet ./...) && \
		$(GO) build $(race_build) $$($(GO) list -f '{{if and .GoFiles (ne .Name "main")}}{{.ImportPath}}{{end}}' $(race_pkgs))) & lane=$$!; rc=0; \
		for d in $(example_dirs); do echo "cd $$d && go vet ./..."; (cd $$d && $(GO) vet ./...) || { rc=1; break; }; done; \
		wait $$lane || rc=1; exit $$rc
	smock=$$($(GO) tool -n stripe-mock) && CHECKOUTVCR_STRIPE_MOCK=$$smock $(race_env) $(gotest) \
		bin/test/race $(race_build) $(testbuild) -- $(race_pkgs) -- '-test.skip=^($(norace_tests)|$(fuzz_names))$$' ';;' \
		bin/test/norace $(testbuild) -- $(norace_pkgs) -- '-test.skip=^($(fuzz_names))$$' -test.bench=. -test.benchtime=1x ';;' \
		bin/test/norace-tests $(testbuild) -- $(norace_test_pkgs) -- '-test.run=^($(norace_tests))$$' -test.bench=. -test.benchtime=1x ';;' \
		bin/test/bench -C bench $(testbuild) -- ./... -- '-test.run=^$$' -test.bench=. -test.benchtime=1x \
		$(foreach d,$(example_dirs),';;' bin/test/$(d) -C $(d) $(testbuild) -- ./...)
	$(MAKE) --no-print-directory fuzz FUZZTIME=3s

record: ## re-record cassettes/ (the local server over stripe-mock, on loopback; STRIPE_SECRET_KEY=sk_test_... for Stripe test mode)
	@$(GO) build -o bin/record ./cmd/record
	$(strip bin/record $(run_flag))

contracts: ## regenerate contracts/ from the OpenAPI specs of every pinned stripe-mock release (go mod download fetches the older ones)
	$(GO) run ./cmd/contracts

FUZZTIME ?= 5s
fuzz_targets = FuzzEncodeDecode:./client/form FuzzRequestKey:./internal/cassette FuzzParse:./internal/scenario FuzzExpand:./internal/scenario FuzzMatch:./internal/cassette FuzzCheck:./internal/cassette FuzzFastDecode:./internal/cassette FuzzFastNode:./internal/scenario FuzzDecode:./internal/jsondoc FuzzCheckResponse:./contracts FuzzJSON:./internal/redact FuzzPlainText:./internal/cassette FuzzClientSecretMayMatch:./internal/verify \
	FuzzMayHold:./internal/stripekey FuzzProvable:./client
.PHONY: fuzz
# FUZZJOBS targets fuzz at once, each with FUZZWORKERS fuzzing processes
# (go test -parallel; by default two targets of one worker each, one per core).
# Each first replays its seed corpus as a test (so every seed runs whatever the
# load; the test passes of make test skip these targets), then fuzzes for
# FUZZTIME; its output is printed whole when it ends, and any failure fails
# make. A run that ends in Go 1.26's spurious "context deadline exceeded"
# (go.dev/issue/75804) without writing a failing input runs once more. The
# instrumented test binaries are kept in bin/test/fuzz (see scripts/gofuzz).
# FUZZMINIMIZE is go test -fuzzminimizetime: how long the engine shrinks
# each input that reached new code, or that failed, before it goes on. Go's
# default, 60s, took the whole of a few seconds' run: 4 of the targets here
# ran 46-112 inputs in 3 s and ended a second late, the worker still
# shrinking. With 0 they run 20,000-100,000, and a failing input is written
# as found; FUZZMINIMIZE=60s for a long hunt that wants it shrunk.
FUZZJOBS ?= 2
FUZZWORKERS ?= 1
FUZZMINIMIZE ?= 0
fuzz: ## run each fuzz target for FUZZTIME (default 5s) on top of its committed seeds, FUZZJOBS at a time
	@GO=$(GO) FUZZJOBS=$(FUZZJOBS) FUZZWORKERS=$(FUZZWORKERS) FUZZMINIMIZE=$(FUZZMINIMIZE) scripts/gofuzz bin/test/fuzz $(FUZZTIME) $(fuzz_targets)

.PHONY: bench
bench: ## benchmarks: contracts, matching, cassette loading, form encoding; then verify at 1,000 and 10,000 generated scenarios vs kin-openapi (see BENCHMARKS.md)
	$(GO) test -run '^$$' -bench . -benchmem ./contracts
	$(GO) test -run '^$$' -bench 'Match' -benchtime 20000x -benchmem ./internal/cassette
	$(GO) test -run '^$$' -bench 'IndexBuild|ReplayLoad' -benchtime 0.5s -benchmem ./internal/cassette
	$(GO) test -run '^$$' -bench 'ReplayLarge' -benchtime 2x -benchmem ./internal/cassette
	cd bench && $(GO) test -run '^$$' -bench . -benchmem .
	cd bench && $(GO) run ./e2e -n 1000,10000
