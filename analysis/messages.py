"""Error and warning messages in the user's language (``--lang``: Indonesian by default).

An exception keeps its English text (``str(exc)``, what logs and tests read) and its structure
(:class:`~analysis.errors.DataValidationError`: file, row, column, value, rule). A rule or
message made with :func:`text` also knows its catalogue key and parameters (namespace
``messages`` of ``analysis/text/{id,en}.yaml``), so :func:`error_text` gives the whole message
in Indonesian or English with file, row, column and value unchanged. A message without a key
reads the same in both languages. Workbook import messages
(:mod:`analysis.masterplan.workbook_errors`) are rendered through their own catalogue.
"""
from __future__ import annotations

from analysis.i18n import decimal_text, fmt_number, texts, tr

#: The messages in both languages (``analysis/text/{id,en}.yaml``).
T = texts("messages")


class Text(str):
    """An English message that knows its catalogue text (``text_key``, ``text_params``; named
    apart from a workbook message's ``key`` so that a workbook import, which reads its own
    catalogue, takes a :class:`Text` as plain English rather than a key of its own)."""

    text_key: str = ""
    text_params: dict = {}


class Grouped(int):
    """A whole number shown with the language's thousands separator (100,000 / 100.000)."""


class Decimal(str):
    """A number already written with its digits (``"1.100"``), shown with the language's
    decimal mark (1.100 / 1,100)."""


def _translatable(v) -> bool:
    return isinstance(v, Text) or (isinstance(v, str) and getattr(v, "key", None) is not None)


def _param(v, lang: str):
    """A parameter in ``lang``: catalogue text itself translated, a decimal number with the
    language's decimal mark; anything else as the English message shows it."""
    if _translatable(v):
        return local(v, lang)
    if isinstance(v, Grouped):
        return fmt_number(int(v), 0, lang)
    if isinstance(v, (Decimal, float)):
        return decimal_text(v, lang)
    return v


def say(key: str, lang: str = "en", /, **params) -> str:
    """Catalogue text ``key`` in ``lang`` with ``params`` filled in."""
    return tr(T, key, lang).format(**{k: _param(v, lang) for k, v in params.items()})


def text(key: str, /, **params) -> Text:
    """Catalogue message ``key`` as a :class:`Text`: English text, key and parameters kept."""
    t = Text(say(key, "en", **params))
    t.text_key, t.text_params = key, params
    return t


def local(message, lang: str | None) -> str:
    """``message`` in ``lang`` (``None``: as it is). A :class:`Text` from its catalogue, a
    workbook import message (:class:`~analysis.masterplan.workbook_errors.Msg`) from the
    workbook's catalogue, any other text unchanged."""
    if lang is None or not _translatable(message):
        return str(message)
    if isinstance(message, Text):
        return say(message.text_key, lang, **message.text_params)
    return _workbook_text(message.key, lang, message.params)


def _workbook_text(key: str, lang: str, params) -> str:
    """A workbook import message (namespace ``masterplan.workbook_import``) in ``lang``, its
    parameters as :mod:`analysis.masterplan.workbook_errors` writes them: ``("@", key,
    params)`` catalogue text, ``("#", text)`` a decimal number, ``("~", n)`` a whole number
    with grouped thousands. Read here, not imported: the workbook errors live in a higher
    layer than the messages of the data readers."""
    def param(v):
        if isinstance(v, tuple) and v and v[0] == "@":
            return _workbook_text(v[1], lang, v[2])
        if isinstance(v, tuple) and v and v[0] == "#":
            return decimal_text(v[1], lang)
        if isinstance(v, tuple) and v and v[0] == "~":
            return fmt_number(v[1], 0, lang)
        return v
    items = params.items() if isinstance(params, dict) else params
    return tr(texts("masterplan.workbook_import"), key, lang).format(
        **{k: param(v) for k, v in items})


def error_text(exc: BaseException, lang: str | None) -> str:
    """The message of ``exc`` in ``lang`` (``None``: ``str(exc)``).

    A :class:`~analysis.errors.DataValidationError` names file, row, column and value with the
    language's words (``baris``, ``kolom``, ``nilai``); a workbook error lists its cells in the
    language; an error raised with a :class:`Text` is that text in the language."""
    from analysis.errors import DataValidationError
    if lang is None:
        return str(exc)
    if hasattr(exc, "in_language"):
        return str(exc.in_language(lang))
    if isinstance(exc, DataValidationError):
        parts = [exc.file]
        if exc.row is not None:
            parts.append(say("where_row", lang, row=exc.row))
        if exc.column is not None:
            parts.append(say("where_column", lang, column=exc.column))
        if exc.value is not None:
            parts.append(say("where_value", lang, value=repr(exc.value)))
        return ", ".join(parts) + f": {local(exc.rule, lang)}"
    if len(exc.args) == 1 and _translatable(exc.args[0]):
        return local(exc.args[0], lang)
    return str(exc)


def warning_text(message, lang: str | None) -> str:
    """A warning's message (``warnings.warn`` with a :class:`Text`, or a warning object whose
    first argument is one) in ``lang``."""
    arg = message.args[0] if isinstance(message, Warning) and message.args else message
    return local(arg, lang)
