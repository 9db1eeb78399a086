"""``data/raw/MANIFEST.yaml``: provenance and sha256 of every raw file.

Like OWID's etl snapshots: a raw file is only trusted when its hash matches the manifest, and
every output can cite the source and vintage of what it used.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml

from analysis.errors import DataValidationError, RawDataWriteError, WorkbenchError
from analysis.io import sha256_file, write_text
from analysis.paths import PROJECT_ROOT
from analysis.yamlio import load_yaml, parse_yaml

MANIFEST_NAME = "MANIFEST.yaml"
REQUIRED_KEYS = ("source", "publisher", "vintage", "licence", "illustrative", "sha256")
#: Data sets shipped with the project (in its checkout; an installed package ships none): their
#: manifests are curated by the maintainers and no command writes into them (``workbench
#: manifest record`` included). A ``data/raw`` under ``$SMARTCITY_HOME`` is the user's own.
SHIPPED_DIRS = (PROJECT_ROOT / "data" / "raw", PROJECT_ROOT / "data" / "national")


# --- file names: a manifest lists the files of its own directory, by name, as UTF-8 text --------


def text_name(name: str) -> str | None:
    """A file name as the operating system gave it, as UTF-8 text (what a manifest records);
    ``None`` when its bytes are not UTF-8. Under an ASCII locale Python hands out UTF-8 names
    with their bytes escaped (``'k\\udcc3\\udcbc'``); they are decoded here, never recorded."""
    try:
        return os.fsencode(name).decode("utf-8")
    except UnicodeDecodeError:
        return None


def os_name(name: str) -> str:
    """The name to open for a manifest's UTF-8 ``name`` (inverse of :func:`text_name`)."""
    return os.fsdecode(name.encode("utf-8"))


def shown_name(name: str) -> str:
    """A file name fit for a message, undecodable bytes as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def bad_name_rule(name: str) -> str:
    return (f"the file name {shown_name(name)!r} is not UTF-8 text (a manifest records names as "
            f"UTF-8); rename the file")


def check_entry_names(files: dict, d: Path, path: Path) -> None:
    """Every key of a manifest's ``files`` is the plain name of a file of its directory ``d``:
    no path (``/``, ``\\``, ``..``, absolute), UTF-8 text. A path would make the checks hash,
    and the loaders trust, a file outside the directory."""
    for name in files:
        if not isinstance(name, str) or not name.strip():
            raise DataValidationError(path, f"entry {name!r}: a file name (text) is expected")
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise DataValidationError(
                path, f"entry {shown_name(name)!r}: not UTF-8 text (an escaped byte); write "
                      f"the file name as it is") from None
        if "/" in name or "\\" in name or name in (".", "..") or "\0" in name:
            raise DataValidationError(
                path, f"entry {name!r}: a manifest lists the files of its own directory by "
                      f"name; a path (with '/', '\\' or '..', or absolute) points outside {d} "
                      f"and is not checked. Move the file into {d} and list it by its name")


def load_manifest(data_dir) -> dict:
    """The parsed manifest of a data directory (``{}`` when the directory has none).

    Refused (naming the file): text that is not YAML, YAML anchors and aliases
    (:mod:`analysis.yamlio`), a document that is not a mapping with a ``files`` mapping, and an
    entry that is not the plain name of a file of the directory."""
    d = Path(data_dir)
    path = d / MANIFEST_NAME
    if not path.exists():
        return {}
    doc = load_yaml(path) or {}
    if not isinstance(doc, dict) or not isinstance(doc.get("files") or {}, dict):
        raise DataValidationError(path, "expected a mapping with a 'files' mapping")
    check_entry_names(doc.get("files") or {}, d, path)
    return doc


def _data_names(d: Path) -> list[tuple[str, str | None]]:
    """``(name as the OS gives it, UTF-8 name or None)`` of the files of ``d`` (the manifest and
    hidden files aside)."""
    return [(p.name, text_name(p.name)) for p in sorted(d.iterdir())
            if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith(".")]


def file_entry(name: str, data_dir) -> dict:
    """Manifest entry of one raw file (``{}`` when not listed)."""
    return (load_manifest(data_dir).get("files") or {}).get(name, {})


def data_dir_is_illustrative(data_dir) -> bool:
    """True when the data directory as a whole is illustrative (e.g. a generated national set)."""
    return bool(load_manifest(data_dir).get("illustrative", False))


def verify_manifest(data_dir) -> list[str]:
    """Problems found: unlisted files, missing files, missing keys, hash mismatches."""
    d = Path(data_dir)
    doc = load_manifest(d)
    files = doc.get("files") or {}
    problems = []
    present = set()
    for raw, name in _data_names(d):
        if name is None:
            problems.append(f"{shown_name(raw)}: {bad_name_rule(raw)}")
        else:
            present.add(name)
    for name in sorted(present - set(files)):
        problems.append(f"{name}: present in {d} but not listed in {MANIFEST_NAME}")
    for name, entry in sorted(files.items()):
        if name not in present:
            problems.append(f"{name}: listed in {MANIFEST_NAME} but missing")
            continue
        for key in REQUIRED_KEYS:
            if key not in (entry or {}):
                problems.append(f"{name}: manifest entry lacks '{key}'")
        want = (entry or {}).get("sha256")
        got = sha256_file(d / os_name(name))
        if want != got:
            problems.append(f"{name}: sha256 {got} does not match the manifest ({want})")
    return problems


def update_hashes(data_dir) -> Path:
    """Rewrite the sha256 fields in place (a maintainer's tool, used when adding a file)."""
    d = Path(data_dir)
    path = d / MANIFEST_NAME
    lines = path.read_text(encoding="utf-8").splitlines()
    out, current = [], None
    for line in lines:
        stripped = line.strip()
        if line.startswith("  ") and not line.startswith("    ") and stripped.endswith(":"):
            current = stripped[:-1]
        if stripped.startswith("sha256:") and current and (d / current).exists():
            indent = line[: len(line) - len(line.lstrip())]
            line = f'{indent}sha256: "{sha256_file(d / current)}"'
        out.append(line)
    return write_text(path, "\n".join(out) + "\n")


# --- checking hashes before use, and recording one's own data --------------------------------
#
# An entry is a *published source* unless it says ``illustrative: true`` (a generated stand-in)
# or ``own_data: true`` (recorded by ``workbench manifest record``). A published file changes
# only with a new vintage, recorded by the maintainers (docs/data-log.md).

RECORD_HINT = ("if it is a new version of your own data, record it with `workbench manifest "
               "record {name} --source \"...\" --date YYYY-MM-DD --data-dir {dir}`")
ADD_HINT = ("if it is your own data, record it with `workbench manifest record {name} --source "
            "\"...\" --date YYYY-MM-DD --data-dir {dir}`; otherwise move it out of {dir}")
_HASHES: dict[Path, tuple[int, int, str]] = {}     # path -> (mtime_ns, size, sha256)


def cached_sha256(path: Path) -> str:
    """sha256 of ``path``, computed again only when its size or mtime changed (per process)."""
    path = Path(path).resolve()
    st = path.stat()
    hit = _HASHES.get(path)
    if hit and hit[:2] == (st.st_mtime_ns, st.st_size):
        return hit[2]
    digest = sha256_file(path)
    _HASHES[path] = (st.st_mtime_ns, st.st_size, digest)
    return digest


def is_own(entry: dict) -> bool:
    """True for an entry of one's own data: ``own_data: true`` (written by ``workbench import``
    and ``workbench manifest record``), or an entry ``workbench import`` wrote before it said
    so (it names the workbook: ``imported`` and ``source_sha256``)."""
    entry = entry or {}
    return bool(entry.get("own_data")) or bool(entry.get("imported")
                                               and entry.get("source_sha256"))


def is_published(entry: dict) -> bool:
    """True for a manifest entry that cites a published source (see the note above)."""
    return not (entry or {}).get("illustrative") and not is_own(entry)


_RECORDED: dict[Path, tuple[int, int, list]] = {}   # manifest path -> (mtime_ns, size, entries)


def _recorded(d: Path) -> list[tuple[str, dict]]:
    """``(name, entry)`` of the manifest of ``d``, parsed again only when it changes."""
    path = d / MANIFEST_NAME
    if not path.is_file():
        return []
    st = path.stat()
    hit = _RECORDED.get(path)
    if not hit or hit[:2] != (st.st_mtime_ns, st.st_size):
        files = load_manifest(d).get("files") or {}
        hit = _RECORDED[path] = (st.st_mtime_ns, st.st_size,
                                 [(n, dict(e or {})) for n, e in sorted(files.items())])
    return hit[2]


#: Suffixes of files a loader may read from a data directory (tables, sheets, layers,
#: settings): every such file must be listed, with its sha256, in the manifest.
DATA_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods", ".geojson", ".json",
                 ".parquet", ".yaml", ".yml")


def unlisted_data_files(d: Path, listed) -> list[str]:
    """Names (UTF-8 text) of the data files in ``d`` (see :data:`DATA_SUFFIXES`) the manifest
    does not list (hidden files and the manifest itself aside). A data file whose name is not
    UTF-8 is refused (a manifest could not list it)."""
    out = []
    for raw, name in _data_names(d):
        if Path(raw).suffix.lower() not in DATA_SUFFIXES:
            continue
        if name is None:
            raise DataValidationError(d / shown_name(raw), bad_name_rule(raw))
        if name not in listed:
            out.append(name)
    return sorted(out)


def check_hashes(data_dir) -> None:
    """Refuse raw data whose bytes are not those the manifest records (before anything reads
    them), a manifest entry without a sha256, and a data file the manifest does not list
    (loaders find files by name pattern). A directory without ``MANIFEST.yaml`` has nothing to
    check. Cheap when repeated: files are hashed once per process and again only when they
    change."""
    d = Path(data_dir)
    recorded = _recorded(d)
    if not recorded and not (d / MANIFEST_NAME).is_file():
        return
    for name in unlisted_data_files(d, {n for n, _ in recorded}):
        raise DataValidationError(
            d / name, f"not listed in {d / MANIFEST_NAME}, so its bytes cannot be checked; "
                      f"{ADD_HINT.format(name=name, dir=d)}")
    for name, entry in recorded:
        path = d / os_name(name)
        want = entry.get("sha256")
        if not path.is_file():
            continue              # missing files: the loaders and validate say so
        if not want:
            fix = ("it is a published source: restore its entry as the maintainers recorded "
                   "it" if is_published(entry) else RECORD_HINT.format(name=name, dir=d))
            raise DataValidationError(
                d / name, f"its entry in {MANIFEST_NAME} has no sha256, so its bytes cannot be "
                          f"checked; {fix}")
        if cached_sha256(path) != want:
            fix = (f"it is a published source ({str(entry.get('publisher', '')).strip()}): "
                   f"restore the published file" if is_published(entry)
                   else RECORD_HINT.format(name=name, dir=d))
            raise DataValidationError(
                d / name, f"changed since {MANIFEST_NAME} recorded it (sha256 differs); {fix}")


# --- recording one entry: the manifest's other lines (comments, order, quoting) stay ---------


def _key_of(line: str):
    """The mapping key a YAML line starts (``None`` for other lines)."""
    try:
        doc = parse_yaml(line.strip(), "line")
    except DataValidationError:
        return None
    return next(iter(doc)) if isinstance(doc, dict) and len(doc) == 1 else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    """A line holding YAML content (not blank, not only a comment)."""
    return bool(line.strip()) and not line.lstrip().startswith("#")


def edit_entry(text: str, name: str, entry: dict) -> str | None:
    """``text`` of a manifest with the entry of ``name`` under ``files:`` replaced by (or, when
    absent, added as) ``entry``; every other line as it was. ``None`` for a layout this edit does
    not know (``files`` not a block mapping at the top level)."""
    nl = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    top = [i for i, ln in enumerate(lines) if _content(ln) and _indent(ln) == 0]
    start = next((i for i in top if lines[i].split("#")[0].rstrip() == "files:"), None)
    if start is None:
        return None
    end = next((i for i in top if i > start), len(lines))       # the next top-level key
    body = [i for i in range(start + 1, end) if _content(lines[i])]
    indent = _indent(lines[body[0]]) if body else 2
    keys = [i for i in body if _indent(lines[i]) == indent]
    if any(_indent(lines[i]) < indent for i in body) or any(_key_of(lines[i]) is None
                                                           for i in keys):
        return None
    block = yaml.safe_dump({name: entry}, sort_keys=False, allow_unicode=True, width=100,
                           indent=2).splitlines()
    block = [" " * indent + ln for ln in block]
    hit = next((i for i in keys if _key_of(lines[i]) == name), None)
    if hit is not None:
        stop = next((i for i in keys if i > hit), end)
        while stop - 1 > hit and not _content(lines[stop - 1]):    # blank lines, comments of
            stop -= 1                                              # the next entry stay
        lines[hit:stop] = block
    else:
        stop = end
        while stop - 1 > start and not _content(lines[stop - 1]):
            stop -= 1
        lines[stop:stop] = block
    return nl.join(lines) + nl


def _refuse_shipped(d: Path) -> None:
    for shipped in SHIPPED_DIRS:
        if d == shipped.resolve():
            raise RawDataWriteError(
                f"{d / MANIFEST_NAME}: refusing to write into {d}, a data set shipped with the "
                f"project (its manifest is curated by the maintainers, docs/data-log.md; no "
                f"command writes into it). Put your own data in a directory of your own (a copy "
                f"of {d} if you need its files) and record them there with --data-dir DIR")


def record_entry(name: str, source: str, date: str, data_dir,
                 illustrative: bool | None = None) -> dict:
    """Create or update the manifest entry of ``name`` (a file of one's own data in the data
    directory) with its sha256, source and date; refuses entries of published sources and the
    data sets shipped with the project (:data:`SHIPPED_DIRS`). ``illustrative=None`` keeps the
    entry's flag (``False`` for a new entry). The entry written holds only what describes this
    version (source, date, flag, hash, ``own_data: true``); it is returned. Only the lines of
    that entry change in ``MANIFEST.yaml`` (:func:`edit_entry`); the file is replaced
    atomically. ``name`` is the name the operating system gives; the manifest records it as
    UTF-8 text (a name whose bytes are not UTF-8 is refused)."""
    d = Path(data_dir)
    _refuse_shipped(d)
    path = d / name
    if (not path.is_file() or path.name != name or name == MANIFEST_NAME
            or name.startswith(".")):
        raise WorkbenchError(f"{shown_name(str(path))}: no such data file in {d}")
    if path.is_symlink():
        raise WorkbenchError(f"{path}: a symbolic link (to {os.path.realpath(path)}); a data "
                             f"directory holds the files themselves: copy the file into {d}")
    key = text_name(name)
    if key is None:
        raise WorkbenchError(f"{d / shown_name(name)}: {bad_name_rule(name)}")
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise WorkbenchError(f"--date {date!r}: expected YYYY-MM-DD") from None
    if not source.strip():
        raise WorkbenchError("--source: say where the data come from (office, document, date)")
    mpath = d / MANIFEST_NAME
    doc = load_manifest(d) or {"illustrative": False, "files": {}}
    files = dict(doc.get("files") or {})
    old = files.get(key) or {}
    if old and is_published(old):
        raise WorkbenchError(
            f"{d / key}: {MANIFEST_NAME} cites it as a published source "
            f"({str(old.get('publisher', '')).strip()}); a published file is not re-recorded as "
            f"own data. Restore the published file, or use your own data directory and delete "
            f"this entry from its {MANIFEST_NAME} first")
    if illustrative is None:
        illustrative = bool(old.get("illustrative", False))
    entry = {"source": source.strip(), "publisher": "own data", "vintage": str(day.year),
             "recorded": day.isoformat(), "licence": "own data",
             "illustrative": bool(illustrative), "own_data": True, "sha256": sha256_file(path)}
    files[key] = entry
    want = {**doc, "files": files}
    text = mpath.read_text(encoding="utf-8") if mpath.exists() else None
    new = edit_entry(text, key, entry) if text is not None else None
    if new is None or parse_yaml(new, mpath) != want:
        # no manifest yet, or a layout the line edit does not know: the whole document,
        # after the comment lines that head the file
        lines = (text or "").splitlines()
        header = lines[:next((i for i, ln in enumerate(lines) if not ln.startswith("#")),
                             len(lines))] or ["# Own data, recorded with workbench manifest record"]
        new = "\n".join(header + [yaml.safe_dump(want, sort_keys=False, allow_unicode=True,
                                                 width=100)])
    write_text(mpath, new)
    return entry
