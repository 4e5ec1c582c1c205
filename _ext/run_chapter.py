"""Run one chapter with papermill, after checking its name and every parameter name (``make chapter``).

Usage: ``python _ext/run_chapter.py CHAPTER [-p NAME VALUE] [-r NAME RAW] [-y YAML] [--out DIR]``, or with the
chapter and the options in the environment variables ``RUN_CHAPTER`` and ``RUN_ARGS`` (how ``make chapter CH=...
ARGS=...`` passes them, so that nothing in them is interpreted by a shell). ``-p`` values are read as papermill
reads them (numbers, True/False, None, else text); ``-y`` takes YAML (for lists). A chapter name or a parameter name
that the chapter does not have stops the run before anything executes, with the allowed names.
"""
from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"


class UsageError(Exception):
    """A bad chapter name or parameter: the message says what is allowed."""


def _value(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"True": True, "False": False, "None": None}.get(text, text)


def parse(argv: list[str]) -> tuple[str, dict, Path]:
    import yaml

    parser = argparse.ArgumentParser(prog="make chapter", description=__doc__.split("\n")[0])
    parser.add_argument("chapter", help="chapter file name without .md, e.g. 01_introduction")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    parser.add_argument("-r", "--parameter-raw", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    parser.add_argument("-y", "--parameters-yaml", action="append", default=[], metavar="YAML")
    parser.add_argument("--out", default=str(ROOT / "_build" / "papermill"), help="folder for the notebooks")
    args = parser.parse_args(argv)
    params: dict = {}
    for text in args.parameters_yaml:
        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise UsageError(f"-y: not valid YAML ({error.__class__.__name__}): {text!r}") from None
        if not isinstance(loaded, dict):
            raise UsageError(f"-y expects a YAML mapping such as 'bri_countries: [India]', found {text!r}")
        params.update(loaded)
    params.update({name: _value(value) for name, value in args.parameter})
    params.update(dict(args.parameter_raw))
    return args.chapter, params, Path(args.out)


def run(chapter: str, params: dict, out: Path) -> Path:
    import jupytext
    import nbformat
    import papermill
    from papermill.inspection import inspect_notebook

    available = sorted(p.stem for p in CHAPTERS.glob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8")[:600])
    if chapter not in available:
        raise UsageError(f"CH: no executable chapter {chapter!r}; choose one of: {', '.join(available)}")
    out.mkdir(parents=True, exist_ok=True)
    source = out / f"{chapter}.input.ipynb"
    nbformat.write(jupytext.read(CHAPTERS / f"{chapter}.md"), source)
    allowed = inspect_notebook(str(source))
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        listing = "; ".join(f"{name} (default {info['default']}: {info['help']})" for name, info in allowed.items())
        raise UsageError(f"{chapter} has no parameter {', '.join(map(repr, unknown))}. Its parameters: {listing}")
    target = out / f"{chapter}.ipynb"
    papermill.execute_notebook(str(source), str(target), parameters=params, cwd=str(CHAPTERS), progress_bar=False)
    return target


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
        if not argv and os.environ.get("RUN_CHAPTER") is not None:
            argv = [os.environ["RUN_CHAPTER"], *shlex.split(os.environ.get("RUN_ARGS", ""))]
    try:
        chapter, params, out = parse(argv)
        if not chapter:
            raise UsageError("usage: make chapter CH=<chapter, e.g. 01_introduction> [ARGS='-p name value']")
        target = run(chapter, params, out)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # papermill's execution error names the cell and the exception
        if type(error).__name__ == "PapermillExecutionError":
            print(f"error: {chapter} stopped: {error.ename}: {error.evalue}", file=sys.stderr)
            return 1
        raise
    print(f"Executed notebook: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
