"""What every report section shares: the :class:`Section` it returns, headings, tables and
figures for reading.

A section is ``section(ctx) -> Section``: it reads the regency's context (the tables of
``data/processed``, :class:`analysis.reports.context.RegencyContext`), displays itself as it
runs (Markdown, tables, figures) and returns its title and the record of its headline numbers
(what ``workbench verify``, the index page and the run manifest read). Sections never open
``data/raw`` and never recompute a result of the build stage.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from analysis.escape import styled
from analysis.i18n import fmt_number


@dataclass
class Section:
    """A displayed report section: its title and the headline numbers it recorded."""

    title: str
    record: dict = field(default_factory=dict)


def fmt(x, decimals: int = 2, lang: str = "id") -> str:
    """Number for reading (see :func:`analysis.i18n.fmt_number`)."""
    return fmt_number(x, decimals, lang)


def heading(text: str, level: int = 2) -> None:
    """Display a Markdown heading."""
    display(Markdown(f"{'#' * level} {text}"))


def show_md(text: str) -> None:
    """Display Markdown text."""
    display(Markdown(text))


def show_table(df: pd.DataFrame, index: bool = True) -> None:
    """Display a table for reading: full cell text, no row numbers unless meaningful."""
    display(styled(df, index).set_table_attributes('class="dataframe"'))


def show_figure(fig) -> None:
    """Display a figure and free it."""
    display(fig)
    plt.close(fig)


def text(value) -> str:
    """A text cell read back from a processed table: missing -> ``""``."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def show_styled(df: pd.DataFrame, index: bool = False) -> None:
    """Display a table through :func:`analysis.escape.styled` (data text escaped)."""
    display(styled(df, index=index))


def show(obj) -> None:
    """Display any object as it is (a DataFrame as its HTML table)."""
    display(obj)
