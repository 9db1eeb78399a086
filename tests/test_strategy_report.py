"""Report section "Strategi dan peta jalan": read from the built tables only; its record against
the raw files counted independently; the roadmap chart as escaped inline SVG; no data, one
sentence."""
from __future__ import annotations

import pandas as pd
import pytest
from IPython.display import HTML, Markdown

from analysis.masterplan.strategies import CRITERIA, parse_factors
from analysis.paths import RAW_DIR
from analysis.plots.strategy import roadmap_svg
from analysis.reports.context import load_context
from analysis.reports.sections import common, strategy

NOWHERE = "/nonexistent/raw-data"


def _text(items) -> str:
    return "\n".join(x.data for x in items if isinstance(x, Markdown))


def _expected(code: str) -> dict:
    """From the raw files: strategies, the major weaknesses and threats no strategy of the
    SWOT's year lists, the programmes with the highest mean of the four criteria."""
    strat = pd.read_csv(RAW_DIR / f"strategies_{code}.csv", dtype=str)
    f = pd.read_csv(RAW_DIR / f"swot_factors_{code}.csv", dtype={"factor_code": str})
    used = {c for text in strat["factors"] for c in parse_factors(text)}
    major = f[f["type"].isin(["W", "T"]) & (f["rating"] >= 3) & ~f["factor_code"].isin(used)]
    prog = pd.read_csv(RAW_DIR / f"programmes_{code}.csv")
    mean = prog[list(CRITERIA)].mean(axis=1)
    return {"n": len(strat), "major": list(major["factor_code"]),
            "top": sorted(prog.loc[mean == mean.max(), "id"])}


@pytest.mark.parametrize("code,lang", [("64.02", "id"), ("62.06", "en")])
def test_section_from_built_tables(monkeypatch, shipped_processed_dir, shown_objects, code,
                                   lang):
    monkeypatch.setenv("SMARTCITY_DATA_DIR", NOWHERE)
    ctx = load_context(code, lang, NOWHERE, shipped_processed_dir)
    common.begin_section("strategy")
    sec = strategy.section(ctx)
    common.flush_md()
    rec, exp = sec.record, _expected(code)
    assert rec["n_strategi"] == exp["n"] and rec["illustrative"] is True
    assert sorted(rec["faktor_utama_tak_tertangani"]) == sorted(exp["major"])
    assert sorted(rec["prioritas_teratas"]) == exp["top"]
    assert rec["arah_menyimpang"] == {"64.02": ["living"], "62.06": ["society"]}[code]
    text = _text(shown_objects)
    assert '<a id="sec-strategy"' in text
    assert ("DATA ILUSTRATIF" if lang == "id" else "ILLUSTRATIVE DATA") in text
    assert f"strategies\\_{code}.csv" in text                     # whose data: the files
    heads = {"id": ["### Matriks TOWS", "### Prioritas program",
                    "### Kesenjangan tingkat kematangan", "### Peta jalan"],
             "en": ["### TOWS matrix", "### Programme priorities", "### Maturity gaps",
                    "### Roadmap"]}[lang]
    assert all(h in text for h in heads)
    svgs = [x.data for x in shown_objects if isinstance(x, HTML) and x.data.startswith("<svg")]
    assert len(svgs) == 1 and ctx.name in svgs[0]
    assert {"strategi_tows", "strategi_prioritas", "strategi_kesenjangan",
            "strategi_peta_jalan_program"} <= ctx.read


def test_section_without_strategy_data(monkeypatch, shipped_processed_dir, shown_objects):
    monkeypatch.setenv("SMARTCITY_DATA_DIR", NOWHERE)
    sec = strategy.section(load_context("51.03", "id", NOWHERE, shipped_processed_dir))
    common.flush_md()
    assert sec.record == {}
    assert "Belum ada data strategi untuk daerah ini" in _text(shown_objects)


def test_roadmap_chart_escapes_data_text():
    road = pd.DataFrame([("P<1>", "Wifi & <b>desa</b>", "living", "pendek", 2024, 2025, 1)],
                        columns=["kode_program", "program", "pilar", "jangka", "tahun_mulai",
                                 "tahun_selesai", "peringkat"])
    budget = pd.DataFrame([("living", 2024, 10.0), ("living", 2025, 10.0)],
                          columns=["pilar", "tahun", "anggaran"])
    svg = roadmap_svg(road, budget, 2024, "en", title="<script>")
    assert "<b>" not in svg and "<script>" not in svg
    assert "P&lt;1&gt; Wifi &amp; &lt;b&gt;desa&lt;/b&gt;" in svg
    assert "Short term (≤ 1 year): 1 programmes" in svg
    assert "Roadmap from the planning year 2024" in svg
