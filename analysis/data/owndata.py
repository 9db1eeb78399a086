"""A regency's own data layered over the national data (``--add DIR``).

An *add directory* is what ``workbench import`` writes: a regency's own tables named with its
Kemendagri code (``readiness_assessment_64.02.csv``, ``risk_register_64.02_2024.csv``,
``swot_factors_64.02.csv``, ``programmes_64.02.csv``, ``realisation_64.02.csv``,
``missions_64.02.csv``; BRIN's IDSD scores ``idsd_64.02.csv``, recorded with ``workbench
manifest record``) and a ``MANIFEST.yaml`` whose entries name the workbook and the import
date. The layering rules (:func:`layered_files`):

* a file *kind* is the name's prefix (``risk_register``, ``swot_factors``...); ``programmes``
  and ``realisation`` are one family (a realisation belongs to its programme list), and so are
  ``swot_factors`` and ``strategies`` (a strategy pairs the factors of its SWOT table);
* for every regency with an own file of a family, that file replaces every national file of the
  family *for that regency* (``risk_register_64.02_2021.csv`` and ``..._2023.csv`` both go when
  the regency brings its own register); every other regency and every published table stays;
* a national file holding many regencies (``readiness_assessment_illustrative.csv``) stays as
  it is: cross-regency numbers (ranks, medians, correlations) of the other regencies never
  change; consumers replace the rows of :func:`Layers.own_codes` when they show that regency;
* two add directories with a file of the same family for the same regency are an error naming
  both files; several add directories for several regencies work together;
* each add directory is raw data: its ``MANIFEST.yaml`` must list every file with a sha256 that
  matches (``check_hashes``), and no output may be written into it (``paths.check_output``);
* an own file holds the files themselves (a symbolic link is refused, never skipped) and the
  rows of the regency its name gives: every regency code inside the file (``regency``,
  ``kode_kemendagri``) and the manifest entry's ``regency`` must be that code.

:func:`provenance` says whose data a file is: own data (workbook, import date), ILLUSTRATIVE,
or a published source with its vintage.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.data import template_tables as tpl
from analysis.data.manifest import (MANIFEST_NAME, bad_name_rule, cached_sha256, check_hashes,
                                    load_manifest, os_name, shown_name, text_name)
from analysis.data.idsd import read_idsd
from analysis.errors import DataValidationError, WorkbenchError
from analysis.i18n import COMMON, texts, tr

#: Kinds of per-regency tables, by file-name prefix, and the family each belongs to.
FAMILIES = {"readiness_assessment": "readiness_assessment", "risk_register": "risk_register",
            "swot_factors": "swot_factors", "programmes": "programmes",
            "realisation": "programmes", "missions": "missions",
            "strategies": "swot_factors", "maturity_targets": "maturity_targets",
            "idsd": "idsd"}
_NAME = re.compile(r"(?P<kind>" + "|".join(sorted(FAMILIES, key=len, reverse=True))
                   + r")_(?P<rest>[^/]*)\.(?P<ext>csv|xlsx)")
_CODE = re.compile(r"(?<![0-9])(\d{2}\.\d{2})(?![0-9])")
_YEAR = re.compile(r"_(\d{4})\.[A-Za-z]+$")
#: Table kind (name prefix) -> the kind of :mod:`analysis.data.template_tables` that reads it.
TEMPLATE_KINDS = {"readiness_assessment": "readiness", "risk_register": "risk",
                  "swot_factors": "swot", "programmes": "programmes",
                  "realisation": "realisation", "missions": "missions",
                  "strategies": "strategies", "maturity_targets": "targets"}
#: Kinds that are not masterplan templates, read and checked by their own reader
#: (``reader(path, code)``: every cell, and every row's regency code ``code``): BRIN's IDSD
#: scores (``idsd_64.02.csv``, the template of ``workbench template --kind idsd``).
OWN_READERS = {"idsd": read_idsd}
#: Columns holding the regency code in an own table (those the table has are checked).
CODE_COLUMNS = ("kode_kemendagri", "regency")


class OwnDataError(WorkbenchError):
    """An add directory that cannot be layered over the national data."""


def file_kind(name: str) -> tuple[str, str | None] | None:
    """``(family, regency code or None)`` of a table file name; ``None`` for other files.

    >>> file_kind("risk_register_64.02_2021.csv")
    ('risk_register', '64.02')
    >>> file_kind("readiness_assessment_illustrative.csv")
    ('readiness_assessment', None)
    """
    m = _NAME.fullmatch(name)
    if not m:
        return None
    code = _CODE.search(m.group("rest"))
    return FAMILIES[m.group("kind")], code.group(1) if code else None


def _kind_of(name: str) -> str | None:
    """The kind (name prefix) of a file name or glob pattern (``risk_register_*.csv`` ->
    ``risk_register``)."""
    for kind in sorted(FAMILIES, key=len, reverse=True):
        if name.startswith(kind + "_"):
            return kind
    return None


@dataclass(frozen=True)
class AddDir:
    """One checked add directory: its files as ``{name: (family, code)}`` and its manifest."""

    path: Path
    files: dict
    manifest: dict

    @property
    def codes(self) -> list[str]:
        return sorted({c for _, c in self.files.values()})


_CODES_CHECKED: set[tuple[Path, str]] = set()      # (own file, sha256) whose codes are right


def check_codes(path: Path, code: str, entry: dict, manifest: Path) -> None:
    """Every regency code in the own file ``path`` (columns :data:`CODE_COLUMNS`) and its
    manifest ``entry``'s ``regency`` is ``code``, the one its file name gives. Raises
    :class:`~analysis.errors.DataValidationError` naming file, row, column, value and rule.
    Checked once per file version (sha256) and process."""
    key = (path, cached_sha256(path))
    if key in _CODES_CHECKED:
        return
    name = text_name(path.name) or path.name
    said = entry.get("regency")
    if said is not None and str(said).strip() != code:
        raise DataValidationError(
            manifest, f"entry {name!r}: regency {str(said)!r} differs from {code}, the code in "
                      f"the file name; an own file holds the rows of the regency it is named for")
    kind = _kind_of(name)
    if kind in OWN_READERS:
        OWN_READERS[kind](path, code=code)
        _CODES_CHECKED.add(key)
        return
    raw, source = tpl.read_text(path, TEMPLATE_KINDS[kind])
    for col in (c for c in CODE_COLUMNS if c in raw.columns):
        for pos, value in enumerate(raw[col]):
            if str(value).strip() != code:
                raise source.error(
                    f"the file is named for regency {code} ({name}), so every row's regency "
                    f"code must be {code}; a table of another regency goes in a file named "
                    f"with its code, imported from its own workbook", pos, col, value)
    _CODES_CHECKED.add(key)


def load_add_dir(path) -> AddDir:
    """Check an add directory and describe it; raises :class:`OwnDataError` or
    :class:`~analysis.errors.DataValidationError` naming the file and the rule broken.

    Rules: a directory with ``MANIFEST.yaml``; no symbolic links; every table listed there and
    its sha256 matching; every table named ``<kind>_<code>[_<year>].csv`` with a Kemendagri
    code, and every regency code inside it (and in its manifest entry) that code
    (:func:`check_codes`). File names are the manifest's (UTF-8 text).
    """
    d = Path(path).resolve()
    if not d.is_dir():
        raise OwnDataError(f"--add {path}: not a directory (give the --out of workbench import)")
    if not (d / MANIFEST_NAME).is_file():
        raise OwnDataError(f"--add {path}: no {MANIFEST_NAME}; an own-data directory is written "
                           f"by workbench import (or record files with workbench manifest record)")
    for p in sorted(d.iterdir()):
        if p.is_symlink() and not p.name.startswith("."):
            raise DataValidationError(
                d / shown_name(p.name),
                f"a symbolic link (to {os.path.realpath(p)}); an own-data directory holds the "
                f"files themselves, a link is not read: copy the file in (cp -L) and record it "
                f"with workbench manifest record {shown_name(p.name)} --data-dir {d}")
    manifest = load_manifest(d)
    listed = manifest.get("files") or {}
    files = {}
    for p in sorted(d.iterdir()):
        if not p.is_file() or p.name == MANIFEST_NAME or p.name.startswith("."):
            continue
        name = text_name(p.name)
        if name is None:
            raise DataValidationError(d / shown_name(p.name), bad_name_rule(p.name))
        kind = file_kind(name)
        if kind is None or kind[1] is None:
            raise DataValidationError(p, "not an own-data table: expected a name such as "
                                         "risk_register_64.02_2024.csv or swot_factors_64.02.csv "
                                         f"(kinds: {', '.join(FAMILIES)})")
        if name not in listed:
            raise DataValidationError(p, f"not listed in {d / MANIFEST_NAME}; record it with "
                                         f"workbench manifest record {name} --data-dir {d}")
        files[name] = kind
    check_hashes(d)
    for name, (_, code) in files.items():
        check_codes(d / os_name(name), code, dict(listed[name] or {}), d / MANIFEST_NAME)
    return AddDir(d, files, manifest)


def check_conflicts(adds: list[AddDir]) -> None:
    """Two add directories with a file of the same family for the same regency: an error
    naming both files."""
    seen: dict[tuple[str, str], Path] = {}
    for a in adds:
        mine: dict[tuple[str, str], Path] = {}
        for name, key in a.files.items():
            mine.setdefault(key, a.path / os_name(name))
        for key, p in mine.items():
            if key in seen:
                raise OwnDataError(
                    f"--add: {seen[key]} and {p} both hold {key[0]} tables of regency {key[1]}; "
                    f"give one directory per regency and table")
            seen[key] = p


@dataclass(frozen=True)
class Layers:
    """The national data directory with the checked add directories over it."""

    data_dir: Path
    adds: tuple[AddDir, ...] = ()

    @classmethod
    def load(cls, data_dir, adds=()) -> "Layers":
        """Check every add directory (manifest, hashes, names, conflicts) and layer them."""
        base = Path(data_dir)
        loaded = []
        for a in adds:
            ad = load_add_dir(a)
            if ad.path == base:
                raise OwnDataError(f"--add {a}: is the data directory itself")
            if any(ad.path == x.path for x in loaded):
                raise OwnDataError(f"--add {a}: given twice")
            loaded.append(ad)
        check_conflicts(loaded)
        return cls(base, tuple(loaded))

    def own_keys(self) -> set[tuple[str, str]]:
        """``(family, code)`` of every own table."""
        return {k for a in self.adds for k in a.files.values()}

    def own_codes(self, family: str | None = None) -> list[str]:
        """Regencies with own tables (of ``family``, or of any family)."""
        return sorted({c for f, c in self.own_keys() if family in (None, f)})

    def own_files(self, family: str, code: str) -> list[Path]:
        """The own files of ``family`` for regency ``code`` (sorted by name)."""
        return sorted((a.path / os_name(n) for a in self.adds for n, k in a.files.items()
                       if k == (family, str(code))), key=lambda p: p.name)

    def regency_file(self, pattern: str, code: str, year: int | None = None) -> Path:
        """The layered file of one regency matching ``pattern`` (``risk_register_*.csv``): its
        own one when an add directory has it; of several years the latest, or ``year``."""
        hits = [p for p in self.files(pattern) if (file_kind(p.name) or ("", None))[1] == code]
        years = {p: int(m.group(1)) if (m := _YEAR.search(p.name)) else None for p in hits}
        if year is not None:
            hits = [p for p in hits if years[p] == int(year)]
        if not hits:
            where = ", ".join(str(d) for d in (self.data_dir, *(a.path for a in self.adds)))
            when = f" for {year}" if year is not None else ""
            raise OwnDataError(f"no {pattern} of regency {code}{when} in {where}")
        return max(hits, key=lambda p: (years[p] or 0, p.name))

    def is_own(self, path) -> bool:
        """True for a file of an add directory."""
        p = Path(path).resolve()
        return any(p.parent == a.path for a in self.adds)

    def files(self, pattern: str) -> list[Path]:
        """Raw files matching the glob ``pattern``, layered: see the module docstring.

        National files of a family and regency that an add directory replaces are left out; own
        files of the pattern's family are added (also when the pattern names a national
        multi-regency file such as ``readiness_assessment_illustrative.csv``). Sorted by name,
        national files first."""
        base = [p for p in self.data_dir.glob(pattern)
                if p.is_file() and not p.name.startswith(".")]
        if pattern == MANIFEST_NAME:       # provenance of the own files is in their manifests
            return base + [a.path / MANIFEST_NAME for a in self.adds]
        replaced = self.own_keys()
        multi = _kind_of(pattern) if (file_kind(pattern) or ("", ""))[1] is None else None
        kept = [p for p in base if (file_kind(p.name) or ("", None)) not in replaced]
        own = [a.path / os_name(n) for a in self.adds for n in a.files
               if fnmatch.fnmatchcase(n, pattern) or (multi is not None and _kind_of(n) == multi)]
        return sorted(kept, key=lambda p: p.name) + sorted(own, key=lambda p: p.name)

    def key(self) -> str:
        """A short hash of the add directories' contents (empty without adds): keys the
        processed tables of a layered build apart from the national ones."""
        if not self.adds:
            return ""
        h = hashlib.sha256()
        for a in sorted(self.adds, key=lambda a: str(a.path)):
            for name in sorted(a.files):
                h.update(f"{a.codes}|{name}|{a.manifest['files'][name].get('sha256')}\n".encode())
        return h.hexdigest()[:16]

    def entry(self, path) -> dict:
        """The manifest entry of a raw or own file (``{}`` when not listed)."""
        p = Path(path).resolve()
        name = text_name(p.name)
        for a in self.adds:
            if p.parent == a.path:
                return dict((a.manifest.get("files") or {}).get(name) or {})
        return dict((load_manifest(self.data_dir).get("files") or {}).get(name) or {})


#: Whose data an own file is, imported from a workbook or recorded by hand (catalogue
#: namespace ``data.owndata``).
T = texts("data.owndata")


def provenance(entry: dict, own: bool = False, lang: str = "id") -> dict:
    """Whose data a manifest entry describes: ``{"kind": "own"|"illustrative"|"published",
    "text": ...}`` (text in ``lang``). ``own`` marks an entry of an add directory."""
    entry = entry or {}
    if own or entry.get("own_data"):
        if entry.get("illustrative"):
            return {"kind": "illustrative", "text": COMMON["illustrative"][lang]}
        if entry.get("imported"):
            text = tr(T, "imported", lang).format(
                src=entry.get("source_file") or entry.get("source", ""), date=entry["imported"])
        else:
            text = tr(T, "recorded", lang).format(
                src=entry.get("source", ""), date=entry.get("recorded", entry.get("vintage", "")))
        return {"kind": "own", "text": text}
    if entry.get("illustrative"):
        return {"kind": "illustrative", "text": COMMON["illustrative"][lang]}
    pub = str(entry.get("publisher", "")).strip()
    vintage = str(entry.get("vintage", "")).strip()
    text = ", ".join(x for x in (pub, vintage) if x)
    return {"kind": "published", "text": text or str(entry.get("source", "")).strip()}


def file_provenance(layers: Layers, path, lang: str = "id") -> dict:
    """:func:`provenance` of one file of ``layers``, with its file ``name``."""
    out = provenance(layers.entry(path), own=layers.is_own(path), lang=lang)
    out["file"] = Path(path).name
    return out
