"""Interactive explorer: one regency, one index, one profile variable.

The same functions serve the ipywidgets explorer and plain calls: :func:`explore` draws the
scatter with the regency highlighted and shows its profile and scores; :func:`run_explorer`
with ``interactive=False`` calls it directly (so papermill and nbval exercise the code path and
an exception fails the run), with ``interactive=True`` it first makes the same call, then adds
the widgets whose callbacks re-run it. The data are the processed tables of ``data_dir``
(:func:`analysis.processed.project.correlation_frame`, built first when stale), never the raw files;
reading what the build wrote, it sits with the reports, above the build
(``notebooks/explore.ipynb``, the Voilà app).
"""
from __future__ import annotations

import os

import IPython.display as ipd
import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown

from analysis.maps import layers as maps
from analysis.correlations.results import percentile_of, sample_note
from analysis.processed.project import correlation_frame
from analysis.correlations.data import cross_section, index_variables, profile_variables
from analysis.correlations.stats import point_estimate
from analysis.data.geo import SOURCE_TEXT
from analysis.errors import WorkbenchError
from analysis.escape import md_format, md_text, styled
from analysis.evaluation import YEARS
from analysis.i18n import COMMON, check_lang, fmt_bool, fmt_number, texts, tr
from analysis.plots.correlations import scatter
from analysis.plots.maps import choropleth
from analysis.variable_labels import PROFILE_VARS, is_binary, label

T = texts("reports.explorer")
SCORE_COLUMNS = ["baseline", "output", "outcome", "impact", "quick_win", "kolaborasi",
                 "nilai_final", "improvement"]


def _frame(data_dir, frame: pd.DataFrame | None) -> pd.DataFrame:
    """``frame`` when the caller has it (one view reads it once), else the correlation frame
    of ``data_dir`` from its processed tables (built first when stale)."""
    return correlation_frame(data_dir) if frame is None else frame


class ExplorerError(WorkbenchError):
    """An unknown regency, index, variable or year was chosen."""


def choices(data_dir=None, lang: str = "id") -> dict:
    """Options of the explorer: ``{'regency': [(label, code)], 'index': [...], 'variable':
    [...], 'year': [...]}``."""
    frame = correlation_frame(data_dir)
    regs = frame.drop_duplicates("kode_kemendagri").sort_values("nama")
    idx = list(dict.fromkeys(v for y in YEARS for v in index_variables(cross_section(frame, y))))
    var = list(dict.fromkeys(v for y in YEARS for v in profile_variables(cross_section(frame, y))))
    return {"regency": [(f"{r.nama} ({r.kode_kemendagri})", r.kode_kemendagri)
                        for r in regs.itertuples()],
            "index": [(label(v, lang), v) for v in idx],
            "variable": [(label(v, lang), v) for v in var],
            "year": list(YEARS)}


def _check(frame: pd.DataFrame, code: str, index: str, variable: str, year: int) -> None:
    if code not in set(frame.kode_kemendagri):
        raise ExplorerError(f"unknown regency code {code!r} (codes look like '64.02')")
    if year not in YEARS:
        raise ExplorerError(f"no evaluation for {year}; years {list(YEARS)}")
    if index not in frame.columns or variable not in frame.columns:
        raise ExplorerError(f"unknown index {index!r} or variable {variable!r}")


def regency_profile(code: str, data_dir=None, lang: str = "id", *, frame=None) -> pd.DataFrame:
    """The regency's profile variables as a one-column table."""
    frame = _frame(data_dir, frame)
    row = frame[frame.kode_kemendagri == str(code)].iloc[0]
    vals = {label(v, lang): row[v] for v in PROFILE_VARS if v in frame.columns and v != "kppn_ikn"}
    return pd.DataFrame({row["nama"]: list(vals.values())}, index=list(vals.keys()))


def regency_scores(code: str, data_dir=None, lang: str = "id", *, frame=None) -> pd.DataFrame:
    """The regency's evaluation scores by year (rows: years; NaN where not evaluated)."""
    frame = _frame(data_dir, frame)
    rows = frame[frame.kode_kemendagri == str(code)].set_index("tahun")
    cols = [c for c in SCORE_COLUMNS if c in rows.columns]
    out = rows[["dievaluasi"] + cols].rename(columns={c: label(c, lang) for c in cols})
    out = out.rename(columns={"dievaluasi": tr(T, "evaluated", lang)})
    out.index.name = tr(T, "year", lang)
    return out


def explore_data(regency_code: str, index: str = "nilai_final", variable: str = "ipm_2021",
                 year: int = 2023, data_dir=None, *, frame=None) -> dict:
    """The numbers the explorer shows (JSON-serialisable)."""
    frame = _frame(data_dir, frame)
    code = str(regency_code)
    _check(frame, code, index, variable, year)
    cs = cross_section(frame, year)
    me = frame[(frame.tahun == year) & (frame.kode_kemendagri == code)].iloc[0]
    rho, p = point_estimate(cs[variable], cs[index], "spearman")
    n = int((cs[variable].notna() & cs[index].notna()).sum())
    xv, yv = float(me[variable]), float(me[index]) if pd.notna(me[index]) else float("nan")
    return {"kode_kemendagri": code, "nama": str(me["nama"]), "tahun": int(year),
            "index": index, "variable": variable, "dievaluasi": bool(me["dievaluasi"]),
            "x": xv, "y": None if np.isnan(yv) else yv, "n": n,
            "persentil_x": None if is_binary(variable) else percentile_of(xv, cs[variable]),
            "persentil_y": None if np.isnan(yv) else percentile_of(yv, cs[index]),
            "spearman": None if np.isnan(rho) else rho, "p": None if np.isnan(p) else p}


def explore_figure(regency_code: str, index: str = "nilai_final", variable: str = "ipm_2021",
                   year: int = 2023, lang: str = "id", data_dir=None, seed: int = 0,
                   n_boot: int = 500, *, frame=None):
    """The scatter of ``index`` on ``variable`` with the regency highlighted (a dashed line
    at its profile value if it was not evaluated that year)."""
    frame = _frame(data_dir, frame)
    code = str(regency_code)
    _check(frame, code, index, variable, year)
    cs = cross_section(frame, year)
    fig = scatter(cs, variable, index, highlight=code, year=year, lang=lang, seed=seed,
                  n_boot=n_boot, illustrative=index.startswith("kesiapan_")
                  and frame.attrs.get("readiness_illustrative", False))
    me = frame[(frame.tahun == year) & (frame.kode_kemendagri == code)].iloc[0]
    if code not in set(cs.kode_kemendagri) and pd.notna(me[variable]):
        ax = fig.axes[0]
        ax.axvline(me[variable], color="crimson", ls="--", lw=1)
        ax.text(me[variable], ax.get_ylim()[1], f" {me['nama']}", color="crimson", fontsize=8,
                va="top")
    return fig


def explore_map(regency_code: str, index: str = "nilai_final", year: int = 2023,
                lang: str = "id", data_dir=None, *, frame=None):
    """Map of ``index`` over every kabupaten/kota, the regency outlined in red: Kominfo indices
    for the regencies evaluated in ``year`` (the others grey), readiness indices wherever
    assessed (with the ILUSTRATIF label on the map when the assessments are illustrative)."""
    frame = _frame(data_dir, frame)
    code = str(regency_code)
    _check(frame, code, index, index, year)
    readiness = index.startswith("kesiapan_")
    rows = frame[frame.tahun == year] if readiness else cross_section(frame, year)
    values = rows.drop_duplicates("kode_kemendagri").set_index("kode_kemendagri")[index]
    layers = maps.map_layers(None, str(data_dir) if data_dir else None)
    illustrative = readiness and bool(frame.attrs.get("readiness_illustrative", False))
    return choropleth(maps.variable_frame(layers, values), label(index, lang),
                      tr(SOURCE_TEXT, "source_line", lang), lang, illustrative=illustrative,
                      title=f"{label(index, lang)}, {year}", highlight=code)


def _fmt(v, lang: str) -> str:
    return fmt_number(v, 2, lang)


def explore(regency_code: str, index: str = "nilai_final", variable: str = "ipm_2021",
            year: int = 2023, lang: str = "id", data_dir=None) -> dict:
    """Display the scatter, the regency's profile and its scores; return :func:`explore_data`."""
    check_lang(lang)
    frame = correlation_frame(data_dir)      # once per view: every part below reads it
    d = explore_data(regency_code, index, variable, year, data_dir, frame=frame)
    fig = explore_figure(regency_code, index, variable, year, lang, data_dir, frame=frame)
    ipd.display(fig)
    plt.close(fig)
    fig = explore_map(regency_code, index, year, lang, data_dir, frame=frame)
    ipd.display(fig)
    plt.close(fig)
    ipd.display(Markdown(tr(T, "summary", lang).format(
        name=md_text(d["nama"]), x=label(variable, lang), xv=_fmt(d["x"], lang),
        xp=_fmt(d["persentil_x"], lang), y=label(index, lang), yv=_fmt(d["y"], lang),
        yp=_fmt(d["persentil_y"], lang), n=d["n"], rho=_fmt(d["spearman"], lang))))
    if not d["dievaluasi"]:
        ipd.display(Markdown(md_format(tr(T, "not_eval", lang), name=d["nama"], year=year)))
    note = sample_note(d["n"], year, lang)
    if note:
        ipd.display(Markdown(f"*{note}*"))
    illustrative = frame.attrs.get("readiness_illustrative")
    if index.startswith("kesiapan_") and illustrative:
        ipd.display(Markdown(f"**{tr(COMMON, 'illustrative', lang)}**"))
    ipd.display(Markdown(f"**{tr(T, 'profile', lang)}**"))
    ipd.display(styled(profile_text(regency_code, data_dir, lang, frame=frame), index=True,
                       lang=lang))
    ipd.display(Markdown(f"**{tr(T, 'scores', lang)}**"))
    scores = regency_scores(regency_code, data_dir, lang, frame=frame)
    scores.index = [str(int(y)) for y in scores.index]
    scores.index.name = tr(T, "year", lang)
    ipd.display(styled(scores, index=True, lang=lang))
    return d


#: Decimals a profile variable is read with (counts and rupiah without decimals).
DECIMALS = {"penduduk": 0, "luas_km2": 1, "kepadatan": 1, "pengeluaran_2021": 0}


def profile_text(code: str, data_dir=None, lang: str = "id", *, frame=None) -> pd.DataFrame:
    """:func:`regency_profile` as reading text: each variable with its own decimals, yes/no
    variables as Ya/Tidak (Yes/No)."""
    prof = regency_profile(code, data_dir, lang, frame=frame)
    names = [v for v in PROFILE_VARS if v != "kppn_ikn" and label(v, lang) in prof.index]
    col = prof.columns[0]
    return pd.DataFrame({col: [
        fmt_bool(bool(prof.at[label(v, lang), col]), lang)
        if is_binary(v) and pd.notna(prof.at[label(v, lang), col])
        else fmt_number(prof.at[label(v, lang), col], DECIMALS.get(v, 2), lang)
        for v in names]}, index=[label(v, lang) for v in names])


def in_voila() -> bool:
    """Whether this kernel serves a Voilà app (Voilà sets ``SERVER_SOFTWARE=voila/<version>``
    in its kernels' environment): the explorer then shows its widgets without being asked."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila/")


def run_explorer(interactive: bool = False, regency_code: str = "64.02",
                 index: str = "nilai_final", variable: str = "ipm_2021", year: int = 2023,
                 lang: str = "id", data_dir=None):
    """Run the explorer: a plain :func:`explore` call, plus the widgets if ``interactive``.

    With ``interactive`` the data and figure are first built outside any widget callback, so
    an exception fails the run instead of vanishing in a callback. Returns the numbers of the
    call (and the widget box when interactive: ``(numbers, box)``).
    """
    if not interactive:
        return explore(regency_code, index, variable, year, lang, data_dir)
    first = explore_data(regency_code, index, variable, year, data_dir)  # raises here, not
    plt.close(explore_figure(regency_code, index, variable, year, lang, data_dir))  # in a callback
    return first, _widgets(regency_code, index, variable, year, lang, data_dir)


def _widgets(code, index, variable, year, lang, data_dir):
    opts = choices(data_dir, lang)
    sel = dict(
        regency_code=w.Dropdown(options=opts["regency"], value=code,
                                description=tr(T, "regency", lang)),
        index=w.Dropdown(options=opts["index"], value=index, description=tr(T, "index", lang)),
        variable=w.Dropdown(options=opts["variable"], value=variable,
                            description=tr(T, "variable", lang)),
        year=w.Dropdown(options=opts["year"], value=year, description=tr(T, "year", lang)))
    out = w.Output()

    def show():
        try:
            explore(**{k: s.value for k, s in sel.items()}, lang=lang, data_dir=data_dir)
        except Exception as exc:  # shown in the output, never swallowed silently
            print(f"{type(exc).__name__}: {exc}")

    def update(_change=None):
        out.clear_output(wait=True)
        with out:
            show()
    for s in sel.values():
        s.observe(update, names="value")
    box = w.VBox([w.HBox(list(sel.values())[:2]), w.HBox(list(sel.values())[2:]), out])
    ipd.display(box)
    out.outputs = first_outputs(show)
    return box


def first_outputs(show) -> tuple[dict, ...]:
    """What ``show()`` displays and prints, as the outputs of an Output widget.

    The first view is set as the widget's state rather than captured with ``with out:``: in
    Voila the notebook runs on the server, where the executor stands in for a browser and
    answers every output captured by an Output widget with a message on the kernel's shell
    channel, sent while it awaits the cell's execute reply on that same channel (zmq.asyncio).
    About one page load in four then never saw the reply and hung with server and kernel both
    idle; without outputs captured during the run no such message is sent. Changes made in
    the page go through ``with out:`` as before (a real browser answers them)."""
    from IPython.utils.capture import capture_output
    with capture_output() as cap:
        show()
    outs = [{"output_type": "display_data", "data": o.data, "metadata": o.metadata}
            for o in cap.outputs]
    if cap.stdout:
        outs.append({"output_type": "stream", "name": "stdout", "text": cap.stdout})
    return tuple(outs)
