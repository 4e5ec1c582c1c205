"""Command line: ``python -m paradiplomacy validate | audit | sensitivity`` (``--help`` for the options).

Exit status 0 when everything came out as expected, 1 otherwise (a message on stderr, never a traceback), 2 for
usage errors. The replication modules are imported by their command only: ``validate`` does not pay for them.
"""
from __future__ import annotations

import argparse
import sys

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
    if args.command == "validate":
        return _validate(args.data_dir)
    if args.command == "audit":
        return _audit(args.data_dir, args.json)
    if args.command == "sensitivity":
        return _sensitivity(args.data_dir, args.out, args.only)
    return 2  # pragma: no cover - argparse enforces the choices


def _audit(data_dir, as_json: bool) -> int:
    from paradiplomacy.replication.audit import run_audit

    try:
        report = run_audit(data_dir)
    except (DataValidationError, FileNotFoundError, NotADirectoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report.to_json() if as_json else report.to_text())
    if not report.ok:
        print(f"audit: not as expected - claims {report.claim_mismatches}, checks {report.check_mismatches}",
              file=sys.stderr)
        return 1
    return 0


def _sensitivity(data_dir, out, only) -> int:
    from paradiplomacy.replication.sensitivity import compare_sweep, direct_table, run_sweep

    try:
        sweep = run_sweep(out, data_dir, keys=only)
    except (ParameterError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    check = compare_sweep(sweep, direct_table(data_dir))
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


def _validate(data_dir) -> int:
    try:
        folder = resolve_data_dir(data_dir)
    except (ParameterError, FileNotFoundError, NotADirectoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
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
