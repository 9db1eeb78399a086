"""``data/raw/MANIFEST.yaml``: provenance and sha256 of every raw file.

Like OWID's etl snapshots: a raw file is only trusted when its hash matches the manifest, and
every output can cite the source and vintage of what it used.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from analysis.errors import DataValidationError
from analysis.io import sha256_file
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
    from analysis.io import write_text
    return write_text(path, "\n".join(out) + "\n")
