"""Report section: six-pillar Smart City readiness (illustrative assessments), read from the
build table ``kesiapan`` (indices, rank, maturity levels, rank interval)."""
from __future__ import annotations

import pandas as pd

from analysis.escape import md_text
from analysis.i18n import COMMON, PILLARS, texts, tr
from analysis.plots.readiness import ELEMENT_LABELS, readiness_radar
from analysis.readiness import ELEMENTS, banner, grid_matrix
from analysis.readiness import own as own_rd
from analysis.readiness.maturity import default_cutoffs, maturity_label
from analysis.reports.context import RegencyContext
from analysis.reports.sections import provenance
from analysis.reports.sections.common import Section, fmt, show_figure, show_md, show_table

T = texts("reports.sections.readiness")


def section(ctx: RegencyContext) -> Section:
    """Index, maturity level, rank, pillar table, radar against the median of all regencies and
    the rank interval; a regency without assessments gets one sentence and an empty record."""
    code, lang = ctx.code, ctx.lang
    tab = ctx.table("kesiapan", regency=False)
    title = tr(T, "title", lang)
    if tab.empty:
        show_md(f"## {title}")
        show_md(tr(T, "no_data", lang).format(code=code))
        return Section(title, {})
    r = own_rd.row_for(tab, code)
    if r is not None and r.get("sumber") == "own":
        return _own_section(ctx, tab, r, title)
    illustrative = bool(tab["illustrative"].any())
    if illustrative:
        title += f" ({COMMON['illustrative'][lang]})"
    show_md(f"## {title}")
    if illustrative:
        show_md(banner(lang))
    if r is None:
        show_md(tr(T, "no_data", lang).format(code=code))
        return Section(title, {})
    tab = own_rd.comparison_rows(tab, r)       # the national rows (own ones are not peers)
    level, label = int(r["tingkat"]), maturity_label(r["tingkat"], lang)
    n = int(tab["indeks_kesiapan"].notna().sum())
    show_md(tr(T, "summary", lang).format(
        idx=fmt(r["indeks_kesiapan"], 1, lang), lvl=level, lab=md_text(label),
        rank=int(r["peringkat"]), n=n))
    _pillar_table(r, lang)
    cuts = default_cutoffs()
    show_md(tr(T, "cutoffs", lang).format(c="; ".join(fmt(c, 1, lang) for c in cuts),
                                          r=tr(T, "reserved", lang) if len(cuts) < 4 else ""))
    show_figure(readiness_radar(r[list(PILLARS)], lang=lang, title=str(r["nama"]),
                                compare=tab[list(PILLARS)].median(), illustrative=illustrative))
    interval = (None if pd.isna(r["peringkat_p05"])
                else [float(r["peringkat_p05"]), float(r["peringkat_p95"])])
    if interval is None:
        show_md(tr(T, "no_interval", lang))
    else:
        show_md(tr(T, "interval", lang).format(
            runs=fmt(int(r["peringkat_putaran"]), 0, lang),
            lo=int(round(interval[0])), hi=int(round(interval[1])),
            med=fmt(r["peringkat_median"], 0, lang)))
    return Section(title, {
        "illustrative": illustrative, "kode_kemendagri": code, "nama": str(r["nama"]),
        "indeks_kesiapan": float(r["indeks_kesiapan"]), "tingkat": level,
        "tingkat_label": str(label), "peringkat": int(r["peringkat"]), "n_daerah": n,
        "pilar": {p: float(r[p]) for p in PILLARS}, "elemen": {e: float(r[e]) for e in ELEMENTS},
        "rentang_peringkat": interval})


def _pillar_table(r: pd.Series, lang: str) -> None:
    """Index and maturity level of each pillar (levels from the build table; "–" for a pillar
    with no scored item)."""
    show_table(pd.DataFrame(
        {tr(T, "index", lang): [fmt(r[p], 1, lang) for p in PILLARS],
         tr(T, "level", lang): ["–" if pd.isna(r[f"tingkat_{p}"]) else
                                f"{int(r[f'tingkat_{p}'])} – "
                                f"{maturity_label(r[f'tingkat_{p}'], lang)}" for p in PILLARS]},
        index=pd.Index([PILLARS[p][lang] for p in PILLARS], name=tr(COMMON, "pillar", lang))),
        lang=lang)


def rank_text(r: pd.Series, lang: str) -> str:
    """An own assessment's rank among the real own ones (never among illustrative ones), or that
    there is no real comparison group yet."""
    if pd.isna(r["peringkat"]):
        return tr(T, "no_group", lang)
    return tr(T, "rank_own", lang).format(r=int(r["peringkat"]), n=int(r["n_pembanding"]))


def _own_section(ctx: RegencyContext, tab: pd.DataFrame, r: pd.Series, title: str) -> Section:
    """The readiness of a regency's own assessment: index, levels, pillar table, pillar ×
    element grid and profile; ranked only among real own assessments."""
    lang = ctx.lang
    show_md(f"## {title}")
    source = provenance.show(ctx, "readiness_assessment")
    level, label = int(r["tingkat"]), maturity_label(r["tingkat"], lang)
    show_md(tr(T, "summary_own", lang).format(idx=fmt(r["indeks_kesiapan"], 1, lang), lvl=level,
                                              lab=md_text(label), rank=rank_text(r, lang)))
    covered = (int(r["n_butir_dinilai"]), int(r["n_butir"]))     # how much the index rests on
    show_md(tr(T, "coverage", lang).format(k=covered[0], n=covered[1]))
    _pillar_table(r, lang)
    empty = [PILLARS[p][lang] for p in PILLARS if pd.isna(r[p])]
    if empty:
        show_md(tr(T, "unscored", lang).format(items=", ".join(empty)))
    cuts = default_cutoffs()
    show_md(tr(T, "cutoffs", lang).format(c="; ".join(fmt(c, 1, lang) for c in cuts),
                                          r=tr(T, "reserved", lang) if len(cuts) < 4 else ""))
    grid = ctx.table("kesiapan_grid")
    grid = grid[grid["sumber"] == "own"] if "sumber" in grid else grid.iloc[0:0]
    if not grid.empty:
        show_md(tr(T, "grid", lang))
        m = grid_matrix(grid)
        m.index = pd.Index([PILLARS[p][lang] for p in m.index], name=tr(COMMON, "pillar", lang))
        m.columns = [ELEMENT_LABELS.get(e, {}).get(lang, e) for e in m.columns]
        show_table(m, lang=lang, decimals=1)
    peers = own_rd.comparison_rows(tab, r)
    show_figure(readiness_radar(r[list(PILLARS)].astype(float), lang=lang, title=str(r["nama"]),
                                compare=peers[list(PILLARS)].median() if len(peers) > 1
                                else None, illustrative=False))
    return Section(title, {
        "illustrative": False, "data": source, "kode_kemendagri": ctx.code,
        "nama": str(r["nama"]), "indeks_kesiapan": float(r["indeks_kesiapan"]), "tingkat": level,
        "tingkat_label": str(label),
        "peringkat": None if pd.isna(r["peringkat"]) else int(r["peringkat"]),
        "n_pembanding": int(r["n_pembanding"]), "butir_dinilai": list(covered),
        "pilar": {p: None if pd.isna(r[p]) else float(r[p]) for p in PILLARS},
        "elemen": {e: None if pd.isna(r[e]) else float(r[e]) for e in ELEMENTS},
        "pilar_elemen": {f"{g.pilar}/{g.elemen}": round(float(g.indeks), 6)
                         for g in grid.itertuples() if pd.notna(g.indeks)},
        "rentang_peringkat": None})
