"""Report section: the masterplan's strategy chapter (*Strategi dan peta jalan*) — the TOWS
matrix of the planning year with the pillars whose strategies point away from their SWOT
quadrant and the major weaknesses and threats no strategy addresses, the programme priorities
with their rank ranges, the maturity gaps and the roadmap, read from the build tables
``strategi_tows``, ``strategi_faktor``, ``strategi_prioritas``, ``strategi_kesenjangan``,
``strategi_peta_jalan`` and ``strategi_peta_jalan_program`` (:mod:`analysis.processed.
strategy_tables`)."""
from __future__ import annotations

import pandas as pd

from analysis.escape import md_format, md_text
from analysis.i18n import COMMON, PILLARS, fmt_number, texts, tr
from analysis.plots.strategy import roadmap_svg
from analysis.reports.context import RegencyContext
from analysis.reports.sections import provenance
from analysis.reports.sections.common import Section, heading, show_html, show_md, show_table
from analysis.strategy.roadmap import terms
from analysis.strategy.settings import load_settings

T = texts("reports.sections.strategy")
TABLES = ("strategi_tows", "strategi_faktor", "strategi_prioritas", "strategi_kesenjangan",
          "strategi_peta_jalan", "strategi_peta_jalan_program")
TYPES = ("SO", "ST", "WO", "WT")


def _rows(ctx: RegencyContext, name: str) -> pd.DataFrame:
    return ctx.table(name) if name in ctx.tables else pd.DataFrame()


def _pillar(p: str, lang: str) -> str:
    return PILLARS[p][lang] if p in PILLARS else str(p)


def _n(v, lang: str) -> str:
    return fmt_number(v, 0, lang)


def section(ctx: RegencyContext) -> Section:
    """The chapter for the regency's planning year; records the year, the strategies, the
    flags, the first programmes and the roadmap's terms. No strategy data and no programme
    still running: one sentence and ``{}``."""
    lang = ctx.lang
    title = tr(T, "heading", lang)
    heading(title)
    t = {n: _rows(ctx, n) for n in TABLES}
    if all(df.empty for df in t.values()):
        show_md(tr(T, "none", lang))
        return Section(title, {})
    ill = any(bool(df["illustrative"].astype(bool).any()) for df in t.values() if not df.empty)
    provenance.show_with_label(ctx, ("strategies", "maturity_targets", "programmes"), ill)
    year = int(next(df for df in t.values() if not df.empty)["tahun_rencana"].iloc[0])
    record = {"tahun": year, "illustrative": ill}
    record.update(_tows(t["strategi_tows"], t["strategi_peta_jalan_program"], year, lang))
    record.update(_unused(t["strategi_faktor"], lang))
    record.update(_priorities(t["strategi_prioritas"], lang))
    record.update(_gaps(t["strategi_kesenjangan"], lang))
    record.update(_roadmap(t["strategi_peta_jalan_program"], t["strategi_peta_jalan"], year,
                           ctx, ill))
    return Section(title, record)


def tows_view(tows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The TOWS matrix for reading: one row per pillar, a cell ``strategies / programmes`` per
    type, the pillar's budget, the quadrant's direction and whether it points away."""
    rows = []
    for p, g in tows.groupby("pilar", sort=False):
        g = g.set_index("jenis")
        row = {tr(COMMON, "pillar", lang): _pillar(p, lang)}
        for j in TYPES:
            row[j] = (f"{_n(g.at[j, 'n_strategi'], lang)} / {_n(g.at[j, 'n_program'], lang)}"
                      if j in g.index else "–")
        row[tr(T, "col_budget", lang)] = fmt_number(g["anggaran"].sum(), 0, lang)
        want = g["strategi_kuadran"].iloc[0]
        row[tr(T, "col_direction", lang)] = want if isinstance(want, str) else "–"
        row[tr(T, "col_away", lang)] = tr(COMMON, "bool_true" if bool(
            g["arah_menyimpang"].iloc[0]) else "bool_false", lang)
        rows.append(row)
    return pd.DataFrame(rows)


def _tows(tows: pd.DataFrame, road: pd.DataFrame, year: int, lang: str) -> dict:
    heading(tr(T, "tows_head", lang), 3)
    if tows.empty:
        show_md(tr(T, "tows_none", lang))
        return {"n_strategi": 0}
    ns = int(tows["n_strategi"].sum())
    pillars = tows.loc[tows["n_strategi"] > 0, "pilar"].nunique()
    linked = int(tows["n_program"].sum())
    show_md(tr(T, "year", lang).format(year=year, ns=_n(ns, lang), np=_n(pillars, lang),
                                       nl=_n(linked, lang), nt=_n(len(road), lang)))
    show_table(tows_view(tows, lang), index=False, lang=lang)
    show_md(tr(T, "tows_rule", lang))
    away = tows[tows["arah_menyimpang"]].drop_duplicates("pilar")
    if away.empty:
        show_md(tr(T, "direction_ok", lang))
    else:
        items = []
        for r in away.itertuples():
            g = tows[tows["pilar"] == r.pilar]
            top = g.loc[g["n_strategi"] == g["n_strategi"].max(), "jenis"]
            items.append(md_format(tr(T, "direction_item", lang), pillar=_pillar(r.pilar, lang),
                                   want=str(r.strategi_kuadran), top="/".join(top)))
        show_md(tr(T, "direction_away", lang).format(items="; ".join(items)))
    return {"n_strategi": ns, "n_program_terkait": linked,
            "arah_menyimpang": [str(p) for p in away["pilar"]]}


def _unused(unused: pd.DataFrame, lang: str) -> dict:
    if unused.empty:
        return {"faktor_utama_tak_tertangani": []}
    heading(tr(T, "unused_head", lang), 3)
    major = unused[unused["utama_tak_tertangani"]]
    r = load_settings()["unused_factors"]["major_rating"]
    if major.empty:
        show_md(tr(T, "unused_no_major", lang).format(r=r, n=_n(len(unused), lang)))
    else:
        items = "; ".join(md_text(" ".join(str(v) for v in (x.kode_faktor, x.faktor)
                                           if isinstance(v, str))
                                  + f" ({_pillar(x.pilar, lang)}, {x.jenis})")
                          for x in major.itertuples())
        show_md(tr(T, "unused_major", lang).format(k=_n(len(major), lang), r=r, items=items))
    view = pd.DataFrame({
        tr(COMMON, "pillar", lang): [_pillar(p, lang) for p in unused["pilar"]],
        tr(T, "col_factor_code", lang): unused["kode_faktor"],
        tr(T, "col_type", lang): unused["jenis"],
        tr(T, "col_rating", lang): [fmt_number(v, 0, lang) for v in unused["rating"]],
        tr(T, "col_factor", lang): unused["faktor"],
        tr(T, "col_major", lang): [tr(COMMON, "bool_true" if v else "bool_false", lang)
                                   for v in unused["utama_tak_tertangani"]]})
    show_table(view, index=False, lang=lang)
    return {"faktor_tak_terpakai": len(unused),
            "faktor_utama_tak_tertangani": [str(c) for c in major["kode_faktor"].fillna("")]}


def priority_view(prio: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The priority list for reading: rank, rank range, code, programme, pillar, strategy,
    score (two decimals)."""
    def span(a, b) -> str:
        return _n(a, lang) if a == b else f"{_n(a, lang)}–{_n(b, lang)}"
    return pd.DataFrame({
        tr(T, "col_rank", lang): [_n(v, lang) for v in prio["peringkat"]],
        tr(T, "col_range", lang): [span(a, b) for a, b in zip(prio["peringkat_min"],
                                                               prio["peringkat_maks"])],
        tr(T, "col_code", lang): prio["kode_program"],
        tr(T, "col_programme", lang): prio["program"],
        tr(COMMON, "pillar", lang): [_pillar(p, lang) for p in prio["pilar"]],
        tr(T, "col_strategy", lang): prio["kode_strategi"],
        tr(T, "col_score", lang): [fmt_number(v, 2, lang) for v in prio["skor_prioritas"]]})


def _priorities(prio: pd.DataFrame, lang: str) -> dict:
    heading(tr(T, "prio_head", lang), 3)
    if prio.empty:
        show_md(tr(T, "prio_none", lang))
        return {"prioritas_teratas": []}
    cfg = load_settings()["priority"]
    weights = ", ".join(f"{tr(T, f'weight_{c}', lang)} {fmt_number(w, 2, lang)}"
                        for c, w in cfg["weights"].items())
    show_md(tr(T, "prio_rule", lang).format(
        weights=weights, v=fmt_number(100 * cfg["variation"], 0, lang),
        runs=_n(3 * int(cfg["samples"]), lang)))
    width = prio["peringkat_maks"] - prio["peringkat_min"] + 1
    firm = int((width == 1).sum())
    if firm == len(prio):
        show_md(tr(T, "prio_all_firm", lang).format(n=_n(len(prio), lang)))
    else:
        widest = prio[width == width.max()]
        show_md(tr(T, "prio_firm", lang).format(
            k=_n(firm, lang), n=_n(len(prio), lang), width=_n(width.max(), lang),
            items=md_text(", ".join(widest["kode_program"].astype(str)))))
    show_table(priority_view(prio, lang), index=False, lang=lang)
    first = prio[prio["peringkat"] == prio["peringkat"].min()]
    return {"n_prioritas": len(prio), "prioritas_teratas": list(first["kode_program"]),
            "peringkat_tetap": firm}


def _gaps(gaps: pd.DataFrame, lang: str) -> dict:
    heading(tr(T, "gap_head", lang), 3)
    if gaps.empty:
        show_md(tr(T, "gap_none", lang))
        return {"kesenjangan_tanpa_program": []}
    show_md(tr(T, "gap_rule", lang))
    view = pd.DataFrame({
        tr(COMMON, "pillar", lang): [_pillar(p, lang) for p in gaps["pilar"]],
        tr(T, "col_target_year", lang): [str(int(y)) for y in gaps["tahun"]],
        tr(T, "col_now", lang): [_n(v, lang) for v in gaps["tingkat_sekarang"]],
        tr(T, "col_target", lang): [_n(v, lang) for v in gaps["tingkat_target"]],
        tr(T, "col_gap", lang): [_n(v, lang) for v in gaps["selisih"]],
        tr(T, "col_programmes", lang): [_n(v, lang) for v in gaps["n_program"]],
        tr(T, "col_flag", lang): [tr(COMMON, "bool_true" if v else "bool_false", lang)
                                  for v in gaps["tanpa_program"]]})
    show_table(view, index=False, lang=lang)
    flagged = gaps[gaps["tanpa_program"]]
    if not flagged.empty:
        show_md(tr(T, "gap_flag", lang).format(items=", ".join(
            f"{md_text(_pillar(r.pilar, lang))} {int(r.tahun)}" for r in flagged.itertuples())))
    elif (gaps["selisih"].fillna(0) > 0).any():
        show_md(tr(T, "gap_ok", lang))
    if gaps["tingkat_sekarang"].isna().any():
        show_md(tr(T, "gap_no_level", lang))
    return {"kesenjangan": {f"{r.pilar} {int(r.tahun)}": None if pd.isna(r.selisih)
                            else int(r.selisih) for r in gaps.itertuples()},
            "kesenjangan_tanpa_program": [f"{r.pilar} {int(r.tahun)}"
                                          for r in flagged.itertuples()]}


def _roadmap(road: pd.DataFrame, budget: pd.DataFrame, year: int, ctx: RegencyContext,
             ill: bool) -> dict:
    lang = ctx.lang
    heading(tr(T, "road_head", lang), 3)
    if road.empty:
        show_md(tr(T, "road_none", lang))
        return {"jangka": {}}
    counts = {k: int((road["jangka"] == k).sum()) for k in terms()}
    items = ", ".join(tr(T, f"term_{k}", lang).format(n=_n(n, lang))
                      for k, n in counts.items() if n)
    show_md(tr(T, "road_summary", lang).format(
        year=year, items=items, budget=fmt_number(budget["anggaran"].sum(), 0, lang)))
    show_md(tr(T, "road_rule", lang))
    show_html(roadmap_svg(road, budget, year, lang, title=ctx.name, illustrative=ill))
    return {"jangka": {k: n for k, n in counts.items() if n},
            "anggaran_peta_jalan": round(float(budget["anggaran"].sum()), 1)}
