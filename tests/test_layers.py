"""The package's layers, as ``[tool.importlinter]`` in pyproject.toml states them, hold: every
import goes from a layer to its own package or a layer below, sibling packages marked
independent do not import each other, and the figures import no reader or file module.
A broken contract fails with import-linter's report naming the chain of imports that breaks it.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from analysis.paths import PACKAGE_DIR, PROJECT_ROOT


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` (installed next to this Python) on ``cwd``/pyproject.toml."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or \
        shutil.which("lint-imports")
    assert exe, "lint-imports not installed: pip install -e '.[test]'"
    return subprocess.run([exe, "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(cwd), "PATH": str(Path(exe).parent)})


def _contract(contract_id: str) -> dict:
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as fh:
        contracts = tomllib.load(fh)["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["id"] == contract_id)


def test_the_import_contracts_hold():
    res = _lint_imports(PROJECT_ROOT)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 broken" in res.stdout, res.stdout


def test_every_module_of_the_package_has_a_layer():
    """A new package or top-level module is placed in the layers, not left unchecked."""
    named = {m.strip(" ()") for layer in _contract("layers")["layers"]
             for m in re.split(r"[|:]", layer)}
    present = {f"analysis.{p.stem}" for p in PACKAGE_DIR.glob("*.py") if p.stem != "__init__"}
    present |= {f"analysis.{p.parent.name}" for p in PACKAGE_DIR.glob("*/__init__.py")}
    assert present <= named, f"modules in no layer: {sorted(present - named)}"


def test_an_upward_import_breaks_the_layers(tmp_path):
    """The contracts catch what they are for: a copy of the package in which a figure module
    imports the report context fails, naming that import."""
    shutil.copytree(PACKAGE_DIR, tmp_path / "analysis",
                    ignore=shutil.ignore_patterns("__pycache__", "*.yaml", "*.csv", "*.geojson"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    scales = tmp_path / "analysis" / "plots" / "scales.py"
    scales.write_text(scales.read_text(encoding="utf-8")
                      + "\nfrom analysis.reports import context  # noqa\n", encoding="utf-8")
    res = _lint_imports(tmp_path)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "analysis.plots is not allowed to import analysis.reports" in res.stdout, res.stdout
    assert "analysis.plots.scales -> analysis.reports.context" in res.stdout, res.stdout
