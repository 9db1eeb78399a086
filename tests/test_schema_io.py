"""The schema reader and atomic writes, on small hand-made files."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from analysis.data.schema import Column, Schema, quality_flags, read_table
from analysis.errors import DataValidationError
from analysis.io import atomic_path, write_csv

SCHEMA = Schema("t", (Column("kode", "code", pattern=r"\d{2}\.\d{2}"),
                      Column("n", "int", min=0),
                      Column("x", "float", nullable=True, min=0, max=4, expected=(1, 4)),
                      Column("grp", allowed=("A", "B"))),
                unique_together=(("kode",),))


def write(tmp_path, text):
    p = tmp_path / "t.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_codes_stay_text_and_types_convert(tmp_path):
    df = read_table(write(tmp_path, "kode,n,x,grp\n11.10,3,1.5,A\n64.02,0,,B\n"), SCHEMA)
    assert list(df.kode) == ["11.10", "64.02"]  # 11.10 must not become 11.1
    assert df.n.tolist() == [3, 0] and np.isnan(df.x.iloc[1])


@pytest.mark.parametrize("text,parts", [
    ("kode,n,x,grp\n11.10,3.5,1,A\n", ["row 2", "column 'n'", "'3.5'", "not a whole number"]),
    ("kode,n,x,grp\n11.10,3,1,C\n", ["row 2", "column 'grp'", "'C'", "allowed values"]),
    ("kode,n,x,grp\n11.10,3,1,A\n11.10,4,1,B\n", ["row 3", "duplicate kode", "already on row 2"]),
    ("kode,n,x,grp\n11.10,,1,A\n", ["row 2", "column 'n'", "required"]),
    ("kode,n,x,grp\n11.10,-1,1,A\n", ["row 2", "column 'n'", "below the minimum 0"]),
    ("kode,kode,x,grp\n1,2,3,4\n", ["row 1", "duplicate column names"]),
    ("", ["empty file"]),
])
def test_errors_name_row_column_value_rule(tmp_path, text, parts):
    with pytest.raises(DataValidationError) as exc:
        read_table(write(tmp_path, text), SCHEMA)
    msg = str(exc.value)
    assert "t.csv" in msg
    for part in parts:
        assert part in msg, (part, msg)


def test_nothing_in_a_file_is_executed(tmp_path):
    # a formula or Python expression is just text that fails the number rule
    with pytest.raises(DataValidationError, match="not a number"):
        read_table(write(tmp_path, "kode,n,x,grp\n11.10,__import__('os'),1,A\n"), SCHEMA)


def test_quality_flags_soft_range(tmp_path):
    df = read_table(write(tmp_path, "kode,n,x,grp\n11.10,1,0.6,A\n11.11,1,2,A\n"), SCHEMA)
    flags = quality_flags(df, SCHEMA, "t.csv", "kode")
    assert flags[["row", "kode", "column", "value"]].values.tolist() == [[2, "11.10", "x", 0.6]]


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("boom")
    assert os.listdir(tmp_path) == []
    write_csv(target, pd.DataFrame({"a": [1]}))
    assert target.read_text() == "a\n1\n" and os.listdir(tmp_path) == ["out.csv"]
