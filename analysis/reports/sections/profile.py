"""Report section: the regional profile, every vintage side by side."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.escape import md_format
from analysis.i18n import texts, tr
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import Section, fmt, heading, show_md, show_table

T = texts("reports.sections.profile")
PROFILE_ROWS = [("nama", "Nama", "Name"), ("provinsi", "Provinsi", "Province"),
                ("kode_kemendagri", "Kode Kemendagri", "Kemendagri code"),
                ("kode_bps", "Kode BPS", "BPS code"), ("luas_km2", "Luas (km²)", "Area (km²)"),
                ("penduduk", "Penduduk (jiwa)", "Population"),
                ("kepadatan", "Kepadatan (jiwa/km²)", "Density (per km²)"),
                ("kecamatan", "Kecamatan", "Districts (kecamatan)"),
                ("desa", "Desa", "Villages (desa)"),
                ("kelurahan", "Kelurahan", "Urban villages (kelurahan)"),
                ("ipm_2021", "IPM 2021 (BPS)", "HDI 2021 (BPS)")]



def section(ctx: RegencyContext) -> Section:
    """Every vintage of the regency's profile; records the chosen vintage's key numbers."""
    lang = ctx.lang
    title = tr(T, "profile", lang)
    heading(title)
    p = ctx.profile
    show_md(md_format(tr(T, "vintage_used", lang), v=str(p["vintage"])))
    cols = {}
    for _, v in ctx.vintages.iterrows():
        cols[f"{'Vintase' if lang == 'id' else 'Vintage'} {v['vintage']}"] = [
            _cell(v.get(k), k, lang) for k, _, _ in PROFILE_ROWS]
    idx = [(lab_id if lang == "id" else lab_en) for _, lab_id, lab_en in PROFILE_ROWS]
    show_table(pd.DataFrame(cols, index=idx), lang=lang)
    return Section(title, {
        "vintase": p["vintage"], "luas_km2": p["luas_km2"], "penduduk": p["penduduk"],
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


