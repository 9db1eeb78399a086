"""Which pillars and agencies are on track, behind or ahead of the masterplan, and how that
changed from one year to the next.

Built on :func:`analysis.masterplan.progress.trajectory` (milestones achieved by a year against
those the plan expects by then, per pillar or per agency ``owner``).
"""
from __future__ import annotations

import pandas as pd

from analysis.masterplan.progress import trajectory

GROUPINGS = ("pillar", "owner")
_BEHIND = "behind"


def change_code(previous: str | None, current: str) -> str:
    """How a group's status moved since the previous year: ``first`` (no previous year),
    ``unchanged``, ``fell_behind`` (to behind), ``caught_up`` (from behind) or ``moved``
    (between on track and ahead)."""
    if previous is None or pd.isna(previous) or previous == "":
        return "first"
    if previous == current:
        return "unchanged"
    if current == _BEHIND:
        return "fell_behind"
    return "caught_up" if previous == _BEHIND else "moved"


def status_by_year(prog: pd.DataFrame, real: pd.DataFrame, tol: float | None = None
                   ) -> pd.DataFrame:
    """Per grouping (``pillar``, ``owner``), group and year: milestones planned and achieved,
    status and its change on the previous year. Columns ``grouping, group, year,
    planned_milestones, achieved_milestones, ratio, status, previous_status, change``."""
    parts = []
    for by in GROUPINGS:
        if by not in prog.columns or prog[by].isna().all():
            continue
        t = trajectory(prog, real, tol, by=by).rename(columns={by: "group"})
        t = t.sort_values(["group", "year"], kind="stable")
        t["previous_status"] = t.groupby("group")["status"].shift(1)
        t["change"] = [change_code(p, c) for p, c in zip(t["previous_status"], t["status"])]
        t.insert(0, "grouping", by)
        parts.append(t)
    cols = ["grouping", "group", "year", "planned_milestones", "achieved_milestones", "ratio",
            "status", "previous_status", "change"]
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)
