"""What-if calculator: exact recomputation, ranks, targets, readiness steps, CLI."""
from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from analysis.evaluation import load_evaluation
from analysis.evaluation.dimension_whatif import (SimulationInputError, levers, milestones,
                                                  parse_setting, rank_among, simulate, target_plan)
from analysis.frameworks import load_framework
from analysis.index.whatif_arithmetic import WhatIfError, check_linear, greedy_path, steps_to_reach
from analysis.paths import RAW_DIR
from analysis.readiness.assessment_whatif import item_gains
from tests.conftest import assert_cli_fails_cleanly

# Kutai Kartanegara 2023 (KPPN&IKN, weights 10/20/20/20/20/10), printed dimensions
# 3.60, 2.89, 2.92, 2.59, 3.32, 1.20:
# final = .1*3.6 + .2*2.89 + .2*2.92 + .2*2.59 + .2*3.32 + .1*1.2
#       = 0.36 + 0.578 + 0.584 + 0.518 + 0.664 + 0.12 = 2.824
KUKAR_FINAL = 2.824


@pytest.fixture(scope="module")
def ev23():
    return load_evaluation(2023, RAW_DIR)


def published_2023():
    with open(RAW_DIR / "kominfo_evaluasi_2023.csv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if float(r["nilai_final"]) > 0]


def test_kukar_impact_one_point_up_adds_its_weight(ev23):
    for text in ("impact=3.59", "impact=+1"):
        tab = simulate(ev23, "64.02", 2023, [parse_setting(text)])
        base, sim = tab.iloc[0], tab.iloc[1]
        assert base["nilai_final"] == pytest.approx(KUKAR_FINAL, abs=1e-12)
        # 2.824 + 0.20 * (3.59 - 2.59) = 3.024, unrounded
        assert sim["nilai_final"] == pytest.approx(3.024, abs=1e-12)
        assert sim["perubahan"] == pytest.approx(0.2, abs=1e-12)
        assert sim["impact"] == pytest.approx(3.59) and sim["output"] == 2.89
        assert sim["peringatan"] == ""


def test_group_and_national_rank_counted_independently(ev23):
    rows = published_2023()
    others = [r for r in rows if r["kode_kemendagri"] != "64.02"]
    group = [r for r in others if r["kelompok"] == "KPPN&IKN"]
    tab = simulate(ev23, "64.02", 2023, [parse_setting("impact=3.59")])
    for _, r in tab.iterrows():
        above_g = sum(float(o["nilai_final"]) > r["nilai_final"] for o in group)
        above_n = sum(float(o["nilai_final"]) > r["nilai_final"] for o in others)
        assert r["peringkat_kelompok"] == above_g + 1
        assert r["peringkat_nasional"] == above_n + 1
    assert tab["n_kelompok"].iloc[0] == len(group) + 1 == 58
    assert tab["n_nasional"].iloc[0] == len(others) + 1 == 130
    assert tab["peringkat_kelompok"].iloc[0] == 27  # the published rank of 2.82
    assert tab["peringkat_kelompok"].iloc[1] < tab["peringkat_kelompok"].iloc[0]


def test_rank_among_simple_case():
    others = pd.Series([3.10, 3.00, 2.90])
    assert rank_among(others, 3.20) == 1
    assert rank_among(others, 3.05) == 2
    assert rank_among(others, 3.00) == 2   # a tie shares the better rank
    assert rank_among(others, 1.00) == 4


def test_reguler_ignores_kolaborasi(ev23):
    # Badung 2023 REGULER (10/20/30/20/20): .1*3.52 + .2*2.97 + .3*3.08 + .2*3.14 + .2*2.35
    #   = 0.352 + 0.594 + 0.924 + 0.628 + 0.47 = 2.968
    tab = simulate(ev23, "51.03", 2023, [parse_setting("kolaborasi=4")], lang="en")
    assert tab["nilai_final"].tolist() == pytest.approx([2.968, 2.968], abs=1e-12)
    assert "kolaborasi" not in tab.columns
    assert "is not weighted in kominfo-evaluasi-2023-reguler" in tab["peringatan"].iloc[1]
    lv = levers(ev23, "51.03", 2023).set_index("dimensi")
    assert lv["bobot"].to_dict() == {"baseline": 0.1, "output": 0.2, "outcome": 0.3,
                                     "impact": 0.2, "quick_win": 0.2}


def test_values_outside_the_scale_are_refused_and_edges_warned(ev23):
    with pytest.raises(SimulationInputError, match="impact 4.5 is outside"):
        simulate(ev23, "64.02", 2023, [parse_setting("impact=4.5")])
    with pytest.raises(SimulationInputError, match=r"quick_win 3.32 \+ 1 = 4.32 is outside"):
        simulate(ev23, "64.02", 2023, [parse_setting("quick_win=+1")])
    with pytest.raises(SimulationInputError, match="kolaborasi 1.2 - 0.5 = 0.7 is outside"):
        simulate(ev23, "64.02", 2023, [parse_setting("kolaborasi=-0.5")])
    tab = simulate(ev23, "64.02", 2023, [parse_setting("impact=4")], lang="en")
    assert "impact = 4.00 is the top of the 1–4 scale" in tab["peringatan"].iloc[1]
    assert tab["nilai_final"].iloc[1] == pytest.approx(KUKAR_FINAL + 0.2 * 1.41, abs=1e-12)


# Karo 12.06, 2023 KPPN&IKN (10/20/20/20/20/10), printed 2.72, 2.26, 2.64, 2.32, 2.22, 0:
# final = .1*2.72 + .2*(2.26 + 2.64 + 2.32 + 2.22) + .1*0 = 0.272 + 1.888 + 0 = 2.16
KARO_FINAL = 2.16


def test_kolaborasi_printed_zero_is_kept_with_a_warning(ev23):
    tab = simulate(ev23, "12.06", 2023, [parse_setting("impact=+0")], lang="en")
    assert "published kolaborasi 0.00 is outside the 1–4 scale" in tab["peringatan"].iloc[1]
    assert tab["nilai_final"].tolist() == pytest.approx([KARO_FINAL] * 2, abs=1e-12)
    # the 0 counts as printed: Kolaborasi set to 1 adds 0.1 x (1 - 0) = 0.1
    tab = simulate(ev23, "12.06", 2023, [parse_setting("kolaborasi=1")], lang="en")
    assert tab["nilai_final"].iloc[1] == pytest.approx(KARO_FINAL + 0.1, abs=1e-12)


def test_kolaborasi_zero_needs_at_least_the_bottom_of_the_scale(ev23):
    # one rank up for Karo: Toba's published 2.17, a gap of 2.17 - 2.16 = 0.01.
    # Kolaborasi alone: 0 + 0.01 / 0.1 = 0.10, below the scale -> 1.00 (the lowest value that
    # can be set, and enough: 2.16 + 0.1 x 1 = 2.26); baseline 2.72 + 0.01 / 0.1 = 2.82;
    # the 0.20 dimensions + 0.01 / 0.2 = +0.05
    plan = target_plan(ev23, "12.06", 2023, 2.17).set_index("dimensi")
    need = {"baseline": 2.82, "output": 2.31, "outcome": 2.69, "impact": 2.37,
            "quick_win": 2.27, "kolaborasi": 1.0}
    assert plan["nilai_perlu"].to_dict() == pytest.approx(need, abs=1e-9)
    assert plan.loc["kolaborasi", "kenaikan_perlu"] == pytest.approx(1.0, abs=1e-9)
    assert plan["tercapai"].all()
    with pytest.raises(SimulationInputError, match="kolaborasi 0.1 is outside"):
        simulate(ev23, "12.06", 2023, [parse_setting("kolaborasi=0.1")])
    for d, v in need.items():              # every value the plan names, simulate accepts
        final = simulate(ev23, "12.06", 2023, [parse_setting(f"{d}={v}")])["nilai_final"]
        assert final.iloc[1] >= 2.17 - 1e-9, d
    assert final.iloc[1] == pytest.approx(2.26, abs=1e-12)       # the Kolaborasi one


def test_greedy_path_lands_an_out_of_scale_input_on_the_scale():
    # gap 0.1: a (slope 0.5) 3.9 -> 4 gives 0.05; b (slope 0.1) printed 0 would need
    # 0.05 / 0.1 = 0.5, below the scale: it goes to 1 (+0.1 root points, closing the gap)
    path = greedy_path(pd.Series({"a": 3.9, "b": 0.0}), pd.Series({"a": 0.5, "b": 0.1}),
                       0.1, 4.0, 1.0)
    assert path["nilai"].to_dict() == pytest.approx({"a": 4.0, "b": 1.0}, abs=1e-12)
    assert path["tambahan"].to_dict() == pytest.approx({"a": 0.05, "b": 0.1}, abs=1e-12)
    assert path.attrs["tercapai"] and path.attrs["sisa"] == 0.0


@pytest.mark.parametrize("text, message", [
    ("foo=3", "unknown dimension 'foo'"), ("impact=abc", "value 'abc' of impact is not a number"),
    ("impact", "expected DIMENSION=VALUE"), ("impact=3,5", "value '3,5' of impact")])
def test_parse_setting_errors_name_the_input(text, message):
    with pytest.raises(SimulationInputError, match=message):
        parse_setting(text)


def test_target_per_dimension_hand_computed(ev23):
    plan = target_plan(ev23, "64.02", 2023, 3.0).set_index("dimensi")
    # gap 3.0 - 2.824 = 0.176; dimension alone: current + 0.176 / weight
    need = {"baseline": 3.6 + 1.76, "output": 2.89 + .88, "outcome": 2.92 + .88,
            "impact": 2.59 + .88, "quick_win": 3.32 + .88, "kolaborasi": 1.2 + 1.76}
    for d, v in need.items():
        assert plan.loc[d, "nilai_perlu"] == pytest.approx(v, abs=1e-9)
    # quick win would need 4.20 and baseline 5.36: unreachable alone
    assert plan["tercapai"].to_dict() == {"baseline": False, "output": True, "outcome": True,
                                          "impact": True, "quick_win": False, "kolaborasi": True}
    # cheapest path: weight 0.2 ties broken by weight x headroom (impact 0.2 x 1.41 first)
    assert plan.loc["impact", "jalur_urutan"] == 1
    assert plan["jalur_urutan"].notna().sum() == 1
    assert plan.loc["impact", "jalur_nilai"] == pytest.approx(3.47, abs=1e-9)


def test_target_path_combines_dimensions(ev23):
    plan = target_plan(ev23, "64.02", 2023, 3.5).set_index("dimensi")
    # gap 0.676: impact 2.59 -> 4 (+0.282), output 2.89 -> 4 (+0.222), outcome takes the rest
    # 0.676 - 0.282 - 0.222 = 0.172 -> +0.86 -> 3.78
    assert not plan["tercapai"].any()
    assert plan.loc[["impact", "output", "outcome"], "jalur_urutan"].tolist() == [1, 2, 3]
    assert plan.loc["outcome", "jalur_nilai"] == pytest.approx(3.78, abs=1e-9)
    assert bool(plan["jalur_tercapai"].iloc[0])
    with pytest.raises(SimulationInputError, match="outside the 1–4 scale"):
        target_plan(ev23, "64.02", 2023, 4.2)


def test_greedy_path_and_steps():
    cur = pd.Series({"a": 3.0, "b": 2.0, "c": 1.0})
    slope = pd.Series({"a": 0.5, "b": 0.3, "c": 0.2})
    p = greedy_path(cur, slope, 0.6, 4.0)   # a +1 (0.5), then b +0.1/0.3
    assert p["nilai"].tolist() == pytest.approx([4.0, 2.0 + 1 / 3, 1.0])
    assert p.attrs["tercapai"]
    p = greedy_path(cur, slope, 2.0, 4.0)   # at most 0.5 + 0.6 + 0.6 = 1.7
    assert not p.attrs["tercapai"] and p.attrs["sisa"] == pytest.approx(0.3)
    assert steps_to_reach(59.26, 60, 3.7037, 1) == 1
    assert steps_to_reach(40.74, 60, 3.7037, 2) != steps_to_reach(40.74, 60, 3.7037, 2)  # NaN
    assert steps_to_reach(61, 60, 3.7, 0) == 0


def test_steps_to_reach_caps_the_last_step_of_a_fractional_score():
    # pillar 57 -> 60 needs 3 points; one full step adds 100/27 = 3.70 but an item at 3.5 can
    # only go to 4: 0.5 x 3.70 = 1.85 < 3, so it cannot get there alone
    assert math.isnan(steps_to_reach(57.0, 60.0, 100 / 27, 0.5))
    assert steps_to_reach(58.5, 60.0, 100 / 27, 0.5) == 1      # 1.5 <= 1.85: one (half) step
    # an item at 1.5 (2.5 of headroom): 3 steps give 2.5 x 3.70 = 9.26; 57 -> 65 needs 8 -> 3
    assert steps_to_reach(57.0, 65.0, 100 / 27, 2.5) == 3
    assert math.isnan(steps_to_reach(57.0, 66.5, 100 / 27, 2.5))  # 9.5 > 9.26


def test_nonlinear_framework_is_refused():
    fw = load_framework("bps-ipm")   # geometric mean
    with pytest.raises(WhatIfError, match="exact only for arithmetic means"):
        check_linear(fw, fw.leaves)


def test_milestones_median_and_next_up(ev23):
    ms = milestones(ev23, "64.02", 2023)
    finals = sorted(float(r["nilai_final"]) for r in published_2023()
                    if r["kelompok"] == "KPPN&IKN")
    assert ms["median"] == pytest.approx((finals[28] + finals[29]) / 2)   # 58 regencies
    above = [f for f in finals if f > KUKAR_FINAL]
    assert ms["next_up"]["nilai_final"] == min(above)


def kukar_readiness_scores() -> dict[str, float]:
    with open(RAW_DIR / "readiness_assessment_illustrative.csv", encoding="utf-8") as fh:
        return {r["kode_butir"]: float(r["skor"]) for r in csv.DictReader(fh)
                if r["kode_kemendagri"] == "64.02"}


def test_readiness_one_step_gain_hand_computed():
    # goalpost (x-1)/3: one step = 1/3; sub-dimension = mean of 3 items x 100 -> +100/9;
    # pillar = mean of 3 sub-dimensions -> +100/27 = 3.7037; index = mean of 6 pillars -> +100/162
    scores = kukar_readiness_scores()
    cuts = [20, 40, 60, 80]
    tab = item_gains("64.02", RAW_DIR, cutoffs=cuts).set_index("kode_butir")
    assert len(tab) == 54 == len(scores) and tab["ilustratif"].all()
    pillars = ("Smart Governance", "Smart Branding", "Smart Economy", "Smart Living",
               "Smart Society", "Smart Environment")
    reached = []
    for i, pillar in enumerate(pillars, start=1):
        items = {k: v for k, v in scores.items() if k.startswith(f"RK.{i}.")}
        index = sum((v - 1) / 3 for v in items.values()) / 9 * 100   # 9 items, equal weights
        code = next(k for k, v in sorted(items.items()) if v < 4)
        row = tab.loc[code]
        assert row["pilar"] == pillar
        assert (row["skor"], row["skor_naik"]) == (items[code], items[code] + 1)
        assert row["indeks_pilar"] == pytest.approx(index, abs=1e-9)
        assert row["tambahan_pilar"] == pytest.approx(100 / 27, abs=1e-9)
        assert row["tambahan_indeks"] == pytest.approx(100 / 162, abs=1e-9)
        nxt = next((c for c in cuts if c > index + 1e-9), None)
        steps = math.ceil((nxt - index) / (100 / 27) - 1e-9) if nxt is not None else None
        if steps is None or steps > 4 - items[code]:
            assert pd.isna(row["langkah_pilar"])
        else:
            assert row["langkah_pilar"] == steps
            reached.append(steps)
    assert reached   # some pillar reaches its next level on one item (Kukar: Branding, 2 steps)
    at_top = tab[tab["skor"] == 4.0]
    assert (at_top["tambahan_indeks"].abs() < 1e-9).all()
    steps = tab["langkah_pilar"].astype("Float64").fillna(99).tolist()
    assert steps == sorted(steps)     # fastest to the next level first


def test_readiness_cutoffs_come_from_the_settings():
    from analysis.readiness import default_cutoffs, maturity_level
    default = item_gains("64.02", RAW_DIR)
    levels = maturity_level(default["indeks_pilar"], default_cutoffs()).tolist()
    assert default["tingkat_pilar"].tolist() == levels
    other = item_gains("64.02", RAW_DIR, cutoffs=[1, 2, 3, 99.9])
    assert set(other["batas_berikut_pilar"]) == {99.9}


def test_cli_simulate_target_and_readiness(tmp_path, capsys):
    from analysis.cli import main
    out = tmp_path / "s.csv"
    assert main(["simulate", "--regency", "64.02", "--year", "2023", "--set", "impact=3.59",
                 "--out", str(out)]) == 0
    df = pd.read_csv(out, dtype={"kode_kemendagri": str})
    assert df["nilai_final"].tolist() == pytest.approx([2.824, 3.024], abs=1e-12)
    assert {"peringkat_kelompok", "peringkat_nasional", "perubahan"} <= set(df.columns)
    assert main(["simulate", "--regency", "64.02", "--target", "3.0", "--out",
                 str(tmp_path / "t.csv")]) == 0
    t = pd.read_csv(tmp_path / "t.csv")
    assert {"dimensi", "nilai_sekarang", "nilai_perlu", "tercapai"} <= set(t.columns)
    assert main(["simulate", "--regency", "64.02", "--framework", "readiness", "--out",
                 str(tmp_path / "r.csv")]) == 0
    err = capsys.readouterr().err                     # default --lang id
    assert "warning: DATA ILUSTRATIF: penilaian kesiapan ini dibangkitkan" in err
    assert "ILLUSTRATIVE" not in err
    assert len(pd.read_csv(tmp_path / "r.csv")) == 54
    assert main(["simulate", "--regency", "64.02", "--framework", "readiness", "--lang", "en",
                 "--out", str(tmp_path / "r_en.csv")]) == 0
    assert "warning: ILLUSTRATIVE DATA: the readiness assessment is generated" in \
        capsys.readouterr().err


def test_cli_target_on_a_printed_kolaborasi_zero_warns(tmp_path, capsys):
    from analysis.cli import main
    assert main(["simulate", "--regency", "12.06", "--target", "2.17", "--lang", "en",
                 "--out", str(tmp_path / "t.csv")]) == 0
    assert "warning: published kolaborasi 0.00 is outside the 1–4 scale" in \
        capsys.readouterr().err
    t = pd.read_csv(tmp_path / "t.csv").set_index("dimensi")
    assert t.loc["kolaborasi", "nilai_perlu"] == pytest.approx(1.0)     # see the plan test


@pytest.mark.parametrize("setting, expected", [
    ("foo=3", ["unknown dimension 'foo'"]), ("impact=4.5", ["impact 4.5", "1–4 scale"]),
    ("impact=tinggi", ["'tinggi'", "not a number"])])
def test_cli_bad_set_fails_cleanly(tmp_path, capsys, setting, expected):
    out_dir = tmp_path / "out"
    assert_cli_fails_cleanly(["simulate", "--regency", "64.02", "--set", setting, "--out",
                              out_dir / "s.csv", "--lang", "en"], capsys, expected, out_dir)


def test_cli_not_evaluated_regency_fails_cleanly(tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert_cli_fails_cleanly(["simulate", "--regency", "62.06", "--set", "impact=3",
                              "--out", out_dir / "s.csv"], capsys, ["62.06", "2023"], out_dir)


def test_cli_readiness_on_a_regency_own_assessment(tmp_path, capsys):
    from analysis.cli import main
    scores = kukar_readiness_scores()
    own = tmp_path / "own.csv"
    with open(own, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["kode_kemendagri", "nama", "kode_butir", "skor", "ilustratif"])
        for code in scores:
            w.writerow(["64.02", "Kabupaten Kutai Kartanegara", code, 1, "tidak"])
    out = tmp_path / "r.csv"
    assert main(["simulate", "--regency", "64.02", "--framework", "readiness", "--assessment",
                 str(own), "--cutoffs", "20,40,60,80", "--out", str(out)]) == 0
    assert "ILLUSTRATIVE" not in capsys.readouterr().err
    df = pd.read_csv(out)
    assert not df["ilustratif"].any()
    # every item at 1: pillar index 0; cut-off 20 needs 20 / (100/27) = 5.4 -> 6 steps, more
    # than the 3 steps an item has (1 -> 4): no single item reaches level 2
    assert (df["indeks_pilar"] == 0).all() and df["langkah_pilar"].isna().all()
    assert df["tambahan_indeks"].tolist() == pytest.approx([100 / 162] * 54)
    out_dir = tmp_path / "none"
    assert_cli_fails_cleanly(["simulate", "--regency", "62.06", "--framework", "readiness",
                              "--assessment", own, "--out", out_dir / "r.csv"], capsys,
                             ["'62.06' has no readiness assessment"], out_dir)


def test_readiness_steps_of_a_fractional_item_use_its_capped_gain(tmp_path):
    # every item at 1 but one at 3.5: its sub-dimension (3.5 - 1) / 3 / 3 x 100 = 27.78, its
    # pillar 27.78 / 3 = 9.26. Cut-off 12 needs 2.74 more: a full step (100/27 = 3.70) would do
    # it, but 3.5 -> 4 adds only 0.5 x 3.70 = 1.85: not reachable on that item alone. Another
    # item of the pillar (at 1, a full 3.70 per step) gets there in one step.
    scores = kukar_readiness_scores()
    frac = next(iter(scores))
    own = tmp_path / "own.csv"
    with open(own, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["kode_kemendagri", "nama", "kode_butir", "skor", "ilustratif"])
        for code in scores:
            w.writerow(["64.02", "Kabupaten Kutai Kartanegara", code, 3.5 if code == frac else 1,
                        "tidak"])
    tab = item_gains("64.02", path=own, cutoffs=[12, 40, 60, 80]).set_index("kode_butir")
    row = tab.loc[frac]
    assert row["indeks_pilar"] == pytest.approx(250 / 27, abs=1e-9)        # 9.26
    assert row["tambahan_pilar"] == pytest.approx(0.5 * 100 / 27, abs=1e-9)  # 1.85
    assert pd.isna(row["langkah_pilar"])
    same = tab[(tab["pilar"] == row["pilar"]) & (tab.index != frac)]
    assert len(same) == 8 and (same["langkah_pilar"] == 1).all()
