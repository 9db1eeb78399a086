"""Where each regency stands per variable and year: province rank, medians, Java gap, percentile.

:func:`standing` turns the panel (long format, see ``analysis/data/panel.py``) and the regions
frame into the ``daya_saing`` table. All groups are computed at once with ``groupby`` (no loop
over regencies); the rules are in the package docstring (:mod:`analysis.competitiveness`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.competitiveness.checks import (CompetitivenessInputError, check_panel,
                                             check_regions, select, select_codes, select_years)

#: Values of the ``arah`` column: higher is better, lower is better, neither (a price level).
HIGHER, LOWER, NEUTRAL = "tinggi", "rendah", "netral"
_SIGN = {HIGHER: 1.0, NEUTRAL: 1.0, LOWER: -1.0}

#: Columns of the ``daya_saing`` table: the required ones first, then the extra ones.
COLUMNS = ("kode", "variabel", "tahun", "nilai", "peringkat_provinsi", "n_provinsi",
           "median_provinsi", "median_jawa_sejenis", "selisih_jawa", "persentil_nasional")
EXTRA_COLUMNS = ("nama", "jenis", "kode_provinsi", "provinsi", "pulau", "pulau_jawa", "seri",
                 "arah", "unggul_jawa", "n_jawa_sejenis", "median_pulau", "n_pulau",
                 "median_nasional", "n_nasional")


def direction(higher_is_better) -> str:
    """``arah`` code of a ``higher_is_better`` flag: True → ``tinggi``, False → ``rendah``,
    None → ``netral`` (neither better nor worse, e.g. the poverty line, a price level)."""
    if higher_is_better is None:
        return NEUTRAL
    if higher_is_better is True or higher_is_better is False:
        return HIGHER if higher_is_better else LOWER
    raise CompetitivenessInputError(f"higher_is_better must be True, False or None, not "
                                    f"{higher_is_better!r}")


def default_directions() -> dict[str, str]:
    """``{variable: arah}`` from the panel's variable table (``VARIABLES[v]['higher_is_better']``
    in :mod:`analysis.data.panel`)."""
    from analysis.data.panel import VARIABLES  # the panel module owns the variable table

    return {v: direction(meta.get("higher_is_better")) for v, meta in VARIABLES.items()}


def _directions(directions) -> dict[str, str]:
    if directions is None:
        return default_directions()
    out = {}
    for var, d in directions.items():
        out[str(var)] = d if d in _SIGN else direction(d)
    return out


def standing(panel: pd.DataFrame, regions: pd.DataFrame, year=None, variables=None, kode=None,
             directions: dict | None = None) -> pd.DataFrame:
    """The ``daya_saing`` table: one row per regency, variable and year with a value.

    Parameters
    ----------
    panel : long frame ``kode, variabel, tahun, nilai`` (optionally ``seri``, one per variable).
    regions : one row per regency: ``kode, jenis, kode_provinsi, provinsi, pulau_jawa, pulau``
        (optionally ``nama``).
    year : a year, a list of years, or None for every year of the panel.
    variables : a variable, a list, or None for every variable of the panel.
    kode : a Kemendagri code, a list, or None for every regency. Ranks, medians and percentiles
        are always computed over all regencies; ``kode`` only selects the rows returned.
    directions : ``{variable: True | False | None}`` (higher is better) or ``{variable: arah}``;
        None takes ``higher_is_better`` from :data:`analysis.data.panel.VARIABLES`.

    Returns
    -------
    Columns :data:`COLUMNS` then :data:`EXTRA_COLUMNS` (``nama`` when ``regions`` has it),
    sorted by ``kode, variabel, tahun``:

    * ``peringkat_provinsi``: rank among the province's regencies with a value that year,
      1 = best (highest; lowest where ``arah`` is ``rendah``; highest for ``netral``); ties
      share the smallest rank (``min`` method: 1, 2, 2, 4); ``n_provinsi`` regencies ranked;
    * ``median_provinsi``, ``median_pulau``, ``median_nasional``: medians over the regencies
      with a value that year (the regency itself included);
    * ``median_jawa_sejenis``: median over Java's regencies of the same ``jenis``
      (``n_jawa_sejenis`` of them; NaN when none has a value);
    * ``selisih_jawa`` = ``nilai − median_jawa_sejenis`` (signed, in the variable's unit);
    * ``unggul_jawa``: better than the Java median in the variable's direction (equal is not
      ahead); missing (``<NA>``) for ``netral`` variables and when there is no Java median;
    * ``persentil_nasional``: 100 × mid-rank / n over all regencies with a value that year,
      ranked from worst to best (for ``netral``: from lowest to highest). Without ties it is
      the share of regencies at or below the regency's standing, itself included (the best is
      100); tied regencies share the mean of their ranks.
    """
    regions = check_regions(regions)
    panel = check_panel(panel, regions)
    arah = _directions(directions)
    in_panel = sorted(panel["variabel"].unique())
    no_direction = [v for v in in_panel if v not in arah]
    if no_direction:
        raise CompetitivenessInputError(
            f"panel: variable(s) {no_direction} have no direction (higher is better or not); "
            f"known variables: {sorted(arah)}")
    chosen = select(variables, "variables", arah, "variable")
    if chosen is not None:
        empty = [v for v in chosen if v not in in_panel]
        if empty:
            raise CompetitivenessInputError(f"variables: {empty} have no values in the panel "
                                            f"(it holds {in_panel})")
    years = select_years(year, panel)
    codes = select_codes(kode, regions)

    df = panel
    if chosen is not None:
        df = df[df["variabel"].isin(chosen)]
    if years is not None:
        df = df[df["tahun"].isin(years)]
    if df.empty:
        raise CompetitivenessInputError(
            f"no values for variable(s) {chosen or in_panel} in year(s) {years}; the panel "
            f"holds {_coverage(panel, chosen or in_panel)}")
    keep = ["kode", *(c for c in ("nama",) if c in regions.columns), "jenis", "kode_provinsi",
            "provinsi", "pulau", "pulau_jawa"]
    df = df.merge(regions[keep], on="kode", how="left")  # regions' codes are unique (checked)
    df["arah"] = df["variabel"].map(arah)
    # ranks on a key where larger is better (the value, or minus the value)
    df["_key"] = df["nilai"] * df["arah"].map(_SIGN)

    by_year = ["variabel", "tahun"]
    prov = df.groupby([*by_year, "kode_provinsi"], sort=False)
    df["peringkat_provinsi"] = prov["_key"].rank(method="min", ascending=False).astype(int)
    df["n_provinsi"] = prov["nilai"].transform("size").astype(int)
    df["median_provinsi"] = prov["nilai"].transform("median")
    island = df.groupby([*by_year, "pulau"], sort=False)
    df["median_pulau"] = island["nilai"].transform("median")
    df["n_pulau"] = island["nilai"].transform("size").astype(int)
    nation = df.groupby(by_year, sort=False)
    df["median_nasional"] = nation["nilai"].transform("median")
    df["n_nasional"] = nation["nilai"].transform("size").astype(int)
    df["persentil_nasional"] = nation["_key"].rank(method="average", pct=True) * 100.0

    java = (df[df["pulau_jawa"]].groupby([*by_year, "jenis"])["nilai"]
            .agg(median_jawa_sejenis="median", n_jawa_sejenis="size").reset_index())
    df = df.merge(java, on=[*by_year, "jenis"], how="left")
    df["n_jawa_sejenis"] = df["n_jawa_sejenis"].fillna(0).astype(int)
    df["selisih_jawa"] = df["nilai"] - df["median_jawa_sejenis"]
    df["unggul_jawa"] = _ahead(df)

    if codes is not None:
        df = df[df["kode"].isin([str(c) for c in codes])]
    if "seri" not in df.columns:
        df["seri"] = pd.Series(pd.NA, index=df.index, dtype=object)
    cols = [*COLUMNS, *(c for c in EXTRA_COLUMNS if c in df.columns)]
    return df.sort_values(["kode", "variabel", "tahun"])[cols].reset_index(drop=True)


def _coverage(panel: pd.DataFrame, variables) -> str:
    span = panel[panel["variabel"].isin(variables)].groupby("variabel")["tahun"].agg(["min", "max"])
    return "; ".join(f"{v} {lo}–{hi}" for v, (lo, hi) in span.iterrows())


def _ahead(df: pd.DataFrame) -> pd.Series:
    """True where the value beats the Java same-kind median in the variable's direction."""
    gap = df["selisih_jawa"].to_numpy()
    sign = df["arah"].map({HIGHER: 1.0, LOWER: -1.0, NEUTRAL: np.nan}).to_numpy()
    known = ~np.isnan(gap * sign)
    out = pd.array(np.where(known, gap * sign > 0, False), dtype="boolean")
    out[~known] = pd.NA
    return pd.Series(out, index=df.index)
