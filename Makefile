# checkoutvcr: contract tests and record/replay for Stripe Checkout Sessions.
# `make help` lists the targets.

GO  ?= go
RUN ?=
run_flag = $(if $(RUN),-run '$(RUN)')

.DEFAULT_GOAL := help
.PHONY: help verify test record contracts

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  RUN=regexp limits verify and record to matching scenarios, e.g. make verify RUN=lifecycle"

verify: ## replay cassettes offline and check every response against contracts/ (what CI runs)
	$(GO) run ./cmd/verify $(run_flag)

test: ## vet, then run every test (starts stripe-mock on 127.0.0.1 itself), with the race detector
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

record: ## re-record cassettes/ (stripe-mock on loopback; STRIPE_SECRET_KEY=sk_test_... for Stripe test mode)
	$(GO) run ./cmd/record $(run_flag)

contracts: ## regenerate contracts/ from the OpenAPI spec of the pinned stripe-mock
	$(GO) run ./cmd/contracts
