"""Pillar readiness: framework shape, indices by hand, maturity bands, illustrative data, report."""
from __future__ import annotations

import dataclasses
import sys

import matplotlib
import matplotlib.figure
import numpy as np
import pandas as pd
import pytest

from analysis import readiness as rd
from analysis.data.raw_tables import load_profiles
from analysis.errors import DataValidationError, WorkbenchError
from analysis.i18n import COMMON
from analysis.paths import PROJECT_ROOT, RAW_DIR
from analysis.readiness.assessment_whatif import item_gains
from analysis.reports.context import load_context
from analysis.reports.sections import readiness as readiness_section

PILLARS = ["governance", "branding", "economy", "living", "society", "environment"]
ELEMENTS = ["struktur", "infrastruktur", "suprastruktur"]


@pytest.fixture(scope="module")
def fw():
    return rd.load_readiness_framework()


def test_framework_54_cells_each_answerable(fw):
    cells = {}
    for c in fw.leaves:
        a = fw.nodes[c].attrs
        cells.setdefault((a["pillar"], a["subdimension"], a["element"]), []).append(c)
        assert len(a["text"]["id"]) > 30 and len(a["text"]["en"]) > 30
        assert fw.nodes[c].normalisation == {"method": "goalpost", "min": 1, "max": 4}
        assert fw.nodes[c].parent == a["subdimension"]
    assert len(cells) == 6 * 3 * 3 and all(len(v) >= 1 for v in cells.values())
    assert {p for p, _, _ in cells} == set(PILLARS) and {e for _, _, e in cells} == set(ELEMENTS)
    assert fw.children(fw.root) == PILLARS
    assert all(len(fw.children(p)) == 3 for p in PILLARS)
    assert all(fw.nodes[s].multiplier == 100 for p in PILLARS for s in fw.children(p))
    texts = [fw.nodes[c].attrs["text"]["en"] for c in fw.leaves]
    assert len(set(texts)) == len(texts)
    assert "applies_to" not in fw.meta  # never picked for the Kominfo evaluation tables


def _wide(fw, score_of) -> pd.DataFrame:
    rows = []
    for unit, f in score_of.items():
        rows.append({"kode_kemendagri": unit, **{c: f(fw.nodes[c].attrs) for c in fw.leaves}})
    return pd.DataFrame(rows)


def test_indices_by_hand(fw):
    by_el = {"struktur": 1.0, "infrastruktur": 2.5, "suprastruktur": 4.0}
    wide = _wide(fw, {
        "11.01": lambda a: 4.0,
        "11.02": lambda a: by_el[a["element"]],                                # 0, .5, 1
        "11.03": lambda a: 4.0 if a["subdimension"] == "layanan_publik" else 1.0,
    })
    wide.loc[wide.kode_kemendagri == "11.02", "RK.2.1.STR.1"] = np.nan  # missing: re-normalised
    idx = rd.readiness_index(wide, fw).set_index("kode_kemendagri")
    assert idx.loc["11.01", "indeks_kesiapan"] == pytest.approx(100)
    b = idx.loc["11.02"]
    assert b["layanan_publik"] == pytest.approx(50) and b["governance"] == pytest.approx(50)
    assert b["ekosistem_pariwisata"] == pytest.approx(75)  # (0.5 + 1) / 2 of the two present
    assert b["branding"] == pytest.approx((75 + 50 + 50) / 3)
    assert b["indeks_kesiapan"] == pytest.approx((50 * 5 + (75 + 50 + 50) / 3) / 6)
    c = idx.loc["11.03"]
    assert c["layanan_publik"] == pytest.approx(100) and c["governance"] == pytest.approx(100 / 3)
    assert c["indeks_kesiapan"] == pytest.approx(100 / 18)
    assert list(idx["rank"]) == [1, 2, 3]
    el = rd.element_index(wide, fw).set_index("kode_kemendagri")
    assert el.loc["11.02", "struktur"] == pytest.approx(0)  # 17 present items, all 1
    assert el.loc["11.02", "infrastruktur"] == pytest.approx(50)
    assert el.loc["11.03", "suprastruktur"] == pytest.approx(100 / 18)
    grid = rd.pillar_element_grid(wide, fw)
    m = rd.grid_matrix(grid, "11.03")
    assert m.loc["governance", "struktur"] == pytest.approx(100 / 3)
    assert m.loc["living", "infrastruktur"] == pytest.approx(0)
    assert m.shape == (6, 3)
    assert rd.grid_matrix(grid).loc["economy", "suprastruktur"] == \
        pytest.approx((100 + 100 + 0) / 3)


@pytest.mark.parametrize("cutoffs,values,levels", [
    # defaults: half-way between rubric answers, 100·(m − 1)/3 at m = 1.5, 2.5, 3.5
    (None, [0, 16.6, 100 / 6, 49.99, 50, 83.3, 250 / 3, 100], [1, 1, 2, 2, 3, 3, 4, 4]),
    ([20, 40, 60, 80], [0, 19.999, 20, 39.99, 40, 59.9, 60, 79.99, 80, 100],
     [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
    ([10, 30, 50, 90], [9.9, 10, 30, 89.9, 90], [1, 2, 3, 4, 5]),
])
def test_maturity_band_edges(cutoffs, values, levels):
    assert rd.maturity_level(values, cutoffs).tolist() == levels


@pytest.mark.parametrize("answer,level", [(1, 1), (2, 2), (3, 3), (4, 4)])
def test_uniform_rubric_answers_give_the_same_maturity_level(fw, answer, level):
    # Every one of the 54 items answered `answer`: index 100·(answer − 1)/3 = 0, 33.3, 66.7, 100.
    # With the old equal bands 20/40/60/80 these gave levels 1, 2, 4, 5 (never 3).
    wide = pd.DataFrame({"kode_kemendagri": ["11.01"], **{c: [answer] for c in fw.leaves}})
    idx = rd.readiness_index(wide, fw)[fw.root]
    assert idx.iloc[0] == pytest.approx(100 * (answer - 1) / 3)
    assert rd.maturity_level(idx).tolist() == [level]


def test_maturity_missing_labels_and_bad_cutoffs(fw):
    out = rd.maturity_level(pd.Series([np.nan, 55.0]))
    assert out.isna().tolist() == [True, False] and out.iloc[1] == 3
    assert rd.default_cutoffs(fw) == pytest.approx([100 / 6, 50, 250 / 3])
    assert [rd.maturity_label(k, "en", fw) for k in range(1, 6)] == [
        "Ad-hoc", "Initiative", "Scattered", "Integrated", "Smart"]
    with pytest.raises(ValueError, match="three or four increasing"):
        rd.maturity_level([50], [20, 60, 40, 80])


def test_illustrative_file_covers_every_regency():
    long = rd.load_assessments(RAW_DIR)
    prof = load_profiles(RAW_DIR)
    assert len(prof) == 142
    assert set(long.kode_kemendagri) == set(prof.kode_kemendagri)
    assert {"64.02", "62.06"} <= set(long.kode_kemendagri)
    assert len(long) == 142 * 54 and (long.groupby("kode_kemendagri").size() == 54).all()
    assert set(long.skor.unique()) <= {1.0, 2.0, 3.0, 4.0}
    assert (long.ilustratif == "ya").all()


def test_generator_is_seeded_and_reproduces_the_shipped_file():
    sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
    from generate_readiness_illustrative import generate
    text = (RAW_DIR / rd.ASSESSMENT_FILE).read_text(encoding="utf-8")
    assert generate().to_csv(index=False) == text
    assert generate(seed=1).to_csv(index=False) != text


def test_illustrative_index_is_independent_of_real_variables():
    # The old generator built readiness from IPM and the 2023 final (rho 0.73 and 0.75): a
    # "finding" by construction. Now |Spearman| < 0.2 with both on the shipped data.
    from scipy.stats import spearmanr
    from analysis.data.raw_tables import load_evaluation_raw
    tab = rd.readiness_table(RAW_DIR).set_index("kode_kemendagri")["indeks_kesiapan"]
    ipm = load_profiles(RAW_DIR).set_index("kode_kemendagri")["ipm_2021"].reindex(tab.index)
    ev = load_evaluation_raw(2023, RAW_DIR)
    final = ev[ev["nilai_final"] > 0].set_index("kode_kemendagri")["nilai_final"]
    both = final.index.intersection(tab.index)
    assert len(tab) == 142 and len(both) == 130
    assert abs(spearmanr(tab, ipm).statistic) < 0.2
    assert abs(spearmanr(tab[both], final[both]).statistic) < 0.2


def test_generator_reads_no_real_variable(raw_copy):
    # Reverse IPM and the 2023 scores in a copy of the raw data: the output must not change.
    sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
    from generate_readiness_illustrative import generate
    for name, cols in [("profil_wilayah.csv", ["ipm_2021"]),
                       ("kominfo_evaluasi_2023.csv", ["nilai_final", "baseline"])]:
        df = pd.read_csv(raw_copy / name, dtype=str, keep_default_na=False)
        for c in cols:
            df[c] = df[c].to_numpy()[::-1]
        df.to_csv(raw_copy / name, index=False)
    text = (RAW_DIR / rd.ASSESSMENT_FILE).read_text(encoding="utf-8")
    assert generate(data_dir=raw_copy).to_csv(index=False) == text


def test_table_is_labelled_and_consistent(fw):
    tab = rd.readiness_table(RAW_DIR)
    assert tab["ilustratif"].all() and len(tab) == 142
    # balanced design (one item per cell, none missing): overall = mean of the element indices
    assert np.allclose(tab[ELEMENTS].mean(axis=1), tab["indeks_kesiapan"])
    assert np.allclose(tab[PILLARS].mean(axis=1), tab["indeks_kesiapan"])
    assert (tab["tingkat"] == rd.maturity_level(tab["indeks_kesiapan"])).all()
    assert tab["peringkat"].tolist() == sorted(tab["peringkat"].tolist())


def test_pipeline_engine_gives_the_same_index():
    res = rd.readiness_pipeline(RAW_DIR)
    tab = rd.readiness_table(RAW_DIR).set_index("kode_kemendagri")
    assert np.allclose(res.scores.to_numpy(), tab.loc[res.scores.index, "indeks_kesiapan"])


def test_bad_assessment_file(tmp_path):
    src = (RAW_DIR / rd.ASSESSMENT_FILE).read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "a.csv"
    bad.write_text("\n".join(src[:3] + [src[3].replace("RK.1.1.SUP.1", "RK.9.9.SUP.1")]) + "\n")
    with pytest.raises(DataValidationError, match=r"row 4, column 'kode_butir'.*RK.9.9.SUP.1"):
        rd.load_assessments(path=bad)
    parts = src[2].split(",")
    parts[3] = "5"
    bad.write_text("\n".join(src[:2] + [",".join(parts)]) + "\n")
    with pytest.raises(DataValidationError, match=r"row 3, column 'skor'.*maximum 4"):
        rd.load_assessments(path=bad)


@pytest.mark.parametrize("read", [rd.load_assessments, lambda: item_gains("64.02")],
                         ids=["load_assessments", "item_gains"])
def test_assessments_without_data_dir_or_path(read):
    # a data directory or a file is needed; neither given was a TypeError on Path(None)
    with pytest.raises(WorkbenchError, match=r"give the data directory \(data_dir\) or path="):
        read()


def test_report_section(shown):
    ctx = load_context("64.02", "en")
    out = readiness_section.section(ctx).record
    tab = rd.readiness_table(RAW_DIR).set_index("kode_kemendagri")
    assert out["illustrative"] is True
    assert out["indeks_kesiapan"] == pytest.approx(tab.loc["64.02", "indeks_kesiapan"])
    assert out["peringkat"] == tab.loc["64.02", "peringkat"] and out["n_daerah"] == 142
    assert out["tingkat"] == rd.maturity_level([out["indeks_kesiapan"]]).iloc[0]
    md = " ".join(getattr(o, "data", "") for o in shown
                  if isinstance(getattr(o, "data", None), str))
    assert COMMON["illustrative"]["en"] in md
    assert any(isinstance(o, matplotlib.figure.Figure) for o in shown)
    lo, hi = out["rentang_peringkat"]  # uncertainty analysis: 5th-95th percentile rank
    assert 1 <= lo <= hi <= 142 and hi - lo < 142
    shown.clear()
    other = dataclasses.replace(load_context("64.02", "id"), code="99.99")   # not assessed
    assert readiness_section.section(other).record == {}
    assert any("Tidak ada data" in str(getattr(o, "data", "")) for o in shown)


def test_readiness_command(tmp_path):
    from analysis.cli import main
    assert main(["readiness", "--out", str(tmp_path), "--cutoffs", "10,30,50,70"]) == 0
    tab = pd.read_csv(tmp_path / "readiness.csv", dtype={"kode_kemendagri": str})
    assert "64.02" in set(tab.kode_kemendagri) and tab["ilustratif"].all()
    assert (tab["tingkat"] == rd.maturity_level(tab["indeks_kesiapan"], [10, 30, 50, 70])).all()
    grid = pd.read_csv(tmp_path / "readiness_grid.csv", dtype={"kode_kemendagri": str})
    assert len(grid) == 142 * 18
    assert main(["readiness", "--out", str(tmp_path), "--cutoffs", "1,2"]) == 2


def test_rank_intervals_collapse_without_uncertainty():
    # weights perturbed by 0 % are the only input: every run is the nominal index, so every
    # interval collapses onto the nominal rank, which is the table's competition rank
    spec = {"seed": 1, "weight_sets": 5,
            "inputs": [{"name": "w", "type": "weights", "levels": {1: 0.0}}]}
    r = rd.rank_intervals(RAW_DIR, samples=8, spec=spec).set_index("unit")
    tab = rd.readiness_table(RAW_DIR).set_index("kode_kemendagri")
    assert (r["p05_rank"] == r["p95_rank"]).all() and (r["median_rank"] == r["nominal_rank"]).all()
    assert (r["nominal_rank"] == tab.loc[r.index, "peringkat"]).all()
    ties = tab[tab["indeks_kesiapan"].round(9).duplicated(keep=False)]
    assert len(ties) > 0  # equal indices share a rank (items are integers: many ties)
    assert ties.groupby(ties["indeks_kesiapan"].round(9))["peringkat"].nunique().eq(1).all()


def test_real_data_flag_drops_the_illustrative_label(tmp_path):
    text = (RAW_DIR / rd.ASSESSMENT_FILE).read_text(encoding="utf-8")
    (tmp_path / rd.ASSESSMENT_FILE).write_text(text.replace(",ya\n", ",tidak\n"), encoding="utf-8")
    for name in ("profil_wilayah.csv",):
        (tmp_path / name).write_bytes((RAW_DIR / name).read_bytes())
    assert not rd.readiness_table(tmp_path)["ilustratif"].any()
    assert rd.readiness_table(RAW_DIR)["ilustratif"].all()
