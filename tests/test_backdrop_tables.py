"""The maps' backdrops as one build table per language, and the drawing shared with a second
process (analysis.processed.figures)."""
from __future__ import annotations

import os
import threading

import pytest

from analysis.maps import layers as maps
from analysis.processed import figures
from analysis.processed.spec import TableSpec
from analysis.processed.tables import TABLES


def _square(n: int) -> dict:
    return {n: (n * n, os.getpid())}


def test_a_run_builds_the_maps_backdrops_of_its_own_language_only():
    names = [s.name for s in TABLES]
    assert "latar_peta_id" in names and "latar_peta_en" in names
    assert maps.backdrop_file("en") == "latar_peta_en.zip"
    for lang, other in (("id", "latar_peta_en"), ("en", "latar_peta_id")):
        wanted = figures.run_tables(TABLES, lang)
        assert wanted == [n for n in names if n != other]   # every other table, in order
    specs = [TableSpec("a", (), _square), TableSpec("latar_peta_en", (), _square)]
    assert figures.run_tables(specs, "id") == ["a"]


@pytest.mark.slow  # forks a helper process
def test_shared_work_gives_every_job_whoever_did_it():
    jobs = list(range(40))
    out = figures.shared_work(_square, jobs)
    assert {k: v[0] for k, v in out.items()} == {n: n * n for n in jobs}


def test_no_helper_process_while_another_thread_runs():
    release = threading.Event()
    t = threading.Thread(target=release.wait)
    t.start()
    try:
        assert figures._helper_pool() is None       # forking now could copy a held lock
        out = figures.shared_work(_square, [1, 2, 3])
        assert out == {n: (n * n, os.getpid()) for n in (1, 2, 3)}     # all done here
    finally:
        release.set()
        t.join()


def _slow_unless_first(n: int) -> dict:
    if n == 0:
        raise ValueError("the first drawing failed")
    import time
    time.sleep(0.2)
    return {n: n}


@pytest.mark.slow  # forks a helper process
def test_a_failed_drawing_is_raised_without_waiting_for_the_helper():
    import time
    t0 = time.monotonic()
    with pytest.raises(ValueError, match="first drawing failed"):
        figures.shared_work(_slow_unless_first, list(range(50)))
    # the helper had 49 jobs of 0.2 s queued (~10 s); they are cancelled, not waited for
    assert time.monotonic() - t0 < 5
