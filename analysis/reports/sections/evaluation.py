"""Report section: the Kominfo evaluation per year (scores, ranks, recomputed final and its
residual, improvement, dimensions against the peer medians)."""
from __future__ import annotations

import pandas as pd

from analysis.data.raw_tables import DIMENSIONS_2023
from analysis.escape import md_format, md_text
from analysis.evaluation import peer_medians
from analysis.i18n import COMMON, texts, tr
from analysis.processed.figures import CHART_FILE
from analysis.plots.evaluation import backdrop_key, dim_label, dimensions_vs_peers
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import (Section, fmt, heading, show_figure, show_md,
                                              show_table, stored_backdrop)

T = texts("reports.sections.evaluation")


def section(ctx: RegencyContext) -> Section:
    """Every evaluation year of the regency; records per year its scores and ranks."""
    lang, out = ctx.lang, {}
    title = tr(T, "evaluation", lang)
    heading(title)
    years_in = [y for y in ctx.years if (r := ctx.evaluation(y)) is not None and r["dievaluasi"]]
    show_md(tr(T, "in_data", lang).format(
        years=", ".join(map(str, years_in)) or tr(T, "none", lang)))
    for year in ctx.years:
        row = ctx.evaluation(year)
        if row is None:
            show_md(md_format(tr(T, "not_listed", lang), year=year, name=ctx.name))
            continue
        if not row["dievaluasi"]:
            show_md(md_format(tr(T, "not_evaluated", lang), year=year, name=ctx.name))
            out[str(year)] = {"dievaluasi": False}
            continue
        out[str(year)] = _one_year(ctx, year, row)
    return Section(title, out)


def _one_year(ctx: RegencyContext, year: int, row: pd.Series) -> dict:
    lang = ctx.lang
    grp = row["kelompok"] if isinstance(row["kelompok"], str) else (
        tr(COMMON, "cohort_2021", lang))
    heading(md_format(tr(T, "year_head", lang), year=year, grp=grp), 3)
    dims = [d for d in DIMENSIONS_2023 if d in row.index and pd.notna(row[d])]
    table = pd.DataFrame({
        tr(T, "score_col", lang): [fmt(row[d], 2, lang) for d in dims] +
        [fmt(row["nilai_final"], 2, lang)]},
        index=[dim_label(d, lang) for d in dims] + [dim_label("nilai_final", lang)])
    show_table(table.T, lang=lang)
    show_md(tr(T, "rank", lang).format(
        r=int(row["peringkat_kelompok"]), n=int(row["n_kelompok"]),
        rn=int(row["peringkat_nasional"]), nn=int(row["n_nasional"])))
    show_md(tr(T, "residual", lang).format(
        fw=md_text(row["kerangka"]), calc=fmt(row["nilai_final_hitung"], 3, lang),
        pub=fmt(row["nilai_final"], 2, lang), res=fmt(row["residu"], 3, lang)))
    if year != min(ctx.years):
        printed = row.get("improvement_tercetak", row["improvement"])
        key = "improvement_placeholder" if pd.isna(row["improvement"]) and pd.notna(printed) \
            else "improvement"
        show_md(tr(T, key, lang).format(imp=fmt(printed, 2, lang)))
    kel = row["kelompok"] if isinstance(row["kelompok"], str) else None
    med = peer_medians(ctx.evaluations, year, kel)
    back = stored_backdrop(ctx, CHART_FILE, backdrop_key(year, kel, lang))
    show_figure(dimensions_vs_peers(row, med, year, ctx.name, int(row["n_kelompok"]), lang,
                                    backdrop=back), fixed_layout=True)
    return {"dievaluasi": True, "kelompok": kel, "nilai_final": row["nilai_final"],
            "nilai_final_hitung": row["nilai_final_hitung"], "residu": row["residu"],
            "peringkat_kelompok": row["peringkat_kelompok"], "n_kelompok": row["n_kelompok"],
            "improvement": row["improvement"], **{d: row[d] for d in dims}}
