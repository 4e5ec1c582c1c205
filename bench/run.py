"""Benchmark the book against the targets of issue 13, in one run on one machine (``make bench``; not in ``make test``).

Everything happens in a throwaway copy: a fresh ``git clone`` of this repository (plus the checkout's uncommitted
changes, so the figures are those of the working tree; ``--committed-only`` to leave them out) with its own
``.venv``. The repository itself is never built or changed. Steps, in order:

1. ``make setup`` in the clone (uv bootstrapped into ``.tools/``, the book lock into ``.venv``), then ``du -s .venv``;
2. a cold ``make book`` (no ``_build``): with step 1, the fresh-clone ``make book`` time; ``du -s .venv`` again;
3. ``make book`` again, nothing changed (warm);
4. ``make book`` after a CSS-only change (a comment appended to ``_ext/static/paradiplomacy-book.css``): no chapter
   may run again;
5. ``make book`` after changing one interview's description in ``data/interviews.csv`` (a file few chapters use);
6. ``make book`` after moving one respondent between two Table 3 age groups (``demographics.csv`` and the two
   counts mirrored in ``claims.csv``): the chapters that read ``demographics.csv`` or the whole registry run again,
   and those that took rows of the registry (``Data.claims_of``/``claims_by_id``) only when they include the two
   changed rows;
7. ``make book`` after putting the three files back (informational);
8. unless ``--skip-test``: ``make setup-test`` (the test lock), ``make book`` (installing the test lock changes the
   environment every cached chapter is keyed on), then ``make test`` with ``PYTEST_ADDOPTS=--durations=25`` (timed);
9. unless ``--skip-lighthouse``: ``make lighthouse`` in the clone, when its Makefile has that target
   (``bench/lighthouse.py``: Lighthouse's mobile profile on every page; scores, targets and first-load KiB from its
   ``_build/lighthouse/lighthouse.json``; its table is copied into the Lighthouse section of bench/README.md);
10. page weights: a static first-load estimate (gzip sizes of each page's HTML and the files it references, each
    once), and the browser suite's ``_build/browser/page-weights.json`` from step 8 (a whole visit, every chart
    drawn). A chapter page's first load (Lighthouse's when it ran, else the estimate) is judged against 400 KiB.

Each ``make book`` log is read for the chapters the build cache executed (``[buildcache] <chapter>: executing
(<reason>)``). The raw figures go to ``bench/results/bench-<time>.json`` (git-ignored) and the summary table, each
figure against its target, into ``bench/README.md`` between the ``bench:start`` and ``bench:end`` markers.

Usage: ``python3 bench/run.py [--skip-test] [--skip-lighthouse] [--committed-only] [--cold-cache] [--keep]
[--workdir DIR]``. Only the standard library is needed: the clone makes its own environment.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# Targets of issue 13 (and the two older ones still reported).
FRESH_BOOK_S = 120.0          # fresh clone: make setup + cold make book
VENV_MB = 700.0               # .venv after the build, du -s (MB = 10^6 bytes)
DATA_CHANGE_RATIO = 0.35      # rebuild after one data change / cold build
WARM_RATIO = 0.15             # warm no-change rebuild / cold build (issue 6's target, kept as a reference)
TEST_S = 120.0                # make test after a build, 2 cores
LIGHTHOUSE_MIN = 90           # every Lighthouse category of every page, out of 100
CHAPTER_KIB = 400.0           # a chapter page, empty cache, transferred (KiB); the same in bench/lighthouse.py

CSS = "_ext/static/paradiplomacy-book.css"
#: Interview 1's description, as tests/test_staleness.py changes it.
INTERVIEW_OLD, INTERVIEW_NEW = "Provincial Official", "Provincial Officer"
#: One respondent moved from the 50+ group to 18-29 (the block still sums to n).
UP, DOWN = "t3_age_1_count", "t3_age_4_count"
EXECUTING = re.compile(r"\[buildcache\] (\S+): executing \((.*)\)")
EXECUTED_IN = re.compile(r"\[buildcache\] \d+ of \d+ chapters executed in ([\d.]+) s")
CHAPTER_SECONDS = re.compile(r"\[buildcache\] (\S+): executed in ([\d.]+) s")
#: Lines of the build log left out of the JSON (one per kernel started).
NOISE = re.compile(r"^.*Kernel is running over TCP without encryption.*\n?", re.M)
#: Environment variables never passed to the clone's commands (they belong to the caller's make or venv).
#: PYTHONDONTWRITEBYTECODE is passed as it is: the Makefile unexports it, so the bytecode Python writes into
#: ``.venv`` counts in its size, as it does for a user whose environment sets it.
DROP_ENV = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, check=True,
                          timeout=120).stdout


def git_commit() -> str:
    try:
        dirty = git("status", "--porcelain").strip()
        return git("rev-parse", "--short", "HEAD").strip() + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


# --------------------------------------------------------------------------- the throwaway clone
def clone(workdir: Path, committed_only: bool) -> tuple[Path, dict]:
    """``git clone`` the repository into ``workdir/book``; copy the checkout's uncommitted changes over it."""
    book = workdir / "book"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(book)], check=True, timeout=600)
    overlay = {"copied": [], "deleted": []}
    if not committed_only:
        changed = git("diff", "--name-only", "-z", "HEAD").split("\0")
        untracked = git("ls-files", "--others", "--exclude-standard", "-z").split("\0")
        for name in sorted({n for n in changed + untracked if n}):
            source, target = ROOT / name, book / name
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
                overlay["copied"].append(name)
            elif target.exists() and not source.exists():
                target.unlink()
                overlay["deleted"].append(name)
    # npm packages (axe-core for the browser suite, Lighthouse for `make lighthouse`) are installed once per machine
    # with `npm ci` (make browser-deps): the clone links the checkout's when they are the versions its package.json
    # asks for (else main() runs `npm ci` in the clone).
    if npm_satisfied(book, ROOT / "node_modules"):
        (book / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    # The article's text, which tests/test_printed_in_article.py reads from ../shared beside the checkout.
    if (ROOT.parent / "shared").is_dir():
        (workdir / "shared").symlink_to(ROOT.parent / "shared", target_is_directory=True)
    return book, overlay


def npm_satisfied(book: Path, modules: Path) -> bool:
    """Whether ``modules`` holds every devDependency of the clone's package.json at the version it pins."""
    try:
        wanted = json.loads((book / "package.json").read_text(encoding="utf-8")).get("devDependencies", {})
    except (OSError, ValueError):
        return modules.is_dir()
    for name, version in wanted.items():
        try:
            found = json.loads((modules / name / "package.json").read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            return False
        if found != version.lstrip("^~="):
            return False
    return True


def environment(cold_cache: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROP_ENV and not k.startswith("PARADIPLOMACY_")}
    venv_bin = ROOT / ".venv" / "bin"
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != venv_bin)
    if cold_cache is not None:  # nothing downloaded before: uv and pip start from empty caches
        env["UV_CACHE_DIR"] = str(cold_cache / "uv")
        env["PIP_CACHE_DIR"] = str(cold_cache / "pip")
    return env


def run(command: list[str], cwd: Path, env: dict[str, str], label: str, timeout: float = 3600) -> dict:
    """Run a command; return its wall time, exit status, the chapters the build cache executed and its output tail."""
    log(f"{label}: {' '.join(command)}")
    load = load_average()
    started = time.perf_counter()
    try:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        output, code = result.stdout + result.stderr, result.returncode
    except subprocess.TimeoutExpired as error:
        output = error.stdout.decode(errors="replace") if isinstance(error.stdout, bytes) else (error.stdout or "")
        code = "timeout"
    seconds = time.perf_counter() - started
    output = re.sub(r"\x1b\[[0-9;]*m", "", output)
    executed = {name: reason for name, reason in EXECUTING.findall(output)}
    execution = sum(float(s) for s in EXECUTED_IN.findall(output))
    per_chapter = {name: float(s) for name, s in CHAPTER_SECONDS.findall(output)}
    log(f"{label}: {seconds:.1f} s (exit {code})" + (f"; executed {len(executed)} chapters" if executed else ""))
    if code != 0:
        print(output[-3000:], file=sys.stderr)
    return {"command": " ".join(command), "seconds": round(seconds, 2), "returncode": code,
            "executed": executed, "execution_seconds": round(execution, 2), "chapter_seconds": per_chapter,
            "load_before": load, "load_after": load_average(), "output": NOISE.sub("", output)}


def make(book: Path, env: dict[str, str], target: str, label: str, **kwargs) -> dict:
    return run(["make", "--no-print-directory", target, *[f"{k}={v}" for k, v in kwargs.items()]], book, env, label)


def du_bytes(path: Path) -> int:
    """``du -sk`` in bytes (what the folder takes on disk)."""
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0]) * 1024


def venv_size(book: Path) -> dict:
    venv = book / ".venv"
    caches = [p for p in venv.rglob("__pycache__") if p.is_dir()]
    pycache = 0
    for chunk in range(0, len(caches), 500):
        out = subprocess.run(["du", "-sck", *map(str, caches[chunk:chunk + 500])], capture_output=True, text=True,
                             check=True).stdout
        pycache += int(out.strip().splitlines()[-1].split()[0]) * 1024
    sizes = []
    for site in venv.glob("lib/python*/site-packages"):
        out = subprocess.run(["du", "-sk", *map(str, sorted(site.iterdir()))], capture_output=True, text=True).stdout
        sizes += [(int(n) * 1024, Path(p).name) for n, p in (line.split("\t", 1) for line in out.splitlines())]
    largest = {name: n for n, name in sorted(sizes, reverse=True)[:15]}
    return {"bytes": du_bytes(venv), "pycache_bytes": pycache, "pycache_folders": len(caches),
            "largest_in_site_packages": largest}


# --------------------------------------------------------------------------- the edits
def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"bench: {old!r} is not in {path}: update bench/run.py")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def move_one_respondent(data: Path) -> dict[str, int]:
    """Move one Table 3 respondent from age 50+ to 18-29 in demographics.csv and claims.csv; return the new counts."""
    new: dict[str, int] = {}
    for name in ("demographics.csv", "claims.csv"):
        path = data / name
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            if row["claim_id"] in (UP, DOWN):
                value = int(row["value"]) + (1 if row["claim_id"] == UP else -1)
                row["value"] = row["printed"] = str(value)
                new[row["claim_id"]] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return new


def glued_value(book: Path, page: str, name: str):
    path = book / "_build" / "jupyter_execute" / "chapters" / f"{page}.glue.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))[name]["data"]["text/plain"]
    except (OSError, KeyError, ValueError):
        return None


def paper_chapters(book: Path) -> list[str]:
    """Chapters whose cache record says they read claims.csv (the paper chapters)."""
    records = book / "_build" / ".jupyter_cache" / "paradiplomacy-chapters.json"
    try:
        data = json.loads(records.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(k for k, v in data.items() if "data/claims.csv" in v.get("files", {}))


def readers_of(book: Path, name: str, rows: dict[str, set[str]] | None = None,
               columns: set[str] | None = None) -> list[str]:
    """Chapters whose cache record says they read the file ``name`` whole, or (``rows``: column -> values of the
    changed rows) took rows of it chosen by one of those values, or (``columns``: the changed columns) took one of
    those columns (``Data.columns``)."""
    records = book / "_build" / ".jupyter_cache" / "paradiplomacy-chapters.json"
    try:
        data = json.loads(records.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(k for k, v in data.items() if name in v.get("files", {}) or any(
        set(part.get("values", [])) & (rows or {}).get(part.get("column"), set())
        for part in v.get("rows", {}).get(name, []))
        or set(v.get("columns", {}).get(name, {}).get("columns", [])) & (columns or set()))


def table3_rows(data: Path) -> dict[str, set[str]]:
    """The claim ids and chapters of the rows of claims.csv that move_one_respondent changes."""
    with (data / "claims.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["claim_id"] in (UP, DOWN)]
    return {"claim_id": {r["claim_id"] for r in rows}, "chapter": {r["chapter"] for r in rows}}


# --------------------------------------------------------------------------- make test
def pytest_report(output: str) -> dict:
    """The slowest tests (``--durations``) and the summary line of a pytest run."""
    durations = []
    section = re.search(r"slowest \d+ durations =*\n(.*?)(?:\n=|\Z)", output, re.S)
    if section:
        for line in section.group(1).splitlines():
            m = re.match(r"\s*([\d.]+)s\s+(setup|call|teardown)\s+(\S.*)$", line)
            if m:
                durations.append({"seconds": float(m.group(1)), "when": m.group(2), "test": m.group(3).strip()})
    summary = ""
    for line in output.splitlines()[::-1]:
        if re.search(r"\b(passed|failed|error|errors|skipped)\b.* in [\d.]+s", line):
            summary = line.strip("= ").strip()
            break
    counts = {k: int(v) for v, k in re.findall(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|warnings?)",
                                              summary)}
    return {"durations": durations, "summary": summary, "counts": counts}


# --------------------------------------------------------------------------- Lighthouse (helper P's script)
def has_make_target(book: Path, target: str) -> bool:
    makefile = book / "Makefile"
    return makefile.is_file() and re.search(rf"^{re.escape(target)}\s*:", makefile.read_text(encoding="utf-8"),
                                            re.M) is not None


def lighthouse_scores(book: Path, since: float) -> dict[str, dict[str, float]]:
    """Category scores (0-100) per page from the Lighthouse reports ``make lighthouse`` wrote in the clone.

    Reads every JSON file written under the clone since the step started: a Lighthouse report (``categories``
    with a 0-1 ``score`` and ``requestedUrl``/``finalUrl``) or a summary mapping pages to category scores.
    """
    scores: dict[str, dict[str, float]] = {}
    for path in sorted(book.rglob("*.json")):
        if ".venv" in path.parts or "node_modules" in path.parts or ".git" in path.parts:
            continue
        try:
            if path.stat().st_mtime < since:
                continue
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for page, cats in _lighthouse_entries(data, path):
            if cats:
                scores[page] = cats
    return scores


def _lighthouse_entries(data, path: Path):
    def score(value):
        if isinstance(value, dict):
            value = value.get("score")
        if isinstance(value, (int, float)):
            return round(value * 100 if value <= 1 else value, 1)
        return None

    if isinstance(data, dict) and isinstance(data.get("categories"), dict):  # one Lighthouse report
        url = data.get("finalDisplayedUrl") or data.get("finalUrl") or data.get("requestedUrl") or path.stem
        cats = {k: score(v) for k, v in data["categories"].items()}
        yield _page_name(url), {k: v for k, v in cats.items() if v is not None}
        return
    rows = data.get("pages") if isinstance(data, dict) else data
    if isinstance(rows, dict):
        rows = [{"page": k, **(v if isinstance(v, dict) else {})} for k, v in rows.items()]
    if not isinstance(rows, list):
        return
    for row in rows:
        if not isinstance(row, dict):
            continue
        page = row.get("page") or row.get("url") or row.get("path")
        cats = row.get("scores") or row.get("categories") or {k: v for k, v in row.items() if k != "page"}
        if page and isinstance(cats, dict):
            found = {k: score(v) for k, v in cats.items()
                     if k in ("performance", "accessibility", "best-practices", "best_practices", "seo", "pwa")}
            found = {k: v for k, v in found.items() if v is not None}
            if found:
                yield _page_name(str(page)), found


def _page_name(url: str) -> str:
    path = unquote(urlsplit(url).path) if "://" in url else url
    match = re.search(r"(chapters/[^/]+\.html|[^/]+\.html)$", path)
    return match.group(1) if match else path


#: Lighthouse's categories as bench/lighthouse.py names them in lighthouse.json.
LH_CATEGORIES = ("performance", "accessibility", "best_practices", "seo")


def lighthouse(book: Path, env: dict[str, str]) -> dict:
    """The Lighthouse step: ``make lighthouse`` in the clone when its Makefile has the target (bench/lighthouse.py).

    Scores and targets come from the summary it writes, ``_build/lighthouse/lighthouse.json``; without one, from
    any Lighthouse report written during the step.
    """
    if not has_make_target(book, "lighthouse"):
        return {"available": False, "note": "no `lighthouse` target in the Makefile: not measured"}
    since = time.time() - 1
    step = make(book, env, "lighthouse", "(9) make lighthouse")
    step["available"] = True
    summary_file = book / "_build" / "lighthouse" / "lighthouse.json"
    try:
        fresh = summary_file.stat().st_mtime >= since
        data = json.loads(summary_file.read_text(encoding="utf-8")) if fresh else None
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict) and isinstance(data.get("pages"), dict):
        step["targets"] = {k: v for k, v in (data.get("targets") or {}).items()}
        step["meta"] = data.get("meta", {})
        step["scores"] = {page: {c: row[c] for c in LH_CATEGORIES if isinstance(row.get(c), (int, float))}
                          for page, row in data["pages"].items() if isinstance(row, dict)}
        step["transfer_kib"] = {page: row.get("transfer_kib") for page, row in data["pages"].items()
                                if isinstance(row, dict)}
        step["errors"] = {page: row["runtime_error"] for page, row in data["pages"].items()
                          if isinstance(row, dict) and row.get("runtime_error")}
        step["markdown"] = _block(book / "bench" / "README.md", LH_START, LH_END)
    else:
        step["scores"] = lighthouse_scores(book, since)
    return step


LH_START, LH_END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"


def _block(path: Path, start: str, end: str) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    if start in text and end in text.split(start, 1)[1]:
        return text.split(start, 1)[1].split(end, 1)[0].strip("\n")
    return None


def first_load_kib(r: dict) -> tuple[dict[str, float], str] | None:
    """KiB each page transfers on first load: Lighthouse's (a phone, empty cache) when it ran, else the estimate."""
    lh = (r["steps"].get("lighthouse") or {}).get("transfer_kib") or {}
    lh = {p: v for p, v in lh.items() if isinstance(v, (int, float))}
    if lh:
        return lh, "Lighthouse, a phone with an empty cache"
    static = ((r.get("page_weights") or {}).get("first_load_static") or {}).get("pages") or []
    if static:
        return {row["page"]: row["transferred_bytes"] / 1024 for row in static}, "static estimate"
    return None


def chapter_limit_kib(step: dict) -> float:
    """The page-weight target of a chapter page: bench/lighthouse.py's when it says, else CHAPTER_KIB."""
    value = (step.get("targets") or {}).get("chapter_transfer_kib")
    return float(value) if isinstance(value, (int, float)) else CHAPTER_KIB


def lighthouse_minimum(step: dict, category: str) -> float:
    """The target of a category: bench/lighthouse.py's when it says, else LIGHTHOUSE_MIN."""
    targets = step.get("targets") or {}
    value = targets.get(category, targets.get(category.replace("-", "_")))
    return float(value) if isinstance(value, (int, float)) else LIGHTHOUSE_MIN


# --------------------------------------------------------------------------- page weights
sys.path.insert(0, str(ROOT / "_ext"))
from static_server import GzipHandler  # noqa: E402  (standard library only; the server the browser tests use)

#: What the static server (and a static host) compresses.
COMPRESSIBLE = GzipHandler.COMPRESSIBLE


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"])
        elif tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & {
                "stylesheet", "preload", "icon", "modulepreload"}:
            self.refs.append(a["href"])
        elif tag in ("img", "source", "video", "audio") and a.get("src"):
            self.refs.append(a["src"])


def _transferred(path: Path, cache: dict) -> int:
    if path not in cache:
        blob = path.read_bytes()
        cache[path] = len(gzip.compress(blob, 6, mtime=0)) if path.suffix in COMPRESSIBLE else len(blob)
    return cache[path]


FONT_FORMATS = (".woff2", ".woff", ".ttf", ".otf")


def _css_refs(css: Path) -> list[str]:
    """What a stylesheet loads: its imports and images, and per font face (family, weight, style) the best format
    of the last ``@font-face`` that declares it (a later declaration replaces an earlier one)."""
    text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    url = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
    faces: dict[tuple, str] = {}
    for block in re.findall(r"@font-face\s*\{([^}]*)\}", text):
        props = {k.strip().lower(): v.strip() for k, _, v in (d.partition(":") for d in block.split(";")) if v}
        key = tuple(" ".join(props.get(k, "").replace("\\", "").replace('"', "").replace("'", "").lower().split())
                    for k in ("font-family", "font-weight", "font-style"))
        sources = [u for u in url.findall(props.get("src", "")) if not u.startswith("data:")]
        ranked = sorted((s for s in sources if Path(urlsplit(s).path).suffix.lower() in FONT_FORMATS),
                        key=lambda s: FONT_FORMATS.index(Path(urlsplit(s).path).suffix.lower()))
        if ranked:
            faces[key] = ranked[0]
    rest = re.sub(r"@font-face\s*\{[^}]*\}", "", text)
    refs = [u for u in url.findall(rest) if not u.startswith("data:")]
    refs += re.findall(r"""@import\s+['"]([^'"]+)['"]""", rest)
    return refs + list(faces.values())


def static_page_weights(html: Path) -> dict:
    """Per page, a first-load estimate: its HTML plus the local files it references (scripts, stylesheets, images,
    and what the stylesheets load), each once, gzip-compressed where a static host would compress it."""
    cache: dict = {}
    rows = []
    pages = sorted(p for p in html.rglob("*.html")
                   if not p.relative_to(html).as_posix().startswith("_") and p.relative_to(html).as_posix()
                   != "index.html")
    for page in pages:
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        files = {page}
        queue = [(ref, page.parent) for ref in parser.refs]
        while queue:
            ref, folder = queue.pop()
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (folder / unquote(parts.path)).resolve()
            if not target.is_file() or target in files:
                continue
            files.add(target)
            if target.suffix == ".css":
                queue += [(r, target.parent) for r in _css_refs(target)]
        rows.append({"page": page.relative_to(html).as_posix(),
                     "transferred_bytes": sum(_transferred(f, cache) for f in files),
                     "on_disk_bytes": sum(f.stat().st_size for f in files), "files": len(files)})
    return {"source": "static first-load estimate (bench/run.py): the HTML and the scripts, stylesheets, images "
                      "and fonts it references (per font face, the last @font-face declared), gzip level 6 for "
                      "text; what a script loads later is not counted, nor whether a declared font is used",
            "pages": rows}


def page_weights(book: Path) -> dict:
    """The static first-load estimate, and the browser suite's full visit (``make test``) when there is one."""
    weights = {"first_load_static": static_page_weights(book / "_build" / "html")}
    suite = book / "_build" / "browser" / "page-weights.json"
    if suite.is_file():
        data = json.loads(suite.read_text(encoding="utf-8"))
        data["source"] = ("the browser suite's _build/browser/page-weights.json: bytes headless Chromium "
                          "transferred, empty cache, gzip-encoded, over a whole visit in which every chart is "
                          "scrolled to and drawn (so the Vega bundle is loaded)")
        weights["full_visit"] = data
    return weights


# --------------------------------------------------------------------------- the summary
def mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB ({n / 2**20:.0f} MiB)"


def verdict(ok: bool, detail: str = "") -> str:
    return ("met" if ok else "**missed**") + (f" ({detail})" if detail else "")


def chapter_list(names) -> str:
    names = sorted(names)
    short = [n.split("/")[-1].split("_")[0] if n.split("/")[-1][:2].isdigit() else n.split("/")[-1] for n in names]
    return ", ".join(short) if short else "none"


def summary(r: dict) -> str:
    s, m = r["steps"], r["machine"]
    cold = s["cold_build"]["seconds"]
    rows = []
    fresh = s["setup"]["seconds"] + cold
    rows.append(("Fresh-clone `make book` (`make setup` + cold build)",
                 f"{fresh:.0f} s ({s['setup']['seconds']:.0f} s setup + {cold:.0f} s build)",
                 f"≤ {FRESH_BOOK_S:.0f} s", verdict(fresh <= FRESH_BOOK_S, f"{fresh / FRESH_BOOK_S:.0%} of it")))
    v = r["venv"]
    after = v["after_build"]
    rows.append(("`.venv` after the build (`du -s`)",
                 f"{mb(after['bytes'])} (`du -s` {after['bytes'] // 1024} KiB); `__pycache__` "
                 f"{mb(after['pycache_bytes'])}; right after setup "
                 f"{mb(v['after_setup']['bytes'])} (`__pycache__` {mb(v['after_setup']['pycache_bytes'])})",
                 f"≤ {VENV_MB:.0f} MB", verdict(after["bytes"] / 1e6 <= VENV_MB)))
    rows.append(("Cold `make book` (no `_build/`)", f"{cold:.1f} s; {len(s['cold_build']['executed'])} chapters "
                 f"executed, {s['cold_build'].get('execution_seconds', 0):.1f} s of it", "denominator of the ratios",
                 ""))
    warm = s["warm_build"]
    rows.append(("Warm rebuild, nothing changed / cold", f"{warm['seconds'] / cold:.2f} ({warm['seconds']:.1f} s); "
                 f"executed: {chapter_list(warm['executed'])}", f"≤ {WARM_RATIO} (issue 6)",
                 verdict(warm["seconds"] / cold <= WARM_RATIO and not warm["executed"])))
    css = s["css_change"]
    rows.append(("CSS-only change (comment appended to `paradiplomacy-book.css`) / cold",
                 f"{css['seconds'] / cold:.2f} ({css['seconds']:.1f} s); executed: {chapter_list(css['executed'])}"
                 + ("" if css.get("css_shipped") else "; the change did not reach `_build/html/_static`"),
                 "re-runs nothing", verdict(not css["executed"] and css.get("css_shipped", False))))
    for key, what in (("interviews_change",
                       "One data change a few chapters use: interview 1's description in `interviews.csv`"),
                      ("table3_change", "One Table 3 count (`demographics.csv` + its mirror in `claims.csv`, the "
                                        "registry)")):
        step = s[key]
        ratio = step["seconds"] / cold
        readers = step.get("readers", [])
        note = (f"executed {len(step['executed'])} of {len(s['cold_build']['executed'])}: "
                f"{chapter_list(step['executed'])} (readers of the changed files or rows: {chapter_list(readers)})")
        if not step.get("shown", True):
            note += "; THE NEW VALUE IS NOT ON THE PAGE"
        rows.append((what + " / cold", f"{ratio:.2f} ({step['seconds']:.1f} s, of which executing chapters "
                     f"{step.get('execution_seconds', 0):.1f} s); {note}",
                     f"≤ {DATA_CHANGE_RATIO}", verdict(ratio <= DATA_CHANGE_RATIO and step.get("shown", True))))
    if "make_test" in s:
        t = s["make_test"]
        note = t["pytest"]["summary"] or f"exit {t['returncode']}"
        ok = t["seconds"] <= TEST_S and t["returncode"] == 0
        detail = "" if t["returncode"] == 0 else "tests failed"
        if m["cores"] != 2:
            detail = ", ".join(filter(None, [detail, f"{m['cores']} cores, the target is for 2"]))
        rows.append(("`make test` after a build", f"{t['seconds']:.0f} s; {note}", f"≤ {TEST_S:.0f} s on 2 cores",
                     verdict(ok, detail)))
    else:
        rows.append(("`make test` after a build", "not run (`--skip-test`)", f"≤ {TEST_S:.0f} s on 2 cores", "—"))
    lh = s.get("lighthouse")
    what = "Lighthouse (mobile profile), every category of every page"
    if lh and lh.get("scores"):
        cats = sorted({c for v in lh["scores"].values() for c in v})
        minimum = {c: lighthouse_minimum(lh, c) for c in cats}
        target = "; ".join(f"{c.replace('_', ' ')} {'=' if minimum[c] >= 100 else '≥'} {minimum[c]:.0f}"
                           for c in cats) + " (of 100)"
        low = [(p, c, v) for p, row in sorted(lh["scores"].items()) for c, v in row.items() if v < minimum[c]]
        lowest = "; ".join(f"{c.replace('_', ' ')} {min(row.get(c, 100) for row in lh['scores'].values()):.0f}"
                           for c in cats)
        problems = ["below target: " + ", ".join(f"{p} {c.replace('_', ' ')} {v:.0f}" for p, c, v in low)] if low \
            else []
        if lh.get("errors"):
            problems.append(f"Lighthouse could not measure {', '.join(sorted(lh['errors']))}")
        if lh.get("returncode") != 0:
            problems.append(f"make lighthouse exit {lh.get('returncode')}")
        rows.append((what, f"{len(lh['scores'])} pages; lowest per category: {lowest} (table below)", target,
                     verdict(not problems, "; ".join(problems))))
    elif lh and lh.get("available"):
        rows.append((what, f"no scores found (exit {lh.get('returncode')})", f"all ≥ {LIGHTHOUSE_MIN} / 100",
                     "**missed** (not measured)"))
    else:
        why = "skipped (`--skip-lighthouse`)" if lh is None else lh.get("note", "not measured")
        rows.append((what, why, f"all ≥ {LIGHTHOUSE_MIN} / 100", "—"))
    pw = r.get("page_weights") or {}
    first = first_load_kib(r)
    if first:
        limit = chapter_limit_kib(lh or {})
        kib, source = first
        chapters = {p: v for p, v in kib.items() if p.startswith("chapters/")} or kib
        heaviest = max(chapters, key=chapters.get)
        over = [p for p, v in chapters.items() if v > limit]
        full = (pw.get("full_visit") or {}).get("pages") or []
        full_chapters = [row["transferred_bytes"] / 1024 for row in full if row["page"].startswith("chapters/")]
        extra = (f"; a whole visit with every chart drawn (browser suite): {min(full_chapters):.0f}–"
                 f"{max(full_chapters):.0f} KiB" if full_chapters else "")
        rows.append(("Chapter page weight, first load (empty cache, transferred, each file once)",
                     f"{min(chapters.values()):.0f}–{chapters[heaviest]:.0f} KiB ({source}; heaviest {heaviest})"
                     f"{extra}; every page in the table below", f"≤ {limit:.0f} KiB per chapter page",
                     verdict(not over, f"{len(over)} of {len(chapters)} chapter pages over" if over else "")))

    lines = [f"Run of {r['started']} on {m['cores']} cores ({m['cpu']}), Python {m['python']}, commit "
             f"{m['commit']} ({r['clone']['note']}). Load average (1, 5, 15 min): {m['load_before']} before, "
             f"{m['load_after']} after; the machine is shared, so every time is higher under load, but the ratios "
             f"come from this one run. uv/pip caches: {r['caches']}."
             + (" Not passed to the clone's commands: " + ", ".join(f"`{k}`" for k in r["dropped_environment"])
                + "." if r.get("dropped_environment") else ""),
             "",
             "| figure | measured | target | result |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    others = [(k, s[k]) for k in ("npm_ci", "revert", "setup_test", "after_test_lock") if k in s]
    if others:
        lines += ["", "Other steps of the run (not targets):", ""]
        names = {"npm_ci": "`npm ci` in the clone (the checkout's `node_modules` is not what its package.json pins)",
                 "revert": "`make book` after putting the three data/CSS files back",
                 "setup_test": "`make setup-test` (the test lock added to `.venv`)",
                 "after_test_lock": "`make book` after `make setup-test`"}
        for k, step in others:
            executed = f"; executed {len(step['executed'])} chapters" if step["executed"] else ""
            reason = ""
            if step["executed"]:
                reasons = sorted(set(step["executed"].values()))
                reason = f" ({'; '.join(reasons[:2])})"
            lines.append(f"* {names[k]}: {step['seconds']:.1f} s{executed}{reason}.")
        per = s["cold_build"].get("chapter_seconds") or {}
        if per:
            lines.append("* Each chapter's execution in the cold build (s, two kernels at a time): "
                         + ", ".join(f"{chapter_list([k])} {v:.1f}" for k, v in sorted(per.items())) + ".")
        if "after_test" in r["venv"]:
            lines.append(f"* `.venv` with the test lock, after `make test`: {mb(r['venv']['after_test']['bytes'])}.")
    lh = s.get("lighthouse") or {}
    scores = lh.get("scores") or {}
    lh_kib = {p: v for p, v in (lh.get("transfer_kib") or {}).items() if isinstance(v, (int, float))}
    static = {row["page"]: row for row in (pw.get("first_load_static") or {}).get("pages", [])}
    full = {row["page"]: row for row in (pw.get("full_visit") or {}).get("pages", [])}
    if scores or static or full:
        cats = sorted({c for v in scores.values() for c in v}, key=lambda c: (LH_CATEGORIES + (c,)).index(c))
        head = ["page", *[c.replace("_", " ") for c in cats]]
        head += ["first load, Lighthouse (KiB)"] if lh_kib else []
        head += ["first load, static estimate (KiB)"] if static else []
        head += ["whole visit, charts drawn (KiB)"] if full else []
        lines += ["", "Per page" + (f": Lighthouse {lh.get('meta', {}).get('lighthouse', '')} scores (mobile profile)"
                                    if scores else "") + "; KiB transferred with an empty cache (gzip), each file once. "
                  + ("First load, Lighthouse: what Lighthouse's phone transferred (the Vega bundle loads only when "
                     "a chart comes near the screen). " if lh_kib else "")
                  + (f"Static estimate: {static and pw['first_load_static']['source']}. " if static else "")
                  + ("Whole visit: the browser suite, which scrolls to every chart and waits until it is drawn." if full
                     else ""), "",
                  "| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1)]
        for page in sorted(set(scores) | set(static) | set(full)):
            cells = [page] + [f"{scores[page][c]:.0f}" if c in scores.get(page, {}) else "" for c in cats]
            if lh_kib:
                cells.append(f"{lh_kib[page]:.0f}" if page in lh_kib else "")
            if static:
                cells.append(f"{static[page]['transferred_bytes'] / 1024:.0f}" if page in static else "")
            if full:
                cells.append(f"{full[page]['transferred_bytes'] / 1024:.0f}" if page in full else "")
            lines.append("| " + " | ".join(cells) + " |")
    if "make_test" in s and s["make_test"]["pytest"]["durations"]:
        lines += ["", "Slowest tests of that `make test` (`pytest --durations=25`, wall time per test on its "
                  "xdist worker):", "", "| s | phase | test |", "| ---: | --- | --- |"]
        lines += [f"| {d['seconds']:.1f} | {d['when']} | `{d['test']}` |"
                  for d in s["make_test"]["pytest"]["durations"]]
    return "\n".join(lines)


def write_readme(table: str, start: str = START, end: str = END, create: bool = True) -> None:
    """Replace what bench/README.md holds between ``start`` and ``end`` (added at its end when ``create``)."""
    readme = BENCH / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else "# Benchmarks\n"
    if start not in text or end not in text.split(start, 1)[1]:
        if not create:
            return
        text += f"\n{start}\n{end}\n"
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    readme.write_text(f"{head}{start}\n{table}\n{end}{tail}", encoding="utf-8")


# --------------------------------------------------------------------------- the run
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-test", action="store_true", help="do not run make setup-test / make test")
    parser.add_argument("--skip-lighthouse", action="store_true", help="do not run make lighthouse")
    parser.add_argument("--committed-only", action="store_true",
                        help="bench the last commit only (by default the checkout's uncommitted changes are copied "
                             "over the clone)")
    parser.add_argument("--cold-cache", action="store_true",
                        help="empty uv and pip caches for the clone: setup downloads every package")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway clone")
    parser.add_argument("--workdir", type=Path, help="folder for the throwaway clone (default: a new temp folder)")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the table in bench/README.md")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="paradiplomacy-bench-", dir=args.workdir))
    results = {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "steps": {}, "venv": {},
               "targets": {"fresh_book_s": FRESH_BOOK_S, "venv_mb": VENV_MB, "data_change_ratio": DATA_CHANGE_RATIO,
                           "warm_ratio": WARM_RATIO, "test_s": TEST_S, "lighthouse_min": LIGHTHOUSE_MIN,
                           "chapter_kib": CHAPTER_KIB},
               "dropped_environment": sorted(k for k in os.environ if k in DROP_ENV or k.startswith("PARADIPLOMACY_")),
               "machine": {"cores": cores(), "cpu": cpu_model(), "python": platform.python_version(),
                           "platform": platform.platform(), "commit": git_commit(), "load_before": load_average()}}
    steps = results["steps"]
    uv_cache = Path(os.environ.get("UV_CACHE_DIR") or Path.home() / ".cache" / "uv")
    results["caches"] = ("empty (`--cold-cache`: every package downloaded)" if args.cold_cache else
                         f"the machine's ({'warm' if uv_cache.is_dir() and any(uv_cache.iterdir()) else 'empty'}"
                         f" uv cache {uv_cache}; `--cold-cache` to download everything)")
    try:
        started = time.perf_counter()
        book, overlay = clone(workdir, args.committed_only)
        results["clone"] = {"path": str(book), "seconds": round(time.perf_counter() - started, 2), **overlay,
                            "note": "last commit only" if args.committed_only else
                            f"fresh clone + {len(overlay['copied'])} uncommitted files copied over, "
                            f"{len(overlay['deleted'])} deleted"}
        log(f"throwaway clone: {book} ({results['clone']['note']})")
        env = environment(workdir / "caches" if args.cold_cache else None)
        python = os.environ.get("PYTHON")
        extra = {"PYTHON": python} if python else {}

        if not (book / "node_modules").exists() and (book / "package-lock.json").is_file() and shutil.which("npm"):
            # The checkout's node_modules is missing or not what the clone's package.json pins (not timed as part of
            # make book: npm packages are installed once per machine, see make browser-deps).
            steps["npm_ci"] = run(["npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"], book, env,
                                  "(0) npm ci (the checkout's node_modules does not match package.json)")
        steps["setup"] = make(book, env, "setup", "(1) make setup", **extra)
        if steps["setup"]["returncode"] != 0:
            raise SystemExit("bench: make setup failed in the clone")
        results["venv"]["after_setup"] = venv_size(book)
        steps["cold_build"] = make(book, env, "book", "(2) cold make book")
        if steps["cold_build"]["returncode"] != 0:
            raise SystemExit("bench: the cold make book failed in the clone")
        results["venv"]["after_build"] = venv_size(book)
        results["paper_chapters"] = paper_chapters(book)
        steps["warm_build"] = make(book, env, "book", "(3) warm make book")

        originals = {name: (book / name).read_bytes()
                     for name in (CSS, "data/interviews.csv", "data/demographics.csv", "data/claims.csv")}
        css = book / CSS
        css.write_text(css.read_text(encoding="utf-8") + "\n/* bench: a CSS-only change */\n", encoding="utf-8")
        steps["css_change"] = make(book, env, "book", "(4) make book after a CSS-only change")
        shipped = book / "_build" / "html" / "_static" / Path(CSS).name
        steps["css_change"]["css_shipped"] = shipped.is_file() and "bench: a CSS-only change" in shipped.read_text(
            encoding="utf-8", errors="replace")

        readers = readers_of(book, "data/interviews.csv")
        edit(book / "data" / "interviews.csv", INTERVIEW_OLD, INTERVIEW_NEW)
        steps["interviews_change"] = make(book, env, "book", "(5) make book after changing an interview description")
        steps["interviews_change"]["readers"] = readers
        page = book / "_build" / "html" / "chapters" / "01_introduction.html"
        steps["interviews_change"]["shown"] = page.is_file() and INTERVIEW_NEW in page.read_text(encoding="utf-8")

        readers = sorted(set(readers_of(book, "data/claims.csv", table3_rows(book / "data"), {"value", "printed"}))
                         | set(readers_of(book, "data/demographics.csv")))
        new = move_one_respondent(book / "data")
        steps["table3_change"] = make(book, env, "book", "(6) make book after changing one Table 3 count")
        steps["table3_change"]["readers"] = readers
        steps["table3_change"]["new_counts"] = new
        shown = {k: glued_value(book, "01_introduction", k) for k in new}
        steps["table3_change"]["glued"] = shown
        steps["table3_change"]["shown"] = all(str(shown[k]) == str(v) for k, v in new.items())

        for name, blob in originals.items():
            (book / name).write_bytes(blob)
        steps["revert"] = make(book, env, "book", "(7) make book after putting the files back")

        if not args.skip_test:
            steps["setup_test"] = make(book, env, "setup-test", "(8a) make setup-test")
            steps["after_test_lock"] = make(book, env, "book", "(8b) make book after make setup-test")
            # Not -q: PYTEST_ADDOPTS reaches the pytest runs some tests start themselves, and -qq there hides the
            # summary line they check (tests/test_ci_guards.py).
            test_env = dict(env, PYTEST_ADDOPTS="--durations=25")
            steps["make_test"] = run(["make", "--no-print-directory", "test"], book, test_env, "(8c) make test")
            steps["make_test"]["pytest"] = pytest_report(steps["make_test"]["output"])
            results["venv"]["after_test"] = venv_size(book)
        if not args.skip_lighthouse:
            steps["lighthouse"] = lighthouse(book, env)
        results["page_weights"] = page_weights(book)

        results["machine"]["load_after"] = load_average()
        results["failed_steps"] = [k for k, v in steps.items() if v.get("returncode", 0) != 0]
        for step in steps.values():  # keep the JSON readable: the tail of each log is enough
            if "output" in step:
                step["output_tail"] = step.pop("output")[-4000:]
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"bench-{time.strftime('%Y%m%dT%H%M%S')}.json"
        out.write_text(json.dumps(results, indent=1), encoding="utf-8")
        table = summary(results)
        if not args.no_readme:
            write_readme(table)
            block = (steps.get("lighthouse") or {}).get("markdown")
            if block:  # bench/lighthouse.py's own table, from this run (it wrote it into the clone's README)
                write_readme(block, LH_START, LH_END, create=False)
        print(table)
        log(f"results: {out}" + ("" if args.no_readme else f"; table written to {BENCH / 'README.md'}"))
        return 1 if results["failed_steps"] else 0
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
