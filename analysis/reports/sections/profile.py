"""Report section: the regional profile, every vintage side by side."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.escape import md_format
from analysis.i18n import texts, tr
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import Section, fmt, heading, show_md, show_table

T = texts("reports.sections.profile")
#: The rows of the profile table, in order (labels: catalogue ``reports.sections.profile.rows``).
PROFILE_ROWS = ("nama", "provinsi", "kode_kemendagri", "kode_bps", "luas_km2", "penduduk",
                "kepadatan", "kecamatan", "desa", "kelurahan", "ipm_2021")
ROW_LABELS = texts("reports.sections.profile.rows")



def section(ctx: RegencyContext) -> Section:
    """Every vintage of the regency's profile; records the chosen vintage's key numbers."""
    lang = ctx.lang
    title = tr(T, "profile", lang)
    heading(title)
    p = ctx.profile
    show_md(md_format(tr(T, "vintage_used", lang), v=str(p["vintase"])))
    cols = {}
    for _, v in ctx.vintages.iterrows():
        cols[tr(T, "vintage_col", lang).format(v=v["vintase"])] = [
            _cell(v.get(k), k, lang) for k in PROFILE_ROWS]
    idx = [tr(ROW_LABELS, k, lang) for k in PROFILE_ROWS]
    show_table(pd.DataFrame(cols, index=idx), lang=lang)
    return Section(title, {
        "vintase": p["vintase"], "luas_km2": p["luas_km2"], "penduduk": p["penduduk"],
        "kepadatan": p["kepadatan"],
        "ipm_2021": p.get("ipm_2021") if pd.notna(p.get("ipm_2021")) else None})


def _cell(v, key: str, lang: str) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return "–"
    if key in ("luas_km2", "kepadatan", "ipm_2021"):
        return fmt(v, 2, lang)
    if key in ("penduduk", "kecamatan", "desa", "kelurahan"):
        return fmt(v, 0, lang)
    return str(v)


