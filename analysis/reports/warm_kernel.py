"""Warm-kernel execution of report notebooks through papermill.

A fresh Jupyter kernel per report costs start-up plus the report's imports (pandas, matplotlib,
the ``analysis`` package) every time: more than a second of pure overhead per regency. A
:class:`WarmKernel` is started once per worker process and executes report after report:

* papermill still injects the parameters and records every output: the ``warm`` engine
  registered here (:class:`WarmEngine`) only hands papermill's notebook client an already
  running kernel instead of letting it start one;
* between two reports :meth:`WarmKernel.reset` clears the user namespace (``%reset -f``),
  closes every matplotlib figure, restores matplotlib's and pandas' settings, returns to the
  start directory and re-seeds ``random`` and ``numpy.random``: nothing one regency's report
  defines is visible to the next (``tests/test_warm_kernel.py`` proves it). Imported modules stay
  loaded — that is the point;
* a report that runs past its wall-clock ``timeout`` is stopped (cell timeout, then a watchdog
  that kills the kernel process) and the kernel restarted for the next report, so a hung
  kernel never hangs the batch;
* a kernel that fails to start (concurrent start-ups can collide on ports or hang) is killed
  and started again, up to ``start_retries`` times.
``WarmKernel(fresh=True)`` starts one new kernel per report, through the same code path.
"""
from __future__ import annotations

import logging
import os
import random
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import papermill
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines

from analysis.errors import WorkbenchError
import nbformat

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
#: Kernel options: no input history (report cells need none; ~1 ms less per cell).
KERNEL_ARGS = ["--HistoryManager.enabled=False"]
#: Installed once per kernel as module ``__warm_state__``: outside the user namespace, so
#: ``%reset`` cannot delete it. ``reset`` is what runs before every report.
HELPER_SOURCE = r"""
import gc, os, random, sys, warnings

rc = None          # matplotlib settings as they were before the first report


def reset(cwd, seed, collect):
    # Clear the user namespace as `%reset -f` does, close figures, restore settings, seed.
    global rc
    from IPython import get_ipython
    shell = get_ipython()
    full_collect = gc.collect
    gc.collect = lambda *a, **k: 0     # %reset runs a full collection (~0.1 s) every time
    try:
        shell.reset(new_session=False)
        shell.clear_main_mod_cache()
    finally:
        gc.collect = full_collect
    if collect:
        gc.collect()
    os.chdir(cwd)
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
        if rc is None:
            rc = dict(plt.rcParams)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                plt.rcParams.update(rc)
    pd = sys.modules.get("pandas")
    if pd is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pd.reset_option("all")
    random.seed(seed)
    np = sys.modules.get("numpy")
    if np is not None:
        np.random.seed(seed)
"""
INSTALL_HELPER = ("import sys as _s, types as _t\n"
                  "_m = _s.modules.setdefault('__warm_state__', _t.ModuleType('__warm_state__'))\n"
                  "exec({src!r}, _m.__dict__)\n"
                  "del _s, _t, _m\n")
RESET_CODE = "__import__('sys').modules['__warm_state__'].reset({cwd!r}, {seed}, {collect})"
#: Full garbage collection every this many reports (a warm kernel's memory stays bounded).
COLLECT_EVERY = 25


class KernelStartError(WorkbenchError):
    """The kernel did not start (after every retry)."""


class ReportTimeout(WorkbenchError):
    """A report ran past its wall-clock limit; its kernel was stopped."""


class KernelDied(WorkbenchError):
    """The kernel died while executing a report."""


class WarmKernel:
    """One Jupyter kernel kept alive across reports (or a fresh one per report).

    ``preload`` is code run once after start-up (typically the report's import lines) so the
    first report does not pay for them either.
    """

    def __init__(self, kernel_name: str = KERNEL_NAME, cwd: str | os.PathLike | None = None,
                 fresh: bool = False, start_timeout: float = 60.0, start_retries: int = 2,
                 preload: str = "", on_start=None, transport: str | None = None):
        self.kernel_name = kernel_name
        self.cwd = str(Path(cwd or os.getcwd()).resolve())
        self.fresh = fresh
        self.start_timeout = start_timeout
        self.start_retries = start_retries
        self.preload = preload
        self.on_start = on_start          # callback(pid) after every successful start
        # Unix-socket transport: no TCP ports, so concurrent start-ups cannot collide on them.
        self.transport = transport or ("ipc" if os.name == "posix" else "tcp")
        self.km: AsyncKernelManager | None = None
        self.kc = None                    # blocking client for resets (channels kept open)
        self.akc = None                   # async client handed to papermill (kept open)
        self.starts = 0                   # successful start-ups (restarts included)
        self.reports = 0                  # reports executed on the current kernel

    # -- life cycle -------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        prov = getattr(self.km, "provisioner", None)
        proc = getattr(prov, "process", None)
        return getattr(proc, "pid", None)

    def is_alive(self) -> bool:
        return self.km is not None and bool(run_sync(self.km.is_alive)())

    def start(self) -> None:
        """Start the kernel, retrying start-up failures with a growing, jittered pause."""
        last = None
        for attempt in range(self.start_retries + 1):
            try:
                self._start_once()
                self.starts += 1
                self.reports = 0
                if self.on_start:
                    self.on_start(self.pid)
                return
            except Exception as exc:  # noqa: BLE001 - any start-up failure is retried
                last = exc
                log.warning("kernel start attempt %d failed: %s", attempt + 1, exc)
                self.shutdown(now=True)
                time.sleep(0.5 * (2 ** attempt) + random.random() * 0.5)
        raise KernelStartError(f"kernel '{self.kernel_name}' did not start after "
                               f"{self.start_retries + 1} attempts: {last}")

    def _start_once(self) -> None:
        kw = {}
        if self.transport == "ipc":   # absolute socket path: kernel and client cwd differ
            kw["ip"] = os.path.join(tempfile.gettempdir(), f"wb-kernel-{uuid.uuid4().hex[:12]}")
        self.km = AsyncKernelManager(kernel_name=self.kernel_name, transport=self.transport, **kw)
        run_sync(self.km.start_kernel)(cwd=self.cwd, extra_arguments=KERNEL_ARGS,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=self.start_timeout)
        self.async_client()       # connect it now: a new client session draws from `random`
        code = INSTALL_HELPER.format(src=HELPER_SOURCE)
        if self.preload:
            code += self.preload + "\n"
        self._run(code + RESET_CODE.format(cwd=self.cwd, seed=0, collect=True),
                  timeout=self.start_timeout)

    def async_client(self):
        """The kernel client papermill's notebook client uses (one per kernel, kept open).

        Reusing it saves a connection and a readiness round-trip per report.
        """
        if self.akc is None:
            self.akc = self.km.client()
            self.akc.start_channels()
            run_sync(self.akc.wait_for_ready)(timeout=self.start_timeout)
            self.akc.allow_stdin = False
        return self.akc

    def _run(self, code: str, timeout: float) -> None:
        """Execute ``code`` silently; raise when it fails or the kernel does not answer."""
        reply = self.kc.execute_interactive(code, silent=True, store_history=False,
                                            timeout=timeout, output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            c = reply["content"]
            raise RuntimeError(f"{c.get('ename')}: {c.get('evalue')}")

    def shutdown(self, now: bool = False) -> None:
        """Stop the kernel (``now``: kill it without asking)."""
        km, self.km = self.km, None
        for client in (self.kc, self.akc):
            if client is not None:
                try:
                    client.stop_channels()
                except Exception:  # noqa: BLE001
                    pass
        self.kc = self.akc = None
        if km is None:
            return
        try:
            if run_sync(km.is_alive)():
                run_sync(km.shutdown_kernel)(now=now)
        except Exception as exc:  # noqa: BLE001 - best effort; the process is killed below
            log.debug("kernel shutdown: %s", exc)
            _kill(getattr(getattr(km.provisioner, "process", None), "pid", None))
        finally:
            try:
                run_sync(km.cleanup_resources)()
            except Exception:  # noqa: BLE001
                pass

    def restart(self) -> None:
        self.shutdown(now=True)
        self.start()

    def reset(self, seed: int = 0, timeout: float = 30.0) -> None:
        """Clear the user namespace, figures and settings; re-seed the random generators."""
        collect = self.reports > 0 and self.reports % COLLECT_EVERY == 0
        self._run(RESET_CODE.format(cwd=self.cwd, seed=int(seed), collect=collect),
                  timeout=timeout)

    def ensure_ready(self, seed: int = 0) -> None:
        """A live kernel with a clean namespace: (re)start or reset as needed."""
        if self.fresh and self.km is not None:
            self.shutdown()
        if not self.is_alive():
            self.shutdown(now=True)
            self.start()
        try:
            self.reset(seed)
        except Exception as exc:  # noqa: BLE001 - a kernel that cannot reset is replaced
            log.warning("kernel reset failed (%s); restarting", exc)
            self.restart()
            self.reset(seed)

    # -- execution ---------------------------------------------------------------------------
    def execute(self, notebook, output_path, parameters: dict, timeout: float = 600.0,
                seed: int = 0):
        """Execute ``notebook`` (path or NotebookNode) with ``parameters`` via papermill.

        Returns the executed notebook.
        Raises papermill's ``PapermillExecutionError`` when a cell raised (the partly executed
        notebook is at ``output_path``), :class:`ReportTimeout` past ``timeout`` seconds and
        :class:`KernelDied` when the kernel died; in the last two cases the kernel is
        restarted before the next report.
        """
        self.ensure_ready(seed)
        deadline = time.monotonic() + timeout
        dog = _Watchdog(self, timeout + 5.0)
        try:
            with dog:
                nb = papermill.execute_notebook(
                    notebook if hasattr(notebook, "cells") else str(notebook), str(output_path),
                    parameters=parameters, engine_name="warm",
                    kernel_name=self.kernel_name, progress_bar=False, log_output=False,
                    cwd=None, warm_kernel=self, execution_timeout=max(1, int(timeout)),
                    request_save_on_cell_execute=False, partial_path=str(output_path))
        except papermill.PapermillExecutionError:
            raise
        except Exception as exc:
            timed_out = (dog.fired or time.monotonic() >= deadline
                         or isinstance(exc, TimeoutError))
            if timed_out:
                self.shutdown(now=True)
                raise ReportTimeout(f"report did not finish within {timeout:g} s; "
                                    f"kernel stopped and restarted") from exc
            if not self.is_alive():
                self.shutdown(now=True)
                raise KernelDied(f"kernel died during execution: {type(exc).__name__}: "
                                 f"{exc}") from exc
            raise                      # e.g. an unreadable notebook: the kernel is fine
        finally:
            self.reports += 1
            if self.fresh:
                self.shutdown()
        _renumber(nb)
        return nb


class _Watchdog:
    """Kills the kernel process if a report outlives its wall-clock limit."""

    def __init__(self, kernel: WarmKernel, seconds: float):
        self.kernel, self.seconds, self.fired = kernel, seconds, False
        self._timer: threading.Timer | None = None

    def _fire(self) -> None:
        self.fired = True
        log.warning("report exceeded %.0f s: killing kernel %s", self.seconds, self.kernel.pid)
        _kill(self.kernel.pid)

    def __enter__(self):
        self._timer = threading.Timer(self.seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()
        return False


def _kill(pid: int | None) -> None:
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _renumber(nb) -> None:
    """Number code cells 1, 2, ... as a fresh kernel would (the warm kernel keeps counting)."""
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.get("execution_count") is None:
            continue
        n += 1
        cell.execution_count = n
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = n


class WarmEngine(Engine):
    """papermill engine that executes on a :class:`WarmKernel` passed as ``warm_kernel``."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True,
                         log_output=False, autosave_cell_every=30, **kwargs):
        """As papermill's, without saving the notebook at each cell's start and end (38 dumps
        per report): papermill still writes it once at the end (or failed, with its error);
        :meth:`execute_managed_notebook` writes the partial one on a timeout or dead kernel."""
        return super().execute_notebook(nb, kernel_name, output_path=None,
                                         progress_bar=progress_bar, log_output=log_output,
                                         autosave_cell_every=autosave_cell_every, **kwargs)

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, warm_kernel=None, log_output=False,
                                 start_timeout=60, execution_timeout=None, partial_path=None,
                                 **kwargs):
        if warm_kernel is None or warm_kernel.km is None:
            raise RuntimeError("the 'warm' engine needs a started WarmKernel (warm_kernel=...)")
        kwargs.pop("input_path", None)
        client = PapermillNotebookClient(
            nb_man, km=warm_kernel.km, timeout=execution_timeout, startup_timeout=start_timeout,
            kernel_name=kernel_name, log=logging.getLogger("papermill"), log_output=log_output,
            **{k: v for k, v in kwargs.items() if k in ("stdout_file", "stderr_file")})
        client.kc = warm_kernel.async_client()
        try:
            return client.execute()
        except BaseException:
            # Timeouts and dead kernels escape papermill before it writes anything: keep the
            # partly executed notebook for the failure report.
            if partial_path:
                nbformat.write(nb_man.nb, str(partial_path))
            raise


papermill_engines.register("warm", WarmEngine)


def notebook_imports(notebook) -> str:
    """The import lines of a notebook's code cells (used to preload a warm kernel)."""
    nb = notebook if hasattr(notebook, "cells") else nbformat.read(str(notebook), as_version=4)
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            s = line.strip()
            if s.startswith(("import ", "from ")) and not s.endswith(("(", "\\")):
                lines.append(s)
    return "\n".join(f"try:\n    {s}\nexcept Exception:\n    pass" for s in lines)


def quiet_papermill() -> None:
    """papermill logs every notebook at INFO and parameter-parsing hints at WARNING: mute."""
    for name in ("papermill", "papermill.translators", "traitlets"):
        logging.getLogger(name).setLevel(logging.ERROR)


def default_cwd(notebook) -> Path:
    return Path(notebook).resolve().parent
