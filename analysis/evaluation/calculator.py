"""The what-if calculator of ``notebooks/whatif.ipynb``: sliders per dimension that update the
final, the group rank and a bar chart.

:func:`run_calculator` with ``interactive=False`` computes and shows one scenario with plain
calls (papermill and nbval run this path, so an error fails the run); with ``interactive=True``
it makes the same call first, then adds one ipywidgets slider per weighted dimension whose
callbacks re-run :func:`show_scenario`. It takes the evaluations as the build's ``evaluasi``
table holds them (every year, long; the notebook reads it from ``data/processed``). All
arithmetic is :mod:`analysis.evaluation.dimension_whatif`.
"""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from analysis.escape import md_format, md_text, styled
from analysis.evaluation.dimension_whatif import (SCALE, Setting, dimensions, levers, parse_setting,
                                        regency_row, simulate, target_plan, warning_text)
from analysis.frameworks import load_framework
from analysis.i18n import check_lang, fmt_number, texts, tr
from analysis.plots.evaluation import dim_label
from analysis.plots.scenario_bars import scenario_bars

T = texts("evaluation.calculator")


def _fmt(x, d: int, lang: str) -> str:
    return fmt_number(x, d, lang)


def show_scenario(evals: pd.DataFrame, code: str, year: int, settings: list[Setting],
                  lang: str = "id") -> dict:
    """Display the scenario's final, ranks, warnings and bar chart; return its numbers."""
    check_lang(lang)
    tab = simulate(evals, code, year, settings, lang)
    b, s = tab.iloc[0], tab.iloc[1]
    display(Markdown(tr(T, "summary", lang).format(
        name=md_text(s["nama"]), year=year, f1=_fmt(s["nilai_final"], 3, lang),
        f0=_fmt(b["nilai_final"], 3, lang), d=f"{'+' if s['perubahan'] >= 0 else ''}"
        f"{_fmt(s['perubahan'], 3, lang)}", g1=int(s["peringkat_kelompok"]),
        gn=int(s["n_kelompok"]), g0=int(b["peringkat_kelompok"]),
        n1=int(s["peringkat_nasional"]), nn=int(s["n_nasional"]),
        n0=int(b["peringkat_nasional"]))))
    for w in tab.attrs["warnings"]:
        display(Markdown(md_format(tr(T, "warn", lang), w=warning_text(w, lang))))
    dims = dimensions(load_framework(str(s["framework"])))
    keys = dims + ["nilai_final"]
    fig = scenario_bars({k: float(b[k]) for k in keys}, {k: float(s[k]) for k in keys},
                        str(s["nama"]), year, lang)
    display(fig)
    plt.close(fig)
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in s.items()}


def show_target(evals: pd.DataFrame, code: str, year: int, target: float,
                lang: str = "id") -> pd.DataFrame:
    """Display and return :func:`~analysis.evaluation.dimension_whatif.target_plan` for
    ``target``."""
    plan = target_plan(evals, code, year, target)
    display(Markdown(tr(T, "target", lang).format(t=_fmt(target, 2, lang))))
    display(target_view(plan, lang))
    return plan


def target_view(plan: pd.DataFrame, lang: str = "id"):
    """A target plan (:func:`~analysis.evaluation.dimension_whatif.target_plan`) as the reports show
    a table (:func:`analysis.escape.styled`): one row per dimension, headers in ``lang``,
    numbers in its format, yes/no as words."""
    view = plan.drop(columns=["target", "nilai_final_sekarang"]).copy()
    view["dimensi"] = [dim_label(d, lang) for d in view["dimensi"]]
    view = view.rename(columns=lambda c: tr(T, f"col_{c}", lang)).set_index(
        tr(T, "col_dimensi", lang))
    return styled(view, lang=lang, decimals={tr(T, "col_jalur_urutan", lang): 0})


def run_calculator(evals: pd.DataFrame, interactive: bool = False, regency_code: str = "64.02",
                   year: int = 2023, settings: list[str] | None = None, lang: str = "id"):
    """Show one scenario of ``evals`` (the ``evaluasi`` table; ``settings`` as
    ``["impact=3.59", "output=+0.3"]``); with ``interactive`` also the sliders. Returns the
    scenario's numbers (and the widget box)."""
    parsed = [parse_setting(t) for t in (settings or [])]
    first = show_scenario(evals, str(regency_code), int(year), parsed, lang)  # raises here
    if not interactive:
        return first
    return first, _sliders(evals, str(regency_code), int(year), first, lang)


def _sliders(evals, code, year, start: dict, lang):
    regency_row(evals, code, year)
    lv = levers(evals, code, year)
    sliders = {d: widgets.FloatSlider(value=float(start[d]), min=SCALE[0], max=SCALE[1], step=0.01,
                                description=dim_label(d, lang), continuous_update=False,
                                readout_format=".2f")
               for d in lv["dimensi"] if SCALE[0] <= float(start[d]) <= SCALE[1]}
    out = widgets.Output()

    def update(_change=None):
        out.clear_output(wait=True)
        with out:
            try:
                show_scenario(evals, code, year, [Setting(d, s.value, False, f"{d}={s.value}")
                                                  for d, s in sliders.items()], lang)
            except Exception as exc:  # shown in the output, never swallowed silently
                print(f"{type(exc).__name__}: {exc}")
    for s in sliders.values():
        s.observe(update, names="value")
    box = widgets.VBox([widgets.VBox(list(sliders.values())), out])
    display(box)
    update()
    return box
