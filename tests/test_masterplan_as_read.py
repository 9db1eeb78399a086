"""The masterplan tables computed from a regency's files as read (``*_masukan``), frames in:
``strategi`` and ``target_kematangan`` give the same rows as the file readers, a programme
naming an unknown strategy is still an error naming the file, row, column and value, a changed
file rebuilds only its regency along the chain, and every per-regency table computed from the
files as read is the same bytes again from its declared tables alone, raw files refused."""
from __future__ import annotations

import shutil

import pytest
from helpers.guards import raw_opens_refused

from analysis.data.manifest import record_entry
from analysis.errors import DataValidationError
from analysis.masterplan import strategies, swot
from analysis.paths import RAW_DIR
from analysis.processed import strategy_tables as stb
from analysis.processed import own_tables, tables
from analysis.processed.read_tables import AS_READ, as_read_table, programmes_of
from analysis.processed.spec import Sources


def _as_read(src, code: str) -> dict:
    return {**{name: as_read_table(name)(src, {}, code) for name in AS_READ},
            tables.SWOT_TEXT: tables.swot_factor_text(src, {}, code)}


def test_strategies_and_targets_from_the_files_as_read():
    t = _as_read(Sources.from_dir(RAW_DIR), "64.02")
    rows = stb.strategy_rows(None, t, "64.02")
    # 17 strategies in the file (18 lines, one header), every one of 64.02, illustrative
    assert len(rows) == 17 and set(rows["kode_kemendagri"]) == {"64.02"}
    assert rows["illustrative"].all()
    expected = strategies.read_strategies(RAW_DIR / "strategies_64.02.csv",
                                          swot.read_factors(RAW_DIR / "swot_factors_64.02.csv"))
    assert rows["strategy_code"].tolist() == expected["strategy_code"].tolist()
    assert rows.iloc[0]["factors"] == "GOV-S1, GOV-O1"
    assert rows.iloc[0]["description"] == ("Perluas Idaman RT dan Satu Data dengan dukungan "
                                           "SPBE nasional")
    targets = stb.target_rows(None, t, "64.02")
    assert len(targets) == 6                       # 7 lines, one header
    assert targets["target_level"].tolist() == \
        strategies.read_targets(RAW_DIR / "maturity_targets_64.02.csv")["target_level"].tolist()


def test_a_regency_without_files_has_no_rows():
    t = _as_read(Sources.from_dir(RAW_DIR), "11.71")
    assert all(f.empty for f in t.values())
    assert stb.strategy_rows(None, t, "11.71").empty and stb.target_rows(None, t, "11.71").empty


def test_a_programme_naming_an_unknown_strategy_names_file_row_and_value(tmp_path):
    d = tmp_path / "raw"
    d.mkdir()
    for name in ("strategies_64.02.csv", "swot_factors_64.02.csv", "programmes_64.02.csv"):
        shutil.copy(RAW_DIR / name, d / name)
    prog = d / "programmes_64.02.csv"
    text = prog.read_text(encoding="utf-8")
    assert ",GOV-SO1," in text
    prog.write_text(text.replace(",GOV-SO1,", ",GOV-XX9,", 1), encoding="utf-8")
    t = _as_read(Sources.from_dir(d), "64.02")
    with pytest.raises(DataValidationError) as err:
        stb.strategy_rows(None, t, "64.02")
    # KK-GOV-02 (the second programme, line 3) is the first naming GOV-SO1
    assert err.value.row == 3 and err.value.column == "strategy_code"
    assert err.value.value == "GOV-XX9" and "programmes_64.02.csv" in str(err.value)


def test_one_regency_file_changed_rebuilds_that_regency_along_the_chain(raw_copy, tmp_path):
    from conftest import replace_in

    from analysis.processed.project import build_processed
    from analysis.processed.store import load_tables, read_state
    out = tmp_path / "processed"
    only = ["strategi", "keselarasan"]
    build_processed(raw_copy, out, only=only)
    before = read_state(out)["tables"]
    replace_in(raw_copy / "strategies_64.02.csv", "Perluas Idaman RT dan Satu Data",
               "Perluas Idaman RT dan Satu Data Kukar")
    res = build_processed(raw_copy, out, only=only)
    rebuilt = {s.name: (s.status, s.partitions) for s in res.steps if s.status != "skipped"}
    # the file as read and the strategies of 64.02 only; 62.06 and the alignment untouched
    assert rebuilt == {"strategi_masukan": ("partial", ["64.02"]),
                       "strategi": ("partial", ["64.02"])}
    after = read_state(out)["tables"]
    for name in ("strategi_masukan", "strategi"):
        assert after[name]["partitions"]["62.06"] == before[name]["partitions"]["62.06"]
    strat = load_tables(out)["strategi"]
    first = strat[(strat.kode_kemendagri == "64.02") & (strat.year == 2021)
                  & (strat.strategy_code == "GOV-SO1")]
    assert first["description"].tolist() == [
        "Perluas Idaman RT dan Satu Data Kukar dengan dukungan SPBE nasional"]


#: Per-regency tables computed from other per-regency tables only (their ``depends``).
FROM_FILES_AS_READ = ("risiko", "swot_faktor", "swot_ringkasan", "program", "program_status",
                      "program_capaian", "program_lintasan", "program_kategori", "misi_rpjmd",
                      "keselarasan", "program_tanpa_misi", "program_jalur", "strategi",
                      "target_kematangan")


@pytest.mark.slow  # builds the masterplan tables of the shipped data (seconds)
def test_masterplan_tables_read_only_their_declared_tables(tmp_path, monkeypatch):
    """Every partition computed again with no Sources, only that regency's partitions of the
    tables it declares, and every open of a raw file refused: the bytes the build wrote."""
    from analysis.processed.project import build_processed
    from analysis.processed.store import read_state, read_table
    out = build_processed(None, tmp_path / "processed", only=list(FROM_FILES_AS_READ)).out_dir
    state = read_state(out)["tables"]
    specs = {s.name: s for s in tables.TABLES}

    def partition(name, code):
        entry = state[name]
        parts = {c: p for c, p in entry["partitions"].items() if c == code}
        return read_table(out, name, {**entry, "partitions": parts})

    checked = 0
    for name in FROM_FILES_AS_READ:
        spec = specs[name]
        assert spec.inputs == () and spec.depends and spec.per_regency
        for code in state[name]["partitions"]:
            deps = {d: partition(d, code) for d in spec.depends}
            with raw_opens_refused(monkeypatch):
                got = spec.compute(None, deps, code)
            assert got.to_csv(index=False).encode() == \
                (out / name / f"{code}.csv").read_bytes(), (name, code)
            checked += 1
    # 62.06 and 64.02 in every table; RPJMD missions are shipped for 62.06 only
    assert checked == 2 * len(FROM_FILES_AS_READ) - 1
    assert list(state["misi_rpjmd"]["partitions"]) == ["62.06"]


def _own_dir(root, *names):
    """An own-data directory (``--add``) holding copies of the shipped files ``names``,
    recorded as ``workbench manifest record`` records them."""
    root.mkdir()
    for name in names:
        shutil.copy(RAW_DIR / name, root / name)
        record_entry(name, "Bappeda (test copy)", "2026-12-05", root)
    return root


def test_programmes_without_realisation_refused_by_the_programme_tables_only(tmp_path):
    d = _own_dir(tmp_path / "own", "programmes_64.02.csv")
    src = Sources.from_dir(None, [d])
    t = _as_read(src, "64.02")
    assert t["realisasi_masukan"].empty                 # the own programmes replace the family
    # the file's 42 programme lines (43 lines, one header), no realisation
    prog, real = programmes_of(t, realisation_required=False)
    assert len(prog) == 42 and prog["id"].iloc[0] == "KK-GOV-01" and real is None
    assert own_tables.tracking(src, t, "64.02").empty
    missing = str(d / "realisation_64.02.csv")          # the own file: its full path
    with pytest.raises(DataValidationError) as err:
        programmes_of(t, realisation_required=True)
    assert err.value.file == missing and err.value.row is None
    program = next(s for s in tables.TABLES if s.name == "program")
    with pytest.raises(DataValidationError) as err:
        program.compute(src, t, "64.02")
    assert err.value.file == missing


def test_a_national_programme_file_without_realisation_is_named_by_its_name(tmp_path):
    d = tmp_path / "raw"
    d.mkdir()
    shutil.copy(RAW_DIR / "programmes_64.02.csv", d / "programmes_64.02.csv")
    t = _as_read(Sources.from_dir(d), "64.02")
    assert set(t["program_masukan"]["berkas"]) == {"programmes_64.02.csv"}
    with pytest.raises(DataValidationError) as err:
        programmes_of(t, realisation_required=True)
    assert err.value.file == "realisation_64.02.csv"


def test_an_own_register_rescored_from_its_text_names_its_full_path(tmp_path):
    d = _own_dir(tmp_path / "own", "risk_register_64.02_2023.csv")
    text = tables.risk_register_text(Sources.from_dir(None, [d]), {}, "64.02")
    own = str(d / "risk_register_64.02_2023.csv")
    assert set(text["berkas"]) == {own}
    # as read, scored on its own scale: the national file's 14 risks
    assert [len(rows) for _, _, rows, _ in tables.registers_as_read(text)] == [14]
    # R01 (line 2) has likelihood 4, beyond the Kominfo scale's 3
    with pytest.raises(DataValidationError) as err:
        tables.registers_as_read(text, scale="kominfo")
    assert err.value.file == own and (err.value.row, err.value.column) == (2, "likelihood")
    assert err.value.value == "4"
