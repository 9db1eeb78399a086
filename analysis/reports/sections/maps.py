"""The report's map section: where the regency lies, and its province by the latest final.

Both maps are static images (PNG in the HTML and PDF). The national layer is read once per
process (:func:`analysis.maps.layers.map_layers`, from the run's processed directory when the build
stage wrote it); what does not depend on the regency (every polygon, the colour bar) the build
drew once per run (``latar_peta_<lang>.zip``), with the texts that depend only on the language
(source line, colour bar labels, value labels) in a layer of the report's language, so a report
only draws its regency over that layer.
"""
from __future__ import annotations

from analysis.maps import layers as maps
from analysis.data.geo import SOURCE_TEXT
from analysis.escape import md_format
from analysis.i18n import fmt_number, texts, tr
from analysis.plots.maps import FINAL_SCALE, locator_map, province_map
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import (Section, heading, show_figure, show_md,
                                              recorded_sha256, stored_backdrop)

T = texts("reports.sections.maps")


def section(ctx: RegencyContext) -> Section:
    """Locator map and province map of ``ctx``'s regency, with captions; records what they
    show."""
    lang = ctx.lang
    title = tr(T, "maps", lang)
    heading(title)
    layers = maps.map_layers(ctx.processed_dir, ctx.data_dir,
                             recorded_sha256(ctx, maps.LAYER_FILE, maps.DETAIL_FILE))
    archive = maps.backdrop_file(lang)
    source = tr(SOURCE_TEXT, "source_line", lang)
    show_figure(locator_map(maps.locator_frame(layers, ctx.code), ctx.name, source, lang,
                            backdrop=stored_backdrop(ctx, archive,
                                                     maps.locator_key()),
                            labelled=stored_backdrop(ctx, archive,
                                                     maps.locator_key(lang))),
                fixed_layout=True)
    show_md(md_format(tr(T, "locator", lang), name=ctx.name))
    out = {"peta": ["lokasi"]}
    year = maps.map_year(ctx.years)
    if year is not None:
        frame, context, extent = maps.province_frame(layers, ctx.code, ctx.evaluations, year)
        lo, hi = maps.value_range(ctx.evaluations, year)
        show_figure(province_map(frame, context, extent, ctx.name, year, lo, hi, source, lang,
                                 illustrative=ctx.illustrative,
                                 backdrop=stored_backdrop(
                                     ctx, archive, maps.province_key(ctx.code, year)),
                                 labelled=stored_backdrop(
                                     ctx, archive, maps.province_key(ctx.code, year, lang))),
                    fixed_layout=True)
        n_eval = int(frame["nilai"].notna().sum())
        breaks = FINAL_SCALE.breaks([lo, hi])
        show_md(md_format(tr(T, "province", lang), name=ctx.name, year=year,
                          lo=fmt_number(breaks[0], 2, lang), hi=fmt_number(breaks[-1], 2, lang),
                          k=len(breaks) - 1, n_eval=n_eval, n=len(frame)))
        out.update(peta=["lokasi", "provinsi"], tahun=year, n_provinsi=len(frame),
                   n_dievaluasi_provinsi=n_eval)
    show_md(tr(T, "simplified", lang))
    return Section(title, out)

