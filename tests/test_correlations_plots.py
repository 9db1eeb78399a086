"""Figures of the correlation analysis: heat-map annotations, highlighted regency, labels."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.correlations.model import fit_model
from analysis.plots.correlations import heatmap, observed_vs_predicted, scatter


def table():
    rows = [("a", "f", 0.512, 0.0004), ("a", "g", -0.2, 0.04), ("b", "f", 0.1, 0.2),
            ("b", "g", 0.3, 0.009)]
    return pd.DataFrame([dict(tahun=2023, x=x, y=y, method="spearman", controls="", n=40,
                              estimate=e, p_adj=p) for x, y, e, p in rows])


@pytest.mark.parametrize("lang,expected", [("en", {"0.51***", "-0.20*", "0.10", "0.30**"}),
                                           ("id", {"0,51***", "-0,20*", "0,10", "0,30**"})])
def test_heatmap_annotations_and_stars(lang, expected):
    fig = heatmap(table(), 2023, "spearman", lang)
    texts = {t.get_text() for t in fig.axes[0].texts}
    plt.close(fig)
    assert texts == expected


def test_heatmap_illustrative_stamp():
    fig = heatmap(table(), 2023, "spearman", "en", illustrative=True)
    stamps = [t.get_text() for t in fig.texts]
    plt.close(fig)
    assert any("ILLUSTRATIVE" in s for s in stamps)


def frame():
    rng = np.random.default_rng(0)
    n = 40
    df = pd.DataFrame({"kode_kemendagri": [f"{10 + i // 10}.{i % 10:02d}" for i in range(n)],
                       "nama": [f"Kabupaten {i}" for i in range(n)],
                       "ipm_2021": rng.normal(72, 4, n), "kota": (rng.random(n) < .3) * 1.0})
    df["nilai_final"] = 0.05 * df["ipm_2021"] + rng.normal(0, .3, n) - 1
    return df


def test_scatter_highlights_one_regency_and_labels_axes():
    df = frame()
    fig = scatter(df, "ipm_2021", "nilai_final", highlight="10.03", year=2023, lang="en", n_boot=50)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["Kabupaten 3"]
    assert ax.get_xlabel() == "HDI (IPM) 2021" and ax.get_ylabel() == "Final score"
    assert "n = 40" in ax.get_title()
    plt.close(fig)


def test_observed_vs_predicted_uses_model_fit():
    res = fit_model(frame(), "nilai_final", ["ipm_2021", "kota"])
    fig = observed_vs_predicted(res, highlight="11.05", year=2023, lang="en")
    pts = fig.axes[0].collections[0].get_offsets()
    plt.close(fig)
    np.testing.assert_allclose(pts[:, 0], res.fit.fittedvalues)
    np.testing.assert_allclose(pts[:, 1] - pts[:, 0], res.data["residu"])
