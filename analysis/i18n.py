"""User-facing text in Bahasa Indonesia (default) and English.

Each module keeps its own small dictionary ``{key: {"id": ..., "en": ...}}`` and calls
:func:`tr`; code, identifiers and comments stay in English.
"""
from __future__ import annotations

LANGS = ("id", "en")

COMMON = {
    "illustrative": {"id": "DATA ILUSTRATIF — bukan data resmi daerah",
                     "en": "ILLUSTRATIVE DATA — not official regional data"},
    "source": {"id": "Sumber", "en": "Source"},
    "not_evaluated": {"id": "tidak dievaluasi", "en": "not evaluated"},
    "regency": {"id": "Kabupaten/Kota", "en": "Regency/City"},
    "pillar": {"id": "Pilar", "en": "Pillar"},
    "year": {"id": "Tahun", "en": "Year"},
}

PILLARS = {
    "governance": {"id": "Smart Governance", "en": "Smart Governance"},
    "branding": {"id": "Smart Branding", "en": "Smart Branding"},
    "economy": {"id": "Smart Economy", "en": "Smart Economy"},
    "living": {"id": "Smart Living", "en": "Smart Living"},
    "society": {"id": "Smart Society", "en": "Smart Society"},
    "environment": {"id": "Smart Environment", "en": "Smart Environment"},
}
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
