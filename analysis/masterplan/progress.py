"""Progress against the masterplan: programme realisation, shares, trajectory, Gantt chart.

Two tables (CSV files ``programmes_<code>.csv`` and ``realisation_<code>.csv``, or the sheets
*Program* and *Realisasi* of one XLSX workbook; see :mod:`analysis.data.template_tables`):

* programmes: ``id, program, pillar, owner, horizon (1/5/10), start_year, end_year, category
  (sdm, infrastruktur, aplikasi, literasi), quick_win, budget_planned`` and, optional, the
  strategy it carries out and its four priority criteria (:mod:`analysis.masterplan.strategies`:
  scored together or not at all);
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
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.i18n import PILLAR_CODES
from analysis.data import template_tables as tpl
from analysis.data.schema import Column, Schema
from analysis.errors import WorkbenchError
from analysis.evaluation import load_evaluations
from analysis.messages import text as message
from analysis.masterplan.strategies import criteria_columns, criteria_problems
from analysis.masterplan.swot import load_settings

PROGRAMMES_RE = re.compile(r"programmes_([0-9]{2}\.[0-9]{2})\.csv")
STATUS_CODES = tuple(tpl.CHOICES["realisation_status"])
_STICKY = ("completed", "cancelled")


def programme_schema() -> Schema:
    """Schema of the programme table (shared by CSV and XLSX)."""
    return Schema("programmes", (
        Column("id", "text", unique=True), tpl._opt("program"), tpl.pillar_column(),
        tpl._opt("owner"), Column("horizon", "int", min=1, max=10),
        Column("start_year", "int", min=1990, max=2100),
        Column("end_year", "int", min=1990, max=2100),
        tpl._opt("category", allowed=tpl._codes("category")),
        tpl._opt("quick_win", allowed=tpl._codes("yesno")),
        tpl._opt("budget_planned", "float", min=0.0), *criteria_columns(),
        *tpl.common_columns()))


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
    path = Path(path)
    if realisation is None:
        realisation = path if path.suffix.lower() in (".xlsx", ".xlsm") else \
            path.with_name(path.name.replace("programmes", "realisation", 1))
    praw, psrc = tpl.read_text(path, "programmes")
    praw = tpl.normalise(praw, "programmes", psrc)
    tpl.validate(praw, programme_schema(), psrc)     # its errors before the realisation's
    rraw, rsrc = tpl.read_text(realisation, "realisation")
    return programmes_of_text(praw, psrc, tpl.normalise(rraw, "realisation", rsrc), rsrc)


def programmes_of_text(prog_text: pd.DataFrame, psrc: tpl.Source, real_text: pd.DataFrame,
                       rsrc: tpl.Source) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Programmes and realisation from their normalised text
    (:func:`analysis.data.template_tables.normalise`), validated as :func:`read_programmes`
    does; errors name the sources' rows."""
    prog = tpl.validate(prog_text, programme_schema(), psrc)
    real = tpl.validate(real_text, realisation_schema(), rsrc)
    for pos, (a, b) in enumerate(zip(prog["start_year"], prog["end_year"])):
        if a > b:
            raise psrc.error(message("start_after_end", start=a, end=b), pos, "end_year",
                             int(b))
    for problem in criteria_problems(prog)[:1]:
        raise psrc.error(*problem)
    known = set(prog["id"])
    for pos, i in enumerate(real["id"]):
        if i not in known:
            raise rsrc.error(message("programme_not_listed"), pos, "id", i)
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
    order = {k: i for i, k in enumerate(("all",) + PILLAR_CODES)}
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
        groups = [p for p in PILLAR_CODES if p in set(prog["pillar"])] if by == "pillar" \
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


def evaluation_trend(regency_code: str, data_dir=None,
                     evaluations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Kominfo final per evaluated year and the improvement on the previous evaluated year.

    ``improvement`` follows Kominfo's method: this year's published final minus the previous
    year's final recomputed from its printed dimensions, rounded to two decimals (Kabupaten
    Malang 2023: 2.94 − 2.50 = 0.44); ``improvement_printed`` is Kominfo's own figure.
    ``evaluations`` (the evaluation table, e.g. the processed ``evaluasi``) replaces reading
    the (resolved) data directory ``data_dir``; one of them must be given.
    """
    if evaluations is None and data_dir is None:
        raise WorkbenchError(message("data_dir_or_input", function="evaluation_trend",
                                     alternative="evaluations="))
    ev = load_evaluations(data_dir) if evaluations is None else evaluations
    ev = ev[(ev["kode_kemendagri"] == str(regency_code)) & ev["dievaluasi"]].sort_values("tahun")
    out = pd.DataFrame({"year": ev["tahun"].astype(int).to_numpy(),
                        "nilai_final": ev["nilai_final"].to_numpy(),
                        "improvement_printed": ev["improvement"].to_numpy()})
    prev = ev["nilai_final_hitung"].round(2).shift(1).to_numpy()
    out["improvement"] = (out["nilai_final"] - prev).round(2)
    return out


def list_programme_files(data_dir) -> dict:
    """Shipped programme tables ``programmes_<code>.csv``: {regency code: path}."""
    return {m.group(1): p for p in sorted(Path(data_dir).glob("programmes_*.csv"))
            if (m := PROGRAMMES_RE.fullmatch(p.name))}


def load_programmes(regency: str, data_dir):
    """The shipped (programmes, realisation) of a regency, or ``None``."""
    path = list_programme_files(data_dir).get(str(regency))
    return None if path is None else read_programmes(path)


def programme_tables(prog: pd.DataFrame, real: pd.DataFrame, code: str) -> dict:
    """The build tables of one regency's programmes: ``program`` (the programmes),
    ``program_status`` (programme × year over the planned and reported span: status with
    completed/cancelled carried forward, ``reported`` False where carried), ``program_capaian``
    (:func:`running_share` per pillar and year), ``program_lintasan`` (:func:`trajectory`:
    on track / behind / ahead per pillar and year) and ``program_kategori``
    (:func:`category_completion` for every reported year); each with
    ``kode_kemendagri`` and ``illustrative`` (True on every row when any programme is marked)."""
    ill = tpl.rows_marked_illustrative(prog)
    years = sorted(set(real["year"].astype(int)) | set(range(
        int(prog["start_year"].min()), int(min(prog["end_year"].max(), real["year"].max())) + 1)))
    st = status_matrix(prog, real, years)
    reported = set(zip(real["id"], real["year"].astype(int)))
    status = pd.DataFrame([{"id": i, "year": int(y), "status": st.at[i, y],
                            "reported": (i, int(y)) in reported}
                           for i in st.index for y in years])
    cats = [category_completion(prog, real, y) for y in sorted(real["year"].astype(int).unique())]
    out = {"program": prog.drop(columns=["regency"], errors="ignore"), "program_status": status,
           "program_capaian": running_share(prog, real),
           "program_lintasan": trajectory(prog, real),
           "program_kategori": pd.concat(cats, ignore_index=True) if cats else pd.DataFrame()}
    for df in out.values():
        df.insert(0, "kode_kemendagri", str(code))
        df["illustrative"] = ill
    return out
