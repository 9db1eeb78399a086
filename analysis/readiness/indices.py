"""The readiness indices, computed by the index engine as one pipeline.

Each item (1–4) is goalposted to 0–1 and the sub-dimensions multiply by 100, so sub-dimension,
pillar and overall indices are on 0–100 (:func:`readiness_index`). The readiness elements
(struktur, infrastruktur, suprastruktur) group the same normalised items by their ``element``
attribute: :func:`element_index` and the pillar × element grid (:func:`pillar_element_grid`)
are means of the normalised items of each group × 100. Every number comes from one run of
:func:`readiness_pipeline_spec` (:func:`run_readiness`); the uncertainty analysis varies the
same pipeline (:mod:`analysis.readiness.rank_uncertainty`).
"""
from __future__ import annotations

import pandas as pd

from analysis.frameworks import Framework
from analysis.i18n import PILLARS
from analysis.index.coherence import coherence_audit
from analysis.index.pipeline import PipelineResult, run_pipeline
from analysis.index.rank import rank_desc
from analysis.readiness.assessments import (ELEMENTS, UNIT, assessments_are_illustrative,
                                            assessments_wide, load_assessments,
                                            load_readiness_framework, regency_names)
from analysis.readiness.maturity import FRAMEWORK, maturity_label, maturity_level


def readiness_pipeline_spec(fw: Framework | None = None) -> dict:
    """The readiness index as a pipeline of the index engine: goalposts from the framework
    (1–4 → 0–1, spelled out so the pipeline needs no defaults), arithmetic means with the
    framework's weights."""
    fw = fw or load_readiness_framework()
    goalposts = {c: [float(fw.nodes[c].normalisation["min"]),
                     float(fw.nodes[c].normalisation["max"])] for c in fw.leaves}
    return {"name": FRAMEWORK, "unit_col": UNIT,
            "stages": {"normalised": {"method": "goalpost", "log": False, "goalposts": goalposts},
                       "aggregated": {"method": "arithmetic", "weights": "framework"}}}


def run_readiness(wide: pd.DataFrame, fw: Framework | None = None) -> PipelineResult:
    """The readiness pipeline over wide assessments; an item without a column is missing."""
    fw = fw or load_readiness_framework()
    data = wide.reindex(columns=[UNIT] + fw.leaves)
    data[UNIT] = data[UNIT].astype(str)
    return run_pipeline(fw, data, readiness_pipeline_spec(fw), unit_col=UNIT)


def readiness_pipeline(data_dir, fw: Framework | None = None) -> PipelineResult:
    """:func:`run_readiness` on the assessments of a data directory."""
    fw = fw or load_readiness_framework()
    return run_readiness(assessments_wide(load_assessments(data_dir, fw=fw)), fw)


def readiness_index(wide: pd.DataFrame, fw: Framework | None = None) -> pd.DataFrame:
    """Sub-dimension, pillar and overall indices (0–100) per regency, with the overall rank."""
    fw = fw or load_readiness_framework()
    out = run_readiness(wide, fw).stages["aggregated"][fw.aggregates].reset_index()
    out["rank"] = rank_desc(out[fw.root])
    return out


def normalised_items(wide: pd.DataFrame, fw: Framework | None = None) -> pd.DataFrame:
    """Items on 0–1 as the framework normalises them (goalposts 1–4), indexed by regency."""
    fw = fw or load_readiness_framework()
    norm = run_readiness(wide, fw).stages["normalised"]
    out = norm[[c for c in fw.leaves if c in wide.columns]]
    return out.rename_axis(None)


def _group_mean(norm: pd.DataFrame, fw: Framework, keys: tuple[str, ...]) -> pd.DataFrame:
    groups: dict[tuple, list[str]] = {}
    for c in norm.columns:
        groups.setdefault(tuple(fw.nodes[c].attrs[k] for k in keys), []).append(c)
    return pd.DataFrame({g: norm[cols].mean(axis=1, skipna=True) * 100
                         for g, cols in groups.items()})


def element_index(wide: pd.DataFrame, fw: Framework | None = None) -> pd.DataFrame:
    """Per regency the index (0–100) of each readiness element over all pillars."""
    fw = fw or load_readiness_framework()
    out = _group_mean(normalised_items(wide, fw), fw, ("element",))
    out.columns = [c[0] for c in out.columns]
    return out[[e for e in ELEMENTS if e in out.columns]].rename_axis(UNIT).reset_index()


def pillar_element_grid(wide: pd.DataFrame, fw: Framework | None = None) -> pd.DataFrame:
    """Long table ``kode_kemendagri, pilar, elemen, indeks`` (0–100): the pillar × element grid."""
    fw = fw or load_readiness_framework()
    g = _group_mean(normalised_items(wide, fw), fw, ("pillar", "element"))
    long = g.stack(level=[0, 1], future_stack=True).rename("indeks").reset_index()
    long.columns = [UNIT, "pilar", "elemen", "indeks"]
    return long


def grid_matrix(grid: pd.DataFrame, code: str | None = None) -> pd.DataFrame:
    """Pillar × element matrix of one regency, or the mean over regencies when ``code`` is None."""
    g = grid if code is None else grid[grid[UNIT] == str(code)]
    m = g.pivot_table(index="pilar", columns="elemen", values="indeks", aggfunc="mean")
    return m.reindex(index=[p for p in PILLARS if p in m.index],
                     columns=[e for e in ELEMENTS if e in m.columns])


def readiness_table(data_dir, cutoffs=None, lang: str = "id") -> pd.DataFrame:
    """One row per regency: overall index, rank, maturity, pillars and elements (all 0–100).

    Unrounded; the ``ilustratif`` column says the data are illustrative. Computed on every
    call: the build stage stores it, nothing is cached here.
    """
    fw = load_readiness_framework()
    return table_from_assessments(load_assessments(data_dir, fw=fw), cutoffs, lang, fw)


def table_from_assessments(long: pd.DataFrame, cutoffs=None, lang: str = "id",
                           fw: Framework | None = None) -> pd.DataFrame:
    """:func:`readiness_table` of the long assessments ``long``, ranked among its regencies
    (used for regencies' own assessments: :mod:`analysis.readiness.own`), with the
    coverage of each assessment: ``n_butir_dinilai`` items scored of the framework's
    ``n_butir``."""
    fw = fw or load_readiness_framework()
    wide = assessments_wide(long)
    idx = readiness_index(wide, fw)
    out = idx[[UNIT]].copy()
    out["nama"] = out[UNIT].map(regency_names(long))
    out["indeks_kesiapan"] = idx[fw.root]
    out["peringkat"] = idx["rank"]  # ties share the lowest rank, float noise rounded away
    out["tingkat"] = maturity_level(out["indeks_kesiapan"], cutoffs)
    out["tingkat_label"] = [maturity_label(v, lang, fw) for v in out["tingkat"]]
    for p in PILLARS:
        out[p] = idx[p]
    el = element_index(wide, fw).set_index(UNIT)
    for e in ELEMENTS:
        out[e] = out[UNIT].map(el[e])
    out["ilustratif"] = assessments_are_illustrative(long)
    items = [c for c in fw.leaves if c in wide.columns]
    scored = wide.set_index(UNIT)[items].notna().sum(axis=1)
    out["n_butir_dinilai"] = out[UNIT].map(scored).fillna(0).astype(int)
    out["n_butir"] = len(fw.leaves)
    return out.sort_values("peringkat", kind="stable").reset_index(drop=True)


def coherence(data_dir) -> dict[str, pd.DataFrame]:
    """:func:`coherence_of` the assessments of a data directory."""
    fw = load_readiness_framework()
    return coherence_of(load_assessments(data_dir, fw=fw), fw)


def coherence_of(long: pd.DataFrame, fw: Framework | None = None) -> dict[str, pd.DataFrame]:
    """The statistical coherence audit of the readiness index over the long assessments
    ``long`` (tables of :func:`analysis.index.coherence.coherence_audit`: stats, correlations,
    flags, groups, vif)."""
    return coherence_audit(run_readiness(assessments_wide(long), fw))
