"""The test tiers work as the Makefile says: `make test-unit` leaves out every heavy marker, the
unit tier cannot start kernels or processes, and each notebook is executed exactly once."""
from __future__ import annotations

import importlib.util
import multiprocessing
import re
import tomllib

import pytest
from jupyter_client.manager import KernelManager

from analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from conftest import HEAVY_TIERS


def _makefile_recipe(target: str) -> str:
    text = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    m = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.M)
    assert m, f"no target {target} in the Makefile"
    return m.group(1)


def _executed_by_tests() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("notebooks_conftest",
                                                  NOTEBOOKS_DIR / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.collect_ignore == list(module.EXECUTED_BY_TESTS)
    return module.EXECUTED_BY_TESTS


def test_unit_tier_leaves_out_every_heavy_marker_and_each_is_declared():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    expr = re.search(r"^UNIT_TIER := (.+)$", makefile, re.M).group(1)
    assert expr == " and ".join(f"not {m}" for m in HEAVY_TIERS), expr
    assert '-m "$(UNIT_TIER)" tests' in _makefile_recipe("test-unit")
    assert '-m "not ($(UNIT_TIER))" tests' in _makefile_recipe("test")
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as fh:
        declared = [m.split(":")[0] for m in
                    tomllib.load(fh)["tool"]["pytest"]["ini_options"]["markers"]]
    assert set(HEAVY_TIERS) <= set(declared)


def test_each_notebook_is_executed_exactly_once_by_make_test():
    by_tests = _executed_by_tests()
    notebooks = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert set(by_tests) <= set(notebooks)
    for name, test_file in by_tests.items():
        text = (PROJECT_ROOT / test_file).read_text(encoding="utf-8")
        assert f'"{name}"' in text and "execute_notebook" in text, (name, test_file)
        assert "pytest.mark.notebook" in text, test_file
    # The rest run under nbval, over the notebooks/ directory, once.
    assert "--nbval-lax notebooks" in _makefile_recipe("test-notebooks")
    assert "tests" not in _makefile_recipe("test-notebooks")


def test_unit_tier_cannot_start_a_process():
    proc = multiprocessing.get_context("spawn").Process(target=print)
    with pytest.raises(RuntimeError, match="unit-tier test starts a worker process"):
        proc.start()


def test_unit_tier_cannot_start_a_kernel():
    km = KernelManager(kernel_name="python3")
    try:
        with pytest.raises(RuntimeError, match="unit-tier test starts a Jupyter kernel"):
            km.start_kernel()
    finally:
        km.cleanup_resources()
    assert not km.has_kernel
