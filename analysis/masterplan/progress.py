"""Progress against the masterplan: programme realisation, shares, trajectory, Gantt chart.

Two tables (CSV files ``programmes_<code>.csv`` and ``realisation_<code>.csv``, or the sheets
*Program* and *Realisasi* of one XLSX workbook; see :mod:`analysis.masterplan.templates`):

* programmes: ``id, program, pillar, owner, horizon (1/5/10), start_year, end_year, category
  (sdm, infrastruktur, aplikasi, literasi), quick_win, budget_planned``;
* realisation: ``id, year, status (not_started, running, completed, delayed, cancelled),
  budget_realised`` — one row per programme and reported year.

Rules: a programme *completed* (or *cancelled*) stays so in later years without rows; a
programme is *planned* in year Y when start_year ≤ Y ≤ end_year; the share running is the
planned programmes whose status that year is running or completed (setting
``running_statuses``), as Kominfo reports it (10 of 12 = 83.33 %). On track / behind / ahead
compares milestones (a start and a completion per programme) achieved by Y with those the plan
expects by Y; within 1 ± ``trajectory_tolerance`` (0.10) is on track.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.masterplan import templates as tpl
from analysis.data.schema import Column, Schema
from analysis.escape import styled
from analysis.i18n import COMMON, PILLARS, tr
from analysis.paths import raw_dir
from analysis.masterplan.swot import load_settings

PROGRAMMES_RE = re.compile(r"programmes_([0-9]{2}\.[0-9]{2})\.csv")
STATUS_CODES = tuple(tpl.CHOICES["realisation_status"])
_STICKY = ("completed", "cancelled")
TEXT = {
    "all": {"id": "Semua pilar", "en": "All pillars"},
    "heading": {"id": "Kemajuan terhadap masterplan", "en": "Progress against the masterplan"},
    "none": {"id": "Belum ada data program dan realisasi masterplan untuk daerah ini.",
             "en": "No masterplan programme or realisation data are available for this regency."},
    "share": {"id": "Tahun {year}: {run} dari {plan} program yang direncanakan berjalan ({pct} %).",
              "en": "Year {year}: {run} of {plan} planned programmes running ({pct} %)."},
    "trend_none": {"id": "Nilai evaluasi Kominfo tersedia untuk kurang dari dua tahun; "
                         "kenaikan antartahun belum dapat dihitung.",
                   "en": "Kominfo evaluation scores exist for fewer than two years; no "
                         "year-on-year improvement can be computed."},
    "trend": {"id": "Nilai evaluasi Kominfo per tahun dan kenaikannya:",
              "en": "Kominfo evaluation score per year and its improvement:"},
    "on_track": {"id": "sesuai rencana", "en": "on track"},
    "behind": {"id": "tertinggal", "en": "behind"},
    "ahead": {"id": "lebih cepat", "en": "ahead"},
}


def programme_schema() -> Schema:
    """Schema of the programme table (shared by CSV and XLSX)."""
    return Schema("programmes", (
        Column("id", "text", unique=True), tpl._opt("program"), tpl.pillar_column(),
        tpl._opt("owner"), Column("horizon", "int", min=1, max=10),
        Column("start_year", "int", min=1990, max=2100),
        Column("end_year", "int", min=1990, max=2100),
        tpl._opt("category", allowed=tpl._codes("category")),
        tpl._opt("quick_win", allowed=tpl._codes("yesno")),
        tpl._opt("budget_planned", "float", min=0.0), *tpl.common_columns()))


def realisation_schema() -> Schema:
    """Schema of the realisation table: one row per programme and year."""
    return Schema("realisation", (
        Column("id", "text"), Column("year", "int", min=1990, max=2100),
        Column("status", "text", allowed=STATUS_CODES),
        tpl._opt("budget_realised", "float", min=0.0),
        tpl._opt("regency", "code", pattern=r"[0-9]{2}\.[0-9]{2}"),
        tpl._opt("illustrative", allowed=tpl._codes("yesno"))),
        unique_together=(("id", "year"),))


def _read(path, kind: str, schema: Schema) -> tuple[pd.DataFrame, tpl.Source]:
    raw, source = tpl.read_text(path, kind)
    return tpl.validate(tpl.normalise(raw, kind, source), schema, source), source


def read_programmes(path, realisation=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Programmes and realisation from one XLSX workbook, or from two CSV files.

    For a CSV ``programmes_X.csv`` the realisation file defaults to ``realisation_X.csv``
    beside it.
    """
    from pathlib import Path
    path = Path(path)
    prog, psrc = _read(path, "programmes", programme_schema())
    if realisation is None:
        realisation = path if path.suffix.lower() in (".xlsx", ".xlsm") else \
            path.with_name(path.name.replace("programmes", "realisation", 1))
    real, rsrc = _read(realisation, "realisation", realisation_schema())
    for pos, (a, b) in enumerate(zip(prog["start_year"], prog["end_year"])):
        if a > b:
            raise psrc.error(f"start_year {a} is after end_year {b}", pos, "end_year", int(b))
    known = set(prog["id"])
    for pos, i in enumerate(real["id"]):
        if i not in known:
            raise rsrc.error("programme id not in the programme table", pos, "id", i)
    prog["quick_win"] = tpl.yes(prog["quick_win"])
    return prog, real


def status_matrix(prog: pd.DataFrame, real: pd.DataFrame, years=None) -> pd.DataFrame:
    """Programme × year status ('' when not reported); completed/cancelled carry forward."""
    years = list(years) if years is not None else sorted(real["year"].astype(int).unique())
    wide = real.pivot(index="id", columns="year", values="status").reindex(
        index=prog["id"], columns=years)
    out = wide.astype(object).where(wide.notna(), "")
    for i in out.index:
        last = ""
        for y in years:
            if out.at[i, y] == "" and last in _STICKY:
                out.at[i, y] = last
            last = out.at[i, y] or last
    return out


def running_share(prog: pd.DataFrame, real: pd.DataFrame, by: str = "pillar") -> pd.DataFrame:
    """Share of planned programmes running per ``by`` and year (plus an ``all`` row per year).

    Columns: ``<by>, year, planned, running, share_pct`` (two decimals) and ``budget_realised``.
    """
    running = set(load_settings()["progress"]["running_statuses"])
    st = status_matrix(prog, real)
    budget = real.groupby(["id", "year"])["budget_realised"].sum(min_count=1)
    rows = []
    for y in st.columns:
        planned = prog[(prog["start_year"] <= y) & (prog["end_year"] >= y)]
        for key, g in [("all", planned), *planned.groupby(by, sort=False)]:
            n_run = int(st.loc[g["id"], y].isin(running).sum())
            b = budget.reindex([(i, y) for i in g["id"]]).sum(min_count=1)
            rows.append({by: key, "year": int(y), "planned": len(g), "running": n_run,
                         "share_pct": round(100 * n_run / len(g), 2) if len(g) else np.nan,
                         "budget_realised": float(b) if pd.notna(b) else np.nan})
    out = pd.DataFrame(rows)
    order = {k: i for i, k in enumerate(("all",) + tpl.PILLAR_CODES)}
    out["_o"] = out[by].map(order).fillna(99)
    return out.sort_values(["year", "_o", by]).drop(columns="_o").reset_index(drop=True)


def _first_year(st: pd.DataFrame, statuses) -> pd.Series:
    hit = st.isin(statuses)
    cols = np.array(st.columns, dtype=float)
    return pd.Series([cols[h].min() if h.any() else np.nan for h in hit.to_numpy()], index=st.index)


def trajectory(prog: pd.DataFrame, real: pd.DataFrame, tol: float | None = None,
               by: str = "pillar") -> pd.DataFrame:
    """Per pillar (or other column ``by``, e.g. ``owner``: the agency) and year: planned vs
    achieved milestones, ratio, on_track / behind / ahead. The result's group column is ``by``."""
    tol = load_settings()["progress"]["trajectory_tolerance"] if tol is None else tol
    st = status_matrix(prog, real)
    started = _first_year(st, ("running", "completed")).reindex(prog["id"]).to_numpy()
    done = _first_year(st, ("completed",)).reindex(prog["id"]).to_numpy()
    rows = []
    for y in st.columns:
        groups = [p for p in tpl.PILLAR_CODES if p in set(prog["pillar"])] if by == "pillar" \
            else sorted(set(prog[by].dropna().astype(str)))
        for p in groups:
            m = (prog[by].astype(str) == p).to_numpy()
            plan = int((prog["start_year"].to_numpy()[m] <= y).sum()
                       + (prog["end_year"].to_numpy()[m] <= y).sum())
            got = int((started[m] <= y).sum() + (done[m] <= y).sum())
            ratio = got / plan if plan else (np.inf if got else 1.0)
            status = "on_track" if abs(ratio - 1) <= tol + 1e-12 else (
                "ahead" if ratio > 1 else "behind")
            rows.append({by: p, "year": int(y), "planned_milestones": plan,
                         "achieved_milestones": got,
                         "ratio": round(ratio, 4) if np.isfinite(ratio) else np.inf,
                         "status": status})
    return pd.DataFrame(rows)


def category_completion(prog: pd.DataFrame, real: pd.DataFrame, year: int | None = None):
    """Per action-plan category by ``year`` (default latest): completed, running, planned done."""
    st = status_matrix(prog, real)
    year = int(year if year is not None else st.columns.max())
    cur = st[year] if year in st.columns else pd.Series("", index=st.index)
    rows = []
    for cat in tpl.CHOICES["category"]:
        g = prog[prog["category"] == cat]
        if g.empty:
            continue
        s = cur.reindex(g["id"])
        n = len(g)
        rows.append({"category": cat, "year": year, "n_programmes": n,
                     "completed": int((s == "completed").sum()),
                     "running": int((s == "running").sum()),
                     "planned_completed": int((g["end_year"] <= year).sum()),
                     "completion_pct": round(100 * (s == "completed").sum() / n, 2)})
    return pd.DataFrame(rows)


def evaluation_trend(regency_code: str, data_dir=None) -> pd.DataFrame:
    """Kominfo final per evaluated year and the improvement on the previous evaluated year.

    ``improvement`` follows Kominfo's method: this year's published final minus the previous
    year's final recomputed from its printed dimensions, rounded to two decimals (Kabupaten
    Malang 2023: 2.94 − 2.50 = 0.44); ``improvement_printed`` is Kominfo's own figure.
    """
    from analysis.evaluation import load_evaluations

    ev = load_evaluations(data_dir)
    ev = ev[(ev["kode_kemendagri"] == str(regency_code)) & ev["dievaluasi"]].sort_values("tahun")
    out = pd.DataFrame({"year": ev["tahun"].astype(int).to_numpy(),
                        "nilai_final": ev["nilai_final"].to_numpy(),
                        "improvement_printed": ev["improvement"].to_numpy()})
    prev = ev["nilai_final_hitung"].round(2).shift(1).to_numpy()
    out["improvement"] = (out["nilai_final"] - prev).round(2)
    return out


def list_programme_files(data_dir=None) -> dict:
    """Shipped programme tables ``programmes_<code>.csv``: {regency code: path}."""
    return {m.group(1): p for p in sorted(raw_dir(data_dir).glob("programmes_*.csv"))
            if (m := PROGRAMMES_RE.fullmatch(p.name))}


def load_programmes(regency: str, data_dir=None):
    """The shipped (programmes, realisation) of a regency, or ``None``."""
    path = list_programme_files(data_dir).get(str(regency))
    return None if path is None else read_programmes(path)


def _pct(v: float, lang: str) -> str:
    s = f"{v:.2f}"
    return s.replace(".", ",") if lang == "id" else s


COLUMN_TEXT = {
    "planned": ("direncanakan", "planned"), "running": ("berjalan", "running"),
    "share_pct": ("berjalan (%)", "running (%)"),
    "budget_realised": ("anggaran terealisasi (juta Rp)", "budget realised (million Rp)"),
    "status": ("status", "status"), "category": ("kategori rencana aksi", "action-plan category"),
    "year": ("tahun", "year"), "n_programmes": ("jumlah program", "programmes"),
    "completed": ("selesai", "completed"), "planned_completed": ("direncanakan selesai",
                                                                 "planned to be completed"),
    "completion_pct": ("penyelesaian (%)", "completion (%)"),
}


def _headers(lang: str) -> dict:
    """Column headers of the report tables in the report's language."""
    return {k: v[0] if lang == "id" else v[1] for k, v in COLUMN_TEXT.items()}


def report_section(regency_code: str, lang: str = "id", data_dir=None) -> dict:
    """Display programme shares, on track/behind/ahead, category completion and a Gantt chart."""
    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    from analysis.plots.progress import gantt

    display(Markdown(f"### {tr(TEXT, 'heading', lang)}"))
    data = load_programmes(regency_code, data_dir)
    if data is None:
        display(Markdown(tr(TEXT, "none", lang)))
        return {}
    prog, real = data
    ill = tpl.is_illustrative(prog)
    if ill:
        display(Markdown(f"**{tr(COMMON, 'illustrative', lang)}**"))
    shares = running_share(prog, real)
    year = int(shares["year"].max())
    tot = shares[(shares.year == year) & (shares.pillar == "all")].iloc[0]
    display(Markdown(tr(TEXT, "share", lang).format(year=year, run=int(tot.running),
                                                    plan=int(tot.planned),
                                                    pct=_pct(tot.share_pct, lang))))
    traj = trajectory(prog, real)
    latest = traj[traj.year == year].set_index("pillar")
    tab = shares[shares.year == year].set_index("pillar").drop(columns="year")
    tab["status"] = [tr(TEXT, latest.at[p, "status"], lang) if p in latest.index else ""
                     for p in tab.index]
    tab.index = [PILLARS[p][lang] if p in PILLARS else tr(TEXT, "all", lang) for p in tab.index]
    display(tab.rename(columns=_headers(lang)))
    cats = category_completion(prog, real, year)
    display(styled(cats.rename(columns=_headers(lang)), index=False))
    fig = gantt(prog, real, lang, illustrative=ill, title=regency_code)
    display(fig)
    plt.close(fig)
    trend = evaluation_trend(regency_code, data_dir)
    if trend["improvement"].notna().any():
        display(Markdown(tr(TEXT, "trend", lang)))
        display(trend)
    else:
        display(Markdown(tr(TEXT, "trend_none", lang)))
    return {"year": year, "planned": int(tot.planned), "running": int(tot.running),
            "share_pct": float(tot.share_pct), "illustrative": bool(ill),
            "trajectory": {p: latest.at[p, "status"] for p in latest.index},
            "evaluation_years": [int(y) for y in trend["year"]]}
