"""Report section: competitiveness (*analisis daya saing*) — where the regency stands against
its province and against Java's regencies of the same kind, indicator by indicator, from the
BPS panel (build tables ``daya_saing`` and ``daya_saing_tren``), with the Kominfo final and the
readiness index beside them, and BRIN's IDSD scores when the regency added its own (build table
``idsd``, labelled as its own data)."""
from __future__ import annotations

import pandas as pd

from analysis.data import idsd
from analysis.data.panel import VARIABLES
from analysis.escape import md_text
from analysis.i18n import COMMON, texts, tr
from analysis.plots.competitiveness import series_vs_medians
from analysis.reports.context import RegencyContext
from analysis.reports.sections import provenance
from analysis.reports.sections.common import Section, fmt, heading, show_html, show_md, \
    show_table, text

T = texts("reports.sections.competitiveness")
#: Decimals a variable is read with (as BPS publishes it).
DECIMALS = {"ipm": 2, "uhh": 2, "hls": 2, "rls": 2, "pengeluaran": 0, "garis_kemiskinan": 0,
            "tpt": 2, "pdrb": 0, "pdrb_per_kapita": 0}
#: The variable drawn year by year against the medians.
CHART_VARIABLE = "ipm"


def label(variable: str, lang: str) -> str:
    """Reader's name of a panel variable."""
    v = VARIABLES.get(variable, {})
    return v.get(f"label_{lang}", variable)


def latest_rows(ds: pd.DataFrame) -> pd.DataFrame:
    """Each variable's row of its latest year with a value (variables in panel order)."""
    last = ds.sort_values("tahun").groupby("variabel", sort=False).tail(1)
    order = {v: i for i, v in enumerate(VARIABLES)}
    return last.sort_values("variabel", key=lambda s: s.map(order)).reset_index(drop=True)


def section(ctx: RegencyContext) -> Section:
    """The regency's latest standing per variable, the gap trend, the IPM chart; records per
    variable the latest value, rank, gap to Java and trend verdict."""
    lang = ctx.lang
    title = tr(T, "title", lang)
    heading(title)
    ds = ctx.table("daya_saing") if "daya_saing" in ctx.tables else pd.DataFrame()
    if ds.empty:
        show_md(tr(T, "no_data", lang))
        own = show_idsd(ctx)
        return Section(title, {"idsd": own} if own else {})
    trend = ctx.table("daya_saing_tren").set_index("variabel")
    last = latest_rows(ds)
    kind = tr(T, str(last["jenis"].iloc[0]), lang)
    judged = last[last["unggul_jawa"].notna()]
    ahead = judged[judged["unggul_jawa"].astype(bool)]
    behind = judged[~judged["unggul_jawa"].astype(bool)]
    show_md(tr(T, "intro", lang).format(prov=md_text(text(last["provinsi"].iloc[0])),
                                        kind=kind))
    show_md(tr(T, "summary", lang).format(
        name=md_text(ctx.name), a=len(ahead), n=len(judged), kind=kind,
        ahead=_names(ahead, lang), behind=_names(behind, lang)))
    standing, more = _tables(last, trend, _peer_medians(ctx), kind, lang)
    show_table(standing, index=False)
    show_md(tr(T, "table_more", lang))
    show_table(more, index=False)
    names = _peer_names(ctx)
    if names:
        show_md(tr(T, "peers", lang).format(n=len(names), kind=kind,
                                            names=", ".join(md_text(n) for n in names)))
    show_md(tr(T, "rules", lang))
    chart = ds[ds["variabel"] == CHART_VARIABLE]
    if not chart.empty:
        show_html(series_vs_medians(chart, ctx.name, label(CHART_VARIABLE, lang), lang,
                                    DECIMALS[CHART_VARIABLE]))
    beside = _beside(ctx)
    if beside:
        show_md(beside)
    show_md(tr(T, "source", lang))
    record = {"n_indikator": len(judged), "n_unggul_jawa": len(ahead),
              "indikator": {r["variabel"]: _record(r, trend) for _, r in last.iterrows()}}
    own = show_idsd(ctx)
    if own:
        record["idsd"] = own
    return Section(title, record)


def show_idsd(ctx: RegencyContext) -> dict | None:
    """BRIN IDSD scores the regency added as its own data (build table ``idsd``): the 12
    pillars in their 4 components, 0–5, one column per year, the published overall when given,
    with whose data they are and the file. Nothing is shown without them (the workbench ships
    no IDSD numbers). Returns the record ``{year: {pillar code: score}}`` and the files."""
    if "idsd" not in ctx.tables:
        return None
    rows = ctx.table("idsd")
    if rows.empty:
        return None
    lang = ctx.lang
    heading(tr(T, "idsd_title", lang), 3)
    show_md(tr(T, "idsd_intro", lang))
    files = list(dict.fromkeys(str(f) for f in rows["berkas"]))
    if provenance.show(ctx, "idsd") is None:
        show_md(f"*{md_text(tr(T, 'idsd_own', lang))}* ({', '.join(md_text(f) for f in files)})")
    years = sorted(int(y) for y in rows["tahun"].unique())
    comps = {c.code: getattr(c, lang) for c in idsd.COMPONENTS}
    lines = [(comps[p.component], f"{p.number}. {getattr(p, lang)}", p.code)
             for p in idsd.PILLARS]            # all 12, in BRIN's order (missing: "–")
    if (rows["pilar"] == idsd.OVERALL).any():
        lines.append(("", idsd.SETTINGS["overall"][lang], idsd.OVERALL))
    table = []
    for component, pillar, code in lines:
        mine = rows[rows["pilar"] == code].set_index("tahun")["skor"]
        table.append({tr(T, "idsd_col_component", lang): component,
                      tr(T, "idsd_col_pillar", lang): pillar,
                      **{str(y): fmt(mine.get(y), 2, lang) for y in years}})
    show_table(pd.DataFrame(table), index=False)
    show_md(tr(T, "idsd_note", lang))
    return {"tahun": years, "berkas": files,
            "skor": {y: {str(r["pilar"]): float(r["skor"])
                         for _, r in rows[rows["tahun"] == y].iterrows()} for y in years}}


def _names(rows: pd.DataFrame, lang: str) -> str:
    return ", ".join(label(v, lang) for v in rows["variabel"]) or tr(T, "none", lang)


def _trend_text(variable: str, trend: pd.DataFrame, decimals: int, lang: str) -> str:
    if variable not in trend.index:
        return "–"
    t = trend.loc[variable]
    verdict = f"{t['putusan']}_{t['posisi_akhir']}"
    key = verdict if verdict in T else str(t["putusan"])
    rate = fmt(abs(float(t["laju_penyempitan"])), decimals + 1, lang)
    return tr(T, key, lang).format(rate=rate, y0=int(t["tahun_awal"]), y1=int(t["tahun_akhir"]))


def _peer_medians(ctx: RegencyContext) -> pd.Series:
    """Median of the regency's profile peers by (variable, year); empty without peers."""
    if "daya_saing_pembanding" not in ctx.tables:
        return pd.Series(dtype=float)
    pm = ctx.table("daya_saing_pembanding")
    return pm.set_index(["variabel", "tahun"])["median_kelompok"]


def _peer_names(ctx: RegencyContext) -> list[str]:
    """Names of the regency's profile peers, nearest first."""
    if "pembanding_profil" not in ctx.tables or "wilayah_bps" not in ctx.tables:
        return []
    peers = ctx.table("pembanding_profil").sort_values("urutan")
    names = ctx.table("wilayah_bps", regency=False).set_index("kode_kemendagri")["nama"]
    return [str(names.get(k, k)) for k in peers["kode_pembanding"]]


def _tables(last: pd.DataFrame, trend: pd.DataFrame, peers: pd.Series, kind: str,
            lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The standing per indicator (value, rank, province and Java medians, gap, position) and,
    apart, the other comparisons (similar regencies, national percentile, gap trend): one table
    of eleven columns would not fit an A4 page."""
    rows = []
    for _, r in last.iterrows():
        d = DECIMALS.get(r["variabel"], 2)
        peer = peers.get((r["variabel"], int(r["tahun"])))
        rows.append({
            tr(T, "col_variable", lang): label(r["variabel"], lang),
            tr(T, "col_year", lang): str(int(r["tahun"])),
            tr(T, "col_value", lang): fmt(r["nilai"], d, lang),
            tr(T, "col_rank", lang): f"{int(r['peringkat_provinsi'])} / {int(r['n_provinsi'])}",
            tr(T, "col_province", lang): fmt(r["median_provinsi"], d, lang),
            tr(T, "col_java", lang).format(kind=kind): fmt(r["median_jawa_sejenis"], d, lang),
            tr(T, "col_gap", lang): _signed(r["selisih_jawa"], d, lang),
            tr(T, "col_peers", lang): fmt(peer, d, lang),
            tr(T, "col_position", lang): tr(T, "pos_" + _side(r), lang),
            tr(T, "col_percentile", lang): fmt(r["persentil_nasional"], 0, lang),
            tr(T, "col_trend", lang): _trend_text(r["variabel"], trend, d, lang)})
    table = pd.DataFrame(rows)
    variable = tr(T, "col_variable", lang)
    more = [tr(T, c, lang) for c in ("col_peers", "col_percentile", "col_trend")]
    return table.drop(columns=more), table[[variable, *more]]


def _side(r) -> str:
    if pd.isna(r["unggul_jawa"]):
        return "neutral"
    return "ahead" if bool(r["unggul_jawa"]) else "behind"


def _signed(x, decimals: int, lang: str) -> str:
    s = fmt(x, decimals, lang)
    return s if s.startswith("-") or s == "–" or float(x) == 0 else "+" + s


def _beside(ctx: RegencyContext) -> str:
    """The Kominfo final (latest evaluated year) and the readiness index in one sentence."""
    lang, parts = ctx.lang, []
    for year in reversed(ctx.years):
        row = ctx.evaluation(year)
        if row is not None and row["dievaluasi"]:
            parts.append(tr(T, "final", lang).format(
                year=year, v=fmt(row["nilai_final"], 2, lang), r=int(row["peringkat_nasional"]),
                n=int(row["n_nasional"])))
            break
    if "kesiapan" in ctx.tables:
        k = ctx.table("kesiapan")
        if not k.empty and pd.notna(k["indeks_kesiapan"].iloc[-1]):
            r = k.iloc[-1]
            note = f" ({COMMON['illustrative'][lang]})" if bool(r["illustrative"]) else ""
            parts.append(tr(T, "readiness", lang).format(v=fmt(r["indeks_kesiapan"], 1, lang),
                                                         note=note))
    return (tr(T, "beside", lang) + " " + "; ".join(parts) + ".") if parts else ""


def _record(r, trend: pd.DataFrame) -> dict:
    t = trend.loc[r["variabel"]] if r["variabel"] in trend.index else None
    return {"tahun": int(r["tahun"]), "nilai": float(r["nilai"]),
            "peringkat_provinsi": int(r["peringkat_provinsi"]),
            "n_provinsi": int(r["n_provinsi"]),
            "median_jawa_sejenis": float(r["median_jawa_sejenis"]),
            "selisih_jawa": float(r["selisih_jawa"]),
            "unggul_jawa": None if pd.isna(r["unggul_jawa"]) else bool(r["unggul_jawa"]),
            "putusan_tren": None if t is None else str(t["putusan"])}
