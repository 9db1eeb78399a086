"""Everything the per-regency report needs about one regency, loaded once.

The context is read from the processed directory only (``data/processed``, built by
:mod:`analysis.processed`): every processed table is loaded once per process and reused across
regencies while the directory's build key (``build.json``) is unchanged, so a warm report
kernel reads the tables once per run and never opens ``data/raw``.
"""
from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.processed.store import build_key, load_tables, output_path, read_state
from analysis.processed.project import build_processed
from analysis.errors import WorkbenchError
from analysis.i18n import check_lang


class UnknownRegencyError(WorkbenchError):
    """The regency code is not in the profile table of the data directory."""


@dataclass
class RegencyContext:
    code: str
    lang: str
    data_dir: str | None
    profile: pd.Series            # the chosen vintage
    vintages: pd.DataFrame        # every vintage of this regency's profile
    evaluations: pd.DataFrame     # all regencies, all years (long)
    quality: pd.DataFrame         # data-quality log rows for this regency
    manifest: dict
    illustrative: bool
    processed_dir: str | None = None   # where the run's cross-regency tables and map layer are
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)   # every processed table
    #                                   (shared between regencies: never modify in place)
    read: set[str] = field(default_factory=set)   # tables the sections read (the data sources)
    build: dict = field(default_factory=dict)     # build.json of the tables (their input files)
    _own_evaluations: pd.DataFrame | None = field(default=None, init=False, repr=False,
                                                  compare=False)

    def table(self, name: str, regency: bool = True) -> pd.DataFrame:
        """Processed table ``name``; with ``regency`` only this regency's rows (its
        ``kode_kemendagri``). The name is noted in :attr:`read` (the report's sources)."""
        if name not in self.tables:
            raise WorkbenchError(f"no processed table {name!r} in {self.processed_dir}; "
                                 f"built: {', '.join(sorted(self.tables))}")
        self.read.add(name)
        df = self.tables[name]
        if not regency:
            return df
        if len(df) < INDEXED_ROWS:
            return df[df["kode_kemendagri"] == self.code]
        rows = rows_by_code(df).get(self.code)
        return df.iloc[rows] if rows is not None else df.iloc[0:0]

    @property
    def name(self) -> str:
        return str(self.profile["nama"])

    def evaluation(self, year: int) -> pd.Series | None:
        """This regency's row of ``year`` (None if not listed that year)."""
        mine = self._own_evaluations
        if mine is None:            # its rows of every year, once (per-process row index)
            rows = rows_by_code(self.evaluations).get(self.code)
            mine = self.evaluations.iloc[rows if rows is not None else []]
            self._own_evaluations = mine
        row = mine[mine.tahun == year]
        return None if row.empty else row.iloc[0]

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.evaluations.tahun.unique())


#: Tables of at least this many rows are read through a per-process index of their rows by
#: regency (:func:`rows_by_code`) instead of a comparison over every row per report.
INDEXED_ROWS = 2000
_ROWS_BY_CODE: dict[int, tuple] = {}


def rows_by_code(df: pd.DataFrame) -> dict:
    """``{code: row positions}`` of a processed table (by ``kode_kemendagri``, positions in
    table order), computed once per table object and process: the tables are shared between
    the regencies of a run and never modified in place."""
    hit = _ROWS_BY_CODE.get(id(df))
    if hit is not None and hit[0]() is df:
        return hit[1]
    for key in [k for k, (ref, _) in _ROWS_BY_CODE.items() if ref() is None]:
        del _ROWS_BY_CODE[key]
    rows = df.groupby("kode_kemendagri", sort=False).indices
    _ROWS_BY_CODE[id(df)] = (weakref.ref(df), rows)
    return rows


class _TableCache:
    """Processed tables per directory, kept while the directory's build key is unchanged."""

    def __init__(self):
        self.entries: dict[Path, tuple[str, dict, dict, dict]] = {}
        self.loads = 0                 # how many times tables were read from disk (tests)

    def get(self, processed_dir) -> tuple[dict[str, pd.DataFrame], dict]:
        """``(tables, manifest)`` of ``processed_dir``."""
        d = Path(processed_dir).resolve()
        key = build_key(d)
        if key is None:
            raise WorkbenchError(f"{d}: no processed tables (build.json missing); run "
                                 f"'workbench build'")
        hit = self.entries.get(d)
        if hit is None or hit[0] != key:
            # every table and the manifest copy as the build wrote them (sha256 checked: a
            # table edited by hand is refused, never shown)
            state = read_state(d)
            has_manifest = "manifest" in state.get("tables", {})
            manifest = (json.loads(output_path(d, "manifest").read_text(encoding="utf-8"))
                        if has_manifest else {})
            self.entries[d] = hit = (key, load_tables(d), manifest, state)
            self.loads += 1
        return hit[1], hit[2]

    def state(self, processed_dir) -> dict:
        """The build record (``build.json``) of the tables :meth:`get` gave for
        ``processed_dir`` (``{}`` before)."""
        hit = self.entries.get(Path(processed_dir).resolve())
        return hit[3] if hit else {}


TABLE_CACHE = _TableCache()


def load_context(regency_code: str, lang: str = "id", data_dir: str | None = None,
                 processed_dir: str | None = None, vintage: str = "latest",
                 adds=()) -> RegencyContext:
    """Load a regency's context; ``vintage`` picks the profile vintage ('latest' or e.g. '2020').

    ``processed_dir``: the built tables to read (a report run passes its own); without it the
    tables of ``data_dir`` are built first (only what changed) into their default directory,
    with the own-data directories ``adds`` (``--add``) layered over it (ignored when
    ``processed_dir`` is given: a run built them in).
    """
    check_lang(lang)
    code = str(regency_code)
    if not processed_dir:
        processed_dir = str(build_processed(data_dir or None, adds=adds or ()).out_dir)
    tables, manifest = TABLE_CACHE.get(processed_dir)
    prof = tables["profil"]
    mine = prof[prof.kode_kemendagri == code]
    if mine.empty:
        raise UnknownRegencyError(
            f"regency code {code!r} is not in the profile table (profil_wilayah.csv); "
            f"codes look like '64.02'")
    mine = mine.sort_values("vintase", ascending=False)
    chosen = mine.iloc[0] if vintage == "latest" else mine[mine["vintase"] == vintage].iloc[0]
    q = tables["kualitas_data"]
    return RegencyContext(
        code=code, lang=lang, data_dir=data_dir or None, profile=chosen, vintages=mine,
        evaluations=tables["evaluasi"], quality=q[q.kode_kemendagri == code],
        manifest=manifest, illustrative=bool(manifest.get("illustrative", False)),
        processed_dir=processed_dir, tables=tables, build=TABLE_CACHE.state(processed_dir))
