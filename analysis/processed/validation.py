"""Every table the reports read, checked by the loaders the reports use (``workbench validate``).

The rules live once, in the loaders: evaluation and profile tables
(:mod:`analysis.processed.base_tables`),
risk registers (:func:`analysis.masterplan.risk.load_register`), SWOT factors
(:func:`analysis.masterplan.swot.read_factors`), programmes and realisation
(:func:`analysis.masterplan.progress.read_programmes`), strategies against their SWOT factors
and the programmes carrying them, maturity targets (:mod:`analysis.masterplan.strategies`) and
readiness assessments
(:func:`analysis.readiness.load_assessments`). The first broken rule raises its
:class:`~analysis.errors.DataValidationError`; a table that is valid but has no data rows (a
header-only evaluation table) is returned as a warning. Messages are catalogue text
(:mod:`analysis.messages`): ``workbench validate --lang`` prints them in Indonesian (default)
or English.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import readiness
from analysis.masterplan import progress
from analysis.masterplan import risk
from analysis.masterplan import strategies
from analysis.masterplan import swot
from analysis.data.raw_tables import EVALUATION_FILES, evaluation_path, load_evaluation_raw
from analysis.i18n import fmt_number
from analysis.messages import say, text as message
from analysis.processed.base_tables import compute_tables


@dataclass
class Checked:
    """What :func:`check_data_dir` read: rows per file, warnings and the cross-regency tables."""

    rows: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def _evaluation_warnings(data_dir, checked: Checked) -> None:
    for year in EVALUATION_FILES:
        n = len(load_evaluation_raw(year, data_dir))
        name = evaluation_path(year, data_dir).name
        checked.rows[name] = n
        if n == 0:
            checked.warnings.append(message("no_data_rows", file=str(evaluation_path(
                year, data_dir)), year=year))


def _masterplan(data_dir, checked: Checked) -> None:
    for r in risk.list_registers(data_dir).itertuples():
        scored, _ = risk.load_register(r.regency, r.year, data_dir)
        checked.rows[Path(r.path).name] = len(scored)
    for path in swot.list_factor_files(data_dir).values():
        checked.rows[Path(path).name] = len(swot.read_factors(path))
    for path in progress.list_programme_files(data_dir).values():
        prog, real = progress.read_programmes(path)
        checked.rows[Path(path).name] = len(prog)
        checked.rows[path.name.replace("programmes", "realisation", 1)] = len(real)
    _strategies(data_dir, checked)


def _strategies(data_dir, checked: Checked) -> None:
    """Strategies against their regency's SWOT factors, programme strategy codes against the
    strategies, maturity targets."""
    factor_files = swot.list_factor_files(data_dir)
    found = {}
    for path in sorted(Path(data_dir).glob("strategies_*.csv")):
        m = strategies.STRATEGIES_RE.fullmatch(path.name)
        if m:
            f = factor_files.get(m.group(1))
            found[m.group(1)] = strategies.read_strategies(
                path, swot.read_factors(f) if f is not None else None)
            checked.rows[path.name] = len(found[m.group(1)])
    for code, path in progress.list_programme_files(data_dir).items():
        prog, _ = progress.read_programmes(path)
        strategies.check_programme_links(path, prog, found.get(code))
    for path in sorted(Path(data_dir).glob("maturity_targets_*.csv")):
        if strategies.TARGETS_RE.fullmatch(path.name):
            checked.rows[path.name] = len(strategies.read_targets(path))


def check_data_dir(data_dir) -> Checked:
    """Validate every table of ``data_dir`` the reports read; returns rows read and warnings."""
    checked = Checked(tables=compute_tables(data_dir))
    _evaluation_warnings(data_dir, checked)
    _masterplan(data_dir, checked)
    if readiness.has_assessments(data_dir):
        checked.rows[readiness.ASSESSMENT_FILE] = len(readiness.load_assessments(data_dir))
    return checked


def describe(checked: Checked, data_dir, lang: str = "en") -> str:
    """One line in ``lang``: the directory, how many tables and rows were checked."""
    return say("tables_valid", lang, dir=Path(data_dir), n=len(checked.rows),
               rows=fmt_number(sum(checked.rows.values()), 0, lang))
