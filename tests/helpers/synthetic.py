"""Seeded generator of an illustrative composite-indicator data set at regency scale.

The default call builds what the uncertainty benchmark needs: 514 units (the number of
Indonesian regencies and cities) × 90 indicators under a framework with three aggregation levels
above the indicators: 6 pillars × 3 sub-dimensions × 5 indicators → sub-dimension → pillar →
index (COINr levels 1–4). Every number is ILLUSTRATIVE: drawn from a documented random model,
not measured anywhere.

Model (all draws from ``numpy.random.default_rng(seed)``):

* unit quality ``z ~ N(0, 1)``; pillar factor ``0.6·z + 0.8·e``; sub-dimension factor
  ``0.7·pillar + 0.71·e``; indicator ``0.75·sub-dimension + 0.66·e`` (so indicators correlate
  within groups, as real ones do).
* each indicator gets a shape in turn: ``share`` (a percentage 0–100 through a logistic),
  ``level`` (a normal value around 50), ``skewed`` (log-normal, heavy right tail: these trip
  COINr's skew/kurtosis outlier test), ``count`` (a Poisson count, driven by the factor);
  one indicator in ten points the other way (direction −1, its value is negated).
* indicator weights 1 or 2 (uniform), pillar and sub-dimension weights 1.
* ``missing`` share of indicator cells blanked completely at random.
* columns ``group`` (five island groups, for group imputation) and ``population`` (the
  denominator of the ``count`` indicators: node attribute ``denominator: population``).

:data:`SYNTHETIC_PIPELINE` is COINr's example pipeline adapted to these columns.
``python tests/helpers/synthetic.py OUT_DIR`` writes the default data set and framework (e.g. to try
``workbench uncertainty --framework OUT_DIR/synthetic_framework.yaml --data
OUT_DIR/synthetic_data.csv --out ...``).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.frameworks import Framework, framework_from_dict
from analysis.i18n import PILLAR_CODES, PILLARS
from analysis.io import write_csv, write_text

GROUPS = ("sumatera", "jawa_bali", "kalimantan", "sulawesi", "timur")
SHAPES = ("share", "level", "skewed", "count")
UNIT_COL = "unit"

#: COINr's example pipeline (see analysis/pipelines/coinr-example.yaml) on the synthetic columns.
SYNTHETIC_PIPELINE = {
    "name": "synthetic-coinr",
    "unit_col": UNIT_COL,
    "stages": {
        "denominated": {"by": "framework"},
        "imputed": {"method": "group_mean", "group": "group"},
        "screened": {"method": "byNA", "min_share": 0.9},
        "treated": {"method": "coinr", "winmax": 5, "skew_thresh": 2, "kurt_thresh": 3.5,
                    "log": True},
        "normalised": {"method": "minmax", "range": [0, 100]},
        "aggregated": {"method": "arithmetic", "weights": "framework"},
    },
}


def synthetic_framework_doc(n_pillars: int = 6, n_sub: int = 3, n_ind: int = 5,
                            seed: int = 2024) -> dict:
    """The framework as a YAML-ready dict (codes ``p<k>``, ``p<k>s<j>``, ``p<k>s<j>i<i>``)."""
    rng = np.random.default_rng([seed, 1])
    k = 0  # running indicator number: picks shape and direction
    nodes = [{"code": "index", "name": {"id": "Indeks sintetis", "en": "Synthetic index"},
              "aggregation": "arithmetic"}]
    for p in range(1, n_pillars + 1):
        pname = PILLARS[PILLAR_CODES[(p - 1) % len(PILLAR_CODES)]]
        pc = f"p{p}"
        nodes.append({"code": pc, "parent": "index", "weight": 1, "aggregation": "arithmetic",
                      "name": {"id": f"{pname['id']} (sintetis)",
                               "en": f"{pname['en']} (synthetic)"}})
        for s in range(1, n_sub + 1):
            sc = f"{pc}s{s}"
            nodes.append({"code": sc, "parent": pc, "weight": 1, "aggregation": "arithmetic",
                          "name": {"id": f"Subdimensi {sc}", "en": f"Sub-dimension {sc}"}})
            for i in range(1, n_ind + 1):
                nodes.append({"code": f"{sc}i{i}", "parent": sc,
                              "weight": int(rng.integers(1, 3)),
                              "direction": -1 if k % 10 == 9 else 1,
                              "name": {"id": f"Indikator {sc}i{i}", "en": f"Indicator {sc}i{i}"},
                              "shape": SHAPES[k % len(SHAPES)]})
                if SHAPES[k % len(SHAPES)] == "count":  # counts enter per capita
                    nodes[-1]["denominator"] = "population"
                k += 1
    return {"code": "synthetic", "illustrative": True,
            "name": {"id": "Kerangka sintetis (ilustratif)",
                     "en": "Synthetic framework (illustrative)"},
            "source": "tests/helpers/synthetic.py (seeded random model; illustrative)",
            "nodes": nodes}


def _shape(kind: str, f: np.ndarray, rng) -> np.ndarray:
    if kind == "share":
        return 100 / (1 + np.exp(-(0.3 + 1.2 * f)))
    if kind == "level":
        return 50 + 12 * f
    if kind == "skewed":
        return np.exp(1.0 + 0.9 * f + 0.6 * rng.standard_normal(f.size) ** 2)
    return rng.poisson(np.exp(2.0 + 0.5 * f)).astype(float)


def synthetic_data(fw: Framework, n_units: int = 514, missing: float = 0.03,
                   seed: int = 2024) -> pd.DataFrame:
    """One row per unit: ``unit``, ``name``, ``group``, ``population``, one column per indicator."""
    rng = np.random.default_rng([seed, 2])
    z = rng.standard_normal(n_units)
    factors: dict[str, np.ndarray] = {fw.root: z}
    for code in fw.nodes:  # file order: parents before children
        node = fw.nodes[code]
        if node.parent is None:
            continue
        load = {1: 0.6, 2: 0.7}.get(fw.depth(code), 0.75)
        noise = rng.standard_normal(n_units)
        factors[code] = load * factors[node.parent] + np.sqrt(1 - load ** 2) * noise
    df = pd.DataFrame({
        UNIT_COL: [f"S{i:03d}" for i in range(1, n_units + 1)],
        "name": [f"Unit sintetis {i:03d}" for i in range(1, n_units + 1)],
        "group": rng.choice(GROUPS, size=n_units),
        "population": np.round(np.exp(rng.normal(12.5, 0.8, n_units))),
    })
    cols = {}
    for code in fw.leaves:
        node = fw.nodes[code]
        x = _shape(node.attrs.get("shape", "level"), factors[code], rng)
        x = np.where(node.direction == -1, np.nanmax(x) + np.nanmin(x) - x, x)
        x[rng.random(n_units) < missing] = np.nan
        cols[code] = np.round(x, 4)
    return pd.concat([df, pd.DataFrame(cols)], axis=1)


def make_synthetic(n_units: int = 514, n_pillars: int = 6, n_sub: int = 3, n_ind: int = 5,
                   missing: float = 0.03, seed: int = 2024) -> tuple[Framework, pd.DataFrame]:
    """The synthetic framework and data (defaults: 514 units × 90 indicators, 3 levels)."""
    fw = framework_from_dict(synthetic_framework_doc(n_pillars, n_sub, n_ind, seed), "<synthetic>")
    return fw, synthetic_data(fw, n_units, missing, seed)


def write_synthetic(out_dir, **kwargs) -> tuple[Path, Path]:
    """Write ``synthetic_framework.yaml`` and ``synthetic_data.csv`` into ``out_dir``
    (atomically)."""
    out_dir = Path(out_dir)
    doc = synthetic_framework_doc(*(kwargs.get(k, d) for k, d in
                                    (("n_pillars", 6), ("n_sub", 3), ("n_ind", 5), ("seed", 2024))))
    fw = framework_from_dict(doc, "<synthetic>")
    data = synthetic_data(fw, kwargs.get("n_units", 514), kwargs.get("missing", 0.03),
                          kwargs.get("seed", 2024))
    fw_path = write_text(out_dir / "synthetic_framework.yaml",
                         yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    data_path = write_csv(out_dir / "synthetic_data.csv", data)
    return fw_path, data_path


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/helpers/synthetic.py OUT_DIR")
    for written in write_synthetic(sys.argv[1]):
        print(f"wrote {written} (illustrative synthetic data)")
