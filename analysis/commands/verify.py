"""``workbench verify RUN_DIR``: re-execute a run's regencies from its manifest and list every
headline number that differs from what the run recorded.

The regencies are executed again with the run's own parameters (language, data directory,
notebook, kernel mode, seed), with the cross-regency tables rebuilt in a temporary directory;
only the JSON records are compared (no HTML). Inputs whose sha256 changed since the run are
listed first, since they explain most differences. Every output file of the run (HTML, PDF,
notebook, JSON record) is checked against the sha256 its manifest recorded, so an edited report
is found too. ``--data-dir`` re-executes on another copy of the data (e.g. on another machine)
instead of the directory the run used. Exit status 0 when everything matches, 1 when a number
differs, an output was edited or a regency failed.
"""
from __future__ import annotations

import math
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from analysis.commands.options import add_data_dir
from analysis.errors import WorkbenchError
from analysis.io import sha256_file
from analysis.messages import text as message
from analysis.reports import manifest as mf
from analysis.reports.task import ReportTask
from fnmatch import fnmatchcase
from analysis.processed.spec import Sources
from analysis.reports.runner import build_processed_tables, execute, load_json

DEFAULT_TOLERANCE = 1e-9


def register(sub) -> None:
    p = sub.add_parser("verify", help="re-execute a report run and list numbers that differ",
                       description="Re-execute the regencies of a report run directory from its "
                                   "manifest and report every headline number that differs.")
    p.add_argument("run_dir", help="a run directory, e.g. reports/latest")
    p.add_argument("--regency", nargs="+", metavar="CODE", default=None,
                   help="only these regencies (default: every regency the run completed)")
    p.add_argument("--jobs", type=int, default=None, help="parallel workers (default: cores)")
    p.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                   help="absolute tolerance for numbers (default: %(default)s)")
    p.add_argument("--ignore", nargs="+", metavar="KEY", default=(),
                   help="record keys expected to vary, shell-style patterns (e.g. 'meta.*')")
    add_data_dir(p)
    p.set_defaults(func=run)


def flatten(record, prefix: str = "") -> dict:
    """``{"a": {"b": 1}}`` → ``{"a.b": 1}`` (lists indexed: ``a.0``)."""
    out = {}
    items = record.items() if isinstance(record, dict) else enumerate(record)
    for k, v in items:
        key = f"{prefix}{k}"
        if isinstance(v, (dict, list)) and v:
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out


def _same(a, b, tol: float) -> bool:
    num = (int, float)
    if isinstance(a, num) and isinstance(b, num) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        if math.isnan(a) and math.isnan(b):
            return True
        return abs(float(a) - float(b)) <= tol
    return a == b


def compare_records(before: dict, after: dict, tol: float = DEFAULT_TOLERANCE,
                    ignore=()) -> list[tuple]:
    """``(key, before, after)`` for every value that differs (missing shows as ``<absent>``).

    Keys matching one of the shell-style ``ignore`` patterns are skipped.
    """
    fb, fa = flatten(before or {}), flatten(after or {})
    diffs = []
    for key in sorted(set(fb) | set(fa)):
        if any(fnmatchcase(key, pat) for pat in ignore):
            continue
        b, a = fb.get(key, "<absent>"), fa.get(key, "<absent>")
        if not _same(b, a, tol):
            diffs.append((key, b, a))
    return diffs


@dataclass
class VerifyResult:
    changed_inputs: list[str] = field(default_factory=list)
    differences: dict[str, list[tuple]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    edited: dict[str, list[str]] = field(default_factory=dict)
    compared: int = 0
    regencies: int = 0

    @property
    def ok(self) -> bool:
        return not self.differences and not self.failures and not self.edited

    def text(self) -> str:
        lines = [f"inputs changed since the run: {name}" for name in self.changed_inputs]
        for code, diffs in sorted(self.differences.items()):
            for key, b, a in diffs:
                lines.append(f"DIFFERS {code} {key}: {b!r} (run) -> {a!r} (now)")
        for code, err in sorted(self.failures.items()):
            lines.append(f"FAILED {code}: {err}")
        for code, files in sorted(self.edited.items()):
            lines.extend(f"EDITED {code} {f}: not the file the run wrote (sha256 differs or "
                         f"file missing)" for f in files)
        n_diff = sum(len(d) for d in self.differences.values())
        lines.append(f"verified {self.regencies} regencies: {self.compared} numbers compared, "
                     f"{n_diff} differ, {len(self.failures)} failed, "
                     f"{sum(map(len, self.edited.values()))} output files edited")
        return "\n".join(lines)


def verify_run(run_dir, regencies=None, jobs: int | None = None,
               tolerance: float = DEFAULT_TOLERANCE, scheduler: str | None = None,
               ignore=(), data_dir=None) -> VerifyResult:
    """Re-execute the completed regencies of ``run_dir`` and compare their records and the
    sha256 of their output files; ``data_dir`` replaces the data directory the run used."""
    run_dir = Path(run_dir)
    manifest = mf.read_manifest(run_dir, rerun=True)
    p = manifest["parameters"]
    done = [c for c, e in manifest["regencies"].items() if e.get("status") == mf.DONE]
    codes = [str(c) for c in regencies] if regencies else done
    missing = [c for c in codes if c not in done]
    if missing:
        raise WorkbenchError(message("verify_not_completed", run=manifest["run_id"],
                                     codes=", ".join(missing)))
    res = VerifyResult(regencies=len(codes))
    res.edited = edited_outputs(run_dir, manifest, codes)
    # resolved once: the directory given (else the run's own) with the run's own data (--add)
    src = Sources.from_dir(data_dir or Path(p["data_dir"]), p.get("adds", ()))
    with tempfile.TemporaryDirectory(prefix="wb-verify-") as tmp:
        layers = src.layers
        processed = build_processed_tables(src, Path(tmp) / "processed", lang=p["lang"])
        now = mf.file_hashes(mf.input_files(src.data_dir, Path(p["notebook"]), None)
                             + [a.path / n for a in layers.adds for n in a.files])
        before = {k: v for k, v in manifest.get("inputs_sha256", {}).items()
                  if not k.startswith("data/processed")}
        res.changed_inputs = sorted(k for k in set(before) | set(now)
                                    if before.get(k) != now.get(k))
        tasks = [ReportTask(code=c, notebook=p["notebook"], lang=p["lang"],
                            data_dir=str(src.data_dir),
                            processed_dir=str(processed), timeout=float(p["timeout"]),
                            kernel=p["kernel"], html=False, pdf=False, seed=int(p["seed"]))
                 for c in codes]
        for r in execute(tasks, int(jobs or p.get("jobs") or 1), scheduler):
            if r["status"] != mf.DONE:
                res.failures[r["code"]] = r["error"]
                continue
            old = load_json(run_dir / f"{r['code']}.json")
            res.compared += len(flatten(old))
            diffs = compare_records(old, r["record"], tolerance, ignore)
            if diffs:
                res.differences[r["code"]] = diffs
    return res


def edited_outputs(run_dir: Path, manifest: dict, codes) -> dict[str, list[str]]:
    """``{code: [file, ...]}`` for output files whose sha256 is not the one the run recorded
    (``index`` for the run's index page; runs written before hashes were recorded have none to
    check)."""
    out = {}
    index = manifest.get("index_sha256")
    if index and (not (run_dir / "index.html").is_file()
                  or sha256_file(run_dir / "index.html") != index):
        out["index"] = ["index.html"]
    for c in codes:
        want = manifest["regencies"][c].get("outputs_sha256") or {}
        bad = [f for f, h in sorted(want.items())
               if not (run_dir / f).is_file() or sha256_file(run_dir / f) != h]
        if bad:
            out[c] = bad
    return out


def run(args) -> int:
    if not Path(args.run_dir).is_dir():
        raise WorkbenchError(message("verify_no_run_dir", dir=str(args.run_dir)))
    if args.data_dir_given and not args.data_dir.is_dir():
        raise WorkbenchError(message("verify_no_data_dir", dir=str(args.data_dir_given)))
    res = verify_run(args.run_dir, args.regency, args.jobs, args.tolerance, ignore=args.ignore,
                     data_dir=args.data_dir if args.data_dir_given else None)
    print(res.text(), file=sys.stderr)
    return 0 if res.ok else 1
