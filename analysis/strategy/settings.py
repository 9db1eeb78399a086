"""Settings of the strategy chapter (``strategy_settings.yaml`` beside this module), checked.

``priority.weights``: one non-negative weight per criterion of
:data:`analysis.masterplan.strategies.CRITERIA` (at least one above 0); ``priority.variation``
in [0, 1); ``weight_sets`` and ``samples`` whole numbers ≥ 1; ``unused_factors.major_rating``
in 1–4; ``roadmap.terms``: increasing whole numbers of years ≥ 1. A setting that breaks a rule
is an error naming the file, key and value.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from analysis.errors import WorkbenchError
from analysis.masterplan.strategies import CRITERIA
from analysis.yamlio import load_yaml

SETTINGS_FILE = Path(__file__).with_name("strategy_settings.yaml")


class StrategySettingsError(WorkbenchError):
    """A setting of the strategy chapter breaks its rule."""


def _fail(path, key: str, value, rule: str):
    raise StrategySettingsError(f"{path}: {key} = {value!r}: {rule}")


def _number(path, key: str, value, ok, rule: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value) or not ok(value):
        _fail(path, key, value, rule)
    return float(value)


def check_settings(doc: dict, path="<settings>") -> dict:
    """``doc`` checked against the rules of the module docstring (returned as is)."""
    pr = doc.get("priority") or {}
    weights = pr.get("weights") or {}
    if set(weights) != set(CRITERIA):
        _fail(path, "priority.weights", weights, f"one weight for each of {', '.join(CRITERIA)}")
    for c, w in weights.items():
        _number(path, f"priority.weights.{c}", w, lambda v: v >= 0, "a number >= 0")
    if not sum(weights.values()) > 0:
        _fail(path, "priority.weights", weights, "at least one weight above 0")
    _number(path, "priority.variation", pr.get("variation"), lambda v: 0 <= v < 1,
            "a fraction from 0 to below 1 (0.25 = each weight varies by ±25 %)")
    for key in ("weight_sets", "samples"):
        _number(path, f"priority.{key}", pr.get(key), lambda v: v >= 1 and v == int(v),
                "a whole number >= 1")
    _number(path, "unused_factors.major_rating",
            (doc.get("unused_factors") or {}).get("major_rating"), lambda v: 1 <= v <= 4,
            "a rating from 1 to 4")
    terms = (doc.get("roadmap") or {}).get("terms") or {}
    years = [_number(path, f"roadmap.terms.{k}", v, lambda v: v >= 1 and v == int(v),
                     "a whole number of years >= 1") for k, v in terms.items()]
    if not years or years != sorted(set(years)):
        _fail(path, "roadmap.terms", terms, "terms with increasing numbers of years")
    return doc


@lru_cache(maxsize=4)
def load_settings(path: str | None = None) -> dict:
    """The checked settings (``strategy_settings.yaml``, or the file ``path``)."""
    p = path or SETTINGS_FILE
    return check_settings(load_yaml(p), p)
