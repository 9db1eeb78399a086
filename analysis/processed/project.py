"""The project's build: every table of :data:`analysis.processed.tables.TABLES` built by the engine
(:mod:`analysis.processed.engine`) into ``data/processed``, and read back.

:func:`build_processed` records the sha256 of every input and of every output in ``build.json``
(an output changed since is rebuilt, see :mod:`analysis.processed.engine`); :func:`load_processed`
refuses tables built from other inputs than the ones now in ``data_dir``, and any table whose
bytes differ from the ones the build wrote.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.processed.engine import build
from analysis.processed.store import load_tables, read_state, read_table
from analysis.processed.base_tables import processed_dir_for
from analysis.processed.spec import Sources
from analysis.processed.tables import CORRELATION_DEPENDS, TABLES, correlation_input
from analysis.errors import WorkbenchError
from analysis.messages import text as message
from analysis.io import directory_lock, sha256_file


def build_processed(data_dir=None, out_dir=None, only=None, adds=(), progress=None):
    """Build every table (:func:`analysis.processed.engine.build` over the project's specs) from
    ``data_dir`` with the own-data directories ``adds`` (``--add``) layered over it into
    ``out_dir`` (default :func:`processed_dir_for`); returns the
    :class:`~analysis.processed.engine.BuildResult`. ``progress``: as for the engine's build.
    ``data_dir``: a :class:`~analysis.processed.spec.Sources` (then ``adds`` is its own), or a
    directory resolved here (:meth:`Sources.from_dir`)."""
    src = Sources.from_dir(data_dir, adds)
    out = Path(out_dir) if out_dir else processed_dir_for(src.data_dir, src.adds)
    return build(src, out, only=only, specs=TABLES, progress=progress)


def input_hashes(processed_dir) -> dict[str, str]:
    """sha256 of every raw input the last build in ``processed_dir`` read (by file name)."""
    state = read_state(Path(processed_dir))
    out: dict[str, str] = {}
    for t in state.get("tables", {}).values():
        out.update(t.get("inputs", {}))
        for p in t.get("partitions", {}).values():
            out.update(p.get("inputs", {}))
    return out


def load_processed(processed_dir=None, data_dir=None, adds=()) -> dict[str, pd.DataFrame]:
    """The processed tables of ``data_dir`` (building them first when ``processed_dir`` is not
    given, into :func:`processed_dir_for`; fast when nothing changed).

    Raises when ``processed_dir`` was built from other inputs than ``data_dir`` holds (own
    files of ``adds`` are recorded by their full path).
    """
    src = Sources.from_dir(data_dir, adds)
    if not processed_dir:
        processed_dir = build_processed(src).out_dir
    d, raw = Path(processed_dir), src.data_dir
    with directory_lock(d, shared=True):     # the record checked is the one the tables match
        recorded = input_hashes(d)
        if not recorded:
            raise WorkbenchError(message("processed_missing", dir=str(d)))
        changed = sorted(n for n, h in recorded.items()
                         if not (raw / n).is_file() or sha256_file(raw / n) != h)
        if changed:
            raise WorkbenchError(message("processed_other_inputs", dir=str(d), raw=str(raw),
                                         files=", ".join(changed[:3])))
        return load_tables(d)


def read_tables(processed_dir) -> dict[str, pd.DataFrame]:
    """The tables of ``processed_dir`` as written, not compared with the raw inputs (e.g. the
    snapshot a finished run used); codes as text, ranks as integers."""
    return load_tables(processed_dir)


def built_tables(data_dir, names, adds=()) -> dict[str, pd.DataFrame]:
    """Tables ``names`` of ``data_dir``'s processed directory, built first with what they
    depend on (only what changed is rebuilt; other tables are neither built nor read).
    ``data_dir``: text or ``None`` (resolved here once: ``$SMARTCITY_DATA_DIR``, else
    ``data/raw``), a resolved ``Path``, or a :class:`~analysis.processed.spec.Sources`."""
    res = build_processed(data_dir, only=list(names), adds=adds)
    with directory_lock(res.out_dir, shared=True):     # not while another build rewrites them
        entries = read_state(res.out_dir).get("tables", {})
        return {n: read_table(res.out_dir, n, entries[n]) for n in names}


def correlation_frame(data_dir=None) -> pd.DataFrame:
    """The correlation analysis frame of ``data_dir``
    (:func:`analysis.correlations.data.frame_of_tables`) from its processed tables, built
    first when stale (:func:`built_tables`): what the ``korelasi`` tables are computed from."""
    return correlation_input(built_tables(data_dir, CORRELATION_DEPENDS))
