"""Report section: the future analysis (*analisis masa depan*) — where the regency is heading
on its key BPS indicators over ten years, with backtested intervals, and when it would reach
its province's median and Java's at its own pace (build tables ``proyeksi``,
``tanpa_proyeksi``, ``uji_balik``, ``proyeksi_capaian``, ``panel_bps``)."""
from __future__ import annotations

import pandas as pd

from analysis.escape import md_text
from analysis.i18n import fmt_number, texts, tr
from analysis.plots.future import fan_charts
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import Section, fmt, heading, show_html, show_md, \
    show_table
from analysis.reports.sections.competitiveness import DECIMALS, label

T = texts("reports.sections.future")
#: The variables the section shows, in order (those of the default projection).
KEY_VARIABLES = ("ipm", "uhh", "hls", "rls", "pengeluaran", "pdrb_per_kapita")
#: The variable and horizons of the accuracy sentence.
ACCURACY_VARIABLE, ACCURACY_HORIZONS = "ipm", (1, 5)


def section(ctx: RegencyContext) -> Section:
    """Projection table, fan charts, the backtest's accuracy in one sentence; records per
    variable the value at the origin and at the horizon with its interval, the method and the
    years the medians are reached."""
    lang = ctx.lang
    title = tr(T, "title", lang)
    heading(title)
    proj = ctx.table("proyeksi") if "proyeksi" in ctx.tables else pd.DataFrame()
    if proj.empty:
        show_md(tr(T, "no_data", lang))
        return Section(title, {})
    origin = int(proj["tahun"].min()) - 1
    horizon = int(proj["tahun"].max())
    level = float(proj["tingkat"].iloc[0])
    history = ctx.table("panel_bps")
    history = history[history["tahun"] <= origin]
    reach = ctx.table("proyeksi_capaian")
    show_md(tr(T, "intro", lang).format(origin=origin, horizon=horizon,
                                        level=fmt_number(100 * level, 0, lang)))
    variables = [v for v in KEY_VARIABLES if (proj["variabel"] == v).any()]
    rows, record = [], {}
    for v in variables:
        row, rec = _variable(v, history, proj, reach, origin, horizon, lang)
        rows.append(row)
        record[v] = rec
    show_table(pd.DataFrame(rows), index=False)
    show_md(tr(T, "reach_rule", lang))
    show_html(fan_charts(history, proj, variables, {v: label(v, lang) for v in variables},
                         lang, DECIMALS))
    accuracy = _accuracy(ctx, proj, lang)
    if accuracy:
        show_md(accuracy)
    untested = _untested(ctx, variables)
    if untested:
        show_md(tr(T, "borrowed", lang).format(items=", ".join(label(v, lang) for v in untested)))
    missing = ctx.table("tanpa_proyeksi")
    if not missing.empty:
        show_md(tr(T, "missing", lang).format(items="; ".join(
            f"{label(r['variabel'], lang)}: {md_text(r['alasan'])}"
            for _, r in missing.iterrows())))
    show_md(tr(T, "source", lang))
    return Section(title, {"tahun_asal": origin, "tahun_horizon": horizon, "tingkat": level,
                           "variabel": record})


def _reach_text(reach: pd.DataFrame, variable: str, group: str, lang: str):
    r = reach[(reach["variabel"] == variable) & (reach["pembanding"] == group)]
    if r.empty:
        return "–", None
    r = r.iloc[0]
    year = None if pd.isna(r["tahun_capai"]) else int(r["tahun_capai"])
    return tr(T, f"reach_{r['status']}", lang).format(year=year), year


def _variable(v: str, history, proj, reach, origin: int, horizon: int, lang: str):
    d = DECIMALS.get(v, 2)
    h = history[history["variabel"] == v]
    last = h[h["tahun"] == origin]["nilai"]
    p = proj[(proj["variabel"] == v) & (proj["tahun"] == horizon)].iloc[0]
    prov, prov_year = _reach_text(reach, v, "provinsi", lang)
    java, java_year = _reach_text(reach, v, "jawa_sejenis", lang)
    row = {tr(T, "col_variable", lang): label(v, lang),
           tr(T, "col_origin", lang).format(year=origin):
               fmt(last.iloc[0], d, lang) if len(last) else "–",
           tr(T, "col_horizon", lang).format(year=horizon): fmt(p["nilai"], d, lang),
           tr(T, "col_interval", lang): f"{fmt(p['batas_bawah'], d, lang)} – "
                                        f"{fmt(p['batas_atas'], d, lang)}",
           tr(T, "col_method", lang): tr(T, f"method_{p['metode']}", lang),
           tr(T, "col_province", lang): prov, tr(T, "col_java", lang): java}
    rec = {"nilai_asal": float(last.iloc[0]) if len(last) else None,
           "nilai_horizon": float(p["nilai"]), "batas_bawah": float(p["batas_bawah"]),
           "batas_atas": float(p["batas_atas"]), "metode": str(p["metode"]),
           "capai_median_provinsi": prov_year, "capai_median_jawa": java_year}
    return row, rec


def _untested(ctx: RegencyContext, variables: list[str]) -> list[str]:
    """Variables the backtest could not test (too short a series): their intervals borrow
    the other variables' calibration."""
    if "uji_balik" not in ctx.tables:
        return []
    ub = ctx.table("uji_balik", regency=False)
    tested = set(ub.loc[ub["n_cakupan"] > 0, "variabel"])
    return [v for v in variables if v not in tested]


def _accuracy(ctx: RegencyContext, proj: pd.DataFrame, lang: str) -> str:
    """One sentence: the chosen method's backtest error for IPM one and five years ahead and
    how often its intervals held what was later published (pooled over horizons)."""
    if "uji_balik" not in ctx.tables:
        return ""
    ub = ctx.table("uji_balik", regency=False)
    v = ACCURACY_VARIABLE
    methods = proj.loc[proj["variabel"] == v, "metode"]
    if methods.empty:
        return ""
    bt = ub[(ub["variabel"] == v) & (ub["metode"] == methods.iloc[0])].set_index("horizon")
    if not all(h in bt.index for h in ACCURACY_HORIZONS) or bt["n_cakupan"].sum() == 0:
        return ""
    covered = (bt["cakupan"] * bt["n_cakupan"]).sum() / bt["n_cakupan"].sum()
    h1, h5 = ACCURACY_HORIZONS
    return tr(T, "accuracy", ctx.lang).format(
        label=label(v, lang), mae1=fmt(bt.loc[h1, "mae"], 2, lang),
        mae5=fmt(bt.loc[h5, "mae"], 2, lang), h5=h5,
        cov=fmt_number(100 * covered, 0, lang), n=fmt_number(int(bt["n_cakupan"].sum()), 0, lang),
        level=fmt_number(100 * float(proj["tingkat"].iloc[0]), 0, lang),
        o0=int(bt["n_asal"].max()))
