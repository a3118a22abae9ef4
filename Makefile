# The README's two commands. Both install missing Debian build dependencies
# when run as root, configure with CMake and build.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEBIAN_PACKAGES := cmake g++ make pkg-config antlr4 libantlr4-runtime-dev \
  libyaml-cpp-dev llvm-14-dev llvm-14-tools libzip-dev libminizip-dev \
  libmimalloc-dev zlib1g-dev libncurses-dev libgtest-dev python3 zip unzip \
  clang-format nodejs

# Editors the tests drive when they are installed (test/Editors reports
# UNSUPPORTED without them); `make check` installs them as root.
TEST_PACKAGES := neovim emacs-nox elpa-eglot

.PHONY: all deps test-deps configure build demo check bench clean format

all: build

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_FLAGS) $$missing; \
	  else \
	    echo "missing Debian packages:$$missing (run as root to install them)"; exit 1; \
	  fi; \
	fi

test-deps:
	@if [ "$$(id -u)" = 0 ]; then \
	  $(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(TEST_PACKAGES)" \
	    APT_FLAGS=--no-install-recommends; \
	fi

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@mkdir -p $(BUILD)/demo
	$(BUILD)/bin/rulecc examples/seed/app.rules --target=cfn -o $(BUILD)/demo/template.yaml
	@cat $(BUILD)/demo/template.yaml
	@echo "wrote $(BUILD)/demo/template.yaml"

check: build test-deps editors/vscode/node_modules test/LSP/node_modules
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The VS Code extension's npm modules, which test/Editors runs on.
editors/vscode/node_modules: editors/vscode/package-lock.json
	@command -v npm >/dev/null || $(MAKE) deps DEBIAN_PACKAGES=npm
	cd editors/vscode && npm ci --no-audit --no-fund

# The npm client library test/LSP drives `rulecc lsp` with.
test/LSP/node_modules: test/LSP/package-lock.json
	@command -v npm >/dev/null || $(MAKE) deps DEBIAN_PACKAGES=npm
	cd test/LSP && npm ci --no-audit --no-fund

bench: build
	bench/run.sh $(BUILD)/bin/rulecc

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD)
