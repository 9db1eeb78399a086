"""One regency's report as a self-contained task: execute, export, return everything as data.

The same function runs in a local worker process (:mod:`analysis.reports.pool`) and on a Dask
worker (:mod:`analysis.reports.distributed`). It never writes into the run directory: it
returns the executed notebook, the HTML (and PDF) and the headline record as values, and the
runner writes them atomically. A worker on another machine therefore needs no shared
filesystem for outputs (only the data and processed directories at the same paths).

Each worker process keeps one :class:`~analysis.reports.warm_kernel.WarmKernel` (per thread) that
executes report after report.
"""
from __future__ import annotations

import atexit
import copy
import hashlib
import json
import os
import socket
import tempfile
import threading
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

from analysis.reports.record import MIME as RECORD_MIME
import nbformat
from analysis.reports.warm_kernel import WarmKernel, default_cwd, notebook_imports, quiet_papermill
import papermill
from analysis.reports import warm_kernel
from analysis.reports.export import html_string_to_pdf, notebook_to_html
from analysis.reports.inprocess import InProcessRunner


@dataclass(frozen=True)
class ReportTask:
    """Everything a worker needs to produce one regency's report."""

    code: str
    notebook: str                 # path (sets the kernel's working directory)
    lang: str = "id"
    data_dir: str = ""
    processed_dir: str = ""
    timeout: float = 600.0
    kernel: str = "warm"          # "warm", "fresh" or "inprocess" (analysis.reports.inprocess)
    html: bool = True
    pdf: bool = False
    seed: int = 0
    footer: str = ""
    #: The notebook's text as read once at the start of the run: every regency runs exactly
    #: the version the manifest hashed, even if the file is edited during the run.
    notebook_json: str = ""

    def parameters(self, record_path: str = "") -> dict:
        """Notebook parameters; codes are passed as strings (``"64.02"``, never 64.02)."""
        return {"regency_code": str(self.code), "lang": self.lang, "data_dir": self.data_dir,
                "processed_dir": self.processed_dir, "record_path": record_path}

    def to_dict(self) -> dict:
        return asdict(self)


_LOCAL = threading.local()
_ALL_KERNELS: set = set()       # every warm kernel of this process, whatever its thread


_NOTEBOOKS: dict = {}


def task_notebook(task: ReportTask):
    """The task's notebook as a NotebookNode (parsed once per process), or its path."""
    if not task.notebook_json:
        return task.notebook
    key = hashlib.sha256(task.notebook_json.encode()).hexdigest()
    if key not in _NOTEBOOKS:
        _NOTEBOOKS.clear()
        _NOTEBOOKS[key] = nbformat.reads(task.notebook_json, as_version=4)
    return copy.deepcopy(_NOTEBOOKS[key])


def worker_kernel(task: ReportTask, on_start=None):
    """This thread's warm kernel for ``task.notebook`` (started on first use)."""
    k = getattr(_LOCAL, "kernel", None)
    key = (task.notebook, task.kernel)
    if k is None or getattr(_LOCAL, "key", None) != key:
        if k is not None:
            k.shutdown()
            _ALL_KERNELS.discard(k)
        quiet_papermill()
        if task.kernel == "inprocess":
            k = InProcessRunner(cwd=default_cwd(task.notebook),
                                preload=notebook_imports(task_notebook(task)))
            _LOCAL.kernel, _LOCAL.key = k, key
            return k
        k = WarmKernel(cwd=default_cwd(task.notebook), fresh=(task.kernel == "fresh"),
                       preload=("" if task.kernel == "fresh"
                                else notebook_imports(task_notebook(task))),
                       on_start=on_start)
        _LOCAL.kernel, _LOCAL.key = k, key
        _ALL_KERNELS.add(k)
    return k


def shutdown_worker_kernel(all_threads: bool = False) -> None:
    """Stop this thread's warm kernel (``all_threads``: every warm kernel of the process)."""
    kernels = list(_ALL_KERNELS) if all_threads else [getattr(_LOCAL, "kernel", None)]
    for k in kernels:
        if k is not None:
            k.shutdown()
            _ALL_KERNELS.discard(k)
    _LOCAL.kernel = None


atexit.register(shutdown_worker_kernel, all_threads=True)


def extract_record(nb) -> dict | None:
    """The headline record the notebook displayed (``None`` if it displayed none)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if RECORD_MIME in data:
                rec = data[RECORD_MIME]
                return json.loads(rec) if isinstance(rec, str) else dict(rec)
    return None


def regency_name(record: dict | None) -> str | None:
    if not record:
        return None
    head = record.get("header") if isinstance(record.get("header"), dict) else record
    return head.get("nama") or head.get("name")


def report_title(task: ReportTask, record: dict | None) -> str:
    from analysis.i18n import COMMON, tr
    name = regency_name(record) or task.code
    return tr(COMMON, "report_title", task.lang).format(name=name, code=task.code)


def run_task(task: ReportTask, on_start=None) -> dict:
    """Execute one regency's report; never raises: failures come back as ``status`` values.

    Result keys: ``code, status`` (``ok``, ``failed``, ``timeout``), ``error``, ``duration``,
    ``record`` (dict or None), ``ipynb`` (executed notebook as JSON text, partial on failure),
    ``html``, ``pdf`` (bytes or None), ``worker``, ``kernel_starts``.
    """

    t0 = time.perf_counter()
    res = {"code": task.code, "status": "failed", "error": None, "record": None, "ipynb": None,
           "html": None, "pdf": None, "worker": f"{socket.gethostname()}:{os.getpid()}",
           "kernel_starts": 0}
    with tempfile.TemporaryDirectory(prefix="wb-report-") as tmp:
        out_nb = Path(tmp) / f"{task.code}.ipynb"
        rec_path = Path(tmp) / f"{task.code}.record.json"
        nb = None
        try:
            kernel = worker_kernel(task, on_start)
            starts = kernel.starts
            nb = kernel.execute(task_notebook(task), out_nb, task.parameters(str(rec_path)),
                                timeout=task.timeout, seed=task.seed)
            res["kernel_starts"] = kernel.starts - starts
            record = extract_record(nb)
            if record is None and rec_path.exists():
                record = json.loads(rec_path.read_text(encoding="utf-8"))
            res["record"] = record if record is not None else {}
            if task.html or task.pdf:
                html = notebook_to_html(nb, task.lang, report_title(task, record), task.footer)
                res["html"] = html if task.html else None
                if task.pdf:
                    res["pdf"] = html_string_to_pdf(html, task.code)
            res["status"] = "ok"
        except papermill.PapermillExecutionError as exc:
            res["error"] = f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
        except warm_kernel.ReportTimeout as exc:
            res["status"], res["error"] = "timeout", str(exc)
        except Exception as exc:  # noqa: BLE001 - one regency's failure must not stop others
            res["error"] = f"{type(exc).__name__}: {exc}"
            res["traceback"] = traceback.format_exc(limit=6)
        if res["status"] != "ok" and out_nb.exists():
            res["ipynb"] = out_nb.read_text(encoding="utf-8")
        elif nb is not None:
            # the file papermill wrote when it is the returned notebook (in-process), else again
            res["ipynb"] = (out_nb.read_text(encoding="utf-8")
                            if getattr(kernel, "writes_returned", False) and out_nb.is_file()
                            else nbformat.writes(nb))
    res["duration"] = round(time.perf_counter() - t0, 3)
    return res
