"""pyproject.toml is the source of truth; environment.yml must mirror its dependencies."""
from __future__ import annotations

import re
import tomllib

import yaml

from analysis.paths import PROJECT_ROOT

CONDA_NAMES = {}  # PyPI name -> conda-forge name where they differ


def _split(req: str):
    m = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", req)
    name = re.sub(r"\[.*\]", "", m.group(1)).lower().replace("_", "-")
    return name, m.group(2).replace(" ", "")


def test_environment_yml_mirrors_pyproject():
    py = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_split(r) for r in py["dependencies"] + py["optional-dependencies"]["test"])
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and not dep.startswith(("python=", "pip")):
            name, spec = _split(dep)
            conda[name] = spec
    wanted = {CONDA_NAMES.get(k, k): v for k, v in wanted.items()}
    assert conda == wanted


def test_every_dependency_has_a_lower_bound():
    py = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    for req in py["dependencies"] + py["optional-dependencies"]["test"]:
        assert ">=" in req, req
