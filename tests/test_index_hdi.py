"""The UNDP HDI as framework ``undp-hdi``, against published UNDP values.

Components and HDI as published (components rounded as printed, so |HDI − published| ≤ 0.001):
- Norway 2019, HDR 2020 Table 1: LE 82.4, EYS 18.1, MYS 12.9, GNI pc 66,494 (2017 PPP $) → 0.957.
- HDR 2015 Table 1 (2014 data, 2011 PPP $; hdr.undp.org/en/composite/HDI, archived 2016-05-15):
  Australia 82.4 / 20.2 / 13.0 / 42,261 → 0.935; Switzerland 83.0 / 15.8 / 12.8 / 56,431 → 0.930;
  Singapore 83.0 / 15.4 / 10.6 / 76,628 → 0.912; Liechtenstein 80.0 / 15.0 / 11.8 / 79,851 → 0.908.
Norway and Australia exercise the EYS cap (> 18 years), Singapore and Liechtenstein the GNI cap
(> 75,000).
"""
import numpy as np
import pandas as pd
import pytest

from analysis.frameworks import load_framework
from analysis.index.compute import compute_index
from analysis.index.pipeline import run_pipeline

PUBLISHED = pd.DataFrame([
    ("NOR-2019", 82.4, 18.1, 12.9, 66494, 0.957),
    ("AUS-2014", 82.4, 20.2, 13.0, 42261, 0.935),
    ("CHE-2014", 83.0, 15.8, 12.8, 56431, 0.930),
    ("SGP-2014", 83.0, 15.4, 10.6, 76628, 0.912),
    ("LIE-2014", 80.0, 15.0, 11.8, 79851, 0.908),
], columns=["country", "le", "eys", "mys", "gni_pc", "hdi_published"])


@pytest.fixture(scope="module")
def fw():
    return load_framework("undp-hdi")


def test_pipeline_reproduces_published_hdi(fw):
    res = run_pipeline(fw, PUBLISHED, "undp-hdi")
    hdi = res.scores.to_numpy()
    np.testing.assert_allclose(hdi, PUBLISHED["hdi_published"], atol=0.001)
    nm = res.stages["normalised"]
    assert nm.loc["NOR-2019", "eys"] == 1.0 and nm.loc["AUS-2014", "eys"] == 1.0   # capped
    assert nm.loc["SGP-2014", "gni_pc"] == 1.0 and nm.loc["LIE-2014", "gni_pc"] == 1.0
    # Norway by hand: LE (82.4-20)/65, education (1 + 12.9/15)/2, income ln(664.94)/ln(750)
    le, edu, inc = 62.4 / 65, (1 + 12.9 / 15) / 2, np.log(66494 / 100) / np.log(750)
    assert hdi[0] == pytest.approx((le * edu * inc) ** (1 / 3), rel=1e-12)


def test_compute_index_gives_the_same(fw):
    out = compute_index(fw, PUBLISHED, "country")
    np.testing.assert_allclose(out["hdi"], PUBLISHED["hdi_published"], atol=0.001)
    assert out["rank"].tolist() == [1, 2, 3, 4, 5]
