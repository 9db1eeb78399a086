"""``data/raw/MANIFEST.yaml``: provenance and sha256 of every raw file.

Like OWID's etl snapshots: a raw file is only trusted when its hash matches the manifest, and
every output can cite the source and vintage of what it used.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from analysis.errors import DataValidationError, WorkbenchError
from analysis.io import sha256_file, write_text
from analysis.paths import raw_dir

MANIFEST_NAME = "MANIFEST.yaml"
REQUIRED_KEYS = ("source", "publisher", "vintage", "licence", "illustrative", "sha256")


def load_manifest(data_dir=None) -> dict:
    """The parsed manifest of a data directory (``{}`` when the directory has none)."""
    path = raw_dir(data_dir) / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DataValidationError(path, f"not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("files", {}), dict):
        raise DataValidationError(path, "expected a mapping with a 'files' mapping")
    return doc


def file_entry(name: str, data_dir=None) -> dict:
    """Manifest entry of one raw file (``{}`` when not listed)."""
    return (load_manifest(data_dir).get("files") or {}).get(name, {})


def is_illustrative(data_dir=None) -> bool:
    """True when the data directory as a whole is illustrative (e.g. a generated national set)."""
    return bool(load_manifest(data_dir).get("illustrative", False))


def verify_manifest(data_dir=None) -> list[str]:
    """Problems found: unlisted files, missing files, missing keys, hash mismatches."""
    d = raw_dir(data_dir)
    doc = load_manifest(d)
    files = doc.get("files") or {}
    problems = []
    present = {p.name for p in d.iterdir() if p.is_file() and p.name != MANIFEST_NAME
               and not p.name.startswith(".")}
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
        got = sha256_file(d / name)
        if want != got:
            problems.append(f"{name}: sha256 {got} does not match the manifest ({want})")
    return problems


def update_hashes(data_dir=None) -> Path:
    """Rewrite the sha256 fields in place (a maintainer's tool, used when adding a file)."""
    d = raw_dir(data_dir)
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


def is_published(entry: dict) -> bool:
    """True for a manifest entry that cites a published source (see the note above)."""
    return not (entry or {}).get("illustrative") and not (entry or {}).get("own_data")


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
    """Names of the data files in ``d`` (see :data:`DATA_SUFFIXES`) the manifest does not
    list (hidden files and the manifest itself aside)."""
    return sorted(p.name for p in d.iterdir()
                  if p.is_file() and p.suffix.lower() in DATA_SUFFIXES
                  and p.name != MANIFEST_NAME and not p.name.startswith(".")
                  and p.name not in listed)


def check_hashes(data_dir=None) -> None:
    """Refuse raw data whose bytes are not those the manifest records (before anything reads
    them), a manifest entry without a sha256, and a data file the manifest does not list
    (loaders find files by name pattern). A directory without ``MANIFEST.yaml`` has nothing to
    check. Cheap when repeated: files are hashed once per process and again only when they
    change."""
    d = raw_dir(data_dir)
    recorded = _recorded(d)
    if not recorded and not (d / MANIFEST_NAME).is_file():
        return
    for name in unlisted_data_files(d, {n for n, _ in recorded}):
        raise DataValidationError(
            d / name, f"not listed in {d / MANIFEST_NAME}, so its bytes cannot be checked; "
                      f"{ADD_HINT.format(name=name, dir=d)}")
    for name, entry in recorded:
        path = d / name
        want = entry.get("sha256")
        if not path.is_file():
            continue              # missing files: the loaders and validate say so
        if not want:
            fix = ("it is a published source: restore its entry as the maintainers recorded "
                   "it" if is_published(entry) else RECORD_HINT.format(name=name, dir=d))
            raise DataValidationError(
                path, f"its entry in {MANIFEST_NAME} has no sha256, so its bytes cannot be "
                      f"checked; {fix}")
        if cached_sha256(path) != want:
            fix = (f"it is a published source ({str(entry.get('publisher', '')).strip()}): "
                   f"restore the published file" if is_published(entry)
                   else RECORD_HINT.format(name=name, dir=d))
            raise DataValidationError(
                path, f"changed since {MANIFEST_NAME} recorded it (sha256 differs); {fix}")


def record_entry(name: str, source: str, date: str, data_dir=None,
                 illustrative: bool | None = None) -> dict:
    """Create or update the manifest entry of ``name`` (a file of one's own data in the data
    directory) with its sha256, source and date; refuses entries of published sources.
    ``illustrative=None`` keeps the entry's flag (``False`` for a new entry). The entry written
    holds only what describes this version (source, date, flag, hash); it is returned."""
    d = raw_dir(data_dir)
    path = d / name
    if not path.is_file() or path.name != name or name == MANIFEST_NAME:
        raise WorkbenchError(f"{path}: no such data file in {d}")
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise WorkbenchError(f"--date {date!r}: expected YYYY-MM-DD") from None
    if not source.strip():
        raise WorkbenchError("--source: say where the data come from (office, document, date)")
    mpath = d / MANIFEST_NAME
    doc = load_manifest(d) or {"illustrative": False, "files": {}}
    files = doc.setdefault("files", {}) or {}
    doc["files"] = files
    old = files.get(name) or {}
    if old and is_published(old):
        raise WorkbenchError(
            f"{path}: {MANIFEST_NAME} cites it as a published source "
            f"({str(old.get('publisher', '')).strip()}); a published file is not re-recorded as "
            f"own data. Restore the published file, or use your own data directory and delete "
            f"this entry from its {MANIFEST_NAME} first")
    if illustrative is None:
        illustrative = bool(old.get("illustrative", False))
    entry = {"source": source.strip(), "publisher": "own data", "vintage": str(day.year),
             "recorded": day.isoformat(), "licence": "own data",
             "illustrative": bool(illustrative), "own_data": True, "sha256": sha256_file(path)}
    files[name] = entry
    lines = mpath.read_text(encoding="utf-8").splitlines() if mpath.exists() else []
    header = lines[:next((i for i, ln in enumerate(lines) if not ln.startswith("#")), len(lines))]
    write_text(mpath, "\n".join(header + [yaml.safe_dump(doc, sort_keys=False,
                                                         allow_unicode=True, width=100)]))
    return entry
