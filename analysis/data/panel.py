"""The BPS panel: 514 kabupaten/kota, 2010–2024, read into long frames.

The files ``bps_panel_*.csv`` of a data directory (``data/raw`` ships them; provenance,
licence status, coverage and caveats in ``MANIFEST.yaml`` and ``bps_panel_README.md``):

* ``bps_panel_kabkota_kode.csv`` — the code crosswalk: BPS 2020 code (``kode_bps``, Papua
  under BPS 91/94), the new BPS codes of the Papua regencies after the 2022 split
  (``kode_bps_2023``), Kemendagri 2025 code, kind, provinces 2020 and 2025, Java flag;
* ``bps_panel_ipm_kabkota_2010_2024.csv`` — BPS's IPM "[Metode Baru]" series (old UHH basis)
  and its components;
* ``bps_panel_garis_kemiskinan_kabkota_2010_2024.csv`` — the poverty line;
* ``bps_panel_ekonomi_kabkota_2010_2024.csv`` — TPT (2018–2020), PDRB and PDRB per capita at
  constant 2010 prices (secondary compilations, unverified against BPS tables);
* ``bps_panel_ipm_provinsi_nasional_2010_2024.csv`` — the province and national rows.

The readers validate every file against its schema and the files against each other (every
code in the crosswalk, names as the crosswalk has them, province codes and the Java flag
consistent with the 2025 province); the first broken rule raises
:class:`~analysis.errors.DataValidationError` naming file, row, column, value and rule.
Compute functions never call them: the build stage does and hands the frames on.

:func:`read_panel` (long: ``kode``, ``kode_bps``, ``variabel``, ``tahun``, ``nilai``,
``seri``), :func:`read_regions` (one row per regency) and :func:`read_province_panel` are the
interface the future and competitiveness analyses are written against; :data:`VARIABLES`
describes each variable. The census-based (Long Form SP2020) IPM series is not in these files:
if it is ever added it gets its own ``seri`` and is never mixed with ``ipm_metode_baru``.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.regions import JAVA_PROVINCES, province_code
from analysis.data.schema import Column, Schema, at_rows, read_csv_text, validate_frame
from analysis.errors import DataValidationError, WorkbenchError

CROSSWALK_FILE = "bps_panel_kabkota_kode.csv"
IPM_FILE = "bps_panel_ipm_kabkota_2010_2024.csv"
POVERTY_LINE_FILE = "bps_panel_garis_kemiskinan_kabkota_2010_2024.csv"
ECONOMY_FILE = "bps_panel_ekonomi_kabkota_2010_2024.csv"
PROVINCE_FILE = "bps_panel_ipm_provinsi_nasional_2010_2024.csv"
POPULATION_FILE = "bps_panel_luas_penduduk_kabkota.csv"
README_FILE = "bps_panel_README.md"
#: Raw inputs of a table that uses the published IPM (for the build's input lists).
IPM_INPUTS = (CROSSWALK_FILE, IPM_FILE)
#: Every regency file of the panel (the build's inputs of a table that reads the whole panel).
PANEL_INPUTS = (CROSSWALK_FILE, IPM_FILE, POVERTY_LINE_FILE, ECONOMY_FILE)

SERIES_IPM = "ipm_metode_baru"
#: Per variable: the file and column it comes from, unit, published series, labels, and
#: whether a higher value is better (None: neither, e.g. the poverty line is a price level).
VARIABLES: dict[str, dict] = {
    "ipm": dict(file=IPM_FILE, column="ipm_indeks", unit="indeks", unit_en="index points",
                series=SERIES_IPM, label_id="Indeks Pembangunan Manusia (IPM)",
                label_en="Human Development Index (IPM)", higher_is_better=True),
    "uhh": dict(file=IPM_FILE, column="uhh_tahun", unit="tahun", unit_en="years",
                series=SERIES_IPM, label_id="Umur harapan hidup saat lahir",
                label_en="Life expectancy at birth", higher_is_better=True),
    "hls": dict(file=IPM_FILE, column="hls_tahun", unit="tahun", unit_en="years",
                series=SERIES_IPM, label_id="Harapan lama sekolah",
                label_en="Expected years of schooling", higher_is_better=True),
    "rls": dict(file=IPM_FILE, column="rls_tahun", unit="tahun", unit_en="years",
                series=SERIES_IPM, label_id="Rata-rata lama sekolah",
                label_en="Mean years of schooling", higher_is_better=True),
    "pengeluaran": dict(file=IPM_FILE,
                        column="pengeluaran_disesuaikan_ribu_rp_per_orang_per_tahun",
                        unit="ribu rupiah per orang per tahun",
                        unit_en="thousand rupiah per person per year", series=SERIES_IPM,
                        label_id="Pengeluaran per kapita disesuaikan",
                        label_en="Adjusted per-capita expenditure", higher_is_better=True),
    "garis_kemiskinan": dict(file=POVERTY_LINE_FILE,
                             column="garis_kemiskinan_rp_per_kapita_per_bulan",
                             unit="rupiah per kapita per bulan",
                             unit_en="rupiah per capita per month", series="garis_kemiskinan",
                             label_id="Garis kemiskinan", label_en="Poverty line",
                             higher_is_better=None),
    "tpt": dict(file=ECONOMY_FILE, column="tpt_agustus_persen", unit="persen",
                unit_en="percent", series="tpt",
                label_id="Tingkat pengangguran terbuka (Agustus)",
                label_en="Open unemployment rate (August)", higher_is_better=False),
    "pdrb": dict(file=ECONOMY_FILE, column="pdrb_adhk2010_miliar_rp",
                 unit="miliar rupiah (ADHK 2010)", unit_en="billion rupiah (constant 2010)",
                 series="pdrb_adhk2010", label_id="PDRB atas dasar harga konstan 2010",
                 label_en="GRDP at constant 2010 prices", higher_is_better=True),
    "pdrb_per_kapita": dict(file=ECONOMY_FILE, column="pdrb_per_kapita_adhk2010_ribu_rp",
                            unit="ribu rupiah (ADHK 2010)",
                            unit_en="thousand rupiah (constant 2010)", series="pdrb_adhk2010",
                            label_id="PDRB per kapita atas dasar harga konstan 2010",
                            label_en="GRDP per capita at constant 2010 prices",
                            higher_is_better=True),
}
#: Variables of the province and national file, and the column each comes from.
PROVINCE_VARIABLES = {"ipm": "ipm_indeks",
                      "pengeluaran": "pengeluaran_disesuaikan_ribu_rp_per_orang_per_tahun",
                      "garis_kemiskinan": "garis_kemiskinan_rp_per_kapita_per_bulan"}
#: Island groups by Kemendagri province code (first two digits of the regency code).
ISLAND_GROUPS = (("Sumatera", 11, 21), ("Jawa", 31, 36), ("Bali-Nusa Tenggara", 51, 53),
                 ("Kalimantan", 61, 65), ("Sulawesi", 71, 76), ("Maluku", 81, 82),
                 ("Papua", 91, 96))

PANEL_COLUMNS = ["kode", "kode_bps", "variabel", "tahun", "nilai", "seri"]
REGION_COLUMNS = ["kode", "kode_bps", "kode_bps_2023", "nama", "jenis", "kode_provinsi",
                  "provinsi", "pulau_jawa", "pulau"]
PROVINCE_COLUMNS = ["kode_provinsi_bps", "nama", "variabel", "tahun", "nilai", "catatan"]

_BPS = r"[0-9]{4}"
_YEAR = Column("tahun", "int", min=1990, max=2100)


def _value(name: str, low: float, high: float) -> Column:
    return Column(name, "float", nullable=True, min=low, max=high)


CROSSWALK = Schema(
    "bps_panel_kabkota_kode",
    (Column("kode_bps", "code", pattern=_BPS, unique=True),
     Column("kode_bps_2023", "code", pattern=_BPS, unique=True),
     Column("nama"), Column("jenis", allowed=("kabupaten", "kota")),
     Column("kode_provinsi_bps", "code", pattern=r"[0-9]{2}"),
     Column("provinsi_2020"), Column("provinsi_2025"),
     Column("pulau_jawa", allowed=("True", "False")),
     Column("kode_kemendagri", "code", pattern=r"[0-9]{2}\.[0-9]{2}", unique=True),
     Column("nama_kemendagri"), Column("nama_bps_2020"),
     Column("kode_kemendagri_2020_tanpa_titik", "code", pattern=_BPS)),
    description="BPS 2020 / BPS 2023 / Kemendagri 2025 codes of the 514 kabupaten/kota",
)
IPM = Schema(
    "bps_panel_ipm_kabkota",
    (Column("kode_bps", "code", pattern=_BPS), Column("nama"), _YEAR,
     _value("ipm_indeks", 0.0, 100.0), _value("uhh_tahun", 20.0, 85.0),
     _value("hls_tahun", 0.0, 25.0), _value("rls_tahun", 0.0, 25.0),
     _value("pengeluaran_disesuaikan_ribu_rp_per_orang_per_tahun", 0.0, 1_000_000.0)),
    unique_together=(("kode_bps", "tahun"),),
    description="BPS IPM [Metode Baru] and its components per kabupaten/kota and year",
)
POVERTY_LINE = Schema(
    "bps_panel_garis_kemiskinan_kabkota",
    (Column("kode_bps", "code", pattern=_BPS), Column("nama"), _YEAR,
     _value("garis_kemiskinan_rp_per_kapita_per_bulan", 0.0, 100_000_000.0)),
    unique_together=(("kode_bps", "tahun"),),
    description="BPS poverty line per kabupaten/kota and year",
)
ECONOMY = Schema(
    "bps_panel_ekonomi_kabkota",
    (Column("kode_bps", "code", pattern=_BPS), Column("nama"), _YEAR,
     _value("tpt_agustus_persen", 0.0, 100.0),
     _value("pdrb_adhk2010_miliar_rp", 0.0, 1e9),
     _value("pdrb_per_kapita_adhk2010_ribu_rp", 0.0, 1e9)),
    unique_together=(("kode_bps", "tahun"),),
    description="TPT (August), PDRB and PDRB per capita (constant 2010) per kabupaten/kota",
)
PROVINCE = Schema(
    "bps_panel_ipm_provinsi_nasional",
    (Column("kode_provinsi_bps", "code", pattern=r"[0-9]{2}"), Column("nama"), _YEAR,
     _value("ipm_indeks", 0.0, 100.0),
     _value("pengeluaran_disesuaikan_ribu_rp_per_orang_per_tahun", 0.0, 1_000_000.0),
     _value("garis_kemiskinan_rp_per_kapita_per_bulan", 0.0, 100_000_000.0),
     Column("catatan", nullable=True)),
    unique_together=(("kode_provinsi_bps", "tahun"),),
    description="BPS province and national (kode 00) rows: IPM, expenditure, poverty line",
)
POPULATION = Schema(
    "bps_panel_luas_penduduk_kabkota",
    (Column("kode_bps", "code", pattern=_BPS, unique=True), Column("nama"),
     Column("kode_kemendagri", "code", pattern=r"[0-9]{2}\.[0-9]{2}", unique=True),
     Column("luas_km2_big2024", "float", min=0.1, max=1_000_000.0),
     Column("penduduk_jiwa_kemendagri2025", "float", min=1.0, max=100_000_000.0)),
    description="area (BIG 2024) and administrative population (Kemendagri 2025), one year",
)
SCHEMAS = {CROSSWALK_FILE: CROSSWALK, IPM_FILE: IPM, POVERTY_LINE_FILE: POVERTY_LINE,
           ECONOMY_FILE: ECONOMY, PROVINCE_FILE: PROVINCE, POPULATION_FILE: POPULATION}


class PanelMissingError(WorkbenchError):
    """The data directory holds no (complete) BPS panel."""


def has_panel(data_dir, files=IPM_INPUTS) -> bool:
    """True when the data directory holds every one of ``files`` (default: what the published
    IPM needs: the crosswalk and the IPM file)."""
    d = Path(data_dir)
    return all((d / f).is_file() for f in files)


def _read(d: Path, name: str) -> tuple[pd.DataFrame, list[int], Path]:
    """One panel file validated against its schema; the file row of each data row."""
    path = d / name
    if not path.is_file():
        raise PanelMissingError(
            f"{path}: missing; the BPS panel needs {', '.join(sorted(SCHEMAS))} in {d} (the "
            f"project ships them in data/raw with their MANIFEST.yaml entries)")
    raw = read_csv_text(path)
    rows = raw.attrs.get("rows") or list(range(2, len(raw) + 2))
    try:
        df = validate_frame(raw, SCHEMAS[name], path)
    except DataValidationError as exc:
        raise at_rows(exc, raw.attrs.get("rows")) from None
    return df, rows, path


def _check_crosswalk(cw: pd.DataFrame, rows: list[int], path: Path) -> None:
    """Codes and flags that must agree within a crosswalk row."""
    java = {province_code(p) for p in JAVA_PROVINCES}
    for i, r in enumerate(cw.itertuples(index=False)):
        if r.kode_bps[:2] != r.kode_provinsi_bps:
            raise DataValidationError(
                path, f"the BPS code does not start with its province code "
                      f"{r.kode_provinsi_bps!r}", rows[i], "kode_bps", r.kode_bps)
        prov = province_code(r.provinsi_2025)
        if prov is None:
            raise DataValidationError(path, "not a known province name", rows[i],
                                      "provinsi_2025", r.provinsi_2025)
        if r.kode_kemendagri[:2] != prov:
            raise DataValidationError(
                path, f"the Kemendagri code is not in the 2025 province {r.provinsi_2025} "
                      f"(code {prov})", rows[i], "kode_kemendagri", r.kode_kemendagri)
        if (r.pulau_jawa == "True") != (prov in java):
            raise DataValidationError(
                path, f"the Java flag disagrees with the 2025 province {r.provinsi_2025} "
                      f"(Java = DKI Jakarta, Jawa Barat, Jawa Tengah, DI Yogyakarta, Jawa "
                      f"Timur, Banten)", rows[i], "pulau_jawa", r.pulau_jawa)


def _crosswalk(d: Path) -> pd.DataFrame:
    cw, rows, path = _read(d, CROSSWALK_FILE)
    _check_crosswalk(cw, rows, path)
    return cw


def read_crosswalk(data_dir) -> pd.DataFrame:
    """The code crosswalk as the file has it (every column, codes as text), validated."""
    return _crosswalk(Path(data_dir))


def _check_against_crosswalk(df: pd.DataFrame, rows: list[int], path: Path,
                             cw: pd.DataFrame) -> None:
    """Every code of a data file is in the crosswalk, under the crosswalk's name."""
    names = dict(zip(cw["kode_bps"], cw["nama"]))
    for i, (code, nama) in enumerate(zip(df["kode_bps"], df["nama"])):
        if code not in names:
            raise DataValidationError(path, f"BPS code not in the crosswalk {CROSSWALK_FILE}",
                                      rows[i], "kode_bps", code)
        if nama != names[code]:
            raise DataValidationError(
                path, f"name differs from the crosswalk's {names[code]!r} for BPS code {code} "
                      f"(a shifted row?)", rows[i], "nama", nama)


def _long(df: pd.DataFrame, variables: dict[str, str], keys: list[str]) -> pd.DataFrame:
    """Wide value columns → one row per key and variable; empty cells are no row."""
    out = df.melt(id_vars=keys, value_vars=list(variables.values()), var_name="_col",
                  value_name="nilai")
    out["variabel"] = out["_col"].map({c: v for v, c in variables.items()})
    out = out[out["nilai"].notna()].drop(columns="_col")
    out["nilai"] = out["nilai"].astype(float)
    out["tahun"] = out["tahun"].astype(int)
    return out


def read_panel(data_dir, variables=None) -> pd.DataFrame:
    """The regency panel, long: one row per regency, variable and year with a published value.

    Columns :data:`PANEL_COLUMNS`: ``kode`` (Kemendagri 2025, text), ``kode_bps`` (BPS 2020,
    text), ``variabel`` (a key of :data:`VARIABLES`), ``tahun`` (int), ``nilai`` (float, never
    NaN: a value the sources do not give is no row) and ``seri`` (the published series, e.g.
    ``ipm_metode_baru``). ``variables`` limits the variables (and the files read); default all.
    Sorted by ``kode``, ``variabel``, ``tahun``.
    """
    wanted = list(VARIABLES) if variables is None else list(variables)
    unknown = [v for v in wanted if v not in VARIABLES]
    if unknown:
        raise WorkbenchError(f"unknown panel variable(s) {unknown}; known: {list(VARIABLES)}")
    d = Path(data_dir)
    cw = _crosswalk(d)
    frames = []
    for name in dict.fromkeys(VARIABLES[v]["file"] for v in wanted):
        df, rows, path = _read(d, name)
        _check_against_crosswalk(df, rows, path, cw)
        cols = {v: VARIABLES[v]["column"] for v in wanted if VARIABLES[v]["file"] == name}
        frames.append(_long(df, cols, ["kode_bps", "tahun"]))
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "kode", out["kode_bps"].map(dict(zip(cw["kode_bps"], cw["kode_kemendagri"]))))
    out["seri"] = out["variabel"].map({v: VARIABLES[v]["series"] for v in VARIABLES})
    out = out[PANEL_COLUMNS].sort_values(["kode", "variabel", "tahun"], kind="stable")
    return out.reset_index(drop=True)


def island_group(kode_provinsi: str) -> str:
    """Island group of a Kemendagri province code (``'64'`` → ``'Kalimantan'``)."""
    n = int(kode_provinsi)
    for name, low, high in ISLAND_GROUPS:
        if low <= n <= high:
            return name
    raise ValueError(f"province code {kode_provinsi!r} is in no island group")


def read_regions(data_dir) -> pd.DataFrame:
    """One row per regency of the crosswalk (:data:`REGION_COLUMNS`): codes as text (Kemendagri
    2025 ``kode``, BPS 2020 ``kode_bps``, BPS after the Papua split ``kode_bps_2023``), the
    Kemendagri name, ``jenis`` (``kabupaten``/``kota``; Kepulauan Seribu is a kabupaten),
    the 2025 province (code and name), ``pulau_jawa`` (bool) and the island group ``pulau``."""
    cw = _crosswalk(Path(data_dir))
    out = pd.DataFrame({
        "kode": cw["kode_kemendagri"], "kode_bps": cw["kode_bps"],
        "kode_bps_2023": cw["kode_bps_2023"], "nama": cw["nama_kemendagri"],
        "jenis": cw["jenis"], "kode_provinsi": cw["kode_kemendagri"].str[:2],
        "provinsi": cw["provinsi_2025"], "pulau_jawa": cw["pulau_jawa"].eq("True")})
    out["pulau"] = out["kode_provinsi"].map(island_group)
    return out[REGION_COLUMNS].sort_values("kode", kind="stable").reset_index(drop=True)


def read_population(data_dir) -> pd.DataFrame:
    """Area and population of the 514 regencies, one point in time: ``kode`` (Kemendagri
    2025), ``kode_bps``, ``luas_km2`` (BIG 2024) and ``penduduk`` (Kemendagri/Dukcapil 2025,
    administrative, not BPS). Codes are checked against the crosswalk, both ways."""
    d = Path(data_dir)
    cw = _crosswalk(d)
    df, rows, path = _read(d, POPULATION_FILE)
    _check_against_crosswalk(df, rows, path, cw)
    kemendagri = dict(zip(cw["kode_bps"], cw["kode_kemendagri"]))
    for i, (bps, kode) in enumerate(zip(df["kode_bps"], df["kode_kemendagri"])):
        if kemendagri[bps] != kode:
            raise DataValidationError(
                path, f"Kemendagri code differs from the crosswalk's {kemendagri[bps]!r} for "
                      f"BPS code {bps}", rows[i], "kode_kemendagri", kode)
    return pd.DataFrame({"kode": df["kode_kemendagri"], "kode_bps": df["kode_bps"],
                         "luas_km2": df["luas_km2_big2024"].astype(float),
                         "penduduk": df["penduduk_jiwa_kemendagri2025"].astype(float)}
                        ).sort_values("kode", kind="stable").reset_index(drop=True)


def read_province_panel(data_dir) -> pd.DataFrame:
    """Province and national rows, long (:data:`PROVINCE_COLUMNS`): ``kode_provinsi_bps``
    (BPS province code, text; ``"00"`` = INDONESIA), ``nama`` as BPS prints it, ``variabel``
    (``ipm``, ``pengeluaran``, ``garis_kemiskinan``), ``tahun``, ``nilai`` and ``catatan``
    ('' when none; PAPUA and PAPUA BARAT from 2022 are the provinces left after the split)."""
    df, _, _ = _read(Path(data_dir), PROVINCE_FILE)
    df["catatan"] = df["catatan"].fillna("").astype(str)
    out = _long(df, PROVINCE_VARIABLES, ["kode_provinsi_bps", "nama", "tahun", "catatan"])
    out = out[PROVINCE_COLUMNS].sort_values(["kode_provinsi_bps", "variabel", "tahun"],
                                            kind="stable")
    return out.reset_index(drop=True)


def published_ipm(panel: pd.DataFrame, year: int) -> pd.Series:
    """BPS's published IPM ([Metode Baru]) of ``year`` by Kemendagri code, from a
    :func:`read_panel` frame."""
    sel = panel[(panel["variabel"] == "ipm") & (panel["tahun"] == int(year))]
    return pd.Series(sel["nilai"].to_numpy(dtype=float), index=sel["kode"].to_numpy(),
                     name=f"ipm_{year}")


def with_published_ipm(profiles: pd.DataFrame, panel: pd.DataFrame, year: int = 2021,
                       column: str | None = None) -> pd.DataFrame:
    """``profiles`` (rows keyed by ``kode_kemendagri``) with ``column`` (default
    ``ipm_<year>``) taken from BPS's published IPM of ``year`` in ``panel`` instead of the
    value the profile table carries. Only rows that state a value are replaced (a profile
    vintage without IPM stays without); a regency the panel has no value for keeps its own.
    ``attrs['ipm_published']`` counts the rows replaced and ``attrs['ipm_max_change']`` is the
    largest absolute change."""
    column = column or f"ipm_{year}"
    out = profiles.copy()
    pub = out["kode_kemendagri"].map(published_ipm(panel, year))
    stated = pd.to_numeric(out[column], errors="coerce")
    take = stated.notna() & pub.notna()
    change = (pub[take] - stated[take]).abs()
    out[column] = stated.where(~take, pub)
    out.attrs["ipm_published"] = int(take.sum())
    out.attrs["ipm_max_change"] = float(change.max()) if len(change) else np.nan
    return out


def profiles_with_published_ipm(profiles: pd.DataFrame, data_dir,
                                year: int = 2021) -> pd.DataFrame:
    """:func:`with_published_ipm` when the data directory holds the panel (the crosswalk and
    the IPM file), else ``profiles`` unchanged (a directory of one's own data, the generated
    national set)."""
    if not has_panel(data_dir):
        return profiles
    return with_published_ipm(profiles, read_panel(data_dir, ["ipm"]), year)
