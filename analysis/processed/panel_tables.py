"""Tables of ``data/processed`` built from the BPS panel (2010–2024, 514 kabupaten/kota): the
panel and its regions as read and validated once, and the analyses that take them as frames —
competitiveness (:mod:`analysis.competitiveness`) and the future analysis
(:mod:`analysis.future`).

The raw files are read by two specs only (``panel_bps``, ``wilayah_bps``); every other spec
here names them in ``depends`` and hands their frames to a compute function of an analysis
package, so the graph of what depends on what is the list below. Processed tables use
``kode_kemendagri`` as their regency column (as every table of ``data/processed``); the
analysis packages take and return ``kode``: :func:`to_analysis` and :func:`to_processed`
translate at this boundary. A data directory without the panel gets empty tables.
"""
from __future__ import annotations

import hashlib

import pandas as pd

from analysis import competitiveness as cmp
from analysis import future
from analysis.processed.spec import Sources, TableSpec
from analysis.data import panel as bps_panel

UNIT = "kode_kemendagri"


def to_processed(df: pd.DataFrame) -> pd.DataFrame:
    """An analysis frame (``kode``) as a processed table (``kode_kemendagri``)."""
    return df.rename(columns={"kode": UNIT})


def to_analysis(df: pd.DataFrame) -> pd.DataFrame:
    """A processed table (``kode_kemendagri``) as an analysis frame (``kode``)."""
    return df.rename(columns={UNIT: "kode"})


def _has_panel(src: Sources, files=bps_panel.PANEL_INPUTS) -> bool:
    return bps_panel.has_panel(src.data_dir, files)


def panel_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """The regency panel, long (:func:`analysis.data.panel.read_panel`): one row per regency,
    variable and year with a published value, and the series it belongs to."""
    if not _has_panel(src):
        return pd.DataFrame(columns=[UNIT, *bps_panel.PANEL_COLUMNS[1:]])
    return to_processed(bps_panel.read_panel(src.data_dir))


def regions_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """The 514 regencies of the crosswalk: both codes, kind, 2025 province, Java flag, island
    group (:func:`analysis.data.panel.read_regions`)."""
    if not _has_panel(src, (bps_panel.CROSSWALK_FILE,)):
        return pd.DataFrame(columns=[UNIT, *bps_panel.REGION_COLUMNS[1:]])
    return to_processed(bps_panel.read_regions(src.data_dir))


def competitiveness_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Every regency, variable and year: province rank, province median, the median of Java's
    regencies of the same kind, the gap to it and the national percentile
    (:func:`analysis.competitiveness.standing`)."""
    panel, regions = tables["panel_bps"], tables["wilayah_bps"]
    if panel.empty or regions.empty:
        return pd.DataFrame(columns=[UNIT, *cmp.COLUMNS[1:], *cmp.EXTRA_COLUMNS])
    return to_processed(cmp.standing(to_analysis(panel), to_analysis(regions)))


def population_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Area (BIG 2024) and administrative population (Kemendagri 2025) of the 514 regencies
    (:func:`analysis.data.panel.read_population`), for the nearest-peer profile."""
    if not _has_panel(src, (bps_panel.CROSSWALK_FILE, bps_panel.POPULATION_FILE)):
        return pd.DataFrame(columns=[UNIT, "kode_bps", "luas_km2", "penduduk"])
    return to_processed(bps_panel.read_population(src.data_dir))


def profile_peers_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Each regency's nearest peers by profile (same kind; log population, log density, IPM,
    log PDRB per capita: :func:`analysis.competitiveness.peers`), one row per peer."""
    panel, regions, pop = (tables[n] for n in ("panel_bps", "wilayah_bps", "penduduk_bps"))
    if panel.empty or regions.empty or pop.empty:
        return pd.DataFrame(columns=[UNIT, *cmp.PEER_COLUMNS[1:]])
    regions = to_analysis(regions)
    prof = cmp.profile(to_analysis(panel), to_analysis(pop), regions)
    return to_processed(cmp.peers(regions, prof, groups=("profil",)))


def peer_median_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per regency, variable and year: the median of its profile peers
    (:func:`analysis.competitiveness.peer_median`)."""
    panel, peers = tables["panel_bps"], tables["pembanding_profil"]
    if panel.empty or peers.empty:
        return pd.DataFrame(columns=[UNIT, "variabel", "tahun", "kelompok", "median_kelompok",
                                     "n_kelompok"])
    return to_processed(cmp.peer_median(to_analysis(panel), to_analysis(peers), "profil"))


def gap_trend_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per regency and variable: the trend of the gap to Java's same-kind median over the
    panel's years, closing or widening (:func:`analysis.competitiveness.gap_trend`)."""
    ds = tables["daya_saing"]
    if ds.empty:
        return pd.DataFrame(columns=[UNIT, *cmp.TREND_COLUMNS[1:]])
    return to_processed(cmp.gap_trend(to_analysis(ds)))


#: The last future analysis run by this process: (digest of the panel, its result). The three
#: tables of one run (projections, regencies without one, backtest) are built from one run.
_FUTURE: list = []


def panel_digest(panel: pd.DataFrame) -> str:
    """A digest of a panel frame's content (rows, columns and values)."""
    h = pd.util.hash_pandas_object(panel, index=False).to_numpy().tobytes()
    return hashlib.sha256(h + ",".join(panel.columns).encode()).hexdigest()


def future_result(panel: pd.DataFrame) -> future.FutureResult:
    """:func:`analysis.future.run_future` with its defaults (origin: the panel's last year,
    horizon: ten years on, level 0.8, method chosen by the backtest) on a processed panel;
    computed once per panel content and process."""
    key = panel_digest(panel)
    if not _FUTURE or _FUTURE[0][0] != key:
        _FUTURE[:] = [(key, future.run_future(to_analysis(panel)))]
    return _FUTURE[0][1]


def _future_table(name: str, columns: list[str]):
    def compute(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
        panel = tables["panel_bps"]
        if panel.empty:
            return pd.DataFrame(columns=columns)
        return to_processed(getattr(future_result(panel), name))
    compute.__name__ = compute.__qualname__ = f"future_{name}"
    compute.__doc__ = (f"``{name}`` of the future analysis (:func:`analysis.future.run_future`, "
                       f"default settings) on the BPS panel.")
    return compute


def reach_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per regency and projected variable: the year it would reach its province's median and
    the median of Java's regencies of its kind at its own pace
    (:func:`analysis.future.reach_year`)."""
    panel, regions, proj = tables["panel_bps"], tables["wilayah_bps"], tables["proyeksi"]
    if panel.empty or proj.empty:
        return pd.DataFrame(columns=[UNIT, *future.REACH_COLUMNS[1:]])
    return to_processed(future.reach_year(to_analysis(proj), to_analysis(panel),
                                          to_analysis(regions)))


_CODES = {UNIT: "str", "kode_bps": "str"}

PANEL_TABLES: list[TableSpec] = [
    TableSpec("panel_bps", bps_panel.PANEL_INPUTS, panel_table,
              dtypes={**_CODES, "variabel": "str", "tahun": "int64", "seri": "str"},
              description="BPS panel 2010-2024, long: regency x variable x year (published)"),
    TableSpec("wilayah_bps", (bps_panel.CROSSWALK_FILE,), regions_table,
              dtypes={**_CODES, "kode_bps_2023": "str", "kode_provinsi": "str",
                      "pulau_jawa": "bool"},
              description="crosswalk: Kemendagri and BPS codes, kind, province, Java, island"),
    TableSpec("daya_saing", (), competitiveness_table, depends=("panel_bps", "wilayah_bps"),
              dtypes={UNIT: "str", "variabel": "str", "tahun": "int64",
                      "peringkat_provinsi": "int64", "n_provinsi": "int64",
                      "kode_provinsi": "str", "pulau_jawa": "bool", "unggul_jawa": "boolean",
                      "n_jawa_sejenis": "Int64", "n_pulau": "int64", "n_nasional": "int64"},
              description="competitiveness: province rank, medians, gap to Java, percentile"),
    TableSpec("penduduk_bps", (bps_panel.CROSSWALK_FILE, bps_panel.POPULATION_FILE),
              population_table, dtypes=dict(_CODES),
              description="area (BIG 2024) and population (Kemendagri 2025), 514 regencies"),
    TableSpec("pembanding_profil", (), profile_peers_table,
              depends=("panel_bps", "wilayah_bps", "penduduk_bps"),
              dtypes={UNIT: "str", "kelompok": "str", "kunci": "str", "kode_pembanding": "str",
                      "urutan": "Int64"},
              description="the 10 nearest peers of each regency by profile (same kind)"),
    TableSpec("daya_saing_pembanding", (), peer_median_table,
              depends=("panel_bps", "pembanding_profil"),
              dtypes={UNIT: "str", "variabel": "str", "tahun": "int64", "kelompok": "str",
                      "n_kelompok": "int64"},
              description="median of each regency's profile peers per variable and year"),
    TableSpec("proyeksi", (), _future_table("proyeksi", [UNIT, *future.PROJECTION_COLUMNS[1:]]),
              depends=("panel_bps",),
              dtypes={UNIT: "str", "variabel": "str", "tahun": "int64", "metode": "str",
                      "seri": "str"},
              description="future analysis: projections to ten years on, 80 % intervals"),
    TableSpec("tanpa_proyeksi", (),
              _future_table("tanpa_proyeksi", [UNIT, *future.NO_PROJECTION_COLUMNS[1:]]),
              depends=("panel_bps",), dtypes={UNIT: "str", "variabel": "str"},
              description="regency-variables without a projection, and why"),
    TableSpec("uji_balik", (), _future_table("uji_balik", list(future.BACKTEST_COLUMNS)),
              depends=("panel_bps",), dtypes={"variabel": "str", "metode": "str",
                                              "horizon": "int64"},
              description="rolling-origin backtest: MAE and interval coverage by horizon"),
    TableSpec("proyeksi_capaian", (), reach_table,
              depends=("panel_bps", "wilayah_bps", "proyeksi"),
              dtypes={UNIT: "str", "variabel": "str", "pembanding": "str",
                      "tahun_capai": "Int64", "status": "str"},
              description="when a regency reaches its province and Java medians at its pace"),
    TableSpec("daya_saing_tren", (), gap_trend_table, depends=("daya_saing",),
              dtypes={UNIT: "str", "variabel": "str", "n_tahun": "int64",
                      "tahun_awal": "Int64", "tahun_akhir": "Int64", "berbalik": "boolean"},
              description="trend of the gap to Java's median: closing or widening, how fast"),
]
