"""Lighthouse on every page of the built book (``make lighthouse``; part of ``make bench``, not of ``make test``).

Serves ``_build/html`` from 127.0.0.1 only, gzip-encoded as a static host (GitHub Pages) serves it, with
Python's standard library, and runs Lighthouse (the npm package pinned in ``package-lock.json``; ``npm ci``)
with Debian's Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``) in its default mobile profile
(simulated slow 4G, 4x CPU slowdown, a 412 px wide screen) on each page, one after the other. It writes

* ``_build/lighthouse/lighthouse.md``: one row per page (performance, accessibility, best practices, SEO,
  bytes transferred, LCP, TBT, FCP, CLS) and which targets are met;
* ``_build/lighthouse/lighthouse.json``: the same figures, the failed accessibility audits, the largest
  requests and any request to another host, per page;
* ``_build/lighthouse/reports/<page>.json``: Lighthouse's full report for each page;

and replaces the table in ``bench/README.md`` between ``lighthouse:start`` and ``lighthouse:end``
(``--no-readme`` to leave it alone).

Targets (issue 13): performance >= 90 and accessibility 100 on every page, and at most 400 KiB transferred
for a chapter page; best practices and SEO >= 90. Exit status 1 when Lighthouse could not measure a page, or (``--strict``) when a page
misses a target.

Usage: ``python bench/lighthouse.py [--runs N] [--strict] [--no-readme] [PAGE ...]`` (pages relative to
``_build/html``, e.g. ``chapters/04_public_views.html``; default every page).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
#: Targets of issue 13 (best practices and SEO: at least 90, like every category in `make bench`).
MIN_PERFORMANCE, MIN_ACCESSIBILITY, MIN_OTHER, MAX_CHAPTER_KIB = 90, 100, 90, 400
#: The Lighthouse categories measured.
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Chromium without background traffic to other hosts (the book itself requests none).
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                "--mute-audio"]


def log(message: str) -> None:
    print(f"[lighthouse {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------- a static host on 127.0.0.1
sys.path.insert(0, str(ROOT / "_ext"))
import static_server  # noqa: E402  (_ext/static_server.py, the server the browser tests use too)


def serve(html_dir: Path):
    """Serve `html_dir` on an ephemeral port of 127.0.0.1, gzip-encoded and cached for 10 minutes as GitHub Pages
    serves it; yields the base URL (ending in /)."""
    return static_server.serve(html_dir, cache_seconds=600)


def book_pages(html_dir: Path) -> list[str]:
    """Every page of the book, relative to ``html/`` (``index.html`` only redirects to the front page)."""
    pages = (p.relative_to(html_dir).as_posix() for p in sorted(html_dir.rglob("*.html")))
    return [p for p in pages if not p.startswith("_") and p != "index.html"]


# --------------------------------------------------------------------------- one Lighthouse run
def run_lighthouse(url: str, report: Path, chrome: str) -> dict:
    """Lighthouse's JSON report for `url` (mobile profile, performance and accessibility)."""
    report.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lighthouse-profile-") as profile:
        cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", "--disable-full-page-screenshot",
               f"--chrome-flags={' '.join(CHROME_FLAGS + [f'--user-data-dir={profile}'])}"]
        env = {**os.environ, "CHROME_PATH": chrome}
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse exited {result.returncode}: {(result.stderr or result.stdout)[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def figures(lhr: dict, base: str) -> dict:
    """What the table shows, from one Lighthouse report."""
    audits, categories = lhr["audits"], lhr["categories"]

    def value(name):
        return audits.get(name, {}).get("numericValue")

    requests = (audits.get("network-requests", {}).get("details") or {}).get("items", [])
    host = urlsplit(base).netloc
    other_hosts = sorted({r["url"] for r in requests if urlsplit(r["url"]).scheme in ("http", "https")
                          and urlsplit(r["url"]).netloc != host})
    largest = sorted(requests, key=lambda r: -(r.get("transferSize") or 0))[:6]
    failed = [{"id": k, "title": audits[k]["title"],
               "nodes": [i.get("node", {}).get("snippet", "")[:160]
                         for i in (audits[k].get("details") or {}).get("items", [])[:3]]}
              for k in (a["id"] for a in categories["accessibility"]["auditRefs"] if a["weight"] > 0)
              if audits.get(k, {}).get("score") is not None and audits[k]["score"] < 1]
    error = lhr.get("runtimeError", {}).get("message") or ""
    return {"performance": round(100 * (categories["performance"]["score"] or 0)),
            "accessibility": round(100 * (categories["accessibility"]["score"] or 0)),
            "best_practices": round(100 * (categories.get("best-practices", {}).get("score") or 0)),
            "seo": round(100 * (categories.get("seo", {}).get("score") or 0)),
            "transfer_kib": round((value("total-byte-weight") or 0) / 1024, 1),
            "lcp_ms": round(value("largest-contentful-paint") or 0),
            "tbt_ms": round(value("total-blocking-time") or 0),
            "fcp_ms": round(value("first-contentful-paint") or 0),
            "cls": round(value("cumulative-layout-shift") or 0, 3),
            "requests": len(requests),
            "largest": [{"url": r["url"].replace(base, ""), "kib": round((r.get("transferSize") or 0) / 1024, 1)}
                        for r in largest],
            "other_hosts": other_hosts, "accessibility_failures": failed, "runtime_error": error,
            "lighthouse": lhr.get("lighthouseVersion"), "chromium": lhr.get("environment", {}).get("hostUserAgent"),
            "benchmark_index": round(lhr.get("environment", {}).get("benchmarkIndex") or 0)}


def measure(page: str, base: str, out: Path, chrome: str, runs: int) -> dict:
    """The median run (by performance score) of `runs` Lighthouse runs of one page."""
    results = []
    for i in range(runs):
        report = out / "reports" / (page.replace("/", "__").removesuffix(".html") + (f".{i + 1}" if runs > 1 else "")
                                    + ".json")
        results.append(figures(run_lighthouse(base + page, report, chrome), base))
    results.sort(key=lambda r: r["performance"])
    chosen = dict(results[(len(results) - 1) // 2])
    chosen["performance_runs"] = [r["performance"] for r in results]
    chosen["benchmark_index_runs"] = [r["benchmark_index"] for r in results]
    return chosen


def verdict(page: str, r: dict) -> list[str]:
    """The targets a page misses (empty when all are met)."""
    missed = []
    if r["performance"] < MIN_PERFORMANCE:
        missed.append(f"performance {r['performance']} < {MIN_PERFORMANCE}")
    if r["accessibility"] < MIN_ACCESSIBILITY:
        missed.append(f"accessibility {r['accessibility']} < {MIN_ACCESSIBILITY}")
    for key, label in (("best_practices", "best practices"), ("seo", "SEO")):
        if r.get(key, 100) < MIN_OTHER:
            missed.append(f"{label} {r[key]} < {MIN_OTHER}")
    if page.startswith("chapters/") and r["transfer_kib"] > MAX_CHAPTER_KIB:
        missed.append(f"{r['transfer_kib']:.0f} KiB > {MAX_CHAPTER_KIB} KiB")
    if r["other_hosts"]:
        missed.append(f"{len(r['other_hosts'])} request(s) to another host")
    if r["runtime_error"]:
        missed.append(f"Lighthouse error: {r['runtime_error']}")
    return missed


def table(results: dict[str, dict], meta: dict) -> str:
    indices = sorted(i for r in results.values() for i in r.get("benchmark_index_runs", []))
    lines = [f"Lighthouse {meta['lighthouse']} (mobile profile: simulated slow 4G, 4x CPU slowdown), "
             f"{meta['chromium_version']}, {meta['when']}, commit {meta['commit']}; {meta['runs']} run(s) per page "
             f"(the median run by performance; the others' scores in brackets); load average {meta['load_before']} "
             f"before, {meta['load_after']} after; Lighthouse's CPU benchmark index "
             f"{indices[0] if indices else '?'}–{indices[-1] if indices else '?'} (higher is faster).", "",
             "| page | performance | accessibility | best practices | SEO | transferred (KiB) | LCP (s) | TBT (ms) "
             "| FCP (s) | CLS | targets |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for page, r in results.items():
        missed = verdict(page, r)
        runs = list(r.get("performance_runs", []))
        if len(runs) > 1:
            runs.remove(r["performance"])
        spread = f" ({', '.join(map(str, runs))})" if len(r.get("performance_runs", [])) > 1 else ""
        lines.append(f"| {page} | {r['performance']}{spread} | {r['accessibility']} | {r['best_practices']} | "
                     f"{r['seo']} | {r['transfer_kib']:.0f} | "
                     f"{r['lcp_ms'] / 1000:.1f} | {r['tbt_ms']} | {r['fcp_ms'] / 1000:.1f} | {r['cls']:.3f} | "
                     f"{'met' if not missed else 'MISSED: ' + '; '.join(missed)} |")
    chapters = [r["transfer_kib"] for p, r in results.items() if p.startswith("chapters/")]
    lines += ["", f"Targets (issue 13): performance >= {MIN_PERFORMANCE} and accessibility {MIN_ACCESSIBILITY} on "
              f"every page (best practices and SEO >= {MIN_OTHER}); a chapter page transfers at most "
              f"{MAX_CHAPTER_KIB} KiB (gzip, empty cache)."]
    if chapters:
        lines.append(f"Chapter pages transfer {min(chapters):.0f}–{max(chapters):.0f} KiB.")
    failures = sorted({f["id"] for r in results.values() for f in r["accessibility_failures"]})
    if failures:
        lines.append("Failed accessibility audits: " + ", ".join(failures) + " (details in lighthouse.json).")
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8") if README.is_file() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in readme:
        readme += f"\n{START}\n{END}\n"
    head, rest = readme.split(START, 1)
    tail = rest.split(END, 1)[1] if END in rest else ""
    README.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


def git_commit() -> str:
    """The commit measured, with "+ local changes" when the work tree differs from it."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" + local changes" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="pages relative to the build's html/ (default: every page)")
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built book")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "lighthouse", help="where the reports go")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is reported)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page misses a target")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into bench/README.md")
    args = parser.parse_args(argv)

    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci` in {ROOT} (package-lock.json pins lighthouse)")
    if not Path(chrome).is_file():
        raise SystemExit(f"no Chromium at {chrome}: run `make browser-deps` or set CHROME_PATH")
    if not (args.html / "intro.html").is_file():
        raise SystemExit(f"no built book in {args.html}: run `make book` first")
    pages = args.pages or book_pages(args.html)
    unknown = [p for p in pages if not (args.html / p).is_file()]
    if unknown:
        raise SystemExit(f"no such page(s) in {args.html}: {unknown}")

    load_before = [round(x, 2) for x in os.getloadavg()]
    results, errors = {}, {}
    with serve(args.html) as base:
        for page in pages:
            started = time.monotonic()
            try:
                results[page] = measure(page, base, args.out, chrome, max(1, args.runs))
            except (RuntimeError, subprocess.TimeoutExpired, KeyError, json.JSONDecodeError) as exc:
                errors[page] = str(exc)
                log(f"{page}: FAILED: {exc}")
                continue
            r = results[page]
            log(f"{page}: performance {r['performance']}, accessibility {r['accessibility']}, best practices "
                f"{r['best_practices']}, SEO {r['seo']}, "
                f"{r['transfer_kib']:.0f} KiB, LCP {r['lcp_ms'] / 1000:.1f} s, TBT {r['tbt_ms']} ms "
                f"({time.monotonic() - started:.0f} s)")
    if not results:
        print("\n".join(f"{p}: {e}" for p, e in errors.items()), file=sys.stderr)
        return 1
    first = next(iter(results.values()))
    meta = {"lighthouse": first["lighthouse"], "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "commit": git_commit(), "runs": args.runs, "load_before": load_before,
            "load_after": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count()}
    meta["chromium_version"] = next((w.replace("/", " ") for w in (first["chromium"] or "").split()
                                     if w.startswith(("HeadlessChrome/", "Chrome/"))), "Chromium")
    text = table(results, meta)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "lighthouse.md").write_text(text + "\n", encoding="utf-8")
    (args.out / "lighthouse.json").write_text(json.dumps(
        {"meta": meta, "targets": {"performance": MIN_PERFORMANCE, "accessibility": MIN_ACCESSIBILITY,
                                   "best_practices": MIN_OTHER, "seo": MIN_OTHER,
                                   "chapter_transfer_kib": MAX_CHAPTER_KIB},
         "pages": {p: {**r, "missed": verdict(p, r)} for p, r in results.items()}, "errors": errors}, indent=1),
        encoding="utf-8")
    if not args.no_readme and not args.pages:
        write_readme(text)
    print(text)
    log(f"reports: {args.out}/lighthouse.md, lighthouse.json and reports/")
    if errors:
        print("\n".join(f"{p}: {e}" for p, e in errors.items()), file=sys.stderr)
        return 1
    missed = [p for p, r in results.items() if verdict(p, r)]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
