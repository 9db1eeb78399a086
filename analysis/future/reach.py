"""When a regency would reach its province median and the Java median of its kind, at its own
pace.

Rule (``target="moving"``, the default): the regency's path is its published value at the
origin followed by its point projection (the chosen method's ``nilai`` in ``proyeksi``); the
target's path is, each year, the median over the peer group of the peers' paths built the same
way (published at the origin, projected after it). The year reached is the first year, from the
origin on, in which the regency's path is at or beyond the target's (at or above for a variable
where higher is better, at or below where lower is better); the origin year itself means it is
there already (``status`` ``"sudah"``); no such year up to the horizon is ``None`` ("not within
the horizon"). Both move: a regency catches up only by growing faster than its peers' median.
``target="fixed"`` compares the same path with the peers' median at the origin instead (where
the others are today), which flatters a growing regency; the rule used is in ``aturan``.

Peer groups (from the regions frame, :func:`analysis.data.panel.read_regions` contract):
``provinsi`` = every kabupaten and kota of the regency's 2025 province (itself included);
``jawa_sejenis`` = the regencies in Java's six provinces of the same ``jenis`` (kabupaten with
kabupaten, kota with kota; Kepulauan Seribu is a kabupaten, as the regions frame has it). The
median is over the peers that have a projection of the variable (``n_pembanding``), so it is
the same group in every year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.future.checks import (REGION_COLUMNS, FutureInputError, as_list, check_frame,
                                    check_panel)

REACH_COLUMNS = ["kode", "variabel", "pembanding", "tahun_asal", "nilai_asal", "target_asal",
                 "tahun_capai", "status", "n_pembanding", "aturan"]
GROUPS = ("provinsi", "jawa_sejenis")


def _direction(variable: str, directions: dict | None) -> int:
    if directions is not None and variable in directions:
        better = directions[variable]
    else:
        from analysis.data.panel import VARIABLES

        better = VARIABLES.get(variable, {}).get("higher_is_better")
    if better is None:
        raise FutureInputError(f"variable {variable!r}: no direction (higher or lower is "
                               f"better) is known, so 'reaching' a median has no meaning")
    return 1 if better else -1


def _paths(proyeksi: pd.DataFrame, panel: pd.DataFrame, variable: str,
           origin: int) -> pd.DataFrame:
    """Regency × year (origin … horizon): published value at the origin, projection after,
    for the regencies that have a projection of ``variable``."""
    proj = proyeksi[proyeksi["variabel"] == variable]
    wide = proj.pivot(index="kode", columns="tahun", values="nilai")
    at_origin = panel[(panel["variabel"] == variable) & (panel["tahun"] == origin)]
    start = at_origin.set_index("kode")["nilai"].reindex(wide.index)
    wide.insert(0, origin, start)
    return wide.dropna(subset=[origin])


def reach_year(proyeksi: pd.DataFrame, panel: pd.DataFrame, regions: pd.DataFrame,
               origin: int | None = None, kode=None, variables=None, target: str = "moving",
               directions: dict | None = None) -> pd.DataFrame:
    """For each regency of ``kode`` (default: all with a projection) and variable of
    ``proyeksi``: the year it would reach the median of its province and of Java's regencies
    of its kind (rule in the module docstring). Columns :data:`REACH_COLUMNS`: ``pembanding``
    (``provinsi`` | ``jawa_sejenis``), ``nilai_asal`` and ``target_asal`` (the regency's and the
    target's value at the origin), ``tahun_capai`` (nullable integer year; missing = not within
    the horizon), ``status`` (``sudah``, ``tercapai``, ``tidak_dalam_horizon``,
    ``tanpa_proyeksi``), ``n_pembanding`` (peers in the median) and ``aturan`` (``moving``:
    projected target path, ``fixed``: target level at the origin).

    ``proyeksi`` must hold the projections of all regencies (the peers' paths come from it),
    as :func:`~analysis.future.projection.project` returns them; ``origin`` defaults to the
    year before its first projected year. ``directions`` maps a variable to True/False (higher
    is better?); default :data:`analysis.data.panel.VARIABLES`.
    """
    if target not in ("moving", "fixed"):
        raise FutureInputError(f"target {target!r}: 'moving' (the peers' projected median) or "
                               f"'fixed' (their median at the origin)")
    check_frame(proyeksi, ("kode", "variabel", "tahun", "nilai"), "proyeksi")
    check_frame(regions, REGION_COLUMNS, "regions")
    data = check_panel(panel)
    if proyeksi.empty:
        raise FutureInputError("proyeksi: no rows; project first (all regencies)")
    proyeksi = proyeksi.assign(kode=proyeksi["kode"].astype(str))
    regions = regions.assign(kode=regions["kode"].astype(str),
                             kode_provinsi=regions["kode_provinsi"].astype(str))
    bad = regions.loc[~regions["jenis"].isin(("kabupaten", "kota")), "jenis"]
    if len(bad):
        raise FutureInputError(f"regions: column 'jenis' value {bad.iloc[0]!r} is neither "
                               f"'kabupaten' nor 'kota'")
    origin = int(proyeksi["tahun"].min()) - 1 if origin is None else int(origin)
    if origin >= int(proyeksi["tahun"].min()):
        raise FutureInputError(f"origin {origin}: the projection starts in "
                               f"{int(proyeksi['tahun'].min())}; the origin is a year before it")
    names = as_list(variables, "variables")
    present = list(dict.fromkeys(proyeksi["variabel"].astype(str)))
    if names is not None:
        unknown = [v for v in names if v not in present]
        if unknown:
            raise FutureInputError(f"unknown variable(s) {unknown}: not in proyeksi, which "
                                   f"has {present}")
    chosen = names or present
    codes = as_list(kode, "kode")
    known = set(regions["kode"])
    if codes is not None:
        codes = [str(c) for c in codes]
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise FutureInputError(f"unknown regency code(s) {unknown}: not in the regions "
                                   f"frame (codes are text, e.g. '64.02')")
    info = regions.set_index("kode")
    out = []
    for v in chosen:
        sign = _direction(v, directions)
        paths = _paths(proyeksi, data, v, origin)
        missing = sorted(set(paths.index) - known)
        if missing:
            raise FutureInputError(f"proyeksi: regency code(s) {missing[:5]} not in the "
                                   f"regions frame")
        years = np.array(paths.columns, dtype=int)
        kinds = info.loc[paths.index, "jenis"].to_numpy()
        provinces = info.loc[paths.index, "kode_provinsi"].to_numpy()
        java = info.loc[paths.index, "pulau_jawa"].astype(bool).to_numpy()
        groups = {}
        for prov in np.unique(provinces):
            groups[("provinsi", prov)] = paths.to_numpy()[provinces == prov]
        for kind in ("kabupaten", "kota"):
            groups[("jawa_sejenis", kind)] = paths.to_numpy()[java & (kinds == kind)]
        medians = {}
        for key, block in groups.items():
            if len(block):
                med = np.median(block, axis=0)
                medians[key] = (med if target == "moving" else np.full(len(years), med[0]),
                                len(block))
        for c in (codes if codes is not None else list(paths.index)):
            own = paths.loc[c].to_numpy() if c in paths.index else None
            for group in GROUPS:
                key = ("provinsi", info.at[c, "kode_provinsi"]) if group == "provinsi" \
                    else ("jawa_sejenis", info.at[c, "jenis"])
                med, n = medians.get(key, (None, 0))
                row = {"kode": c, "variabel": v, "pembanding": group, "tahun_asal": origin,
                       "nilai_asal": np.nan if own is None else own[0],
                       "target_asal": np.nan if med is None else med[0],
                       "tahun_capai": pd.NA, "n_pembanding": n, "aturan": target}
                if own is None or med is None:
                    row["status"] = "tanpa_proyeksi"
                else:
                    there = sign * (own - med) >= 0
                    if there[0]:
                        row.update(tahun_capai=origin, status="sudah")
                    elif there.any():
                        row.update(tahun_capai=int(years[np.argmax(there)]), status="tercapai")
                    else:
                        row["status"] = "tidak_dalam_horizon"
                out.append(row)
    res = pd.DataFrame(out, columns=REACH_COLUMNS)
    res["tahun_capai"] = res["tahun_capai"].astype("Int64")
    return res
