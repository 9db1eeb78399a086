"""Report notebooks executed by papermill inside the worker process: engine ``inprocess``.

A warm kernel (:mod:`analysis.reports.warm_kernel`) still costs, per report, a message round trip
per cell and per output between two processes (serialised, signed, decoded, validated) — about a
third of a report's CPU once the figures are cheap. :class:`InProcessRunner` runs the cells in an
IPython shell of the worker process itself, through papermill (parameters injected, every cell's
start, end, duration and status recorded, execution errors raised as papermill raises them): the
executed notebook is the same document, without a kernel process.

What the warm kernel gives, this gives too: the namespace, figures, settings and random seeds
are reset before every report (the warm kernel's own reset code); a report past its ``timeout``
is interrupted (``SIGALRM`` in the worker's main thread) and fails as ``timeout``; a cell that
raises fails the report with the partly executed notebook kept. What it cannot give: a report
that crashes the interpreter takes the worker with it (the pool starts a new one and marks the
regency failed), and code that never returns to Python cannot be interrupted (the pool's
backstop kills the worker after ``timeout`` plus its grace period). ``workbench report
--kernel warm`` keeps a separate kernel process per worker.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import traceback

import nbformat
import papermill
from nbformat import NotebookNode
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from nbformat.v4 import new_output
from papermill.engines import Engine, papermill_engines
from traitlets.config import Config

from analysis.reports.warm_kernel import HELPER_SOURCE, COLLECT_EVERY, ReportTimeout


class CellError(Exception):
    """A cell raised; papermill records it, its error output is in the cell."""


def _shell() -> InteractiveShell:
    """This process's IPython shell (created once): no input history, no GUI event loop, and
    matplotlib's inline backend active as in a Jupyter kernel (a figure left open at the end of
    a cell is shown as its output, without ``%matplotlib inline``)."""
    if not InteractiveShell.initialized():
        config = Config()
        config.HistoryManager.enabled = False
        with _own_main():
            shell = InteractiveShell.instance(config=config)
            shell.enable_gui = lambda gui=None: None
            shell.enable_matplotlib("inline")
    return InteractiveShell.instance()


@contextlib.contextmanager
def _own_main():
    """Keep the process's ``__main__`` module: IPython installs its user namespace in its place,
    and ``multiprocessing`` (spawn) needs the real one (its ``__spec__``) to start processes."""
    main = sys.modules.get("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _output(output_type: str, **fields) -> NotebookNode:
    """An nbformat output as :func:`nbformat.v4.new_output` makes it, without validating each
    output against the schema on its own (a third of the cost of collecting a report's ~40
    outputs): papermill validates the whole notebook when it writes it."""
    out = NotebookNode(output_type=output_type)
    out.update(fields)                  # nested dicts become NotebookNodes, as new_output does
    return out


def _outputs(captured, result, shell, count: int) -> list:
    """nbformat outputs of one cell (number ``count``): stdout, the displays in order, the
    value of a last expression (numbered ``count``, as its cell), stderr."""
    outs = []
    if captured.stdout:
        outs.append(_output("stream", name="stdout", text=captured.stdout))
    for o in captured.outputs:
        outs.append(_output("display_data", metadata=o.metadata or {}, data=o.data))
    if result.result is not None:
        data, metadata = shell.display_formatter.format(result.result)
        outs.append(_output("execute_result", metadata=metadata, data=data,
                            execution_count=count))
    if captured.stderr:
        outs.append(_output("stream", name="stderr", text=captured.stderr))
    return outs


def _error_output(exc: BaseException):
    return new_output("error", ename=type(exc).__name__, evalue=str(exc),
                      traceback=traceback.format_exception(exc))


def run_cell(shell: InteractiveShell, cell, count: int) -> BaseException | None:
    """Execute one code cell, filling its outputs; the exception it raised, if any."""
    with capture_output(stdout=True, stderr=True, display=True) as captured:
        result = shell.run_cell(cell.source, store_history=False)
    cell.outputs = _outputs(captured, result, shell, count)
    cell.execution_count = count
    exc = result.error_before_exec or result.error_in_exec
    if exc is not None:
        cell.outputs.append(_error_output(exc))
    return exc


class InProcessEngine(Engine):
    """papermill engine running every code cell in this process's IPython shell."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, partial_path=None,
                                 **kwargs):
        shell = _shell()
        count = 0
        try:
            for index, cell in enumerate(nb_man.nb.cells):
                try:
                    nb_man.cell_start(cell, index)
                    if cell.cell_type != "code":
                        continue
                    count += 1
                    exc = run_cell(shell, cell, count)
                    if isinstance(exc, ReportTimeout):
                        raise exc
                    if exc is not None:
                        nb_man.cell_exception(cell, cell_index=index,
                                              exception=CellError(str(exc)))
                        break
                finally:
                    nb_man.cell_complete(cell, cell_index=index)
        except ReportTimeout:
            if partial_path:               # the partly executed notebook, for the failure report
                nbformat.write(nb_man.nb, str(partial_path))
            raise


papermill_engines.register("inprocess", InProcessEngine)


class InProcessRunner:
    """Executes report notebooks in this process (same interface as
    :class:`analysis.reports.warm_kernel.WarmKernel` for :func:`analysis.reports.task.run_task`)."""

    pid = None                        # no kernel process to watch or kill
    #: The notebook papermill writes to ``output_path`` is the one :meth:`execute` returns (its
    #: cells are numbered 1, 2, ... as run), so a caller can take that file's text instead of
    #: serialising the notebook again.
    writes_returned = True

    def __init__(self, cwd, preload: str = ""):
        self.cwd, self.preload = str(cwd), preload
        self.reports = 0
        self.starts = 1
        self._helper: dict = {}

    def ensure_ready(self, seed: int = 0) -> None:
        """Clear the namespace, figures and settings; re-seed (the warm kernel's reset). The
        first call also runs ``preload`` (the notebook's imports) once."""
        shell = _shell()
        if not self._helper:
            exec(HELPER_SOURCE, self._helper)             # noqa: S102 - our own code
            if self.preload:
                shell.run_cell(self.preload, store_history=False)
        collect = self.reports > 0 and self.reports % COLLECT_EVERY == 0
        self._helper["reset"](self.cwd, int(seed), collect)

    def execute(self, notebook, output_path, parameters: dict, timeout: float = 600.0,
                seed: int = 0):
        """As :meth:`WarmKernel.execute`: the executed notebook; papermill's
        ``PapermillExecutionError`` when a cell raised (the partial notebook written to
        ``output_path``), :class:`ReportTimeout` past ``timeout`` seconds."""
        home = os.getcwd()
        self.ensure_ready(seed)
        try:
            with _own_main(), _Alarm(timeout):
                nb = papermill.execute_notebook(
                    notebook if hasattr(notebook, "cells") else str(notebook), str(output_path),
                    parameters=parameters, engine_name="inprocess", kernel_name="python3",
                    progress_bar=False, log_output=False, cwd=None,
                    request_save_on_cell_execute=False, partial_path=str(output_path))
        finally:
            self.reports += 1
            os.chdir(home)
        return nb                     # numbered 1, 2, ... as run: nothing to renumber

    def shutdown(self, now: bool = False) -> None:
        """Nothing to stop (the shell lives as long as the process)."""


class _Alarm:
    """Interrupts the report with :class:`ReportTimeout` after ``seconds`` (main thread only;
    elsewhere the pool's backstop deadline applies)."""

    def __init__(self, seconds: float):
        self.seconds = max(1.0, float(seconds))
        self.armed = threading.current_thread() is threading.main_thread()

    def _fire(self, signum, frame):
        raise ReportTimeout(f"report did not finish within {self.seconds:g} s; interrupted")

    def __enter__(self):
        if self.armed:
            self._old = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)
        return False
