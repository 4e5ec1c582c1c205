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

.PHONY: help setup book test test-fast chapter serve validate clean distclean lock

help:
	@echo "make book      build the book into _build/html (sets up .venv on first run)"
	@echo "make test      run the whole test suite (sets up .venv on first run)"
	@echo "make test-fast unit tests only (no chapter execution)"
	@echo "make chapter CH=01_introduction ARGS='-p confidence 0.9'  run one chapter with papermill"
	@echo "make validate  validate every data file"
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

book: $(STAMP)
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	@echo
	@echo "Book built: open $(CURDIR)/_build/html/index.html"

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not notebook"

validate: $(STAMP)
	$(BIN)/python -m paradiplomacy validate

chapter: $(STAMP)
	@test -n "$(CH)" || { echo "usage: make chapter CH=<chapter name, e.g. 01_introduction> [ARGS='-p name value']"; exit 2; }
	@mkdir -p _build/papermill
	$(BIN)/jupytext --to ipynb --output _build/papermill/$(CH).input.ipynb chapters/$(CH).md
	$(BIN)/papermill _build/papermill/$(CH).input.ipynb _build/papermill/$(CH).ipynb --cwd chapters $(ARGS)
	@echo "Executed notebook: _build/papermill/$(CH).ipynb"

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
