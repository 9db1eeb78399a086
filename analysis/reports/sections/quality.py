"""Report section: the data-quality notes that concern the regency."""
from __future__ import annotations

import pandas as pd

from analysis.i18n import texts, tr
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import Section, fmt, heading, show_md, show_table

T = texts("reports.sections.quality")
#: The columns of the regency's notes table, in order (catalogue keys ``col_<name>``).
QUALITY_HEADERS = ("year", "file", "row", "column", "value", "issue", "handling")


def section(ctx: RegencyContext) -> Section:
    """The regency's rows of the data-quality log; records how many there are."""
    lang = ctx.lang
    title = tr(T, "quality", lang)
    heading(title)
    q = ctx.quality
    if q.empty:
        show_md(tr(T, "no_quality", lang))
    else:
        view = q[["tahun", "berkas", "baris", "kolom", "nilai", f"masalah_{lang}",
                  f"penanganan_{lang}"]].copy()
        view["nilai"] = [fmt(v, 2, lang) for v in view["nilai"]]
        view["tahun"] = [str(int(y)) if pd.notna(y) else None for y in view["tahun"]]
        view["baris"] = [str(int(r)) if pd.notna(r) else None for r in view["baris"]]
        view.columns = [tr(T, f"col_{c}", lang) for c in QUALITY_HEADERS]
        show_table(view.reset_index(drop=True), index=False, lang=lang)
    return Section(title, {"n_catatan": int(len(q))})
