"""The raw files one regency's report used, from what its sections read and what the build
recorded (``build.json``: every table's input files with their sha256, per regency for the
per-regency tables).

A report uses the raw files of every processed table its sections read (:attr:`RegencyContext.read
<analysis.reports.context.RegencyContext.read>`, plus :data:`ALWAYS`), and of the tables those
were computed from (``depends``), with three exceptions:

* ``MANIFEST.yaml``: the provenance of the files, not data;
* a file named for another regency (``risk_register_64.02_2023.csv`` in Katingan's report, another
  regency's own assessment in a layered build): it holds none of this regency's rows;
* a profile vintage file holding no vintage of this regency (the Kutai Kartanegara 2020 profile
  in every other report), :data:`analysis.data.raw_tables.PROFILE_VINTAGE_FILES`.

A per-regency table contributes only this regency's partition's files.
"""
from __future__ import annotations

from pathlib import Path

from analysis.data.manifest import MANIFEST_NAME
from analysis.data.owndata import file_kind
from analysis.data.raw_tables import PROFILE_VINTAGE_FILES

#: Tables every report reads outside ``ctx.table``: the profile (header, profile), the
#: evaluations (evaluation, what-if), the data-quality log (quality) and the map layers (maps).
ALWAYS = ("profil", "evaluasi", "kualitas_data", "peta_kabkota", "batas_kabkota")


def _with_depends(names, depends: dict[str, tuple[str, ...]]) -> list[str]:
    """``names`` and every table they depend on, transitively (each once, in order met)."""
    out: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop(0)
        if name not in out:
            out.append(name)
            todo += list(depends.get(name, ()))
    return out


def table_inputs(state: dict, name: str, code: str) -> list[str]:
    """The input labels the build recorded for table ``name`` (for a per-regency table: its
    shared inputs and ``code``'s partition); ``[]`` for a table not in ``state``."""
    entry = (state.get("tables") or {}).get(name) or {}
    labels = list(entry.get("inputs") or {})
    if entry.get("per_regency"):
        labels += list(((entry.get("partitions") or {}).get(code) or {}).get("inputs") or {})
    return labels


def used_files(state: dict, read, code: str, vintages=(),
               depends: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """The input labels (a file name; the full path of an own file) of the report of ``code``
    whose sections read the tables ``read``, sorted by file name; ``vintages`` are the regency's
    profile vintages. ``depends``: table -> the tables it is computed from (default: the
    project's :data:`analysis.processed.tables.TABLES`)."""
    if depends is None:
        from analysis.processed.tables import TABLES      # (the build's specs: heavy, only here)
        depends = {s.name: tuple(s.depends) for s in TABLES}
    keep_vintage = {PROFILE_VINTAGE_FILES[v] for v in vintages if v in PROFILE_VINTAGE_FILES}
    out: dict[str, str] = {}
    for name in _with_depends([*ALWAYS, *sorted(read)], depends):
        for label in table_inputs(state, name, code):
            base = Path(label).name
            kind = file_kind(base)
            if base == MANIFEST_NAME or (kind is not None and kind[1] not in (None, code)):
                continue
            if base in PROFILE_VINTAGE_FILES.values() and base not in keep_vintage:
                continue
            out.setdefault(label, base)
    return sorted(out, key=lambda label: (out[label], label))
