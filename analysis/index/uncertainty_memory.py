"""How much memory an uncertainty analysis would need, checked before anything is allocated.

A Saltelli design of ``N`` base samples and ``k`` inputs runs the model ``N·(k+2)`` times; the
ranks of every unit in every run and the Sobol terms grow with ``N`` × units, so a mistyped
``--samples`` (10^12) used to end in a 72.8 TiB allocation traceback. :func:`check_samples`
refuses such a size up front, stating the memory needed, the limit and the largest size that
fits. :func:`check_combinations` does the same for the normalised matrices the discrete inputs
multiply into (one per combination of imputation, treatment, thresholds, normalisation and
goalposts alternatives), before any is computed.
"""
from __future__ import annotations

import os

from analysis.index.sensitivity import BLOCK_BYTES
from analysis.index.uncertainty_spec import UncertaintySpecError
from analysis.index.workers import worker_count

#: Share of the machine's physical memory an analysis may plan to use.
MEMORY_SHARE = 0.5


def sample_memory(units: int, samples: int, k: int, n_boot: int = 200,
                  workers: int | None = None) -> int:
    """Bytes the largest arrays of an analysis need: the Saltelli design and choices
    (``N·(k+2)`` × ``k`` in float64, three copies), the ranks (units × ``N·(k+2)`` in float32)
    and the rank shifts, the bootstrap weights (``n_boot`` × ``N``, with the draws' integer
    counts) and the Sobol blocks in flight (one per worker: each at most
    :data:`~analysis.index.sensitivity.BLOCK_BYTES`, the outputs' terms and replicates)."""
    runs = samples * (k + 2)
    design = 8 * 3 * runs * k
    ranks = 4 * units * runs + 8 * runs
    boot = 8 * n_boot * samples + 8 * min(n_boot, 50) * samples
    per_output = 8 * (samples * (3 * k + 4) + 2 * n_boot * (2 * k + 2))
    blocks = worker_count(workers) * min(BLOCK_BYTES, per_output * units)
    results = 8 * 7 * k * units
    return design + ranks + boot + blocks + results


def memory_limit() -> int:
    """The most an analysis may plan to allocate: :data:`MEMORY_SHARE` of physical memory."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        total = 8 << 30
    return int(total * MEMORY_SHARE)


def _size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.1f} {unit}" if unit != "bytes" else f"{int(n)} bytes"
        n /= 1024
    return f"{n:.1f} PiB"


def check_samples(samples: int, units: int, k: int, n_boot: int = 200,
                  limit: int | None = None) -> None:
    """Refuse, before anything is allocated, a sample size whose arrays would not fit: the
    message states the memory needed, the limit and the largest sample size that fits."""
    limit = memory_limit() if limit is None else int(limit)
    need = sample_memory(units, samples, k, n_boot)
    if need <= limit:
        return
    fits, top = 0, samples  # the need grows with the sample size: bisect for the largest fit
    while top - fits > 1:
        mid = (fits + top) // 2
        fits, top = (mid, top) if sample_memory(units, mid, k, n_boot) <= limit else (fits, mid)
    raise UncertaintySpecError(
        f"--samples {samples}: {samples * (k + 2):,} runs over {units} units and {k} inputs would "
        f"need about {_size(need)} of memory, more than the limit of {_size(limit)} "
        f"({MEMORY_SHARE:.0%} of this machine's memory); the largest sample size that fits is "
        f"{fits:,}" + (" (the bootstrap alone is too large: lower --bootstrap)" if fits < 2
                        else ""))


#: Input types whose alternatives multiply into distinct data before aggregation.
DATA_TYPES = ("imputation", "treatment", "treatment_threshold", "normalisation", "goalposts")


def check_combinations(spec, units: int, indicators: int, limit: int | None = None) -> None:
    """Refuse a spec whose discrete inputs would need more normalised matrices (each kept with the
    data before normalisation, units × indicators in float64) than the memory limit holds."""
    limit = memory_limit() if limit is None else int(limit)
    counts = [(i.name, i.count) for i in spec.inputs if i.type in DATA_TYPES]
    combos = 1
    for _, c in counts:
        combos *= c
    need = 2 * 8 * combos * units * indicators
    if need <= limit:
        return
    what = " × ".join(f"{name} ({c})" for name, c in counts)
    raise UncertaintySpecError(
        f"the alternatives of {what} give up to {combos:,} distinct normalised matrices of {units} "
        f"units × {indicators} indicators, about {_size(need)} of memory, more than the limit of "
        f"{_size(limit)}; give these inputs fewer alternatives")
