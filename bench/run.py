"""Benchmark the book's build and tests in one run on one machine (``make bench``; not part of ``make test``).

Measures, in a throwaway copy of the repository (the repository itself is never built or changed):

(a) the sum of executing each chapter alone with papermill (as ``make chapter`` does);
(b) a cold ``make book`` (no ``_build``, so no cache);
(c) a warm ``make book`` with nothing changed;
(d) a ``make book`` after touching one data file (its timestamp, not its content);
(d2) a ``make book`` after changing one value in the data (every chapter must run again), and (d3) after
     changing it back (the earlier cache folder is reused);
(e) ``import paradiplomacy`` in a fresh interpreter;
(f) ``make test``;

then writes every figure to ``bench/results/bench-<time>.json`` (git-ignored) and the summary table, with the
targets of issue 6, into ``bench/README.md`` between its ``bench:start`` and ``bench:end`` markers.

Usage: ``python bench/run.py [--skip-test] [--keep] [--workdir DIR]`` (the repository's ``.venv`` is used).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
VENV = ROOT / ".venv"
BIN = VENV / "bin"
#: Not copied into the throwaway book (``.venv`` and ``node_modules`` are linked instead).
SKIP = {".git", ".venv", "_build", "node_modules", ".pytest_cache", "__pycache__", "results", ".jupyter_cache"}
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
#: Targets of issue 6.
COLD_VS_CHAPTERS, WARM_VS_COLD, IMPORT_S, TEST_S = 1.3, 0.15, 0.3, 180.0


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


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=20)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True,
                               timeout=20).stdout.strip()
        return out.stdout.strip() + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def make_copy(workdir: Path) -> Path:
    """Copy the repository into ``workdir/book`` and link its environment (never reinstalled: ``make -o``)."""
    book = workdir / "book"
    def ignore(folder: str, names: list[str]) -> list[str]:
        skip = SKIP if Path(folder) == BENCH else SKIP - {"results"}
        return [n for n in names if n in skip]

    shutil.copytree(ROOT, book, ignore=ignore, symlinks=True)
    (book / ".venv").symlink_to(VENV, target_is_directory=True)
    # The stamp's prerequisites must look older than the stamp: a sub-make (`make test` runs `$(MAKE) book`)
    # does not inherit `-o .venv/.installed` and would otherwise reinstall the shared .venv from the copy.
    stamp = (VENV / ".installed").stat().st_mtime
    for name in ("requirements.txt", "pyproject.toml"):
        if (book / name).exists():
            os.utime(book / name, (stamp - 60, stamp - 60))
    if (ROOT / "node_modules").is_dir():
        (book / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    for path in (book / "data").iterdir():
        path.chmod(path.stat().st_mode | 0o200)
    return book


def environment(book: Path) -> dict[str, str]:
    """The copy imports its own ``lib/`` (so its chapters read its own ``data/``); the venv comes first on PATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(book / "lib"), env.get("PYTHONPATH", "")] if p)
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    return env


def timed(command: list[str], cwd: Path, env: dict[str, str], label: str, timeout: float = 3600) -> dict:
    """Run a command, return its wall time, exit status and the tail of its output."""
    log(f"{label}: {' '.join(command)}")
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    log(f"{label}: {seconds:.1f} s (exit {result.returncode})")
    if result.returncode != 0:
        print(output[-3000:], file=sys.stderr)
    return {"seconds": round(seconds, 2), "returncode": result.returncode, "output_tail": output[-1500:],
            "load_after": load_average()}


def make(book: Path, env: dict[str, str], target: str, label: str) -> dict:
    # -o .venv/.installed: never (re)install into the shared environment from the copy.
    return timed(["make", "-o", ".venv/.installed", target], book, env, label)


def toc_chapters(book: Path) -> list[str]:
    """Executable chapters (MyST notebooks under chapters/) listed in the copy's _toc.yml, in book order."""
    import yaml

    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8")))
    names = []
    for f in files:
        path = book / (f if f.endswith(".md") else f + ".md")
        if path.parent == book / "chapters" and "kernelspec:" in path.read_text(encoding="utf-8")[:600]:
            names.append(path.stem)
    return names


def chapters_alone(book: Path, env: dict[str, str]) -> dict:
    """(a) Each chapter executed on its own with papermill (conversion by jupytext not timed)."""
    import jupytext

    out = book / "_build" / "papermill"
    out.mkdir(parents=True, exist_ok=True)
    per_chapter = {}
    for chapter in toc_chapters(book):
        source = out / f"{chapter}.input.ipynb"
        jupytext.write(jupytext.read(book / "chapters" / f"{chapter}.md"), source)
        result = timed([str(BIN / "papermill"), str(source), str(out / f"{chapter}.ipynb"), "--cwd", "chapters",
                        "--no-progress-bar"], book, env, f"(a) {chapter}")
        if result["returncode"] != 0:
            raise SystemExit(f"papermill failed on {chapter}")
        per_chapter[chapter] = result["seconds"]
    shutil.rmtree(book / "_build")
    return {"seconds": round(sum(per_chapter.values()), 2), "per_chapter": per_chapter}


def move_one_respondent(data: Path, back: bool = False) -> None:
    """Move one Table 3 respondent from age 50+ to 18-29 (or back): one value, the file stays valid."""
    up, down = ("t3_age_4_count", "t3_age_1_count") if back else ("t3_age_1_count", "t3_age_4_count")
    for name in ("demographics.csv", "claims.csv"):
        path = data / name
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            if row["claim_id"] in (up, down):
                row["value"] = row["printed"] = str(int(row["value"]) + (1 if row["claim_id"] == up else -1))
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def import_time(env: dict[str, str], runs: int = 7) -> dict:
    """(e) ``import paradiplomacy`` in fresh interpreters: median over ``runs`` (and what chapters import)."""
    def measure(statement: str) -> list[float]:
        code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        return [float(subprocess.run([str(BIN / "python"), "-c", code], env=env, capture_output=True, text=True,
                                     check=True).stdout) for _ in range(runs)]

    bare = measure("import paradiplomacy")
    chapter = measure("from paradiplomacy import charts, checks, exhibits, load, paths, stats")
    log(f"(e) import paradiplomacy: median {statistics.median(bare):.3f} s")
    return {"seconds": round(statistics.median(bare), 4), "runs": [round(x, 4) for x in bare],
            "chapter_imports_seconds": round(statistics.median(chapter), 3)}


def verdict(value: float, limit: float, strict: bool = False) -> str:
    ok = value < limit if strict else value <= limit
    if ok:
        return f"met ({value / limit:.0%} of the limit)"
    return f"MISSED by {value - limit:.1f} s ({value / limit - 1:.0%} over)"


def summary(results: dict) -> str:
    """Markdown table of the run, with each target met or missed."""
    r, m = results["steps"], results["machine"]
    a, b = r["a_chapters_alone"]["seconds"], r["b_cold_build"]["seconds"]
    rows = [("a", f"Sum of executing each of the {len(r['a_chapters_alone']['per_chapter'])} chapters alone "
                  "(papermill)", a, "reference", "")]
    rows.append(("b", "Cold `make book` (no `_build`, no cache)", b, f"≤ 1.3 × (a) = {COLD_VS_CHAPTERS * a:.1f} s",
                 verdict(b, COLD_VS_CHAPTERS * a) + f"; (b)/(a) = {b / a:.2f}"))
    c = r["c_warm_build"]["seconds"]
    rows.append(("c", "Warm rebuild, nothing changed", c, f"≤ 0.15 × (b) = {WARM_VS_COLD * b:.1f} s",
                 verdict(c, WARM_VS_COLD * b) + f"; (c)/(b) = {c / b:.3f}"))
    rows.append(("d", "Rebuild after touching one data file (timestamp only)", r["d_touch_data"]["seconds"],
                 "none (content unchanged: nothing re-executed)", ""))
    if "d2_edit_value" in r:
        rows.append(("d2", "Rebuild after changing one value in `data/` (every chapter re-executed)",
                     r["d2_edit_value"]["seconds"], "none (correctness: the new number is shown)", ""))
        rows.append(("d3", "Rebuild after changing the value back (earlier cache folder reused)",
                     r["d3_edit_back"]["seconds"], "none", ""))
    e = r["e_import"]["seconds"]
    rows.append(("e", "`import paradiplomacy` (fresh interpreter, median of 7)", e, f"≤ {IMPORT_S} s",
                 verdict(e, IMPORT_S) + f"; chapter imports {r['e_import']['chapter_imports_seconds']:.2f} s"))
    if "f_make_test" in r:
        f = r["f_make_test"]["seconds"]
        note = verdict(f, TEST_S, strict=True)
        if m["cores"] != 2:
            note += f" (measured on {m['cores']} cores, the target is for 2)"
        if r["f_make_test"]["returncode"] != 0:
            note += "; TESTS FAILED"
        rows.append(("f", "`make test` (setup done)", f, "< 180 s on 2 cores", note))
    lines = [f"Run of {results['started']} on {m['cores']} cores ({m['cpu']}), Python {m['python']}, "
             f"commit {m['commit']}; load average {m['load_before']} before, {m['load_after']} after "
             f"(other work on the machine slows every step).", "",
             "| step | what | seconds | target | result |", "| --- | --- | ---: | --- | --- |"]
    lines += [f"| {k} | {what} | {sec:.2f} | {target} | {res} |" for k, what, sec, target, res in rows]
    per = r["a_chapters_alone"]["per_chapter"]
    lines += ["", "Per chapter, alone with papermill (s): " + ", ".join(f"{k} {v:.1f}" for k, v in per.items()) + "."]
    busy = [x for x in m["load_before"][:1] + m["load_after"][:1] if x > m["cores"]]
    if busy:
        lines.append(f"The machine was busy (load average above {m['cores']} cores), so absolute times are high.")
    return "\n".join(lines)


def write_readme(table: str) -> None:
    readme = BENCH / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1] if END in rest else ""
    readme.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-test", action="store_true", help="do not time `make test` (step f)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway copy")
    parser.add_argument("--workdir", type=Path, help="folder for the throwaway copy (default: a new temp folder)")
    args = parser.parse_args(argv)
    if not (BIN / "python").exists() or not (VENV / ".installed").exists():
        raise SystemExit("no set-up .venv: run `make setup` first")

    workdir = Path(tempfile.mkdtemp(prefix="paradiplomacy-bench-", dir=args.workdir))
    results = {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "steps": {},
               "machine": {"cores": cores(), "cpu": cpu_model(), "python": platform.python_version(),
                           "platform": platform.platform(), "commit": git_commit(), "load_before": load_average()}}
    steps = results["steps"]
    try:
        book = make_copy(workdir)
        env = environment(book)
        log(f"throwaway copy: {book}")
        steps["a_chapters_alone"] = chapters_alone(book, env)
        steps["b_cold_build"] = make(book, env, "book", "(b) cold make book")
        steps["c_warm_build"] = make(book, env, "book", "(c) warm make book")
        os.utime(book / "data" / "demographics.csv")
        steps["d_touch_data"] = make(book, env, "book", "(d) make book after touching data/demographics.csv")
        move_one_respondent(book / "data")
        steps["d2_edit_value"] = make(book, env, "book", "(d2) make book after changing one Table 3 count")
        move_one_respondent(book / "data", back=True)
        steps["d3_edit_back"] = make(book, env, "book", "(d3) make book after changing it back")
        steps["e_import"] = import_time(env)
        if not args.skip_test:
            steps["f_make_test"] = make(book, env, "test", "(f) make test")
        failed = [k for k, v in steps.items() if v.get("returncode", 0) != 0]
        results["machine"]["load_after"] = load_average()
        results["failed_steps"] = failed
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"bench-{time.strftime('%Y%m%dT%H%M%S')}.json"
        out.write_text(json.dumps(results, indent=1), encoding="utf-8")
        table = summary(results)
        write_readme(table)
        print(table)
        log(f"results: {out}; table written to {BENCH / 'README.md'}")
        return 1 if failed else 0
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
