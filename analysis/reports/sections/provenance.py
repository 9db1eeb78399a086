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


def _rows_of(ctx: RegencyContext, families) -> pd.DataFrame:
    """The ``asal_data`` rows of one family or of several (a tuple), in that order."""
    fams = (families,) if isinstance(families, str) else tuple(families)
    found = [r for r in (rows(ctx, f) for f in fams) if not r.empty]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=["asal"])


def all_illustrative(ctx: RegencyContext, families) -> bool:
    """Whether files of ``families`` are recorded and every one is illustrative: then the
    "Data: …" line (:func:`show`) is itself the ILUSTRATIF label."""
    r = _rows_of(ctx, families)
    return not r.empty and bool((r["asal"] == "illustrative").all())


def show(ctx: RegencyContext, families) -> str | None:
    """Display one line "Data: <whose> (`files`)" for a section, for the raw files of one
    ``family`` or of several (``families``: a tuple); returns the kind of the first. When every
    file is illustrative the line is bold: it is then the section's ILUSTRATIF label, said once
    (a separate banner above it would repeat the same words)."""
    r = _rows_of(ctx, families)
    if r.empty:
        return None
    col = f"teks_{ctx.lang}"
    words = md_text("; ".join(dict.fromkeys(str(x) for x in r[col])))
    files = ", ".join(md_text(f) for f in r["berkas"])
    line = f"{tr(T, 'data', ctx.lang)}: {words}"
    bold = all_illustrative(ctx, families)
    show_md(f"**{line}** ({files})" if bold else f"*{line}* ({files})")
    return str(r["asal"].iloc[0])


def show_with_label(ctx: RegencyContext, families, illustrative: bool) -> str | None:
    """The "Data: …" line of ``families`` (:func:`show`), preceded by the bold ILUSTRATIF
    banner only when the rows are ``illustrative`` but the line does not already say so (no
    file recorded, or files of mixed kinds)."""
    if illustrative and not all_illustrative(ctx, families):
        show_md(f"**{tr(COMMON, 'illustrative', ctx.lang)}**")
    return show(ctx, families)


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
    return Opening(title, rows_, ill, show_with_label(ctx, family, ill))
