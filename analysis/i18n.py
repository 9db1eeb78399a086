"""User-facing text in Bahasa Indonesia (default) and English.

Every string a reader sees lives in one catalogue, a data file per language
(``analysis/text/id.yaml``, ``analysis/text/en.yaml``), grouped by namespace (the module that
shows it) and key. A module takes its table with ``T = texts("reports.sections.risk")`` and
calls :func:`tr`; code, identifiers and comments stay in English. Numbers for reading go through
:func:`fmt_number`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from analysis.yamlio import load_yaml

LANGS = ("id", "en")
CATALOGUE_DIR = Path(__file__).resolve().parent / "text"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """``{lang: {namespace: {key: text}}}`` read once from the package's text files."""
    return {lang: load_yaml(CATALOGUE_DIR / f"{lang}.yaml") for lang in LANGS}


def texts(namespace: str) -> dict[str, dict[str, str]]:
    """One namespace of the catalogue as ``{key: {"id": ..., "en": ...}}`` (the shape
    :func:`tr` reads)."""
    cat = catalogue()
    if namespace not in cat["id"]:
        raise KeyError(f"no text namespace {namespace!r} in {CATALOGUE_DIR / 'id.yaml'}")
    return {key: {lang: cat[lang].get(namespace, {}).get(key, text) for lang in LANGS}
            for key, text in cat["id"][namespace].items()}


COMMON = texts("common")

PILLARS = texts("pillars")
PILLAR_CODES = tuple(PILLARS)


def fmt_number(x, decimals: int = 2, lang: str = "id") -> str:
    """A number for reading: Indonesian uses '.' for thousands and ',' for decimals; missing
    values (None, NaN, NA, inf) print as '–'."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "–"
    if v != v or v in (float("inf"), float("-inf")):
        return "–"
    s = f"{v:,.{decimals}f}"
    if lang == "id":
        s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    return s


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {lang!r}")
    return lang


def tr(texts: dict, key: str, lang: str = "id") -> str:
    """``texts[key][lang]``, falling back to Indonesian, then to the key itself."""
    entry = texts.get(key) or COMMON.get(key)
    if entry is None:
        return key
    return entry.get(check_lang(lang)) or entry.get("id") or key
