#!/usr/bin/env python
"""Convert the kabupaten/kota boundaries (cahyadsn/wilayah_boundaries, MIT) into shipped data.

Reads ``wilayah_boundaries_kab_*.sql`` (plain-text MySQL INSERTs, points [lat, lng]; parsed as
text, nothing evaluated) and writes ``data/raw/batas_kabkota.geojson``: one FeatureCollection of
the 514 kabupaten/kota, [lng, lat], properties ``kode_kemendagri`` and ``nama``, geometries
repaired (``make_valid``), simplified (tolerance 0.002° ≈ 200 m, topology kept within each shape)
and rounded to 4 decimals (≈ 11 m). The MIT notice is copied beside it as
``data/raw/batas_kabkota.LICENSE``. Run once; then update ``data/raw/MANIFEST.yaml``'s sha256.

Usage::

    .venv/bin/python scripts/convert_boundaries.py [--src ../shared/geo/kabupaten_kota]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.data.geo_convert import dumps, feature_collection, read_dumps  # noqa: E402
from analysis.io import write_text  # noqa: E402

DEFAULT_SRC = ROOT.parent / "shared" / "geo" / "kabupaten_kota"
OUT = ROOT / "data" / "raw" / "batas_kabkota.geojson"
LICENSE_OUT = ROOT / "data" / "raw" / "batas_kabkota.LICENSE"


def main(argv=None) -> int:
    """Parse arguments, convert, write both files atomically."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder of the .sql dumps")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--tolerance", type=float, default=0.002, help="simplification, degrees")
    ap.add_argument("--decimals", type=int, default=4)
    args = ap.parse_args(argv)
    rows = read_dumps(args.src)
    text = dumps(feature_collection(rows, args.tolerance, args.decimals))
    write_text(args.out, text)
    licence = (args.src / "LICENSE").read_text(encoding="utf-8")
    write_text(args.out.with_suffix(".LICENSE"),
               "Boundaries derived from cahyadsn/wilayah_boundaries (db/kab, commit "
               "3c5a7960f4d227a38489094d84252bdbb3f978a5).\n\n" + licence)
    print(f"{args.out}: {len(rows)} features, {len(text.encode()) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
