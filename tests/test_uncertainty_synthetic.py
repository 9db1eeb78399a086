"""The seeded synthetic composite-indicator data set used by the uncertainty benchmark."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.frameworks import load_framework
from helpers.synthetic import make_synthetic, write_synthetic


def test_default_shape_levels_and_determinism():
    fw, data = make_synthetic()
    assert len(data) == 514 and len(fw.leaves) == 90
    levels = fw.level_of()
    # indicators (1) -> 18 sub-dimensions (2) -> 6 pillars (3) -> index (4)
    assert [sum(v == lv for v in levels.values()) for lv in (1, 2, 3, 4)] == [90, 18, 6, 1]
    assert data["unit"].is_unique and data["unit"].iloc[0] == "S001"
    share = data[fw.leaves].isna().to_numpy().mean()
    assert 0.02 < share < 0.04  # 3 % missing completely at random
    assert sum(fw.nodes[c].direction == -1 for c in fw.leaves) == 9  # one in ten
    fw2, data2 = make_synthetic()
    pd.testing.assert_frame_equal(data, data2)
    _, other = make_synthetic(seed=1)
    assert not np.allclose(other[fw.leaves].fillna(0), data[fw.leaves].fillna(0))


def test_indicators_correlate_within_groups():
    fw, data = make_synthetic(n_units=400, missing=0.0)
    x = data[fw.leaves].rank()  # Spearman, robust to the skewed shapes
    x = x * np.array([fw.nodes[c].direction for c in fw.leaves])
    corr = x.corr().to_numpy()
    same = np.array([[fw.nodes[a].parent == fw.nodes[b].parent and a != b for b in fw.leaves]
                     for a in fw.leaves])
    pillar = {c: fw.nodes[fw.nodes[c].parent].parent for c in fw.leaves}
    other_pillar = np.array([[pillar[a] != pillar[b] for b in fw.leaves] for a in fw.leaves])
    # loadings 0.75 within a sub-dimension vs 0.6² · 0.7² · 0.75² via the index across pillars
    assert corr[same].mean() > 0.4 > 0.15 > corr[other_pillar].mean() > 0.0


def test_write_synthetic_round_trip(tmp_path):
    fw_path, data_path = write_synthetic(tmp_path, n_units=12, n_pillars=2, n_sub=2, n_ind=2)
    fw = load_framework(fw_path)
    assert fw.meta["illustrative"] is True and len(fw.leaves) == 8
    data = pd.read_csv(data_path, dtype={"unit": str})
    assert list(data.columns[:4]) == ["unit", "name", "group", "population"]
    assert set(fw.leaves) <= set(data.columns) and len(data) == 12
