"""The risk and SWOT tables of a directory's files as the build computes them: each regency's
files as read (``risiko_masukan``, ``swot_masukan``), then the table computed from those
frames only."""
from __future__ import annotations

import pandas as pd

from analysis.processed import tables


def risk_table(src, code: str) -> pd.DataFrame:
    """The ``risiko`` rows of regency ``code``'s registers in ``src``."""
    return tables.risk_registers(None, {tables.RISK_TEXT: tables.risk_register_text(src, {}, code)})


def swot_table(compute, src, code: str) -> pd.DataFrame:
    """``compute`` (:func:`analysis.processed.tables.swot_factors` or ``swot_summaries``) of
    regency ``code``'s SWOT factor table in ``src``."""
    return compute(None, {tables.SWOT_TEXT: tables.swot_factor_text(src, {}, code)})


def regency_tables(src, code: str, specs=None) -> dict:
    """The tables of ``specs`` (default: the own-data tables,
    :data:`analysis.processed.own_tables.OWN_TABLES`) as the build computes them for regency
    ``code``: each per-regency table that regency's partition, from the partitions of the
    tables it depends on; a whole table computed once."""
    from analysis.processed.engine import order_specs
    from analysis.processed.own_tables import OWN_TABLES
    out: dict = {}
    for spec in order_specs(OWN_TABLES if specs is None else specs):
        out[spec.name] = spec.compute(src, {d: out[d] for d in spec.depends},
                                      code if spec.per_regency else None)
    return out


def programme_table(name: str, src, code: str) -> pd.DataFrame:
    """Programme table ``name`` (``program``, ``program_status``, ...) of regency ``code``'s
    programme and realisation files in ``src``, from the files as read."""
    from analysis.processed.read_tables import as_read_table
    read = {n: as_read_table(n)(src, {}, code) for n in tables.PROGRAMME_INPUTS}
    return tables._programme_table(name)(None, read, code)
