# The README's two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
MVN ?= mvn -B -ntp
AGENT_JAR := agent/target/pcluster-agent.jar
DEMO_FLAGS := $(if $(filter 1 true yes,$(DEMO_ONESHOT)),--oneshot,)

.PHONY: deps build demo test faults lint-shell clean

deps:
	@scripts/install-deps.sh

build: deps
	$(MVN) -Pquick package

## The main job on the embedded default: a local sandbox Slurm cluster. DEMO_ONESHOT=1 exits after the summary.
demo: build
	PCAGENT_JAR=$(AGENT_JAR) postinstall/pcluster-agent dev $(DEMO_FLAGS)

## Everything CI runs: shell lint, unit tests, then integration tests against a real local Slurm cluster.
test: deps lint-shell
	$(MVN) clean verify

## The fault and hostile-input tests alone (docs/reliability.md); make test runs them too.
FAULT_TESTS := ControllerOutageIT,RunnerIT,RunStoreCrashIT,HostileSlurmIT,HttpFuzzIT,StorageIT,ImageApiIT,ScaleIT
faults: deps
	$(MVN) verify -pl core,test-support,sandbox,agent -Dtest='LocalRunsTest,SlurmParsersTest,ApiTokenTest' -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test='$(FAULT_TESTS)'

lint-shell: deps
	git ls-files -z -- '*.sh' .ci/run postinstall/pcluster-agent bootstrap/src/test/resources/io/pcagent/bootstrap/pcluster/pcluster \
	  'bootstrap/src/test/resources/io/pcagent/bootstrap/stage/PostinstallTest/*' \
	  'agent/src/test/resources/io/pcagent/smoke/ProbeGpuTest/*' | xargs -0 -r shellcheck -s bash
	systemd-analyze verify --man=no systemd/*.service 2>&1 | { grep -v 'is not executable: No such file or directory' || true; } \
	  | { if grep .; then exit 1; fi; }

clean:
	$(MVN) -q clean
