"""A large processed table is read per regency through an index of its rows, with exactly the
rows (and order, and labels) a comparison over every row gives."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.reports.context import INDEXED_ROWS, RegencyContext, rows_by_code


def _ctx(tables: dict, code: str) -> RegencyContext:
    return RegencyContext(code=code, lang="id", data_dir=None, profile=pd.Series(dtype=object),
                          vintages=pd.DataFrame(), evaluations=pd.DataFrame(),
                          quality=pd.DataFrame(), manifest={}, illustrative=False, tables=tables)


def test_indexed_rows_equal_the_filtered_rows():
    rng = np.random.default_rng(7)
    n = INDEXED_ROWS + 500
    codes = rng.choice(["64.02", "62.06", "11.01"], size=n)
    big = pd.DataFrame({"kode_kemendagri": pd.array(codes, dtype="string"),
                        "nilai": rng.normal(size=n)}, index=np.arange(n) * 3)
    for code in ("64.02", "62.06", "99.99"):
        got = _ctx({"t": big}, code).table("t")
        assert got.equals(big[big["kode_kemendagri"] == code]), code
    assert rows_by_code(big) is rows_by_code(big)        # computed once per table object
    small = big.iloc[:10]
    assert _ctx({"s": small}, "64.02").table("s").equals(
        small[small["kode_kemendagri"] == "64.02"])
