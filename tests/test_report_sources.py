"""The "Sumber data" section lists exactly the raw files the report used: the inputs the build
recorded for the tables its sections read (and the tables those depend on), this regency's
partition of a per-regency table, never another regency's file, the 2020 profile only where
the regency has that vintage; an own-data report names its own files with their workbook."""
from __future__ import annotations

import importlib

import pytest

from analysis.reports.context import load_context
from analysis.reports.sections import ORDER, common, sources
from analysis.reports.used_files import ALWAYS, table_inputs, used_files

STATE = {"tables": {
    "profil": {"inputs": {"profil_wilayah.csv": "a", "profil_wilayah_kukar_2020.csv": "b",
                          "bps_panel_ipm_kabkota_2010_2024.csv": "c"}},
    "evaluasi": {"inputs": {"kominfo_evaluasi_2023.csv": "d", "profil_wilayah.csv": "a"}},
    "kualitas_data": {"inputs": {}}, "peta_kabkota": {"inputs": {"batas_kabkota.geojson": "e"}},
    "batas_kabkota": {"inputs": {"batas_kabkota.geojson": "e"}},
    "risiko": {"inputs": {}, "per_regency": True, "partitions": {
        "64.02": {"inputs": {"risk_register_64.02_2023.csv": "f"}},
        "62.06": {"inputs": {"risk_register_62.06_2023.csv": "g"}}}},
    "kesiapan": {"inputs": {"readiness_assessment_illustrative.csv": "h",
                            "/own/kudus/readiness_assessment_33.19.csv": "i",
                            "/own/kukar/readiness_assessment_64.02.csv": "j"}},
    "asal_data": {"inputs": {"MANIFEST.yaml": "k", "risk_register_64.02_2023.csv": "f"}},
    "panel_bps": {"inputs": {"bps_panel_ekonomi_kabkota_2010_2024.csv": "l"}},
    "daya_saing": {"inputs": {}},
    "daya_saing_tren": {"inputs": {}},
    "swot_ringkasan": {"inputs": {}, "per_regency": True, "partitions": {}}}}
DEPENDS = {"daya_saing": ("panel_bps",), "daya_saing_tren": ("daya_saing",)}


def test_used_files_by_hand():
    # Katingan: its own register's partition only; the national readiness file but not the
    # own assessments of Kudus or Kukar; the BPS panel through daya_saing_tren -> daya_saing ->
    # panel_bps; no Kukar 2020 profile (vintage 2025 only); never MANIFEST.yaml
    got = used_files(STATE, {"risiko", "kesiapan", "daya_saing_tren", "swot_ringkasan"},
                     "62.06", ["2025"], DEPENDS)
    assert got == ["batas_kabkota.geojson", "bps_panel_ekonomi_kabkota_2010_2024.csv",
                   "bps_panel_ipm_kabkota_2010_2024.csv", "kominfo_evaluasi_2023.csv",
                   "profil_wilayah.csv", "readiness_assessment_illustrative.csv",
                   "risk_register_62.06_2023.csv"]
    # Kukar with its 2020 vintage and its own assessment (a full path: an own file), no panel
    got = used_files(STATE, {"risiko", "kesiapan"}, "64.02", ["2025", "2020"], DEPENDS)
    assert got == ["batas_kabkota.geojson", "bps_panel_ipm_kabkota_2010_2024.csv",
                   "kominfo_evaluasi_2023.csv", "profil_wilayah.csv",
                   "profil_wilayah_kukar_2020.csv", "/own/kukar/readiness_assessment_64.02.csv",
                   "readiness_assessment_illustrative.csv", "risk_register_64.02_2023.csv"]
    # asal_data read directly (provenance lines) is not a data source of its own
    assert "MANIFEST.yaml" not in used_files(STATE, {"asal_data"}, "64.02", [], DEPENDS)
    assert table_inputs(STATE, "risiko", "11.71") == [] and set(ALWAYS) <= set(STATE["tables"])


@pytest.fixture
def shown(monkeypatch):
    items = []
    monkeypatch.setattr(common, "display", lambda *objs, **kw: items.extend(
        x.data if isinstance(getattr(x, "data", None), str) else x for x in objs))
    return items


def _report(code: str, lang: str, processed=None):
    ctx = load_context(code, lang, None, processed)
    recs = {name: importlib.import_module(f"analysis.reports.sections.{name}").section(ctx).record
            for name in ORDER}
    return ctx, recs


@pytest.mark.slow   # every section of two reports over the built tables (seconds)
def test_katingan_and_kukar_reports_list_what_they_used(shown):
    _, recs = _report("62.06", "id")
    files = recs["sources"]["berkas"]
    assert "profil_wilayah_kukar_2020.csv" not in files          # Kukar's, not Katingan's
    assert {"bps_panel_ipm_kabkota_2010_2024.csv", "batas_kabkota.geojson",
            "risk_register_62.06_2023.csv", "swot_factors_62.06.csv"} <= set(files)
    assert not any("64.02" in f for f in files)
    text = "\n".join(x for x in shown if isinstance(x, str))
    assert "- `bps_panel_ipm_kabkota_2010_2024.csv`: BPS" in text and "vintase" in text
    shown.clear()
    _, recs = _report("64.02", "en")
    assert "profil_wilayah_kukar_2020.csv" in recs["sources"]["berkas"]
    assert "vintage" in "\n".join(x for x in shown if isinstance(x, str))


def test_hand_made_context_lists_evaluations_and_its_profile_files(shown):
    import dataclasses
    ctx = load_context("62.06", "id")
    bare = dataclasses.replace(ctx, build={}, read=set())
    assert sources.files_used(bare) == ["kominfo_evaluasi_2022.csv", "kominfo_evaluasi_2023.csv",
                                        "profil_wilayah.csv"]
    kukar = dataclasses.replace(load_context("64.02", "id"), build={}, read=set())
    assert sources.files_used(kukar) == ["kominfo_evaluasi_2022.csv", "kominfo_evaluasi_2023.csv",
                                         "profil_wilayah.csv", "profil_wilayah_kukar_2020.csv"]
