"""Fixtures for the browser suite (see book_browser.py for what one visit of a page collects)."""
from __future__ import annotations

import os
import shutil
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from book_browser import CHROMIUM, HTML_DIR, Browser, book_pages, required, serve, write_reports  # noqa: E402


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def html_dir() -> Path:
    """The built book; a clear failure (or, outside `make test`/CI, a skip) when it is missing."""
    if not (HTML_DIR / "intro.html").is_file():
        message = (f"no built book in {HTML_DIR}: run `make book` first "
                   "(`make test` and `make test-browser` build it when needed)")
        if required():
            pytest.fail(message)
        pytest.skip(message)
    return HTML_DIR


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the Chromium executable. Missing: a failure in CI (``CI`` set), else a skip with instructions."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        message = (f"headless Chromium not found at {CHROMIUM}: install it with `make browser-deps` "
                   "(as root: apt-get update && apt-get install -y chromium), or point PARADIPLOMACY_CHROMIUM "
                   "at a Chromium/Chrome executable")
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser suite: " + message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def server(html_dir):
    """The built book served on an ephemeral localhost port (gzip-encoded, as GitHub Pages serves it)."""
    with serve(html_dir) as url:
        yield url


@pytest.fixture(scope="session")
def run_id() -> str:
    """One id per test run, shared by pytest-xdist's workers (so they share page visits)."""
    return os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


@pytest.fixture(scope="session")
def browser(chromium, server, html_dir, run_id):
    """The shared browser; at the end it writes the page-weight and axe reports (_build/browser/)."""
    b = Browser(server, html_dir, run_id)
    yield b
    try:
        write_reports(run_id, book_pages(html_dir), b.axe_origin)
    finally:
        b.close()
