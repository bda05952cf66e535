# ml-intro: two commands do all set-up on a fresh Debian machine with rustup.
#   make serve   build the site (release) and serve it with `ml-intro serve` on 127.0.0.1:8080
#   make test    install what the tests need if missing, then run every test
# Also: make dev (set-up only), make gpu (ml-intro with CUDA + Vulkan), make hooks (pre-commit).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TERM_COLOR ?= never

PORT ?= 8080
TRUNK_VERSION := 0.21.14
WASM_TARGET := wasm32-unknown-unknown
# Trunk and wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/version = |"/, ""); print}' Cargo.lock)
WASM_OPT_VERSION = $(shell node -p 'require("./node_modules/binaryen/package.json").version.split(".")[0]' 2>/dev/null)
TRUNK = TRUNK_TOOLS_WASM_BINDGEN=$(WASM_BINDGEN_VERSION) TRUNK_TOOLS_WASM_OPT=version_$(WASM_OPT_VERSION) trunk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ML_INTRO := $(CARGO_TARGET_DIR)/release/ml-intro

.PHONY: dev serve test site editor native gpu hooks lint e2e rust-tests bench \
        wasm-target trunk wasm-bindgen npm-tools system-test-deps

## ---- set-up (each step only does work when something is missing) ----
dev: wasm-target trunk wasm-bindgen npm-tools

wasm-target:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)

trunk:
	@trunk --version 2>/dev/null | grep -qx 'trunk $(TRUNK_VERSION)' || \
	  cargo install trunk --version $(TRUNK_VERSION) --locked

# Without --locked as a fallback: a yanked dependency in wasm-bindgen-cli's lockfile must not block set-up.
wasm-bindgen:
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)' || \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --locked || \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

npm-tools: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm; }
	npm ci --no-audit --no-fund

# Browser tests drive Debian's Chromium; lavapipe gives wgpu a Vulkan device without a GPU.
system-test-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 || missing="$$missing mesa-vulkan-drivers"; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $$missing; \
	fi

## ---- build ----
# The code cells' editor: CodeMirror from npm, bundled into one file that Trunk copies.
EDITOR_BUNDLE := app/editor/dist/editor.js
editor: $(EDITOR_BUNDLE)
$(EDITOR_BUNDLE): app/editor/editor.js package-lock.json | npm-tools
	./node_modules/.bin/esbuild app/editor/editor.js --bundle --minify --format=iife \
	  --target=es2020 --outfile=$(EDITOR_BUNDLE)

site: dev editor
	$(TRUNK) build --release

native:
	cargo build --release -p ml-intro

serve: site native
	@echo "Open http://127.0.0.1:$(PORT)/"
	$(ML_INTRO) serve --port $(PORT) --site dist

gpu:
	cargo build --release -p ml-intro --features cuda

## ---- benchmarks ----
# The engine against PyTorch on the CPU (engine/benches/versus_pytorch.rs); PyTorch goes into
# a virtual environment outside the clone the first time. Then the runner with 50 clients
# watching a job against none (native/benches/runner_watchers.rs).
TORCH_VENV := $(HOME)/.cache/ml-intro/torch-venv
bench: $(TORCH_VENV)/installed
	ML_INTRO_PYTHON=$(TORCH_VENV)/bin/python cargo bench -p ml-intro-engine --bench versus_pytorch
	cargo bench -p ml-intro --bench runner_watchers

$(TORCH_VENV)/installed:
	python3 -m venv $(TORCH_VENV)
	$(TORCH_VENV)/bin/pip install --quiet torch numpy
	touch $@

## ---- tests ----
test: dev system-test-deps lint rust-tests site e2e

lint:
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target $(WASM_TARGET) -p ml-intro-app -p ml-intro-worker -- -D warnings

# The app is not a default member (its binary is wasm); its unit tests run natively.
rust-tests:
	cargo test --no-fail-fast
	cargo test -p ml-intro-app

# `cargo test --no-run` builds target/debug/ml-intro with exactly the features `rust-tests`
# used (a plain `cargo build -p ml-intro` resolves features differently and rebuilds Burn).
e2e: site
	cargo test --no-run
	ML_INTRO_BIN=$(CARGO_TARGET_DIR)/debug/ml-intro SITE_DIR=$(CURDIR)/dist \
	  node --test --test-concurrency=1 tests/e2e/

hooks:
	printf '#!/bin/sh\nset -e\ncargo fmt --all --check\ncargo clippy --all-targets -- -D warnings\ncargo clippy --target $(WASM_TARGET) -p ml-intro-app -p ml-intro-worker -- -D warnings\n' > .git/hooks/pre-commit
	chmod +x .git/hooks/pre-commit
	@echo "pre-commit hook installed: rustfmt and clippy run before each commit"
