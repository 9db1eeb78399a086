"""Report section: risk management — per register of the regency (build table ``risiko``) the
inherent and residual heat maps, top risks, risks above appetite without a treatment plan,
treated risks still at or above appetite and treated risks whose residual was not assessed; what
of the scale is this workbench's setting is said with every register."""
from __future__ import annotations

from analysis.i18n import COMMON, texts, tr
from analysis.masterplan import risk as rk
from analysis.plots.risk import heatmap_pair
from analysis.reports.context import RegencyContext
from analysis.reports.sections import provenance
from analysis.reports.sections.common import Section, show_figure, show_md, show_styled

T = texts("reports.sections.risk")


def section(ctx: RegencyContext) -> Section:
    """Every register of the regency, oldest first; records per register its counts, the
    treated risks still above appetite and the top risk. No register: one sentence, ``{}``."""
    lang = ctx.lang
    title = tr(T, "heading", lang)
    show_md(f"## {title}")
    regs = ctx.table("risiko")
    if regs.empty:
        show_md(tr(T, "none", lang))
        return Section(title, {})
    # whose data: own, illustrative or published; said once when every register is illustrative
    provenance.show(ctx, "risk_register")
    said = provenance.all_illustrative(ctx, "risk_register")
    out = {"register": []}
    for year in sorted(int(y) for y in regs["year"].unique()):
        scored = regs[regs["year"] == year].reset_index(drop=True)
        out["register"].append(_register(ctx, year, scored, said))
    return Section(title, out)


def _register(ctx: RegencyContext, year: int, scored, said: bool = False) -> dict:
    """One register's counts, heat maps and lists; the ILUSTRATIF banner unless the section's
    data line already said every register is illustrative (``said``)."""
    lang = ctx.lang
    sc = rk.table_scale(scored)
    ill = bool(scored["illustrative"].any())
    if ill and not said:
        show_md(f"**{tr(COMMON, 'illustrative', lang)}**")
    show_md(tr(T, "register", lang).format(
        year=year, scale=sc.labels["name"][lang], n=len(scored),
        above=int(scored.above_appetite.sum()), app=int(sc.appetite),
        untreated=int(scored.untreated.sum())))
    show_md(f"*{rk.settings_note(sc, lang)}*")
    show_figure(heatmap_pair(rk.matrix_counts(scored, sc), sc, lang,
                             title=f"{ctx.code} {year}", illustrative=ill,
                             missing=int(scored["residual_magnitude"].isna().sum())))
    top = rk.top_risks(scored, 5)
    show_md(f"**{tr(T, 'top', lang)}**")
    show_styled(rk.display_table(top, sc, lang))
    unt = rk.untreated_above_appetite(scored)
    show_md(f"**{tr(T, 'untreated', lang)}**")
    if len(unt):
        show_styled(rk.display_table(unt, sc, lang))
    else:
        show_md(tr(T, "no_untreated", lang))
    weak = rk.treatment_not_enough(scored)
    show_md(tr(rk.T, "not_enough", lang).format(n=len(weak), app=sc.appetite))
    if len(weak):
        show_styled(rk.display_table(weak, sc, lang))
    unknown = rk.residual_unassessed(scored)
    if len(unknown):
        show_md(tr(rk.T, "unassessed", lang).format(n=len(unknown)))
        show_styled(rk.display_table(unknown, sc, lang))
    return {"tahun": year, "skala": sc.name, "n_risiko": int(len(scored)),
            "n_di_atas_selera": int(scored.above_appetite.sum()),
            "n_tanpa_penanganan": int(scored.untreated.sum()),
            "n_residual_di_atas_selera": len(weak),
            "residual_di_atas_selera": weak["risk_id"].astype(str).tolist(),
            "residual_belum_dinilai": unknown["risk_id"].astype(str).tolist(),
            "besaran_maks": int(scored.magnitude.max()),
            "risiko_teratas": str(top["risk_id"].iloc[0]), "illustrative": ill}
