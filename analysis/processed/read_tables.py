"""Per-regency tables of a regency's masterplan files as read (every cell's text with its file
row, :mod:`analysis.data.as_read`): the only specs of the own-data and strategy tables that
read raw files. Each file is checked against its schema when read (a bad file fails the build
naming it in full); the tables computed from them (:mod:`analysis.processed.own_tables`,
:mod:`analysis.processed.strategy_tables`) validate the same text again, frames in.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import template_tables as tpl
from analysis.data.as_read import FILE_DTYPES, file_cells, files_frame, files_of
from analysis.data.schema import read_csv_text, validate_frame
from analysis.errors import DataValidationError
from analysis.masterplan import alignment, progress, strategies
from analysis.messages import text as message
from analysis.processed.spec import Sources, TableSpec

#: name -> (file pattern, template kind (None: a plain CSV table), schema).
AS_READ = {"strategi_masukan": ("strategies_*.csv", "strategies", strategies.strategy_schema),
           "target_masukan": ("maturity_targets_*.csv", "targets", strategies.target_schema),
           "program_masukan": ("programmes_*.csv", "programmes", progress.programme_schema),
           "realisasi_masukan": ("realisation_*.csv", "realisation",
                                 progress.realisation_schema),
           "misi_masukan": ("missions_*.csv", None, lambda: alignment.MISSIONS)}


def _read(path: Path, kind: str | None, schema) -> tuple[pd.DataFrame, tpl.Source]:
    """A file's text (normalised for a template kind) and its source, checked against
    ``schema``."""
    if kind is None:
        raw = read_csv_text(path)
        source = tpl.Source(str(path), raw.attrs.get("rows"), None, headers=False)
        alignment.load_missions(path)           # errors as the missions reader gives them
        return raw, source
    raw, source = tpl.read_text(path, kind)
    raw = tpl.normalise(raw, kind, source)
    tpl.validate(raw, schema(), source)
    return raw, source


def as_read_table(name: str):
    """The compute function of table ``name`` of :data:`AS_READ`: regency ``code``'s file of
    its pattern in the layered sources (its own one when an add directory has it), as read,
    ``berkas`` as the build records it (:meth:`~analysis.processed.spec.Sources.label`: an own
    file's full path, so that errors found later in its text name which file)."""
    pattern, kind, schema = AS_READ[name]

    def compute(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
        frames = []
        for path in src.files(pattern.replace("*", code or "*")):
            c = code or path.name[len(pattern.split("*")[0]):-len(".csv")]
            frames.append(file_cells(c, None, src.label(path), *_read(path, kind, schema)))
        return files_frame(frames[-1:] if code else frames)
    compute.__name__ = compute.__qualname__ = f"as_read_{name}"
    compute.__doc__ = (f"Regency ``code``'s ``{pattern}`` file as read (checked against its "
                       f"schema): :func:`analysis.data.as_read.file_cells`.")
    return compute


def last_file(table: pd.DataFrame, name: str):
    """``(text, source)`` of the file of a regency's partition of table ``name`` of
    :data:`AS_READ` (the layered one), or None without one."""
    found = files_of(table, AS_READ[name][1] or "missions")
    return found[-1][1:] if found else None


def missions_of(table: pd.DataFrame) -> pd.DataFrame | None:
    """The validated missions (:func:`analysis.masterplan.alignment.load_missions`) of a
    regency's ``misi_masukan`` partition, or None."""
    text = last_file(table, "misi_masukan")
    return None if text is None else validate_frame(text[0], alignment.MISSIONS,
                                                    text[1].label)


def programmes_of(tables: dict, realisation_required: bool
                  ) -> tuple[pd.DataFrame, pd.DataFrame | None] | None:
    """``(programmes, realisation)`` of a regency's ``program_masukan`` and
    ``realisasi_masukan`` partitions, validated as :func:`analysis.masterplan.progress.
    read_programmes` reads them; None without programmes. Without a realisation file: an error
    naming the file missing when ``realisation_required``, else the programmes alone
    (realisation None)."""
    prog = last_file(tables["program_masukan"], "program_masukan")
    if prog is None:
        return None
    real = last_file(tables["realisasi_masukan"], "realisasi_masukan")
    if real is not None:
        return progress.programmes_of_text(*prog, *real)
    if realisation_required:
        label = Path(prog[1].label)
        missing = label.with_name(label.name.replace("programmes", "realisation", 1))
        raise DataValidationError(str(missing), message("file_not_found"))
    return tpl.validate(prog[0], progress.programme_schema(), prog[1]), None


READ_TABLES: list[TableSpec] = [
    TableSpec(name, (pattern,), as_read_table(name), per_regency=True, dtypes=FILE_DTYPES,
              description=f"{pattern.split('_*')[0].replace('_', ' ')} files as read: every "
                          f"cell's text")
    for name, (pattern, _, _) in AS_READ.items()]
