"""Helpers for the executable edition of a 2025 study of Chinese public views of subnational partnerships.

Importing :mod:`paradiplomacy` is cheap: submodules (``load``, ``reconstruct``, ``checks``, ``stats``,
``claims``, ``charts``, ``paths``, ``errors``, ...) are imported on first attribute access, so
``import paradiplomacy; paradiplomacy.load.load_table1()`` works without importing pandas up front.
"""
from __future__ import annotations

import importlib
from pathlib import Path

__all__ = ["paths", "errors", "load", "reconstruct", "checks", "stats", "claims", "charts", "__version__"]
__version__ = "0.1.0"

_HERE = Path(__file__).resolve().parent


def _submodules() -> set[str]:
    return {p.stem for p in _HERE.glob("*.py") if not p.stem.startswith("_")}


def __getattr__(name: str):
    """Import a submodule lazily on first access (PEP 562)."""
    if not name.startswith("_") and (_HERE / f"{name}.py").is_file():
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _submodules())
