"""Layout of the regency workbook: sheet names, the columns of each sheet, the regency's name.

The columns come from ``analysis/masterplan/table_templates.yaml`` (the same headers and help
texts as the per-kind templates of :mod:`analysis.masterplan.templates`); the workbook drops the
per-row ``regency`` and ``illustrative`` columns (one workbook is one regency's own data), adds
the RPJMD mission column ``misi`` to the Program sheet and offers 1–N drop-downs for the levels
and scores.
"""
from __future__ import annotations

from dataclasses import replace

from analysis.masterplan import templates as tpl
from analysis.data.tables import load_profiles
from analysis.errors import WorkbenchError

INSTRUCTIONS = "Petunjuk"
#: Data sheets in workbook order: sheet name -> table kind (masterplan/table_templates.yaml).
SHEETS = {"Kesiapan": "readiness", "Risiko": "risk", "SWOT": "swot", "Program": "programmes",
          "Realisasi": "realisation", "Visi-Misi": "missions"}
#: Columns filled by the template and locked on the Kesiapan sheet.
READINESS_FIXED = ("kode_butir", "pilar", "subdimensi", "elemen", "pertanyaan", "rubrik")
#: Columns whose drop-down is the whole numbers 1..N (the schemas check the range on import).
NUMBER_LISTS = {"likelihood": 5, "impact": 5, "residual_likelihood": 5, "residual_impact": 5,
                "rating": 4, "skor": 4}
_PER_ROW = ("regency", "illustrative")
#: Labels of the regency block on the instructions sheet (column A label, column B value).
CODE_LABEL, NAME_LABEL = "Kode Kemendagri", "Nama daerah"
TEMPLATE_VERSION = "workbook-1"


class UnknownRegencyError(WorkbenchError):
    """A regency code that ``profil_wilayah.csv`` does not list."""


def sheet_fields(kind: str) -> tuple[tpl.Field, ...]:
    """The columns of a workbook sheet of table ``kind``, in order."""
    fields = [f for f in tpl.FIELDS[kind] if f.name not in _PER_ROW]
    if kind == "programmes":
        fields += list(tpl.FIELDS["programme_missions"])
    return tuple(replace(f, excel=None) if f.name in NUMBER_LISTS else f for f in fields)


def regency_name(code: str, data_dir=None) -> str:
    """The regency's name from ``profil_wilayah.csv``; an unknown code is an error."""
    prof = load_profiles(data_dir)
    hit = prof.loc[prof["kode_kemendagri"] == str(code), "nama"]
    if hit.empty:
        raise UnknownRegencyError(
            f"regency code {str(code)!r} is not in profil_wilayah.csv (Kemendagri codes as text, "
            f"e.g. '64.02')")
    return str(hit.iloc[0])
