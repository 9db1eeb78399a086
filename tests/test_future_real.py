"""The future analysis on the shipped BPS panel (514 regencies, 2010–2024): from every origin
at which a projection can be made, project with the method the backtest chooses and compare
with what BPS later published. Coverage and accuracy are counted here, from the projections,
not taken from the backtest table."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.paths import RAW_DIR
from analysis.data.panel import read_panel
from analysis.future import project

VARIABLES = ["ipm", "rls", "pengeluaran", "pdrb_per_kapita"]


def backtest_outcomes(settings: dict | None = None) -> pd.DataFrame:
    """Projections from every origin 2014–2023 (the chosen method and naive drift) beside what
    BPS published later, with ``di_dalam``: inside the 80 % interval."""
    panel = read_panel(RAW_DIR, variables=VARIABLES)
    published = panel.set_index(["kode", "variabel", "tahun"])["nilai"]
    frames = []
    for origin in range(2014, 2024):
        auto, _ = project(panel, origin=origin, horizon=origin + 10, settings=settings)
        drift, _ = project(panel, origin=origin, horizon=origin + 10, method="drift",
                           settings={**(settings or {}), "candidates": ["drift"]})
        key = ["kode", "variabel", "tahun"]
        both = auto.merge(drift[key + ["nilai"]], on=key, suffixes=("", "_drift"))
        both["terbit"] = published.reindex(pd.MultiIndex.from_frame(both[key])).to_numpy()
        both["asal"] = origin
        frames.append(both[both["terbit"].notna()])
    out = pd.concat(frames, ignore_index=True)
    out["di_dalam"] = (out["terbit"] >= out["batas_bawah"]) & (out["terbit"] <= out["batas_atas"])
    return out


@pytest.fixture(scope="module")
def outcomes() -> pd.DataFrame:
    return backtest_outcomes()


@pytest.mark.slow
def test_80_percent_intervals_cover_70_to_92_percent_of_what_bps_published(outcomes):
    assert set(outcomes["variabel"]) == set(VARIABLES)
    assert outcomes["asal"].min() <= 2016 and {2019, 2020, 2021} <= set(outcomes["asal"])
    assert (outcomes["tingkat"] == 0.8).all()
    pooled = outcomes["di_dalam"].mean()
    assert 0.70 <= pooled <= 0.92, pooled
    by_variable = outcomes.groupby("variabel")["di_dalam"].mean()
    print("80 % coverage:", by_variable.round(4).to_dict(), "pooled", round(pooled, 4))
    for v in VARIABLES:
        assert 0.70 <= by_variable[v] <= 0.92, (v, by_variable[v])
    # What is left of PDRB per capita's shortfall is the 2020 break, a lasting fall no earlier
    # year announced: projections made before 2020 of outcomes from 2020 on are covered far
    # less often; outcomes up to 2019, and every projection made from 2020 on, are covered
    # within the band or above it.
    pdrb = outcomes[outcomes["variabel"] == "pdrb_per_kapita"]
    assert pdrb.loc[pdrb["tahun"] <= 2019, "di_dalam"].mean() >= 0.70
    assert pdrb.loc[pdrb["asal"] >= 2020, "di_dalam"].mean() >= 0.70
    assert pdrb.loc[(pdrb["asal"] < 2020) & (pdrb["tahun"] >= 2020), "di_dalam"].mean() < 0.6
    # log-ratio intervals keep a positive projection's lower bound positive
    positive = outcomes[outcomes["nilai"] > 0]
    assert (positive["batas_bawah"] > 0).all()


@pytest.mark.slow
def test_the_former_rule_left_pdrb_per_capita_below_the_band():
    # differences in units of the absolute yearly change, linear growth beyond the longest
    # calibrated horizon: the rule before log ratios and the fitted growth
    old = backtest_outcomes({"errors": "difference", "beyond_calibrated": "linear"})
    by_variable = old.groupby("variabel")["di_dalam"].mean()
    print("80 % coverage, former rule:", by_variable.round(4).to_dict())
    assert by_variable["pdrb_per_kapita"] < 0.70


@pytest.mark.slow
def test_chosen_method_is_as_accurate_as_naive_drift_within_2_percent(outcomes):
    for v, g in outcomes.groupby("variabel"):
        chosen = np.abs(g["terbit"] - g["nilai"]).mean()
        drift = np.abs(g["terbit"] - g["nilai_drift"]).mean()
        assert chosen <= 1.02 * drift, (v, chosen, drift)
    # drift projections really are the naive drift: Kutai Kartanegara's IPM from 2019
    # = IPM 2019 + 5 × mean yearly change 2010–2019 (BPS: 73.78 in 2019; 2010 from the panel)
    panel = read_panel(RAW_DIR, variables=["ipm"])
    kukar = panel[panel["kode"] == "64.02"].set_index("tahun")["nilai"]
    expected = kukar[2019] + 5 * (kukar[2019] - kukar[2010]) / 9
    row = outcomes[(outcomes["kode"] == "64.02") & (outcomes["variabel"] == "ipm")
                   & (outcomes["asal"] == 2019) & (outcomes["tahun"] == 2024)]
    assert kukar[2019] == 73.78
    assert row["nilai_drift"].iloc[0] == pytest.approx(expected)
