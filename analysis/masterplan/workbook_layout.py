"""Layout of the regency workbook: sheet names, the columns of each sheet, the regency's name.

The columns come from ``analysis/data/table_templates.yaml`` (the same headers and help
texts as the per-kind templates of :mod:`analysis.data.template_tables`); the workbook drops the
per-row ``regency`` and ``illustrative`` columns (one workbook is one regency's own data), adds
the RPJMD mission column ``misi`` to the Program sheet and offers 1–N drop-downs for the levels
and scores. The strategy chapter's columns (``Kode Faktor`` on SWOT, ``Kode Strategi`` and the
four priority criteria on Program) come last on their sheets and may be absent from a workbook
of the earlier layout (:data:`OPTIONAL_COLUMNS`); its sheets *Strategi* and *Target* may be
absent too (every sheet is optional). The template writes the regency's name from
``profil_wilayah.csv``; an import checks the name it reads against the code's name in the
Kemendagri list (:func:`same_region`).
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import pandas as pd

from analysis.data import template_tables as tpl
from analysis.data.regions import load_aliases, name_key, split_prefix
from analysis.data.raw_tables import load_profiles
from analysis.errors import WorkbenchError
from analysis.paths import PACKAGE_DIR

INSTRUCTIONS = "Petunjuk"
#: Data sheets in workbook order: sheet name -> table kind (data/table_templates.yaml).
SHEETS = {"Kesiapan": "readiness", "Risiko": "risk", "SWOT": "swot", "Strategi": "strategies",
          "Target": "targets", "Program": "programmes", "Realisasi": "realisation",
          "Visi-Misi": "missions"}
#: Columns filled by the template and locked on the Kesiapan sheet.
READINESS_FIXED = ("kode_butir", "pilar", "subdimensi", "elemen", "pertanyaan", "rubrik")
#: Columns whose drop-down is the whole numbers 1..N (the schemas check the range on import).
NUMBER_LISTS = {"likelihood": 5, "impact": 5, "residual_likelihood": 5, "residual_impact": 5,
                "rating": 4, "skor": 4, "impact_score": 5, "urgency_score": 5,
                "readiness_score": 5, "cost_score": 5, "target_level": 5}
#: Columns of the strategy chapter on sheets of the earlier layout (``workbook-1``): last on
#: their sheet (the earlier columns keep their positions) and optional on import (a workbook
#: without their header imports as before, without strategy data).
OPTIONAL_COLUMNS = {"swot": ("factor_code",),
                    "programmes": ("strategy_code", "impact_score", "urgency_score",
                                   "readiness_score", "cost_score")}
_PER_ROW = ("regency", "illustrative")
#: Labels of the regency block on the instructions sheet (column A label, column B value).
CODE_LABEL, NAME_LABEL = "Kode Kemendagri", "Nama daerah"
TEMPLATE_VERSION = "workbook-2"
#: The Kemendagri list of kabupaten/kota: a workbook's code and name must be one regency's in it.
KEMENDAGRI_FILE = PACKAGE_DIR / "data" / "kode_kabkota_kemendagri.csv"


class UnknownRegencyError(WorkbenchError):
    """A regency code that ``profil_wilayah.csv`` does not list."""


def sheet_fields(kind: str) -> tuple[tpl.Field, ...]:
    """The columns of a workbook sheet of table ``kind``, in order."""
    later = OPTIONAL_COLUMNS.get(kind, ())
    fields = [f for f in tpl.FIELDS[kind] if f.name not in _PER_ROW and f.name not in later]
    if kind == "programmes":
        fields += list(tpl.FIELDS["programme_missions"])
    fields += [f for f in tpl.FIELDS[kind] if f.name in later]
    return tuple(replace(f, excel=None) if f.name in NUMBER_LISTS else f for f in fields)


def regency_name(code: str, data_dir) -> str:
    """The regency's name from ``profil_wilayah.csv``; an unknown code is an error."""
    prof = load_profiles(data_dir)
    hit = prof.loc[prof["kode_kemendagri"] == str(code), "nama"]
    if hit.empty:
        raise UnknownRegencyError(
            f"regency code {str(code)!r} is not in profil_wilayah.csv (Kemendagri codes as text, "
            f"e.g. '64.02')")
    return str(hit.iloc[0])


@lru_cache(maxsize=1)
def _kemendagri() -> dict[str, tuple[str, str]]:
    """Code -> (official name, jenis) of every kabupaten/kota in the Kemendagri list."""
    df = pd.read_csv(KEMENDAGRI_FILE, dtype=str, keep_default_na=False)
    return {r.kode_kemendagri: (r.nama, r.jenis) for r in df.itertuples(index=False)}


@lru_cache(maxsize=1)
def _alias_keys() -> dict[str, set[tuple[str, str]]]:
    """Code -> {(jenis, name key)} of the regency's former names (region_aliases.csv)."""
    out: dict[str, set[tuple[str, str]]] = {}
    for a in load_aliases().itertuples(index=False):
        out.setdefault(a.kode_kemendagri, set()).add(
            (a.jenis, name_key(split_prefix(a.alias)[1])))
    return out


def kemendagri_name(code: str) -> str | None:
    """The official name of regency ``code`` in the Kemendagri list, ``None`` if not listed."""
    hit = _kemendagri().get(code)
    return hit[0] if hit else None


def same_region(name: str, code: str) -> bool:
    """True when ``name`` is the name of regency ``code`` in the Kemendagri list (spelling
    differences of case, spacing, hyphens and dots, a "Kab."/"Kota" prefix, a former name)."""
    official, jenis = _kemendagri()[code]
    said, rest = split_prefix(name)
    if said is not None and said != jenis:
        return False
    key = name_key(rest)
    return (key == name_key(split_prefix(official)[1])
            or (jenis, key) in _alias_keys().get(code, set()))
