# Two commands: `make book` builds the book, `make test` runs every test.
# Both create .venv (Python 3.11, no conda) and install a pinned lock once: `make book` the book's lock
# (requirements.txt: the package and what building and re-running the book need), `make test` the test lock
# (requirements-test.txt: the same plus the test tools). uv installs them when the package index offers it
# (bootstrapped into .tools/), else pip.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JB_FLAGS := -n -W --keep-going
# Through this .venv's python (see venv-check).
JB ?= $(BIN)/python $(BIN)/jupyter-book
CH ?=
ARGS ?=
JOBS ?=
BENCH_ARGS ?=
# Browser checks and printing (Debian's chromium; see .ci/install-browser-deps).
BUILD_DIR ?= _build
CHROMIUM ?= /usr/bin/chromium
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --disable-quic --disable-extensions

.PHONY: help setup book book-if-stale venv-check test test-fast chapter serve validate clean distclean lock

help:
	@echo "make book      build the book into _build/html (sets up .venv on first run; JOBS=n kernels at once)"
	@echo "make bench     time chapter runs, cold/warm builds, import and make test in a throwaway copy (minutes)"
	@echo "make test      run the whole test suite (sets up .venv on first run)"
	@echo "make test-fast unit tests only (no chapter execution)"
	@echo "make test-browser  open every page of the built book in headless Chromium (builds the book if needed)"
	@echo "make browser-deps  install Chromium and poppler-utils (apt, as root) and the npm packages (npm ci)"
	@echo "make pdf CH=01_introduction  print a chapter to _build/pdf/01_introduction.pdf with headless Chromium"
	@echo "make chapter CH=01_introduction ARGS='-p confidence 0.9'  run one chapter with papermill"
	@echo "make validate  validate every data file"
	@echo "make audit     recompute every printed number and consistency check (no chapter run; exit 1 on change)"
	@echo "make sensitivity  run chapter 3 under every grouping of the arguable BRI countries"
	@echo "make serve     serve _build/html on http://127.0.0.1:8000"
	@echo "make clean     remove build output;  make distclean also removes .venv"
	@echo "make lock      re-resolve pyproject.toml into requirements.txt and requirements-test.txt (needs network)"

UV := .tools/uv/bin/uv
TEST_STAMP := $(VENV)/.installed-test
# One installer for every step: uv when it could be bootstrapped, else this .venv's pip.
INSTALL = if [ -x $(UV) ]; then UV_LINK_MODE=copy $(UV) pip install --quiet --python $(BIN)/python $(1); \
  else $(BIN)/python -m pip install --quiet --disable-pip-version-check $(1); fi

$(UV):
	@$(PYTHON) -m pip install --quiet --disable-pip-version-check --target .tools/uv uv 2>/dev/null \
	  || echo "== uv is not available from the package index: installing with pip"
	@mkdir -p .tools/uv/bin

$(BIN)/python: | $(UV)
	@if [ -x $(UV) ]; then $(UV) venv --quiet --python $(PYTHON) $(VENV); else $(PYTHON) -m venv $(VENV); fi

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	@$(call INSTALL,-r requirements.txt)
	@$(call INSTALL,--no-deps -e .)
	@touch $(STAMP)

$(TEST_STAMP): requirements-test.txt $(STAMP)
	@$(call INSTALL,-r requirements-test.txt)
	@touch $(TEST_STAMP)

setup: $(STAMP)
setup-test: $(TEST_STAMP)

# A .venv copied or moved from another checkout would import that checkout's lib/ (its editable install points
# there): detect it and reinstall the package from this checkout. Tools run through this .venv's python, so a
# copied .venv's scripts cannot start another checkout's interpreter.
venv-check: $(STAMP)
	@$(BIN)/python -c 'import pathlib, sys, paradiplomacy; here = pathlib.Path("lib/paradiplomacy").resolve(); \
	  sys.exit(pathlib.Path(paradiplomacy.__file__).resolve().parent != here)' 2>/dev/null \
	  || { echo "== .venv imports paradiplomacy from another checkout: reinstalling it from $(CURDIR)/lib"; \
	       $(call INSTALL,--no-deps -e .); }

# Chapters not in the notebook cache run in parallel, one kernel per core (JOBS=n to change); the cache is keyed
# on what the chapters use (see _ext/buildcache.py), so a warm rebuild never shows stale numbers. A failed build
# marks every page left in _build/html as stale (_ext/build_stamp.py); a good one clears the marks.
book: $(STAMP) venv-check
	@mkdir -p $(BUILD_DIR)
	@$(if $(JOBS),PARADIPLOMACY_JOBS=$(JOBS) )$(JB) build . $(JB_FLAGS) || { status=$$?; \
	  $(BIN)/python _ext/build_stamp.py stale "$(BUILD_DIR)/html" "see the output above"; exit $$status; }
	@$(BIN)/python _ext/build_stamp.py fresh "$(BUILD_DIR)/html"
	@$(BIN)/python _ext/build_stamp.py inputs . > $(BUILD_DIR)/.book-inputs
	@echo
	@echo "Book built: open $(CURDIR)/$(BUILD_DIR)/html/index.html"

# `make test` needs the book built from the current inputs: it rebuilds (incrementally) when the content of any
# input differs from the last good build's (a content hash, not timestamps).
book-if-stale: $(STAMP) venv-check
	@if [ "$$($(BIN)/python _ext/build_stamp.py inputs .)" != "$$(cat $(BUILD_DIR)/.book-inputs 2>/dev/null)" ] \
	  || [ ! -f $(BUILD_DIR)/html/intro.html ]; then $(MAKE) --no-print-directory book; \
	  else echo "== the book in $(BUILD_DIR)/html is up to date with its inputs"; fi

test: book-if-stale $(TEST_STAMP)
	PARADIPLOMACY_REQUIRE_BOOK=1 $(BIN)/python -m pytest

.PHONY: test-browser browser-deps pdf
test-browser: book-if-stale $(TEST_STAMP)
	PARADIPLOMACY_REQUIRE_BOOK=1 $(BIN)/python -m pytest tests/browser -m browser
	@echo "Screenshots, axe report, page weights and print samples: $(CURDIR)/_build/browser/"

browser-deps:
	bash .ci/install-browser-deps

pdf:
	@test -n "$(CH)" || { echo "usage: make pdf CH=<chapter file name, e.g. 01_introduction>"; exit 2; }
	@test -f "$(BUILD_DIR)/html/chapters/$(CH).html" || { echo "no $(BUILD_DIR)/html/chapters/$(CH).html: run make book first"; exit 2; }
	@command -v "$(CHROMIUM)" >/dev/null || { echo "headless Chromium not found at $(CHROMIUM): run make browser-deps"; exit 2; }
	@mkdir -p "$(BUILD_DIR)/pdf"
	@profile=$$(mktemp -d); \
	  "$(CHROMIUM)" $(CHROMIUM_FLAGS) --user-data-dir="$$profile" --no-pdf-header-footer --virtual-time-budget=10000 \
	    --print-to-pdf="$(abspath $(BUILD_DIR))/pdf/$(CH).pdf" "file://$(abspath $(BUILD_DIR))/html/chapters/$(CH).html" \
	    >"$$profile.log" 2>&1; status=$$?; \
	  if [ $$status -ne 0 ]; then cat "$$profile.log"; fi; rm -rf "$$profile" "$$profile.log"; exit $$status
	@echo "PDF: $(BUILD_DIR)/pdf/$(CH).pdf"

test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not notebook"

validate: $(STAMP)
	$(BIN)/python -m paradiplomacy validate

# Replication audit of every claim and check (a few seconds, no chapter executed); exits 1 if a status changes.
.PHONY: audit sensitivity
audit: $(STAMP)
	$(BIN)/python -m paradiplomacy audit

# Chapter 3 under every grouping of the BRI countries (papermill); writes _build/sensitivity/sensitivity.{csv,json}.
sensitivity: $(STAMP)
	$(BIN)/python -m paradiplomacy sensitivity --out _build/sensitivity

# CH and ARGS reach the runner through the environment, never through the shell; it checks the chapter and every
# parameter name (papermill's own list of the chapter's parameters) before anything runs.
chapter: export RUN_CHAPTER := $(CH)
chapter: export RUN_ARGS := $(ARGS)
chapter: $(STAMP) venv-check
	@$(BIN)/python _ext/run_chapter.py

.PHONY: bench
# Not part of `make test`: builds a throwaway copy of the book several times; see bench/README.md.
bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

serve: book
	$(BIN)/python -m http.server --directory _build/html --bind 127.0.0.1 8000

clean:
	rm -rf _build .pytest_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) .tools

lock: | $(UV)
	$(UV) pip compile pyproject.toml --extra book --python-version 3.11 --custom-compile-command "make lock" \
	  -o requirements.txt
	$(UV) pip compile pyproject.toml --extra book --extra test --python-version 3.11 \
	  --custom-compile-command "make lock" -o requirements-test.txt
	$(PYTHON) .ci/sync_environment.py
