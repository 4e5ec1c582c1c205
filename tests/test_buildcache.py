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
    monkeypatch.setattr(buildcache, "environment_fingerprint", lambda root=None: "another interpreter")
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


# --------------------------------------------------------------------------- rows of a file (the claims registry)
def _claims_rows(path, chapter):
    """Independent reading of claims.csv: the claim ids of one chapter, in file order."""
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        return [r["claim_id"] for r in csv.DictReader(fh) if r["chapter"] == chapter]


def _edit_claim(path, claim_id, column, text):
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    assert any(r["claim_id"] == claim_id for r in rows), claim_id
    for r in rows:
        if r["claim_id"] == claim_id:
            r[column] = text
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def registry_book(tmp_path, mini_data, monkeypatch):
    """A book root whose data/ is the minimal valid package (``mini_data``, tests/conftest.py), with the data layer's
    record of what was taken emptied for this test."""
    import shutil

    import paradiplomacy.data as data_layer

    root = tmp_path / "book"
    (root / "chapters").mkdir(parents=True)
    shutil.move(mini_data, root / "data")
    monkeypatch.setattr(data_layer, "_USED", set())
    monkeypatch.setattr(data_layer, "_ROWS", {})
    monkeypatch.setattr(data_layer, "_COLUMNS", {})
    monkeypatch.setattr(data_layer, "_CACHE", {})
    return root


def _store_with(root, key, used):
    """Store a trivial executed notebook for chapter ``key`` as if it had used ``used`` (no kernel needed)."""
    source = root / f"{key}.md"
    source.write_text(f"# {key}\n", encoding="utf-8")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"print({key!r})")],
                                        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                 "language": "python"}})
    cache = buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root)
    cache.store(key, source, nbformat.from_dict(json.loads(nbformat.writes(notebook))), None,
                {"files": [], "modules": [], "data": used}, 1.0)
    return notebook


def test_rows_of_the_registry_are_what_the_data_layer_hands_out_and_records(registry_book):
    from paradiplomacy.data import load_data, used_files

    data = load_data(registry_book / "data")
    mine = data.claims_of("07_japan")
    expected = _claims_rows(registry_book / "data" / "claims.csv", "07_japan")
    assert list(mine["claim_id"]) == expected and len(expected) >= 2
    assert list(mine.index) == list(range(len(expected)))  # no positions of the other rows leak in
    assert list(data.claims_by_id(["survey_n", "genron_unfavourable"])["claim_id"]) == ["survey_n",
                                                                                      "genron_unfavourable"]
    used = used_files()
    claims = str((registry_book / "data" / "claims.csv").resolve())
    assert claims not in used["files"]  # only rows were taken
    assert used["rows"][claims] == {"chapter": ["07_japan"], "claim_id": ["genron_unfavourable", "survey_n"]}
    with pytest.raises(KeyError, match=r"claims\.csv: no claim_id 'no_such_claim'"):
        data.claims_by_id(["survey_n", "no_such_claim"])
    with pytest.raises(ValueError, match=r"claims\.csv: column 'value' is a number field"):
        data.rows("claims", "value", ["410"])
    with pytest.raises(KeyError, match="no field 'chapterr'"):
        data.rows("claims", "chapterr", ["07_japan"])
    data.claims  # the whole registry: the whole file is recorded and the rows no longer are
    used = used_files()
    assert claims in used["files"] and claims not in used["rows"]


def test_a_chapter_that_took_rows_reruns_only_when_those_rows_change(registry_book):
    root = registry_book
    claims = root / "data" / "claims.csv"
    notebook = _store_with(root, "chapters/japan", {
        "folders": [str(root / "data")], "files": [str(root / "data" / "datapackage.json")],
        "rows": {str(claims): {"chapter": ["07_japan"]}}})
    cache = buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root)
    record = cache.records["chapters/japan"]
    assert "data/claims.csv" not in record["files"] and record["rows"]["data/claims.csv"][0]["column"] == "chapter"
    # Another chapter's row changes (a Table 3 count of chapter 01): nothing to do.
    assert "t3_age_1_count" not in _claims_rows(claims, "07_japan")
    _edit_claim(claims, "t3_age_1_count", "printed", "87")
    assert cache.why_stale("chapters/japan", notebook, discard=False) is None
    # A row moved into the chapter, or one of its rows edited: it runs again, and the log says which rows.
    _edit_claim(claims, "survey_year", "chapter", "07_japan")
    reason = cache.why_stale("chapters/japan", notebook, discard=False)
    assert reason == "data/claims.csv: the rows with chapter = 07_japan (which it used) changed", reason
    _edit_claim(claims, "survey_year", "chapter", "01_introduction")
    assert cache.why_stale("chapters/japan", notebook, discard=False) is None  # back as it was
    _edit_claim(claims, "genron_unfavourable", "description", "edited")
    assert "rows with chapter = 07_japan" in cache.why_stale("chapters/japan", notebook, discard=False)
    claims.unlink()
    assert "are gone" in cache.why_stale("chapters/japan", notebook)


def test_a_chapter_that_took_columns_reruns_only_when_those_columns_change(registry_book):
    import csv

    from paradiplomacy.data import load_data, used_files

    root = registry_book
    claims = root / "data" / "claims.csv"
    data = load_data(root / "data")
    taken = data.columns("claims", ["kind", "expected_status"])
    with claims.open(encoding="utf-8", newline="") as fh:  # the file itself, read without the data layer
        rows = list(csv.DictReader(fh))
    assert list(taken.columns) == ["kind", "expected_status"] and len(taken) == len(rows)
    assert list(taken["kind"]) == [row["kind"] for row in rows]
    with pytest.raises(KeyError, match="no field 'kinds'"):
        data.columns("claims", ["kind", "kinds"])
    used = used_files()
    assert str(claims.resolve()) not in used["files"]
    assert used["columns"] == {str(claims.resolve()): ["expected_status", "kind"]}
    notebook = _store_with(root, "chapters/status", {
        "folders": [str(root / "data")], "files": [str(root / "data" / "datapackage.json")],
        "columns": {str(claims): ["kind", "expected_status"]}})
    cache = buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root)
    assert cache.records["chapters/status"]["columns"]["data/claims.csv"]["columns"] == ["expected_status", "kind"]
    # A printed number changes (a Table 3 count): not a column it took.
    _edit_claim(claims, "t3_age_1_count", "printed", "87")
    assert cache.why_stale("chapters/status", notebook, discard=False) is None
    # A claim's status changes: it runs again, and the log names the columns.
    _edit_claim(claims, "t3_age_1_count", "expected_status", "discrepancy")
    reason = cache.why_stale("chapters/status", notebook, discard=False)
    assert reason == "data/claims.csv: the columns expected_status, kind (which it used) changed", reason
    claims.unlink()
    assert "are gone" in cache.why_stale("chapters/status", notebook)


def test_a_file_taken_whole_and_by_rows_depends_on_every_row(registry_book):
    root = registry_book
    claims = root / "data" / "claims.csv"
    notebook = _store_with(root, "chapters/audit", {
        "folders": [str(root / "data")], "files": [str(claims), str(root / "data" / "datapackage.json")],
        "rows": {str(claims): {"chapter": ["07_japan"]}}})
    cache = buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root)
    assert "data/claims.csv" in cache.records["chapters/audit"]["files"]
    assert "data/claims.csv" not in cache.records["chapters/audit"]["rows"]
    _edit_claim(claims, "t3_age_1_count", "printed", "87")
    assert cache.why_stale("chapters/audit", notebook) == "data/claims.csv (which it used) changed"


def test_rows_digest_follows_the_chosen_rows_only(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,chapter,value\na,x,1\nb,y,2\nc,x,3\n", encoding="utf-8")
    first = buildcache.rows_digest(path, "chapter", ["x"])
    path.write_text("id,chapter,value\na,x,1\nb,y,20\nc,x,3\nd,z,4\n", encoding="utf-8")  # other rows only
    assert buildcache.rows_digest(path, "chapter", ["x"]) == first
    for changed in ("id,chapter,value\na,x,1\nb,y,2\nc,x,4\n",        # a chosen row's value
                    "id,chapter,value\nc,x,3\nb,y,2\na,x,1\n",        # their order
                    "id,chapter,value\na,x,1\nb,x,2\nc,x,3\n",        # a row joins them
                    "id,chapter,amount\na,x,1\nb,y,2\nc,x,3\n",       # the header
                    "id,section,value\na,x,1\nb,y,2\nc,x,3\n"):       # the column is gone
        path.write_text(changed, encoding="utf-8")
        assert buildcache.rows_digest(path, "chapter", ["x"]) != first, changed
    path.unlink()
    assert buildcache.rows_digest(path, "chapter", ["x"]) != first


# --------------------------------------------------------------------------- the environment digest
def test_the_test_lock_is_left_out_of_the_environment_digest(tmp_path):
    """Installing the test lock (make setup-test) must not make every chapter run again: the distributions only
    requirements-test.txt pins are not part of the environment the cache is keyed on; every other one is."""
    from importlib import metadata

    (tmp_path / "requirements.txt").write_text("# lock\nPandas==1.0  # via x\nnbformat==5\n", encoding="utf-8")
    (tmp_path / "requirements-test.txt").write_text("pandas==1.0\nnbformat==5\npytest==9.0\n"
                                                    "pytest_xdist[psutil]==3\n", encoding="utf-8")
    assert buildcache.distributions_only_in_test_lock(tmp_path) == {"pytest", "pytest-xdist"}
    everything = buildcache.environment_fingerprint().splitlines()
    kept = buildcache.environment_fingerprint(tmp_path).splitlines()
    assert any(line.startswith("pytest==") for line in everything), "pytest runs this test, so it is installed"
    assert [line for line in everything if not line.startswith(("pytest==", "pytest-xdist=="))] == kept
    assert f"nbformat=={metadata.version('nbformat')}" in kept
    # The book's own locks: what the test lock adds is left out, what the book lock pins is kept.
    from paradiplomacy import paths

    root = paths.PACKAGE_ROOT
    only_test = buildcache.distributions_only_in_test_lock(root)
    assert {"pytest", "playwright"} <= only_test and "pandas" not in only_test
    book = buildcache.environment_fingerprint(root)
    assert "pytest==" not in book and f"pandas=={metadata.version('pandas')}" in book.splitlines()
    # Without the book lock nothing is left out (the distributions cannot be told apart).
    (tmp_path / "requirements.txt").unlink()
    assert buildcache.environment_fingerprint(tmp_path) == buildcache.environment_fingerprint()


def test_installed_distributions_are_those_importlib_metadata_finds():
    """The fingerprint reads names and versions from the dist-info folder names; importlib.metadata, which parses
    every METADATA file, is the reference."""
    from importlib import metadata

    reference = {(buildcache._normalise(d.metadata["Name"]), d.version) for d in metadata.distributions()}
    assert len(reference) > 50 and buildcache.installed_distributions() == reference


def test_the_reason_names_every_changed_file(registry_book):
    root = registry_book
    claims, descriptor = root / "data" / "claims.csv", root / "data" / "datapackage.json"
    notebook = _store_with(root, "chapters/audit", {"folders": [str(root / "data")],
                                                    "files": [str(claims), str(descriptor)]})
    _edit_claim(claims, "t3_age_1_count", "printed", "87")
    descriptor.write_text(descriptor.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    reason = buildcache.ChapterCache(root / "_build" / ".jupyter_cache", root).why_stale("chapters/audit", notebook)
    assert reason.split("; ") == ["data/claims.csv (which it used) changed",
                                  "data/datapackage.json (which it used) changed"], reason
