"""Maturity levels of the readiness index (Garuda Smart City Model levels 1 Ad-hoc … 5 Smart).

The cut-offs on the 0–100 index live in the readiness framework file under
``maturity.cutoffs`` and are unverified. The shipped ones are anchored to the 1–4 item rubric:
the level is the rubric answer nearest the mean answer m (index 100·(m − 1)/3), so the cut-offs
are 16.7, 50 and 83.3 and uniform answers 1, 2, 3, 4 give levels 1, 2, 3, 4. With three
cut-offs level 5 is reserved (the rubric tops out at 4); four cut-offs make it reachable.
A value equal to a cut-off belongs to the higher level.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.frameworks import Framework, load_framework

FRAMEWORK = "readiness-6pilar"


def default_cutoffs(fw: Framework | None = None) -> list[float]:
    """Maturity cut-offs from the framework file (shipped: 16.7, 50, 83.3; unverified)."""
    fw = fw or load_framework(FRAMEWORK)
    return [float(c) for c in fw.meta["maturity"]["cutoffs"]]


def maturity_level(values, cutoffs=None) -> pd.Series:
    """Maturity level of 0–100 index values; a value equal to a cut-off takes the higher level;
    missing stays missing. ``cutoffs``: three (levels 1–4, 5 reserved) or four (levels 1–5)
    increasing numbers (default from the framework file)."""
    cuts = np.asarray(default_cutoffs() if cutoffs is None else cutoffs, float)
    if cuts.shape not in ((3,), (4,)) or np.any(np.diff(cuts) <= 0):
        raise ValueError(f"maturity cut-offs must be three or four increasing numbers, "
                         f"not {[float(c) for c in cuts]}")
    v = (values.astype(float) if isinstance(values, pd.Series)
         else pd.Series(values, dtype=float))
    # rounded first so that 40 computed as 39.999999999999993 still reaches level 3
    lvl = pd.Series(np.searchsorted(cuts, v.round(9).to_numpy(), side="right") + 1, index=v.index,
                    dtype="Int64")
    return lvl.mask(v.isna())


def maturity_label(level, lang: str = "id", fw: Framework | None = None) -> str:
    """Name of a maturity level (1 Ad-hoc … 5 Smart) in the language asked."""
    if level is None or level is pd.NA or (isinstance(level, float) and np.isnan(level)):
        return "–"
    fw = fw or load_framework(FRAMEWORK)
    return fw.meta["maturity"]["levels"][int(level)][lang]
