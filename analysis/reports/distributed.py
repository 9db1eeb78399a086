"""Run the same report tasks on a Dask distributed cluster.

``scheduler="local"`` starts a ``LocalCluster`` (``jobs`` worker processes, one thread each);
``scheduler="tcp://HOST:PORT"`` connects to a running scheduler. Each Dask task executes one
regency's notebook with :func:`analysis.reports.task.run_task` on the worker's warm kernel
(one per worker thread, kept between tasks) and returns the outputs as values; the runner on
the client writes them into the run directory and the manifest exactly as for the local pool.
A task that raises or whose worker dies comes back as a ``failed`` result; it never stops
the other regencies.

Workers on other machines need the project installed and the data and processed directories
at the same paths (a shared filesystem or identical checkouts); see docs/running-reports.md.
"""
from __future__ import annotations

import logging

from distributed.diagnostics.plugin import WorkerPlugin

from analysis.reports.task import ReportTask, run_task, shutdown_worker_kernel
from analysis.errors import WorkbenchError

log = logging.getLogger(__name__)


def _run_on_worker(task_dict: dict) -> dict:
    return run_task(ReportTask(**task_dict))


class KernelShutdownPlugin(WorkerPlugin):
    """Dask worker plugin: stop the worker's warm kernels when the worker closes."""

    name = "workbench-warm-kernel"

    def teardown(self, worker):
        try:
            shutdown_worker_kernel(all_threads=True)
        except Exception:  # noqa: BLE001 - shutting down anyway
            pass


def _failed(task: ReportTask, error: str) -> dict:
    return {"code": task.code, "status": "failed", "error": error, "record": None,
            "ipynb": None, "html": None, "pdf": None, "worker": "dask", "kernel_starts": 0,
            "duration": 0.0}


def open_client(scheduler: str, jobs: int):
    """A ``distributed.Client`` (and the ``LocalCluster`` it owns, or ``None``)."""
    from distributed import Client, LocalCluster
    if scheduler == "local":
        cluster = LocalCluster(n_workers=max(1, int(jobs)), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster), cluster
    if not scheduler.startswith(("tcp://", "tls://", "ws://", "wss://", "inproc://", "ucx://")):
        raise WorkbenchError(f"--scheduler must be 'local' or an address like "
                             f"tcp://HOST:8786, not {scheduler!r}")
    return Client(scheduler, timeout="30s"), None


def run_dask(tasks: list[ReportTask], scheduler: str, jobs: int = 2):
    """Yield one result dict per task, in completion order, from a Dask cluster."""
    from distributed import as_completed
    if not tasks:
        return
    client, cluster = open_client(scheduler, jobs)
    try:
        try:
            client.register_plugin(KernelShutdownPlugin(), name=KernelShutdownPlugin.name)
        except Exception as exc:  # noqa: BLE001 - older/newer Dask APIs: not essential
            log.debug("plugin registration failed: %s", exc)
        futures = {}
        for t in tasks:
            fut = client.submit(_run_on_worker, t.to_dict(), pure=False,
                                key=f"report-{t.code}-{id(t):x}")
            futures[fut] = t
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                res = fut.result()
            except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker: this regency fails
                res = _failed(task, f"dask task failed: {type(exc).__name__}: {exc}")
            fut.release()
            yield res
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
