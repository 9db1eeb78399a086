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

import numpy as np

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


#: CLDR locale of each report language (Babel): Indonesian groups thousands with '.' and
#: separates decimals with ','; English the other way round.
LOCALES = {"id": "id_ID", "en": "en"}


@lru_cache(maxsize=None)
def _locale(lang: str):
    from babel import Locale
    return Locale.parse(LOCALES[check_lang(lang)])


@lru_cache(maxsize=None)
def _separators(lang: str) -> dict[int, str]:
    """The language's CLDR decimal and group symbols, as a ``str.translate`` table from the
    ``format`` spec's ',' and '.'."""
    from babel.numbers import get_decimal_symbol, get_group_symbol
    loc = _locale(lang)
    return {ord(","): get_group_symbol(loc), ord("."): get_decimal_symbol(loc)}


def fmt_number(x, decimals: int = 2, lang: str = "id") -> str:
    """A number for reading in the report's language, with the CLDR separators of its locale
    (Babel): ``12.289,7`` in Indonesian, ``12,289.7`` in English, ``decimals`` places (0: an
    integer without decimals); missing values (None, NaN, NA, inf, text) print as '–'. The
    value is rounded as ``format`` rounds it (half to even on the exact binary value)."""
    if isinstance(x, (bool, np.bool_)):
        return fmt_bool(x, lang)
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "–"
    if v != v or v in (float("inf"), float("-inf")):
        return "–"
    d = max(int(decimals), 0)
    s = f"{v:,.{d}f}"
    if s.startswith("-") and not s.strip("-0.,"):
        s = s[1:]                                   # no "-0,00"
    return s.translate(_separators(lang))


def fmt_percent(x, decimals: int = 2, lang: str = "id") -> str:
    """A percentage already in percent (93.548 → ``93,55 %``); missing → '–'."""
    s = fmt_number(x, decimals, lang)
    return s if s == "–" else f"{s} %"


def decimal_text(text, lang: str = "id") -> str:
    """A number already written with its digits and a '.' decimal mark (``"1.100"``, as
    ``str(1.1)`` writes it) with the language's decimal mark instead: ``1,100`` in Indonesian,
    ``1.100`` in English; digits, sign and exponent unchanged."""
    return str(text).replace(".", _separators(lang)[ord(".")])


def fmt_bool(x, lang: str = "id") -> str:
    """A yes/no value for reading: Ya/Tidak, Yes/No; missing → '–'."""
    if x is None or type(x).__name__ == "NAType" or (isinstance(x, float) and x != x):
        return "–"
    return tr(COMMON, "bool_true" if bool(x) else "bool_false", lang)


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
