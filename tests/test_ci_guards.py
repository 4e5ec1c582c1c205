"""CI cannot pass by skipping: a missing browser fails the browser suite when ``CI`` is set (and only skips outside CI)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run_browser_test(tmp_path, **env):
    """Run one browser test in a child pytest against a tiny fake build, with the given environment."""
    html = tmp_path / "_build" / "html"
    html.mkdir(parents=True)
    (html / "intro.html").write_text("<html><body>intro</body></html>", encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_XDIST_WORKER")}
    environment.update(PARADIPLOMACY_BUILD_DIR=str(tmp_path / "_build"),
                       PARADIPLOMACY_CHROMIUM=str(tmp_path / "no-chromium"), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "0", "-p", "no:cacheprovider", "-rs", "-q",
         "tests/browser/test_site.py::test_index_redirects_to_the_front_page"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("ci, fails", [("true", True), (None, False)])
def test_missing_chromium_fails_in_ci_and_skips_elsewhere(tmp_path, ci, fails):
    result = _run_browser_test(tmp_path, **({"CI": ci} if ci else {}))
    out = result.stdout + result.stderr
    assert "headless Chromium not found" in out, out[-2000:]
    if fails:
        assert result.returncode != 0 and "CI must run the browser suite" in out, out[-2000:]
    else:
        assert result.returncode == 0 and "1 skipped" in out, out[-2000:]
