"""Shared fixtures: a writable copy of the shipped raw data for bad-input tests; the guard that
keeps kernels, worker processes and clusters out of the unit tier."""
from __future__ import annotations

import multiprocessing.process
import shutil
from pathlib import Path
from unittest import mock

import pytest
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from analysis.paths import RAW_DIR

# Markers of the tiers `make test-unit` leaves out (declared in pyproject.toml).
HEAVY_TIERS = ("notebook", "dask", "slow", "browser")


def _refuse(what: str):
    def refuse(*args, **kwargs):
        raise RuntimeError(f"a unit-tier test {what}: mark it @pytest.mark.notebook (kernels, "
                           f"report runs), dask or slow, or keep it in-process")
    return refuse


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Unit-tier tests (no heavy-tier marker) may not start a Jupyter kernel or any process
    (worker pools, Dask clusters): `make test-unit` stays free of them as tests are added."""
    if any(item.get_closest_marker(m) for m in HEAVY_TIERS):
        yield
        return
    with mock.patch.object(LocalProvisioner, "launch_kernel",
                           _refuse("starts a Jupyter kernel")), \
            mock.patch.object(multiprocessing.process.BaseProcess, "start",
                              _refuse("starts a worker process")):
        yield


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A copy of data/raw in a temporary directory (safe to corrupt)."""
    dst = tmp_path / "raw"
    shutil.copytree(RAW_DIR, dst)
    return dst


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a file; in a copy of a data directory its new sha256 is recorded in MANIFEST.yaml,
    as a user records a new version of their own data (so the edit reaches the loaders)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    record_hashes(path.parent)


def record_hashes(data_dir: Path) -> None:
    """Record the current sha256 of every file of a *copy* of a data directory in its manifest
    (never the shipped data/raw)."""
    from analysis.data.manifest import update_hashes
    if (Path(data_dir).resolve() != RAW_DIR.resolve()
            and (Path(data_dir) / "MANIFEST.yaml").exists()):
        update_hashes(data_dir)


@pytest.fixture
def shown(monkeypatch):
    """Every object a report section passes to IPython's display, in order."""
    import IPython.display as ipd

    from analysis.reports.sections import common
    items = []
    for mod in (ipd, common):
        monkeypatch.setattr(mod, "display", lambda *objs, **kw: items.extend(objs))
    return items


@pytest.fixture
def shown_text(monkeypatch):
    """What a report section displays, as text (Markdown source, else the object's type name)."""
    import IPython.display as ipd

    from analysis.reports.sections import common
    items = []
    for mod in (ipd, common):
        monkeypatch.setattr(mod, "display", lambda *objs, **kw: items.extend(
            x.data if isinstance(getattr(x, "data", None), str) else type(x).__name__
            for x in objs))
    return items


@pytest.fixture
def shown_html(monkeypatch):
    """What a report section displays: the HTML of its tables (``to_html``), else the text of
    Markdown and HTML objects."""
    from analysis.reports.sections import common
    items = []

    def keep(*objs, **kw):
        for x in objs:
            items.append(x.to_html() if hasattr(x, "to_html") else getattr(x, "data", ""))
    monkeypatch.setattr(common, "display", keep)
    return items


@pytest.fixture
def shown_objects(monkeypatch):
    """The objects a report section displays (Markdown, HTML, styled tables, figures), in
    order."""
    from analysis.reports.sections import common
    items = []
    monkeypatch.setattr(common, "display", lambda *objs, **kw: items.extend(objs))
    return items


@pytest.fixture(scope="module")
def shipped_processed_dir():
    """The processed directory of the shipped data (built when stale), as text."""
    from analysis.processed.project import build_processed
    return str(build_processed(None).out_dir)


@pytest.fixture(scope="module")
def map_layers():
    """The shipped map layers (national and per province), read once per test module."""
    from analysis.maps import layers as maps
    return maps.map_layers(None, None)


@pytest.fixture(scope="module")
def built_evaluations():
    """The evaluations table of the shipped data's build (built when stale)."""
    from analysis.processed.project import load_processed
    return load_processed()["evaluasi"]


def one_line(err: str) -> str:
    """``err`` (a command's stderr) is one line without a traceback; returned as it is."""
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def assert_cli_fails_cleanly(argv, capsys, expected, out_dir):
    """Run ``workbench argv``: exit 2, every part of ``expected`` in the message on stderr, and
    ``out_dir`` absent or empty (nothing half-written). Returns the message."""
    from analysis.cli import main
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert code == 2, err
    for part in expected:
        assert part in err, (part, err)
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
    return err
