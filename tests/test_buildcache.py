"""paradiplomacy.buildcache: the cache key follows the content of data/, lib/ and the environment, nothing else."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import buildcache
from paradiplomacy import paths
from paradiplomacy.errors import ParameterError


def small_root(root: Path) -> Path:
    """A book root with a data file, a library module and a lock file."""
    (root / "data").mkdir(parents=True)
    (root / "data" / "demographics.csv").write_text("characteristic,value\nage,86\n", encoding="utf-8")
    (root / "lib" / "pkg").mkdir(parents=True)
    (root / "lib" / "pkg" / "stats.py").write_text("X = 1\n", encoding="utf-8")
    (root / "requirements.txt").write_text("pandas==2.2.3\n", encoding="utf-8")
    (root / "chapters").mkdir()
    (root / "chapters" / "01.md").write_text("# not an input\n", encoding="utf-8")
    return root


def test_input_files_cover_data_lib_and_lock_but_not_bytecode(tmp_path):
    root = small_root(tmp_path)
    (root / "lib" / "pkg" / "__pycache__").mkdir()
    (root / "lib" / "pkg" / "__pycache__" / "stats.cpython-311.pyc").write_bytes(b"\0")
    (root / "lib" / "pkg.egg-info").mkdir()
    (root / "lib" / "pkg.egg-info" / "PKG-INFO").write_text("x", encoding="utf-8")
    names = [p.relative_to(root).as_posix() for p in buildcache.input_files(root)]
    assert names == ["data/demographics.csv", "lib/pkg/stats.py", "requirements.txt"]


def test_hash_follows_content_not_timestamps(tmp_path):
    root = small_root(tmp_path)
    key, n = buildcache.content_hash(root)
    assert n == 3 and len(key) == 16
    data = root / "data" / "demographics.csv"
    os.utime(data, (1, 1))  # touched: same content
    (root / "chapters" / "01.md").write_text("# changed, but chapters are keyed by jupyter-cache\n", encoding="utf-8")
    assert buildcache.content_hash(root)[0] == key
    data.write_text("characteristic,value\nage,87\n", encoding="utf-8")  # one value changed
    changed = buildcache.content_hash(root)[0]
    assert changed != key
    data.write_text("characteristic,value\nage,86\n", encoding="utf-8")  # changed back: the old key again
    assert buildcache.content_hash(root)[0] == key


@pytest.mark.parametrize("edit", ["lib/pkg/stats.py", "requirements.txt", "lib/pkg/static.js", "data/README.md"])
def test_hash_follows_lib_lock_and_every_data_file(tmp_path, edit):
    root = small_root(tmp_path)
    key = buildcache.content_hash(root)[0]
    with (root / edit).open("a", encoding="utf-8") as fh:
        fh.write("# edit\n")
    assert buildcache.content_hash(root)[0] != key


def test_hash_follows_renames_and_environment(tmp_path):
    root = small_root(tmp_path)
    key = buildcache.content_hash(root)[0]
    (root / "data" / "demographics.csv").rename(root / "data" / "other.csv")
    assert buildcache.content_hash(root)[0] != key
    assert buildcache.content_hash(root, environment="a")[0] != buildcache.content_hash(root, environment="b")[0]


def test_extra_folders_inside_the_root_are_not_counted_twice(tmp_path):
    root = small_root(tmp_path)
    assert buildcache.content_hash(root, extra_dirs=[root / "lib"]) == buildcache.content_hash(root)
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "m.py").write_text("Y = 2\n", encoding="utf-8")
    key, n = buildcache.content_hash(root, extra_dirs=[outside])
    assert n == 4 and key != buildcache.content_hash(root)[0]


def test_cache_key_includes_the_imported_package_and_its_data(tmp_path):
    key, n = buildcache.cache_key(tmp_path)  # an empty root: everything hashed comes from the package in use
    expected = len(buildcache.input_files(paths.PACKAGE_DIR, ["**/*"])) + len(buildcache.input_files(tmp_path / "data",
                                                                                                      ["**/*"]))
    assert n == expected and n > 20
    assert buildcache.cache_key(tmp_path) == (key, n)  # deterministic


def test_environment_fingerprint_names_python_and_pinned_packages():
    text = buildcache.environment_fingerprint()
    assert sys.version in text
    assert "jupyter-book==" in text and "myst-nb==" in text


def _touch_dir(path: Path, mtime: float) -> Path:
    path.mkdir(parents=True)
    os.utime(path, (mtime, mtime))
    return path


def test_prune_keeps_the_most_recent_hash_folders(tmp_path):
    names = [f"{i:016x}" for i in range(5)]
    for i, name in enumerate(names):
        _touch_dir(tmp_path / name, 1000 + i)
    (tmp_path / "notes").mkdir()  # not a hash folder: never touched
    (tmp_path / buildcache.LOG_NAME).write_text("{}", encoding="utf-8")
    removed = buildcache.prune(tmp_path, keep=3, current=names[0])  # the current folder is the oldest one
    assert sorted(p.name for p in removed) == names[1:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([names[0], *names[3:], "notes", buildcache.LOG_NAME])
    assert buildcache.prune(tmp_path / "missing") == []


def test_prune_rejects_keep_below_one(tmp_path):
    with pytest.raises(ParameterError, match="paradiplomacy_cache_keep"):
        buildcache.prune(tmp_path, keep=0)


def test_execution_jobs(monkeypatch):
    monkeypatch.delenv(buildcache.JOBS_ENV, raising=False)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert buildcache.execution_jobs(0) == cores
    assert buildcache.execution_jobs(None) == cores
    assert buildcache.execution_jobs(3) == 3
    monkeypatch.setenv(buildcache.JOBS_ENV, "1")
    assert buildcache.execution_jobs(3) == 1  # the environment variable wins
    monkeypatch.setenv(buildcache.JOBS_ENV, "many")
    with pytest.raises(ParameterError, match=buildcache.JOBS_ENV):
        buildcache.execution_jobs()
    monkeypatch.delenv(buildcache.JOBS_ENV)
    with pytest.raises(ParameterError, match="paradiplomacy_execution_jobs"):
        buildcache.execution_jobs(-2)


def _app(root: Path, cache_path: str = ""):
    config = SimpleNamespace(nb_execution_cache_path=cache_path, paradiplomacy_cache_inputs=list(buildcache.DEFAULT_INPUTS),
                             paradiplomacy_cache_keep=2)
    return SimpleNamespace(srcdir=str(root), outdir=str(root / "_build" / "html")), config


def test_config_inited_points_myst_nb_at_a_keyed_cache_folder(tmp_path):
    root = small_root(tmp_path / "book")
    app, config = _app(root)
    buildcache._on_config_inited(app, config)
    first = Path(config.nb_execution_cache_path)
    assert first.parent == root / "_build" / ".jupyter_cache" and first.is_dir()
    assert first.name == buildcache.cache_key(root)[0]
    (root / "data" / "demographics.csv").write_text("characteristic,value\nage,87\n", encoding="utf-8")
    app, config = _app(root)
    buildcache._on_config_inited(app, config)
    second = Path(config.nb_execution_cache_path)
    assert second.parent == first.parent and second != first  # a data change means a different cache
    app, config = _app(root, cache_path="elsewhere")  # a configured base folder is kept, relative to the book
    buildcache._on_config_inited(app, config)
    assert Path(config.nb_execution_cache_path) == root / "elsewhere" / second.name


def test_setup_registers_the_options_and_events():
    calls = {"values": [], "events": []}
    app = SimpleNamespace(add_config_value=lambda name, *a, **k: calls["values"].append(name),
                          connect=lambda event, fn, **k: calls["events"].append(event))
    meta = buildcache.setup(app)
    assert meta["parallel_read_safe"] and meta["parallel_write_safe"]
    assert set(calls["values"]) == {"paradiplomacy_cache_inputs", "paradiplomacy_cache_keep",
                                    "paradiplomacy_execution_jobs"}
    assert calls["events"] == ["config-inited", "env-before-read-docs", "doctree-read", "build-finished"]


def test_the_book_enables_the_extension_and_the_cache():
    import yaml

    config = yaml.safe_load((paths.PACKAGE_ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["local_extensions"]["buildcache"] == "_ext/"
    assert config["execute"]["execute_notebooks"] == "cache"
