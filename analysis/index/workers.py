"""The thread pool the index engine's batch work runs on, with BLAS limited to one thread each.

numpy's BLAS (OpenBLAS here) starts threads of its own for every matrix product. Inside a pool
that already keeps every core busy they only compete: a pool of 2 workers on 2 cores, each
product on 2 BLAS threads, ran 4 threads on 2 cores, and the time followed the machine's load
more than the work (a 514 × 5 by 5 × 256 product took 0.08 ms on one BLAS thread and up to 7 ms
on two, on a busy machine). :func:`worker_pool` limits BLAS to one thread per call
(threadpoolctl) while the pool runs, so the work is split once, by the pool.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from threadpoolctl import threadpool_limits


def worker_count(workers: int | None = None) -> int:
    """Threads of the pool: ``workers``, else one per core."""
    return max(1, int(workers or os.cpu_count() or 1))


@contextmanager
def worker_pool(workers: int | None = None):
    """A :class:`ThreadPoolExecutor` of :func:`worker_count` threads whose BLAS calls each run on
    one thread. The limit holds for the whole process while the pool runs and is lifted after."""
    with threadpool_limits(limits=1, user_api="blas"), \
            ThreadPoolExecutor(max_workers=worker_count(workers)) as pool:
        yield pool
