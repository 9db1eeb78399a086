"""The summary's strategy finding: the top-priority programme with its rank range and the major
weaknesses and threats no strategy addresses, in both languages; nothing without strategy
data."""
from __future__ import annotations

import pandas as pd

from analysis.reports.context import RegencyContext
from analysis.reports.sections import common, overview

CODE = "99.01"


def _ctx(lang: str, tables: dict) -> RegencyContext:
    return RegencyContext(code=CODE, lang=lang, data_dir=None, profile=pd.Series(dtype=object),
                          vintages=pd.DataFrame(), evaluations=pd.DataFrame(),
                          quality=pd.DataFrame(), manifest={}, illustrative=False,
                          tables=tables)


def _tables(prio_ranks, unused_major, with_strategies=True) -> dict:
    """Priorities (rank, min, max per programme), unused factors (major flags), TOWS rows of
    regency CODE and one row of another regency in each table."""
    prio = pd.DataFrame([{"kode_kemendagri": CODE, "tahun_rencana": 2024,
                          "kode_program": f"P-{i}", "program": f"Program <{i}>",
                          "peringkat": r, "peringkat_min": lo, "peringkat_maks": hi,
                          "illustrative": False} for i, (r, lo, hi) in enumerate(prio_ranks, 1)]
                        + [{"kode_kemendagri": "99.02", "tahun_rencana": 2024,
                            "kode_program": "X", "program": "lain", "peringkat": 1,
                            "peringkat_min": 1, "peringkat_maks": 1, "illustrative": False}])
    unused = pd.DataFrame([{"kode_kemendagri": CODE, "tahun_rencana": 2024, "kode_faktor": f"F{i}",
                            "utama_tak_tertangani": m, "illustrative": False}
                           for i, m in enumerate(unused_major)]
                          + [{"kode_kemendagri": "99.02", "tahun_rencana": 2024,
                              "kode_faktor": "G1", "utama_tak_tertangani": True,
                              "illustrative": False}])
    tows = pd.DataFrame([{"kode_kemendagri": CODE if with_strategies else "99.02",
                          "tahun_rencana": 2024, "illustrative": False}])
    return {"strategi_prioritas": prio, "strategi_faktor": unused, "strategi_tows": tows}


def test_top_priority_and_unaddressed_major_factors_in_both_languages():
    # P-2 ranks first (1, range 1–3 under varied weights); of four unused factors, 3 are major
    tables = _tables([(2, 1, 4), (1, 1, 3), (3, 2, 4)], [True, False, True, True])
    text, rec = overview.strategy(_ctx("id", tables))
    assert text == (
        "[Strategi (2024)](#sec-strategy): program prioritas teratas **P\\-2** "
        "(Program &lt;2&gt;), peringkat 1 (rentang 1–3 bila setiap bobot kriteria berubah "
        "±25 %); **3** kelemahan atau ancaman utama (rating ≥ 3) belum ditangani strategi mana "
        "pun.")
    assert rec == {"prioritas_teratas": ["P-2"], "peringkat": 1, "peringkat_min": 1,
                   "peringkat_maks": 3, "n_faktor_utama_tak_tertangani": 3, "tahun": 2024,
                   "illustrative": False}
    text, _ = overview.strategy(_ctx("en", tables))
    assert text.startswith("[Strategy (2024)](#sec-strategy): top-priority programme **P\\-2**")
    assert "(range 1–3 when every criterion weight varies by ±25 %)" in text
    assert text.endswith("**3** major weaknesses or threats (rating ≥ 3) addressed by no "
                         "strategy.")


def test_firm_rank_tie_and_no_major_factor():
    tables = _tables([(1, 1, 1), (1, 1, 1), (3, 3, 3)], [False, False])
    text, rec = overview.strategy(_ctx("id", tables))
    assert "**P\\-1, P\\-2** (Program &lt;1&gt;, Program &lt;2&gt;) berbagi peringkat 1 (tetap " \
           "bila setiap bobot kriteria berubah ±25 %)" in text
    assert "setiap kelemahan atau ancaman utama (rating ≥ 3) ditangani setidaknya oleh satu " \
           "strategi" in text
    assert rec["n_faktor_utama_tak_tertangani"] == 0


def test_no_strategies_no_sentence_about_unaddressed_factors():
    tables = _tables([(1, 1, 2)], [True, True], with_strategies=False)
    text, rec = overview.strategy(_ctx("id", tables))
    assert "belum ditangani" not in text and "n_faktor_utama_tak_tertangani" not in rec
    assert "rentang 1–2" in text


def test_no_strategy_data_no_finding_in_the_summary(monkeypatch):
    empty = {n: df.iloc[0:0] for n, df in _tables([(1, 1, 1)], [True]).items()}
    assert overview.strategy(_ctx("id", empty)) == (None, None)
    assert overview.strategy(_ctx("id", {})) == (None, None)
    # in the summary: neither a sentence nor a "no data" line for the strategy
    shown = []
    monkeypatch.setattr(common, "display", lambda *objs, **kw: shown.extend(objs))
    monkeypatch.setattr(overview, "FINDINGS", (("swot", lambda ctx: ("SWOT.", {})),
                                               ("strategy", overview.strategy)))
    rec = overview.section(_ctx("id", empty)).record["temuan"]
    assert "strategy" not in rec
    monkeypatch.setattr(overview, "FINDINGS", (("swot", lambda ctx: ("SWOT.", {})),
                                               ("strategy", overview.strategy)))
    rec = overview.section(_ctx("id", _tables([(1, 1, 1)], [True]))).record["temuan"]
    common.flush_md()
    text = "\n".join(o.data for o in shown if isinstance(getattr(o, "data", None), str))
    assert rec["strategy"]["prioritas_teratas"] == ["P-1"]
    assert "- SWOT. [Strategi (2024)](#sec-strategy)" in text     # in the SWOT bullet
