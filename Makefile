# saasgen's own tasks. `make` alone lists them.
.DEFAULT_GOAL := help
GO ?= go

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## build bin/saasgen
	$(GO) build -o bin/saasgen ./cmd/saasgen

.PHONY: test
test: fmt-check ## everything: vet, unit, golden, CLI scripts, and end-to-end presets against PostgreSQL and Redis
	$(GO) vet ./...
	SAASGEN_E2E_PARALLEL=$${SAASGEN_E2E_PARALLEL:-2} $(GO) test -count=1 -timeout 60m ./...

.PHONY: test-short
test-short: ## the quick loop: skips the end-to-end presets
	$(GO) test -short ./...

.PHONY: golden
golden: ## rewrite testdata/golden after a template change; review the diff
	$(GO) test ./generator -run Golden -update

.PHONY: bench
bench: ## generation speed with the network off
	GOPROXY=off $(GO) test ./generator -run XXX -bench . -benchtime 3s -count 3

.PHONY: fmt-check
fmt-check: ## fail when hand-written Go is not gofmt'd
	@out=$$(gofmt -l cmd generator blueprints templates/embed.go); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi

.PHONY: verify
verify: ## go.mod is tidy and goldens match
	$(GO) mod tidy -diff
	$(GO) test ./generator -run 'Golden|Deterministic'
