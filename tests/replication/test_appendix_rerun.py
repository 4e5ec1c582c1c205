"""The commands in chapters/appendix_rerun.md work as written (those on chapter 1 are executed)."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from paradiplomacy import paths
from paradiplomacy.data import claims, load_data
from paradiplomacy.errors import ParameterError
from paradiplomacy.methods import intervals

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "chapters" / "appendix_rerun.md"
#: The environment's bin folder (where papermill and jupytext live), derived from the running interpreter.
VENV_BIN = Path(sys.executable).parent


def bash_blocks(text: str) -> list[str]:
    """Contents of every ```bash fence of a page."""
    return re.findall(r"^```bash\n(.*?)^```", text, flags=re.S | re.M)


def examples(text: str) -> dict[str, str]:
    """Runnable example blocks keyed by the name on their ``# example: <name>`` line."""
    found: dict[str, str] = {}
    for block in bash_blocks(text):
        match = re.search(r"^# example: (\S+)\s*$", block, flags=re.M)
        if match:
            assert match.group(1) not in found, f"example name used twice: {match.group(1)}"
            found[match.group(1)] = block
    return found


def commands(block: str) -> list[str]:
    """Shell commands of a block, with backslash continuations joined and comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", block)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def run_example(name: str, tmp: Path) -> subprocess.CompletedProcess:
    """Run an example from the repository root with the environment's programs first on PATH.

    ``TMPDIR`` points into pytest's temporary folder, so ``mktemp`` in an example leaves nothing behind.
    """
    script = examples(PAGE.read_text(encoding="utf-8"))[name]
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}", TMPDIR=str(tmp))
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def papermill_output(block: str) -> Path:
    """Output notebook (second positional argument) of the block's papermill command."""
    for command in commands(block):
        words = shlex.split(command)
        if words[0] == "papermill":
            positional = [w for w in words[1:] if not w.startswith("-")]
            return ROOT / positional[1]
    raise AssertionError("no papermill command in the block")


def test_page_has_examples_for_every_topic():
    names = set(examples(PAGE.read_text(encoding="utf-8")))
    assert {"make-book", "make-test", "make-chapter-confidence", "papermill-confidence", "papermill-data-dir",
            "papermill-bri-countries", "bad-confidence"} <= names


def test_every_make_target_named_on_the_page_exists():
    text = PAGE.read_text(encoding="utf-8")
    named = set(re.findall(r"(?<![\w-])make ([a-z][\w-]*)", text))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    defined = set(re.findall(r"^([a-z][\w-]*)\s*:(?!=)", makefile, flags=re.M))
    assert named, "the page names no make target"
    assert named <= defined, f"not targets of the Makefile: {sorted(named - defined)}"


def test_chapters_named_in_examples_are_in_the_book():
    text = PAGE.read_text(encoding="utf-8")
    named = set(re.findall(r"chapters/(\w+)\.md", text)) | set(re.findall(r"CH=(\w+)", text))
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert named and all(f"chapters/{n}" in toc for n in named), named


def _yaml_parameters(text: str) -> list[dict]:
    """Every YAML parameter set on the page: -y arguments (also inside make ARGS) and the parameters file."""
    found = []
    for block in bash_blocks(text):
        for command in commands(block):
            words = shlex.split(command)
            if words[0] == "make":
                args = [w.split("=", 1)[1] for w in words if w.startswith("ARGS=")]
                words = shlex.split(args[0]) if args else []
            found += [yaml.safe_load(words[i + 1]) for i, w in enumerate(words[:-1]) if w == "-y"]
        heredoc = re.search(r"<<'EOF'\n(.*?)^EOF$", block, flags=re.S | re.M)
        if heredoc:
            found.append(yaml.safe_load(heredoc.group(1)))
    return found


def test_list_parameters_parse_to_table1_countries():
    sets = _yaml_parameters(PAGE.read_text(encoding="utf-8"))
    assert len(sets) == 3
    for parameters in sets:
        countries = parameters["bri_countries"]
        assert isinstance(countries, list) and countries
        assert set(countries) <= set(load_data().enum("table1", "country")), countries


def test_error_messages_shown_are_the_library_messages():
    text = PAGE.read_text(encoding="utf-8")
    with pytest.raises(ParameterError) as info:
        intervals.validate_confidence(95)
    assert f"ParameterError: {info.value}" in text
    with pytest.raises(FileNotFoundError) as missing:
        paths.resolve_data_dir("/no/such/folder")
    assert f"FileNotFoundError: {missing.value}" in text


def test_confidence_example_runs_as_written(tmp_path):
    block = examples(PAGE.read_text(encoding="utf-8"))["papermill-confidence"]
    output = papermill_output(block)
    output.unlink(missing_ok=True)
    result = run_example("papermill-confidence", tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert output.is_file()
    import nbformat

    glued = claims.glued_values(nbformat.read(output, as_version=4))
    assert glued["x_confidence_pct"] == "90"  # the parameter reached the chapter


def test_data_dir_example_runs_as_written(tmp_path):
    block = examples(PAGE.read_text(encoding="utf-8"))["papermill-data-dir"]
    output = papermill_output(block)
    output.unlink(missing_ok=True)
    result = run_example("papermill-data-dir", tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert output.is_file()
    import nbformat

    notebook = nbformat.read(output, as_version=4)
    injected = next(c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "data_dir = " in injected.source and "/data" in injected.source
    assert str(ROOT / "data") not in injected.source  # it ran on the copy, not on the book's folder
    assert str(tmp_path) in injected.source
