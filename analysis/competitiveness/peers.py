"""Peer groups: province, island group, Java same kind, and the nearest regencies by profile.

:func:`profile` builds the profile each regency is compared on; :func:`peers` lists every
regency's peers in each group (the rules are in the package docstring,
:mod:`analysis.competitiveness`); :func:`peer_median` gives the median of a group's values per
variable and year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.competitiveness.checks import (CompetitivenessInputError, as_list, check_panel,
                                             check_regions, require_columns, select, select_codes)

#: Profile features of the nearest-peer rule (columns of :func:`profile`).
PROFILE_FEATURES = ("log_penduduk", "log_kepadatan", "ipm", "log_pdrb_per_kapita")
#: Peer groups, in the order :func:`peers` lists them.
GROUPS = ("provinsi", "pulau", "jawa_sejenis", "profil")
#: Number of nearest peers by profile.
K_NEAREST = 10
PEER_COLUMNS = ("kode", "kelompok", "kunci", "kode_pembanding", "urutan", "jarak")


def profile(panel: pd.DataFrame, population: pd.DataFrame, regions: pd.DataFrame,
            year: int | None = None) -> pd.DataFrame:
    """Each regency's profile for the nearest-peer rule, one row per regency of ``regions``.

    ``population`` has ``kode, penduduk`` (persons) and ``luas_km2`` (a cross-section; both
    must be positive). ``ipm`` and ``pdrb_per_kapita`` come from the panel in ``year``; by
    default the latest year in which both variables have values (the latest common year).
    Columns: ``kode, tahun_profil, penduduk, luas_km2, kepadatan`` (persons per km²), ``ipm,
    pdrb_per_kapita`` and the features :data:`PROFILE_FEATURES` (natural logs). A regency
    without one of the inputs has NaN features (it gets no profile peers; nothing is imputed).
    """
    regions = check_regions(regions)
    panel = check_panel(panel, regions)
    require_columns(population, ("kode", "penduduk", "luas_km2"), "population")
    pop = population[["kode", "penduduk", "luas_km2"]].copy()
    pop["kode"] = pop["kode"].astype(str)
    for col in ("penduduk", "luas_km2"):
        pop[col] = pd.to_numeric(pop[col], errors="coerce")
        bad = pop[~(pop[col] > 0) | ~np.isfinite(pop[col])]
        if len(bad):
            row = bad.iloc[0]
            raise CompetitivenessInputError(
                f"population: regency {row['kode']}: {col} "
                f"{population.loc[row.name, col]!r} is not a positive number")
    if pop["kode"].duplicated().any():
        raise CompetitivenessInputError(
            f"population: regency {pop['kode'][pop['kode'].duplicated()].iloc[0]} appears more "
            f"than once")
    wanted = ("ipm", "pdrb_per_kapita")
    years = [set(panel.loc[panel["variabel"] == v, "tahun"]) for v in wanted]
    common = sorted(years[0] & years[1])
    if year is None:
        if not common:
            raise CompetitivenessInputError("panel: no year has both ipm and pdrb_per_kapita; "
                                            "the profile needs both")
        year = common[-1]
    elif int(year) not in common:
        raise CompetitivenessInputError(f"year: {year!r} does not have both ipm and "
                                        f"pdrb_per_kapita in the panel (years {common})")
    year = int(year)
    vals = (panel[(panel["tahun"] == year) & panel["variabel"].isin(wanted)]
            .pivot(index="kode", columns="variabel", values="nilai"))
    out = regions[["kode"]].merge(pop, on="kode", how="left")
    out = out.merge(vals.reindex(columns=list(wanted)), left_on="kode", right_index=True,
                    how="left")
    out.insert(1, "tahun_profil", year)
    out["kepadatan"] = out["penduduk"] / out["luas_km2"]
    out["log_penduduk"] = np.log(out["penduduk"])
    out["log_kepadatan"] = np.log(out["kepadatan"])
    if (out["pdrb_per_kapita"] <= 0).any():
        raise CompetitivenessInputError("panel: pdrb_per_kapita must be positive for its log")
    out["log_pdrb_per_kapita"] = np.log(out["pdrb_per_kapita"])
    return out.reset_index(drop=True)


def zscores(profile: pd.DataFrame, features=PROFILE_FEATURES) -> pd.DataFrame:
    """Features standardised over the regencies with a complete profile: (x − mean) / sd, with
    the population standard deviation (ddof = 0). Index: ``kode``; incomplete rows dropped."""
    require_columns(profile, ("kode", *features), "profile")
    dup = profile["kode"].astype(str).duplicated()
    if dup.any():
        raise CompetitivenessInputError(f"profile: regency {profile['kode'][dup].iloc[0]} "
                                        f"appears more than once")
    x = profile.set_index(profile["kode"].astype(str))[list(features)].astype(float).dropna()
    sd = x.std(ddof=0)
    flat = [f for f in features if not sd[f] > 0]
    if flat:
        raise CompetitivenessInputError(f"profile: feature(s) {flat} do not vary across "
                                        f"regencies; they cannot be standardised")
    return (x - x.mean()) / sd


def peers(regions: pd.DataFrame, profile: pd.DataFrame, k: int = K_NEAREST, kode=None,
          groups=GROUPS, features=PROFILE_FEATURES) -> pd.DataFrame:
    """Every regency's peers, one row per (regency, group, peer); the regency is never its own
    peer.

    Groups (``kelompok``) and their ``kunci`` (what the members share):

    * ``provinsi``: the other regencies of its 2025 province (``kunci`` = province code);
    * ``pulau``: the other regencies of its island group (``kunci`` = island group);
    * ``jawa_sejenis``: Java's regencies of the same kind (``kunci`` = ``kabupaten``/``kota``);
    * ``profil``: the ``k`` nearest regencies of the same kind by Euclidean distance on the
      z-scores of ``features`` (:func:`zscores`); ties in distance go to the smaller code.
      ``urutan`` (1 = nearest) and ``jarak`` (the distance) are set for this group only.

    ``kode`` selects the regencies listed (None = all); ``groups`` selects groups.
    """
    regions = check_regions(regions)
    codes = select_codes(kode, regions)
    chosen = select(list(groups), "groups", GROUPS, "peer group")
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise CompetitivenessInputError(f"k: {k!r} is not a positive whole number")
    base = regions if codes is None else regions[regions["kode"].isin([str(c) for c in codes])]
    parts = []
    for group in chosen:
        if group == "profil":
            parts.append(_nearest(regions, profile, base, int(k), features))
            continue
        if group == "jawa_sejenis":
            members = regions[regions["pulau_jawa"]][["kode", "jenis"]]
            pairs = base[["kode", "jenis"]].merge(members, on="jenis", suffixes=("", "_p"))
            pairs["kunci"] = pairs["jenis"]
        else:
            col = "kode_provinsi" if group == "provinsi" else "pulau"
            pairs = base[["kode", col]].merge(regions[["kode", col]], on=col,
                                              suffixes=("", "_p"))
            pairs["kunci"] = pairs[col].astype(str)
        pairs = pairs[pairs["kode"] != pairs["kode_p"]]
        parts.append(pd.DataFrame({"kode": pairs["kode"], "kelompok": group,
                                   "kunci": pairs["kunci"], "kode_pembanding": pairs["kode_p"],
                                   "urutan": np.nan, "jarak": np.nan}))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=PEER_COLUMNS)
    out["kelompok"] = pd.Categorical(out["kelompok"], categories=GROUPS)
    out = out.sort_values(["kode", "kelompok", "urutan", "kode_pembanding"], na_position="last")
    out["kelompok"] = out["kelompok"].astype(str)
    out["urutan"] = out["urutan"].astype("Int64")
    return out[list(PEER_COLUMNS)].reset_index(drop=True)


def _nearest(regions: pd.DataFrame, profile: pd.DataFrame, base: pd.DataFrame, k: int,
             features) -> pd.DataFrame:
    z = zscores(profile, features)
    kind = regions.set_index("kode")["jenis"]
    parts = []
    for jenis in sorted(base["jenis"].unique()):
        pool = z[kind.reindex(z.index).eq(jenis).to_numpy()].sort_index()  # same kind, by code
        who = pool.index.intersection(base.loc[base["jenis"] == jenis, "kode"])
        if len(pool) < 2 or not len(who):
            continue
        a = pool.loc[who].to_numpy()
        b = pool.to_numpy()
        dist = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))
        self_pos = pool.index.get_indexer(who)
        dist[np.arange(len(who)), self_pos] = np.inf
        n = min(k, len(pool) - 1)
        # stable sort on distance keeps the code order (pool is sorted by code) within ties
        order = np.argsort(dist, axis=1, kind="stable")[:, :n]
        parts.append(pd.DataFrame({
            "kode": np.repeat(who.to_numpy(), n), "kelompok": "profil",
            "kunci": jenis, "kode_pembanding": pool.index.to_numpy()[order].ravel(),
            "urutan": np.tile(np.arange(1, n + 1), len(who)).astype(float),
            "jarak": np.take_along_axis(dist, order, axis=1).ravel()}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=PEER_COLUMNS)


def peer_median(panel: pd.DataFrame, peer_table: pd.DataFrame, group: str = "profil",
                variables=None) -> pd.DataFrame:
    """Median of the peers' values per regency, variable and year, for one peer ``group``.

    Columns ``kode, variabel, tahun, kelompok, median_kelompok, n_kelompok`` (peers with a
    value that year; the regency itself is not among its peers).
    """
    require_columns(panel, ("kode", "variabel", "tahun", "nilai"), "panel")
    require_columns(peer_table, ("kode", "kelompok", "kode_pembanding"), "peers")
    if group not in GROUPS:
        raise CompetitivenessInputError(f"group: unknown peer group {group!r}; one of "
                                        f"{list(GROUPS)}")
    data = panel[["kode", "variabel", "tahun", "nilai"]].astype({"kode": str})
    chosen = as_list(variables, "variables")
    if chosen is not None:
        select(chosen, "variables", data["variabel"].unique(), "variable")
        data = data[data["variabel"].isin(chosen)]
    pairs = peer_table.loc[peer_table["kelompok"] == group, ["kode", "kode_pembanding"]]
    joined = pairs.merge(data.rename(columns={"kode": "kode_pembanding"}), on="kode_pembanding")
    out = (joined.groupby(["kode", "variabel", "tahun"])["nilai"]
           .agg(median_kelompok="median", n_kelompok="size").reset_index())
    out.insert(3, "kelompok", group)
    return out.sort_values(["kode", "variabel", "tahun"]).reset_index(drop=True)
