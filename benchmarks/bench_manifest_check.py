"""Manifest hash check of a 514-regency run: the raw files are checked against
MANIFEST.yaml once per process and file version (``analysis.data.manifest.check_hashes``),
so checking before each of 514 reports costs a stat per file, not a hash.

Baseline ``rehash_per_regency``: ``verify_manifest`` (hash every file) before each report.
Data: the illustrative national set (seeded), generated into a temporary directory, plus the
shipped data/raw (the larger files). Ends with ``manifest_check: <s> s, <ratio>x vs ...``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from analysis.data import manifest as dm
from analysis.national_data import DEFAULT_SEED, write_national
from analysis.paths import RAW_DIR


def machine(tag: str) -> None:
    print(f"{tag}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--regencies", type=int, default=514)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args()
    machine("start")
    with tempfile.TemporaryDirectory(prefix="bench-manifest-") as tmp:
        data = Path(tmp) / "national"
        write_national(data, seed=args.seed)
        raw = Path(tmp) / "raw"
        shutil.copytree(RAW_DIR, raw)
        for d in (data, raw):
            assert dm.verify_manifest(d) == [], d       # both ways see the same clean data

            def cached(d=d):
                dm._HASHES.clear()                      # a fresh process: the first check
                dm._RECORDED.clear()                    # parses and hashes
                for _ in range(args.regencies):
                    dm.check_hashes(d)

            def naive(d=d):
                for _ in range(args.regencies):
                    assert not dm.verify_manifest(d)
            t_fast, t_base = timed(cached, args.repeat), timed(naive, args.repeat)
            size = sum(p.stat().st_size for p in d.iterdir()) / 1e6
            print(f"{d.name} ({size:.1f} MB): check_hashes x{args.regencies} {t_fast:.2f} s, "
                  f"rehash x{args.regencies} {t_base:.2f} s")
    machine("end")
    print(f"manifest_check: {t_fast:.2f} s, {t_base / t_fast:.0f}x vs rehash_per_regency")


if __name__ == "__main__":
    main()
