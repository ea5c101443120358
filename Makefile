# Everyday commands. The lint and security tools' versions are pinned in one
# place, .ci/tools.sh, which both `make lint` and CI (.ci/run) use.
SHELL := /bin/bash

GO    ?= go
BIN   ?= bin
IMAGE ?= wecom-ticket:dev

# test-full: the local MariaDB (root, empty password; the tests create and
# drop their own t_* databases, so no database is named) and Redis.
TEST_MYSQL_DSN  ?= root@tcp(127.0.0.1:3306)/
TEST_REDIS_ADDR ?= 127.0.0.1:6379

# demo: the WeCom emulator, and the server on the embedded stack (SQLite in
# tmp/demo, in-process store) with the demo org and test credentials.
SIM_ADDR       ?= 127.0.0.1:9090
DEMO_HTTP_ADDR ?= 127.0.0.1:8080
DEMO_ORG       ?= configs/demo-org.yaml
DEMO_DB_DSN    ?= file:tmp/demo/ticket.db?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate
DEMO_ENV = TICKET_HTTP_ADDR='$(DEMO_HTTP_ADDR)' \
	TICKET_DB_DRIVER=sqlite TICKET_DB_DSN='$(DEMO_DB_DSN)' TICKET_REDIS_ADDR= \
	TICKET_DEMO=true TICKET_WECOM_API_BASE='http://$(SIM_ADDR)' \
	TICKET_WECOM_CORP_ID=ww00000000demo0001 TICKET_WECOM_AGENT_ID=1000002 \
	TICKET_WECOM_SECRET=demo-secret TICKET_WECOM_TOKEN=demo-token \
	TICKET_WECOM_AES_KEY=jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C

.PHONY: run test test-full lint bench bench-micro bench-compare fuzz demo build vuln docker ci

## run: the server with defaults (SQLite under ./data, in-process store)
run:
	$(GO) run ./cmd/server

## test: every suite on the embedded stack
test:
	$(GO) test ./...

## test-full: every suite also on local MariaDB and Redis, with the race detector
test-full:
	TICKET_TEST_MYSQL_DSN='$(TEST_MYSQL_DSN)' TICKET_TEST_REDIS_ADDR='$(TEST_REDIS_ADDR)' \
		CGO_ENABLED=1 $(GO) test -race -count=1 ./...

## lint: go vet, staticcheck, gosec, gofmt -l (versions pinned in .ci/tools.sh)
lint:
	bash .ci/tools.sh lint

## bench: the system benchmarks against local MariaDB and Redis -> bench/results.md, bench/results.json
## (BENCH_FLAGS, e.g. BENCH_FLAGS='-only ingest -duration 30s'; `go run ./cmd/bench -h` lists them)
BENCH_FLAGS ?=
## The drain benchmark's reference is sysbench, from Debian's packages.
bench:
	@command -v sysbench >/dev/null || { apt-get update -q && apt-get install -y -q --no-install-recommends sysbench; }
	$(GO) run ./cmd/bench -mysql '$(TEST_MYSQL_DSN)' -redis '$(TEST_REDIS_ADDR)' $(BENCH_FLAGS)

# bench-micro and bench-compare. golang.org/x/perf tags no releases and the
# module proxy serves exact versions only, so benchstat is pinned to a
# pseudo-version (the x/perf commit of 2026-09-08); `go list -m -versions`
# lists none, `curl https://proxy.golang.org/golang.org/x/perf/@v/list` does.
# The first `go run` fetches it through the proxy; later ones use the cache.
BENCHSTAT   ?= golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
MICRO_BENCH ?= .
MICRO_COUNT ?= 6
MICRO_FLAGS ?=
MICRO_OUT   ?= bench/micro.txt
NEW         ?= $(MICRO_OUT)

## bench-micro: the Go micro-benchmarks of the hot paths (callback Open/Seal and
## ParseMessage, principal and view-query building, H5 page and notice rendering,
## the session store), MICRO_COUNT runs each (default 6), to bench/micro.txt.
## MICRO_BENCH narrows them (a -bench regexp: MICRO_BENCH='Open|Seal|Parse');
## MICRO_FLAGS adds go test flags (MICRO_FLAGS='-benchtime 200ms' for a quick look).
## A failing benchmark fails the target. Compare two commits:
##   git stash                  # or: git checkout <old commit>
##   make bench-micro && mv bench/micro.txt /tmp/old.txt
##   git stash pop              # or: git checkout -
##   make bench-micro
##   make bench-compare OLD=/tmp/old.txt
##     (= go run $(BENCHSTAT) /tmp/old.txt bench/micro.txt)
## Only benchmarks present at both commits are compared; keep the machine
## otherwise idle, since benchstat reports the noise it sees (the ± column).
bench-micro:
	@mkdir -p $(dir $(MICRO_OUT))
	set -o pipefail; $(GO) test -run '^$$' -bench '$(MICRO_BENCH)' -benchmem -count $(MICRO_COUNT) $(MICRO_FLAGS) ./... | tee $(MICRO_OUT)

## bench-compare: benchstat of OLD (an earlier bench-micro output) against NEW (default bench/micro.txt)
bench-compare:
	@test -n '$(OLD)' || { echo 'usage: make bench-compare OLD=/tmp/old.txt [NEW=bench/micro.txt]' >&2; exit 2; }
	$(GO) run $(BENCHSTAT) '$(OLD)' '$(NEW)'

# fuzz: every fuzz target (package:name); go test fuzzes one target per run.
FUZZTIME     ?= 60s
FUZZ_TARGETS ?= ./wecom:FuzzDecrypt ./bot:FuzzParse ./bot:FuzzDecodeDialog ./bot:FuzzWhen

## fuzz: each fuzz target for FUZZTIME (default 60s); a failing input is saved under the package's testdata/fuzz
fuzz:
	@set -e; for target in $(FUZZ_TARGETS); do \
		pkg=$${target%%:*}; name=$${target##*:}; \
		echo "fuzz $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime '$(FUZZTIME)' "$$pkg"; \
	done

## build: static binaries in ./bin
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w" -o $(BIN)/ ./cmd/server ./cmd/wecomsim

## demo: emulator + server in the background, then chat as agent1; both stop on exit
demo: build
	@set -euo pipefail; mkdir -p tmp; rm -rf tmp/demo; \
	$(DEMO_ENV) $(BIN)/wecomsim serve -addr '$(SIM_ADDR)' -org '$(DEMO_ORG)' >tmp/wecomsim.log 2>&1 & sim=$$!; \
	$(DEMO_ENV) $(BIN)/server >tmp/server.log 2>&1 & srv=$$!; \
	trap 'kill $$sim $$srv 2>/dev/null || true; wait $$sim $$srv 2>/dev/null || true' EXIT INT TERM; \
	echo "wecomsim on $(SIM_ADDR) (tmp/wecomsim.log), server on $(DEMO_HTTP_ADDR) (tmp/server.log)"; \
	for i in $$(seq 1 30); do \
		curl -fsS 'http://$(DEMO_HTTP_ADDR)/readyz' >/dev/null 2>&1 && break; \
		if ! kill -0 $$sim 2>/dev/null || ! kill -0 $$srv 2>/dev/null || [ $$i = 30 ]; then \
			echo "demo: not ready; last log lines:"; tail -n 20 tmp/wecomsim.log tmp/server.log; exit 1; \
		fi; \
		sleep 1; \
	done; \
	$(DEMO_ENV) $(BIN)/wecomsim chat --as agent1

## vuln: govulncheck. It needs the online vulnerability database (vuln.go.dev),
## so it runs only in a connected CI, not in .ci/run on this offline machine.
vuln:
	bash .ci/tools.sh vuln

## docker: the production image (needs a Docker engine); `docker compose up --build` runs it on MySQL and Redis
docker:
	docker build -t $(IMAGE) .

## ci: what CI runs (starts MariaDB and Redis if needed)
ci:
	bash .ci/run
