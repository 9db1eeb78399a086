"""Settings of the future analysis: the package's ``future_settings.yaml`` (configuration, read
once), and a merged copy with a caller's overrides."""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from analysis.yamlio import load_yaml

SETTINGS_FILE = Path(__file__).resolve().parent / "future_settings.yaml"


@lru_cache(maxsize=1)
def _defaults() -> dict:
    return load_yaml(SETTINGS_FILE)


def settings(overrides: dict | None = None) -> dict:
    """The default settings (``future_settings.yaml``) updated with ``overrides`` (nested
    dicts are merged key by key). Always a fresh copy: callers may change it."""
    out = copy.deepcopy(_defaults())
    for key, value in (overrides or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = copy.deepcopy(value)
    return out
