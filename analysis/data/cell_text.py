"""Characters a person cannot see in a cell: found and named, never silently kept in a key.

A zero-width space, a byte-order mark, a soft hyphen, a direction override (Unicode format
characters, category Cf), a control character or another default-ignorable code point makes
``P1`` and ``P1\u200b`` two different identifiers that look the same: duplicate checks pass,
joins miss. :func:`invisible_characters` finds them; :func:`invisible_rule` says which (code
point and Unicode name) and what to do. Tabs and line breaks (Alt+Enter in a cell) are visible
and allowed.
"""
from __future__ import annotations

import unicodedata

from analysis.messages import text as message

#: Default-ignorable code points outside category Cf (Unicode's DerivedCoreProperties):
#: combining grapheme joiner, Hangul fillers, Mongolian selectors, variation selectors...
_IGNORABLE = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
              (0x2800, 0x2800), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0),
              (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
_VISIBLE_CONTROLS = "\t\n\r"


def _invisible(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if cat == "Cf" or cat == "Cs" or (cat == "Cc" and ch not in _VISIBLE_CONTROLS):
        return True
    o = ord(ch)
    return any(a <= o <= b for a, b in _IGNORABLE)


def invisible_characters(text: str) -> list[str]:
    """Each distinct invisible character of ``text`` as ``U+200B (ZERO WIDTH SPACE)``."""
    if text.isascii() and text.isprintable():
        return []
    out: list[str] = []
    for ch in text:
        if _invisible(ch):
            name = unicodedata.name(ch, "unnamed")
            item = f"U+{ord(ch):04X} ({name})"
            if item not in out:
                out.append(item)
    return out


def invisible_rule(text: str) -> str | None:
    """Why ``text`` is refused (its invisible characters and what to do; catalogue text), or
    ``None``."""
    found = invisible_characters(text)
    if not found:
        return None
    return message("invisible_many" if len(found) > 1 else "invisible_one",
                   which=", ".join(found))
