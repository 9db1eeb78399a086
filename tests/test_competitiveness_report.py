"""Competitiveness as a command and a report section, on the shipped BPS panel.

The expectations are computed here straight from the raw CSV files with plain pandas (the
crosswalk's province and kind, BPS's published values), independently of
:mod:`analysis.competitiveness` and of the build stage.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.processed.project import build_processed
from analysis.cli import main
from analysis.competitiveness.selection import select_rows
from analysis.competitiveness import CompetitivenessInputError
from analysis.paths import RAW_DIR
from analysis.reports.context import load_context
from analysis.reports.sections import competitiveness
from conftest import assert_cli_fails_cleanly


def _raw_ipm(year: int) -> pd.DataFrame:
    """IPM of ``year`` with the crosswalk's Kemendagri code, 2025 province, kind and Java flag."""
    cw = pd.read_csv(RAW_DIR / "bps_panel_kabkota_kode.csv", dtype=str)
    ipm = pd.read_csv(RAW_DIR / "bps_panel_ipm_kabkota_2010_2024.csv",
                      dtype={"kode_bps": str})
    ipm = ipm[ipm.tahun == year].merge(cw, on="kode_bps")
    return ipm[ipm.ipm_indeks.notna()]


def test_section_matches_a_hand_computation(shown_html):
    ipm = _raw_ipm(2024)
    kaltim = ipm[ipm.provinsi_2025 == "Kalimantan Timur"].sort_values("ipm_indeks",
                                                                       ascending=False)
    mine = float(kaltim[kaltim.kode_kemendagri == "64.02"].ipm_indeks.iloc[0])
    rank = 1 + int((kaltim.ipm_indeks > mine).sum())
    java_kab = ipm[(ipm.pulau_jawa == "True") & (ipm.jenis == "kabupaten")].ipm_indeks.median()
    ctx = load_context("64.02", "id", None, str(build_processed(None).out_dir))
    rec = competitiveness.section(ctx).record["indikator"]["ipm"]
    assert mine == 75.91                                    # BPS, as the panel's README checks
    assert (rec["tahun"], rec["nilai"], rec["peringkat_provinsi"], rec["n_provinsi"]) == \
        (2024, mine, rank, len(kaltim))
    assert rec["median_jawa_sejenis"] == pytest.approx(java_kab)
    assert rec["selisih_jawa"] == pytest.approx(mine - java_kab)
    assert rec["unggul_jawa"] is bool(mine > java_kab)
    text = " ".join(shown_html)
    assert "75,91" in text and "Kalimantan Timur" in text       # Indonesian numbers
    assert "75.91" not in text
    # two tables of the standing, not one of eleven columns (an A4 page holds about eight)
    heads = [re.findall(r"<th[^>]*>([^<]*)</th>", h) for h in shown_html if "<table" in h]
    heads = [[x.strip() for x in h if x.strip()] for h in heads]
    assert heads[0][:3] == ["Indikator", "Tahun", "Nilai"] and len(heads[0]) == 8
    assert heads[1] == ["Indikator", "Median daerah mirip", "Persentil nasional", "Tren selisih"]


def test_select_rows_refuses_unknown_choices():
    ds = pd.DataFrame({"kode": ["64.02", "64.02"], "variabel": ["ipm", "ipm"],
                       "tahun": [2023, 2024], "nilai": [75.3, 75.91]})
    tr = pd.DataFrame({"kode": ["64.02"], "variabel": ["ipm"]})
    got, trend = select_rows(ds, tr, ["64.02"], ["ipm"], [2024])
    assert got["nilai"].tolist() == [75.91] and len(trend) == 1
    with pytest.raises(CompetitivenessInputError, match="99.99"):
        select_rows(ds, tr, ["99.99"])
    with pytest.raises(CompetitivenessInputError, match="2030"):
        select_rows(ds, tr, years=[2030])
    with pytest.raises(CompetitivenessInputError, match="bogus"):
        select_rows(ds, tr, variables=["bogus"])
    with pytest.raises(CompetitivenessInputError, match="no BPS panel"):
        select_rows(ds.iloc[0:0], tr)


def test_command_writes_the_issue_columns(tmp_path, capsys):
    out = tmp_path / "ds"
    assert main(["competitiveness", "--regency", "62.06", "--variable", "ipm",
                 "--year", "2010", "--out", str(out)]) == 0
    ds = pd.read_csv(out / "daya_saing.csv", dtype={"kode": str})
    assert list(ds.columns[:10]) == ["kode", "variabel", "tahun", "nilai", "peringkat_provinsi",
                                     "n_provinsi", "median_provinsi", "median_jawa_sejenis",
                                     "selisih_jawa", "persentil_nasional"]
    assert ds[["kode", "variabel", "tahun", "nilai"]].values.tolist() == \
        [["62.06", "ipm", 2010, 63.25]]                     # Katingan 2010, BPS
    assert (out / "daya_saing_tren.csv").is_file()
    assert_cli_fails_cleanly(["competitiveness", "--lang", "en", "--regency", "64.2", "--out",
                              str(tmp_path / "bad")], capsys, ["64.2"], tmp_path / "bad")


def test_section_is_labelled_when_the_data_hold_no_panel(shown_text):
    ctx = load_context("64.02", "en", None, str(build_processed(None).out_dir))
    ctx.tables = {k: v for k, v in ctx.tables.items() if k != "daya_saing"}
    sec = competitiveness.section(ctx)
    assert sec.record == {} and "no BPS panel" in shown_text[-1]


def test_idsd_template_filled_then_shown_beside_the_indicators(tmp_path, capsys):
    tpl = tmp_path / "idsd.csv"
    assert main(["template", "--kind", "idsd", "--regency", "62.06", "--year", "2023",
                 "--out", str(tpl)]) == 0
    header, row = tpl.read_text(encoding="utf-8").splitlines()
    assert row.startswith("62.06,2023,")
    cols = header.split(",")
    filled = dict.fromkeys(cols, "")
    filled.update(kode="62.06", tahun="2023", institusi="3.5", kesehatan="2.75")
    tpl.write_text(header + "\n" + ",".join(filled[c] for c in cols) + "\n", encoding="utf-8")
    out = tmp_path / "ds"
    assert main(["competitiveness", "--regency", "62.06", "--variable", "ipm", "--year", "2023",
                 "--idsd", str(tpl), "--out", str(out)]) == 0
    got = pd.read_csv(out / "idsd.csv", dtype={"kode": str})
    assert sorted(zip(got["pilar"], got["skor"])) == [("institusi", 3.5), ("kesehatan", 2.75)]
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "\n" + ",".join({**filled, "institusi": "7"}[c] for c in cols)
                   + "\n", encoding="utf-8")
    assert_cli_fails_cleanly(["competitiveness", "--lang", "en",
                              "--regency", "62.06", "--idsd", str(bad),
                              "--out", str(tmp_path / "bad_out")], capsys,
                             ["bad.csv", "row 2", "institusi", "7"], tmp_path / "bad_out")


def test_national_page_maps_the_gap_to_java():
    from analysis.reports.national_map import map_variables, national_table
    table = national_table(build_processed(None).out_dir)
    ipm = _raw_ipm(2024)
    java_kab = ipm[(ipm.pulau_jawa == "True") & (ipm.jenis == "kabupaten")].ipm_indeks.median()
    assert table.attrs["selisih_jawa_tahun"] == 2024
    assert table.loc["62.06", "selisih_jawa"] == pytest.approx(
        float(ipm[ipm.kode_kemendagri == "62.06"].ipm_indeks.iloc[0]) - java_kab)
    layer = {v["key"]: v for v in map_variables(table, "id")}["selisih_jawa"]
    assert "2024" in layer["label"] and "," in layer["values"]["62.06"][0]
