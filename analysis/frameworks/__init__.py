"""Index frameworks shipped as YAML files beside this module, and the loader for them.

``load_framework("kominfo-evaluasi-2022")`` loads a shipped framework by name;
``load_framework("path/to/my.yaml")`` loads a user's own file.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from analysis.errors import FrameworkError
from analysis.frameworks.model import Framework, Node, framework_from_dict, read_framework_file
from analysis.paths import FRAMEWORKS_DIR

__all__ = ["Framework", "Node", "load_framework", "list_frameworks", "framework_from_dict"]


def list_frameworks() -> list[str]:
    """Names of the frameworks shipped with the package."""
    return sorted(p.stem for p in FRAMEWORKS_DIR.glob("*.yaml"))


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float) -> Framework:
    return read_framework_file(path)


def load_framework(name_or_path: str | Path) -> Framework:
    """A shipped framework by name, or a framework file by path."""
    p = Path(name_or_path)
    if p.suffix.lower() in (".yaml", ".yml") and p.exists():
        path = p
    else:
        path = FRAMEWORKS_DIR / f"{name_or_path}.yaml"
        if not path.exists():
            raise FrameworkError(
                f"unknown framework {str(name_or_path)!r}: neither a file nor one of "
                f"{list_frameworks()}")
    return _load_cached(str(path.resolve()), path.stat().st_mtime)
