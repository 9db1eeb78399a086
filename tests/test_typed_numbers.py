"""Numbers typed as text in a table or workbook cell: what is read as a number, what is refused
and the hint given (thousands separators, a decimal comma only where unambiguous, digits outside
0-9, infinity). The workbooks carrying such cells: test_hostile_workbook.py."""
from __future__ import annotations

import pytest

from analysis.data.schema import typed_number
from analysis.masterplan.workbook_read import decimal_comma


@pytest.mark.parametrize("text, value, hint", [
    ("12", 12.0, None), ("-0.5", -0.5, None), ("2.75", 2.75, None), ("0.125", 0.125, None),
    ("1e3", 1000.0, None), ("1.234", None, "1234 with '.' as the thousands separator or 1.234"),
    ("100.000", None, "100000 with '.' as the thousands separator or 100.000"),
    ("1,234", None, "1234 with ',' as the thousands separator or 1.234"),
    ("1_000", None, "type 1000"), ("1 000", None, "type 1000"), ("1,5", None, "type 1.5"),
    ("1.234.567", None, "type 1234567"), ("1.234,5", None, "type 1234.5"),
    ("１２", None, "digits outside 0–9"), ("inf", None, "not a finite number"),
    ("tinggi", None, None)])
def test_typed_number(text, value, hint):
    v, why = typed_number(text)
    assert v == value
    assert (why is None) if hint is None else (hint in why), why


@pytest.mark.parametrize("text, value", [
    ("0,30", 0.3), ("2,5", 2.5), ("-0,75", -0.75), ("12,3456", 12.3456), (" 1,5 ", 1.5),
    ("1,234", None), ("100,000", None), ("1.234,5", None), ("1,2,3", None), (",5", None),
    ("5,", None), ("1,5e3", None), ("satu,lima", None)])
def test_decimal_comma_read_only_where_unambiguous(text, value):
    assert decimal_comma(text) == value
