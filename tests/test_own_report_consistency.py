"""An own-data report and its national page say the same thing: the readiness value of a
regency with its own assessment is that assessment's on the map (labelled own data) as in the
report, the own-readiness section states how many items were scored, the sources list the own
files with their workbook, and the index page's footer is a sentence, never raw JSON."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.reports.index_page import render, summary_text
from analysis.reports.national_map import _add_readiness, map_variables
from analysis.readiness import load_readiness_framework
from tests.test_owndata_cli import kukar  # noqa: F401  (module fixture: the imported workbook)


def _kesiapan() -> pd.DataFrame:
    # Kudus (33.19): national illustrative 57.4, own assessment 54.6; Wonogiri national only
    return pd.DataFrame({"kode_kemendagri": ["33.12", "33.19", "33.19"],
                         "indeks_kesiapan": [89.5, 57.4, 54.6],
                         "illustrative": [True, True, False],
                         "sumber": ["illustrative", "illustrative", "own"]})


def test_map_shows_the_own_readiness_value_labelled():
    out = pd.DataFrame(index=pd.Index(["33.12", "33.19", "11.71"], name="kode_kemendagri"))
    _add_readiness(out, _kesiapan())
    assert out["kesiapan"].tolist()[:2] == [89.5, 54.6] and pd.isna(out.loc["11.71", "kesiapan"])
    assert out.attrs["readiness_own"] == ["33.19"] and out.attrs["readiness_illustrative"]
    var = next(v for v in map_variables(out, "id") if v["key"] == "kesiapan")
    assert var["values"]["33.19"][0] == "54,6 (data daerah sendiri)"
    assert var["values"]["33.12"][0] == "89,5"
    assert var["label"] == ("Indeks kesiapan (ILUSTRATIF, kecuali 1 daerah dengan data daerah "
                            "sendiri)")
    en = next(v for v in map_variables(out, "en") if v["key"] == "kesiapan")
    assert en["values"]["33.19"][0] == "54.6 (own data)"
    plain = pd.DataFrame(index=pd.Index(["33.12", "33.19"], name="kode_kemendagri"))
    _add_readiness(plain, _kesiapan().iloc[:2])             # no own data: the national values
    assert plain["kesiapan"].tolist() == [89.5, 57.4] and plain.attrs["readiness_own"] == []
    assert next(v for v in map_variables(plain, "id") if v["key"] == "kesiapan")["label"] == \
        "Indeks kesiapan (ILUSTRATIF)"


def test_index_footer_is_a_sentence():
    assert summary_text({"ok": 13, "failed": 1, "total": 14}, "id") == \
        "Status laporan: 13 selesai, 1 gagal (dari 14)."
    assert summary_text({"timeout": 1, "ok": 2, "total": 3}, "en") == \
        "Report status: 2 done, 1 timed out (of 3)."
    manifest = {"run_id": "r1", "parameters": {"lang": "id"}, "summary": {"ok": 1, "total": 1},
                "regencies": {"64.02": {"status": "ok"}}}
    html = render(manifest, {}, {}, ".", "id", None)
    assert "Status laporan: 1 selesai (dari 1)." in html
    assert '{"ok"' not in html and "{&#34;ok&#34;" not in html


def test_framework_has_54_items():
    # the coverage sentence counts against the whole instrument
    assert len(load_readiness_framework().leaves) == 54


@pytest.mark.slow   # a whole layered build (seconds)
def test_layered_report_sources_coverage_and_map_agree(kukar, tmp_path, monkeypatch):  # noqa: F811
    import importlib

    from analysis.processed.project import build_processed
    from analysis.reports.context import load_context
    from analysis.reports.national_map import national_table
    from analysis.reports.sections import ORDER, common
    shown = []
    monkeypatch.setattr(common, "display", lambda *objs, **kw: shown.extend(
        x.data if isinstance(getattr(x, "data", None), str) else x for x in objs))
    out = build_processed(None, tmp_path / "p", adds=[kukar]).out_dir
    ctx = load_context("64.02", "id", None, str(out))
    recs = {n: importlib.import_module(f"analysis.reports.sections.{n}").section(ctx).record
            for n in ORDER}
    text = "\n".join(x for x in shown if isinstance(x, str))
    # 9 governance items scored of the instrument's 54 (the workbook's readiness sheet)
    assert recs["readiness"]["butir_dinilai"] == [9, 54]
    assert "Cakupan penilaian: 9 dari 54 butir dinilai" in text
    # the map shows the report's own value, labelled
    tab = national_table(out)
    assert tab.loc["64.02", "kesiapan"] == pytest.approx(recs["readiness"]["indeks_kesiapan"])
    var = next(v for v in map_variables(tab, "id") if v["key"] == "kesiapan")
    assert var["values"]["64.02"][0].endswith("(data daerah sendiri)")
    # sources: the own files with their workbook; the replaced national registers are gone
    files = recs["sources"]["berkas"]
    assert {"readiness_assessment_64.02.csv", "programmes_64.02.csv", "realisation_64.02.csv",
            "missions_64.02.csv"} <= set(files)
    assert "risk_register_64.02_2021.csv" not in files
    assert any(f.startswith("risk_register_64.02_") for f in files)
    assert (r"- `readiness_assessment_64.02.csv`: data daerah sendiri \(kukar\_isi.xlsx, "
            r"diimpor 2026\-12\-01\)") in text
