"""Figures of the demographic-correlation analysis (Indonesian labels by default)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from scipy import stats

from analysis.variable_labels import controls_label, is_binary, label
from analysis.i18n import COMMON, fmt_number, texts, tr
from analysis.plots import new_figure, number_axes, number_axis, plain
from analysis.plots.backdrop import Backdrop, figure_over, render

T = texts("plots.correlations")
#: Margins of :func:`observed_vs_predicted_frame` (tight_layout's for 5.5 x 4.5 in, 0-4 scores).
OVP_MARGINS = {"left": 0.122, "right": 0.972, "bottom": 0.131, "top": 0.88}


def _stars(p: float) -> str:
    if not np.isfinite(p):
        return ""
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""


def _illustrative(fig, lang: str) -> None:
    fig.text(0.99, 0.01, tr(COMMON, "illustrative", lang), ha="right", va="bottom",
             color="firebrick", fontsize=8, fontweight="bold")


def heatmap(table: pd.DataFrame, year: int, method: str = "spearman", lang: str = "id",
            illustrative: bool = False):
    """Heat map of estimates (rows profile variables, columns indices) with BH significance
    stars; ``table`` is a correlation table (:func:`analysis.correlations.results.correlations`)."""
    t = table[(table.tahun == year) & (table.method == method)]
    xs = list(dict.fromkeys(t["x"]))
    ys = list(dict.fromkeys(t["y"]))
    est = t.pivot(index="x", columns="y", values="estimate").reindex(index=xs, columns=ys)
    padj = t.pivot(index="x", columns="y", values="p_adj").reindex(index=xs, columns=ys)
    annot = est.map(lambda v: "" if not np.isfinite(v) else fmt_number(v, 2, lang)) + \
        padj.map(_stars)
    fig, ax = new_figure(1.2 + 0.95 * len(ys), 1.4 + 0.45 * len(xs))
    sns.heatmap(est.astype(float), ax=ax, vmin=-1, vmax=1, cmap="RdBu_r", annot=annot, fmt="",
                annot_kws={"fontsize": 8}, cbar_kws={"shrink": 0.7}, linewidths=0.5)
    ax.set_yticklabels([label(v, lang) for v in xs], rotation=0)
    ax.set_xticklabels([label(v, lang) for v in ys], rotation=35, ha="right")
    ax.set_xlabel("")
    ax.set_ylabel("")
    if ax.collections and ax.collections[0].colorbar is not None:
        number_axis(ax.collections[0].colorbar.ax.yaxis, lang)
    ctl = t["controls"].iloc[0] if len(t) else ""
    partial = tr(T, "partial", lang).format(c=controls_label(ctl, lang)) if ctl else ""
    ax.set_title(tr(T, "heat_title", lang).format(method=method.capitalize(), year=year,
                                                  partial=partial), fontsize=10)
    n = f"{int(t['n'].min())}–{int(t['n'].max())}" if len(t) and t["n"].nunique() > 1 else \
        (str(int(t["n"].iloc[0])) if len(t) else "0")
    fig.text(0.01, 0.01, tr(T, "stars", lang).format(n=n), fontsize=8)
    if illustrative:
        _illustrative(fig, lang)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def scatter(cs: pd.DataFrame, x: str, y: str, highlight: str | None = None, year=None,
            lang: str = "id", seed: int = 0, n_boot: int = 1000, logx: bool | None = None,
            illustrative: bool = False):
    """Scatter of ``y`` on ``x`` with a regression line and seeded bootstrap band; one regency
    (``highlight``, a Kemendagri code) marked and named. Skewed size variables use a log x."""
    d = cs[["kode_kemendagri", "nama", x, y]].dropna()
    if logx is None:
        logx = x in ("penduduk", "luas_km2", "kepadatan") and (d[x] > 0).all()
    fig, ax = new_figure(6.5, 4.2)
    sns.regplot(data=d, x=x, y=y, ax=ax, seed=seed, n_boot=n_boot, logx=logx,
                x_jitter=0.03 if is_binary(x) else None,
                scatter_kws={"s": 18, "alpha": 0.6, "color": "steelblue"},
                line_kws={"color": "black", "lw": 1})
    if logx:
        ax.set_xscale("log")
    if highlight is not None:
        me = d[d.kode_kemendagri == str(highlight)]
        if not me.empty:
            ax.scatter(me[x], me[y], s=70, color="crimson", zorder=5, edgecolor="black")
            ax.annotate(plain(me["nama"].iloc[0]), (me[x].iloc[0], me[y].iloc[0]),
                        xytext=(6, 6), textcoords="offset points", color="crimson", fontsize=9)
    ax.set_xlabel(label(x, lang))
    ax.set_ylabel(label(y, lang))
    number_axis(ax.yaxis, lang)
    if ax.get_xscale() != "log":
        number_axis(ax.xaxis, lang)
    ax.set_title(tr(T, "scatter_title", lang).format(y=label(y, lang), x=label(x, lang),
                                                     year=year if year is not None else "",
                                                     n=len(d)), fontsize=10)
    if illustrative:
        _illustrative(fig, lang)
    fig.tight_layout()
    return fig


def survival_plot(surv: pd.DataFrame, y: str = "nilai_final", method: str = "spearman",
                  year: int = 2023, lang: str = "id"):
    """Raw and partial correlation of each profile variable with ``y``, with their CIs
    (``surv`` from :func:`analysis.correlations.results.survival`)."""
    fig, ax = new_figure(7.0, 0.9 + 0.38 * len(surv))
    pos = np.arange(len(surv))
    for off, kind, color in ((-0.15, "raw", "grey"), (0.15, "partial", "crimson")):
        est = surv[f"estimate_{kind}"].to_numpy()
        lo, hi = surv[f"ci_low_{kind}"].to_numpy(), surv[f"ci_high_{kind}"].to_numpy()
        ax.errorbar(est, pos + off, xerr=[est - lo, hi - est], fmt="o", color=color, ms=4,
                    capsize=2, label=tr(T, "raw" if kind == "raw" else "partial_lbl", lang))
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(pos)
    ax.set_yticklabels([label(v, lang) for v in surv["x"]])
    ax.invert_yaxis()
    ax.set_xlim(-1, 1)
    ax.set_xlabel(tr(T, "corr", lang))
    number_axis(ax.xaxis, lang)
    ctl = surv["controls"].iloc[0] if len(surv) else ""
    ax.set_title(tr(T, "survive_title", lang).format(
        y=label(y, lang), method=method, year=year, c=controls_label(ctl, lang)), fontsize=10)
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig


def observed_vs_predicted(res, highlight: str | None = None, year=None, lang: str = "id"):
    """Published against predicted score of an OLS model (:class:`ModelResult`), 45° line,
    one regency highlighted."""
    return observed_vs_predicted_frame(res.data, res.formula.split("~")[0].strip(), highlight,
                                       year, lang)


def ovp_backdrop_key(year: int, lang: str) -> str:
    """Name of the backdrop of :func:`observed_vs_predicted_frame` for a year and language."""
    return f"prediksi_{int(year)}_{lang}.png"


def _ovp_figure(d, y: str, year, lang: str):
    """Every unit's published ``y`` against ``prediksi``, the 45° line, labels and title."""
    fig, ax = new_figure(5.5, 4.5)
    ax.scatter(d["prediksi"], d[y], s=18, alpha=0.6, color="steelblue")
    lo = float(min(d["prediksi"].min(), d[y].min()))
    hi = float(max(d["prediksi"].max(), d[y].max()))
    ax.plot([lo, hi], [lo, hi], color="black", lw=0.8)
    ax.set_xlabel(tr(T, "predicted", lang))
    ax.set_ylabel(tr(T, "observed", lang))
    number_axes(ax, lang)
    # two lines: the reading hint under the title (one line runs past the figure's edge)
    ax.set_title(tr(T, "ovp_title", lang).format(year=year if year is not None else "")
                 .replace(" (", "\n(", 1), fontsize=10)
    # what tight_layout finds for scores on the 0-4 scale, set without a layout pass
    fig.subplots_adjust(**OVP_MARGINS)
    return fig, ax


def ovp_backdrop(d, y: str, year, lang: str = "id") -> Backdrop:
    """The part of :func:`observed_vs_predicted_frame` that is the same for every regency of a
    year and language (every unit, the line, labels), drawn once."""
    return render(*_ovp_figure(d, y, year, lang), meta={"n": len(d)})


def observed_vs_predicted_frame(d, y: str, highlight: str | None = None, year=None,
                                lang: str = "id", backdrop: Backdrop | None = None):
    """Published ``y`` against ``prediksi`` of the units of a fitted model (rows of ``d`` with
    ``kode_kemendagri, nama, prediksi, <y>``), 45° line, one regency highlighted (its name on
    the side of the point with more room). ``backdrop``: :func:`ovp_backdrop` of ``d``, over
    which only the highlighted regency is drawn."""
    fig, ax = figure_over(backdrop) if backdrop is not None else _ovp_figure(d, y, year, lang)
    me = d[d.kode_kemendagri == str(highlight)] if highlight is not None else d.iloc[:0]
    if not me.empty:
        px, py = float(me["prediksi"].iloc[0]), float(me[y].iloc[0])
        ax.scatter([px], [py], s=70, color="crimson", zorder=5, edgecolor="black")
        (x0, x1) = ax.get_xlim()
        right = px > (x0 + x1) / 2                  # a name there could reach past the edge
        ax.annotate(plain(me["nama"].iloc[0]), (px, py), xytext=(-6 if right else 6, -12),
                    textcoords="offset points", color="crimson", fontsize=9,
                    ha="right" if right else "left")
    return fig


def residual_plot(res, lang: str = "id"):
    """Residuals against fitted values, and a normal Q–Q plot of the residuals."""
    fig, (a1, a2) = new_figure(9.0, 3.8, ncols=2)
    a1.scatter(res.data["prediksi"], res.data["residu"], s=16, alpha=0.6)
    a1.axhline(0, color="black", lw=0.8)
    a1.set_xlabel(tr(T, "predicted", lang))
    a1.set_ylabel(tr(T, "residual", lang))
    number_axes(a1, lang)
    (osm, osr), (slope, icpt, _) = stats.probplot(res.data["residu"], dist="norm")
    a2.scatter(osm, osr, s=14, alpha=0.6)
    a2.plot(osm, slope * np.asarray(osm) + icpt, color="black", lw=0.8)
    a2.set_xlabel(tr(T, "quantile", lang))
    a2.set_ylabel(tr(T, "residual", lang))
    number_axes(a2, lang)
    a2.set_title(tr(T, "qq", lang), fontsize=10)
    fig.tight_layout()
    return fig
