"""Competitiveness analysis on a hand-made panel: ranks, medians, gaps, percentiles, peers and gap
trends, every expected value worked out by hand in the comments."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis import competitiveness as cp
from analysis.errors import WorkbenchError

# Nine regencies in three provinces: DKI Jakarta (Kepulauan Seribu, a kabupaten), Jawa Barat
# (3 kabupaten, 2 kota) and Kalimantan Timur (2 kabupaten, 1 kota).
REGIONS = pd.DataFrame(
    [("31.01", "Kepulauan Seribu", "kabupaten", "31", "DKI Jakarta", True, "Jawa"),
     ("32.01", "Bogor", "kabupaten", "32", "Jawa Barat", True, "Jawa"),
     ("32.02", "Sukabumi", "kabupaten", "32", "Jawa Barat", True, "Jawa"),
     ("32.03", "Cianjur", "kabupaten", "32", "Jawa Barat", True, "Jawa"),
     ("32.71", "Kota Bogor", "kota", "32", "Jawa Barat", True, "Jawa"),
     ("32.72", "Kota Sukabumi", "kota", "32", "Jawa Barat", True, "Jawa"),
     ("64.02", "Kutai Kartanegara", "kabupaten", "64", "Kalimantan Timur", False, "Kalimantan"),
     ("64.03", "Berau", "kabupaten", "64", "Kalimantan Timur", False, "Kalimantan"),
     ("64.72", "Kota Samarinda", "kota", "64", "Kalimantan Timur", False, "Kalimantan")],
    columns=["kode", "nama", "jenis", "kode_provinsi", "provinsi", "pulau_jawa", "pulau"])
CODES = list(REGIONS["kode"])
DIRECTIONS = {"ipm": True, "tpt": False, "garis_kemiskinan": None}

VALUES = {  # variable -> year -> values in the order of CODES (None = not published)
    "ipm": {2020: [71.0, 70.0, 72.0, 68.0, 80.0, 78.0, 73.0, 73.0, 81.0],
            2021: [71.5, 70.5, 72.5, None, 80.5, 78.5, 73.2, 72.0, 81.4]},
    "tpt": {2020: [5.0, 8.0, 6.0, 9.0, 10.0, 7.0, 5.0, 4.0, 7.0]},
    "garis_kemiskinan": {2020: [700e3, 400e3, 450e3, 420e3, 550e3, 500e3, 600e3, 650e3,
                                700e3]},
}


def make_panel(values=VALUES) -> pd.DataFrame:
    rows = [(k, var, year, v) for var, years in values.items() for year, vals in years.items()
            for k, v in zip(CODES, vals) if v is not None]
    return pd.DataFrame(rows, columns=["kode", "variabel", "tahun", "nilai"])


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return cp.standing(make_panel(), REGIONS, directions=DIRECTIONS)


def row(table, kode, var, year):
    hit = table[(table["kode"] == kode) & (table["variabel"] == var) & (table["tahun"] == year)]
    assert len(hit) == 1
    return hit.iloc[0]


# ---------------------------------------------------------------- standing


def test_columns_required_by_the_issue_come_first(table):
    assert list(table.columns[:10]) == ["kode", "variabel", "tahun", "nilai",
                                        "peringkat_provinsi", "n_provinsi", "median_provinsi",
                                        "median_jawa_sejenis", "selisih_jawa",
                                        "persentil_nasional"]
    assert {"jenis", "provinsi", "arah", "unggul_jawa", "median_pulau",
            "n_jawa_sejenis"} <= set(table.columns)
    # one row per regency, variable and year with a value: 9 + 8 (Cianjur 2021 missing) + 9 + 9
    assert len(table) == 35
    assert table["kode"].map(type).eq(str).all()


def test_ipm_2020_by_hand(table):
    kukar = row(table, "64.02", "ipm", 2020)
    # Kaltim 2020: Samarinda 81, Kukar 73, Berau 73 -> ranks 1, 2, 2 (ties share the minimum)
    assert kukar["peringkat_provinsi"] == 2 and kukar["n_provinsi"] == 3
    assert row(table, "64.03", "ipm", 2020)["peringkat_provinsi"] == 2
    assert row(table, "64.72", "ipm", 2020)["peringkat_provinsi"] == 1
    assert kukar["median_provinsi"] == 73.0
    # Java kabupaten: Kep. Seribu 71, Bogor 70, Sukabumi 72, Cianjur 68 -> median (70+71)/2
    assert kukar["median_jawa_sejenis"] == 70.5 and kukar["n_jawa_sejenis"] == 4
    assert kukar["selisih_jawa"] == pytest.approx(2.5)
    assert bool(kukar["unggul_jawa"]) is True
    # national, sorted: 68 70 71 72 73 73 78 80 81; Kukar ties at ranks 5 and 6 -> 5.5 / 9
    assert kukar["persentil_nasional"] == pytest.approx(100 * 5.5 / 9)
    assert row(table, "64.72", "ipm", 2020)["persentil_nasional"] == pytest.approx(100.0)
    assert row(table, "32.03", "ipm", 2020)["persentil_nasional"] == pytest.approx(100 / 9)
    # island medians: Kalimantan 81 73 73 -> 73; Jawa 68 70 71 72 78 80 -> (71+72)/2
    assert kukar["median_pulau"] == 73.0
    assert row(table, "32.01", "ipm", 2020)["median_pulau"] == 71.5


def test_cities_are_compared_with_java_cities(table):
    samarinda = row(table, "64.72", "ipm", 2020)
    # Java kota: Kota Bogor 80, Kota Sukabumi 78 -> 79 (Kepulauan Seribu is not among them)
    assert samarinda["median_jawa_sejenis"] == 79.0 and samarinda["n_jawa_sejenis"] == 2
    assert samarinda["selisih_jawa"] == pytest.approx(2.0)
    # Jawa Barat 2020: 80 78 72 70 68 -> Kota Bogor 1, Cianjur 5 of 5; median 72
    assert row(table, "32.71", "ipm", 2020)["peringkat_provinsi"] == 1
    cianjur = row(table, "32.03", "ipm", 2020)
    assert (cianjur["peringkat_provinsi"], cianjur["n_provinsi"]) == (5, 5)
    assert cianjur["median_provinsi"] == 72.0
    assert cianjur["selisih_jawa"] == pytest.approx(-2.5) and not cianjur["unggul_jawa"]
    seribu = row(table, "31.01", "ipm", 2020)
    assert (seribu["peringkat_provinsi"], seribu["n_provinsi"]) == (1, 1)


def test_missing_value_is_not_ranked(table):
    # 2021: Cianjur publishes nothing: Jawa Barat ranks four; Java kabupaten 71.5 70.5 72.5
    bogor = row(table, "32.01", "ipm", 2021)
    assert bogor["n_provinsi"] == 4 and bogor["peringkat_provinsi"] == 4
    kukar = row(table, "64.02", "ipm", 2021)
    assert kukar["median_jawa_sejenis"] == 71.5 and kukar["n_jawa_sejenis"] == 3
    assert kukar["selisih_jawa"] == pytest.approx(73.2 - 71.5)
    assert (kukar["peringkat_provinsi"], row(table, "64.03", "ipm", 2021)["peringkat_provinsi"]) \
        == (2, 3)


def test_lower_is_better_for_unemployment(table):
    # Kaltim tpt: Berau 4, Kukar 5, Samarinda 7 -> the lowest ranks first
    assert [row(table, k, "tpt", 2020)["peringkat_provinsi"] for k in ("64.03", "64.02", "64.72")] \
        == [1, 2, 3]
    kukar = row(table, "64.02", "tpt", 2020)
    assert kukar["arah"] == cp.LOWER
    # Java kabupaten tpt 5 8 6 9 -> 7; Kukar 5 - 7 = -2: lower unemployment, ahead
    assert kukar["median_jawa_sejenis"] == 7.0 and kukar["selisih_jawa"] == -2.0
    assert bool(kukar["unggul_jawa"]) is True
    # worst to best: 10 9 8 7 7 6 5 5 4; Kukar and Kep. Seribu (5) share ranks 7 and 8
    assert kukar["persentil_nasional"] == pytest.approx(100 * 7.5 / 9)
    assert row(table, "64.72", "tpt", 2020)["persentil_nasional"] == pytest.approx(50.0)
    assert row(table, "64.03", "tpt", 2020)["persentil_nasional"] == pytest.approx(100.0)
    # Jawa Barat: Sukabumi 6 is first, Kota Bogor 10 last
    assert row(table, "32.02", "tpt", 2020)["peringkat_provinsi"] == 1
    assert row(table, "32.71", "tpt", 2020)["peringkat_provinsi"] == 5


def test_poverty_line_is_a_level_not_a_merit(table):
    kukar = row(table, "64.02", "garis_kemiskinan", 2020)
    assert kukar["arah"] == cp.NEUTRAL
    # highest = 1: Samarinda 700k, Berau 650k, Kukar 600k
    assert kukar["peringkat_provinsi"] == 3
    # Java kabupaten 700k 400k 450k 420k -> (420k + 450k) / 2
    assert kukar["median_jawa_sejenis"] == 435e3 and kukar["selisih_jawa"] == 165e3
    assert pd.isna(kukar["unggul_jawa"])


def test_selection_does_not_change_the_reference_groups(table):
    one = cp.standing(make_panel(), REGIONS, year=2020, variables=["ipm"], kode="64.02",
                      directions=DIRECTIONS)
    assert len(one) == 1
    full = row(table, "64.02", "ipm", 2020)
    for col in cp.COLUMNS:
        assert one.iloc[0][col] == full[col]


def test_default_directions_follow_the_panel_variable_table():
    panel = pytest.importorskip("analysis.data.panel")
    arah = cp.default_directions()
    assert set(arah) == set(panel.VARIABLES)
    assert (arah["ipm"], arah["tpt"], arah["garis_kemiskinan"]) == (cp.HIGHER, cp.LOWER,
                                                                    cp.NEUTRAL)


@pytest.mark.parametrize("kwargs,words", [
    ({"variables": "ipmx"}, ["variables", "unknown variable", "ipmx", "known", "ipm"]),
    ({"kode": ["64.02", "99.99"]}, ["kode", "unknown regency code", "99.99"]),
    ({"year": 2019}, ["year", "2019", "not in the panel", "2020–2021"]),
    ({"year": "dua ribu"}, ["year", "'dua ribu'", "not a year"]),
    ({"year": 2020.5}, ["year", "2020.5", "not a year"]),
    ({"kode": []}, ["kode", "empty selection"]),
    ({"kode": 64.02}, ["kode", "64.02 is a number", "codes are text"]),
    ({"variables": "tpt", "year": 2021}, ["no values", "tpt", "[2021]", "tpt 2020–2020"]),
])
def test_bad_selection_is_a_clear_error(kwargs, words):
    with pytest.raises(cp.CompetitivenessInputError) as exc:
        cp.standing(make_panel(), REGIONS, directions=DIRECTIONS, **kwargs)
    assert isinstance(exc.value, WorkbenchError)
    for w in words:
        assert w in str(exc.value)


def test_variable_known_but_absent_is_an_error():
    with pytest.raises(cp.CompetitivenessInputError, match="no values in the panel"):
        cp.standing(make_panel(), REGIONS, variables="hls",
                    directions={**DIRECTIONS, "hls": True})


def test_bad_frames_are_clear_errors():
    panel = make_panel()
    with pytest.raises(cp.CompetitivenessInputError, match=r"99\.01.*not regencies"):
        cp.standing(pd.concat([panel, pd.DataFrame(
            [("99.01", "ipm", 2020, 70.0)], columns=panel.columns)]), REGIONS,
            directions=DIRECTIONS)
    with pytest.raises(cp.CompetitivenessInputError, match=r"64\.02, ipm 2020 appears more"):
        cp.standing(pd.concat([panel, panel.iloc[[6]]]), REGIONS, directions=DIRECTIONS)
    nan = panel.copy()
    nan.loc[0, "nilai"] = float("inf")
    with pytest.raises(cp.CompetitivenessInputError, match="value inf is not a finite number"):
        cp.standing(nan, REGIONS, directions=DIRECTIONS)
    mixed = panel.assign(seri=np.where(panel.index == 3, "ipm_lf_sp2020", "ipm_metode_baru"))
    with pytest.raises(cp.CompetitivenessInputError, match="mixes the series"):
        cp.standing(mixed, REGIONS, directions=DIRECTIONS)
    half = panel.astype({"tahun": float})
    half.loc[2, "tahun"] = 2020.5
    with pytest.raises(cp.CompetitivenessInputError, match="2020.5 is not a whole number"):
        cp.standing(half, REGIONS, directions=DIRECTIONS)
    with pytest.raises(cp.CompetitivenessInputError, match="no direction"):
        cp.standing(panel, REGIONS, directions={"ipm": True})
    bad = REGIONS.assign(jenis=REGIONS["jenis"].replace({"kota": "kotamadya"}))
    with pytest.raises(cp.CompetitivenessInputError, match="kotamadya"):
        cp.standing(panel, bad, directions=DIRECTIONS)
    with pytest.raises(cp.CompetitivenessInputError, match=r"missing column\(s\) \['pulau'\]"):
        cp.standing(panel, REGIONS.drop(columns="pulau"), directions=DIRECTIONS)


# ---------------------------------------------------------------- peers


def test_group_peers():
    p = cp.peers(REGIONS, pd.DataFrame(columns=["kode", *cp.PROFILE_FEATURES]), kode="64.02",
                 groups=("provinsi", "pulau", "jawa_sejenis"))
    got = {g: list(d["kode_pembanding"]) for g, d in p.groupby("kelompok")}
    assert got == {"provinsi": ["64.03", "64.72"], "pulau": ["64.03", "64.72"],
                   "jawa_sejenis": ["31.01", "32.01", "32.02", "32.03"]}
    city = cp.peers(REGIONS, pd.DataFrame(columns=["kode", *cp.PROFILE_FEATURES]),
                    kode="32.71", groups=["jawa_sejenis"])
    assert list(city["kode_pembanding"]) == ["32.72"] and set(city["kunci"]) == {"kota"}


# Profile peers: five kabupaten and two kota, two features chosen so the means are 2 and 2:
# a = 0 1 2 3 4 | 1.5 2.5, b = 0 0 0 0 10 | 2 2 -> sd_a = sqrt(10.5 / 7), sd_b = sqrt(80 / 7)
PROFILE_REGIONS = pd.DataFrame(
    [(f"11.0{i}", "kabupaten", "11", "Aceh", False, "Sumatera") for i in range(1, 6)]
    + [("11.71", "kota", "11", "Aceh", False, "Sumatera"),
       ("11.72", "kota", "11", "Aceh", False, "Sumatera")],
    columns=["kode", "jenis", "kode_provinsi", "provinsi", "pulau_jawa", "pulau"])
PROFILE = pd.DataFrame({"kode": list(PROFILE_REGIONS["kode"]),
                        "a": [0, 1, 2, 3, 4, 1.5, 2.5], "b": [0, 0, 0, 0, 10, 2, 2]})


def test_nearest_peers_by_profile_by_hand():
    sd_a, sd_b = math.sqrt(10.5 / 7), math.sqrt(80 / 7)
    p = cp.peers(PROFILE_REGIONS, PROFILE, k=3, groups=["profil"], features=("a", "b"))
    near = {k: list(d["kode_pembanding"]) for k, d in p.groupby("kode")}
    # 11.01 (0, 0): 11.02 at 1/sd_a, 11.03 at 2/sd_a, 11.04 at 3/sd_a
    assert near["11.01"] == ["11.02", "11.03", "11.04"]
    first = p[p["kode"] == "11.01"]
    assert list(first["jarak"]) == pytest.approx([1 / sd_a, 2 / sd_a, 3 / sd_a])
    assert list(first["urutan"]) == [1, 2, 3]
    # 11.03 (2, 0): 11.02 and 11.04 tie at 1/sd_a -> the smaller code first; then 11.01
    assert near["11.03"] == ["11.02", "11.04", "11.01"]
    # 11.02 (1, 0): kota 11.71 (1.5, 2) would be nearest (sqrt(0.5²/sd_a² + 2²/sd_b²) = 0.72 <
    # 1/sd_a = 0.82) but is not a kabupaten
    assert math.hypot(0.5 / sd_a, 2 / sd_b) < 1 / sd_a
    assert near["11.02"] == ["11.01", "11.03", "11.04"]
    # 11.05 (4, 10): 11.04 at hypot(1/sd_a, 10/sd_b)
    assert p[p["kode"] == "11.05"]["jarak"].iloc[0] == pytest.approx(
        math.hypot(1 / sd_a, 10 / sd_b))
    # a kota has one other kota: k is capped at the pool
    assert near["11.71"] == ["11.72"] and near["11.72"] == ["11.71"]
    assert set(p["kunci"]) == {"kabupaten", "kota"}


def test_incomplete_profile_gets_no_peers_and_is_no_peer():
    prof = PROFILE.copy()
    prof.loc[prof["kode"] == "11.02", "a"] = np.nan
    p = cp.peers(PROFILE_REGIONS, prof, k=10, groups=["profil"], features=("a", "b"))
    assert "11.02" not in set(p["kode"]) and "11.02" not in set(p["kode_pembanding"])
    assert len(p[p["kode"] == "11.01"]) == 3


def test_profile_from_panel_and_population():
    panel = pd.DataFrame([("64.02", "ipm", 2020, 73.0), ("64.02", "ipm", 2021, 73.5),
                          ("64.02", "pdrb_per_kapita", 2020, 100_000.0),
                          ("64.03", "ipm", 2020, 72.0),
                          ("64.03", "pdrb_per_kapita", 2020, 50_000.0)],
                         columns=["kode", "variabel", "tahun", "nilai"])
    pop = pd.DataFrame({"kode": ["64.02", "64.03"], "penduduk": [800_000, 300_000],
                        "luas_km2": [27_000.0, 34_000.0]})
    prof = cp.profile(panel, pop, REGIONS)
    kukar = prof.set_index("kode").loc["64.02"]
    # 2021 has no pdrb_per_kapita: the latest common year is 2020
    assert kukar["tahun_profil"] == 2020 and kukar["ipm"] == 73.0
    assert kukar["log_kepadatan"] == pytest.approx(math.log(800_000 / 27_000))
    assert kukar["log_pdrb_per_kapita"] == pytest.approx(math.log(100_000))
    assert prof.set_index("kode").loc["32.01", cp.PROFILE_FEATURES].isna().all()
    with pytest.raises(cp.CompetitivenessInputError, match="does not have both"):
        cp.profile(panel, pop, REGIONS, year=2021)
    with pytest.raises(cp.CompetitivenessInputError, match="penduduk.*not a positive number"):
        cp.profile(panel, pop.assign(penduduk=[0, 1]), REGIONS)


def test_peer_median():
    peers = pd.DataFrame({"kode": ["64.02", "64.02", "64.02"], "kelompok": "profil",
                          "kode_pembanding": ["32.01", "32.02", "64.03"]})
    m = cp.peer_median(make_panel(), peers, variables="ipm")
    # 2020: 70, 72, 73 -> 72; 2021: 70.5, 72.5, 72.0 -> 72.0
    assert list(m["median_kelompok"]) == [72.0, 72.0] and list(m["n_kelompok"]) == [3, 3]
    with pytest.raises(cp.CompetitivenessInputError, match="unknown peer group"):
        cp.peer_median(make_panel(), peers, group="tetangga")


@pytest.mark.parametrize("kwargs,match", [({"k": 0}, "k: 0"), ({"kode": "99.99"}, "99.99"),
                                          ({"groups": ["kota"]}, "unknown peer group"),
                                          ({"profile": pd.concat([PROFILE, PROFILE.iloc[:1]])},
                                           "11.01 appears more than once")])
def test_peers_bad_arguments(kwargs, match):
    kwargs = {"profile": PROFILE, **kwargs}
    with pytest.raises(cp.CompetitivenessInputError, match=match):
        cp.peers(PROFILE_REGIONS, features=("a", "b"), **kwargs)


# ---------------------------------------------------------------- gap trends


def gaps(series: dict, start: int = 2016) -> pd.DataFrame:
    """A daya_saing-like frame: {(kode, variabel, arah): [gap per year from start]}."""
    rows = [(k, v, start + i, g, a) for (k, v, a), gs in series.items()
            for i, g in enumerate(gs) if g is not None]
    return pd.DataFrame(rows, columns=["kode", "variabel", "tahun", "selisih_jawa", "arah"])


def test_gap_trend_by_hand():
    frame = gaps({
        # t - mean = -2..2 (Sxx 10); g - mean(-3.4) = -2.6 -1.6 0.4 1.4 2.4 -> Sxy 13, slope 1.3;
        # residuals 0 -0.3 0.4 0.1 -0.2 -> SSR 0.30, SE sqrt(0.30 / 3 / 10) = 0.1
        ("A", "ipm", cp.HIGHER): [-6, -5, -3, -2, -1],
        ("A", "tpt", cp.LOWER): [-6, -5, -3, -2, -1],      # ahead, the lead shrinking
        ("B", "ipm", cp.HIGHER): [-1, -2, -3, -4, -5],     # exact line: slope -1, SE 0
        # g - 1.6 = -0.6 1.4 -1.6 0.4 0.4 -> Sxy 1.0, slope 0.1; SSR 5.1, SE sqrt(0.17)
        ("C", "ipm", cp.HIGHER): [1, 3, 0, 2, 2],
        # g - 0.1 = -2.1 -1.1 0.4 0.9 1.9 -> Sxy 10, slope 1; SSR 0.2: behind, now ahead
        ("D", "ipm", cp.HIGHER): [-2, -1, 0.5, 1, 2],
        ("E", "ipm", cp.HIGHER): [-4, -3, -2, -1, 0],      # ends on the Java median
        # four years: Sxx 5, Sxy 7, slope 1.4, SSR 0.2, SE sqrt(0.02)
        ("F", "ipm", cp.HIGHER): [-5, -4, -2, -1],
        ("G", "garis_kemiskinan", cp.NEUTRAL): [50, 40, 30, 20, 10],
    })
    t = cp.gap_trend(frame).set_index(["kode", "variabel"])
    a = t.loc[("A", "ipm")]
    assert a["kemiringan"] == pytest.approx(1.3) and a["galat_baku"] == pytest.approx(0.1)
    assert (a["n_tahun"], a["tahun_awal"], a["tahun_akhir"]) == (5, 2016, 2020)
    assert (a["selisih_awal"], a["selisih_akhir"]) == (-6, -1)
    assert a["laju_penyempitan"] == pytest.approx(1.3)
    assert (a["putusan"], a["posisi_akhir"], a["alasan"]) == (cp.CLOSING, "tertinggal", "")
    a_tpt = t.loc[("A", "tpt")]
    assert (a_tpt["putusan"], a_tpt["posisi_akhir"]) == (cp.CLOSING, "unggul")
    b = t.loc[("B", "ipm")]
    assert b["kemiringan"] == pytest.approx(-1) and b["galat_baku"] == pytest.approx(0, abs=1e-12)
    assert (b["putusan"], b["laju_penyempitan"]) == (cp.WIDENING, pytest.approx(-1))
    c = t.loc[("C", "ipm")]
    assert c["kemiringan"] == pytest.approx(0.1)
    assert c["galat_baku"] == pytest.approx(math.sqrt(0.17))
    assert (c["putusan"], c["alasan"]) == (cp.STEADY, "tidak_jelas")
    d = t.loc[("D", "ipm")]
    assert d["kemiringan"] == pytest.approx(1.0)
    assert d["galat_baku"] == pytest.approx(math.sqrt(0.2 / 30))
    assert (d["putusan"], d["posisi_awal"], d["posisi_akhir"], bool(d["berbalik"])) == (
        cp.WIDENING, "tertinggal", "unggul", True)
    e = t.loc[("E", "ipm")]
    assert (e["putusan"], e["posisi_akhir"], bool(e["berbalik"])) == (cp.CLOSING, "sama", False)
    f = t.loc[("F", "ipm")]
    assert f["kemiringan"] == pytest.approx(1.4)
    assert f["galat_baku"] == pytest.approx(math.sqrt(0.02))
    assert (f["putusan"], f["alasan"]) == (cp.STEADY, "tahun_kurang")
    assert cp.gap_trend(frame, min_years=4).loc[lambda x: x["kode"] == "F", "putusan"].item() \
        == cp.CLOSING
    g = t.loc[("G", "garis_kemiskinan")]
    assert (g["putusan"], g["posisi_akhir"]) == (cp.CLOSING, "di_atas")


def test_gap_trend_matches_statsmodels_ols():
    rng = np.random.default_rng(18)
    years = np.arange(2010, 2025)
    series = {(f"{i:02d}.01", "ipm", cp.HIGHER): list(rng.normal(-3 + 0.2 * i, 1.0, 15)
                                                        + 0.1 * i * (years - 2010))
              for i in range(12)}
    series[("05.01", "ipm", cp.HIGHER)][3] = None  # a gap year: 14 points
    t = cp.gap_trend(gaps(series, start=2010)).set_index("kode")
    for (kode, _, _), gs in series.items():
        ok = [i for i, g in enumerate(gs) if g is not None]
        fit = sm.OLS(np.array([gs[i] for i in ok]), sm.add_constant(years[ok])).fit()
        assert t.loc[kode, "kemiringan"] == pytest.approx(fit.params[1], rel=1e-9)
        assert t.loc[kode, "galat_baku"] == pytest.approx(fit.bse[1], rel=1e-9)
        assert t.loc[kode, "n_tahun"] == len(ok)


def test_gap_trend_years_window_and_standing_round_trip():
    t = cp.gap_trend(cp.standing(make_panel(), REGIONS, variables="ipm",
                                 directions=DIRECTIONS)).set_index("kode")
    kukar = t.loc["64.02"]
    assert kukar["n_tahun"] == 2 and kukar["putusan"] == cp.STEADY
    assert kukar["kemiringan"] == pytest.approx((73.2 - 71.5) - 2.5)
    assert math.isnan(kukar["galat_baku"])
    frame = gaps({("A", "ipm", cp.HIGHER): [-6, -5, -3, -2, -1]})
    assert cp.gap_trend(frame, start=2017, end=2019)["n_tahun"].item() == 3
    with pytest.raises(cp.CompetitivenessInputError, match="at least 3"):
        cp.gap_trend(frame, min_years=2)
    with pytest.raises(cp.CompetitivenessInputError, match="missing column"):
        cp.gap_trend(frame.drop(columns="arah"))
