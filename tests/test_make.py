"""The Makefile and the build tooling cannot mislead: quoting, parameter names, stale pages, copied checkouts."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

import build_stamp  # noqa: E402


def make(*args, env=None, cwd=ROOT, timeout=300):
    environment = {**os.environ, **(env or {})}
    environment.pop("MAKEFLAGS", None)
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, env=environment, capture_output=True,
                          text=True, timeout=timeout)


def test_make_chapter_passes_ch_to_no_shell(tmp_path):
    marker = tmp_path / "pwned"
    result = make("chapter", f"CH=01_introduction; touch {marker}")
    assert not marker.exists(), "the chapter name reached a shell"
    assert result.returncode == 2 and "no executable chapter" in result.stderr, result.stderr[-2000:]
    assert "01_introduction" in result.stderr  # the allowed names are listed


@pytest.mark.parametrize("args, unknown", [("-p confidnce 0.5", "confidnce"),
                                           ("-y '{bri_country: [India]}'", "bri_country")])
def test_make_chapter_rejects_unknown_parameters_before_running(args, unknown):
    result = make("chapter", "CH=03_policy_bri", f"ARGS={args}")
    assert result.returncode == 2, result.stdout[-1000:] + result.stderr[-2000:]
    assert f"no parameter '{unknown}'" in result.stderr and "bri_countries" in result.stderr, result.stderr[-2000:]
    assert "Executing" not in result.stdout + result.stderr


def test_make_chapter_rejects_bad_yaml():
    result = make("chapter", "CH=03_policy_bri", "ARGS=-y 'bri_countries: [India'")
    assert result.returncode == 2 and "not valid YAML" in result.stderr, result.stderr[-2000:]


def test_failed_build_marks_the_old_pages_stale_and_a_good_build_clears_them(tmp_path):
    html = tmp_path / "html"
    html.mkdir()
    (html / "intro.html").write_text("<html><body class='x'><p>old numbers</p></body></html>", encoding="utf-8")
    result = make("book", "JB=false", f"BUILD_DIR={tmp_path}")
    assert result.returncode != 0
    page = (html / "intro.html").read_text(encoding="utf-8")
    assert "These pages are stale" in page and "old numbers" in page
    assert '"status": "failed"' in (html / build_stamp.STAMP_NAME).read_text(encoding="utf-8")
    build_stamp.mark_stale(html)  # marking twice leaves one banner
    assert (html / "intro.html").read_text(encoding="utf-8").count("These pages are stale") == 1
    assert build_stamp.mark_fresh(html) == 1
    assert "stale" not in (html / "intro.html").read_text(encoding="utf-8")


def test_inputs_hash_follows_content_not_timestamps(tmp_path):
    book = tmp_path / "book"
    (book / "data").mkdir(parents=True)
    (book / "data" / "demographics.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (book / "_config.yml").write_text("title: x\n", encoding="utf-8")
    first = build_stamp.inputs_hash(book)
    os.utime(book / "data" / "demographics.csv", (0, 0))  # an old timestamp changes nothing
    assert build_stamp.inputs_hash(book) == first
    (book / "data" / "demographics.csv").write_text("a,b\n1,3\n", encoding="utf-8")
    os.utime(book / "data" / "demographics.csv", (0, 0))  # new content with an old timestamp: a new hash
    assert build_stamp.inputs_hash(book) != first
    (book / "README.md").write_text("not a book input", encoding="utf-8")
    changed = build_stamp.inputs_hash(book)
    (book / "README.md").write_text("still not a book input", encoding="utf-8")
    assert build_stamp.inputs_hash(book) == changed


def test_a_copied_venv_is_repaired_to_import_this_checkout(tmp_path):
    """A copy of the checkout whose .venv points at the original gets its package reinstalled from the copy."""
    venv = ROOT / ".venv"
    if not (venv / "bin" / "python").exists():
        pytest.skip("no .venv: run `make setup`")
    copy = tmp_path / "copy"
    (copy / "lib").mkdir(parents=True)
    shutil.copytree(ROOT / "lib" / "paradiplomacy", copy / "lib" / "paradiplomacy",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "pyproject.toml", "README.md", "requirements.txt"):
        shutil.copy(ROOT / name, copy / name)
    if (ROOT / ".tools").is_dir():  # the installer the checkout bootstrapped (uv), if any
        (copy / ".tools").symlink_to(ROOT / ".tools")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(copy / ".venv")], check=True)
    site = subprocess.run([str(copy / ".venv/bin/python"), "-c", "import site; print(site.getsitepackages()[0])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    main_site = subprocess.run([str(venv / "bin/python"), "-c", "import site; print(site.getsitepackages()[0])"],
                               capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "main_packages.pth").write_text(main_site + "\n", encoding="utf-8")  # pip, setuptools, pandas...
    # An editable install of the ORIGINAL checkout, as a copied .venv would carry it.
    Path(site, "paradiplomacy_original.pth").write_text(str(ROOT / "lib") + "\n", encoding="utf-8")
    (copy / ".venv" / ".installed").touch()
    os.utime(copy / ".venv" / ".installed", (2e9, 2e9))  # newer than the lock: no reinstall of the lock
    where = [str(copy / ".venv/bin/python"), "-c", "import paradiplomacy; print(paradiplomacy.__file__)"]
    assert str(ROOT) in subprocess.run(where, capture_output=True, text=True, cwd=tmp_path).stdout
    result = make("venv-check", cwd=copy, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "reinstalling it from" in result.stdout
    Path(site, "paradiplomacy_original.pth").unlink()  # the editable install of the copy now wins
    assert str(copy / "lib") in subprocess.run(where, capture_output=True, text=True, cwd=tmp_path).stdout


def test_a_copied_checkout_reads_its_own_data(tmp_path, monkeypatch):
    """Data resolve from the book checkout the work runs in, not from where the package is installed."""
    from paradiplomacy import paths

    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "data", copy / "data")
    shutil.copy(ROOT / "_config.yml", copy / "_config.yml")
    (copy / "chapters").mkdir()
    monkeypatch.chdir(copy / "chapters")  # where a chapter of the copy runs
    assert paths.resolve_data_dir(None) == (copy / "data").resolve()
    monkeypatch.chdir(tmp_path)  # outside any checkout: the package's own
    assert paths.resolve_data_dir(None) == (paths.PACKAGE_ROOT / "data").resolve()


def test_a_clone_with_autocrlf_keeps_data_files_byte_exact(tmp_path):
    """.gitattributes keeps data/ out of line-ending conversion (the loaders reject CRLF; AidData has a sha256)."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "-c", "core.autocrlf=true", "clone", "-q", str(ROOT), str(clone)], check=True,
                   capture_output=True, timeout=120)
    tracked = subprocess.run(["git", "ls-files", "data"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    for name in tracked:
        committed = subprocess.run(["git", "show", f"HEAD:{name}"], cwd=ROOT, capture_output=True, check=True).stdout
        assert (clone / name).read_bytes() == committed, f"{name} changed in a clone with core.autocrlf=true"
        assert b"\r\n" not in (clone / name).read_bytes()


def test_make_help_says_what_make_bench_does():
    """`make help` describes bench/run.py as it is: a fresh clone, the build timings, make test, Lighthouse and the
    page weights, and the options that leave steps out exist."""
    result = make("help")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("make bench"))
    text = " ".join(line.strip() for line in lines[start:start + 3])
    for phrase in ("fresh clone", "cold make book", ".venv size", "warm", "CSS-only", "data-change", "make test",
                   "make lighthouse", "page weights", "bench/README.md"):
        assert phrase in text, f"make help says nothing of {phrase!r}: {text}"
    options = re.findall(r"--[a-z][a-z-]+", text)
    assert options, text
    usage = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--help"], capture_output=True, text=True,
                           check=True).stdout
    steps = (ROOT / "bench" / "run.py").read_text(encoding="utf-8").split('"""')[1]
    for option in options:
        assert option in usage, f"make help names {option}, which bench/run.py does not take"
    for phrase in ("git clone", "make setup", "cold", "warm", "CSS-only", "make test", "make lighthouse",
                   "page weights"):
        assert phrase in steps, f"bench/run.py's steps no longer mention {phrase!r}: update make help"


def test_python_started_by_make_keeps_its_bytecode_where_the_environment_says_not_to():
    """Some containers set PYTHONDONTWRITEBYTECODE=1; every kernel and Sphinx run would then compile pandas, SciPy
    and Altair from source again. The Makefile unexports it, so the Python its recipes start writes __pycache__."""
    probe = "bytecode-probe: ; @python3 -c 'import sys; print(sys.dont_write_bytecode)'"
    result = make("-s", f"--eval={probe}", "bytecode-probe", env={"PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", result.stdout
    outside = subprocess.run(["python3", "-c", "import sys; print(sys.dont_write_bytecode)"], capture_output=True,
                             text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, check=True)
    assert outside.stdout.strip() == "True", "the probe itself must see the variable when make is not in between"
