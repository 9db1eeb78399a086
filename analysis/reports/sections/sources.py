"""Report section: the raw files the report used (:func:`analysis.reports.used_files.used_files`:
the inputs the build recorded for the tables its sections read), each with its source, vintage
and licence from the manifest, or — for the regency's own data — its workbook and import date."""
from __future__ import annotations

from pathlib import Path

from analysis.data.owndata import file_kind
from analysis.data.raw_tables import EVALUATION_FILES, PROFILE_VINTAGE_FILES
from analysis.escape import md_text
from analysis.i18n import COMMON, texts, tr
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import Section, heading, show_md
from analysis.reports.used_files import used_files

T = texts("reports.sections.sources")


def files_used(ctx: RegencyContext) -> list[str]:
    """The input labels of this report (file names; full paths for own files). Without a build
    record (a context made by hand): the evaluation tables and the regency's profile files."""
    vintages = [str(v) for v in ctx.vintages["vintase"]] if "vintase" in ctx.vintages else []
    if ctx.build.get("tables"):
        return used_files(ctx.build, ctx.read, ctx.code, vintages)
    return sorted([EVALUATION_FILES[y] for y in ctx.years] + [
        PROFILE_VINTAGE_FILES[v] for v in set(vintages) if v in PROFILE_VINTAGE_FILES])


def _own_text(ctx: RegencyContext, name: str) -> str | None:
    """Whose data an own file is (workbook and import date), from the ``asal_data`` table."""
    t = ctx.tables.get("asal_data")
    kind = file_kind(name)
    if t is None or kind is None:
        return None
    t = t[(t["kode_kemendagri"].fillna("").astype(str) == ctx.code) & (t["jenis"] == kind[0])]
    exact = t[t["berkas"] == name]
    t = exact if not exact.empty else t
    return None if t.empty else str(t[f"teks_{ctx.lang}"].iloc[0])


def _line(ctx: RegencyContext, label: str) -> str:
    lang, name = ctx.lang, Path(label).name
    e = (ctx.manifest.get("files") or {}).get(name) if not Path(label).is_absolute() else None
    if e:
        ill = f" — **{tr(COMMON, 'illustrative', lang)}**" if e.get("illustrative") else ""
        return (f"- `{name}`: {md_text(str(e.get('source', '')).strip())} ("
                f"{tr(T, 'vintage', lang)} {md_text(e.get('vintage'))}; "
                f"{md_text(e.get('licence', ''))}){ill}")
    own = _own_text(ctx, name)
    return f"- `{name}`: {md_text(own)}" if own else f"- `{name}`"


def section(ctx: RegencyContext) -> Section:
    """One line per raw file the report used; records the file names."""
    lang = ctx.lang
    title = tr(T, "sources", lang)
    heading(title)
    labels = files_used(ctx)
    show_md(tr(T, "intro", lang))
    show_md("\n".join(_line(ctx, label) for label in labels) or "–")
    return Section(title, {"berkas": [Path(label).name for label in labels]})
