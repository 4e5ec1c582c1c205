"""Command line: ``python -m paradiplomacy validate | audit | sensitivity`` (``--help`` for the options).

Exit status 0 when everything came out as expected, 1 otherwise (a message on stderr, never a traceback: a bad
``--data-dir``, ``--out`` or ``--only`` is one line naming the option; invalid data is named by file, row and
column), 2 for usage errors. The replication modules are imported by their command only: ``validate`` does not
pay for them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paradiplomacy.data import DESCRIPTOR, check_package
from paradiplomacy.errors import DataValidationError, ParameterError
from paradiplomacy.paths import display_path, resolve_data_dir

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m paradiplomacy``."""
    parser = argparse.ArgumentParser(prog="python -m paradiplomacy",
                                     description="Helpers for the paradiplomacy replication book.")
    sub = parser.add_subparsers(dest="command", required=True)
    val = sub.add_parser("validate", help="check every file of the data package against datapackage.json and the "
                                          "domain rules")
    val.add_argument("--data-dir", default=None, help="data directory (default: the repository's data/)")
    aud = sub.add_parser("audit", help="recompute every claim of claims.csv and run the consistency checks")
    aud.add_argument("--data-dir", default=None, help="data directory (default: the repository's data/)")
    aud.add_argument("--json", action="store_true", help="print the report as JSON instead of text")
    sen = sub.add_parser("sensitivity", help="run chapter 3 under every grouping of the BRI countries (papermill)")
    sen.add_argument("--data-dir", default=None, help="data directory (default: the repository's data/)")
    sen.add_argument("--out", default="_build/sensitivity", help="folder for notebooks and results "
                                                                 "(default: _build/sensitivity)")
    sen.add_argument("--only", nargs="+", default=None, metavar="KEY", help="only these groupings (keys)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        folder = _data_dir(args.data_dir)
        if args.command == "validate":
            return _validate(folder)
        if args.command == "audit":
            return _audit(folder, args.json)
        if args.command == "sensitivity":
            return _sensitivity(folder, args.data_dir, args.out, args.only)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse enforces the choices


class CommandError(Exception):
    """A one-line message for stderr: what was wrong, naming the option or the file."""


#: Parameters of the library functions -> the option of this command line that sets them.
OPTIONS = {"data_dir": "--data-dir", "keys": "--only", "out_dir": "--out"}


def _option_message(exc: Exception) -> str:
    """``exc``'s message with the library's parameter name replaced by the command-line option."""
    text = str(exc)
    for name, option in OPTIONS.items():
        for prefix in (f"parameter {name!r}: ", f"{name}: "):
            if text.startswith(prefix):
                return f"{option}: {text[len(prefix):]}"
    return text


def _data_dir(value):
    """The folder ``--data-dir`` names (the book's ``data/`` when not given); CommandError naming the option."""
    try:
        folder = resolve_data_dir(value)
    except (ParameterError, FileNotFoundError, NotADirectoryError) as exc:
        raise CommandError(_option_message(exc)) from None
    if not (folder / DESCRIPTOR).is_file():
        raise CommandError(f"--data-dir: expected the folder of a data package (holding {DESCRIPTOR}), found "
                           f"{display_path(folder)!r} without one")
    return folder


def _audit(folder, as_json: bool) -> int:
    from paradiplomacy.replication.audit import run_audit

    try:
        report = run_audit(folder)
    except DataValidationError as exc:
        raise CommandError(str(exc)) from None
    print(report.to_json() if as_json else report.to_text())
    if not report.ok:
        print(f"audit: not as expected - claims {report.claim_mismatches}, checks {report.check_mismatches}",
              file=sys.stderr)
        return 1
    return 0


def _sensitivity(folder, data_dir, out, only) -> int:
    from paradiplomacy.data import load_data
    from paradiplomacy.replication.sensitivity import compare_sweep, direct_table, run_sweep

    target = Path(out)
    if target.exists() and not target.is_dir():
        raise CommandError(f"--out: {display_path(target)!r} is a file, not a folder for the notebooks")
    try:
        data = load_data(folder)  # invalid data stops here, before any notebook runs
    except DataValidationError as exc:
        raise CommandError(str(exc)) from None
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"--out: cannot create the folder {display_path(target)!r} ({exc.strerror or exc})") \
            from None
    try:
        sweep = run_sweep(out, None if data_dir is None else folder, keys=only)
    except (DataValidationError, ParameterError) as exc:
        raise CommandError(_option_message(exc)) from None
    except Exception as exc:  # papermill's execution error names the cell's exception
        if type(exc).__name__ != "PapermillExecutionError":
            raise
        raise CommandError(f"a chapter run of the sweep stopped: {exc.ename}: {exc.evalue}") from None
    check = compare_sweep(sweep, direct_table(data))
    for r in sweep.itertuples():
        print(f"{r.key:24} BRI {r.x_bri_group_mean:8.4f}  non-BRI {r.x_non_bri_group_mean:8.4f}  gap "
              f"{r.x_bri_gap:7.4f}  t(least favourable) {r.x_bri_test_t_min:6.2f}  {r.x_bri_test_verdict}")
    bad = check[~check["ok"]]
    print(f"{len(sweep)} groupings run; results in {display_path(out)}/sensitivity.csv and sensitivity.json; "
          f"{len(check) - len(bad)} of {len(check)} values match the direct computation")
    if len(bad):
        print(bad.to_string(), file=sys.stderr)
        return 1
    return 0


def _validate(folder) -> int:
    try:
        descriptor, tables, failures = check_package(folder)
    except DataValidationError as exc:
        print(f"FAIL {DESCRIPTOR}: {exc}", file=sys.stderr)
        return 1
    for res in descriptor["resources"]:
        name, path = res["name"], res["path"]
        error = failures.get(name)
        if error is None:
            frame = tables[name].frame
            print(f"ok   {path}: {len(frame)} rows x {frame.shape[1]} columns ({res.get('title', name)})")
        elif hasattr(error, "blocked_by"):
            print(f"FAIL {path}: cannot be checked because {error.blocked_by} is invalid", file=sys.stderr)
        else:
            print(f"FAIL {path}: {error}", file=sys.stderr)
    count = len(descriptor["resources"])
    if failures:
        print(f"{len(failures)} of {count} files failed validation in {display_path(folder)}", file=sys.stderr)
        return 1
    print(f"all {count} files valid in {display_path(folder)} (checked against {DESCRIPTOR})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
