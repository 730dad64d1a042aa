# Every target that needs a build depends on it, so `make test` and `make demo` work on a fresh clone.
NODE ?= node
NPM ?= npm
STAMP := node_modules/.install-stamp

.PHONY: install build test demo bench clean sandbox-tools fuzz

install: $(STAMP)

$(STAMP): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $(STAMP)

# dist/ is rebuilt from scratch, and only when something it is built from changed since the last
# complete build: a compiled test whose source was deleted must not keep running (a deletion
# changes its directory, which is listed too).
# The runtime (AssemblyScript) and the rest (TypeScript) build side by side; either failing fails the build.
BUILD_STAMP := dist/.build-stamp
BUILD_INPUTS := $(shell find engine/. cli/. transports/. test/. examples/. scripts/.) package.json tsconfig.json Makefile

build: $(BUILD_STAMP)

$(BUILD_STAMP): $(STAMP) $(BUILD_INPUTS)
	rm -rf dist
	$(NODE) node_modules/assemblyscript/bin/asc.js engine/runtime/assembly/index.ts --config engine/runtime/asconfig.json & runtime=$$!; \
	$(NODE) node_modules/typescript/bin/tsc -p tsconfig.json; typescript=$$?; \
	wait $$runtime && [ $$typescript -eq 0 ]
	$(NODE) scripts/bundle.mjs dist
	chmod +x dist/cli/warden.js
	cd test && find . -type f ! -name '*.ts' ! -name '*.mjs' -exec install -D -m 644 {} ../dist/test/{} \;
	@touch $(BUILD_STAMP)

# The hostile-upstream tests need a working bubblewrap, and podman (with runc) for the container mode.
# Installed where we can (Debian, as root);
# elsewhere those tests skip and print why. Never fails the build.
sandbox-tools:
	@command -v bwrap >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq bubblewrap >/dev/null 2>&1; } || \
		echo "bubblewrap is not installed: the sandbox tests will skip"
	@{ command -v podman >/dev/null 2>&1 && command -v runc >/dev/null 2>&1; } || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc >/dev/null 2>&1; } || \
		echo "podman is not installed: the container sandbox tests will skip"

test: build sandbox-tools
	$(NODE) test/run.mjs

# The fuzz tests of `make test`, with many more iterations (FUZZ_ITERATIONS, FUZZ_SEED to vary).
FUZZ_ITERATIONS ?= 200000
fuzz: build
	FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) $(NODE) test/run.mjs 'security/fuzz-.*\.test\.js$$'

demo: build
	$(NODE) dist/examples/demo/demo.js

bench: build
	$(NODE) dist/test/bench/bench.js

clean:
	rm -rf dist node_modules
