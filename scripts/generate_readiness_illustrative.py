#!/usr/bin/env python
"""Generate ILLUSTRATIVE item-level readiness assessments (not real data).

Writes ``data/raw/readiness_assessment_illustrative.csv``: one row per regency × item of the
``readiness-6pilar`` framework (every regency of ``data/raw/profil_wilayah.csv`` × 54 items),
columns ``kode_kemendagri, nama, kode_butir, skor, ilustratif``. No regency was assessed: the
scores are drawn from a seeded model so the readiness notebook and report have something
plausible to show. Every output built from them says so.

The model uses NO real variable: only the list of regencies (code and name) and their province
(the first two digits of the Kemendagri code) for regional structure. The scores therefore carry
no information about any regency; any correlation with IPM, Kominfo scores or other data is
chance (checked in tests/test_readiness.py: |Spearman| < 0.2 with IPM 2021 and the 2023 final).

Model (on a latent 0–1 scale, then ``skor = round(1 + 3·latent)`` clipped to the integers 1–4,
the answers an assessor gives with the framework's rubric):

* regency level ``0.50 + province effect N(0, 0.08) + regency effect N(0, 0.14)`` (a seeded
  random-effects model: regencies of one province resemble each other, nothing else);
* pillar effect per regency ``N(0, 0.07)``; element effect ``struktur 0, infrastruktur −0.05,
  suprastruktur +0.04`` (regulations are quicker to adopt than infrastructure to build) plus a
  regency × element effect ``N(0, 0.05)``; item noise ``N(0, 0.12)``.

Usage::

    .venv/bin/python scripts/generate_readiness_illustrative.py            # write the file
    .venv/bin/python scripts/generate_readiness_illustrative.py --check    # regenerate, compare

Seed 20240603 (``--seed``); the same seed and inputs give byte-identical output.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.data.raw_tables import load_profiles  # noqa: E402
from analysis.frameworks import load_framework  # noqa: E402
from analysis.io import write_csv  # noqa: E402
from analysis.paths import RAW_DIR, raw_dir  # noqa: E402

SEED = 20240603
OUT_NAME = "readiness_assessment_illustrative.csv"
ELEMENT_EFFECT = {"struktur": 0.0, "infrastruktur": -0.05, "suprastruktur": 0.04}


PROVINCE_SD, REGENCY_SD = 0.08, 0.14


def regency_levels(codes: pd.Series, rng) -> np.ndarray:
    """Latent readiness per regency: 0.5 + a random province effect + a random regency effect.

    Only the province (first two digits of the code) enters; no measured variable does."""
    prov = codes.astype(str).str[:2]
    names = sorted(prov.unique())
    effect = dict(zip(names, rng.normal(0, PROVINCE_SD, len(names))))
    return 0.50 + prov.map(effect).to_numpy(float) + rng.normal(0, REGENCY_SD, len(codes))


def generate(seed: int = SEED, data_dir=None) -> pd.DataFrame:
    """The illustrative long table (deterministic for a seed and the input files)."""
    rng = np.random.default_rng(seed)
    fw = load_framework("readiness-6pilar")
    prof = load_profiles(raw_dir(data_dir)).sort_values("kode_kemendagri").reset_index(drop=True)
    level = regency_levels(prof["kode_kemendagri"], rng)
    items = fw.leaves
    pillars = sorted({fw.nodes[i].attrs["pillar"] for i in items})
    elements = list(ELEMENT_EFFECT)
    n = len(prof)
    p_eff = dict(zip(pillars, rng.normal(0, 0.07, (len(pillars), n))))
    e_eff = dict(zip(elements, rng.normal(0, 0.05, (len(elements), n))))
    rows = []
    for j, item in enumerate(items):
        a = fw.nodes[item].attrs
        latent = (level + p_eff[a["pillar"]] + ELEMENT_EFFECT[a["element"]] + e_eff[a["element"]]
                  + rng.normal(0, 0.12, n))
        score = np.clip(np.rint(1 + 3 * np.clip(latent, 0, 1)), 1, 4).astype(int)
        rows.append(pd.DataFrame({"kode_kemendagri": prof["kode_kemendagri"], "nama": prof["nama"],
                                  "kode_butir": item, "skor": score, "_order": j}))
    out = pd.concat(rows, ignore_index=True).sort_values(["kode_kemendagri", "_order"])
    out["ilustratif"] = "ya"
    return out.drop(columns="_order").reset_index(drop=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--data-dir", default=None, help="raw-data directory with the inputs")
    ap.add_argument("--out", default=str(RAW_DIR / OUT_NAME))
    ap.add_argument("--check", action="store_true",
                    help="regenerate and compare with --out instead of writing")
    args = ap.parse_args(argv)
    df = generate(args.seed, args.data_dir)
    if args.check:
        same = Path(args.out).read_text(encoding="utf-8") == df.to_csv(index=False)
        print(f"{args.out}: {'identical' if same else 'DIFFERS'} ({len(df)} rows)")
        return 0 if same else 1
    write_csv(args.out, df)
    print(f"wrote {args.out}: {df.kode_kemendagri.nunique()} regencies x "
          f"{df.kode_butir.nunique()} items = {len(df)} rows (ILLUSTRATIVE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
