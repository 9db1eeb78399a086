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

import pandas as pd

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


def styled(df: pd.DataFrame, index: bool = True):
    """A Styler of ``df`` that escapes every cell and label as HTML text; row labels hidden
    unless ``index``."""
    st = df.style.format(escape="html").format_index(escape="html", axis=0) \
        .format_index(escape="html", axis=1)
    return st if index else st.hide(axis="index")


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
