"""``workbench import``: a filled regency workbook → tidy tables and a manifest, or every error.

:func:`import_workbook` reads every sheet of the workbook written by
:mod:`analysis.masterplan.workbook`, checks every cell and the rules between rows
(:mod:`analysis.masterplan.workbook_sheets`) and, only when nothing is wrong, writes into the
output directory the tables the loaders read:

=====================  =========================================
sheet                  file
=====================  =========================================
Kesiapan               ``readiness_assessment_<code>.csv``
Risiko                 ``risk_register_<code>_<year>.csv`` per year
SWOT                   ``swot_factors_<code>.csv``
Strategi               ``strategies_<code>.csv``
Target                 ``maturity_targets_<code>.csv``
Program, Realisasi     ``programmes_<code>.csv``, ``realisation_<code>.csv``
Visi-Misi              ``missions_<code>.csv``
=====================  =========================================

plus ``MANIFEST.yaml`` with one entry per file (source: the workbook's file name and sha256,
the regency, the import date, ``own_data: true``, ``illustrative: false``): own data, which
``workbench manifest record`` may record again after an edit (a published source it refuses).
A sheet left empty is absent from the result. The tables are written into a temporary
directory, re-read with the workbench's own loaders, and moved into the target only when all of
that succeeded (``io.atomic_dir``); on any error nothing is written and :class:`WorkbookError`
lists every error by sheet and cell. While an import runs, a lock file beside the target
(``.<name>.import.lock``, created atomically) keeps a second import out of the same directory.
"""
from __future__ import annotations

import contextlib
import os
import re
import socket
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import yaml

from analysis import readiness
from analysis.masterplan import progress
from analysis.masterplan import risk
from analysis.masterplan import strategies
from analysis.masterplan import swot
from analysis.data import template_tables as tpl
from analysis.data.manifest import bad_name_rule, text_name
from analysis.errors import OutputError, WorkbenchError
from analysis.messages import text as message
from analysis.io import atomic_dir, make_dir, sha256_file
from analysis.masterplan import alignment
from analysis.masterplan import workbook_sheets as ws
from analysis.masterplan.workbook_layout import INSTRUCTIONS, SHEETS
from analysis.masterplan.workbook_errors import CellError, WorkbookError, say
from analysis.masterplan.workbook_read import read_sheets
from analysis.paths import check_output

TITLES = {"readiness": "Penilaian kesiapan Smart City per butir", "risk": "Register risiko",
          "swot": "Faktor SWOT per pilar", "programmes": "Program masterplan",
          "realisation": "Realisasi program masterplan", "missions": "Visi dan misi RPJMD",
          "strategies": "Strategi TOWS per pilar", "targets": "Target tingkat kematangan per pilar"}


def read_workbook(path, lang: str = "en") -> tuple[dict, str, str]:
    """Validated tables of a workbook: ({file name: (kind, sheet, frame)}, code, name).

    Raises :class:`WorkbookError` with every error found, messages in ``lang`` (how the sheets
    are read: :mod:`analysis.masterplan.workbook_read`); errors of single cells come before
    the group rules they may have caused (a weight sum short of 1 because a pillar is unknown).
    """
    errors: list[CellError] = []
    code, name, rows = read_sheets(path, errors)
    filled = {s: r for s, r in rows.items() if r.rows}
    out = {}
    if "Kesiapan" in filled:
        out[f"readiness_assessment_{code}.csv"] = (
            "readiness", "Kesiapan", ws.readiness_table(filled["Kesiapan"], code, name, errors))
    if "Risiko" in filled:
        for year, t in ws.risk_tables(filled["Risiko"], code, errors).items():
            out[f"risk_register_{code}_{year}.csv"] = ("risk", "Risiko", t)
    factors = None
    if "SWOT" in filled:
        factors = ws.swot_table(filled["SWOT"], code, errors)
        out[f"swot_factors_{code}.csv"] = ("swot", "SWOT", factors)
    codes = None
    if "Strategi" in filled:
        unread = ws.unread_codes(filled.get("SWOT"), factors)
        stt = ws.strategies_table(filled["Strategi"], code, factors, unread, errors)
        codes = set(stt["strategy_code"].dropna())
        out[f"strategies_{code}.csv"] = ("strategies", "Strategi", stt)
    if "Target" in filled:
        out[f"maturity_targets_{code}.csv"] = ("targets", "Target",
                                               ws.targets_table(filled["Target"], code, errors))
    missions = None
    if "Visi-Misi" in filled:
        mt = ws.missions_table(filled["Visi-Misi"], code, errors)
        missions = sorted(int(m) for m in mt["misi"].dropna())
        out[f"missions_{code}.csv"] = ("missions", "Visi-Misi", mt)
    ids = None
    if "Program" in filled:
        pt = ws.programme_table(filled["Program"], code, missions, errors, codes)
        ids = set(pt["id"].dropna())
        out[f"programmes_{code}.csv"] = ("programmes", "Program", pt)
    if "Realisasi" in filled:
        out[f"realisation_{code}.csv"] = ("realisation", "Realisasi",
                                          ws.realisation_table(filled["Realisasi"], code, ids,
                                                               errors))
    if errors:
        order = [INSTRUCTIONS, *SHEETS]
        raise WorkbookError(path, sorted(errors, key=lambda e: e.sort_key(order)), lang)
    return out, code, name


def _reread(d: Path, files: dict) -> None:
    """Read every written table back with the loaders the analyses use (a safety net)."""
    for fname, (kind, _, _) in files.items():
        p = d / fname
        if kind == "readiness":
            readiness.load_assessments(path=p)
        elif kind == "risk":
            risk.read_register(p)
        elif kind == "swot":
            swot.read_factors(p)
        elif kind == "missions":
            alignment.load_missions(p)
        elif kind == "strategies":
            factors = d / fname.replace("strategies", "swot_factors", 1)
            strategies.read_strategies(p, swot.read_factors(factors) if factors.exists()
                                       else None)
        elif kind == "targets":
            strategies.read_targets(p)
        elif kind == "programmes":
            if (d / fname.replace("programmes", "realisation", 1)).exists():
                progress.read_programmes(p)
            else:
                raw, src = tpl.read_text(p, "programmes")
                tpl.validate(tpl.normalise(raw, "programmes", src), progress.programme_schema(),
                             src)


def manifest(files: dict, d: Path, source: Path, code: str, name: str, today: date) -> dict:
    """The ``MANIFEST.yaml`` document of an import directory (own data: ``own_data: true``;
    names as UTF-8 text)."""
    digest = sha256_file(source)
    workbook = text_name(source.name)
    if workbook is None:
        raise WorkbenchError(f"{source}: {bad_name_rule(source.name)}")
    entries = {}
    for fname, (kind, sheet, frame) in sorted(files.items()):
        years = sorted({int(y) for y in frame.get("year", pd.Series(dtype=object)).dropna()})
        entries[fname] = {
            "title": f"{TITLES[kind]} {name} ({code})",
            "source": f"{workbook}, lembar {sheet} (sha256 {digest})",
            "source_file": workbook, "source_sha256": digest, "sheet": sheet,
            "regency": code, "imported": today.isoformat(),
            "publisher": f"Pemerintah {name}" if name else f"Pemerintah daerah {code}",
            "vintage": (f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]))
            if years else today.isoformat(),
            "licence": "data milik pemerintah daerah; penggunaan menurut pemiliknya",
            "own_data": True, "illustrative": False, "sha256": sha256_file(d / fname)}
    return {"illustrative": False, "own_data": True, "regency": code,
            "imported": today.isoformat(), "source_file": workbook, "source_sha256": digest,
            "files": entries}


def _check_target(out: Path, source: Path) -> None:
    """``out`` is new or empty, outside any raw-data directory and not the workbook itself."""
    check_output(out, inputs=[source])
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise OutputError(message("out_not_empty", out=str(out)))


def lock_path(out: Path) -> Path:
    """The lock file of an import into ``out``: beside it, so ``out`` stays new or empty."""
    return out.parent / f".{out.name}.import.lock"


def _lock_is_stale(holder: str) -> bool:
    """True when the lock's holder (``pid N on HOST, ...``) is a process of this host that no
    longer runs (a lock of another host, or one that cannot be read, is taken as held)."""
    m = re.match(r"pid (\d+) on ([^,]+),", holder)
    if not m or m.group(2) != socket.gethostname():
        return False
    try:
        os.kill(int(m.group(1)), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False
    return False


@contextlib.contextmanager
def import_lock(out: Path, source: Path):
    """Hold the lock of an import into ``out`` (created with ``O_EXCL``: of two imports into
    one directory, exactly one gets it); removed at the end, also on error. A held lock raises
    :class:`~analysis.errors.OutputError` naming the lock file and who holds it. Folders made
    for the lock are removed again when the import writes nothing."""
    lock = lock_path(out)
    made = [d for d in (lock.parent, *lock.parent.parents) if not d.exists()]
    make_dir(lock.parent)
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        try:
            holder = lock.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            holder = ""
        if _lock_is_stale(holder):
            raise OutputError(message("lock_stale", out=str(out), lock=str(lock),
                                      holder=holder)) from None
        raise OutputError(message("lock_held", out=str(out), lock=str(lock),
                                  holder=": " + holder if holder else "")) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"pid {os.getpid()} on {socket.gethostname()}, {text_name(source.name)}, "
                     f"since {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n")
        yield lock
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)
        for d in made:                    # innermost first; kept when something is in it
            with contextlib.suppress(OSError):
                d.rmdir()


def import_workbook(path, out, today: date | None = None, lang: str = "en") -> dict:
    """Validate ``path`` and write its tables and ``MANIFEST.yaml`` into directory ``out``.

    ``lang``: the language of the workbook's error messages (``id`` or ``en``; the command
    ``workbench import`` gives Indonesian by default).

    Returns the manifest. Nothing is written when anything is wrong; two imports into one
    directory at the same time: one writes, the other is refused (:func:`import_lock`).
    """
    path, out = Path(path), Path(out)
    _check_target(out, path)
    with import_lock(out, path):
        _check_target(out, path)          # an import that held the lock before may have written
        return _import(path, out, today, lang)


def _import(path: Path, out: Path, today: date | None, lang: str) -> dict:
    files, code, name = read_workbook(path, lang)
    if not files:
        raise WorkbenchError(say("empty", lang, file=path.name))
    today = today or datetime.now(timezone.utc).date()
    with atomic_dir(out) as tmp:  # files appear in ``out`` only when all were written
        for fname, (_, _, frame) in files.items():
            frame.to_csv(tmp / fname, index=False)
        try:
            _reread(tmp, files)
        except WorkbenchError as exc:  # a rule the sheet checks missed: still nothing written
            raise WorkbookError(path, [CellError("(tables)", "-", str(exc))], lang) from None
        doc = manifest(files, tmp, path, code, name, today)
        (tmp / "MANIFEST.yaml").write_text(
            "# Written by workbench import: a regency's own data (own_data: true), not "
            "illustrative.\n"
            + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return doc
