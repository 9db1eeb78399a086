"""Sections of the per-regency report built on the published data (profile, evaluation,
data quality, sources). Each section displays itself and returns its headline numbers."""
from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from analysis.data.tables import DIMENSIONS_2023, EVALUATION_FILES, PROFILE_2020_FILE, PROFILE_FILE
from analysis.escape import md_format, md_text, styled
from analysis.evaluation import peer_medians
from analysis.i18n import fmt_number, tr
from analysis.plots.evaluation import dim_label, dimensions_vs_peers
from analysis.reports.context import RegencyContext

T = {
    "profile": {"id": "Profil wilayah", "en": "Regional profile"},
    "vintage_used": {"id": "Profil memakai vintase **{v}**; vintase lain ditampilkan untuk perbandingan.",
                     "en": "The profile uses vintage **{v}**; other vintages are shown for comparison."},
    "evaluation": {"id": "Evaluasi Smart City Kominfo", "en": "Kominfo Smart City evaluation"},
    "in_data": {"id": "Evaluasi dalam data: {years}.", "en": "Evaluations in the data: {years}."},
    "none": {"id": "tidak ada", "en": "none"},
    "not_listed": {"id": "**{year}**: {name} tidak tercantum dalam tabel evaluasi {year}.",
                   "en": "**{year}**: {name} is not listed in the {year} evaluation table."},
    "not_evaluated": {"id": "**{year}**: {name} tercantum dengan semua nilai 0, artinya tidak "
                            "mengikuti evaluasi (bukan skor nol).",
                      "en": "**{year}**: {name} is listed with all zeros: it did not take part "
                            "(not evaluated, not a score of zero)."},
    "year_head": {"id": "Tahun {year} (kelompok {grp})", "en": "Year {year} (group {grp})"},
    "rank": {"id": "Peringkat {r} dari {n} daerah dalam kelompoknya; peringkat {rn} dari {nn} "
                   "daerah yang dievaluasi tahun itu.",
             "en": "Rank {r} of {n} regencies in its group; rank {rn} of {nn} regencies evaluated "
                   "that year."},
    "residual": {"id": "Nilai final dihitung ulang dari skor dimensi tercetak (bobot {fw}) = "
                       "{calc}; nilai terbitan {pub}; residu {res} (pembulatan dua desimal pada "
                       "sumber).",
                 "en": "Final recomputed from the printed dimension scores (weights {fw}) = "
                       "{calc}; published {pub}; residual {res} (two-decimal rounding in the "
                       "source)."},
    "improvement": {"id": "Kenaikan menurut Kominfo dibanding 2022: {imp}.",
                    "en": "Kominfo's improvement figure against 2022: {imp}."},
    "improvement_placeholder": {
        "id": "Kenaikan menurut Kominfo dibanding 2022: dicetak {imp}, tetapi daerah ini tidak ada "
              "dalam tabel 2022, jadi angka itu pengisi tempat, bukan hasil ukur (dianggap hilang).",
        "en": "Kominfo's improvement figure against 2022: printed {imp}, but this regency is not "
              "in the 2022 table, so it is a placeholder, not a measurement (treated as missing)."},
    "quality": {"id": "Catatan kualitas data", "en": "Data-quality notes"},
    "no_quality": {"id": "Tidak ada catatan kualitas data untuk daerah ini.",
                   "en": "No data-quality notes concern this regency."},
    "sources": {"id": "Sumber data", "en": "Data sources"},
    "density": {"id": "Kepadatan", "en": "Density"},
}
PROFILE_ROWS = [("nama", "Nama", "Name"), ("provinsi", "Provinsi", "Province"),
                ("kode_kemendagri", "Kode Kemendagri", "Kemendagri code"),
                ("kode_bps", "Kode BPS", "BPS code"), ("luas_km2", "Luas (km²)", "Area (km²)"),
                ("penduduk", "Penduduk (jiwa)", "Population"),
                ("kepadatan", "Kepadatan (jiwa/km²)", "Density (per km²)"),
                ("kecamatan", "Kecamatan", "Districts (kecamatan)"),
                ("desa", "Desa", "Villages (desa)"), ("kelurahan", "Kelurahan", "Urban villages (kelurahan)"),
                ("ipm_2021", "IPM 2021 (BPS)", "HDI 2021 (BPS)")]


def fmt(x, decimals: int = 2, lang: str = "id") -> str:
    """Number for reading (see :func:`analysis.i18n.fmt_number`)."""
    return fmt_number(x, decimals, lang)


def heading(text: str, level: int = 2) -> None:
    display(Markdown(f"{'#' * level} {text}"))


def show_table(df: pd.DataFrame, index: bool = True) -> None:
    """Display a table for reading: full cell text, no row numbers unless meaningful."""
    display(styled(df, index).set_table_attributes('class="dataframe"'))


def profile_section(ctx: RegencyContext) -> dict:
    lang = ctx.lang
    heading(tr(T, "profile", lang))
    p = ctx.profile
    display(Markdown(md_format(tr(T, "vintage_used", lang), v=str(p["vintage"]))))
    cols = {}
    for _, v in ctx.vintages.iterrows():
        cols[f"{'Vintase' if lang == 'id' else 'Vintage'} {v['vintage']}"] = [
            _cell(v.get(k), k, lang) for k, _, _ in PROFILE_ROWS]
    idx = [(lab_id if lang == "id" else lab_en) for _, lab_id, lab_en in PROFILE_ROWS]
    show_table(pd.DataFrame(cols, index=idx))
    return {"vintage": p["vintage"], "luas_km2": p["luas_km2"], "penduduk": p["penduduk"],
            "kepadatan": p["kepadatan"],
            "ipm_2021": p.get("ipm_2021") if pd.notna(p.get("ipm_2021")) else None}


def _cell(v, key: str, lang: str) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return "–"
    if key in ("luas_km2", "kepadatan", "ipm_2021"):
        return fmt(v, 2, lang)
    if key in ("penduduk", "kecamatan", "desa", "kelurahan"):
        return fmt(v, 0, lang)
    return str(v)


def evaluation_section(ctx: RegencyContext) -> dict:
    lang, out = ctx.lang, {}
    heading(tr(T, "evaluation", lang))
    years_in = [y for y in ctx.years if (r := ctx.evaluation(y)) is not None and r["dievaluasi"]]
    display(Markdown(tr(T, "in_data", lang).format(
        years=", ".join(map(str, years_in)) or tr(T, "none", lang))))
    for year in ctx.years:
        row = ctx.evaluation(year)
        if row is None:
            display(Markdown(md_format(tr(T, "not_listed", lang), year=year, name=ctx.name)))
            continue
        if not row["dievaluasi"]:
            display(Markdown(md_format(tr(T, "not_evaluated", lang), year=year, name=ctx.name)))
            out[str(year)] = {"dievaluasi": False}
            continue
        out[str(year)] = _one_year(ctx, year, row)
    return out


def _one_year(ctx: RegencyContext, year: int, row: pd.Series) -> dict:
    lang = ctx.lang
    grp = row["kelompok"] if isinstance(row["kelompok"], str) else ("kohort 2021" if lang == "id" else "2021 cohort")
    heading(md_format(tr(T, "year_head", lang), year=year, grp=grp), 3)
    dims = [d for d in DIMENSIONS_2023 if d in row.index and pd.notna(row[d])]
    table = pd.DataFrame({
        ("Skor" if lang == "id" else "Score"): [fmt(row[d], 2, lang) for d in dims] +
        [fmt(row["nilai_final"], 2, lang)]},
        index=[dim_label(d, lang) for d in dims] + [dim_label("nilai_final", lang)])
    show_table(table.T)
    display(Markdown(tr(T, "rank", lang).format(
        r=int(row["peringkat_kelompok"]), n=int(row["n_kelompok"]),
        rn=int(row["peringkat_nasional"]), nn=int(row["n_nasional"]))))
    display(Markdown(tr(T, "residual", lang).format(
        fw=md_text(row["framework"]), calc=fmt(row["nilai_final_hitung"], 3, lang),
        pub=fmt(row["nilai_final"], 2, lang), res=fmt(row["residu"], 3, lang))))
    if year != min(ctx.years):
        printed = row.get("improvement_tercetak", row["improvement"])
        key = "improvement_placeholder" if pd.isna(row["improvement"]) and pd.notna(printed) \
            else "improvement"
        display(Markdown(tr(T, key, lang).format(imp=fmt(printed, 2, lang))))
    kel = row["kelompok"] if isinstance(row["kelompok"], str) else None
    med = peer_medians(ctx.evaluations, year, kel)
    fig = dimensions_vs_peers(row, med, year, ctx.name, int(row["n_kelompok"]), lang)
    display(fig)
    import matplotlib.pyplot as plt
    plt.close(fig)
    return {"dievaluasi": True, "kelompok": kel, "nilai_final": row["nilai_final"],
            "nilai_final_hitung": row["nilai_final_hitung"], "residu": row["residu"],
            "peringkat_kelompok": row["peringkat_kelompok"], "n_kelompok": row["n_kelompok"],
            "improvement": row["improvement"], **{d: row[d] for d in dims}}


def quality_section(ctx: RegencyContext) -> dict:
    lang = ctx.lang
    heading(tr(T, "quality", lang))
    q = ctx.quality
    if q.empty:
        display(Markdown(tr(T, "no_quality", lang)))
    else:
        suffix = "_en" if lang == "en" else ""
        view = q[["tahun", "file", "row", "column", "value", f"issue{suffix}",
                  f"handling{suffix}"]].copy()
        view["value"] = [fmt(v, 2, lang) for v in view["value"]]
        view.columns = (["year", "file", "row", "column", "value", "issue", "handling"]
                        if lang == "en" else
                        ["tahun", "berkas", "baris", "kolom", "nilai", "masalah", "penanganan"])
        show_table(view.reset_index(drop=True), index=False)
    return {"n_catatan": int(len(q))}


def sources_section(ctx: RegencyContext) -> dict:
    lang = ctx.lang
    heading(tr(T, "sources", lang))
    files = (ctx.manifest.get("files") or {})
    used = [EVALUATION_FILES[y] for y in ctx.years] + [PROFILE_FILE, PROFILE_2020_FILE]
    lines = []
    for name in used:
        e = files.get(name)
        if not e:
            continue
        ill = f" — **{tr({}, 'illustrative', lang)}**" if e.get("illustrative") else ""
        lines.append(f"- `{name}`: {md_text(str(e.get('source', '')).strip())} (vintase/vintage "
                     f"{md_text(e.get('vintage'))}; {md_text(e.get('licence', ''))}){ill}")
    display(Markdown("\n".join(lines) or "–"))
    return {"files": [n for n in used if n in files]}


H = {
    "title": {"id": "Laporan Smart City: {name}", "en": "Smart City report: {name}"},
    "sub": {"id": "{prov} · kode Kemendagri {kd} · kode BPS {kb}",
            "en": "{prov} · Kemendagri code {kd} · BPS code {kb}"},
    "latest": {"id": "Nilai final {year}: **{score}** (peringkat {r} dari {n} dalam kelompok {grp}).",
               "en": "Final score {year}: **{score}** (rank {r} of {n} in group {grp})."},
    "never": {"id": "Belum ada hasil evaluasi Kominfo untuk daerah ini dalam data.",
              "en": "The data hold no Kominfo evaluation result for this regency."},
    "maturity": {"id": "Tingkat kematangan (penilaian kesiapan, **data ilustratif**): **{lvl} – {lab}** "
                       "(indeks {idx} dari 100; peringkat {r} dari {n}).",
                 "en": "Maturity level (readiness assessment, **illustrative data**): **{lvl} – {lab}** "
                       "(index {idx} of 100; rank {r} of {n})."},
}


def header_section(ctx: RegencyContext) -> dict:
    """The first screen: regency, codes, latest headline score and rank, illustrative banner."""
    lang, p = ctx.lang, ctx.profile
    lines = [f"# {md_format(tr(H, 'title', lang), name=ctx.name)}",
             md_format(tr(H, "sub", lang), prov=p["provinsi"] if isinstance(p.get("provinsi"), str)
                       else "–", kd=str(ctx.code), kb=str(p["kode_bps"]))]
    if ctx.illustrative:
        lines.insert(1, f"> **{tr({}, 'illustrative', lang)}**")
    out = {"kode_kemendagri": ctx.code, "kode_bps": p["kode_bps"], "nama": ctx.name}
    latest = [y for y in ctx.years if (r := ctx.evaluation(y)) is not None and r["dievaluasi"]]
    if latest:
        y = max(latest)
        r = ctx.evaluation(y)
        grp = r["kelompok"] if isinstance(r["kelompok"], str) else "2021"
        lines.append(tr(H, "latest", lang).format(year=y, score=fmt(r["nilai_final"], 2, lang),
                                                  r=int(r["peringkat_kelompok"]), n=int(r["n_kelompok"]),
                                                  grp=md_text(grp)))
        out.update(tahun_terakhir=y, nilai_final=r["nilai_final"],
                   peringkat_kelompok=r["peringkat_kelompok"], n_kelompok=r["n_kelompok"])
    else:
        lines.append(tr(H, "never", lang))
    out.update(_maturity_line(ctx, lines))
    display(Markdown("\n\n".join(lines)))
    return out


def _maturity_line(ctx: RegencyContext, lines: list[str]) -> dict:
    """Append the readiness maturity level to the first screen when assessments exist."""
    from analysis.readiness import has_assessments, readiness_table
    if not has_assessments(ctx.data_dir):
        return {}
    tab = readiness_table(ctx.data_dir, lang=ctx.lang)
    row = tab[tab.kode_kemendagri == ctx.code]
    if row.empty:
        return {}
    r = row.iloc[0]
    lines.append(tr(H, "maturity", ctx.lang).format(
        lvl=int(r["tingkat"]), lab=md_text(r["tingkat_label"]),
        idx=fmt(r["indeks_kesiapan"], 1, ctx.lang),
        r=int(r["peringkat"]), n=int(tab["indeks_kesiapan"].notna().sum())))
    return {"tingkat_kematangan": int(r["tingkat"]), "indeks_kesiapan": float(r["indeks_kesiapan"])}
