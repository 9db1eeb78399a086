"""Text from data is text: escaping for report HTML, Markdown and spreadsheet cells.

Report readers open the HTML in a browser, so every value that comes from a data file (a
regency's name, a risk's owner, a SWOT factor...) must reach the page as characters, never as
markup. Three places turn data into markup and each has one helper here:

* Markdown cells (``IPython.display.Markdown`` passes raw HTML through and turns ``[x](url)``
  into a link): :func:`md_text` / :func:`md_format` escape a value before it is interpolated.
* pandas Styler tables (Styler does not escape by default): :func:`styled`.
* HTML written by hand (the index page): :func:`html_text`.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula;
:func:`spreadsheet_text` makes such a text value inert (see docs/assumptions.md).
"""
from __future__ import annotations

import html
import re

import pandas as pd

# Markdown punctuation that can start a link, emphasis, code, a heading, a list or a table.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~])")
FORMULA_START = ("=", "+", "-", "@")


def html_text(value) -> str:
    """``value`` as HTML text: ``& < > " '`` become character references."""
    return html.escape(str(value), quote=True)


def md_text(value) -> str:
    """``value`` as literal Markdown text: punctuation that Markdown would interpret is
    backslash-escaped and HTML metacharacters become character references, so the rendered
    page shows exactly the characters of ``value`` (no tag, link or emphasis)."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", str(value)), quote=False)


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


def spreadsheet_text(value):
    """A text value that a spreadsheet would run as a formula (starts with ``= + - @``) gets a
    leading ``'``; anything else, numbers included, is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
