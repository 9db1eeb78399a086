#!/usr/bin/env python
"""Write ``requirements.lock``: the exact version of every package the project needs (its
dependencies and the ``test`` extra, and theirs, to the end), as installed in the environment
running this script.

``pyproject.toml`` keeps the loose ranges (the package as a library); the lock is what
``make venv`` installs, so a reproduction in two years gets the same pandas and statsmodels.
Packages installed in the environment that the project does not need are left out, as is the
project itself. The lock is for the interpreter and platform it was written on (the Makefile's:
CPython 3.11 on Linux); a package another platform needs in addition (``appnope`` on macOS) is
resolved by the Makefile's second step within the pins.

Usage (after changing a range in pyproject.toml or to move to newer versions)::

    .venv/bin/python -m pip install --upgrade -e '.[test]'
    make lock              # = .venv/bin/python scripts/lock_requirements.py
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = ("test",)
HEADER = """\
# Exact versions for reproduction, installed by `make venv` (pip install -r requirements.lock).
# Written by scripts/lock_requirements.py from the environment of `pip install -e '.[test]'`
# (CPython {python} on {platform}); pyproject.toml keeps the ranges. Regenerate: `make lock`.
"""


def canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(roots: list[str], requires, env: dict | None = None) -> set[str]:
    """Canonical names of ``roots`` (requirement strings) and everything they require.

    ``requires(name)`` gives a distribution's requirement strings (``None`` when it is not
    installed: an error, since the lock would miss it). Environment markers are evaluated for
    this interpreter (``env`` overrides), extras followed where a requirement asks for them.
    """
    seen: set[tuple[str, str]] = set()
    names: set[str] = set()
    todo = [(Requirement(r), "") for r in roots]
    while todo:
        req, extra = todo.pop()
        if req.marker and not req.marker.evaluate({**(env or {}), "extra": extra}):
            continue
        name = canonical(req.name)
        for want in ("", *sorted(req.extras)):
            if (name, want) in seen:
                continue
            seen.add((name, want))
            deps = requires(name)
            if deps is None:
                raise SystemExit(f"{req.name} is required but not installed: "
                                 f"pip install -e '.[test]' first")
            names.add(name)
            todo += [(Requirement(d), want) for d in deps]
    return names


def installed_requires(name: str):
    try:
        return metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        return None


def lock_lines(project: dict) -> list[str]:
    """``name==version`` of every package the project needs, by name."""
    roots = list(project["dependencies"])
    for extra in EXTRAS:
        roots += project["optional-dependencies"][extra]
    names = closure(roots, installed_requires) - {canonical(project["name"])}
    return sorted(f"{n}=={metadata.version(n)}" for n in names)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "requirements.lock")
    args = ap.parse_args(argv)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = lock_lines(project)
    head = HEADER.format(python=".".join(map(str, sys.version_info[:3])), platform=sys.platform)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, args.out)
    print(f"wrote {args.out}: {len(lines)} packages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
