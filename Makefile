# The README's two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
MVN ?= mvn -B -ntp
AGENT_JAR := agent/target/pcluster-agent.jar
DEMO_FLAGS := $(if $(filter 1 true yes,$(DEMO_ONESHOT)),--oneshot,)

.PHONY: deps deps-demo build demo test faults soak bench lint-shell lint-dashboards clean

## What the demo needs (the build and the sandbox); `deps` adds the container stack and what only the tests need.
deps-demo:
	@scripts/install-deps.sh demo

deps:
	@scripts/install-deps.sh test

## The agent's jar and what it is built from (the demo runs no bootstrap)
build: deps-demo
	$(MVN) -Pquick package -pl agent -am

## The main job on the embedded default: a local sandbox Slurm cluster. DEMO_ONESHOT=1 exits after the summary.
demo: build
	PCAGENT_JAR=$(AGENT_JAR) postinstall/pcluster-agent dev $(DEMO_FLAGS)

## Everything CI runs: shell lint, unit tests, then integration tests against a real local Slurm cluster, and
## the Testcontainers ones against podman's Docker API (scripts/container-engine.sh; Ryuk cannot be pulled here).
test: deps lint-shell lint-dashboards
	engine=$$(scripts/container-engine.sh start) && export $$engine TESTCONTAINERS_RYUK_DISABLED=true && $(MVN) clean verify
	$(MAKE) bench BENCH=short

## The benchmarks of docs/benchmarks.md. BENCH=short (what make test runs) only proves they still run.
BENCH ?= full
BENCH_JAR := bench/target/pcluster-bench.jar
bench: deps
	$(MVN) -Pbench,quick clean package -pl bench -am
ifeq ($(BENCH),short)
	java -cp $(BENCH_JAR) io.pcagent.bench.ServeAtScale postinstall/pcluster-agent $(AGENT_JAR) 1000 10000 3
	java -jar $(BENCH_JAR) 'ParseBenchmark.nodesParse' -f 1 -wi 0 -i 1 -r 1s
	java -cp $(BENCH_JAR) io.pcagent.bench.Soak postinstall/pcluster-agent $(AGENT_JAR) target/soak 1
else
	for nodes in 1000 10000 50000; do \
	  java -cp $(BENCH_JAR) io.pcagent.bench.ServeAtScale postinstall/pcluster-agent $(AGENT_JAR) $$nodes 100000 20 || exit 1; \
	done
	java -jar $(BENCH_JAR) ParseBenchmark
endif

## The fault and hostile-input tests alone, at full length (docs/reliability.md); make test runs them shorter.
FAULT_TESTS := ControllerOutageIT,ControllerStopIT,SyntheticControllerStopIT,RunnerIT,RunStoreCrashIT,HostileSlurmIT,HttpFuzzIT,StorageIT,ImageApiIT,ScaleIT
faults: deps
	$(MVN) verify -pl core,test-support,sandbox,agent -Dtest='LocalRunsTest,SlurmParsersTest,ApiTokenTest' -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test='$(FAULT_TESTS)' -Dfaults.controllerStop=120s

## F6: serve and runner under mixed load on a sandbox for SOAK_MINUTES (make test runs 1 minute of it).
SOAK_MINUTES ?= 30
soak: deps
	$(MVN) -Pbench,quick clean package -pl bench -am
	java -cp $(BENCH_JAR) io.pcagent.bench.Soak postinstall/pcluster-agent $(AGENT_JAR) target/soak $(SOAK_MINUTES)

lint-shell: deps
	git ls-files -z -- '*.sh' .ci/run postinstall/pcluster-agent bootstrap/src/test/resources/io/pcagent/bootstrap/pcluster/pcluster \
	  'bootstrap/src/test/resources/io/pcagent/bootstrap/stage/PostinstallTest/*' \
	  'agent/src/test/resources/io/pcagent/smoke/ProbeGpuTest/*' containers/headnode/aws | xargs -0 -r shellcheck -s bash
	systemd-analyze verify --man=no systemd/*.service 2>&1 | { grep -v 'is not executable: No such file or directory' || true; } \
	  | { if grep .; then exit 1; fi; }
	@# exposure on systemd's 0-100 scale: no unit may become less confined than systemd/README.md says
	systemd-analyze security --offline=true --threshold=20 systemd/pcluster-agent.service > /dev/null
	systemd-analyze security --offline=true --threshold=55 systemd/pcluster-agent-runner.service > /dev/null

## The alert rules and their unit tests, the scrape examples and the dashboards' JSON (DashboardsIT queries them for real).
lint-dashboards: deps
	promtool check rules dashboards/prometheus/alerts.yml
	cd dashboards/prometheus && promtool test rules alerts_test.yml
	for f in dashboards/prometheus/scrape-*.yml; do promtool check config --syntax-only "$$f" || exit 1; done
	for f in dashboards/grafana/*.json; do jq -e '.uid and .title and (.panels | length > 0)' "$$f" > /dev/null || { echo "$$f: not a dashboard"; exit 1; }; done

clean:
	$(MVN) -q clean
