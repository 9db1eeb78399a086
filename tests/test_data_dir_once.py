"""The data directory is resolved once per run, its files checked against MANIFEST.yaml once and
the own-data layers (``--add``) loaded once: counted on the path of ``workbench report
--regency 64.02`` (the CLI, the runner, the build and, in the slow test, the report notebook
executed in this process), of the commands reading one regency's tables (``risk`` and ``swot
--regency``, ``simulate``) and on a :class:`~analysis.processed.spec.Sources` used twice."""
from __future__ import annotations

import collections
import functools
import sys

import pytest

import analysis.paths
from analysis.cli import main
from analysis.data import manifest
from analysis.data.owndata import Layers
from analysis.paths import RAW_DIR
from analysis.processed.spec import Sources
from analysis.reports import manifest as mf
from analysis.reports import runner
from test_owndata import own_dir


@pytest.fixture
def calls(monkeypatch):
    """Counts of ``raw_dir``, ``check_hashes`` (per directory) and ``Layers.load`` calls,
    wherever a module imported them from."""
    seen = collections.Counter()

    def counting(name, fn, key=lambda *a, **k: None):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            seen[name] += 1
            k = key(*args, **kwargs)
            if k is not None:
                seen[(name, k)] += 1
            return fn(*args, **kwargs)
        return wrapper

    for owner, attr in ((analysis.paths, "raw_dir"), (manifest, "check_hashes")):
        original = getattr(owner, attr)
        patched = counting(attr, original, (lambda d, *a, **k: str(d)) if attr == "check_hashes"
                           else (lambda *a, **k: None))
        for mod in list(sys.modules.values()):
            if getattr(mod, "__name__", "").startswith("analysis") and \
                    getattr(mod, attr, None) is original:
                monkeypatch.setattr(mod, attr, patched)
    load = Layers.load.__func__
    monkeypatch.setattr(Layers, "load", classmethod(counting("Layers.load", load)))
    return seen


def test_a_command_resolves_and_checks_the_data_once(calls, monkeypatch, tmp_path):
    monkeypatch.delenv("SMARTCITY_DATA_DIR", raising=False)
    assert main(["readiness", "--out", str(tmp_path / "k")]) == 0
    # before: the CLI checked the hashes, then the build again (and each reader resolved)
    assert calls["raw_dir"] == 1
    assert calls["check_hashes"] == calls[("check_hashes", str(RAW_DIR))] == 1
    assert calls["Layers.load"] == 1


def test_own_data_layers_are_loaded_once(calls, monkeypatch, tmp_path):
    monkeypatch.delenv("SMARTCITY_DATA_DIR", raising=False)
    kukar = own_dir(tmp_path / "kukar", ["risk_register_64.02_2024.csv"])
    assert main(["readiness", "--out", str(tmp_path / "k"), "--add", str(kukar)]) == 0
    # before: loaded by the CLI and again by the build
    assert calls["Layers.load"] == 1 and calls["raw_dir"] == 1
    assert calls[("check_hashes", str(RAW_DIR))] == 1
    assert calls[("check_hashes", str(kukar.resolve()))] == 1


@pytest.mark.parametrize("argv", [
    ["risk", "--regency", "64.02", "--out", "{out}"],
    ["swot", "--regency", "64.02", "--out", "{out}"],
    ["simulate", "--regency", "64.02", "--set", "impact=3.59", "--out", "{out}/s.csv"],
    ["simulate", "--regency", "64.02", "--framework", "readiness", "--out", "{out}/s.csv"],
], ids=["risk", "swot", "simulate", "simulate-readiness"])
def test_commands_reading_a_regency_check_the_data_once(calls, monkeypatch, tmp_path, argv):
    monkeypatch.delenv("SMARTCITY_DATA_DIR", raising=False)
    kukar = own_dir(tmp_path / "kukar", ["missions_64.02.csv"])     # read by none of them
    out = tmp_path / "o"
    out.mkdir()
    assert main([a.format(out=out) for a in argv] + ["--add", str(kukar)]) == 0
    # before: the regency's table read through a new Sources (hashes checked and the layers
    # loaded again; the evaluation what-if without the --add directories)
    assert calls["raw_dir"] == 1 and calls["Layers.load"] == 1
    assert calls[("check_hashes", str(RAW_DIR))] == 1
    assert calls[("check_hashes", str(kukar.resolve()))] == 1


def test_the_environment_still_names_the_data_directory(calls, monkeypatch, tmp_path):
    monkeypatch.setenv("SMARTCITY_DATA_DIR", str(tmp_path / "nowhere"))
    assert main(["readiness", "--out", str(tmp_path / "k")]) == 2
    assert calls["raw_dir"] == 1
    assert calls[("check_hashes", str(tmp_path / "nowhere"))] == 1


def test_sources_check_the_data_and_each_add_directory_once(calls, tmp_path):
    kukar = own_dir(tmp_path / "kukar", ["risk_register_64.02_2024.csv"])
    src = Sources.from_dir(RAW_DIR, [kukar])
    first, second = src.check(), src.check()
    assert first is second and [a.path for a in first.adds] == [kukar.resolve()]
    assert calls[("check_hashes", str(RAW_DIR))] == 1
    assert calls[("check_hashes", str(kukar.resolve()))] == 1
    assert calls["Layers.load"] == 1 and calls["raw_dir"] == 0    # a Path is taken as resolved
    assert Sources.from_dir(src) is src
    assert Sources.from_dir(None).data_dir == RAW_DIR and calls["raw_dir"] == 1


def _not_executed(tasks, jobs, scheduler, workers=None):
    """The report notebooks are not run: every task comes back failed."""
    for t in tasks:
        yield {"code": t.code, "status": "failed", "error": "not executed here", "duration": 0.0}


@pytest.mark.slow       # the build may draw the map backdrops in worker processes
def test_a_report_run_resolves_and_checks_the_data_once(calls, monkeypatch, tmp_path):
    monkeypatch.delenv("SMARTCITY_DATA_DIR", raising=False)
    monkeypatch.setattr(runner, "start_workers", lambda *a, **k: None)
    monkeypatch.setattr(runner, "execute", _not_executed)
    assert main(["report", "--regency", "64.02", "--out", str(tmp_path / "r")]) == 1
    # before: raw_dir entered 19 times (71 when the build recomputed tables), the hashes
    # checked 3 times (CLI, runner, build), the layers loaded twice (runner, build; three
    # times with --add: the CLI too)
    assert calls["raw_dir"] == 1
    assert calls["check_hashes"] == calls[("check_hashes", str(RAW_DIR))] == 1
    assert calls["Layers.load"] == 1
    run = next(p for p in (tmp_path / "r").iterdir() if p.is_dir() and not p.is_symlink())
    assert mf.read_manifest(run)["parameters"]["data_dir"] == str(RAW_DIR)   # as before


@pytest.mark.notebook
@pytest.mark.slow
def test_one_report_with_its_notebook_resolves_the_data_once(calls, monkeypatch, tmp_path):
    """The whole path of one report, the notebook executed in this process (in-process
    engine, as a worker does): nothing below the entry resolves or checks again."""
    from analysis.reports.task import run_task
    monkeypatch.delenv("SMARTCITY_DATA_DIR", raising=False)
    monkeypatch.setattr(runner, "start_workers", lambda *a, **k: None)
    monkeypatch.setattr(runner, "execute",
                        lambda tasks, jobs, scheduler, workers=None: map(run_task, tasks))
    assert main(["report", "--regency", "64.02", "--out", str(tmp_path / "r"),
                 "--kernel", "inprocess"]) == 0
    assert calls["raw_dir"] == 1
    assert calls["check_hashes"] == 1 and calls["Layers.load"] == 1
