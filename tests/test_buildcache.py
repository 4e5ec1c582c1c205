"""_ext/buildcache.py: a chapter's outputs are reused only while everything it used is unchanged; damage is caught.

These tests run a tiny notebook in a real kernel through the same probe the book build uses, then change the
files it read, the stored notebook, the records and the cache database, and check what the cache decides.
"""
from __future__ import annotations

import json
import sqlite3

import nbformat
import pytest

import buildcache
from paradiplomacy.errors import ParameterError


@pytest.fixture
def book(tmp_path):
    """A book root with two data files (the chapter reads one) and a chapter."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "demographics.csv").write_text("age,86\n", encoding="utf-8")
    (tmp_path / "data" / "tie_counts.csv").write_text("usa,287\n", encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    source = tmp_path / "chapters" / "01.md"
    source.write_text("# one\n", encoding="utf-8")
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# one"),
        nbformat.v4.new_code_cell("print(open('../data/demographics.csv').read().split(',')[1].strip())"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    return tmp_path, source, notebook


def execute_and_store(root, source, notebook, messages):
    cache = buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root, say=messages.append)
    executed, used, result = buildcache.run_with_probe(notebook, source.parent, timeout=120)
    assert result.err is None, result.err
    cache.store("chapters/01", source, executed, None, used, 1.0)
    return cache, executed


def test_probe_records_what_the_chapter_read_and_leaves_the_notebook_as_it_was(book):
    root, source, notebook = book
    cache, executed = execute_and_store(root, source, notebook, [])
    assert len(executed.cells) == 2 and executed.cells[1].execution_count == 1
    assert executed.cells[1].outputs[0]["text"].strip() == "86"
    files = cache.records["chapters/01"]["files"]
    assert "data/demographics.csv" in files and "data/tie_counts.csv" not in files
    assert cache.why_stale("chapters/01", notebook) is None
    assert buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root).why_stale("chapters/01", notebook) is None


def test_a_change_in_a_used_file_reruns_and_names_it_an_unused_one_does_not(book):
    root, source, notebook = book
    execute_and_store(root, source, notebook, [])
    (root / "data" / "tie_counts.csv").write_text("usa,288\n", encoding="utf-8")  # not read by the chapter
    cache = buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root)
    assert cache.why_stale("chapters/01", notebook) is None
    (root / "data" / "demographics.csv").write_text("age,87\n", encoding="utf-8")
    assert cache.why_stale("chapters/01", notebook) == "data/demographics.csv (which it used) changed"
    with pytest.raises(KeyError):  # the stale entry is gone from the cache
        cache.cache.match_cache_notebook(notebook)


def test_changed_code_or_environment_is_never_reused(book, monkeypatch):
    root, source, notebook = book
    execute_and_store(root, source, notebook, [])
    edited = nbformat.from_dict(json.loads(nbformat.writes(notebook)))
    edited.cells[1].source += "\nprint('more')"
    cache = buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root)
    assert cache.why_stale("chapters/01", edited) == "its code is not in the cache"
    monkeypatch.setattr(buildcache, "environment_fingerprint", lambda: "another interpreter")
    assert buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root).why_stale(
        "chapters/01", notebook) == "the Python environment changed"


def test_an_edited_stored_notebook_is_discarded(book):
    root, source, notebook = book
    cache, _ = execute_and_store(root, source, notebook, [])
    stored = cache._notebook_path(cache.cache.match_cache_notebook(notebook))
    stored.write_text(stored.read_text(encoding="utf-8").replace('"86', '"99'), encoding="utf-8")
    reason = buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root).why_stale("chapters/01", notebook)
    assert reason == "its stored notebook was changed or damaged since it was executed: discarded"


def test_a_damaged_database_or_record_file_is_discarded_with_a_message(book):
    root, source, notebook = book
    folder = root / "_build" / ".jupyter_cache"
    execute_and_store(root, source, notebook, [])
    (folder / buildcache.RECORDS_NAME).write_text("{not json", encoding="utf-8")
    messages = []
    cache = buildcache.ChapterCache(folder, root, say=messages.append)
    assert cache.why_stale("chapters/01", notebook) == "nothing records what it used"
    assert any("unreadable" in m for m in messages)
    (folder / "global.db").write_bytes(b"this is not a database")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(folder / "global.db").execute("select * from sqlite_master").fetchall()
    messages = []
    cache = buildcache.ChapterCache(folder, root, say=messages.append)
    assert any("unreadable (DatabaseError); discarded" in m for m in messages), messages
    assert cache.why_stale("chapters/01", notebook) == "its code is not in the cache"


def test_execution_jobs(monkeypatch):
    monkeypatch.delenv(buildcache.JOBS_ENV, raising=False)
    assert buildcache.execution_jobs(3) == 3 and buildcache.execution_jobs(0) >= 1
    monkeypatch.setenv(buildcache.JOBS_ENV, "1")
    assert buildcache.execution_jobs(3) == 1  # the environment variable wins
    monkeypatch.setenv(buildcache.JOBS_ENV, "many")
    with pytest.raises(ParameterError, match=buildcache.JOBS_ENV):
        buildcache.execution_jobs()
    monkeypatch.delenv(buildcache.JOBS_ENV)
    with pytest.raises(ParameterError):
        buildcache.execution_jobs(-2)


def test_the_book_enables_the_extension_and_the_cache():
    import yaml

    from paradiplomacy import paths

    config = yaml.safe_load((paths.PACKAGE_ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["local_extensions"]["buildcache"] == "_ext/"
    assert config["execute"]["execute_notebooks"] == "cache"
