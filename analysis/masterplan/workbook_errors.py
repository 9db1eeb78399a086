"""The errors of a workbook import and their messages in the workbook's language.

A :class:`CellError` names a sheet, a cell and the rule broken; it keeps its catalogue key and
parameters (namespace ``masterplan.workbook_import`` of ``analysis/text/{id,en}.yaml``), so a
:class:`WorkbookError` lists every error in Indonesian or English (``workbench import --lang``)
with cell names and values unchanged. Errors of single cells sort before the group rules they
often cause (:meth:`CellError.sort_key`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import WorkbenchError
from analysis.i18n import decimal_text, fmt_number, texts as catalogue_texts, tr

#: The messages of an import in both languages (``analysis/text/{id,en}.yaml``).
T = catalogue_texts("masterplan.workbook_import")


def say(key: str, lang: str = "en", **params) -> str:
    """Catalogue text ``key`` in ``lang`` with ``params`` filled in."""
    return tr(T, key, lang).format(**params)


@dataclass(frozen=True)
class CellError:
    """One broken rule: the sheet, the cell (``F12``, or ``1`` for the header row) and why.

    ``message`` is the English text; ``key`` and ``params`` (pairs) name the catalogue text
    that :meth:`text` gives in another language (a message without a key reads the same in
    both). ``derived``: a rule over a group of rows (weights summing to 1), listed after the
    errors of single cells, which are often its cause.
    """

    sheet: str
    cell: str
    message: str
    derived: bool = False
    key: str | None = None
    params: tuple = ()

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.message}"

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        if self.key is None or lang == "en":
            return self.message
        return say(self.key, lang, **{k: _local(v, lang) for k, v in self.params})

    def line(self, lang: str = "en") -> str:
        """``sheet!cell: message`` in ``lang``."""
        return f"{self.sheet}!{self.cell}: {self.text(lang)}"

    def sort_key(self, sheets: list[str]) -> tuple:
        """Order of a report: errors of single cells first, then group rules; within each,
        sheet as in ``sheets``, then row, then column."""
        m = re.fullmatch(r"([A-Z]*)(\d*)", self.cell)
        letters, digits = (m.group(1), m.group(2)) if m else ("", "")
        order = sheets.index(self.sheet) if self.sheet in sheets else len(sheets)
        return self.derived, order, int(digits or 0), len(letters), letters


def _local(v, lang: str):
    """A parameter in ``lang``: a ``("@", key, params)`` triple is catalogue text itself, a
    ``("#", text)`` pair a decimal number (a decimal comma in Indonesian)."""
    if isinstance(v, tuple) and v and v[0] == "@":
        return say(v[1], lang, **{k: _local(x, lang) for k, x in v[2]})
    if isinstance(v, tuple) and v and v[0] == "#":
        return decimal_text(v[1], lang)
    if isinstance(v, tuple) and v and v[0] == "~":     # a whole number: thousands grouped
        return fmt_number(v[1], 0, lang)
    return v


def decimal(text) -> tuple:
    """A number parameter written with the language's decimal mark."""
    return ("#", str(text))


def cell_error(sheet: str, cell: str, key: str, message: str | None = None,
               derived: bool = False, **params) -> CellError:
    """A :class:`CellError` with catalogue text ``key`` (English message from the catalogue
    unless ``message`` is given)."""
    msg = message if message is not None else say(key, "en", **{k: _local(v, "en")
                                                             for k, v in params.items()})
    return CellError(sheet, cell, msg, derived, key, tuple(params.items()))


def phrase(key: str, **params) -> tuple:
    """A parameter that is itself catalogue text (translated with the message)."""
    return ("@", key, tuple(params.items()))


class Msg(str):
    """An English message that knows its catalogue text (``key``, ``params``)."""

    key: str | None = None
    params: dict = {}


def msg(key: str, message: str | None = None, **params) -> Msg:
    """Catalogue message ``key`` as a :class:`Msg` (English text from the catalogue unless
    ``message`` is given)."""
    m = Msg(message if message is not None
            else say(key, "en", **{k: _local(v, "en") for k, v in params.items()}))
    m.key, m.params = key, params
    return m


def as_error(sheet: str, cell: str, message: str, derived: bool = False) -> CellError:
    """A :class:`CellError` from a message (a :class:`Msg` keeps its catalogue text)."""
    key = getattr(message, "key", None)
    if key is None:
        return CellError(sheet, cell, str(message), derived)
    return CellError(sheet, cell, str(message), derived, key, tuple(message.params.items()))


class WorkbookError(WorkbenchError):
    """A workbook breaks rules; ``errors`` lists every one (sheet, cell, rule), the message in
    ``lang`` (``id`` or ``en``)."""

    def __init__(self, path, errors: list[CellError], lang: str = "en"):
        self.path, self.errors, self.lang = Path(path), list(errors), lang
        n = len(self.errors)
        head = say("head_one" if n == 1 else "head", lang, file=self.path.name, n=n)
        super().__init__(head + "".join(f"\n  {e.line(lang)}" for e in self.errors))

    def in_language(self, lang: str) -> "WorkbookError":
        """The same errors with messages in ``lang``."""
        return WorkbookError(self.path, self.errors, lang)
