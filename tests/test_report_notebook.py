"""The per-regency report notebook under papermill, for two regencies, checking recorded numbers."""
from __future__ import annotations

import base64
import json

import nbformat
import papermill as pm
import pytest

from analysis.paths import NOTEBOOKS_DIR
from analysis.reports.record import read_record

pytestmark = pytest.mark.notebook


def run_report(tmp_path, code, **params):
    out = tmp_path / f"{code}.ipynb"
    rec = tmp_path / f"{code}.json"
    pm.execute_notebook(str(NOTEBOOKS_DIR / "regency_report.ipynb"), str(out),
                        parameters={"regency_code": code, "record_path": str(rec), **params},
                        kernel_name="python3", progress_bar=False)
    return json.loads(rec.read_text()), out


def test_kutai_kartanegara_and_katingan(tmp_path):
    kukar, nb = run_report(tmp_path, "64.02")
    assert read_record(nb) == kukar  # the JSON file and the notebook output agree
    assert kukar["header"]["nama"] == "Kabupaten Kutai Kartanegara"
    assert kukar["header"]["kode_bps"] == "6403"  # not 6402 (Kutai Barat)
    ev = kukar["evaluation"]
    assert "2022" not in ev  # not in the 2022 (2021 cohort) table
    assert ev["2023"]["nilai_final"] == 2.82
    hand = .1 * 3.6 + .2 * 2.89 + .2 * 2.92 + .2 * 2.59 + .2 * 3.32 + .1 * 1.2
    assert ev["2023"]["nilai_final_hitung"] == pytest.approx(hand, abs=1e-6)
    assert ev["2023"]["kelompok"] == "KPPN&IKN" and ev["2023"]["n_kelompok"] == 58
    assert kukar["profile"]["kepadatan"] == pytest.approx(806964 / 26912.065, abs=1e-6)
    # maps: locator and province map as PNG images in the maps cell; 7 of the 10
    # kabupaten/kota of Kalimantan Timur are in the 2023 table (64.03, 64.09, 64.11 are not)
    assert kukar["maps"] == {"peta": ["lokasi", "provinsi"], "tahun": 2023, "n_provinsi": 10,
                             "n_dievaluasi_provinsi": 7}
    cell = next(c for c in nbformat.read(nb, 4).cells
                if "section-maps" in c.metadata.get("tags", []))
    pngs = [o["data"]["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})]
    assert len(pngs) == 2 and all(base64.b64decode(p)[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)

    katingan, _ = run_report(tmp_path, "62.06", lang="en")
    assert katingan["evaluation"] == {}
    assert "nilai_final" not in katingan["header"]
    assert katingan["header"]["kode_bps"] == "6209"


def test_kukar_2020_vintage_density(tmp_path):
    rec, _ = run_report(tmp_path, "64.02", profile_vintage="2020")
    assert rec["profile"]["vintase"] == "2020"
    assert rec["profile"]["kepadatan"] == pytest.approx(25.41, abs=0.005)  # 692,776 / 27,263.10
