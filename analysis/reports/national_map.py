"""The data behind the national page's map and filters, computed once per run.

:func:`national_table` gathers one row per regency of the run's data (name, province, latest
group, every year's published final, IPM 2021, readiness index) from the processed tables the
run used; :func:`map_variables` turns the mappable columns into legend classes and colours;
:func:`map_shapes` projects the boundaries of all kabupaten/kota into SVG paths
(:mod:`analysis.plots.svgmap`). Nothing here draws or writes.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.i18n import fmt_number, texts, tr
from analysis.paths import as_raw_dir
from analysis.plots import svgmap
from analysis.plots.scales import scale_for
from analysis.processed.store import BUILD_FILE
from analysis.processed.project import read_tables

T = texts("reports.national_map")
#: Map width in SVG pixels and rounding of the path coordinates (whole pixels).
MAP_WIDTH, MAP_DECIMALS = 1000, 0


def national_table(processed_dir, data_dir=None) -> pd.DataFrame:
    """One row per regency of the run's processed profile table (the snapshot its reports
    used, read as written), indexed by Kemendagri code:
    ``nama``, ``provinsi``, ``kelompok`` (of the latest year), ``final_<year>`` (published
    final, NaN when not evaluated or not listed), ``ipm_2021`` and, when assessments exist,
    ``kesiapan`` (a regency's own assessment where it has one: ``attrs['readiness_own']``; with
    ``attrs['readiness_illustrative']``); the profile of the latest vintage.
    ``attrs['illustrative']``: the data set as a whole is illustrative (its manifest says so).
    ``data_dir`` is not read (kept for callers)."""
    tables = read_tables(processed_dir)
    prof = tables["profil"]
    if "vintase" in prof.columns:
        prof = prof.sort_values("vintase", ascending=False, kind="stable")
    prof = prof.drop_duplicates("kode_kemendagri").set_index("kode_kemendagri")
    out = prof[["nama", "provinsi"]].copy()
    if "ipm_2021" in prof.columns:
        out["ipm_2021"] = prof["ipm_2021"].astype(float)
    ev = tables["evaluasi"]
    years = sorted(int(y) for y in ev["tahun"].unique())
    for year in reversed(years):
        e = ev[(ev["tahun"] == year) & ev["dievaluasi"]].set_index("kode_kemendagri")
        out[f"final_{year}"] = e["nilai_final"].astype(float).reindex(out.index)
    if years:
        last = ev[ev["tahun"] == years[-1]].set_index("kode_kemendagri")["kelompok"]
        out["kelompok"] = last.reindex(out.index).where(lambda s: s.notna(), None)
    out.attrs["readiness_illustrative"] = False
    out.attrs["illustrative"] = dataset_illustrative(processed_dir)
    _add_readiness(out, tables.get("kesiapan"))
    _add_panel(out, tables.get("daya_saing"), tables.get("proyeksi"))
    return out


#: The panel variable the national page maps (gap to Java, projection at the horizon).
PANEL_MAP_VARIABLE = "ipm"


def _add_panel(out: pd.DataFrame, daya_saing: pd.DataFrame | None,
               proyeksi: pd.DataFrame | None) -> None:
    """IPM's gap to Java's same-kind median in the panel's latest year (``selisih_jawa``) and
    the projected IPM at the horizon (``proyeksi``), with their years in ``attrs``."""
    for col, table, value in (("selisih_jawa", daya_saing, "selisih_jawa"),
                              ("proyeksi", proyeksi, "nilai")):
        if table is None or table.empty:
            continue
        rows = table[table["variabel"] == PANEL_MAP_VARIABLE]
        year = int(rows["tahun"].max())
        values = rows[rows["tahun"] == year].set_index("kode_kemendagri")[value]
        out[col] = values.astype(float).reindex(out.index)
        out.attrs[f"{col}_tahun"] = year


def dataset_illustrative(processed_dir) -> bool:
    """True when the run's data set is illustrative as a whole (the top-level flag of the
    manifest copy the build wrote, ``manifest.json``)."""
    path = Path(processed_dir) / "manifest.json"
    if not path.is_file():
        return False
    return bool(json.loads(path.read_text(encoding="utf-8")).get("illustrative", False))


def _add_readiness(out: pd.DataFrame, tab: pd.DataFrame | None) -> None:
    """The readiness index of the run's processed ``kesiapan`` table: a regency with its own
    assessment (``--add``, ``sumber = own``) shows that one, as its report does, and is listed
    in ``attrs['readiness_own']``; every other regency its national row.
    ``attrs['readiness_illustrative']``: some value shown comes from illustrative data."""
    if tab is None or tab.empty or tab["indeks_kesiapan"].isna().all():
        return
    src = tab["sumber"] if "sumber" in tab.columns else pd.Series("", index=tab.index)
    own = tab[src == "own"].drop_duplicates("kode_kemendagri").set_index("kode_kemendagri")
    nat = tab[src != "own"].drop_duplicates("kode_kemendagri").set_index("kode_kemendagri")
    nat = nat[~nat.index.isin(own.index)]
    shown = pd.concat([nat, own])
    out["kesiapan"] = shown["indeks_kesiapan"].astype(float).reindex(out.index)
    out.attrs["readiness_own"] = sorted(c for c in own.index.astype(str) if c in out.index)
    flag = "illustrative" if "illustrative" in tab.columns else "ilustratif"
    out.attrs["readiness_illustrative"] = bool(shown[flag].astype(bool).any())


def variable_labels(table: pd.DataFrame, lang: str = "id") -> dict[str, str]:
    """``{column: label}`` of the mappable columns, the latest final first."""
    labels = {c: tr(T, "final", lang).format(year=c.split("_")[1])
              for c in table.columns if c.startswith("final_")}
    if "ipm_2021" in table.columns:
        labels["ipm_2021"] = tr(T, "ipm_2021", lang)
    if "kesiapan" in table.columns:
        own = table.attrs.get("readiness_own", ())
        labels["kesiapan"] = (tr(T, "readiness_own", lang).format(n=len(own)) if own else
                              tr(T, "readiness", lang))
    if "selisih_jawa" in table.columns:
        labels["selisih_jawa"] = tr(T, "gap_java", lang).format(
            year=table.attrs["selisih_jawa_tahun"])
    if "proyeksi" in table.columns:
        labels["proyeksi"] = tr(T, "projection", lang).format(year=table.attrs["proyeksi_tahun"])
    return labels


def map_variables(table: pd.DataFrame, lang: str = "id") -> list[dict]:
    """Per mappable column: key, label, illustrative flag, class limits, colours, legend
    labels and ``{code: [value text, class]}`` for regencies with a value; classes and colours
    of the variable's one colour scale (:func:`analysis.plots.scales.scale_for`)."""
    out = []
    decimals = {"ipm_2021": 1, "kesiapan": 1, "selisih_jawa": 1, "proyeksi": 1}
    for col, label in variable_labels(table, lang).items():
        vals = table[col].dropna()
        scale = scale_for(col)
        breaks = scale.breaks(vals.tolist())
        d = decimals.get(col, 2)
        out.append({
            "key": col, "label": label,
            "illustrative": bool(table.attrs.get("illustrative", False)
                                 or (col == "kesiapan"
                                     and table.attrs.get("readiness_illustrative", False))),
            "colors": list(scale.colours()[:max(len(breaks) - 1, 0)]),
            "legend": [f"{fmt_number(a, 2, lang)}–{fmt_number(b, 2, lang)}"
                       for a, b in zip(breaks, breaks[1:])],
            "values": {code: [_value_text(table, col, code, v, d, lang),
                              svgmap.classify(v, breaks)] for code, v in vals.items()}})
    return out


def _value_text(table: pd.DataFrame, col: str, code: str, v: float, d: int, lang: str) -> str:
    """A value as the map shows it; a regency's own readiness assessment says so."""
    text = fmt_number(v, d, lang)
    if col == "kesiapan" and code in table.attrs.get("readiness_own", ()):
        text += f" ({tr(T, 'own', lang)})"
    return text


def map_shapes(processed_dir=None, data_dir=None):
    """``({code: (name, path d)}, (width, height))`` for every kabupaten/kota: from the run's
    national map layer (``peta_kabkota.geojson`` in ``processed_dir``, plain JSON) when it is
    there, else from the validated boundaries of ``data_dir``."""
    # geopandas: only when a map is drawn
    from analysis.maps.layers import LAYER_FILE, national_layer
    layer = Path(processed_dir) / LAYER_FILE if processed_dir else None
    if layer is not None and layer.exists():
        features = json.loads(layer.read_text(encoding="utf-8"))["features"]
    else:
        features = json.loads(national_layer(as_raw_dir(data_dir)).to_json())["features"]
    codes = [str(f["properties"]["kode_kemendagri"]) for f in features]
    geoms = dict(zip(codes, (f["geometry"] for f in features)))
    names = dict(zip(codes, (str(f["properties"]["nama"]) for f in features)))
    paths, proj = svgmap.svg_paths(geoms, MAP_WIDTH, MAP_DECIMALS)
    return {c: (names[c], d) for c, d in sorted(paths.items())}, (proj.width, round(proj.height))


def national_context(manifest: dict, lang: str = "id"):
    """``(table, variables, shapes, size)`` for a run's page, or ``None`` when the run has no
    processed tables (e.g. a hand-made manifest): the page is then the table alone."""
    params = manifest.get("parameters", {})
    processed = params.get("processed_dir")
    if not processed or not (Path(processed) / BUILD_FILE).exists():
        return None
    data_dir = params.get("data_dir")
    table = national_table(processed, data_dir)
    shapes, size = map_shapes(processed, data_dir)
    return table, map_variables(table, lang), shapes, size
