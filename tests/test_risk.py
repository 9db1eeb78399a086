"""Risk registers: SPBE 5×5 lookup and bands, Kominfo 1–3 scale, scoring, CLI and bad input."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import assert_cli_fails_cleanly
from helpers.masterplan_tables import risk_table

from analysis.errors import DataValidationError
from analysis.masterplan import risk
from analysis.cli import main
from analysis.paths import RAW_DIR
from analysis.reports.context import load_context
from analysis.reports.sections import common
from analysis.reports.sections import risk as risk_section

# Permen PANRB 5/2020 magnitude matrix, typed here independently of risk_scales.yaml:
# rows likelihood 5..1, columns impact 1..5 (DOMAIN.md §4).
SPBE = """
5  9 15 18 23 25
4  6 12 16 19 24
3  4 10 14 17 22
2  2  7 11 13 21
1  1  3  5  8 20
"""
EXPECTED = {(int(r.split()[0]), i + 1): int(v)
            for r in SPBE.strip().splitlines() for i, v in enumerate(r.split()[1:])}


@pytest.mark.parametrize("cell", sorted(EXPECTED))
def test_spbe_magnitude_lookup_all_25_cells(cell):
    assert len(EXPECTED) == 25
    assert risk.get_scale("spbe").magnitude(*cell) == EXPECTED[cell]


def test_spbe_lookup_is_not_a_product():
    sc = risk.get_scale("spbe")
    assert sc.magnitude(1, 5) == 20 and 1 * 5 != 20
    assert sorted(sc.magnitude_table.values()) == list(range(1, 26))  # each magnitude once


@pytest.mark.parametrize("m,default,alt", [
    (1, "very_low", "very_low"), (5, "very_low", "very_low"), (6, "low", "low"),
    (10, "low", "low"), (11, "medium", "medium"), (15, "medium", "medium"),
    (16, "high", "high"), (19, "high", "high"), (20, "very_high", "high"),
    (21, "very_high", "very_high"), (25, "very_high", "very_high")])
def test_band_edges_default_and_alternative(m, default, alt):
    assert risk.get_scale("spbe").level(m) == default
    assert risk.get_scale("spbe", bands="permenpanrb-2020-alt").level(m) == alt


def test_band_labels_in_indonesian_and_english():
    sc = risk.get_scale("spbe")
    assert [sc.level_label(sc.level(m), "id") for m in (3, 8, 12, 17, 22)] == [
        "Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"]
    assert sc.level_label("very_high", "en") == "Very high"


def test_kominfo_scale_is_a_3x3_product_with_low_medium_high_levels():
    sc = risk.get_scale("kominfo")
    level_matrix = {3: ["medium", "high", "high"], 2: ["low", "medium", "high"],
                    1: ["low", "low", "medium"]}
    for lk in (1, 2, 3):
        for im in (1, 2, 3):
            assert sc.magnitude(lk, im) == lk * im
            assert sc.level(sc.magnitude(lk, im)) == level_matrix[lk][im - 1]
    assert sc.appetite == 3 and risk.get_scale("spbe").appetite == 11


def test_unknown_scale_or_bands_is_a_clear_error():
    with pytest.raises(risk.RiskError, match="unknown risk scale 'iso'"):
        risk.get_scale("iso")
    with pytest.raises(risk.RiskError, match="for the spbe scale, not kominfo"):
        risk.get_scale("kominfo", bands="permenpanrb-2020")


REG = """risk_id,pillar,owner,likelihood,impact,treatment,residual_likelihood,residual_impact
A1,governance,Diskominfo,4,4,backup link,2,3
A2,Smart Living,Dinkes,2,2,,,
A3,ekonomi,Disperindag,3,3,,,
A4,governance,Diskominfo,5,5,,,
A5,society,Diskominfo,1,1,,1,1
"""


@pytest.fixture
def reg(tmp_path):
    p = tmp_path / "reg.csv"
    p.write_text(REG, encoding="utf-8")
    return p


def test_scoring_by_hand(reg):
    df, sc = risk.read_register(reg)
    s = risk.score_register(df, sc).set_index("risk_id")
    assert s["pillar"].tolist() == ["governance", "living", "economy", "governance", "society"]
    assert s["magnitude"].tolist() == [19, 7, 14, 25, 1]
    assert s["level"].tolist() == ["high", "low", "medium", "very_high", "very_low"]
    assert s.loc["A1", "residual_magnitude"] == 11 and s.loc["A1", "residual_level"] == "medium"
    assert pd.isna(s.loc["A2", "residual_magnitude"])  # not assessed, never assumed
    assert s["above_appetite"].tolist() == [True, False, True, True, False]
    assert s["untreated"].tolist() == [False, False, True, True, False]
    # A1 is treated but its residual (2, 3) = 11 is still at appetite 11: treatment not enough
    assert s["residual_above_appetite"].tolist() == [True, False, False, False, False]
    assert risk.treatment_not_enough(s.reset_index())["risk_id"].tolist() == ["A1"]
    assert risk.untreated_above_appetite(s.reset_index())["risk_id"].tolist() == ["A4", "A3"]
    assert risk.top_risks(s.reset_index(), 2)["risk_id"].tolist() == ["A4", "A1"]


def test_matrix_counts_and_profiles(reg):
    df, sc = risk.read_register(reg)
    s = risk.score_register(df, sc)
    c = risk.matrix_counts(s, sc).set_index(["likelihood", "impact"])
    assert len(c) == 25 and c["inherent"].sum() == 5 and c["residual"].sum() == 2
    assert c.loc[(4, 4), "inherent"] == 1 and c.loc[(2, 3), "residual"] == 1
    assert c.loc[(4, 4), "magnitude"] == 19
    prof = risk.profile(s, sc, "pillar").set_index("pillar")
    assert prof.loc["governance", "n_risks"] == 2
    assert prof.loc["governance", "mean_magnitude"] == 22.0  # (19 + 25) / 2
    assert prof.loc["governance", "n_untreated"] == 1
    owner = risk.profile(s, sc, "owner").set_index("owner")
    assert owner.loc["Diskominfo", "n_risks"] == 3
    assert owner.loc["Diskominfo", "max_magnitude"] == 25
    comb = risk.combined_profile([("99.01", 2023, s, sc), ("99.02", 2023, s.head(2), sc)])
    assert comb["n_risks"].tolist() == [5, 2]
    assert comb["n_above_appetite"].tolist() == [3, 1]
    assert comb["share_above_appetite"].tolist() == [60.0, 50.0]
    assert comb["n_residual_above_appetite"].tolist() == [1, 1]  # A1 in both
    assert prof.loc["governance", "n_residual_above_appetite"] == 1


def test_appetite_and_scale_are_settings(reg):
    df, sc = risk.read_register(reg, appetite=20)
    s = risk.score_register(df, sc)
    assert s["above_appetite"].sum() == 1  # only 25 >= 20
    with pytest.raises(Exception, match="above the maximum 3"):
        risk.read_register(reg, scale="kominfo")  # likelihood 4 on a 1-3 scale


def test_shipped_registers_grounded_and_xlsx_equals_csv():
    regs = risk.list_registers(RAW_DIR)
    assert {(r.regency, r.year) for r in regs.itertuples()} == {
        ("64.02", 2021), ("64.02", 2023), ("62.06", 2023)}
    for r in regs.itertuples():
        a, sa = risk.read_register(r.path)
        b, sb = risk.read_register(r.path.with_suffix(".xlsx"))
        pd.testing.assert_frame_equal(a, b)
        assert sa.name == sb.name == ("kominfo" if r.year == 2021 else "spbe")
        assert (a["illustrative"] == "yes").all()
    k21, _ = risk.load_register("64.02", 2021, RAW_DIR)
    assert set(k21["program"]) >= {"Idaman RT", "Simpel BPJS", "Kukar Asia Wonders", "UMKM",
                                   "Bank Sampah", "Kelompok Informasi Masyarakat"}
    for year in (2021, 2023):
        s, _ = risk.load_register("64.02", year, RAW_DIR)
        assert "internet" in s.set_index("risk_id").loc["R01", "event"]


def run_cli(args, capsys):
    code = main(args)
    return code, capsys.readouterr().err


def test_cli_writes_scored_register_and_counts(tmp_path, capsys):
    out = tmp_path / "out"
    code, err = run_cli(["risk", "--register", str(RAW_DIR / "risk_register_64.02_2023.csv"),
                         "--out", str(out)], capsys)
    assert code == 0 and "ILLUSTRATIVE" in err
    scored = pd.read_csv(out / "risk_scored.csv", dtype=str)
    src = pd.read_csv(RAW_DIR / "risk_register_64.02_2023.csv", dtype=str)
    assert list(scored.columns[:len(src.columns)]) == [c for c in src.columns]
    for c in risk.SCORED_COLUMNS:
        assert c in scored.columns
    counts = pd.read_csv(out / "risk_matrix_counts.csv")
    assert counts["inherent"].sum() == len(src) == 14
    r01 = scored.set_index("risk_id").loc["R01"]
    assert (r01["magnitude"], r01["level"], r01["residual_magnitude"]) == ("19", "high", "11")


def test_cli_minimal_register_keeps_only_input_columns(tmp_path, capsys):
    p = tmp_path / "min.csv"
    p.write_text("risk_id,pillar,likelihood,impact\nX,branding,2,3\n", encoding="utf-8")
    code, _ = run_cli(["risk", "--register", str(p), "--out", str(tmp_path / "o")], capsys)
    assert code == 0
    cols = pd.read_csv(tmp_path / "o" / "risk_scored.csv").columns.tolist()
    assert cols[:4] == ["risk_id", "pillar", "likelihood", "impact"] and "owner" not in cols
    assert pd.read_csv(tmp_path / "o" / "risk_scored.csv")["magnitude"].tolist() == [11]


@pytest.mark.parametrize("old,new,expected", [
    ("A1,governance,Diskominfo,4,4", "A1,governance,Diskominfo,6,4",
     ["reg.csv", "row 2", "column 'likelihood'", "'6'", "above the maximum 5"]),
    ("A3,ekonomi", "A3,tourism",
     ["reg.csv", "row 4", "column 'pillar'", "'tourism'", "unknown pillar", "governance"]),
    ("A4,governance", "A1,governance",
     ["reg.csv", "row 5", "column 'risk_id'", "'A1'", "duplicate risk_id", "already on row 2"]),
    ("A1,governance,Diskominfo,4,4,backup link,2,3", "A1,governance,Diskominfo,4,4,backup link,2,",
     ["row 2", "residual_impact", "go together"]),
])
def test_bad_register_message_and_nothing_written(reg, tmp_path, capsys, old, new, expected):
    reg.write_text(REG.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert_cli_fails_cleanly(["risk", "--register", reg, "--out", out, "--lang", "en"], capsys,
                             expected, out)


@pytest.fixture
def shown_tables(monkeypatch):
    """Everything the risk section displays, as text (markdown text, table or figure repr)."""
    import IPython.display

    items = []

    def fake(*objs, **_):
        for o in objs:
            data = getattr(o, "data", None)
            if isinstance(data, str):
                items.append(data)
            elif hasattr(data, "to_string"):  # a Styler: the table it shows
                items.append(data.to_string())
            else:
                items.append(o.to_string() if hasattr(o, "to_string") else type(o).__name__)
    monkeypatch.setattr(IPython.display, "display", fake)
    monkeypatch.setattr(common, "display", fake)
    return items


def test_report_section(shown_tables):
    assert risk_section.section(load_context("11.71")).record == {}
    # heading and sentence: one Markdown output (consecutive Markdown is joined)
    assert shown_tables == ["## Manajemen risiko\n\nBelum ada register risiko untuk daerah ini."]
    shown_tables.clear()
    res = risk_section.section(load_context("64.02", "en")).record
    text = "\n".join(shown_tables)
    assert "ILLUSTRATIVE" in text and "Figure" in text and "R04" in text
    json.dumps(res)
    k23 = {r["tahun"]: r for r in res["register"]}[2023]
    assert (k23["n_risiko"], k23["n_di_atas_selera"], k23["n_tanpa_penanganan"]) == (14, 11, 4)
    assert k23["risiko_teratas"] == "R04" and k23["besaran_maks"] == 22  # 3×5, SPBE matrix
    k21 = {r["tahun"]: r for r in res["register"]}[2021]
    assert (k21["skala"], k21["n_risiko"], k21["besaran_maks"]) == ("kominfo", 8, 9)
    assert (k23["n_residual_di_atas_selera"], k23["residual_di_atas_selera"]) == (
        4, ["R10", "R04", "R01", "R08"])  # residual 20, 13, 11, 11 (ties: higher inherent first)
    sentence = ("**Treatment not enough**: 4 treated risks still have a residual magnitude ≥ 11 "
                "(above appetite).")
    i = shown_tables.index(sentence)  # the 2023 register's
    assert shown_tables[i - 2] == "**Risks above appetite without a treatment plan**"  # next to it
    assert "**Treatment not enough**: 2 treated risks" in text  # 2021: R01 4, R03 3 on 1–3
    table = shown_tables[i + 1]
    assert [t for t in ("R10", "R04", "R01", "R08", "R03") if t in table] == ["R10", "R04", "R01",
                                                                             "R08"]
    assert "20 Very high" in table  # R10 after treatment


@pytest.mark.parametrize("row,flag", [
    ("B1,governance,4,4,plan,2,3", True),     # residual 11 = appetite: still needs escalation
    ("B1,governance,4,4,plan,2,2", False),    # residual 7 < 11
    ("B1,governance,1,5,plan,1,5", True),     # treated but unchanged: 20 Sangat Tinggi
    ("B1,governance,4,4,plan,,", False),      # residual not assessed: not flagged, never assumed
    ("B1,governance,4,4,,2,3", False),        # no plan: that is "untreated", not this flag
])
def test_residual_above_appetite_cases(tmp_path, row, flag):
    p = tmp_path / "r.csv"
    p.write_text("risk_id,pillar,likelihood,impact,treatment,residual_likelihood,residual_impact\n"
                 + row + "\n", encoding="utf-8")
    df, sc = risk.read_register(p)
    assert bool(risk.score_register(df, sc)["residual_above_appetite"].iloc[0]) is flag


def test_ten_shipped_risks_whose_treatment_is_not_enough():
    """Independent of the package: read the CSVs with the csv module, look magnitudes up in the
    matrix typed at the top of this file (SPBE) or multiply (Kominfo 1–3), appetite 11 / 3."""
    import csv

    expected = []
    for path in sorted(RAW_DIR.glob("risk_register_*.csv")):
        for row in csv.DictReader(open(path, encoding="utf-8")):
            if not row["treatment"].strip() or not row["residual_likelihood"]:
                continue
            rl, ri = int(row["residual_likelihood"]), int(row["residual_impact"])
            spbe = row["scale"] == "spbe"
            residual = EXPECTED[(rl, ri)] if spbe else rl * ri
            if residual >= (11 if spbe else 3):
                expected.append((path.stem, row["risk_id"], residual))
    assert len(expected) == 10  # the count
    got = [(f"risk_register_{code}_{year}", r.risk_id, int(r.residual_magnitude))
           for code, year, s, _ in risk.load_all_registers(RAW_DIR)
           for r in s[s["residual_above_appetite"]].itertuples()]
    assert sorted(got) == sorted(expected)
    r10 = risk.load_register("64.02", 2023, RAW_DIR)[0].set_index("risk_id").loc["R10"]
    assert (r10.magnitude, r10.residual_magnitude, r10.residual_level) == (21, 20, "very_high")


@pytest.mark.parametrize("old,new,expected", [
    # A1 inherent (4, 4) = 19; residual (5, 4) = 23 > 19
    ("4,4,backup link,2,3", "4,4,backup link,5,4",
     ["reg.csv", "row 2", "column 'residual_likelihood'", "value '5'", "residual magnitude 23",
      "higher than the inherent magnitude 19", "may not exceed"]),
    # A5 inherent (1, 1) = 1; residual (1, 2) = 3 > 1
    ("A5,society,Diskominfo,1,1,,1,1", "A5,society,Diskominfo,1,1,,1,2",
     ["row 6", "column 'residual_impact'", "value '2'", "residual magnitude 3",
      "inherent magnitude 1"]),
])
def test_residual_higher_than_inherent_is_an_input_error(reg, tmp_path, capsys, old, new, expected):
    reg.write_text(REG.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["risk", "--register", reg, "--out", out, "--lang", "en"], capsys,
                             expected, out)


def test_residual_likelihood_up_but_magnitude_down_is_accepted(tmp_path):
    # inherent (2, 5) = 21, residual (3, 3) = 14: likelihood rose, the risk fell
    p = tmp_path / "r.csv"
    p.write_text("risk_id,pillar,likelihood,impact,treatment,residual_likelihood,residual_impact\n"
                 "C1,economy,2,5,plan,3,3\n", encoding="utf-8")
    df, sc = risk.read_register(p)
    assert risk.score_register(df, sc)["residual_magnitude"].tolist() == [14]


def test_cli_writes_treatment_not_enough(tmp_path, capsys):
    out = tmp_path / "out"
    code, err = run_cli(["risk", "--register", str(RAW_DIR / "risk_register_64.02_2023.csv"),
                         "--out", str(out)], capsys)
    assert code == 0 and "4 treated but still at or above appetite" in err
    weak = pd.read_csv(out / "risk_treatment_not_enough.csv")
    assert weak["risk_id"].tolist() == ["R10", "R04", "R01", "R08"]
    assert weak["residual_magnitude"].tolist() == [20, 13, 11, 11]
    scored = pd.read_csv(out / "risk_scored.csv")
    assert scored["residual_above_appetite"].sum() == 4
    assert list(scored.columns).count("untreated") == 1


def test_help_says_what_ratings_mean(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["risk", "--help"])
    assert exc.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    # DOMAIN.md §4: SPBE likelihood 1 ≤5 %/year … 5 > 50 %, impact 1 … 5; Kominfo 1/2/3
    for part in ("likelihood 1 Almost never (≤5%/yr), 2 Rare (5–10%), 3 Occasional (10–20%), "
                 "4 Frequent (20–50%), 5 Almost certain (>50%)",
                 "impact 1 Insignificant, 2 Minor, 3 Moderate, 4 Significant, 5 Very significant",
                 "(1–3): likelihood 1 Low, 2 Medium, 3 High", "not likelihood × impact",
                 "residual_above_appetite", "treatment not enough"):
        assert part in out, part


def test_treated_risk_without_residual_is_listed_not_lost(tmp_path):
    # Kominfo 1–3, appetite 3. T1 3×3 = 9, plan, no residual: above appetite and treated, but
    # whether the treatment is enough is unknown -> "residual not assessed" (in neither list).
    # T2 2×2 = 4, plan, residual 1×2 = 2 < 3: treated enough. T3 3×2 = 6, plan, residual 2×2
    # = 4 >= 3: not enough. T4 2×3 = 6, no plan: untreated. T5 1×2 = 2 < 3, plan, no residual:
    # below appetite (its residual cannot exceed 2), nothing to follow up.
    p = tmp_path / "r.csv"
    p.write_text("risk_id,pillar,likelihood,impact,treatment,residual_likelihood,"
                 "residual_impact,scale\n"
                 "T1,governance,3,3,plan,,,kominfo\nT2,living,2,2,plan,1,2,kominfo\n"
                 "T3,economy,3,2,plan,2,2,kominfo\nT4,society,2,3,,,,kominfo\n"
                 "T5,branding,1,2,plan,,,kominfo\n", encoding="utf-8")
    df, sc = risk.read_register(p)
    s = risk.score_register(df, sc)
    assert s["residual_unassessed"].tolist() == [True, False, False, False, False]
    assert risk.residual_unassessed(s)["risk_id"].tolist() == ["T1"]
    assert risk.untreated_above_appetite(s)["risk_id"].tolist() == ["T4"]
    assert risk.treatment_not_enough(s)["risk_id"].tolist() == ["T3"]
    # every risk above appetite is in exactly one of: untreated, not enough, not assessed,
    # treated enough (T2)
    lists = s[["untreated", "residual_above_appetite", "residual_unassessed"]].sum(axis=1)
    assert lists[s["above_appetite"]].tolist() == [1, 0, 1, 1]


def test_settings_note_says_what_is_a_workbench_setting():
    kom, spbe = risk.get_scale("kominfo"), risk.get_scale("spbe")
    assert risk.settings_note(kom, "id") == (
        "Formulir risiko quick win Kominfo hanya memberi kemungkinan 1–3. Skala dampak 1–3, "
        "besaran = kemungkinan × dampak, pita level dan selera risiko (besaran ≥ 3) adalah "
        "pengaturan workbench ini, bukan aturan Kominfo.")
    assert "magnitude ≥ 11 is this workbench's setting" in risk.settings_note(spbe, "en")
    assert "(magnitude ≥ 4)" in risk.settings_note(risk.get_scale("kominfo", appetite=4), "en")


def test_report_section_lists_unassessed_residuals_and_settings(tmp_path, shown_tables):
    import dataclasses

    from analysis.processed.spec import Sources
    d = tmp_path / "raw"
    d.mkdir()
    (d / "risk_register_99.01_2024.csv").write_text(
        "risk_id,pillar,likelihood,impact,treatment,residual_likelihood,residual_impact,scale\n"
        "T1,governance,3,3,plan,,,kominfo\nT3,economy,3,2,plan,2,2,kominfo\n", encoding="utf-8")
    ctx = dataclasses.replace(load_context("64.02", "id"), code="99.01", tables={
        "risiko": risk_table(Sources.from_dir(d), "99.01")})
    rec = risk_section.section(ctx).record["register"][0]
    assert rec["residual_belum_dinilai"] == ["T1"] and rec["residual_di_atas_selera"] == ["T3"]
    text = "\n".join(shown_tables)
    assert ("**Residual belum dinilai**: 1 risiko di atas selera risiko sudah punya rencana "
            "penanganan, tetapi residualnya belum dinilai") in text
    assert "adalah pengaturan workbench ini, bukan aturan Kominfo" in text
    i = shown_tables.index(next(t for t in shown_tables if "**Residual belum dinilai**" in t))
    assert "T1" in shown_tables[i + 1] and "T3" not in shown_tables[i + 1]


# ---------------------------------------------------------------- the risiko table re-scored

KOMINFO_REG = """risk_id,pillar,likelihood,impact,treatment,residual_likelihood,residual_impact
K1,governance,3,2,backup harian,1,2
K2,society,2,2,,,
K3,living,1,1,,,
"""


def _table(tmp_path, text, code, year, **kw):
    """A register as rows of the risiko table, scored as the build scores it."""
    p = tmp_path / f"{code}_{year}.csv"
    p.write_text(text, encoding="utf-8")
    df, sc = risk.read_register(p, **kw)
    return risk.register_table(risk.score_register(df, sc), sc, code, year)


def test_rescored_rows_by_hand_on_another_scale(tmp_path):
    rows = _table(tmp_path, KOMINFO_REG, "99.01", 2021, scale="kominfo")
    same, sc = risk.rescore_rows(rows)          # as scored: kominfo, L × I, appetite 3
    assert (sc.name, sc.bands_name, sc.appetite) == ("kominfo", "kominfo-3x3", 3)
    assert same["magnitude"].tolist() == [6, 4, 1]          # 3×2, 2×2, 1×1
    assert same["level"].tolist() == ["high", "medium", "low"]
    assert same["untreated"].tolist() == [False, True, False]    # K2: 4 ≥ 3, no plan
    spbe, sc = risk.rescore_rows(rows, "spbe")  # Permen PANRB lookup: (3,2) 10, (2,2) 7, (1,1) 1
    assert (sc.name, sc.bands_name, sc.appetite) == ("spbe", "permenpanrb-2020", 11)
    assert spbe["magnitude"].tolist() == [10, 7, 1]
    assert spbe["level"].tolist() == ["low", "low", "very_low"]
    assert spbe.loc[0, "residual_magnitude"] == 3 and spbe.loc[0, "residual_level"] == "very_low"
    assert not spbe["above_appetite"].any() and not spbe["untreated"].any()
    assert "scale" not in spbe.columns and spbe["illustrative"].dtype == bool


def test_rescored_rows_bands_and_appetite(tmp_path):
    text = "risk_id,pillar,likelihood,impact,treatment\nS1,economy,1,5,\nS2,economy,4,3,x\n"
    rows = _table(tmp_path, text, "99.02", 2023)               # spbe: (1,5) 20, (4,3) 16
    assert risk.rescore_rows(rows)[0]["level"].tolist() == ["very_high", "high"]
    alt, sc = risk.rescore_rows(rows, bands="permenpanrb-2020-alt")    # high is 16–20 there
    assert alt["level"].tolist() == ["high", "high"] and sc.appetite == 11
    high, _ = risk.rescore_rows(rows, appetite=17)             # 20 ≥ 17 > 16
    assert high["above_appetite"].tolist() == [True, False]
    assert high["untreated"].tolist() == [True, False]
    # rows scored on the alternative bands keep them when no scale or band set is asked for
    kept = _table(tmp_path, text, "99.02", 2023, bands="permenpanrb-2020-alt")
    assert risk.rescore_rows(kept)[1].bands_name == "permenpanrb-2020-alt"
    assert risk.rescore_rows(kept, "spbe", "permenpanrb-2020")[0]["level"].tolist() == [
        "very_high", "high"]


def test_rescored_rows_beyond_the_scale_name_register_risk_column_value(tmp_path):
    text = "risk_id,pillar,likelihood,impact\nS1,economy,1,2\nS2,economy,2,4\n"
    rows = _table(tmp_path, text, "99.03", 2023)
    with pytest.raises(DataValidationError) as e:
        risk.rescore_rows(rows, "kominfo")
    assert str(e.value) == ("risiko table, register 99.03 2023, risk S2, column 'impact', "
                            "value 4: above the maximum 3")
    with pytest.raises(risk.RiskError, match="for the spbe scale, not kominfo"):
        risk.rescore_rows(rows, "kominfo", "permenpanrb-2020")


def test_registers_of_the_risiko_table(tmp_path):
    table = pd.concat([_table(tmp_path, KOMINFO_REG, "99.01", 2023, scale="kominfo"),
                       _table(tmp_path, KOMINFO_REG, "99.01", 2021, scale="kominfo"),
                       _table(tmp_path, "risk_id,pillar,likelihood,impact\nA,economy,5,5\n",
                              "11.01", 2023)], ignore_index=True)
    regs = risk.table_registers(table)
    assert [(c, y, len(r), sc.name) for c, y, r, sc in regs] == [
        ("11.01", 2023, 1, "spbe"), ("99.01", 2021, 3, "kominfo"), ("99.01", 2023, 3, "kominfo")]
    combined = risk.combined_profile(regs)
    assert combined["n_untreated"].tolist() == [1, 1, 1]       # A: 25 ≥ 11; K2: 4 ≥ 3
    with pytest.raises(risk.RiskError, match=r"99\.01 2022 .*\['11\.01/2023', '99\.01/2021'"):
        risk.table_register(table, "99.01", 2022)
