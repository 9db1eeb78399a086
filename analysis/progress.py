"""Progress lines of long commands (the build stage, report runs): what is being done, by name,
and an estimate of the time left."""
from __future__ import annotations

import math


def duration_text(seconds: float | None) -> str:
    """A duration for a progress line: ``12 s``, ``3 min 5 s``, ``1 h 4 min`` ('?' unknown)."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return "?"
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s" if s < 600 and s % 60 else f"{round(s / 60)} min"
    return f"{s // 3600} h {round((s % 3600) / 60)} min"


def time_left(elapsed: float, done: int, total: int) -> float | None:
    """Seconds left when ``done`` of ``total`` equal items took ``elapsed`` seconds (at the
    pace so far; None before the first item)."""
    if done <= 0 or total <= done:
        return None if done <= 0 else 0.0
    return elapsed / done * (total - done)
