"""What the build stage is made of: where it reads (:class:`Sources`) and what it writes
(:class:`TableSpec`, one per table in ``data/processed``).

A table spec names its raw inputs by glob pattern, the other tables it needs, and a compute
function::

    compute(src: Sources, tables: dict[str, pd.DataFrame], code: str | None = None) -> DataFrame

``tables`` holds the tables listed in ``depends`` (already built, read back with their dtypes;
an output that is not a CSV table, such as the map layer, as its path).
For a ``per_regency`` spec the engine calls ``compute`` once per regency whose input files
changed, with ``code`` = that regency's Kemendagri code (the code in the file name, e.g.
``risk_register_64.02_2023.csv``; files without a code are shared inputs: a change to one
recomputes every partition), and stores ``data/processed/<name>/<code>.csv``; ``ctx.tables[name]``
is then the concatenation of every partition.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.data.manifest import check_hashes
from analysis.data.owndata import Layers
from analysis.paths import as_raw_dir

# A Kemendagri code inside a per-regency file name: "risk_register_64.02_2023.csv" -> "64.02".
CODE_IN_NAME = re.compile(r"(?<![\d.])(\d{2}\.\d{2})(?=[_.][A-Za-z0-9_.]*$)")


@dataclass(frozen=True)
class Sources:
    """Where a build reads raw data: the national data dir and the own-data dirs layered over it
    (``--add``, :mod:`analysis.data.owndata`).

    Made once where a run starts (a command, the report runner, :func:`~analysis.processed.
    project.built_tables`) and handed down: the directory is resolved once, the raw files are
    checked against their manifests once (:meth:`check`) and the add directories loaded
    once (:attr:`layers`), however many steps read them."""

    data_dir: Path                      # resolved raw dir (analysis.paths.raw_dir)
    adds: tuple[Path, ...] = ()         # own-data directories (--add), in the order given

    @classmethod
    def from_dir(cls, data_dir=None, adds=()) -> "Sources":
        """Sources for ``data_dir``: ``None`` or text resolved by
        :func:`analysis.paths.raw_dir` (``$SMARTCITY_DATA_DIR``, else ``data/raw``), an
        absolute ``Path`` taken as resolved (:func:`analysis.paths.as_raw_dir`); a
        :class:`Sources` is returned as it is (``adds`` then ignored)."""
        if isinstance(data_dir, Sources):
            return data_dir
        return cls(as_raw_dir(data_dir), tuple(Path(a).resolve() for a in adds))

    def check(self) -> Layers:
        """Check the raw data, once for these sources (later calls return at once): the data
        directory's files against its ``MANIFEST.yaml``
        (:func:`analysis.data.manifest.check_hashes`), then every add directory (manifest,
        hashes, names, conflicts: :attr:`layers`). Returns the layers."""
        if "_checked" not in self.__dict__:
            check_hashes(self.data_dir)
            self.__dict__["_checked"] = self.layers      # frozen: memo as cached_property does
        return self.__dict__["_checked"]

    @cached_property
    def layers(self) -> Layers:
        """The add directories checked (manifest, hashes, conflicts) and layered over
        ``data_dir``: :class:`analysis.data.owndata.Layers`."""
        return Layers.load(self.data_dir, self.adds)

    def label(self, path: Path) -> str:
        """How the build records an input: the file name for a file of ``data_dir``, the full
        path for a file of an add directory (an own file may share a national file's name)."""
        return str(path) if self.layers.is_own(path) else Path(path).name

    def files(self, pattern: str) -> list[Path]:
        """The raw files matching the glob ``pattern``, sorted by name, hidden files excluded;
        with adds, a regency's own files replace the national ones of their kind for that
        regency (:meth:`analysis.data.owndata.Layers.files`: national files first, then own)."""
        return self.layers.files(pattern)


@dataclass(frozen=True)
class TableSpec:
    """One table of ``data/processed``: its inputs, its compute function and how to read it."""

    name: str                           # data/processed/<name>.csv, ctx.tables[name]
    inputs: tuple[str, ...]             # glob patterns of raw files read ("risk_register_*.csv")
    compute: Callable[..., pd.DataFrame]  # compute(src, tables, code=None) -> DataFrame
    depends: tuple[str, ...] = ()       # other tables it needs (passed in ``tables``)
    per_regency: bool = False           # one partition per regency file: <name>/<code>.csv
    dtypes: dict[str, str] = field(default_factory=dict)  # column -> dtype when read back
    description: str = ""
    fmt: str = "csv"                    # "csv": compute returns a DataFrame; any other suffix
    #                                     (e.g. "geojson", "zip"): compute returns the file's
    #                                     text or bytes, stored as <name>.<fmt>, not loaded into
    #                                     ctx.tables; a spec depending on it gets its path


def regency_code_of(path: Path) -> str | None:
    """The Kemendagri code in a per-regency file name (``None`` if the name has none)."""
    m = CODE_IN_NAME.search(Path(path).name)
    return m.group(1) if m else None
