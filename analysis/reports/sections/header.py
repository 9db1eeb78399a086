"""The report's first screen: regency, codes, latest headline score and rank, maturity level,
the illustrative banner."""
from __future__ import annotations

from analysis.escape import md_format, md_text
from analysis.i18n import texts, tr
from analysis.readiness.maturity import maturity_label
from analysis.reports.context import RegencyContext
from analysis.readiness import own as own_rd
from analysis.reports.sections.common import Section, fmt, show_md
from analysis.reports.sections.readiness import rank_text

T = texts("reports.sections.header")


def section(ctx: RegencyContext) -> Section:
    """The first screen; records codes, name, the latest final with its rank and the
    readiness maturity level when assessments exist."""
    lang, p = ctx.lang, ctx.profile
    title = md_format(tr(T, "title", lang), name=ctx.name)
    lines = [f"# {title}",
             md_format(tr(T, "sub", lang), prov=p["provinsi"] if isinstance(p.get("provinsi"), str)
                       else "–", kd=str(ctx.code), kb=str(p["kode_bps"]))]
    if ctx.illustrative:
        lines.insert(1, f"> **{tr({}, 'illustrative', lang)}**")
    out = {"kode_kemendagri": ctx.code, "kode_bps": p["kode_bps"], "nama": ctx.name}
    latest = [y for y in ctx.years if (r := ctx.evaluation(y)) is not None and r["dievaluasi"]]
    if latest:
        y = max(latest)
        r = ctx.evaluation(y)
        grp = r["kelompok"] if isinstance(r["kelompok"], str) else "2021"
        lines.append(tr(T, "latest", lang).format(
            year=y, score=fmt(r["nilai_final"], 2, lang), r=int(r["peringkat_kelompok"]),
            n=int(r["n_kelompok"]), grp=md_text(grp)))
        out.update(tahun_terakhir=y, nilai_final=r["nilai_final"],
                   peringkat_kelompok=r["peringkat_kelompok"], n_kelompok=r["n_kelompok"])
    else:
        lines.append(tr(T, "never", lang))
    out.update(_maturity_line(ctx, lines))
    show_md("\n\n".join(lines))
    return Section(title, out)


def _maturity_line(ctx: RegencyContext, lines: list[str]) -> dict:
    """Append the readiness maturity level (table ``kesiapan``) when the regency has one."""
    tab = ctx.table("kesiapan", regency=False)
    r = own_rd.row_for(tab, ctx.code)
    if r is None:
        return {}
    lvl, lab = int(r["tingkat"]), md_text(maturity_label(r["tingkat"], ctx.lang))
    idx = fmt(r["indeks_kesiapan"], 1, ctx.lang)
    if r.get("sumber") == "own":          # own data: ranked among own assessments only
        lines.append(tr(T, "maturity_own", ctx.lang).format(
            lvl=lvl, lab=lab, idx=idx, rank=rank_text(r, ctx.lang)))
    else:
        n = int(own_rd.comparison_rows(tab, r)["indeks_kesiapan"].notna().sum())
        lines.append(tr(T, "maturity", ctx.lang).format(lvl=lvl, lab=lab, idx=idx,
                                                        r=int(r["peringkat"]), n=n))
    return {"tingkat_kematangan": int(r["tingkat"]), "indeks_kesiapan": float(r["indeks_kesiapan"])}
