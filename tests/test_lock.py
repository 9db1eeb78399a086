"""requirements.lock pins every package the project needs, each within pyproject.toml's range,
and the Makefile installs from it."""
from __future__ import annotations

import importlib.util
import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from analysis.paths import PROJECT_ROOT

LOCK = PROJECT_ROOT / "requirements.lock"


def _script():
    path = PROJECT_ROOT / "scripts" / "lock_requirements.py"
    spec = importlib.util.spec_from_file_location("lock_requirements", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pins() -> dict[str, Version]:
    canonical = _script().canonical
    pins = {}
    for n, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.+!-]*)", line)
        assert m, f"requirements.lock line {n}: {line!r} is not name==version"
        name = canonical(m.group(1))
        assert name not in pins, f"requirements.lock line {n}: {name} pinned twice"
        pins[name] = Version(m.group(2))
    return pins


def test_every_requirement_is_pinned_within_its_range():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    canonical = _script().canonical
    pins = _pins()
    assert canonical(project["name"]) not in pins        # the project itself is not locked
    for req in map(Requirement, project["dependencies"]
                   + project["optional-dependencies"]["test"]):
        name = canonical(req.name)
        assert name in pins, f"{req.name} is not in requirements.lock: run make lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]} outside pyproject's {req}")


def test_makefile_installs_the_lock_before_the_project():
    text = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^\$\(STAMP\): (.*)\n((?:\t.*\n)+)", text, re.M)
    assert "requirements.lock" in rule.group(1).split()     # a new lock reinstalls
    recipe = rule.group(2)
    assert recipe.index("-r requirements.lock") < recipe.index("-c requirements.lock -e '.[test]'")


def fake_requires(table):
    return lambda name: table.get(name)


def test_closure_follows_markers_extras_and_cycles():
    closure = _script().closure
    table = {
        "a": ["b>=1", "c; extra == 'fast'", "d; sys_platform == 'nowhere'"],
        "b": ["a", "E_f.G"],            # a cycle, and a name to canonicalise
        "c": [], "e-f-g": [], "h": ["c"],
    }
    assert closure(["a"], fake_requires(table)) == {"a", "b", "e-f-g"}
    assert closure(["a[fast]"], fake_requires(table)) == {"a", "b", "c", "e-f-g"}
    assert closure(["a", "h; python_version < '3'"], fake_requires(table)) == {"a", "b", "e-f-g"}


def test_closure_refuses_a_package_that_is_not_installed():
    closure = _script().closure
    with pytest.raises(SystemExit, match="x is required but not installed"):
        closure(["a"], fake_requires({"a": ["x"]}))
