"""The strategy chapter wired: build tables from frames (hand-made tables), the shipped
illustrative tables against the raw files counted independently, ``workbench strategy`` (its
files, --year, a regency without strategy data, --add with an imported workbook, bad options)."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from analysis.processed import strategy_tables as stb
from analysis.processed.project import build_processed
from analysis.processed.store import load_tables
from analysis.masterplan.workbook import write_regency_workbook
from analysis.masterplan.workbook_import import import_workbook
from analysis.paths import RAW_DIR
from tests.conftest import assert_cli_fails_cleanly
from tests.test_strategy_workbook import strategy_fill

UNIT = "kode_kemendagri"


def _tables(**over) -> dict:
    """Processed tables of one regency 11.11 made by hand (the shape the build reads back)."""
    t = {
        "swot_faktor": pd.DataFrame(
            [("11.11", 2024, "governance", "S", "a", 4.0, "G-S1", False),
             ("11.11", 2024, "governance", "O", "b", 3.0, "G-O1", False),
             ("11.11", 2024, "governance", "W", "c", 3.0, "G-W1", False)],
            columns=[UNIT, "year", "pillar", "type", "factor", "rating", "factor_code",
                     "illustrative"]),
        "swot_ringkasan": pd.DataFrame([("11.11", 2024, "governance", "I", "SO", False)],
                                       columns=[UNIT, "year", "pillar", "quadrant", "strategy",
                                                "illustrative"]),
        "strategi": pd.DataFrame(
            [("11.11", 2024, "SO1", "governance", "SO", "G-S1, G-O1", "x", True)],
            columns=stb.STRATEGY_COLUMNS),
        "program": pd.DataFrame(
            [("11.11", "P1", "a", "governance", 2024, 2026, 300.0, "SO1", 5, 4, 3, 2, False),
             ("11.11", "P2", "b", "governance", 2025, 2025, 100.0, None, 1, 2, 3, 4, False)],
            columns=[UNIT, "id", "program", "pillar", "start_year", "end_year",
                     "budget_planned", "strategy_code", "impact_score", "urgency_score",
                     "readiness_score", "cost_score", "illustrative"]),
        "target_kematangan": pd.DataFrame([("11.11", "governance", 2026, 4, False)],
                                          columns=stb.TARGET_COLUMNS),
        "kesiapan": pd.DataFrame([("11.11", 2, "illustrative")],
                                 columns=[UNIT, "tingkat_governance", "sumber"]),
    }
    t.update(over)
    t["strategi_prioritas"] = stb.priority_table(None, t)
    return t


def test_build_tables_from_frames():
    t = _tables()
    prio = t["strategi_prioritas"]
    # P1 (5+4+3+2)/4 = 3.5, P2 (1+2+3+4)/4 = 2.5; year 2024 from SWOT and strategies
    assert prio[[UNIT, "tahun_rencana", "kode_program", "skor_prioritas", "peringkat"]] \
        .values.tolist() == [["11.11", 2024, "P1", 3.5, 1], ["11.11", 2024, "P2", 2.5, 2]]
    assert not prio["illustrative"].any()                    # programmes are not illustrative
    tows = stb.tows_matrix(None, t).set_index("jenis")
    assert tows.loc["SO", ["n_strategi", "n_program", "anggaran"]].tolist() == [1, 1, 300.0]
    assert tows["illustrative"].all()                        # the strategies are
    unused = stb.unused_table(None, t)
    assert unused[["kode_faktor", "utama_tak_tertangani"]].values.tolist() == [["G-W1", True]]
    gap = stb.gap_table(None, t)
    # level 2 today (tingkat_governance), target 4 by 2026; P1 and P2 both run by 2026
    assert gap[["tahun", "tingkat_sekarang", "selisih", "n_program", "tanpa_program"]] \
        .values.tolist() == [[2026, 2, 2, 2, False]]
    road = stb.roadmap_programme_table(None, t)
    # from 2024: P2 ends 2025 (1 year: short), P1 2026 (2 years: medium)
    assert road[["kode_program", "jangka", "peringkat"]].values.tolist() == [
        ["P2", "pendek", 2], ["P1", "menengah", 1]]
    per_year = stb.roadmap_table(None, t).groupby("tahun")["anggaran"].sum()
    assert per_year.to_dict() == pytest.approx({2024: 100, 2025: 100 + 100, 2026: 100})


def test_a_regency_without_strategy_data_gets_only_its_roadmap():
    t = _tables(strategi=pd.DataFrame(columns=stb.STRATEGY_COLUMNS),
                target_kematangan=pd.DataFrame(columns=stb.TARGET_COLUMNS))
    t["program"] = t["program"].assign(impact_score=None, urgency_score=None,
                                       readiness_score=None, cost_score=None)
    t["strategi_prioritas"] = stb.priority_table(None, t)
    assert t["strategi_prioritas"].empty and stb.tows_matrix(None, t).empty
    assert stb.unused_table(None, t).empty and stb.gap_table(None, t).empty
    assert len(stb.roadmap_programme_table(None, t)) == 2


@pytest.fixture(scope="module")
def built():
    return load_tables(build_processed(None).out_dir)


def test_shipped_tows_matches_the_raw_files(built):
    """Katingan 2022: strategies per pillar and type and the programmes carrying them, counted
    straight from the raw CSV files."""
    strat = pd.read_csv(RAW_DIR / "strategies_62.06.csv", dtype=str)
    prog = pd.read_csv(RAW_DIR / "programmes_62.06.csv", dtype=str)
    tows = built["strategi_tows"]
    tows = tows[tows[UNIT] == "62.06"].set_index(["pilar", "jenis"])
    assert (tows["tahun_rencana"] == 2022).all() and tows["illustrative"].all()
    for (p, j), g in strat.groupby(["pillar", "type"]):
        progs = prog[prog["strategy_code"].isin(g["strategy_code"])]
        assert tows.loc[(p, j), "n_strategi"] == len(g)
        assert tows.loc[(p, j), "n_program"] == len(progs)
        assert tows.loc[(p, j), "anggaran"] == pytest.approx(
            progs["budget_planned"].astype(float).sum())
    assert tows["n_strategi"].sum() == len(strat) == 15
    # Katingan's society is in quadrant II (ST) but its strategies are one SO and one WO
    assert tows.loc[("society", "SO"), "arah_menyimpang"]
    prio = built["strategi_prioritas"]
    p = prio[prio["kode_program"] == "KT-BRA-01"].iloc[0]
    raw = prog[prog["id"] == "KT-BRA-01"].iloc[0]
    crit = [int(raw[c]) for c in ("impact_score", "urgency_score", "readiness_score",
                                  "cost_score")]
    assert p["skor_prioritas"] == pytest.approx(sum(crit) / 4)


# ---------------------------------------------------------------- the command


def test_cli_writes_every_table_and_the_chart(tmp_path, capsys):
    from analysis.cli import main
    out = tmp_path / "o"
    assert main(["strategy", "--regency", "62.06", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "(ILLUSTRATIVE data)" in err and "19 programmes" in err
    assert sorted(p.name for p in out.iterdir()) == [
        "faktor_tak_terpakai.csv", "kesenjangan.csv", "peta_jalan.csv", "peta_jalan_62.06.svg",
        "peta_jalan_program.csv", "prioritas.csv", "tows.csv"]
    prio = pd.read_csv(out / "prioritas.csv", dtype={UNIT: str})
    assert list(prio.columns)[:7] == [UNIT, "tahun_rencana", "kode_program", "skor_prioritas",
                                      "peringkat", "peringkat_min", "peringkat_maks"]
    assert (prio["peringkat_min"] <= prio["peringkat"]).all()
    assert (prio["peringkat"] <= prio["peringkat_maks"]).all()
    assert list(pd.read_csv(out / "kesenjangan.csv").columns)[2:8] == [
        "pilar", "tahun", "tingkat_sekarang", "tingkat_target", "selisih", "n_program"]
    assert list(pd.read_csv(out / "tows.csv").columns)[2:7] == [
        "pilar", "jenis", "n_strategi", "n_program", "anggaran"]
    assert list(pd.read_csv(out / "faktor_tak_terpakai.csv").columns)[2:6] == [
        "pilar", "kode_faktor", "jenis", "rating"]
    assert (out / "peta_jalan_62.06.svg").read_text(encoding="utf-8").startswith("<svg")


def test_cli_year_and_a_regency_without_strategy_data(tmp_path, capsys):
    from analysis.cli import main
    assert main(["strategy", "--regency", "64.02", "--regency", "51.03", "--year", "2024",
                 "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "51.03: no strategy data" in err
    assert "64.02: no strategies in 2024 (strategies of 2021)" in err
    gap = pd.read_csv(tmp_path / "o" / "kesenjangan.csv", dtype={UNIT: str})
    # 2024 instead of 2021: Kukar's governance target (4 by 2026) has the programmes that
    # start by 2026 and end in 2024 or later (raw programmes counted here)
    prog = pd.read_csv(RAW_DIR / "programmes_64.02.csv")
    gov = prog[(prog["pillar"] == "governance") & (prog["start_year"] <= 2026)
               & (prog["end_year"] >= 2024)]
    row = gap[gap["pilar"] == "governance"].iloc[0]
    assert (row["tahun_rencana"], row["n_program"]) == (2024, len(gov))
    assert set(gap[UNIT]) == {"64.02"}


def test_cli_with_an_imported_workbook(tmp_path, capsys):
    from analysis.cli import main
    blank = write_regency_workbook("64.02", tmp_path / "kukar.xlsx")
    src = strategy_fill(blank, tmp_path / "isi.xlsx")
    wb = openpyxl.load_workbook(src)
    wb["SWOT"]["D6"] = "=1+1 UMKM"             # data text that a spreadsheet would run
    wb["SWOT"]["D6"].data_type = "s"
    wb.save(src)
    import_workbook(src, tmp_path / "own")
    out = tmp_path / "o"
    assert main(["strategy", "--add", str(tmp_path / "own"), "--regency", "64.02",
                 "--out", str(out)]) == 0
    assert "ILLUSTRATIVE" not in capsys.readouterr().err
    tows = pd.read_csv(out / "tows.csv").set_index(["pilar", "jenis"])
    # own data: year 2022, GOV-SO1 (carried by P1, 1000) and GOV-WT1; economy has SWOT only
    assert (tows["tahun_rencana"] == 2022).all()
    assert tows.loc[("governance", "SO"), ["n_strategi", "n_program", "anggaran"]].tolist() \
        == [1, 1, 1000.0]
    assert tows.loc[("governance", "WT"), "n_strategi"] == 1
    prio = pd.read_csv(out / "prioritas.csv")
    assert prio[["kode_program", "skor_prioritas"]].values.tolist() == [["P1", 3.5]]
    # ECO-S1 is used by no strategy: listed, its text kept as text (never a formula)
    unused = pd.read_csv(out / "faktor_tak_terpakai.csv").set_index("kode_faktor")
    assert unused.loc["ECO-S1", "faktor"] == "'=1+1 UMKM"


def test_cli_bad_options_write_nothing(tmp_path, capsys):
    assert_cli_fails_cleanly(["strategy", "--regency", "99.99", "--out", tmp_path / "a"],
                             capsys, ["--regency '99.99'"], tmp_path / "a")
    assert_cli_fails_cleanly(["strategy", "--year", "3000", "--out", tmp_path / "b"], capsys,
                             ["--year 3000"], tmp_path / "b")
