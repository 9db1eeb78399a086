"""scripts/make_report_notebook.py is the report notebook's one source of truth: the committed
notebooks/regency_report.ipynb must be exactly what it generates (cells, tags, kernel)."""
from __future__ import annotations

import importlib.util

import nbformat
import pytest

from analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "make_report_notebook.py"
NOTEBOOK = NOTEBOOKS_DIR / "regency_report.ipynb"
HOW_TO_FIX = ("notebooks/regency_report.ipynb differs from what scripts/make_report_notebook.py "
              "generates: edit the script, then run `.venv/bin/python "
              "scripts/make_report_notebook.py` and commit both")


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_report_notebook", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shape(nb: nbformat.NotebookNode) -> dict:
    """What must agree: kernel, and per cell its type, id, tags and source (not outputs or
    execution counts, which an executed copy would add)."""
    return {"kernelspec": dict(nb.metadata.get("kernelspec", {})),
            "cells": [(c.cell_type, c.get("id"), list(c.metadata.get("tags", [])), c.source)
                      for c in nb.cells]}


def test_committed_notebook_is_what_the_script_generates(script):
    committed = shape(nbformat.read(NOTEBOOK, as_version=4))
    generated = shape(script.build())
    assert committed["kernelspec"] == generated["kernelspec"], HOW_TO_FIX
    names = [c[1] for c in generated["cells"]]
    for got, want in zip(committed["cells"], generated["cells"]):
        assert got == want, f"{HOW_TO_FIX} (first difference in cell {want[1]!r})"
    assert len(committed["cells"]) == len(generated["cells"]), \
        f"{HOW_TO_FIX} (cells generated: {names})"


def test_drift_is_detected(script):
    # Control for the test above: a one-character edit of one cell in the committed file shows.
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells[-1].source += " "
    assert shape(nb) != shape(script.build())


def test_script_writes_the_same_bytes_every_time_atomically(script, tmp_path):
    first = script.write(tmp_path / "a.ipynb").read_bytes()
    second = script.write(tmp_path / "a.ipynb").read_bytes()
    assert first == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ipynb"]   # no temporary left
    nb = nbformat.reads(first.decode("utf-8"), as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].metadata["tags"] == ["parameters"]
    assert all(c.get("outputs") == [] and c.get("execution_count") is None for c in nb.cells)


def test_every_section_once_in_report_order_one_cell_per_part(script):
    from analysis.reports.sections import ORDER, PARTS
    assert tuple(n for _, names in PARTS for n in names) == ORDER
    cells = [c for c in script.build().cells if c.get("id", "").startswith("part-")]
    assert [c.id for c in cells] == [f"part-{p}" for p, _ in PARTS]
    calls = [line for c in cells for line in c.source.splitlines()]
    assert calls == [f"rec.section({n}, ctx)" for n in ORDER]
    assert [t for c in cells for t in c.metadata["tags"]] == [f"section-{n}" for n in ORDER]
