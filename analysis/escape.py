"""Text from data is text: escaping for report HTML, Markdown and spreadsheet cells.

Report readers open the HTML in a browser, so every value that comes from a data file (a
regency's name, a risk's owner, a SWOT factor...) must reach the page as characters, never as
markup. Three places turn data into markup and each has one helper here:

* Markdown cells (``IPython.display.Markdown`` passes raw HTML through, turns ``[x](url)``
  into a link and autolinks a bare ``http://...``, ``www.`` or e-mail address): :func:`md_text`
  / :func:`md_format` escape a value before it is interpolated (a ``:``, ``@`` or the dot of
  ``www.`` gets a backslash, which renders as the character itself, so no autolink forms).
* pandas Styler tables (Styler does not escape by default): :func:`styled`.
* HTML written by hand (the index page): :func:`html_text`.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula;
:func:`spreadsheet_text` / :func:`spreadsheet_frame` make such a text value inert in CSV files
meant for a spreadsheet (a leading ``'``) and :func:`set_text_cell` in XLSX files (a string
cell with Excel's quote prefix). Numbers, negative ones included, stay numbers. Machine tables
(``data/processed``, run records) are written as they are, to read back unchanged (see
docs/assumptions.md).
"""
from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

# Markdown punctuation that can start a link, emphasis, code, a heading, a list or a table,
# and what makes an autolink: the ':' after a scheme (http://, mailto:) and the '@' of an
# e-mail address (GFM renderers link those too).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~:@])")
_MD_WWW = re.compile(r"(?i)\b(www)\.")  # GFM autolinks 'www.example.org' without a scheme
FORMULA_START = ("=", "+", "-", "@")


def html_text(value) -> str:
    """``value`` as HTML text: ``& < > " '`` become character references."""
    return html.escape(str(value), quote=True)


def md_text(value) -> str:
    """``value`` as literal Markdown text: punctuation that Markdown would interpret is
    backslash-escaped and HTML metacharacters become character references, so the rendered
    page shows exactly the characters of ``value`` (no tag, link, autolink or emphasis)."""
    text = _MD_WWW.sub(r"\1\\.", _MD_SPECIAL.sub(r"\\\1", str(value)))
    return html.escape(text, quote=False)


def md_format(template: str, **values) -> str:
    """``template.format(**values)`` with every string value escaped by :func:`md_text`
    (numbers are inserted as they are; format numbers for reading *before* passing them only
    when the result is plain digits and separators)."""
    return template.format(**{k: md_text(v) if isinstance(v, str) else v
                              for k, v in values.items()})


#: The CSS class of every table a report shows (its look is set once, in the report
#: template's stylesheet).
TABLE_CLASS = "wb-table"
#: What a missing cell shows.
MISSING = "–"
#: A cell that reads as one number (right-aligned): ``12.289,7``, ``-0,51``, ``+3,53``,
#: ``93,55 %``, ``5 / 10``, or missing.
_NUMERIC = re.compile(r"[+\-−]?\d[\d.,]*( ?%)?( / \d[\d.,]*)?|–")


def cell_text(value, lang: str = "id", decimals: int = 2) -> str:
    """One table cell as text for reading: numbers in the language's format (integers without
    decimals, other numbers with ``decimals``), yes/no as Ya/Tidak, missing (None, NaN, NA,
    empty text) as "–"; text as it is."""
    from analysis.i18n import fmt_bool, fmt_number
    if value is None or value is pd.NA or (isinstance(value, str) and not value.strip()):
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return fmt_bool(value, lang)
    if isinstance(value, (int, np.integer)):
        return fmt_number(value, 0, lang)
    if isinstance(value, (float, np.floating)):
        return fmt_number(value, decimals, lang)
    if not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value):
        return MISSING
    return str(value)


def readable(df: pd.DataFrame, lang: str = "id", decimals: int | dict = 2) -> pd.DataFrame:
    """``df`` with every cell and label as reading text (:func:`cell_text`); ``decimals`` for
    every number column, or per column name (default 2)."""
    def places(col) -> int:
        return decimals.get(col, 2) if isinstance(decimals, dict) else decimals
    out = pd.DataFrame({i: [cell_text(v, lang, places(c)) for v in df.iloc[:, i]]
                        for i, c in enumerate(df.columns)}, index=df.index)
    out.columns = [_label(c) for c in df.columns]
    if not isinstance(df.index, pd.RangeIndex):
        out.index = pd.Index([_label(v) for v in df.index], name=df.index.name)
    return out


def _label(value) -> str:
    """A row or column label: text as it is, a whole number (a year, a mission number) as its
    digits."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    return str(value)


def styled(df: pd.DataFrame, index: bool = True, lang: str = "id", decimals: int | dict = 2,
           classes: pd.DataFrame | None = None, titles: pd.DataFrame | None = None):
    """The one way a report shows a table: a Styler of ``df`` as reading text
    (:func:`readable`), every cell and label escaped as HTML text, the class
    :data:`TABLE_CLASS`. ``index``: the row labels are the table's first column (headed by
    the index name; class ``rowhead``), else they are left out. ``classes`` (CSS classes) and
    ``titles`` (hover text) per cell, same shape as ``df``, mark cells (e.g. a status).
    A column of numbers (and "–") is right-aligned (class ``num``)."""
    view = readable(df, lang, decimals)
    heads = [_label(c) for c in view.columns]
    numeric = [bool(c.map(lambda t: bool(_NUMERIC.fullmatch(t))).all() and (c != MISSING).any())
               for _, c in view.items()]
    marks = np.array([["num" if n else "" for n in numeric]] * len(view), dtype=object)
    marks = marks.reshape(len(view), len(numeric))
    if classes is not None:
        marks = np.char.add(np.char.add(marks.astype(str), " "),
                            classes.fillna("").astype(str).to_numpy().astype(str))
    tips = None if titles is None else titles.map(
        lambda t: "" if t is None or (not isinstance(t, str) and pd.isna(t)) else html_text(t)
    ).to_numpy()
    body = pd.DataFrame(view.to_numpy())
    if index:
        body.insert(0, "row", [_label(v) for v in view.index])
        body.columns = range(body.shape[1])
        heads = ["" if df.index.name is None else _label(df.index.name)] + heads
        marks = np.column_stack([np.full(len(body), "rowhead"), marks]) if len(body) else marks
        if tips is not None and len(body):
            tips = np.column_stack([np.full(len(body), ""), tips])
    st = Styler(body, cell_ids=tips is not None).format(escape="html").hide(axis="index") \
        .relabel_index([html_text(h) for h in heads], axis=1) \
        .set_table_attributes(f'class="{TABLE_CLASS}"')
    if len(body):
        st = st.set_td_classes(pd.DataFrame(np.char.strip(np.asarray(marks, dtype=str)),
                                            index=body.index, columns=body.columns))
        if tips is not None:
            st = st.set_tooltips(pd.DataFrame(tips, index=body.index, columns=body.columns),
                                 as_title_attribute=True)
    return st


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def is_formula_like(value) -> bool:
    """True for text a spreadsheet would read as a formula: it starts with ``= + - @`` (or a
    tab or carriage return) and is not simply a number such as ``-1.5``."""
    return (isinstance(value, str) and value.startswith(FORMULA_START + ("\t", "\r"))
            and not _is_number(value))


def spreadsheet_text(value):
    """``value`` with a leading ``'`` when :func:`is_formula_like`, else unchanged."""
    return "'" + value if is_formula_like(value) else value


def spreadsheet_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` for a CSV opened in a spreadsheet: formula-like text in cells and
    column names gets a leading ``'`` (numeric columns are untouched)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(spreadsheet_text)
    out.columns = [spreadsheet_text(c) for c in out.columns]
    return out


def set_text_cell(cell, value) -> None:
    """Assign ``value`` to an openpyxl cell; formula-like text stays text (string type and
    Excel's quote prefix, so editing the cell does not turn it into a formula either)."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
