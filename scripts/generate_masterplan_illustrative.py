#!/usr/bin/env python
"""Generate ILLUSTRATIVE masterplan tables for Kutai Kartanegara (64.02) and Katingan (62.06).

No public risk registers, SWOT tables or realisation data exist for these regencies. These files
are made up, grounded in what is known (``../shared/DOMAIN.md`` §1), so the risk, SWOT and
progress analyses have something plausible to show. Every row carries ``illustrative = yes``
and every output built from them says ILLUSTRATIVE.

Grounding:

* Kukar's 2021 quick wins (Idaman RT governance, Simpel BPJS living, Kukar Asia Wonders
  branding, UMKM economy, Bank Sampah environment, Kelompok Informasi Masyarakat society) are
  the quick-win programmes and the subjects of the 2021 register (Kominfo form, scale 1–3);
* Kukar's programme table has one programme per agency and pillar with the 2023 evaluation's
  agency counts (governance 10, branding 3, economy 8, living 10, society 7, environment 4);
* the 2020 briefing's example risk, an internet outage that stops the innovation services, is
  risk R01 of both Kukar registers (2021 and 2023, the 2023 one on the PANRB 5 × 5 scale);
* Katingan (2022 cohort): a SWOT of the six pillars in 2022 with local-wisdom factors (Huma
  Betang, river transport, Sebangau), action plans per agency from 2023, a 2023 register (5 × 5).

Hand-written (``scripts/masterplan_illustrative_content.py``): risks, factors, programmes,
agencies, likelihood/impact levels, the strategy chapter (factor codes ``GOV-S1`` by pillar,
type and position; TOWS strategies pairing them, in the SWOT's year; the strategy each
programme carries out; maturity targets per pillar). Drawn from a seeded generator (``--seed``,
default 20240605): SWOT weights (normalised, two decimals, summing to exactly 1.00 per side) and
ratings, programme start delays, statuses and budgets;
from a second generator seeded ``[seed, 23]`` (so the first one's draws, and the files made from
them, stay as they were): the four priority criteria (1–5) of every programme.

Writes into ``data/raw/``: ``risk_register_64.02_2021``, ``risk_register_64.02_2023``,
``risk_register_62.06_2023``, ``swot_factors_64.02``, ``swot_factors_62.06`` (each .csv and
.xlsx), ``programmes_<code>.csv`` + ``realisation_<code>.csv`` and ``programmes_<code>.xlsx``
(sheets Program and Realisasi), ``strategies_<code>.csv`` and ``maturity_targets_<code>.csv``
(CSV only). The XLSX files use the template layout of ``workbench template`` (Indonesian
headers, drop-down lists, sheet Petunjuk) and are byte-stable. Usage::

    .venv/bin/python scripts/generate_masterplan_illustrative.py          # write the files
    .venv/bin/python scripts/generate_masterplan_illustrative.py --check  # compare, write nothing
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.io import write_csv  # noqa: E402
from analysis.paths import RAW_DIR  # noqa: E402
from analysis.masterplan.template_writer import write_workbook  # noqa: E402
from analysis.data.template_tables import FIELDS  # noqa: E402
from scripts.masterplan_illustrative_content import (  # noqa: E402
    KATINGAN, KUKAR, KUKAR_2021, KUKAR_2023, KATINGAN_2023, RISK_COLS, SWOT_FACTORS, SWOT_YEAR,
    SWOT_BIAS, KUKAR_PROGRAMMES, KUKAR_QUICK_WINS, KATINGAN_PROGRAMMES, FACTOR_PREFIX,
    STRATEGIES, PROGRAMME_STRATEGY, TARGETS)

NOTE = "Dibuat oleh scripts/generate_masterplan_illustrative.py (seed {seed}); bukan data resmi."

def risk_frame(rows, code: str, year: int, scale: str) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=RISK_COLS)
    for c in ("residual_likelihood", "residual_impact"):
        df[c] = df[c].astype("Int64")
    df.insert(0, "year", year)
    df.insert(0, "regency", code)
    df["scale"] = scale
    df["illustrative"] = "yes"
    return df


def _weights(rng, n: int) -> list[float]:
    """n weights of two decimals summing to exactly 1.00."""
    raw = rng.uniform(0.6, 1.4, n)
    cents = np.floor(raw / raw.sum() * 100).astype(int)
    cents[np.argsort(-(raw / raw.sum() * 100 - cents))[: 100 - cents.sum()]] += 1
    return [c / 100 for c in cents]


def swot_frame(code: str, rng) -> pd.DataFrame:
    rows = []
    for pillar, lists in SWOT_FACTORS[code].items():
        for side in ((0, 1), (2, 3)):
            factors = [(t, f, f"{FACTOR_PREFIX[pillar]}-{t}{i + 1}") for k in side
                       for i, (t, f) in enumerate(zip(["SWOT"[k]] * len(lists[k]), lists[k]))]
            for (t, f, fc), w in zip(factors, _weights(rng, len(factors))):
                mean = SWOT_BIAS[pillar]["SWOT".index(t)]
                rating = int(np.clip(np.rint(mean + rng.normal(0, 0.4)), 1, 4))
                rows.append({"regency": code, "year": SWOT_YEAR[code], "pillar": pillar,
                             "type": t, "factor": f, "weight": w, "rating": rating,
                             "factor_code": fc, "illustrative": "yes"})
    return pd.DataFrame(rows)


def strategy_frame(code: str) -> pd.DataFrame:
    return pd.DataFrame([{"regency": code, "year": SWOT_YEAR[code], "strategy_code": sc,
                          "pillar": p, "type": t, "factors": f, "description": d,
                          "illustrative": "yes"} for sc, p, t, f, d in STRATEGIES[code]])


def target_frame(code: str) -> pd.DataFrame:
    return pd.DataFrame([{"regency": code, "pillar": p, "year": y, "target_level": lvl,
                          "illustrative": "yes"} for p, y, lvl in TARGETS[code]])


def with_criteria(prog: pd.DataFrame, code: str, rng) -> pd.DataFrame:
    """The programmes with their strategy and four priority criteria (1–5): quick wins score
    higher on readiness and cost (cheap and ready), long programmes on impact."""
    out = prog.copy()
    out["strategy_code"] = out["id"].map(PROGRAMME_STRATEGY[code])
    qw, long_ = out["quick_win"].eq("yes").to_numpy(), out["horizon"].eq(10).to_numpy()
    n = len(out)
    out["impact_score"] = np.clip(rng.integers(2, 5, n) + long_, 1, 5)
    out["urgency_score"] = rng.integers(1, 6, n)
    out["readiness_score"] = np.clip(rng.integers(1, 5, n) + qw, 1, 5)
    out["cost_score"] = np.clip(rng.integers(1, 5, n) + qw - long_, 1, 5)
    return out


def _plan(code: str, pillar: str, j: int, name: str) -> tuple[int, int, int]:
    """(horizon, start_year, end_year) of a programme."""
    if code == KUKAR:
        if name in KUKAR_QUICK_WINS:
            return 1, 2021, 2021
        return (5, 2018 + j % 3, 2022 + j % 3) if j % 2 == 0 else (10, 2018 + j % 2, 2027)
    return (1, 2023, 2023) if j == 0 else ((5, 2023 + j % 2, 2027 + j % 2) if j % 2 else
                                           (10, 2023, 2032))


def programme_frames(code: str, spec: dict, rng, years: range):
    prog, real = [], []
    prefix = "KK" if code == KUKAR else "KT"
    for pillar, items in spec.items():
        for j, (owner, name, cat) in enumerate(items):
            pid = f"{prefix}-{pillar[:3].upper()}-{j + 1:02d}"
            hz, start, end = _plan(code, pillar, j, name)
            qw = (name in KUKAR_QUICK_WINS) if code == KUKAR else j == 0
            budget = float(np.round(rng.uniform(150, 2500) * (1 if hz == 1 else hz / 3), 0))
            prog.append({"regency": code, "id": pid, "program": name, "pillar": pillar,
                         "owner": owner, "horizon": hz, "start_year": start, "end_year": end,
                         "category": cat, "quick_win": "yes" if qw else "no",
                         "budget_planned": budget, "illustrative": "yes"})
            real += _realise(pid, start, end, budget, rng, years)
    return pd.DataFrame(prog), pd.DataFrame(real)


def _realise(pid, start, end, budget, rng, years) -> list[dict]:
    delay = int(rng.choice([-1, 0, 0, 0, 0, 1, 1, 2]))
    actual_start = start + delay
    actual_end = end + int(rng.choice([0, 0, 1, 2])) + max(delay, 0)
    cancelled = rng.uniform() < 0.04
    rows = []
    for y in years:
        if y < min(start, actual_start):
            continue
        if cancelled and y >= actual_start + 1:
            rows.append({"id": pid, "year": y, "status": "cancelled", "budget_realised": 0.0})
            break
        if y < actual_start:
            status = "delayed" if y >= start else None
        elif y < actual_end:
            status = "running"
        else:
            status = "completed"
        if status is None:
            continue
        spent = budget / max(end - start + 1, 1) * rng.uniform(0.6, 1.05) \
            if status in ("running", "completed") else 0.0
        rows.append({"id": pid, "year": y, "status": status, "budget_realised": round(spent, 1)})
        if status == "completed":
            break
    return rows


def build(seed: int) -> dict[str, tuple[str, dict]]:
    """{file stem: (workbook kind, {table kind: frame})} for every shipped file."""
    rng = np.random.default_rng(seed)
    out = {
        "risk_register_64.02_2021": ("risk",
                                     {"risk": risk_frame(KUKAR_2021, KUKAR, 2021, "kominfo")}),
        "risk_register_64.02_2023": ("risk", {"risk": risk_frame(KUKAR_2023, KUKAR, 2023, "spbe")}),
        "risk_register_62.06_2023": ("risk", {"risk": risk_frame(KATINGAN_2023, KATINGAN, 2023,
                                                                 "spbe")}),
        "swot_factors_64.02": ("swot", {"swot": swot_frame(KUKAR, rng)}),
        "swot_factors_62.06": ("swot", {"swot": swot_frame(KATINGAN, rng)}),
    }
    criteria = np.random.default_rng([seed, 23])
    for code, spec, years in ((KUKAR, KUKAR_PROGRAMMES, range(2018, 2024)),
                              (KATINGAN, KATINGAN_PROGRAMMES, range(2023, 2025))):
        prog, real = programme_frames(code, spec, rng, years)
        prog = with_criteria(prog, code, criteria)
        out[f"programmes_{code}"] = ("programmes", {"programmes": prog, "realisation": real})
    for code in (KUKAR, KATINGAN):        # CSV only: the tables of the strategy chapter
        out[f"strategies_{code}"] = (None, {"strategies": strategy_frame(code)})
        out[f"maturity_targets_{code}"] = (None, {"targets": target_frame(code)})
    return out


def write_all(files: dict, target: Path, seed: int) -> list[Path]:
    written = []
    for stem, (book, frames) in files.items():
        for kind, frame in frames.items():
            cols = [f.name for f in FIELDS[kind] if f.name in frame.columns]
            name = stem if kind != "realisation" else stem.replace("programmes", "realisation")
            written.append(write_csv(target / f"{name}.csv", frame[cols]))
        if book is not None:
            written.append(write_workbook(book, target / f"{stem}.xlsx", frames,
                                          illustrative=True, note=NOTE.format(seed=seed),
                                          n_rows=100))
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20240605)
    ap.add_argument("--out", type=Path, default=RAW_DIR)
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and compare")
    args = ap.parse_args(argv)
    files = build(args.seed)
    if not args.check:
        for p in write_all(files, args.out, args.seed):
            print(f"wrote {p}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        diff = [p.name for p in write_all(files, Path(tmp), args.seed)
                if p.read_bytes() != (args.out / p.name).read_bytes()]
    print("identical" if not diff else f"differ: {diff}")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
