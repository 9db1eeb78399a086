"""Checks of the frames and selections an analysis package is called with (the future and
competitiveness analyses take frames, not files): every failure is the package's own
:class:`~analysis.errors.WorkbenchError` subclass, passed as ``error``, with a message naming
the frame or option and what is wrong."""
from __future__ import annotations

from typing import Iterable

import pandas as pd


def shown(values: Iterable, limit: int = 12) -> str:
    """At most ``limit`` values for a message, then how many more there are."""
    values = [str(v) for v in values]
    more = f" … (+{len(values) - limit} more)" if len(values) > limit else ""
    return ", ".join(values[:limit]) + more


def require_columns(df, columns: Iterable[str], name: str, error: type[Exception]) -> None:
    """``df`` is a DataFrame with every column of ``columns``; else ``error`` naming the frame
    and what it lacks."""
    if not isinstance(df, pd.DataFrame):
        raise error(f"{name}: expected a DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise error(f"{name}: missing column(s) {missing}; it has {list(df.columns)}")


def as_list(value, name: str, error: type[Exception]) -> list | None:
    """A selection as a list: ``None`` stays ``None`` (all); one value (a string, a number)
    becomes a one-element list; an empty selection is ``error``."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value]
    out = list(value)
    if not out:
        raise error(f"{name}: an empty selection; give at least one value or None for all")
    return out
