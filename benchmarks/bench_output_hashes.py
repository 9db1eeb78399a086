"""What checking the build's outputs costs: every processed table is read with its bytes checked
against the sha256 ``build.json`` recorded when the build wrote it (a hand-edited table is never
used), and a build with nothing to do hashes every output before it skips it.

Builds the shipped data once into a temporary directory, then times (median of ``--repeat``):

* ``load_tables`` (checked: one read per file serves the hash and the parse) against the same
  reads without the check (the baseline, the reader before outputs were hashed);
* a build with nothing to do (every output hashed and compared) against the same build with the
  old skip test (the output file exists).

Both ways must give the same tables. The last line is
``output_hashes_load: <s> s, <ratio>x vs unchecked_read``.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.processed import engine, store  # noqa: E402
from analysis.processed.project import build_processed  # noqa: E402


def _load() -> str:
    return f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}"


def unchecked_tables(out: Path) -> dict[str, pd.DataFrame]:
    """The tables read as before outputs were hashed (no check)."""
    tables = {}
    for name, e in store.read_state(out)["tables"].items():
        if e.get("fmt", "csv") != "csv":
            continue
        dtypes = e.get("dtypes", {})
        strs = {c: str for c, t in dtypes.items() if t == "str"}
        if e.get("per_regency"):
            parts = [pd.read_csv(out / name / f"{c}.csv", dtype=strs)
                     for c in sorted(e["partitions"])]
            parts = [p for p in parts if not p.empty]
            df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
                columns=list(dtypes))
        else:
            df = pd.read_csv(io.BytesIO((out / e["file"]).read_bytes()), dtype=strs)
        tables[name] = store._typed(df, dtypes)
    return tables


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=7, help="repetitions (median; default 7)")
    args = ap.parse_args()
    print(f"start: {_load()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "processed"
        t0 = time.perf_counter()
        build_processed(None, out)
        files = [p for p in out.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        print(f"full build of the shipped data: {time.perf_counter() - t0:.1f} s, "
              f"{len(files)} files, {size / 1e6:.1f} MB")
        checked, plain = store.load_tables(out), unchecked_tables(out)
        assert checked.keys() == plain.keys()
        for name in checked:
            pd.testing.assert_frame_equal(checked[name], plain[name])
        plain_t, checked_t = [], []
        for _ in range(args.repeat):          # interleaved, as below
            plain_t.append(median_time(lambda: unchecked_tables(out), 1))
            checked_t.append(median_time(lambda: store.load_tables(out), 1))
        t_plain, t_checked = statistics.median(plain_t), statistics.median(checked_t)
        print(f"load_tables: checked {t_checked * 1000:.1f} ms, unchecked "
              f"{t_plain * 1000:.1f} ms ({(t_checked - t_plain) * 1000:+.1f} ms)")
        old_skip = mock.patch.object(engine, "_intact", lambda path, recorded: path.is_file())
        hashed, existence = [], []
        for _ in range(args.repeat):          # interleaved: a busy moment hits both alike
            hashed.append(median_time(lambda: build_processed(None, out), 1))
            with old_skip:
                existence.append(median_time(lambda: build_processed(None, out), 1))
        t_noop, t_noop_old = statistics.median(hashed), statistics.median(existence)
        t_hash = median_time(lambda: [engine.sha256_file(p) for p in files], args.repeat)
        print(f"sha256 of every output ({len(files)} files): {t_hash * 1000:.1f} ms")
        print(f"build with nothing to do: outputs hashed {t_noop * 1000:.1f} ms, existence only "
              f"{t_noop_old * 1000:.1f} ms ({(t_noop - t_noop_old) * 1000:+.1f} ms)")
    print(f"end: {_load()}")
    print(f"output_hashes_load: {t_checked:.4f} s, {t_plain / t_checked:.2f}x vs unchecked_read")


if __name__ == "__main__":
    main()
