"""Report section: the data sources the report used, from the manifest."""
from __future__ import annotations

from analysis.data.tables import EVALUATION_FILES, PROFILE_2020_FILE, PROFILE_FILE
from analysis.escape import md_text
from analysis.i18n import texts, tr
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import Section, heading, show_md

T = texts("reports.sections.sources")


def section(ctx: RegencyContext) -> Section:
    """One line per source file with its source, vintage and licence; records the files."""
    lang = ctx.lang
    title = tr(T, "sources", lang)
    heading(title)
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
    show_md("\n".join(lines) or "–")
    return Section(title, {"berkas": [n for n in used if n in files]})
