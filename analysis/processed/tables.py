"""Every table of ``data/processed``: the base tables
(:data:`analysis.processed.base_tables.BASE_TABLES`) and the results the report sections read —
readiness, correlations, risk, SWOT, programmes.

Each entry is a :class:`~analysis.processed.spec.TableSpec`; its compute function has the signature
``compute(src, tables, code=None) -> DataFrame`` and calls the public functions of the analysis
packages (no logic of its own beyond naming columns). Every table has ``kode_kemendagri`` as
its regency column; tables built from illustrative data have an ``illustrative`` column.
Per-regency tables (``per_regency=True``) are computed from that regency's own files only.
"""
from __future__ import annotations

import pandas as pd

from analysis import readiness as rd
from analysis.processed.figures import FIGURE_TABLES
from analysis.processed.own_tables import OWN_TABLES
from analysis.processed.panel_tables import PANEL_TABLES
from analysis.processed.read_tables import programmes_of
from analysis.processed.base_tables import BASE_TABLES
from analysis.processed.spec import Sources, TableSpec
from analysis.processed.strategy_tables import STRATEGY_TABLES
from analysis.correlations.data import frame_of_tables
from analysis.correlations.results import model_tables, percentile_table
from analysis.data.as_read import FILE_DTYPES, file_cells, files_frame, files_of
from analysis.data import template_tables as tpl
from analysis.data.raw_tables import current_profiles
from analysis.evaluation.lever_tables import lever_table, milestone_table
from analysis.i18n import PILLAR_CODES
from analysis.masterplan import progress, risk, swot
from analysis.readiness import own as own_rd
from analysis.readiness.built import split_assessments

UNIT = "kode_kemendagri"
#: Columns of the readiness table (``kesiapan``): indices 0–100, rank, maturity levels, the
#: pillar maturity levels ``tingkat_<pillar>``, the rank interval of the uncertainty analysis and
#: the items scored of the framework's (``n_butir_dinilai`` of ``n_butir``).
RANK_COLUMNS = ["peringkat_nominal", "peringkat_median", "peringkat_p05", "peringkat_p95",
                "peringkat_sampel", "peringkat_putaran"]
READINESS_COLUMNS = ([UNIT, "nama", "indeks_kesiapan", "peringkat", "tingkat", *PILLAR_CODES,
                      *(f"tingkat_{p}" for p in PILLAR_CODES), *rd.ELEMENTS, "illustrative"]
                     + RANK_COLUMNS + ["sumber", "n_pembanding", "n_butir_dinilai", "n_butir"])
#: Samples of the readiness uncertainty analysis (as the reports have always used).
RANK_SAMPLES = 256


ASSESSMENTS = "penilaian_kesiapan"


def _assessments(tables: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(national, own)`` long assessments of the ``penilaian_kesiapan`` table; the national
    ones empty when the data hold no national assessment file."""
    return split_assessments(tables[ASSESSMENTS])


def readiness_indices(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """One row per assessed regency: :func:`analysis.readiness.table_from_assessments` of the
    national assessments (without the language-bound label), each pillar's maturity level and
    the rank interval (:func:`analysis.readiness.intervals_of_assessments`,
    :data:`RANK_SAMPLES` samples), then the own assessments (``--add``). Empty when the data
    hold no national readiness assessments."""
    nat, own = _assessments(tables)
    if nat.empty:
        return pd.DataFrame(columns=READINESS_COLUMNS)
    fw = rd.load_readiness_framework()
    # own assessments after the national rows, ranked only among real own ones (never among
    # the illustrative national assessments)
    tab = own_rd.layered_table(rd.table_from_assessments(nat, fw=fw),
                               own_rd.own_table_of(own, fw=fw) if not own.empty else None)
    tab = tab.drop(columns="tingkat_label").rename(columns={"ilustratif": "illustrative"})
    for p in PILLAR_CODES:
        tab[f"tingkat_{p}"] = rd.maturity_level(tab[p])
    ranks = rd.intervals_of_assessments(nat, fw, RANK_SAMPLES).set_index("unit")
    national = tab[own_rd.SOURCE_COLUMN] != "own"
    for col, src_col in zip(RANK_COLUMNS[:4], ("nominal_rank", "median_rank", "p05_rank",
                                               "p95_rank")):
        tab[col] = tab[UNIT].map(ranks[src_col]).where(national)
    tab["peringkat_sampel"] = pd.array([RANK_SAMPLES] * len(tab), dtype="Int64")
    tab["peringkat_putaran"] = pd.array(
        [RANK_SAMPLES * (len(rd.UNCERTAINTY_SPEC["inputs"]) + 2)] * len(tab), dtype="Int64")
    tab.loc[~national, ["peringkat_sampel", "peringkat_putaran"]] = pd.NA
    return tab[READINESS_COLUMNS]


def readiness_grid(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Long ``kode_kemendagri, pilar, elemen, indeks`` (0–100): the pillar × element grid
    (:func:`analysis.readiness.pillar_element_grid`) of the national assessments with
    ``illustrative``, then the own assessments' (``--add``)."""
    nat, own = _assessments(tables)
    if nat.empty:
        return pd.DataFrame(columns=[UNIT, "pilar", "elemen", "indeks", "illustrative"])
    fw = rd.load_readiness_framework()
    out = rd.pillar_element_grid(rd.assessments_wide(nat), fw)
    out["illustrative"] = rd.assessments_are_illustrative(nat)
    out[own_rd.SOURCE_COLUMN] = "illustrative" if out["illustrative"].any() else "published"
    if not own.empty:
        mine = own_rd.own_grid_of(own, fw).assign(illustrative=False)
        out = pd.concat([out, mine[out.columns]], ignore_index=True)
    return out


#: The tables the correlation analysis frame is made of (:func:`correlation_input`).
CORRELATION_DEPENDS = ("profil", "evaluasi", "kesiapan")


def correlation_input(tables: dict) -> pd.DataFrame:
    """The correlation analysis frame (:func:`analysis.correlations.data.frame_of_tables`) of
    the built tables :data:`CORRELATION_DEPENDS`: the current profile vintage, the evaluations
    and the national readiness rows."""
    return frame_of_tables(current_profiles(tables["profil"]), tables["evaluasi"],
                           tables["kesiapan"])


def _correlation_frames(tables: dict) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frame = correlation_input(tables)
    fitted, summary = model_tables(frame)
    fitted["kesiapan_illustrative"] = bool(frame.attrs.get("readiness_illustrative", False))
    return fitted, summary, percentile_table(frame)


def correlation_frame(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """The correlation analysis frame (profiles × years, :func:`correlation_input`) with each
    year's OLS prediction, residual, standardised residual and verdict (:func:`model_tables`)."""
    return _correlation_frames(tables)[0]


def correlation_models(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """One row per year: units in the cross-section and the OLS model's formula, n, R²."""
    return _correlation_frames(tables)[1]


def correlation_percentiles(src: Sources, tables: dict, code: str | None = None):
    """Every regency's percentile on each continuous profile variable, per year."""
    return _correlation_frames(tables)[2]


# The per-regency risk registers and SWOT factor tables as read (``risiko_masukan``,
# ``swot_masukan``: every cell's text, :mod:`analysis.data.as_read`), each file validated by the
# reader its command uses; the risk and SWOT tables are computed from them, and the programme
# tables from the programme and realisation files as read (``program_masukan``,
# ``realisasi_masukan``, :mod:`analysis.processed.read_tables`): frames in.


def risk_register_text(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Every risk register file of regency ``code`` (all when None) in the layered sources as
    read (``tahun``: the year in its name), after :func:`analysis.masterplan.risk.
    read_register` accepted it (a bad register fails the build naming file, row and column)."""
    frames = []
    for path in src.files(f"risk_register_{code or '*'}_*.csv"):
        m = risk.REGISTER_RE.fullmatch(path.name)
        if m:
            raw, source = tpl.read_text(path, "risk")
            raw = tpl.normalise(raw, "risk", source)
            risk.register_of_text(raw, source)
            frames.append(file_cells(m.group(1), int(m.group(2)), src.label(path), raw, source))
    return files_frame(frames)


def swot_factor_text(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Every SWOT factor file of regency ``code`` (all when None) as read, after
    :func:`analysis.masterplan.swot.read_factors` accepted it."""
    frames = []
    for path in src.files(f"swot_factors_{code or '*'}.csv"):
        m = swot.FACTORS_RE.fullmatch(path.name)
        if m:
            raw, source = tpl.read_text(path, "swot")
            raw = tpl.normalise(raw, "swot", source)
            swot.factors_of_text(raw, source)
            frames.append(file_cells(m.group(1), None, src.label(path), raw, source))
    return files_frame(frames)


def registers_as_read(text: pd.DataFrame, scale: str | None = None, bands: str | None = None,
                      appetite: float | None = None) -> list[tuple]:
    """``(code, year, rows, scale)`` of every register of a ``risiko_masukan`` selection, by
    regency then year, validated and typed by :func:`analysis.masterplan.risk.
    register_of_text` on ``scale``, ``bands`` and ``appetite`` (default: each register's own),
    errors naming the file's rows."""
    out = []
    for (c, year), cells in text.groupby([UNIT, "tahun"], sort=True):
        for _, raw, source in files_of(cells, "risk"):
            out.append((str(c), int(year), *risk.register_of_text(raw, source, scale, bands,
                                                                  appetite)))
    return out


def factors_as_read(text: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """``(code, factors)`` of every SWOT factor table of a ``swot_masukan`` selection, by
    regency, validated and typed by :func:`analysis.masterplan.swot.factors_of_text`."""
    return [(c, swot.factors_of_text(raw, source)) for c, raw, source in files_of(text, "swot")]


RISK_TEXT, SWOT_TEXT = "risiko_masukan", "swot_masukan"


def risk_registers(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Every risk register of ``risiko_masukan`` (a regency's partition), scored,
    with ``year``, scale,
    band set, appetite and every flag (``above_appetite``, ``untreated``,
    ``residual_above_appetite``): :func:`analysis.masterplan.risk.register_table`."""
    frames = [risk.register_table(risk.score_register(df, sc), sc, c, year)
              for c, year, df, sc in registers_as_read(tables[RISK_TEXT])]
    if not frames:
        return pd.DataFrame(columns=risk.TABLE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _swot_scored(tables: dict) -> list[tuple[str, pd.DataFrame]]:
    return [(c, swot.score_factors(df)) for c, df in factors_as_read(tables[SWOT_TEXT])]


def swot_factors(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Every SWOT factor of ``swot_masukan`` (a regency's partition) with its
    score (weight × rating) and IFAS/EFAS
    score (W and T reversed): :func:`analysis.masterplan.swot.factor_table`."""
    frames = [swot.factor_table(scored, c) for c, scored in _swot_scored(tables)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[UNIT])


def swot_summaries(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per regency, year and pillar: IFAS/EFAS totals, quadrant, IE cell, ``views_disagree``
    (:func:`analysis.masterplan.swot.summary_table`)."""
    frames = [swot.summary_table(scored, c) for c, scored in _swot_scored(tables)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[UNIT])


def whatif_levers(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per evaluated regency, year and dimension: weight, headroom, largest gain and the
    recomputed final (:func:`analysis.evaluation.lever_tables.lever_table`)."""
    return lever_table(tables["evaluasi"])


def whatif_milestones(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per evaluated regency and year: group median, rank and the regency ranked just above
    (:func:`analysis.evaluation.lever_tables.milestone_table`)."""
    return milestone_table(tables["evaluasi"], tables["whatif_tuas"])


def _programme_table(name: str):
    def compute(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
        found = programmes_of(tables, realisation_required=True)
        return pd.DataFrame(columns=[UNIT]) if found is None else \
            progress.programme_tables(*found, code)[name]
    compute.__name__ = compute.__qualname__ = f"programme_table_{name}"
    compute.__doc__ = (f"Table ``{name}`` of :func:`analysis.masterplan.progress."
                       f"programme_tables` for regency ``code``, from its programme and "
                       f"realisation files as read (:func:`analysis.processed.read_tables."
                       f"programmes_of`, the realisation required).")
    return compute


_FLAGS = {"illustrative": "bool"}
_INTS = {c: "Int64" for c in ("likelihood", "impact", "residual_likelihood", "residual_impact",
                              "magnitude", "residual_magnitude")}
#: The programme tables' inputs: a regency's programme and realisation files as read.
PROGRAMME_INPUTS = ("program_masukan", "realisasi_masukan")

TABLES: list[TableSpec] = [
    *BASE_TABLES,
    TableSpec("kesiapan", (), readiness_indices, depends=(ASSESSMENTS,),
              dtypes={UNIT: "str", "peringkat": "Int64", "tingkat": "Int64", **_FLAGS,
                      **{f"tingkat_{p}": "Int64" for p in PILLAR_CODES},
                      "peringkat_nominal": "Int64", "peringkat_sampel": "Int64",
                      "peringkat_putaran": "Int64",
                      "n_pembanding": "Int64"},
              description="readiness indices (0-100), rank, maturity levels, rank intervals"),
    TableSpec("kesiapan_grid", (), readiness_grid, depends=(ASSESSMENTS,),
              dtypes={UNIT: "str", **_FLAGS},
              description="readiness pillar x element grid (0-100)"),
    TableSpec("whatif_tuas", (), whatif_levers, depends=("evaluasi",),
              dtypes={UNIT: "str", "tahun": "int64", "dimensi": "str"},
              description="what-if levers: weight, headroom, largest gain per dimension"),
    TableSpec("whatif_tonggak", (), whatif_milestones, depends=("evaluasi", "whatif_tuas"),
              dtypes={UNIT: "str", "tahun": "int64", "kelompok": "str", "peringkat": "int64",
                      "n_kelompok": "int64", "naik_kode": "str", "naik_nama": "str",
                      "naik_peringkat": "Int64"},
              description="what-if milestones: group median, rank, the regency just above"),
    TableSpec("korelasi", (), correlation_frame, depends=CORRELATION_DEPENDS,
              dtypes={UNIT: "str", "tahun": "int64", "dievaluasi": "bool",
                      "kesiapan_illustrative": "bool"},
              description="correlation frame: profiles x years, OLS predictions and residuals"),
    TableSpec("korelasi_model", (), correlation_models, depends=CORRELATION_DEPENDS,
              dtypes={"tahun": "int64", "n_potong_lintang": "int64", "n": "int64"},
              description="OLS model of the final score per year: formula, n, R2"),
    TableSpec("korelasi_persentil", (), correlation_percentiles, depends=CORRELATION_DEPENDS,
              dtypes={UNIT: "str", "tahun": "int64"},
              description="percentile of each regency per profile variable"),
    TableSpec(RISK_TEXT, ("risk_register_*.csv",), risk_register_text, per_regency=True,
              dtypes=FILE_DTYPES, description="risk registers as read: every cell's text"),
    TableSpec(SWOT_TEXT, ("swot_factors_*.csv",), swot_factor_text, per_regency=True,
              dtypes=FILE_DTYPES, description="SWOT factor tables as read: every cell's text"),
    TableSpec("risiko", (), risk_registers, depends=(RISK_TEXT,), per_regency=True,
              dtypes={UNIT: "str", "risk_id": "str", **_INTS, "above_appetite": "bool",
                      "untreated": "bool", "residual_above_appetite": "bool",
                      "residual_unassessed": "bool", **_FLAGS},
              description="scored risk registers, every flag, per regency and year"),
    TableSpec("swot_faktor", (), swot_factors, depends=(SWOT_TEXT,), per_regency=True,
              dtypes={UNIT: "str", "year": "Int64", "factor_code": "str", **_FLAGS},
              description="SWOT factors with their scores"),
    TableSpec("swot_ringkasan", (), swot_summaries, depends=(SWOT_TEXT,), per_regency=True,
              dtypes={UNIT: "str", "year": "Int64", "views_disagree": "bool", **_FLAGS},
              description="SWOT per pillar: IFAS/EFAS, quadrant, IE cell"),
    TableSpec("program", (), _programme_table("program"),
              depends=PROGRAMME_INPUTS, per_regency=True,
              dtypes={UNIT: "str", "id": "str", "quick_win": "bool", "strategy_code": "str",
                      **_FLAGS},
              description="masterplan programmes"),
    TableSpec("program_status", (), _programme_table("program_status"), depends=PROGRAMME_INPUTS,
              per_regency=True,
              dtypes={UNIT: "str", "id": "str", "year": "int64", "reported": "bool", **_FLAGS},
              description="programme x year status (completed/cancelled carried forward)"),
    TableSpec("program_capaian", (), _programme_table("program_capaian"), depends=PROGRAMME_INPUTS,
              per_regency=True, dtypes={UNIT: "str", "year": "int64", **_FLAGS},
              description="share of planned programmes running per pillar and year"),
    TableSpec("program_lintasan", (), _programme_table("program_lintasan"),
              depends=PROGRAMME_INPUTS,
              per_regency=True, dtypes={UNIT: "str", "year": "int64", **_FLAGS},
              description="milestones planned vs achieved: on track / behind / ahead"),
    TableSpec("program_kategori", (), _programme_table("program_kategori"),
              depends=PROGRAMME_INPUTS,
              per_regency=True, dtypes={UNIT: "str", "year": "int64", **_FLAGS},
              description="completion per action-plan category and year"),
    *PANEL_TABLES,      # BPS panel: competitiveness, future analysis
    *OWN_TABLES,        # own data (--add): provenance, RPJMD alignment, on track per year
    *STRATEGY_TABLES,   # the strategy chapter: TOWS, priorities, gaps, roadmap
    *FIGURE_TABLES,     # the maps' backdrops per language, the charts'
]
