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
from pathlib import Path
from weakref import WeakSet

import matplotlib.pyplot as plt
import pandas as pd
from IPython import get_ipython
from IPython.core.pylabtools import print_figure
from IPython.display import HTML, Markdown, display
from matplotlib.figure import Figure

from analysis.escape import html_text, styled
from analysis.i18n import fmt_number
from analysis.plots import backdrop
from analysis.processed import store


@dataclass
class Section:
    """A displayed report section: its title and the headline numbers it recorded. Creating it
    (a section returning) shows the section's pending Markdown (:func:`show_md`)."""

    title: str
    record: dict = field(default_factory=dict)

    def __post_init__(self):
        flush_md()


def fmt(x, decimals: int = 2, lang: str = "id") -> str:
    """Number for reading (see :func:`analysis.i18n.fmt_number`)."""
    return fmt_number(x, decimals, lang)


def heading(text: str, level: int = 2) -> None:
    """Display a Markdown heading (with the Markdown that follows it: :func:`show_md`)."""
    show_md(f"{'#' * level} {text}")


def anchor_id(name: str) -> str:
    """The HTML id of a report section (its module name): the target of the summary's and the
    table of contents' links."""
    return f"sec-{name}"


#: The section whose heading comes next (:func:`begin_section`), until a level-2 heading
#: carries its anchor.
_ANCHOR: list[str] = []


def begin_section(name: str) -> None:
    """The next level-2 heading shown (the section's title) gets the anchor of section
    ``name`` (:func:`anchor_id`)."""
    _ANCHOR[:] = [name]


def _anchored(text: str) -> str:
    """``text`` with the pending section anchor in its heading, when it is a level-2 heading."""
    if _ANCHOR and text.startswith("## "):
        name = _ANCHOR.pop()
        return f'## <a id="{anchor_id(name)}" class="wb-anchor"></a>{text[3:]}'
    return text


#: Markdown shown since the last other output, displayed as one output by :func:`flush_md`
#: (every display is a kernel message, an output to store and a block to export: a section's
#: heading and sentences are one).
_PENDING: list[str] = []
_HOOKED: list = []                       # the IPython shell whose cells end with flush_md


def show_md(text: str) -> None:
    """Display Markdown text. Consecutive Markdown is joined (blank line between) into one
    output, shown before the next table, figure or other output, when the section returns its
    :class:`Section`, or at the latest when the notebook cell ends."""
    _PENDING.append(_anchored(text))
    shell = get_ipython()
    if shell is not None and shell not in _HOOKED:
        shell.events.register("post_run_cell", _flush_after_cell)
        _HOOKED.append(shell)


def flush_md() -> None:
    """Display the pending Markdown (:func:`show_md`) as one output."""
    if _PENDING:
        text = "\n\n".join(_PENDING)
        _PENDING.clear()
        display(Markdown(text))


def _flush_after_cell(result=None) -> None:
    flush_md()


def show_table(df: pd.DataFrame, index: bool = True, lang: str = "id",
               decimals: int | dict = 2, classes: pd.DataFrame | None = None,
               titles: pd.DataFrame | None = None) -> None:
    """Display a table for reading — the one way a report shows a table
    (:func:`analysis.escape.styled`: one CSS class, data text escaped, numbers in ``lang``'s
    format, missing as "–"); row labels only when ``index`` (meaningful labels)."""
    flush_md()
    display(styled(df, index, lang, decimals, classes, titles))


#: Status against the masterplan as a table cell: its symbol (the colour of class
#: ``wb-st-<status>`` is in the report stylesheet; the word is the cell's hover text and is
#: in the key beside the table).
STATUS_SYMBOL = {"on_track": "●", "behind": "▼", "ahead": "▲"}


def status_marks(codes: pd.DataFrame, words: dict[str, str]):
    """``(classes, titles)`` of a frame of status codes (anything else: no mark)."""
    classes = codes.map(lambda c: f"wb-st wb-st-{c}" if c in STATUS_SYMBOL else "")
    titles = codes.map(lambda c: words.get(c) if c in STATUS_SYMBOL else None)
    return classes, titles


def show_status_grid(codes: pd.DataFrame, words: dict[str, str], lang: str = "id") -> None:
    """Rows × columns of status codes (:data:`STATUS_SYMBOL`; a missing one shows "–") as a
    coloured grid: each cell's background and symbol say its status, its hover text the word
    (``words``: status -> word in the report's language)."""
    view = codes.map(lambda c: STATUS_SYMBOL.get(c) if isinstance(c, str) else None)
    classes, titles = status_marks(codes, words)
    show_table(view, index=True, lang=lang, classes=classes, titles=titles)


def show_status_key(words: dict[str, str], label: str) -> None:
    """The key of a status grid: each status's colour and symbol with its word."""
    items = "".join(f'<span class="wb-swatch wb-st-{c}">{s}</span>{html_text(words[c])}'
                    for c, s in STATUS_SYMBOL.items() if c in words)
    flush_md()
    display(HTML(f'<p class="wb-key">{html_text(label)}: {items}</p>'))


#: zlib level of the report's PNGs: 3 encodes a map ~15 % faster than matplotlib's 6 for
#: ~10 % more bytes (benchmarks/bench_reports.py).
PNG_COMPRESSION = 3
_FIXED_LAYOUT: WeakSet = WeakSet()       # figures shown with show_figure(fixed_layout=True)


def figure_png(fig) -> str | None:
    """The notebook's PNG of ``fig`` (base64, as the inline backend returns it): cropped to
    its tight bounding box, except a figure shown with a fixed layout, which is drawn once as
    it is (measuring the tight box costs a second draw)."""
    tight = None if fig in _FIXED_LAYOUT else "tight"
    return print_figure(fig, "png", base64=True, bbox_inches=tight,
                        pil_kwargs={"compress_level": PNG_COMPRESSION})


def _use_figure_png() -> None:
    """Make :func:`figure_png` the notebook's PNG formatter of figures (``%matplotlib
    inline`` installs its own again in every report's first cell)."""
    shell = get_ipython()
    if shell is None:
        return
    png = shell.display_formatter.formatters["image/png"]
    try:
        current = png.lookup_by_type(Figure)
    except KeyError:
        current = None
    if current is not figure_png:
        png.for_type(Figure, figure_png)


def show_figure(fig, fixed_layout: bool = False) -> None:
    """Display a figure and free it. ``fixed_layout``: the figure's margins are set
    (``subplots_adjust``) and every artist lies inside it, so its PNG is not cropped to the
    tight bounding box (one draw instead of two)."""
    flush_md()
    _use_figure_png()
    if fixed_layout:
        _FIXED_LAYOUT.add(fig)
    display(fig)
    plt.close(fig)


def recorded_sha256(ctx, *files: str) -> tuple | None:
    """The sha256 the build recorded for the processed ``files`` of the tables ``ctx`` was
    loaded from (:func:`analysis.processed.store.recorded_sha256` of ``ctx.build``)."""
    return store.recorded_sha256(ctx.build, *files)


def stored_backdrop(ctx, archive: str, name: str):
    """Backdrop ``name`` the build drew into ``archive`` of the run's processed directory
    (:mod:`analysis.processed.figures`), kept per process under the sha256 the build recorded
    for it; None without one (the figure then draws it itself)."""
    if not ctx.processed_dir:
        return None
    return backdrop.read(Path(ctx.processed_dir) / archive, name, recorded_sha256(ctx, archive))


def text(value) -> str:
    """A text cell read back from a processed table: missing -> ``""``."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def show_styled(df: pd.DataFrame, index: bool = False, lang: str = "id") -> None:
    """:func:`show_table` without row labels by default."""
    show_table(df, index=index, lang=lang)


def show_html(html: str) -> None:
    """Display HTML written by the package (every data text in it escaped by its writer)."""
    flush_md()
    display(HTML(html))


def show(obj, lang: str = "id") -> None:
    """Display any object as it is; a DataFrame as a table (:func:`show_table`), never as its
    bare repr."""
    if isinstance(obj, pd.DataFrame):
        show_table(obj, index=not isinstance(obj.index, pd.RangeIndex), lang=lang)
        return
    flush_md()
    display(obj)
