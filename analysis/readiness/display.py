"""Readiness for people: labels, the ILLUSTRATIVE banner, display copies and notebook
parameters. No drawing or IPython here: the report section is
:mod:`analysis.reports.sections.readiness` (it reads the build table ``kesiapan``).
"""
from __future__ import annotations

import pandas as pd

from analysis.frameworks import Framework
from analysis.i18n import COMMON, PILLARS, texts, tr
from analysis.readiness.assessments import load_readiness_framework

T = texts("readiness.display")


COLUMN_LABELS = texts("readiness.display.column_labels")


class MarkdownText(str):
    """Text that Jupyter's ``display`` renders as Markdown (no IPython import needed)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def banner(lang: str = "id") -> MarkdownText:
    """The ILLUSTRATIVE warning as Markdown text (``display`` it above every output)."""
    return MarkdownText(tr(T, "banner", lang).format(ill=COMMON["illustrative"][lang]))


def labelled(tab: pd.DataFrame, lang: str = "id", decimals: int = 1) -> pd.DataFrame:
    """A display copy of :func:`readiness_table` output: labelled columns, rounded numbers."""
    out = tab.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(decimals)
    names = {c: (COLUMN_LABELS.get(c) or PILLARS.get(c) or {}).get(lang, c) for c in out.columns}
    return out.rename(columns=names)


def as_code(value) -> str:
    """A Kemendagri code as text; a number (papermill ``-p regency_code 11.10`` gives 11.1) is
    formatted back with two decimals ("11.10")."""
    return f"{value:.2f}" if isinstance(value, (int, float)) else str(value).strip()


def parse_cutoffs(text: str) -> list[float] | None:
    """``"20,40,60,80"`` -> [20.0, 40.0, 60.0, 80.0]; empty -> None (the framework's default)."""
    text = (text or "").strip()
    return [float(x) for x in text.split(",")] if text else None


def item_list(lang: str = "id", fw: Framework | None = None) -> pd.DataFrame:
    """The framework's items: code, pillar, sub-dimension, element and the question."""
    fw = fw or load_readiness_framework()
    rows = [{"kode_butir": c, "pilar": PILLARS[a["pillar"]][lang],
             "subdimensi": fw.label(a["subdimension"], lang), "elemen": a["element"],
             "butir": a["text"][lang]} for c in fw.leaves for a in [fw.nodes[c].attrs]]
    return pd.DataFrame(rows)
