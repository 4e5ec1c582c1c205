# Two commands: `make book` builds the book, `make test` runs every test.
# Both create .venv (Python 3.11, no conda) and install a pinned lock once: `make book` the book's lock
# (requirements.txt: the package and what building and re-running the book need), `make test` the test lock
# (requirements-test.txt: the same plus the test tools). uv installs them when the package index offers it
# (bootstrapped into .tools/), else pip.
SHELL := /bin/bash
PYTHON ?= python3
# Python keeps the bytecode it compiles (__pycache__ folders in .venv and in the checkout, which git ignores) even
# where the environment sets PYTHONDONTWRITEBYTECODE, as some containers and CI images do: with it set, every chapter
# kernel, Sphinx run and test process would compile pandas, SciPy and Altair from source again (a fresh clone's
# `make book` took 96 s with it set and 71 s without; importing the package's dependencies 10 s against 3.5 s).
unexport PYTHONDONTWRITEBYTECODE
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
	@echo "make bench     issue 13's figures in a fresh clone (10-20 min): setup + cold make book, .venv size, warm,"
	@echo "               CSS-only and data-change rebuilds, make test, make lighthouse, page weights; writes"
	@echo "               bench/README.md (BENCH_ARGS='--skip-test --skip-lighthouse' to leave those out)"
	@echo "make test      run the whole test suite (sets up .venv on first run)"
	@echo "make test-fast unit tests only (no chapter execution)"
	@echo "make test-browser  open every page of the built book in headless Chromium (builds the book if needed)"
	@echo "make browser-deps  install Chromium and poppler-utils (apt, as root) and the npm packages (npm ci)"
	@echo "make pdf       print the whole book to _build/pdf/book.pdf with headless Chromium (SOLUTIONS=0: without solutions)"
	@echo "make pdf CH=01_introduction  print one chapter to _build/pdf/01_introduction.pdf"
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
# And for removing packages (one that is not installed is skipped).
UNINSTALL = if [ -x $(UV) ]; then $(UV) pip uninstall --quiet --python $(BIN)/python $(1); \
  else $(BIN)/python -m pip uninstall --yes --quiet --quiet $(1); fi

$(UV):
	@$(PYTHON) -m pip install --quiet --disable-pip-version-check --target .tools/uv uv 2>/dev/null \
	  || echo "== uv is not available from the package index: installing with pip"
	@mkdir -p .tools/uv/bin

$(BIN)/python: | $(UV)
	@if [ -x $(UV) ]; then $(UV) venv --quiet --python $(PYTHON) $(VENV); else $(PYTHON) -m venv $(VENV); fi

# A lock is installed as it stands (--no-deps: it is complete) except the packages pyproject.toml lists under
# [tool.paradiplomacy] not-installed, which nothing the book runs imports; a .venv made before they were left out
# has them removed.
NOT_INSTALLED = $(shell $(PYTHON) -c 'import tomllib; print("|".join(tomllib.load(open("pyproject.toml", "rb"))["tool"]["paradiplomacy"]["not-installed"]))')
INSTALL_LOCK = grep -v -i -E '^($(NOT_INSTALLED))==' $(1) > $(VENV)/$(1) && $(call INSTALL,--no-deps -r $(VENV)/$(1)) \
  && $(call UNINSTALL,$(subst |, ,$(NOT_INSTALLED)))

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	@$(call INSTALL_LOCK,requirements.txt)
	@$(call INSTALL,--no-deps -e .)
	@touch $(STAMP)

$(TEST_STAMP): requirements-test.txt $(STAMP)
	@$(call INSTALL_LOCK,requirements-test.txt)
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
#
# `make book EDITION=student` builds the student edition: the same book without the exercises' solutions, in
# $(BUILD_DIR)/student/_build/html (jupyter-book's --path-output), beside the full edition. Its configuration,
# written to $(BUILD_DIR)/student/_config.yml (--config), is _config.yml with sphinx-exercise's hide_solutions set,
# the local extensions' folders made absolute (jupyter-book reads them relative to the configuration file) and the
# full edition's notebook cache, so no chapter is executed twice. The page sources (.md, .ipynb) hold the solutions,
# so this edition offers no download menu and keeps no _sources folder.
EDITION ?=
STUDENT_DIR = $(BUILD_DIR)/student
BOOK_HTML = $(if $(filter student,$(EDITION)),$(STUDENT_DIR)/_build/html,$(BUILD_DIR)/html)
JB_EDITION = $(if $(filter student,$(EDITION)),--path-output "$(STUDENT_DIR)" --config "$(STUDENT_DIR)/_config.yml")
define STUDENT_CONFIG
import pathlib, sys, yaml
out, cache = sys.argv[1:]
config = yaml.safe_load(pathlib.Path("_config.yml").read_text(encoding="utf-8"))
sphinx = config.setdefault("sphinx", {})
sphinx["local_extensions"] = {name: str(pathlib.Path(folder).resolve())
                              for name, folder in (sphinx.get("local_extensions") or {}).items()}
sphinx["recursive_update"] = True  # merge html_theme_options below into jupyter-book's own
sphinx.setdefault("config", {}).update(hide_solutions=True, html_copy_source=False,
                                       html_theme_options={"use_download_button": False})
execute = config.setdefault("execute", {})
execute["cache"] = str(pathlib.Path(execute.get("cache") or cache).resolve())
pathlib.Path(out).write_text("# Written by `make book EDITION=student` from _config.yml: edit that file instead.\n"
                             + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
endef
export STUDENT_CONFIG

book: $(STAMP) venv-check
	@$(if $(filter-out student,$(EDITION)),$(error EDITION=$(EDITION) is not an edition: use EDITION=student for the student edition or no EDITION for the full book))
	@mkdir -p $(BUILD_DIR)
	@$(if $(JB_EDITION),mkdir -p "$(STUDENT_DIR)" && $(BIN)/python -c "$$STUDENT_CONFIG" "$(STUDENT_DIR)/_config.yml" "$(BUILD_DIR)/.jupyter_cache")
	@$(if $(JOBS),PARADIPLOMACY_JOBS=$(JOBS) )$(JB) build . $(JB_FLAGS) $(JB_EDITION) || { status=$$?; \
	  $(BIN)/python _ext/build_stamp.py stale "$(BOOK_HTML)" "see the output above"; exit $$status; }
	@$(if $(JB_EDITION),rm -rf "$(BOOK_HTML)/_sources")
	@$(BIN)/python _ext/build_stamp.py fresh "$(BOOK_HTML)"
	@$(if $(JB_EDITION),,$(BIN)/python _ext/build_stamp.py inputs . > $(BUILD_DIR)/.book-inputs)
	@echo
	@echo "Book built$(if $(JB_EDITION), (student edition: no solutions)): open $(CURDIR)/$(BOOK_HTML)/index.html"

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

# `make pdf` prints the whole book into $(BUILD_DIR)/pdf/book.pdf from the built HTML, with Debian's Chromium
# (_ext/print_book.py: title page, contents with page numbers, every chart as its static SVG, page numbers;
# Playwright, from the test lock, measures tables too wide for the page); SOLUTIONS=0 leaves the exercises'
# solutions out (book-student.pdf). `make pdf CH=01_introduction` prints one chapter page as the browser's print
# dialog would.
SOLUTIONS ?= 1
ifeq ($(strip $(CH)),)
pdf: $(TEST_STAMP)
	@test -f "$(BUILD_DIR)/html/intro.html" || { echo "no book in $(BUILD_DIR)/html: run make book first"; exit 2; }
	@command -v "$(CHROMIUM)" >/dev/null || { echo "headless Chromium not found at $(CHROMIUM): run make browser-deps"; exit 2; }
	@$(BIN)/python _ext/print_book.py --html-dir "$(BUILD_DIR)/html" --solutions "$(SOLUTIONS)" \
	  --chromium "$(CHROMIUM)" --chromium-flags "$(CHROMIUM_FLAGS)"
else
pdf:
	@test -f "$(BUILD_DIR)/html/chapters/$(CH).html" || { echo "no $(BUILD_DIR)/html/chapters/$(CH).html: run make book first"; exit 2; }
	@command -v "$(CHROMIUM)" >/dev/null || { echo "headless Chromium not found at $(CHROMIUM): run make browser-deps"; exit 2; }
	@mkdir -p "$(BUILD_DIR)/pdf"
	@profile=$$(mktemp -d); \
	  "$(CHROMIUM)" $(CHROMIUM_FLAGS) --user-data-dir="$$profile" --no-pdf-header-footer --virtual-time-budget=10000 \
	    --print-to-pdf="$(abspath $(BUILD_DIR))/pdf/$(CH).pdf" "file://$(abspath $(BUILD_DIR))/html/chapters/$(CH).html" \
	    >"$$profile.log" 2>&1; status=$$?; \
	  if [ $$status -ne 0 ]; then cat "$$profile.log"; fi; rm -rf "$$profile" "$$profile.log"; exit $$status
	@echo "PDF: $(BUILD_DIR)/pdf/$(CH).pdf"
endif

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
# Not part of `make test` (minutes): in a fresh clone with its own .venv, times make setup + a cold make book, the
# .venv size, warm / CSS-only / one-data-change rebuilds, make test and make lighthouse against issue 13's targets;
# writes bench/results/*.json and the table in bench/README.md. Standard library only: this checkout's .venv is
# not needed and never touched. BENCH_ARGS="--skip-test --skip-lighthouse" leaves those steps out.
bench:
	$(PYTHON) bench/run.py $(BENCH_ARGS)

# Lighthouse (npm `lighthouse`, pinned in package-lock.json; `npm ci`) with Debian's Chromium, mobile profile, on
# every page of the built book served gzip-encoded from 127.0.0.1 only: a table per page (performance,
# accessibility, best practices, SEO, KiB transferred, LCP, TBT) in _build/lighthouse/lighthouse.{md,json} and
# bench/README.md; step 9 of `make bench`, not part of `make test`. LIGHTHOUSE_ARGS=--strict exits 1 when a page misses a target;
# '--runs 3' reports each page's median run; page names (chapters/04_public_views.html) measure only those.
.PHONY: lighthouse
LIGHTHOUSE_ARGS ?=
lighthouse: book-if-stale
	@test -x node_modules/.bin/lighthouse || { echo "node_modules/.bin/lighthouse missing: run npm ci"; exit 2; }
	CHROME_PATH="$(CHROMIUM)" $(BIN)/python bench/lighthouse.py $(LIGHTHOUSE_ARGS)

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
