"""A regency's own data end to end (notebook tier: report kernels).

A generated workbook is filled with openpyxl as a person would (typed scores, optional cells
blank, the SWOT sheet left empty: :func:`tests.test_workbook.fill`), imported, and
``workbench report --regency 64.02 --add DIR`` runs beside a plain run of the same regencies.
Kutai Kartanegara's record is checked against hand calculations; every other regency's record
is byte-for-byte the same, its HTML too once the ids that change with every execution are
masked (the run id in the footer, papermill's random id of the injected-parameters cell and
pandas' random Styler table ids), and so are the index page and every processed table apart
from Kutai Kartanegara's own rows.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.processed.store import load_tables
from analysis.cli import main
from analysis.masterplan.workbook import write_regency_workbook
from analysis.masterplan.workbook_import import import_workbook
from tests.test_workbook import fill

CODES = ["64.02", "62.06", "51.03", "11.71"]
OTHERS = CODES[1:]
UNIT = "kode_kemendagri"


def masked(html: str) -> str:
    """Report HTML without the ids that differ between two executions of the same report."""
    html = re.sub(r"\d{8}T\d{6}Z-[0-9a-f]{4}", "RUN", html)           # run id (footer)
    html = re.sub(r"cell-id=[0-9a-f]{8}\b", "cell-id=X", html)         # papermill's cell id
    return re.sub(r"\bT_[0-9a-f]{5}(?=[_\"])", "T_X", html)            # pandas Styler uuid


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    d = tmp_path_factory.mktemp("own_report")
    blank = write_regency_workbook("64.02", d / "kukar.xlsx")
    src = fill(blank, d / "kukar_isi.xlsx")               # SWOT sheet left empty
    import_workbook(src, d / "own", today=pd.Timestamp("2026-12-01").date())
    for name, extra in (("plain", []), ("add", ["--add", str(d / "own")])):
        assert main(["report", "--regency", *CODES, "--out", str(d / name), "--jobs", "2",
                     "--processed-dir", str(d / f"processed_{name}"), *extra]) == 0
    return d


def record(runs, name, code):
    import json
    return json.loads((runs / name / "latest" / f"{code}.json").read_text(encoding="utf-8"))


@pytest.mark.notebook
def test_own_report_numbers_match_hand_calculation(runs):
    rec = record(runs, "add", "64.02")
    r = rec["readiness"]
    # Kesiapan: governance items typed 1,2,3 / 4,4,3 / 2,1,3 (the other 45 blank, not zero).
    # Goalposts (x-1)/3: sub-dimensions 1/3, 8/9, 1/3; governance = 14/27 x 100 = 51.85; the
    # only pillar scored, so the overall index is 51.85 too -> level 3 (cut-offs 16.67/50/83.33)
    assert r["pilar"]["governance"] == pytest.approx(1400 / 27, abs=1e-6)
    assert r["indeks_kesiapan"] == pytest.approx(1400 / 27, abs=1e-6) and r["tingkat"] == 3
    assert r["pilar"]["living"] is None and r["illustrative"] is False and r["data"] == "own"
    # struktur items 1, 4, 2 -> (0 + 1 + 1/3) / 3 = 4/9 -> 44.44
    assert r["pilar_elemen"]["governance/struktur"] == pytest.approx(400 / 9, abs=1e-6)
    # no other regency has its own assessment: no rank, no real comparison group
    assert r["peringkat"] is None and r["n_pembanding"] == 1
    assert rec["header"]["indeks_kesiapan"] == pytest.approx(1400 / 27, abs=1e-6)
    # Risiko 2023 (SPBE 5x5, DOMAIN.md section 4): R01 L4 x I4 = 19, R02 L3 x I3 = 14, both at
    # or above appetite 11; R02 has no plan (untreated); R01 residual L2 x I3 = 11 still >= 11
    reg = rec["risk"]["register"]
    assert [g["tahun"] for g in reg] == [2023] and reg[0]["illustrative"] is False
    assert (reg[0]["besaran_maks"], reg[0]["risiko_teratas"], reg[0]["n_di_atas_selera"],
            reg[0]["n_tanpa_penanganan"], reg[0]["residual_di_atas_selera"]) == (
        19, "R01", 2, 1, ["R01"])
    # Program/Realisasi 2023: P1, P2, P3 planned; only P2 (completed) counts as running
    # (P1 and P3 have no 2023 row) -> 1 of 3 = 33.33 %
    p = rec["progress"]
    assert (p["tahun"], p["direncanakan"], p["berjalan"], p["persen_berjalan"]) == (
        2023, 3, 1, 33.33)
    assert p["illustrative"] is False
    # Visi-Misi: missions 1, 2, 3, 5; P1 (1000) serves 1 and 5, P2 (250) serves 2, P3 none
    a = rec["alignment"]
    assert a["misi_tanpa_program"] == [3] and a["program_tanpa_misi"] == ["P3"]
    assert a["anggaran_per_misi"] == {"1": 1000.0, "2": 250.0, "3": 0.0, "5": 1000.0}
    assert rec["tracking"]["pilar"]["living"] == "behind"
    # the SWOT sheet was left empty: the report keeps the shipped (illustrative) factors
    assert rec["swot"] == record(runs, "plain", "64.02")["swot"]
    assert rec["swot"]["illustrative"] is True
    html = (runs / "add" / "latest" / "64.02.html").read_text(encoding="utf-8")
    assert "data daerah sendiri (kukar_isi.xlsx, diimpor 2026-12-01)" in re.sub(
        r"\\(.)", r"\1", html)
    assert "belum ada kelompok pembanding yang nyata" in html


@pytest.mark.notebook
def test_other_regencies_are_untouched_by_the_add(runs):
    for code in OTHERS:
        plain = (runs / "plain" / "latest" / f"{code}.json").read_bytes()
        assert (runs / "add" / "latest" / f"{code}.json").read_bytes() == plain, code
        html = [masked((runs / n / "latest" / f"{code}.html").read_text(encoding="utf-8"))
                for n in ("plain", "add")]
        assert html[0] == html[1], code
    assert record(runs, "add", "64.02") != record(runs, "plain", "64.02")
    rows = [[r for r in re.findall(r"<tr[^>]*>.*?</tr>", masked(
        (runs / n / "latest" / "index.html").read_text(encoding="utf-8")), re.S)
        if 'href="64.02.html"' not in r] for n in ("plain", "add")]
    assert len(rows[0]) >= len(OTHERS) and rows[0] == rows[1]


@pytest.mark.notebook
def test_processed_tables_differ_only_in_the_own_regency(runs):
    plain, add = (load_tables(runs / f"processed_{n}") for n in ("plain", "add"))
    assert set(add) - set(plain) == set()
    for name, before in plain.items():
        after = add[name]
        if UNIT in after.columns:
            own = after["sumber"].eq("own") if "sumber" in after.columns else False
            after = after[~own & (after[UNIT] != "64.02")] if name not in (
                "kesiapan", "kesiapan_grid") else after[~own]
            before = before[before[UNIT] != "64.02"] if name not in (
                "kesiapan", "kesiapan_grid") else before
        # columns only the own tables have (the programmes' ``misi``) are empty elsewhere
        extra = [c for c in after.columns if c not in before.columns]
        assert after[extra].isna().all().all(), (name, extra)
        after = after.drop(columns=extra)
        pd.testing.assert_frame_equal(after.reset_index(drop=True),
                                      before.reset_index(drop=True), check_dtype=False,
                                      obj=name)
