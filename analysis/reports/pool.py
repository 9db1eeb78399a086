"""A local pool of worker processes, each executing report after report (in-process or on one
warm kernel), with hard timeouts.

Why not ``concurrent.futures``: a worker whose kernel hangs must be killable on its own, and
replaced, without losing the rest of the batch. Each worker is a process with its own pipe;
the parent hands out one task at a time, waits for results and enforces a backstop deadline
(the task's timeout plus a grace period) in case a worker itself hangs: such a worker and
its kernel are killed, the regency is marked ``timeout`` and a new worker takes over.
Inside the worker the engine's own watchdog normally handles hung kernels first.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from multiprocessing.connection import wait

from analysis.reports.task import (ReportTask, run_task, shutdown_worker_kernel,
                                   worker_kernel)

log = logging.getLogger(__name__)

#: Seconds past a task's own timeout before the parent kills its worker (export, restarts).
GRACE = 60.0


def _worker_main(conn, warm: ReportTask | None = None) -> None:
    """Worker loop: receive a task, run it, send the result; ``None`` ends the loop. ``warm``:
    start the kernel for that task's notebook (with its imports) before waiting for work."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C
    on_start = lambda pid: conn.send(("kernel", pid))  # noqa: E731
    try:
        if warm is not None:
            home = os.getcwd()
            try:
                worker_kernel(warm, on_start).ensure_ready(warm.seed)
            except Exception as exc:  # noqa: BLE001 - the first task starts it again, or fails
                log.warning("warming the kernel failed: %s", exc)
            finally:
                os.chdir(home)              # the in-process reset moves to the notebook's dir
        while True:
            task = conn.recv()
            if task is None:
                break
            result = run_task(task, on_start=on_start)
            conn.send(("result", result))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        shutdown_worker_kernel(all_threads=True)
    _exit_now()


def _exit_now() -> None:
    """End the worker without the interpreter's teardown: a spawned worker ends with
    ``sys.exit``, whose atexit handlers, collection and freeing of every loaded module
    (pandas, matplotlib, IPython) took ~0.9 s per worker at the end of every run, on the run's
    critical path. The worker's kernels are stopped just before (the one atexit handler that
    matters) and it holds no open output: the parent writes every result."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    logging.shutdown()
    os._exit(0)


class _Worker:
    def __init__(self, ctx, index: int, warm: ReportTask | None = None):
        self.index = index
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, warm), daemon=True,
                                name=f"workbench-report-{index}")
        self.proc.start()
        child.close()
        self.task: ReportTask | None = None
        self.started = 0.0
        self.kernel_pid: int | None = None

    def send(self, task: ReportTask) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def overdue(self, now: float) -> bool:
        return self.task is not None and now - self.started > self.task.timeout + GRACE

    def kill(self) -> None:
        for pid in (self.kernel_pid, self.proc.pid):
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.proc.join(30)
        if self.proc.is_alive():
            self.kill()


def _failure(task: ReportTask, status: str, error: str, duration: float) -> dict:
    return {"code": task.code, "status": status, "error": error, "record": None, "ipynb": None,
            "html": None, "pdf": None, "worker": "local", "kernel_starts": 0,
            "duration": round(duration, 3)}


def start_workers(jobs: int, warm: ReportTask | None = None) -> list[_Worker]:
    """``jobs`` worker processes, started now; with ``warm`` each starts its kernel at once (a
    report run starts them before its build stage, which needs one core: the kernels' start-up
    and imports run on the other meanwhile). Hand them to :func:`run_local`, or to
    :func:`stop_workers` if the run stops before."""
    ctx = mp.get_context("spawn")
    return [_Worker(ctx, i, warm) for i in range(max(1, int(jobs)))]


def stop_workers(workers: list[_Worker]) -> None:
    """Stop idle workers and kill busy ones (with their kernels)."""
    for w in workers:
        if w.task is not None:
            w.kill()
        else:
            w.stop()


def run_local(tasks, jobs: int, workers: list[_Worker] | None = None):
    """Yield one result dict per task (in completion order) from ``jobs`` worker processes
    (``workers``: already started by :func:`start_workers`; stopped at the end either way)."""
    queue = deque(tasks)
    if not queue:
        if workers:
            stop_workers(workers)
        return
    ctx = mp.get_context("spawn")
    if workers is None:
        workers = start_workers(min(int(jobs), len(queue)))
    try:
        for w in workers:
            if queue:
                w.send(queue.popleft())
        while any(w.task is not None for w in workers):
            ready = wait([w.conn for w in workers if w.task is not None], timeout=1.0)
            now = time.monotonic()
            for i, w in enumerate(workers):
                if w.task is None:
                    continue
                result = None
                if w.conn in ready:
                    try:
                        kind, payload = w.conn.recv()
                    except (EOFError, OSError):
                        kind, payload = "died", None
                    if kind == "kernel":
                        w.kernel_pid = payload
                        continue
                    if kind == "result":
                        result = payload
                    else:
                        result = _failure(w.task, "failed", "worker process died "
                                          f"(exit code {w.proc.exitcode})", now - w.started)
                elif w.overdue(now):
                    result = _failure(w.task, "timeout", f"no answer within "
                                      f"{w.task.timeout + GRACE:g} s: worker and kernel killed",
                                      now - w.started)
                if result is None:
                    continue
                if result.get("worker") == "local":      # the worker is gone: replace it
                    w.kill()
                    w = workers[i] = _Worker(ctx, w.index)
                w.task = None
                if queue:       # its next report first: the worker runs it while the
                    w.send(queue.popleft())      # caller writes this one's outputs
                yield result
    finally:
        stop_workers(workers)
