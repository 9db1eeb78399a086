"""Choosing rows of the competitiveness tables by regency, variable and year, as the command,
the notebook and the app ask for them: an unknown choice is an error naming it."""
from __future__ import annotations

from analysis.competitiveness.checks import (CompetitivenessInputError, select, select_codes,
                                             select_years)


def select_rows(daya_saing, trend, regencies=None, variables=None, years=None):
    """The rows of ``daya_saing`` and ``trend`` (analysis frames, column ``kode``) for the
    chosen regencies, variables and years (``None`` = all); an unknown one is an error."""
    if daya_saing.empty:
        raise CompetitivenessInputError("the data directory holds no BPS panel "
                                        "(bps_panel_*.csv): nothing to compare")
    codes = select_codes(regencies, daya_saing[["kode"]].drop_duplicates())
    names = select(variables, "variable", daya_saing["variabel"].unique(), "panel variable")
    chosen = select_years(years, daya_saing)
    ds, tr = daya_saing, trend
    if codes is not None:
        ds, tr = ds[ds["kode"].isin(codes)], tr[tr["kode"].isin(codes)]
    if names is not None:
        ds, tr = ds[ds["variabel"].isin(names)], tr[tr["variabel"].isin(names)]
    if chosen is not None:
        ds = ds[ds["tahun"].isin(chosen)]
    return ds.reset_index(drop=True), tr.reset_index(drop=True)
