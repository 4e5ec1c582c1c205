# Two commands: `make book` builds the book, `make test` runs every test.
# Both create .venv (Python 3.11 + pip, no conda) and install the pinned lock file once.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JB_FLAGS := -n -W --keep-going
CH ?=
ARGS ?=
JOBS ?=
BENCH_ARGS ?=
# Browser checks and printing (Debian's chromium; see .ci/install-browser-deps).
BUILD_DIR ?= _build
CHROMIUM ?= /usr/bin/chromium
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --disable-quic --disable-extensions
# What the built book depends on: `make test` rebuilds it (incrementally) when any of these changed.
BOOK_INPUTS := $(filter-out README.md,$(wildcard _config.yml _toc.yml *.md references.bib CITATION.cff chapters/*.md \
  data/* lib/paradiplomacy/*.py lib/paradiplomacy/*/*.py _ext/*.py _ext/static/*))

.PHONY: help setup book test test-fast chapter serve validate clean distclean lock

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
	@echo "make lock      re-resolve requirements.in into requirements.txt (needs network)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . \
	  || $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)

# Chapters not in the notebook cache run in parallel, one kernel per core (JOBS=n to change); the cache is keyed
# on data/, lib/ and the environment (paradiplomacy.buildcache), so a warm rebuild never shows stale numbers.
book: $(STAMP)
	$(if $(JOBS),PARADIPLOMACY_JOBS=$(JOBS) )$(BIN)/jupyter-book build . $(JB_FLAGS)
	@touch _build/.book-built
	@echo
	@echo "Book built: open $(CURDIR)/_build/html/index.html"

# The browser suite needs the built book: build it first when it is missing or older than its inputs
# (the `book` target is incremental and the notebook cache makes a warm rebuild quick).
_build/.book-built: $(STAMP) $(BOOK_INPUTS)
	$(MAKE) book

test: _build/.book-built
	PARADIPLOMACY_REQUIRE_BOOK=1 $(BIN)/python -m pytest

.PHONY: test-browser browser-deps pdf
test-browser: _build/.book-built
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

test-fast: $(STAMP)
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

chapter: $(STAMP)
	@test -n "$(CH)" || { echo "usage: make chapter CH=<chapter name, e.g. 01_introduction> [ARGS='-p name value']"; exit 2; }
	@mkdir -p _build/papermill
	$(BIN)/jupytext --to ipynb --output _build/papermill/$(CH).input.ipynb chapters/$(CH).md
	$(BIN)/papermill _build/papermill/$(CH).input.ipynb _build/papermill/$(CH).ipynb --cwd chapters $(ARGS)
	@echo "Executed notebook: _build/papermill/$(CH).ipynb"

.PHONY: bench
# Not part of `make test`: builds a throwaway copy of the book several times; see bench/README.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

serve: book
	$(BIN)/python -m http.server --directory _build/html --bind 127.0.0.1 8000

clean:
	rm -rf _build .pytest_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile requirements.in --python-version 3.11 --custom-compile-command "make lock" -o requirements.txt
	$(PYTHON) .ci/sync_environment.py
