"""Report section: progress against the masterplan — share of planned programmes running,
on track / behind / ahead per pillar, completion per action-plan category, the Gantt chart and
the Kominfo score trend — read from the build tables ``program*`` and ``evaluasi``."""
from __future__ import annotations


from analysis.i18n import PILLARS, texts, tr
from analysis.masterplan.progress import evaluation_trend
from analysis.plots.progress import gantt
from analysis.reports.context import RegencyContext
from analysis.reports.sections import provenance
from analysis.reports.sections.common import Section, show, show_figure, show_md, show_styled

T = texts("reports.sections.progress")
COLUMN_TEXT = texts("reports.sections.progress.columns")


def _headers(lang: str) -> dict:
    """Column headers of the report tables in the report's language."""
    return {k: tr(COLUMN_TEXT, k, lang) for k in COLUMN_TEXT}


def _pct(v: float, lang: str) -> str:
    s = f"{v:.2f}"
    return s.replace(".", ",") if lang == "id" else s


def section(ctx: RegencyContext) -> Section:
    """The latest reported year's shares, trajectory and category completion, the Gantt chart
    and the score trend; records them. No programme data: one sentence and ``{}``."""
    lang = ctx.lang
    o = provenance.open_section(ctx, T, "program", "programmes", "heading")
    if o.rows.empty:
        return Section(o.title, {})
    title, prog, ill = o.title, o.rows, o.illustrative
    shares = ctx.table("program_capaian")
    year = int(shares["year"].max())
    tot = shares[(shares.year == year) & (shares.pillar == "all")].iloc[0]
    show_md(tr(T, "share", lang).format(year=year, run=int(tot.running), plan=int(tot.planned),
                                        pct=_pct(tot.share_pct, lang)))
    traj = ctx.table("program_lintasan")
    latest = traj[traj.year == year].set_index("pillar")
    tab = shares[shares.year == year].set_index("pillar").drop(
        columns=["year", "kode_kemendagri", "illustrative"])
    tab["status"] = [tr(T, latest.at[p, "status"], lang) if p in latest.index else ""
                     for p in tab.index]
    tab.index = [PILLARS[p][lang] if p in PILLARS else tr(T, "all", lang) for p in tab.index]
    show(tab.rename(columns=_headers(lang)))
    cats = ctx.table("program_kategori")
    cats = cats[cats.year == year].drop(columns=["kode_kemendagri", "illustrative"])
    show_styled(cats.reset_index(drop=True).rename(columns=_headers(lang)))
    show_figure(gantt(prog, ctx.table("program_status"), lang, illustrative=ill, title=ctx.code))
    trend = evaluation_trend(ctx.code, evaluations=ctx.evaluations)
    if trend["improvement"].notna().any():
        show_md(tr(T, "trend", lang))
        show(trend)
    else:
        show_md(tr(T, "trend_none", lang))
    return Section(title, {
        "tahun": year, "direncanakan": int(tot.planned), "berjalan": int(tot.running),
        "persen_berjalan": float(tot.share_pct), "illustrative": ill,
        "lintasan": {p: latest.at[p, "status"] for p in latest.index},
        "tahun_evaluasi": [int(y) for y in trend["year"]]})
