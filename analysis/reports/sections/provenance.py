"""Whose data a section shows: the regency's own data (workbook, import date), ILLUSTRATIVE,
or a published source with its vintage — from the build table ``asal_data``
(:func:`analysis.processed.own_tables.provenance_table`)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.escape import md_text
from analysis.i18n import COMMON, texts, tr
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import show_md

T = texts("reports.sections.provenance")


def rows(ctx: RegencyContext, family: str) -> pd.DataFrame:
    """The ``asal_data`` rows of this regency's files of ``family`` (the national file holding
    many regencies when the regency has none of its own); empty without the table."""
    if "asal_data" not in ctx.tables:
        return pd.DataFrame(columns=["asal", "berkas", "teks_id", "teks_en"])
    t = ctx.tables["asal_data"]
    t = t[t["jenis"] == family]
    mine = t[t["kode_kemendagri"].fillna("").astype(str) == ctx.code]
    return mine if not mine.empty else t[t["kode_kemendagri"].fillna("").astype(str) == ""]


def kind(ctx: RegencyContext, family: str) -> str | None:
    """``own``, ``illustrative``, ``published`` or ``None`` (no file of that family)."""
    r = rows(ctx, family)
    return None if r.empty else str(r["asal"].iloc[0])


def show(ctx: RegencyContext, family: str) -> str | None:
    """Display one line "Data: <whose> (`files`)" for a section; returns the kind."""
    r = rows(ctx, family)
    if r.empty:
        return None
    col = "teks_id" if ctx.lang == "id" else "teks_en"
    texts = list(dict.fromkeys(str(x) for x in r[col]))
    files = ", ".join(md_text(f) for f in r["berkas"])
    show_md(f"*{tr(T, 'data', ctx.lang)}: {md_text('; '.join(texts))}* ({files})")
    return str(r["asal"].iloc[0])


@dataclass
class Opening:
    """The start every masterplan section shares: its title, this regency's rows of its table,
    whether they are illustrative and whose data they are."""
    title: str
    rows: pd.DataFrame
    illustrative: bool = False
    source: str | None = None


def open_section(ctx: RegencyContext, texts_: dict, table: str, family: str,
                 title_key: str = "heading") -> Opening:
    """Show the section heading (level 2, as every section's), then either the section's
    "none" sentence (no rows of ``table`` for this regency) or the ILUSTRATIF banner when the
    rows are illustrative and the "Data: …" line of ``family``."""
    title = tr(texts_, title_key, ctx.lang)
    show_md(f"## {title}")
    rows_ = ctx.table(table) if table in ctx.tables else pd.DataFrame()
    if rows_.empty:
        show_md(tr(texts_, "none", ctx.lang))
        return Opening(title, rows_)
    ill = bool(rows_["illustrative"].any())
    if ill:
        show_md(f"**{tr(COMMON, 'illustrative', ctx.lang)}**")
    return Opening(title, rows_, ill, show(ctx, family))
