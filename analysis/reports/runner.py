"""The batch report runner behind ``workbench report``.

One run = one directory ``<out>/<run-id>/`` with, per regency, ``<code>.html`` (the report),
``<code>.json`` (its headline numbers), ``<code>.ipynb`` (the executed notebook) and, with
``pdf=True``, ``<code>.pdf``; failed regencies leave their partly executed notebook under
``failed/``. Plus ``manifest.json`` and ``index.html``; ``<out>/latest`` points at the run.

How a run goes:

1. take the lock on ``<out>`` (a second run on the same directory stops with a clear message);
2. build the processed tables (:func:`analysis.processed.project.build_processed`: only the
   tables whose inputs or code changed are recomputed; the kernels only read them);
3. execute the report notebook per regency through papermill on a local process pool (each
   worker executes notebooks itself, :mod:`analysis.reports.inprocess`, or keeps a warm kernel,
   :mod:`analysis.reports.warm_kernel`) or on a Dask cluster (warm kernels); while the build runs
   the local workers start up; every result is written atomically
   (temporary name, then rename) as it arrives and the manifest updated, so a run that is
   killed can be continued with ``resume=RUN_ID``;
4. build the index page from the JSON records and point ``latest`` at the run.
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis.processed.base_tables import processed_dir_for
from analysis.processed.project import build_processed
from analysis.processed.figures import run_tables
from analysis.processed.tables import TABLES
from analysis.processed.spec import Sources
from analysis.errors import WorkbenchError
from analysis.io import atomic_path, make_dir, sha256_file, write_json, write_text
from analysis.messages import text as message
from analysis.paths import NOTEBOOKS_DIR, REPORTS_DIR, check_output
from analysis.reports import manifest as mf
from analysis.reports.task import ReportTask
from analysis.data.raw_tables import load_profiles
from analysis.reports.task import regency_name
from analysis.reports.pool import run_local, start_workers, stop_workers
from analysis.progress import duration_text, time_left
from analysis.data.manifest import data_dir_is_illustrative
from analysis.reports.export import require_chromium
from analysis.reports.index_page import build_index

DEFAULT_NOTEBOOK = NOTEBOOKS_DIR / "regency_report.ipynb"
DEFAULT_TIMEOUT = 600.0
#: How a worker executes notebooks: a kernel kept across reports, a new kernel per report, or
#: in the worker process itself (analysis.reports.inprocess).
KERNELS = ("warm", "fresh", "inprocess")
FAILED_DIR = "failed"
#: How many unknown codes an error lists (thousands of them made a 53 KB message).
SHOWN_CODES = 10
#: Seconds between rewrites of the run manifest while reports finish (and once at the end,
#: however the run ends). Rewriting it after every report cost the parent O(n²): 9 ms a
#: report on average over a national run (18 ms at 514 entries), taken from the workers'
#: two cores. A run killed in between re-runs on ``--resume`` the reports of that last second
#: (their outputs are complete, written atomically; the manifest does not list them yet).
MANIFEST_EVERY = 1.0


@dataclass
class RunResult:
    run_id: str
    run_dir: Path
    manifest: dict
    failures: list[dict] = field(default_factory=list)
    wall_seconds: float = 0.0
    build_seconds: float = 0.0        # the build stage's share of wall_seconds

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary_text(self) -> str:
        """What happened, for the terminal: counts, wall time, every failure with its link."""
        s = self.manifest["summary"]
        lines = [f"run {self.run_id}: {s.get('ok', 0)} of {s['total']} reports ok, "
                 f"{len(self.failures)} failed, {self.wall_seconds:.1f} s -> {self.run_dir}"]
        for f in self.failures:
            where = (f" (partial notebook: {self.run_dir / f['notebook']})"
                     if f.get("notebook") else "")
            lines.append(f"  FAILED {f['code']} [{f['status']}]: {f['error']}{where}")
        lines.append(f"index: {self.run_dir / 'index.html'}")
        return "\n".join(lines)


def all_codes(data_dir: Path) -> list[str]:
    """Every regency code in the (resolved) data directory's profile table, as strings."""
    return [str(c) for c in load_profiles(data_dir)["kode_kemendagri"]]


def resolve_codes(codes, data_dir: Path) -> list[str]:
    """The requested codes (default: all), checked against the profile table of the resolved
    data directory, de-duplicated."""
    known = all_codes(data_dir)
    if not codes:
        return known
    wanted = list(dict.fromkeys(str(c).strip() for c in codes))
    unknown = [c for c in wanted if c not in set(known)]
    if unknown:
        raise WorkbenchError(message("report_unknown_codes", n=len(unknown),
                                     codes=shown(unknown), dir=str(data_dir), known=len(known)))
    return wanted


def shown(items: list[str], limit: int = SHOWN_CODES) -> str:
    """The first ``limit`` items, then how many more: ``'a', 'b', ... and 8690 more`` (a
    message of the catalogue, said in the command's language)."""
    head = ", ".join(repr(i) for i in items[:limit])
    return message("shown_more", head=head, more=len(items) - limit) if len(items) > limit \
        else head


def build_processed_tables(sources: Sources, out_dir: Path, progress=None,
                           lang: str | None = None) -> Path:
    """Build every processed table (only what changed since the last build) for the run from
    ``sources`` (the data with the own-data directories of ``--add`` layered over it).
    ``progress``: the build's progress lines (default on a terminal; ``False``: none).
    ``lang``: the run's language; the maps' backdrops of other languages are not built
    (:func:`analysis.processed.figures.run_tables`)."""
    only = run_tables(TABLES, lang) if lang else None
    return build_processed(sources, out_dir=out_dir, only=only, progress=progress).out_dir


class Progress:
    """tqdm bar on a terminal (with the last regency's name), one plain log line per regency
    otherwise: count, code, name, status, time and an estimate of the time left at the pace so
    far.

    ``enabled``: ``None`` chooses by whether the stream is a terminal, ``True`` forces the
    bar, ``False`` prints nothing.
    """

    def __init__(self, total: int, enabled: bool | None = None, stream=None,
                 clock=time.perf_counter):
        self.total, self.done, self.failed = total, 0, 0
        self.clock = clock
        self.t0 = clock()
        self.stream = stream or sys.stderr
        self.quiet = enabled is False
        tty = self.stream.isatty() if hasattr(self.stream, "isatty") else False
        self.bar = None
        if (enabled is None and tty) or enabled is True:
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="report", file=self.stream, dynamic_ncols=True)

    def update(self, res: dict) -> None:
        self.done += 1
        self.failed += res["status"] != mf.DONE
        name = regency_name(res.get("record")) or ""
        if self.bar is not None:
            self.bar.set_postfix_str(f"{res['code']} {name}, failed={self.failed}",
                                     refresh=False)
            self.bar.update(1)
        elif not self.quiet:
            err = f" - {res['error']}" if res.get("error") else ""
            left = time_left(self.clock() - self.t0, self.done, self.total)
            eta = f"; about {duration_text(left)} left" if left else ""
            print(f"[{self.done:>{len(str(self.total))}}/{self.total}] {res['code']}"
                  f"{' ' + name if name else ''} {res['status']} "
                  f"{res.get('duration', 0):.1f} s{eta}{err}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _readable(*paths: Path) -> None:
    """Atomic writes create files readable by the owner only; reports are for everyone."""
    mode = 0o666 & ~_UMASK
    for p in paths:
        if p.exists():
            os.chmod(p, mode)


def _current_umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


_UMASK = _current_umask()


def store_result(run_dir: Path, res: dict) -> dict:
    """Write one regency's outputs atomically; return its manifest entry.

    The JSON record is written last: its presence means the report is complete.
    """
    code = res["code"]
    entry = {k: res.get(k) for k in ("status", "duration", "error", "worker", "kernel_starts")}
    entry["finished"] = mf.utc_now()
    name = None
    if res["status"] == mf.DONE:
        write_text(run_dir / f"{code}.ipynb", res["ipynb"])
        outputs = {"ipynb": f"{code}.ipynb", "json": f"{code}.json"}
        if res.get("html") is not None:
            write_text(run_dir / f"{code}.html", res["html"])
            outputs["html"] = f"{code}.html"
        if res.get("pdf") is not None:
            with atomic_path(run_dir / f"{code}.pdf") as tmp:
                tmp.write_bytes(res["pdf"])
            outputs["pdf"] = f"{code}.pdf"
        _readable(*(run_dir / f for f in outputs.values() if f != f"{code}.json"))
        write_json(run_dir / f"{code}.json", res["record"] or {})
        _readable(run_dir / f"{code}.json")
        (run_dir / FAILED_DIR / f"{code}.ipynb").unlink(missing_ok=True)
        entry["outputs"] = outputs
        entry["outputs_sha256"] = {f: sha256_file(run_dir / f) for f in outputs.values()}
        name = regency_name(res["record"])
    else:
        for ext in ("json", "html", "pdf", "ipynb"):      # never leave a stale success behind
            (run_dir / f"{code}.{ext}").unlink(missing_ok=True)
        if res.get("ipynb"):
            write_text(run_dir / FAILED_DIR / f"{code}.ipynb", res["ipynb"])
            _readable(run_dir / FAILED_DIR / f"{code}.ipynb")
            entry["notebook"] = f"{FAILED_DIR}/{code}.ipynb"
    if name:
        entry["name"] = name
    return entry


def execute(tasks: list[ReportTask], jobs: int, scheduler: str | None, workers=None):
    """Results of ``tasks`` from the local pool (``workers``: already started) or a Dask
    cluster (completion order)."""
    if scheduler:
        from analysis.reports.distributed import run_dask
        return run_dask(tasks, scheduler, jobs)
    return run_local(tasks, jobs, workers)


def _parameters(codes, lang, data_dir, notebook, jobs, timeout, kernel, pdf, seed, scheduler,
                html=True) -> dict:
    return {"regencies": codes, "lang": lang, "data_dir": str(data_dir),
            "notebook": str(Path(notebook).resolve()), "jobs": jobs, "timeout": timeout,
            "kernel": kernel, "pdf": pdf, "html": html, "seed": seed, "scheduler": scheduler,
            "illustrative": data_dir_is_illustrative(data_dir)}


def _pending(manifest: dict, run_dir: Path) -> list[str]:
    """Codes of a run that did not finish (status not ok, or its record is missing)."""
    return [c for c, e in manifest["regencies"].items()
            if e.get("status") != mf.DONE or not (run_dir / f"{c}.json").exists()]


def run_reports(regencies=None, lang: str = "id", out=None, data_dir=None, jobs: int | None = None,
                timeout: float = DEFAULT_TIMEOUT, kernel: str | None = None, pdf: bool = False,
                resume: str | None = None, scheduler: str | None = None, notebook=None,
                seed: int = 0, progress: bool | None = None, processed_dir=None,
                adds=()) -> RunResult:
    """Run the report notebook for ``regencies`` (default: all) and build the index page.

    ``kernel``: one of :data:`KERNELS`; default ``inprocess`` on the local pool, ``warm`` on
    Dask (whose workers run tasks in threads). ``resume=RUN_ID`` re-runs only the regencies of
    that run that did not finish, with the run's own parameters. ``processed_dir`` overrides
    where the cross-regency tables go (default :func:`processed_dir_for`). ``adds``:
    regencies' own-data directories layered over the data (``--add``,
    :mod:`analysis.data.owndata`). ``data_dir``: the raw-data directory, resolved here once
    (``None``: ``$SMARTCITY_DATA_DIR``, else ``data/raw``), or the
    :class:`~analysis.processed.spec.Sources` a command resolved and checked (``adds`` is then
    its own). Raises
    :class:`~analysis.errors.WorkbenchError` for user errors (unknown code, locked output
    directory, changed inputs on resume, missing Chromium).
    """
    t0 = time.perf_counter()
    out = Path(out) if out else REPORTS_DIR
    jobs = int(jobs or os.cpu_count() or 1)
    kernel = kernel or ("warm" if scheduler else "inprocess")
    if kernel not in KERNELS:
        raise WorkbenchError(f"kernel must be one of {', '.join(KERNELS)}, not {kernel!r}")
    if kernel == "inprocess" and scheduler:
        raise WorkbenchError("--kernel inprocess runs on the local pool only; Dask workers "
                             "run tasks in threads: use --kernel warm with --scheduler")
    src = Sources.from_dir(data_dir, adds)     # the data directory, resolved once
    check_output(out, [src.data_dir, *src.adds])
    run_id = mf.resolve_run(out, resume) if resume else mf.new_run_id()
    with mf.RunLock(out, run_id):
        run_dir = out / run_id
        remove_stale_temporaries(out)
        if resume:
            manifest = mf.read_manifest(run_dir, rerun=True)
            p = manifest["parameters"]
            lang = p["lang"]
            notebook, timeout = p["notebook"], p["timeout"]
            kernel, pdf, seed = p["kernel"], p["pdf"], p["seed"]
            src = Sources.from_dir(Path(p["data_dir"]).resolve(), tuple(p.get("adds", ())))
            codes = _pending(manifest, run_dir)
        else:
            notebook = Path(notebook or DEFAULT_NOTEBOOK)
            if not Path(notebook).exists():
                raise WorkbenchError(message("report_notebook_missing", path=str(notebook)))
            codes = resolve_codes(regencies, src.data_dir)
            manifest = None
        # once per run (the build and the kernels trust the checked inputs): raw hashes, then
        # own data (manifests, hashes, conflicts)
        layers = src.check()
        if pdf:
            require_chromium()
        processed = (Path(processed_dir) if processed_dir
                     else processed_dir_for(src.data_dir, src.adds))
        nb_bytes = Path(notebook).read_bytes()         # the version every regency will run
        nb_text = nb_bytes.decode("utf-8")
        footer = f"smartcity-workbench · run {run_id}"
        tasks = [ReportTask(code=c, notebook=str(Path(notebook).resolve()), lang=lang,
                            data_dir=str(src.data_dir), processed_dir=str(processed),
                            timeout=float(timeout), kernel=kernel, pdf=pdf, seed=int(seed),
                            footer=footer, notebook_json=nb_text) for c in codes]
        # local workers start their kernels while the build runs (it uses one core)
        workers = (start_workers(min(jobs, len(tasks)), tasks[0] if kernel != "fresh" else None)
                   if tasks and not scheduler else None)
        try:
            t_build = time.perf_counter()
            processed = build_processed_tables(src, processed,
                                               False if progress is False else None, lang)
            t_build = time.perf_counter() - t_build
            manifest = _run_manifest(manifest, run_id, out, processed, layers, nb_bytes, codes,
                                     dict(lang=lang, data_dir=src.data_dir, notebook=notebook,
                                          jobs=jobs, timeout=timeout, kernel=kernel, pdf=pdf,
                                          seed=seed, scheduler=scheduler))
            make_dir(run_dir)
            mf.write_manifest(run_dir, manifest)
        except BaseException:
            if workers:
                stop_workers(workers)
            raise
        bar = Progress(len(tasks), progress)
        written = time.monotonic()
        try:
            for res in execute(tasks, jobs, scheduler, workers):
                manifest["regencies"][res["code"]] = store_result(run_dir, res)
                if time.monotonic() - written >= MANIFEST_EVERY:
                    mf.write_manifest(run_dir, manifest)
                    written = time.monotonic()
                bar.update(res)
        finally:
            mf.write_manifest(run_dir, manifest)    # every stored result, however the loop ends
            bar.close()
        manifest["finished"] = mf.utc_now()
        mf.write_manifest(run_dir, manifest)
        prev = manifest.get("previous_run")
        build_index(run_dir, out / prev if prev else None, lang)
        manifest["index_sha256"] = sha256_file(run_dir / "index.html")   # checked by verify
        mf.write_manifest(run_dir, manifest)
        _readable(run_dir / "index.html", run_dir / mf.MANIFEST)
        mf.update_latest(out, run_id)
    failures = [{"code": c, **e} for c, e in sorted(manifest["regencies"].items())
                if e.get("status") != mf.DONE]
    return RunResult(run_id, run_dir, manifest, failures, time.perf_counter() - t0, t_build)


def _run_manifest(manifest, run_id: str, out: Path, processed: Path, layers, nb_bytes: bytes,
                  codes: list[str], p: dict) -> dict:
    """The run's manifest with the hashes of its inputs: a new one, or the resumed run's own
    (which must have had the same inputs) with this resumption noted."""
    data_dir, notebook = p["data_dir"], p["notebook"]
    inputs = mf.file_hashes(mf.input_files(data_dir, Path(notebook), processed)
                            + [a.path / n for a in layers.adds for n in a.files])
    inputs[mf.display_path(Path(notebook))] = hashlib.sha256(nb_bytes).hexdigest()
    if manifest is None:
        params = _parameters(codes, p["lang"], data_dir, notebook, p["jobs"], p["timeout"],
                             p["kernel"], p["pdf"], p["seed"], p["scheduler"])
        params["processed_dir"] = str(processed)
        params["adds"] = [str(a.path) for a in layers.adds]
        return mf.new_manifest(run_id, params, codes, inputs, mf.previous_run(out, run_id))
    _check_same_inputs(manifest, inputs, run_id)
    manifest.setdefault("resumed", []).append({"at": mf.utc_now(), "regencies": codes,
                                               "jobs": p["jobs"], "scheduler": p["scheduler"]})
    return manifest


def _check_same_inputs(manifest: dict, inputs: dict, run_id: str) -> None:
    before = manifest.get("inputs_sha256", {})
    changed = sorted(k for k in set(before) | set(inputs)
                     if before.get(k) != inputs.get(k) and "processed" not in k)
    if changed:
        raise WorkbenchError(message("resume_inputs_changed", run=run_id,
                                     files=", ".join(changed[:5])))


def load_json(path) -> dict:
    """A JSON file's content (``{}`` when absent; a corrupt file is a WorkbenchError)."""
    path = Path(path)
    return mf.read_json_file(path, "JSON record") if path.exists() else {}


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Temporary files a killed run left in ``out`` and its run directories (under the lock)."""
    runs = [p for p in Path(out).iterdir() if p.is_dir() and not p.is_symlink()]
    return mf.remove_stale_temporaries(out, *runs, *(r / FAILED_DIR for r in runs))
