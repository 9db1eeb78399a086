"""Report section: the data-quality notes that concern the regency."""
from __future__ import annotations

import pandas as pd

from analysis.i18n import texts, tr
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import Section, fmt, heading, show_md, show_table

T = texts("reports.sections.quality")


def section(ctx: RegencyContext) -> Section:
    """The regency's rows of the data-quality log; records how many there are."""
    lang = ctx.lang
    title = tr(T, "quality", lang)
    heading(title)
    q = ctx.quality
    if q.empty:
        show_md(tr(T, "no_quality", lang))
    else:
        suffix = "_en" if lang == "en" else ""
        view = q[["tahun", "file", "row", "column", "value", f"issue{suffix}",
                  f"handling{suffix}"]].copy()
        view["value"] = [fmt(v, 2, lang) for v in view["value"]]
        view["tahun"] = [str(int(y)) if pd.notna(y) else None for y in view["tahun"]]
        view["row"] = [str(int(r)) if pd.notna(r) else None for r in view["row"]]
        view.columns = (["Year", "File", "Row", "Column", "Value", "Issue", "Handling"]
                        if lang == "en" else
                        ["Tahun", "Berkas", "Baris", "Kolom", "Nilai", "Masalah", "Penanganan"])
        show_table(view.reset_index(drop=True), index=False, lang=lang)
    return Section(title, {"n_catatan": int(len(q))})
