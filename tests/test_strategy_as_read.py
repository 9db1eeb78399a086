"""The strategy chapter's per-regency tables ``strategi`` and ``target_kematangan`` computed from
the files as read (``strategi_masukan``, ``target_masukan``, ``program_masukan`` and
``swot_masukan``), frames in: the same rows as the file readers give, and a programme naming an
unknown strategy still an error naming the file, row, column and value."""
from __future__ import annotations

import shutil

import pytest

from analysis.errors import DataValidationError
from analysis.masterplan import strategies, swot
from analysis.paths import RAW_DIR
from analysis.processed import strategy_tables as stb
from analysis.processed import tables
from analysis.processed.read_tables import AS_READ, as_read_table
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
