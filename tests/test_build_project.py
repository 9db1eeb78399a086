"""The project's build (analysis.processed.project) over the shipped data: the base tables equal the
in-memory computation, `workbench build` skips unchanged tables, a changed risk register
rebuilds only its regency's partitions, and report contexts read the built tables once."""
from __future__ import annotations

import builtins
import importlib
import io
import json
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from analysis.processed.store import load_tables, read_state
from analysis.processed.base_tables import BASE_NAMES, compute_tables
from analysis.processed.project import build_processed
from analysis.cli import main
from analysis.paths import RAW_DIR
from analysis.reports.sections import ORDER
from analysis.reports import context as context_mod
from analysis.reports.context import load_context
from conftest import replace_in

RISK_6402 = "risk_register_64.02_2023.csv"


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reset_index(drop=True).astype(object)
    return df.where(df.notna(), None)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    build_processed(None, out)
    return out


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_base_tables_equal_the_in_memory_computation(built):
    tables = load_tables(built)
    expected = compute_tables(None)            # the loaders, nothing written or read back
    for name in BASE_NAMES:      # same values; missing is missing (None or NaN alike)
        pd.testing.assert_frame_equal(_plain(tables[name]), _plain(expected[name]),
                                      check_dtype=False)
    ev = tables["evaluasi"]
    assert ev["kode_kemendagri"].map(type).eq(str).all()
    assert str(ev["peringkat_nasional"].dtype) == "Int64" and ev["dievaluasi"].dtype == bool
    # Kutai Kartanegara 2023: KPPN&IKN group, published final 2.82 (Lampiran II, raw row)
    kk = ev[(ev.kode_kemendagri == "64.02") & (ev.tahun == 2023)].iloc[0]
    assert (kk["kelompok"], round(float(kk["nilai_final"]), 2)) == ("KPPN&IKN", 2.82)
    assert (built / "peta_kabkota.geojson").stat().st_size > 0
    assert (built / "manifest.json").is_file()


def test_build_command_reports_built_then_skipped(raw_copy, tmp_path, capsys):
    out = tmp_path / "processed"
    argv = ["build", "--data-dir", str(raw_copy), "--out", str(out), "--only", "kualitas_data",
            "evaluasi"]
    assert main(argv) == 0
    first = capsys.readouterr().err
    assert "evaluasi: built, 183 rows" in first      # 42 rows of 2022 + 141 of 2023
    assert "build: 2 of 2 table(s) built" in first
    assert main(argv) == 0
    second = capsys.readouterr().err
    assert "build: 0 of 2 table(s) built" in second and "evaluasi: skipped" in second


def test_changed_risk_register_rebuilds_only_that_regency(raw_copy, tmp_path):
    out = tmp_path / "processed"
    only = ["evaluasi", "risiko"]          # the full build is tested once, above
    build_processed(raw_copy, out, only=only)
    before = read_state(out)["tables"]
    replace_in(raw_copy / RISK_6402, "64.02,2023,R02,Idaman RT,governance,DPMD,"
               "Keterlambatan laporan RT,Operator berganti,Evaluasi program tertunda,3,2",
               "64.02,2023,R02,Idaman RT,governance,DPMD,"
               "Keterlambatan laporan RT,Operator berganti,Evaluasi program tertunda,5,5")
    res = build_processed(raw_copy, out, only=only)
    rebuilt = {s.name: (s.status, s.partitions) for s in res.steps if s.status != "skipped"}
    # the register as read, then the scored one: 64.02 only along the chain; evaluasi skipped
    assert rebuilt == {"risiko_masukan": ("partial", ["64.02"]), "risiko": ("partial", ["64.02"])}
    after = read_state(out)["tables"]
    for name in ("risiko_masukan", "risiko"):
        assert after[name]["partitions"]["62.06"] == before[name]["partitions"]["62.06"]
    risk = load_tables(out)["risiko"]
    r02 = risk[(risk.kode_kemendagri == "64.02") & (risk.risk_id == "R02")
               & (risk.year == 2023)]
    # SPBE 5x5: magnitude = likelihood x impact = 25 (was 3 x 2 = 6)
    assert r02[["likelihood", "impact", "magnitude"]].values.tolist() == [[5, 5, 25]]


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_contexts_share_tables_until_the_build_changes(built, monkeypatch):
    cache = context_mod._TableCache()
    monkeypatch.setattr(context_mod, "TABLE_CACHE", cache)
    a = load_context("64.02", processed_dir=str(built))
    b = load_context("62.06", processed_dir=str(built))
    assert cache.loads == 1 and a.tables is b.tables
    mine = a.table("evaluasi")
    assert set(mine["kode_kemendagri"]) == {"64.02"}
    assert sorted(mine["tahun"]) == [2023]          # Kutai Kartanegara: not in the 2022 cohort
    assert len(a.table("evaluasi", regency=False)) == 183
    with pytest.raises(context_mod.WorkbenchError, match="no processed table 'nope'"):
        a.table("nope")
    state = read_state(built)                 # another build: new key, tables read again
    state["key"] = "changed"
    (built / "build.json").write_text(json.dumps(state))
    load_context("64.02", processed_dir=str(built))
    assert cache.loads == 2


@pytest.mark.slow  # a full build or boundary load: seconds, not milliseconds
def test_sections_never_open_raw_data(raw_copy, tmp_path, monkeypatch, shown):
    """Every section of two reports (64.02 with risk, SWOT and programmes; 82.06 not evaluated
    in 2023) runs with every read of a raw-data directory (the copy it was built from and the
    shipped data/raw) refused."""
    processed = build_processed(raw_copy, tmp_path / "processed").out_dir
    matplotlib.use("agg")
    raw_dirs = (raw_copy.resolve(), RAW_DIR.resolve())
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if isinstance(file, (str, Path)) and any(
                d == Path(file).resolve() or d in Path(file).resolve().parents
                for d in raw_dirs):
            raise AssertionError(f"a report section opened raw data: {file}")
        return real_open(file, *args, **kwargs)

    modules = [importlib.import_module(f"analysis.reports.sections.{n}") for n in ORDER]
    context_mod.TABLE_CACHE.entries.clear()
    monkeypatch.setattr(builtins, "open", guarded)
    monkeypatch.setattr(io, "open", guarded)
    for code in ("64.02", "82.06"):
        ctx = load_context(code, "en", str(raw_copy), str(processed))
        for mod in modules:
            mod.section(ctx)
    assert shown                                   # the sections did display something
