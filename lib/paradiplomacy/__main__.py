"""Command line.

* ``python -m paradiplomacy validate [--data-dir D]``: load and validate every data file;
* ``python -m paradiplomacy audit [--data-dir D] [--json]``: the replication audit of every claim and check
  (:mod:`paradiplomacy.replication.audit`); exits 1 when any status differs from the expected one, so it can run in CI;
* ``python -m paradiplomacy sensitivity [--out DIR] [--only KEY ...] [--data-dir D]``: run chapter 3 under every
  grouping of the BRI countries (:mod:`paradiplomacy.replication.sensitivity`); exits 1 when the sweep disagrees with the
  direct computation.
"""
from __future__ import annotations

import argparse
import sys

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m paradiplomacy``.

    Returns
    -------
    argparse.ArgumentParser
    """
    parser = argparse.ArgumentParser(prog="python -m paradiplomacy",
                                     description="Helpers for the paradiplomacy replication book.")
    sub = parser.add_subparsers(dest="command", required=True)
    val = sub.add_parser("validate", help="load and validate every data file")
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
    """Run the command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        ``validate``: 0 when every file validates, 1 when any file fails (each failure's message goes to stderr).
        ``audit``: 0 when every claim and check comes out as expected, 1 otherwise (or when the data cannot be
        read). ``sensitivity``: 0 when every swept value matches the direct computation, 1 otherwise.
        2 for usage errors (from argparse).
    """
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
    from paradiplomacy.errors import DataValidationError

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
    from paradiplomacy.errors import ParameterError
    from paradiplomacy.paths import display_path
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
    from paradiplomacy.data import load
    from paradiplomacy.errors import DataValidationError
    from paradiplomacy.paths import display_path, resolve_data_dir

    try:
        directory = resolve_data_dir(data_dir)
    except (FileNotFoundError, NotADirectoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    ctx = load._Context(directory)
    failures = 0
    for name, schema in load.SCHEMAS.items():
        try:
            frame = ctx.get(name)
        except (DataValidationError, FileNotFoundError) as exc:
            failures += 1
            other = getattr(exc, "file", None)
            if other is not None and not str(other).endswith("/" + schema.filename) and other != schema.filename:
                print(f"FAIL {schema.filename}: cannot be checked because {other} is invalid", file=sys.stderr)
            else:
                print(f"FAIL {schema.filename}: {exc}", file=sys.stderr)
            continue
        print(f"ok   {schema.filename}: {len(frame)} rows x {frame.shape[1]} columns ({schema.description})")
    if failures:
        print(f"{failures} of {len(load.SCHEMAS)} files failed validation in {display_path(directory)}",
              file=sys.stderr)
        return 1
    print(f"all {len(load.SCHEMAS)} files valid in {display_path(directory)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
