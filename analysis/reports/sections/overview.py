"""The report's summary (*Ringkasan*) and table of contents, shown right after the first screen.

One sentence per finding, each with its number and a link to the section that shows it: the
latest final and rank, the dimension that moves the score most, readiness and maturity, risks
above appetite and treatments not enough, the SWOT direction and, for a regency with a strategy
chapter, its top-priority programme and the major weaknesses and threats no strategy addresses,
progress against the masterplan,
the gap to Java and, when the build made one, the projection. Every finding is read from the
processed table its section reads (the same rows, through the same package functions), never
recomputed; a finding without data says so ("tidak ada data"). Then the table of contents:
every section of the report by its anchor (``sec-<module>``, set by
:func:`analysis.reports.sections.common.begin_section`).
"""
from __future__ import annotations

import pandas as pd

from analysis.escape import html_text, md_text
from analysis.evaluation.lever_tables import levers_of
from analysis.i18n import COMMON, PILLARS, fmt_number, fmt_percent, texts, tr
from analysis.masterplan import risk as rk
from analysis.masterplan import swot
from analysis.plots.evaluation import dim_label
from analysis.readiness import own as own_rd
from analysis.readiness.maturity import maturity_label
from analysis.reports.context import RegencyContext
from analysis.reports.sections import ORDER
from analysis.reports.sections.common import Section, anchor_id, flush_md, heading, show_html, \
    show_md

T = texts("reports.sections.overview")
TOC = texts("reports.sections.overview.toc")
#: Sections without an entry in the table of contents (the first screen and this one).
NOT_IN_TOC = ("header", "overview")
#: The panel variable of the projection finding.
PROJECTED = "ipm"


def section(ctx: RegencyContext) -> Section:
    """The findings as a list, then the table of contents; records per finding its numbers
    (``None`` for a finding without data)."""
    lang = ctx.lang
    title = tr(T, "title", lang)
    heading(title)
    found = {}
    lines = []
    for key, finding in FINDINGS:
        text, numbers = finding(ctx)
        if text is None and (key in SILENT or OPTIONAL.get(key) not in (None, *ctx.tables)):
            continue                    # no data of its kind for this regency, or no table
        if text is not None and key in AFTER and lines:
            lines[-1] += " " + text     # the same bullet as the finding it follows
        else:
            lines.append(f"- {text}" if text is not None else
                         "- " + tr(T, f"{key}_none", lang).format(a=anchor_id(LINK[key])))
        found[key] = numbers
    show_md("\n".join(lines))
    flush_md()
    show_html(toc_html(lang))
    return Section(title, {"temuan": found})


def toc_label(name: str, lang: str) -> str:
    """A section's entry in the table of contents: its short label in the catalogue, else its
    own title (the first of ``title``, ``heading``, ``section`` of its text namespace without
    a placeholder), else its module name."""
    if name in TOC:
        return tr(TOC, name, lang)
    try:
        own = texts(f"reports.sections.{name}")
    except KeyError:
        return name
    for key in ("title", "heading", "section"):
        if key in own and "{" not in tr(own, key, lang):
            return tr(own, key, lang)
    return name


def toc_html(lang: str) -> str:
    """The table of contents: a heading and a numbered list of links to every section."""
    items = "".join(f'<li><a href="#{anchor_id(n)}">{html_text(toc_label(n, lang))}</a></li>'
                    for n in ORDER if n not in NOT_IN_TOC)
    return (f'<nav class="wb-toc" aria-label="{html_text(tr(T, "toc", lang))}">'
            f'<h2 id="{anchor_id("toc")}">{html_text(tr(T, "toc", lang))}</h2>'
            f"<ol>{items}</ol></nav>")


def _note(illustrative: bool, lang: str) -> str:
    return f" ({tr(T, 'illustrative', lang)})" if illustrative else ""


def _latest_evaluated(ctx: RegencyContext):
    years = [y for y in ctx.years if (r := ctx.evaluation(y)) is not None and r["dievaluasi"]]
    return (max(years), ctx.evaluation(max(years))) if years else (None, None)


def final(ctx: RegencyContext):
    """The latest published final with the rank in its group and nationally (``evaluasi``)."""
    lang = ctx.lang
    year, r = _latest_evaluated(ctx)
    if year is None:
        return None, None
    grp = r["kelompok"] if isinstance(r["kelompok"], str) else (
        tr(COMMON, "cohort_2021", lang))
    text = tr(T, "final", lang).format(
        a=anchor_id("evaluation"), year=year, v=fmt_number(r["nilai_final"], 2, lang),
        r=int(r["peringkat_kelompok"]), n=int(r["n_kelompok"]), grp=md_text(grp),
        rn=int(r["peringkat_nasional"]), nn=int(r["n_nasional"]))
    return text, {"tahun": year, "nilai_final": float(r["nilai_final"]),
                  "peringkat_kelompok": int(r["peringkat_kelompok"]),
                  "n_kelompok": int(r["n_kelompok"])}


def lever(ctx: RegencyContext):
    """The dimension whose rise to the top of the scale adds most to the final
    (``whatif_tuas``, the what-if table's first row)."""
    lang = ctx.lang
    year, _ = _latest_evaluated(ctx)
    if year is None or "whatif_tuas" not in ctx.tables:
        return None, None
    lv = levers_of(ctx.table("whatif_tuas", regency=False), ctx.code, year)
    if lv.empty:
        return None, None
    best = lv.sort_values("tambahan_maks", ascending=False, kind="stable").iloc[0]
    text = tr(T, "lever", lang).format(
        a=anchor_id("whatif"), year=year, dim=dim_label(best["dimensi"], lang),
        gain=fmt_number(best["tambahan_maks"], 3, lang),
        w=fmt_number(100 * best["bobot"], 0, lang))
    return text, {"tahun": year, "dimensi": str(best["dimensi"]),
                  "tambahan_maks": float(best["tambahan_maks"])}


def readiness(ctx: RegencyContext):
    """Readiness index, maturity level and rank (``kesiapan``; own assessments ranked among
    own ones only)."""
    lang = ctx.lang
    if "kesiapan" not in ctx.tables:
        return None, None
    tab = ctx.table("kesiapan", regency=False)
    r = own_rd.row_for(tab, ctx.code) if not tab.empty else None
    if r is None or pd.isna(r["indeks_kesiapan"]):
        return None, None
    own = r.get("sumber") == "own"
    level = int(r["tingkat"])
    common = dict(a=anchor_id("readiness"), idx=fmt_number(r["indeks_kesiapan"], 1, lang),
                  lvl=level, lab=md_text(maturity_label(r["tingkat"], lang)))
    if own:
        from analysis.reports.sections.readiness import rank_text
        text = tr(T, "readiness_own", lang).format(rank=rank_text(r, lang), **common)
        ill = False
    else:
        ill = bool(tab["illustrative"].any()) if "illustrative" in tab else False
        n = int(own_rd.comparison_rows(tab, r)["indeks_kesiapan"].notna().sum())
        text = tr(T, "readiness", lang).format(rank=int(r["peringkat"]), n=n,
                                               note=_note(ill, lang), **common)
    return text, {"indeks_kesiapan": float(r["indeks_kesiapan"]), "tingkat": level,
                  "illustrative": ill}


def risk(ctx: RegencyContext):
    """The latest risk register: risks above appetite, of them without a treatment plan, and
    treated ones still above appetite (``risiko``)."""
    lang = ctx.lang
    regs = ctx.table("risiko") if "risiko" in ctx.tables else pd.DataFrame()
    if regs.empty:
        return None, None
    year = int(regs["year"].max())
    scored = regs[regs["year"] == year].reset_index(drop=True)
    sc = rk.table_scale(scored)
    above = int(scored["above_appetite"].sum())
    untreated = int(len(rk.untreated_above_appetite(scored)))
    weak = int(len(rk.treatment_not_enough(scored)))
    ill = bool(scored["illustrative"].any())
    text = tr(T, "risk", lang).format(
        a=anchor_id("risk"), year=year, above=above, n=len(scored),
        app=fmt_number(sc.appetite, 0, lang), untreated=untreated, weak=weak,
        note=_note(ill, lang))
    return text, {"tahun": year, "n_risiko": int(len(scored)), "n_di_atas_selera": above,
                  "n_tanpa_penanganan": untreated, "n_residual_di_atas_selera": weak,
                  "illustrative": ill}


def swot_direction(ctx: RegencyContext):
    """The strategy most pillars point to in the latest SWOT, or the tie (``swot_ringkasan``)."""
    lang = ctx.lang
    rows = ctx.table("swot_ringkasan") if "swot_ringkasan" in ctx.tables else pd.DataFrame()
    if rows.empty:
        return None, None
    summary, year = swot.latest_summary(rows)
    counts = summary["strategy"].value_counts()
    top = int(counts.max())
    best = sorted(str(s) for s in counts.index[counts == top])
    ill = bool(rows["illustrative"].any()) if "illustrative" in rows else False
    fmt_args = dict(a=anchor_id("swot"), year=year if year is not None else "–", k=top,
                    p=len(summary), note=_note(ill, lang))
    if len(best) == 1:
        text = tr(T, "swot", lang).format(s=best[0], **fmt_args)
    else:
        text = tr(T, "swot_tie", lang).format(
            s=", ".join(best[:-1]) + f" {tr(T, 'and', lang)} " + best[-1], **fmt_args)
    return text, {"tahun": year, "strategi": best, "n_pilar": top, "illustrative": ill}


def _span(lo, hi, lang: str) -> str:
    return fmt_number(lo, 0, lang) if lo == hi else \
        f"{fmt_number(lo, 0, lang)}–{fmt_number(hi, 0, lang)}"


def strategy(ctx: RegencyContext):
    """The strategy chapter's finding (``strategi_prioritas``, ``strategi_faktor``,
    ``strategi_tows``): the top-priority programme with its rank range under varied criterion
    weights, and, when the regency has strategies, the major weaknesses and threats that no
    strategy addresses. ``None`` (the finding is left out) for a regency without either."""
    from analysis.strategy import load_settings as strategy_settings
    lang = ctx.lang
    rows = {n: ctx.table(n) if n in ctx.tables else pd.DataFrame()
            for n in ("strategi_prioritas", "strategi_faktor", "strategi_tows")}
    prio, unused, tows = rows["strategi_prioritas"], rows["strategi_faktor"], rows["strategi_tows"]
    if prio.empty and tows.empty:
        return None, None
    cfg = strategy_settings()
    parts, record = [], {}
    if not prio.empty:
        top = prio[prio["peringkat"] == prio["peringkat"].min()]
        codes = [str(c) for c in top["kode_program"]]
        lo, hi = int(top["peringkat_min"].min()), int(top["peringkat_maks"].max())
        v = fmt_number(100 * cfg["priority"]["variation"], 0, lang)
        spread = (tr(T, "strategy_firm", lang).format(v=v) if lo == hi else
                  tr(T, "strategy_range", lang).format(span=_span(lo, hi, lang), v=v))
        parts.append(tr(T, "strategy_top" if len(top) == 1 else "strategy_top_tie", lang).format(
            codes=md_text(", ".join(codes)), names=md_text(", ".join(map(str, top["program"]))),
            r=int(top["peringkat"].iloc[0]), range=spread))
        record.update(prioritas_teratas=codes, peringkat=int(top["peringkat"].iloc[0]),
                      peringkat_min=lo, peringkat_maks=hi)
    if not tows.empty:                  # "addressed by no strategy" needs strategies
        major = int(unused["utama_tak_tertangani"].astype(bool).sum()) if not unused.empty else 0
        rt = cfg["unused_factors"]["major_rating"]
        parts.append(tr(T, "strategy_major", lang).format(k=major, rt=rt) if major
                     else tr(T, "strategy_no_major", lang).format(rt=rt))
        record["n_faktor_utama_tak_tertangani"] = major
    if not parts:
        return None, None
    year = int(next(df for df in (prio, tows) if not df.empty)["tahun_rencana"].iloc[0])
    ill = any(bool(df["illustrative"].astype(bool).any()) for df in rows.values()
              if not df.empty and "illustrative" in df)
    text = tr(T, "strategy", lang).format(a=anchor_id("strategy"), year=year,
                                          parts="; ".join(parts), note=_note(ill, lang))
    record.update(tahun=year, illustrative=ill)
    return text, record


def progress(ctx: RegencyContext):
    """Programmes running in the latest reported year and the pillars behind the plan
    (``program_capaian``, ``program_lintasan``)."""
    lang = ctx.lang
    shares = ctx.table("program_capaian") if "program_capaian" in ctx.tables else pd.DataFrame()
    if shares.empty:
        return None, None
    year = int(shares["year"].max())
    tot = shares[(shares["year"] == year) & (shares["pillar"] == "all")]
    if tot.empty:
        return None, None
    tot = tot.iloc[0]
    traj = ctx.table("program_lintasan") if "program_lintasan" in ctx.tables else pd.DataFrame()
    behind = [] if traj.empty else [
        PILLARS[p][lang] if p in PILLARS else str(p)
        for p in traj[(traj["year"] == year) & (traj["status"] == "behind")]["pillar"]]
    ill = bool(shares["illustrative"].any())
    text = tr(T, "progress", lang).format(
        a=anchor_id("progress"), year=year, run=int(tot["running"]), plan=int(tot["planned"]),
        pct=fmt_percent(tot["share_pct"], 2, lang),
        behind=(tr(T, "behind", lang).format(items=", ".join(md_text(b) for b in behind))
                if behind else tr(T, "none_behind", lang)),
        note=_note(ill, lang))
    return text, {"tahun": year, "berjalan": int(tot["running"]),
                  "direncanakan": int(tot["planned"]), "persen_berjalan": float(tot["share_pct"]),
                  "pilar_tertinggal": behind, "illustrative": ill}


def competitiveness(ctx: RegencyContext):
    """Indicators ahead of Java's same-kind median and the IPM gap (``daya_saing``, the rows
    the competitiveness section reads)."""
    from analysis.reports.sections.competitiveness import T as CT
    from analysis.reports.sections.competitiveness import latest_rows
    lang = ctx.lang
    ds = ctx.table("daya_saing") if "daya_saing" in ctx.tables else pd.DataFrame()
    if ds.empty:
        return None, None
    last = latest_rows(ds)
    judged = last[last["unggul_jawa"].notna()]
    if judged.empty:
        return None, None
    ahead = int(judged["unggul_jawa"].astype(bool).sum())
    kind = tr(CT, str(last["jenis"].iloc[0]), lang)
    ipm = last[last["variabel"] == PROJECTED]
    gap = ""
    record = {"n_unggul_jawa": ahead, "n_indikator": int(len(judged))}
    if not ipm.empty and pd.notna(ipm["selisih_jawa"].iloc[0]):
        g = float(ipm["selisih_jawa"].iloc[0])
        gap = tr(T, "ipm_gap", lang).format(
            year=int(ipm["tahun"].iloc[0]), v=fmt_number(ipm["nilai"].iloc[0], 2, lang),
            gap=("+" if g > 0 else "") + fmt_number(g, 2, lang))
        record.update(tahun_ipm=int(ipm["tahun"].iloc[0]), selisih_jawa_ipm=g)
    text = tr(T, "competitiveness", lang).format(
        a=anchor_id("competitiveness"), kind=kind, k=ahead, n=len(judged), gap=gap)
    return text, record


def projection(ctx: RegencyContext):
    """The projected IPM at the horizon with its interval (``proyeksi``), when built."""
    lang = ctx.lang
    proj = ctx.table("proyeksi") if "proyeksi" in ctx.tables else pd.DataFrame()
    if proj.empty:
        return None, None
    p = proj[proj["variabel"] == PROJECTED]
    if p.empty:
        return None, None
    p = p[p["tahun"] == p["tahun"].max()].iloc[0]
    interval = (tr(T, "interval", lang) if "tingkat" not in p.index or pd.isna(p["tingkat"])
                else tr(T, "interval_level", lang).format(
                    level=fmt_number(100 * float(p["tingkat"]), 0, lang)))
    text = tr(T, "projection", lang).format(
        a=anchor_id("future"), year=int(p["tahun"]), v=fmt_number(p["nilai"], 2, lang),
        lo=fmt_number(p["batas_bawah"], 2, lang), hi=fmt_number(p["batas_atas"], 2, lang),
        interval=interval)
    return text, {"tahun": int(p["tahun"]), "nilai": float(p["nilai"]),
                  "batas_bawah": float(p["batas_bawah"]), "batas_atas": float(p["batas_atas"])}


#: The findings in reading order: record key and the function that reads it.
FINDINGS = (("final", final), ("lever", lever), ("readiness", readiness), ("risk", risk),
            ("swot", swot_direction), ("strategy", strategy), ("progress", progress),
            ("competitiveness", competitiveness), ("projection", projection))
#: The section each finding links to.
LINK = {"final": "evaluation", "lever": "whatif", "readiness": "readiness", "risk": "risk",
        "swot": "swot", "strategy": "strategy", "progress": "progress",
        "competitiveness": "competitiveness", "projection": "future"}
#: Findings left out (not said to be missing) when their table was not built at all.
OPTIONAL = {"projection": "proyeksi"}
#: Findings left out when the regency has no data of their kind (a strategy chapter is the
#: regency's own planning, not something every regency is expected to have).
SILENT = ("strategy",)
#: Findings said in the bullet of the finding before them (the strategy follows from the SWOT
#: direction; the summary keeps to at most eight bullets).
AFTER = ("strategy",)
