"""Run a MyST-markdown chapter with papermill (shared by the chapter tests)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS_DIR = ROOT / "chapters"


def toc_chapters() -> list[str]:
    """Names (file stems) of the executable chapters listed in _toc.yml, in book order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
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

    walk(toc.get("parts", toc))
    names = []
    for f in files:
        path = ROOT / (f if f.endswith(".md") else f + ".md")
        if path.parent == CHAPTERS_DIR and "kernelspec:" in path.read_text(encoding="utf-8")[:600]:
            names.append(path.stem)
    return names


def execute(chapter: str, out_dir: Path, parameters: dict | None = None):
    """Convert chapters/<chapter>.md to a notebook, run it with papermill and return the executed notebook."""
    import jupytext
    import nbformat
    import papermill

    nb = jupytext.read(CHAPTERS_DIR / f"{chapter}.md")
    out_dir.mkdir(parents=True, exist_ok=True)
    tag = "default" if not parameters else "-".join(f"{k}" for k in sorted(parameters))
    src = out_dir / f"{chapter}.{tag}.input.ipynb"
    dst = out_dir / f"{chapter}.{tag}.ipynb"
    nbformat.write(nb, src)
    papermill.execute_notebook(
        str(src), str(dst), parameters=parameters or {}, kernel_name="python3",
        cwd=str(CHAPTERS_DIR), progress_bar=False, log_output=False,
    )
    return nbformat.read(dst, as_version=4)


@lru_cache(maxsize=None)
def executed_default(chapter: str, out_dir: str):
    """Executed notebook of a chapter with default parameters (cached per test session)."""
    return execute(chapter, Path(out_dir))
