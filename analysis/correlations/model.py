"""OLS model of an index on the profile: statsmodels formula API with HC3 robust errors, VIF
and residual diagnostics (Breusch–Pagan, Jarque–Bera, Cook's distance).

The model's residual places a regency against its profile: a positive residual means the
regency scores better than regencies of its size, density, development and type do on average.
Whether that difference says anything is read from the 95 % prediction interval of the fitted
model (statsmodels ``get_prediction(...).summary_frame(alpha=0.05)``, ``obs_ci_lower`` and
``obs_ci_upper``): a published value inside the interval is what the profile predicts
(:func:`verdict`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from statsmodels.stats.diagnostic import het_breuschpagan
from statsmodels.stats.outliers_influence import variance_inflation_factor
from statsmodels.stats.stattools import jarque_bera

from analysis.i18n import texts, tr

#: Labels of the diagnostics table (:func:`diagnostics_table`).
T = texts("correlations.model")
#: Default predictors; ``kppn_ikn`` is added where the year has groups (2023).
DEFAULT_PREDICTORS = ("log_kepadatan", "log_penduduk", "ipm_2021", "kota", "jawa")
#: Level of the prediction interval a regency's value is judged against (a setting).
INTERVAL_LEVEL = 0.95


@dataclass
class ModelResult:
    """A fitted model and what the analysis shows of it."""

    formula: str
    fit: object                       # statsmodels RegressionResults (cov_type HC3)
    data: pd.DataFrame                # units used, with fitted, residual, z-residual, Cook's D
    coefficients: pd.DataFrame
    vif: pd.DataFrame
    diagnostics: dict = field(default_factory=dict)


def default_predictors(cs: pd.DataFrame) -> list[str]:
    """The default predictors that vary in the cross-section (plus the group where present)."""
    preds = list(DEFAULT_PREDICTORS)
    if "kppn_ikn" in cs.columns and cs["kppn_ikn"].nunique(dropna=True) > 1:
        preds.append("kppn_ikn")
    return [p for p in preds if p in cs.columns and cs[p].nunique(dropna=True) > 1]


def vif_table(design: pd.DataFrame) -> pd.DataFrame:
    """Variance inflation factor of every column of a design matrix (intercept excluded)."""
    x = design.to_numpy(float)
    rows = [dict(term=c, vif=float(variance_inflation_factor(x, i)))
            for i, c in enumerate(design.columns) if c != "Intercept"]
    return pd.DataFrame(rows, columns=["term", "vif"])


def fit_model(cs: pd.DataFrame, y: str = "nilai_final", predictors=None,
              id_col: str = "kode_kemendagri") -> ModelResult:
    """Fit ``y ~ predictors`` by OLS with HC3 standard errors on the complete cases of ``cs``."""
    predictors = list(predictors) if predictors is not None else default_predictors(cs)
    cols = [id_col, "nama", y] + predictors
    data = cs[[c for c in dict.fromkeys(cols) if c in cs.columns]].dropna().reset_index(drop=True)
    formula = f"{y} ~ " + " + ".join(predictors)
    if len(data) < len(predictors) + 3:
        raise ValueError(f"{formula}: only {len(data)} complete units for "
                         f"{len(predictors) + 1} coefficients")
    ols = smf.ols(formula, data=data)
    fit = ols.fit(cov_type="HC3")
    infl = ols.fit().get_influence()
    data["prediksi"] = fit.fittedvalues.to_numpy()
    data["residu"] = fit.resid.to_numpy()
    sd = float(np.std(data["residu"], ddof=len(predictors) + 1))
    data["residu_z"] = data["residu"] / sd if sd > 0 else np.nan
    data["cooks_d"] = infl.cooks_distance[0]
    data["prediksi_bawah"], data["prediksi_atas"] = prediction_interval(fit, data)
    ci = fit.conf_int()
    coefs = pd.DataFrame({"term": fit.params.index, "coef": fit.params.to_numpy(),
                          "se_hc3": fit.bse.to_numpy(), "z": fit.tvalues.to_numpy(),
                          "p": fit.pvalues.to_numpy(), "ci_low": ci[0].to_numpy(),
                          "ci_high": ci[1].to_numpy()})
    exog = pd.DataFrame(ols.exog, columns=ols.exog_names)
    bp_lm, bp_p, _, _ = het_breuschpagan(fit.resid, ols.exog)
    jb, jb_p, skew, kurt = jarque_bera(fit.resid)
    top = data.nlargest(3, "cooks_d")
    diagnostics = dict(
        n=int(fit.nobs), k=len(predictors), r2=float(fit.rsquared), r2_adj=float(fit.rsquared_adj),
        residual_sd=sd, breusch_pagan_lm=float(bp_lm), breusch_pagan_p=float(bp_p),
        jarque_bera=float(jb), jarque_bera_p=float(jb_p), skew=float(skew), kurtosis=float(kurt),
        cooks_threshold=4.0 / fit.nobs, interval_level=INTERVAL_LEVEL,
        cooks_top=[dict(kode_kemendagri=r[id_col], nama=r.get("nama"), cooks_d=float(r["cooks_d"]))
                   for _, r in top.iterrows()])
    return ModelResult(formula, fit, data, coefs, vif_table(exog), diagnostics)


def prediction_interval(fit, data: pd.DataFrame,
                        level: float = INTERVAL_LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """``(lower, upper)`` of the ``level`` prediction interval of a new observation at each row
    of ``data``: statsmodels ``get_prediction(data).summary_frame(alpha=1 - level)``,
    ``obs_ci_lower`` and ``obs_ci_upper`` of the fitted model ``fit`` (its HC3 covariance for
    the mean's uncertainty plus the residual variance)."""
    frame = fit.get_prediction(data).summary_frame(alpha=1.0 - level)
    return frame["obs_ci_lower"].to_numpy(float), frame["obs_ci_upper"].to_numpy(float)


def verdict(actual: float, lower: float, upper: float) -> str:
    """``'better'`` (above the prediction interval), ``'worse'`` (below it), ``'as_predicted'``
    (inside it, bounds included) or ``'unknown'`` (a value missing)."""
    if not all(np.isfinite(v) for v in (actual, lower, upper)):
        return "unknown"
    if actual > upper:
        return "better"
    if actual < lower:
        return "worse"
    return "as_predicted"


def diagnostics_table(res: ModelResult, lang: str = "id") -> pd.DataFrame:
    """The diagnostics as a two-column table for display."""
    d = res.diagnostics
    rows = [("n", d["n"]), ("R²", d["r2"]), ("R² adj.", d["r2_adj"]),
            ("Breusch–Pagan LM", d["breusch_pagan_lm"]), ("Breusch–Pagan p", d["breusch_pagan_p"]),
            ("Jarque–Bera", d["jarque_bera"]), ("Jarque–Bera p", d["jarque_bera_p"]),
            (tr(T, "max_vif", lang), float(res.vif["vif"].max()))]
    rows += [(f"Cook's D: {c['nama']}", c["cooks_d"]) for c in d["cooks_top"]]
    return pd.DataFrame(rows, columns=[tr(T, "diagnostic", lang), tr(T, "value", lang)])
