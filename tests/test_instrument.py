"""Kominfo's instrument item by item in the framework files: item codes, weights, dimension means
and finals computed by the index engine, the 2022 ↔ 2023 crosswalk."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.evaluation import RESIDUAL_TOLERANCE, load_evaluations
from analysis.frameworks import load_framework
from analysis.index.compute import compute_index
from analysis.paths import FRAMEWORKS_DIR, RAW_DIR

# The item codes as the issue lists them (the self-assessment export's codes).
CODES_2022 = """BAS.1.1.1 BAS.1.2.1 BAS.1.3.1 BAS.2.1.1 BAS.2.2.1
OUT.1.1 OUT.2.1 OUT.2.2 OUT.2.3 OUT.2.4 OUT.3.1 OUT.3.2
OCM.1.1.1 OCM.1.2.1 OCM.1.3.1 OCM.1.3.2 OCM.1.4.1 OCM.1.5.1 OCM.1.6.1 OCM.1.7.1 OCM.1.8.1
OCM.1.9.1 OCM.1.9.2 OCM.1.10.1 OCM.1.11.1 OCM.1.11.2 OCM.1.11.3 OCM.1.12.1 OCM.1.12.2
OCM.1.12.3 OCM.1.13.1 OCM.1.14.1 OCM.1.14.2 OCM.1.15.1 OCM.1.15.2 OCM.1.15.3 OCM.1.16.1
OCM.1.17.1 OCM.1.17.2 OCM.2.1.1 OCM.2.2.1 OCM.2.3.1 OCM.2.4.1
IMP.1.1.1 IMP.2.1.1 IMP.3.1.1 IMP.3.2.1
QW.1.1.1 QW.2.1.1 QW.3.1.1 QW.4.1.1 QW.5.1.1 QW.6.1.1 QW.7.1.1 QW.8.1.1 QW.9.1.1 QW.9.2.1
QW.10.1.1 QW.10.1.2""".split()
CODES_2023_63 = """BAS.1.1.1 BAS.1.2.1 BAS.1.3.1 BAS.2.1.1 BAS.2.2.1
OUT.1.1.1 OUT.2.1.1 OUT.2.2.1 OUT.2.3.1 OUT.2.4.1 OUT.3.1.1 OUT.3.2.1
OCM.1.1.1 OCM.1.2.1 OCM.1.3.1 OCM.1.3.2 OCM.1.4.1 OCM.1.5.1 OCM.1.6.1 OCM.1.7.1 OCM.1.7.2
OCM.1.8.1 OCM.1.9.1 OCM.1.10.1 OCM.1.10.2 OCM.1.11.1 OCM.1.12.1 OCM.1.12.2 OCM.1.12.3
OCM.1.13.1 OCM.1.13.2 OCM.1.13.3 OCM.1.14.1 OCM.1.15.1 OCM.1.15.2 OCM.1.16.1 OCM.1.16.2
OCM.1.16.3 OCM.1.17.1 OCM.1.18.1 OCM.1.18.2 OCM.2.1.1 OCM.2.2.1 OCM.2.3.1 OCM.2.4.1
QW.1.1.1 QW.2.1.1 QW.3.1.1 QW.4.1.1 QW.5.1.1 QW.6.1.1 QW.7.1.1 QW.8.1.1 QW.9.1.1 QW.9.2.1
QW.10.1.1 QW.10.1.2 KOL.1.1.1 KOL.1.2.1 KOL.1.3.1 KOL.1.4.1 KOL.1.5.1 KOL.1.6.1""".split()
SURVEY = [f"IMP.{p}.{s}.{q}" for p in range(1, 7) for s in range(1, 4) for q in range(1, 4)]
PILLAR_ORDER = ["governance", "branding", "economy", "living", "society", "environment"]
WEIGHTS = {"kominfo-evaluasi-2022": dict(baseline=.1, output=.2, outcome=.3, impact=.1,
                                         quick_win=.3),
           "kominfo-evaluasi-2023": dict(baseline=.1, output=.2, outcome=.2, impact=.2,
                                         quick_win=.2, kolaborasi=.1),
           "kominfo-evaluasi-2023-reguler": dict(baseline=.1, output=.2, outcome=.3, impact=.2,
                                                 quick_win=.2)}


def load_instrument(year: int, kelompok: str = "KPPN&IKN"):
    return load_framework({2022: "kominfo-evaluasi-2022"}.get(year) or (
        "kominfo-evaluasi-2023" if kelompok == "KPPN&IKN" else "kominfo-evaluasi-2023-reguler"))


def score_instrument(fw, wide: pd.DataFrame) -> pd.DataFrame:
    """Dimensions and final recomputed from the item columns alone."""
    return compute_index(fw, wide[["kode_kemendagri"] + [c for c in fw.leaves if c in wide]],
                         "kode_kemendagri")


def load_crosswalk() -> pd.DataFrame:
    return pd.read_csv(FRAMEWORKS_DIR / "kominfo-crosswalk-2022-2023.csv", dtype=str,
                       keep_default_na=False)


def _by_dim(fw):
    out = {}
    for c in fw.leaves:
        out.setdefault(fw.nodes[c].parent, []).append(c)
    return out


def test_item_codes_exactly_as_the_instrument():
    fw22, fw23 = load_instrument(2022), load_instrument(2023)
    assert len(CODES_2022) == 59 and fw22.leaves == CODES_2022
    assert len(fw23.leaves) == 117 == 63 + 54
    assert sorted(fw23.leaves) == sorted(CODES_2023_63 + SURVEY)
    assert [c for c in fw23.leaves if not c.startswith("IMP.")] == CODES_2023_63  # issue's order
    assert all(fw23.nodes[c].parent == "impact" for c in SURVEY)
    reg = load_instrument(2023, "REGULER")
    assert sorted(reg.leaves) == sorted([c for c in CODES_2023_63 if not c.startswith("KOL")]
                                        + SURVEY)


@pytest.mark.parametrize("name", list(WEIGHTS))
def test_dimensions_weights_and_items_directly_under_dimensions(name):
    fw = load_instrument(*{"kominfo-evaluasi-2022": (2022,), "kominfo-evaluasi-2023": (2023,),
                           "kominfo-evaluasi-2023-reguler": (2023, "REGULER")}[name])
    assert fw.code == name and fw.root == "nilai_final"
    assert {c: fw.nodes[c].weight for c in fw.children("nilai_final")} == WEIGHTS[name]
    for c in fw.leaves:  # every item: parent is a dimension, weight 1, scale 1-4
        n = fw.nodes[c]
        assert n.parent in WEIGHTS[name] and n.weight == 1.0 and n.scale == (1.0, 4.0)
    assert "applies_to" in fw.meta


def test_survey_items_carry_pillar_and_subdimension_in_order():
    fw = load_instrument(2023)
    subs = {"governance": ["layanan_publik", "kebijakan_publik", "tata_kelola_birokrasi"],
            "environment": ["proteksi_lingkungan", "sampah_limbah", "tata_kelola_energi"]}
    for code in SURVEY:
        p, s, _ = (int(x) for x in code.split(".")[1:])
        a = fw.nodes[code].attrs
        assert a["pillar"] == PILLAR_ORDER[p - 1]
        if a["pillar"] in subs:
            assert a["subdimension"] == subs[a["pillar"]][s - 1]
        assert a["text"]["id"] and a["text"]["en"]


def _items_with_means(fw, means: dict) -> pd.DataFrame:
    """One unit whose items of each dimension average exactly to ``means[dim]`` (not constant)."""
    row = {"kode_kemendagri": "35.07"}
    for dim, items in _by_dim(fw).items():
        k = len(items)
        spread = (np.resize([-0.3, 0.3], k) if k % 2 == 0
                  else np.append(np.resize([-0.3, 0.3], k - 1), 0))
        for c, v in zip(items, means[dim] + spread):
            row[c] = float(v)
    return pd.DataFrame([row])


def test_malang_2022_items_give_2504():
    fw = load_instrument(2022)
    means = dict(baseline=1.40, output=1.54, outcome=2.92, impact=2.56, quick_win=3.08)
    res = score_instrument(fw, _items_with_means(fw, means)).iloc[0]
    for d, m in means.items():
        assert res[d] == pytest.approx(m, abs=1e-12)
    assert res["nilai_final"] == pytest.approx(2.504, abs=1e-12)  # unrounded, published 2.51


def test_dimension_is_plain_mean_not_mean_of_indicator_means():
    fw = load_instrument(2022)
    row = {"kode_kemendagri": "x"}
    for c in _by_dim(fw)["outcome"]:
        row[c] = 1.0 if c.startswith("OCM.2.") else 4.0  # 27 programme items 4, 4 action plans 1
    res = score_instrument(fw, pd.DataFrame([row])).iloc[0]
    assert res["outcome"] == pytest.approx((27 * 4 + 4 * 1) / 31)  # not (4 + 1) / 2
    assert res["nilai_final"] == pytest.approx(res["outcome"])  # only dimension present


@pytest.mark.parametrize("year,grp,expected", [
    (2023, "KPPN&IKN", .1 * 1 + .2 * 2 + .2 * 3 + .2 * 4 + .2 * 2 + .1 * 1),
    (2023, "REGULER", .1 * 1 + .2 * 2 + .3 * 3 + .2 * 4 + .2 * 2),
])
def test_2023_finals_by_hand(year, grp, expected):
    fw = load_instrument(year, grp)
    level = dict(baseline=1, output=2, outcome=3, impact=4, quick_win=2, kolaborasi=1)
    row = {"kode_kemendagri": "x", **{c: float(level[fw.nodes[c].parent]) for c in fw.leaves}}
    final = score_instrument(fw, pd.DataFrame([row]))["nilai_final"].iloc[0]
    assert final == pytest.approx(expected)




def test_2022_pillar_items_are_outcome_items():
    fw = load_instrument(2022)
    pillars = {c: fw.nodes[c].attrs.get("pillar") for c in fw.leaves}
    counts = pd.Series([p for p in pillars.values() if p]).value_counts().to_dict()
    assert counts == dict(governance=6, branding=2, economy=3, living=7, society=6, environment=3)
    assert {fw.nodes[c].parent for c, p in pillars.items() if p} == {"outcome"}
    assert pillars["OCM.1.8.1"] == "economy"


def test_crosswalk_55_continue_4_impact_dropped():
    cw = load_crosswalk()
    fw22, fw23 = load_instrument(2022), load_instrument(2023)
    cont = cw[cw.status == "berlanjut"]
    assert len(cont) == 55
    assert sorted(cw[cw.status == "dihentikan"].kode_2022) == sorted(
        ["IMP.1.1.1", "IMP.2.1.1", "IMP.3.1.1", "IMP.3.2.1"])
    assert sorted(c for c in cw.kode_2022 if c) == sorted(fw22.leaves)
    assert sorted(c for c in cw.kode_2023 if c) == sorted(fw23.leaves)
    for _, r in cont.iterrows():  # a continuing item asks the same thing in both years
        assert fw22.nodes[r.kode_2022].attrs["subindikator"] == \
            fw23.nodes[r.kode_2023].attrs["subindikator"]
        assert fw22.nodes[r.kode_2022].parent == fw23.nodes[r.kode_2023].parent
    m = dict(zip(cont.kode_2022, cont.kode_2023))
    assert m["OCM.1.8.1"] == "OCM.1.9.1" and m["OUT.2.3"] == "OUT.2.3.1"
    assert m["OCM.1.17.2"] == "OCM.1.18.2"




def test_published_dimension_tables_still_compute():
    ev = load_evaluations(RAW_DIR)
    for year, tol in RESIDUAL_TOLERANCE.items():
        e = ev[(ev.tahun == year) & ev.dievaluasi]
        assert e["residu"].abs().max() <= tol + 1e-9
    malang = ev[(ev.tahun == 2022) & (ev.kode_kemendagri == "35.07")].iloc[0]
    assert malang["nilai_final_hitung"] == pytest.approx(2.504)
    # a dimension given in the input is taken as is even though the framework has its items
    fw = load_instrument(2022)
    df = pd.DataFrame({"u": ["a"], "baseline": [2.0], "BAS.1.1.1": [4.0], "output": [3.0]})
    res = compute_index(fw, df, "u").iloc[0]
    assert res["baseline"] == 2.0 and res["baseline_computed"] == 4.0
    assert res["nilai_final"] == pytest.approx((.1 * 2 + .2 * 3) / .3)
