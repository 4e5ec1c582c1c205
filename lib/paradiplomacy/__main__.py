"""Command line: ``python -m paradiplomacy validate [--data-dir D]``."""
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
        0 when every file validates; 1 when any file fails (each failure's message goes to stderr);
        2 for usage errors (from argparse).
    """
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args.data_dir)
    return 2  # pragma: no cover - argparse enforces the choices


def _validate(data_dir) -> int:
    from . import load
    from .errors import DataValidationError
    from .paths import display_path, resolve_data_dir

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
